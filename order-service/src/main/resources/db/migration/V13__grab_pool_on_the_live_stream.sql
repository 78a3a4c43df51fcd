-- 抢单: the leaders of the teams that could take an order of a station in GRAB mode hear of its pool
-- changing (offered, grabbed, dispatched after the window, cancelled) on the live stream, event: pool.
ALTER TABLE order_feed DROP CONSTRAINT order_feed_kind_check;
ALTER TABLE order_feed ADD CONSTRAINT order_feed_kind_check CHECK (kind IN ('ORDER', 'DISPATCH', 'URGE', 'POOL'));
