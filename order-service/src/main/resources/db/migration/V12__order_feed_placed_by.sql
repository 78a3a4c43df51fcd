-- 帮办: the helper who placed an order for a neighbour follows it on the live stream too, also when
-- the neighbour's own account is the order's resident.
ALTER TABLE order_feed ADD COLUMN placed_by uuid;
