-- 督办 and 分析研判 (supervision and analytics).

-- When the team accepted: the start of the SLA, and of "minutes to accept" in the statistics. Orders
-- accepted before this column existed take it from their history.
ALTER TABLE service_order ADD COLUMN accepted_at timestamptz;
UPDATE service_order o SET accepted_at = h.at
FROM (SELECT order_id, min(at) AS at FROM order_history WHERE action = 'ACCEPTED' GROUP BY order_id) h
WHERE h.order_id = o.id;

-- The hours that went (or go) to the volunteers' service records: reported hours as corrected by staff,
-- summed once when the row is written, so that statistics over hundreds of thousands of orders read a
-- number instead of taking every order's JSON apart.
CREATE FUNCTION order_hours_total(reported jsonb, approved jsonb) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN (SELECT coalesce(sum(h.value::numeric), 0) FROM jsonb_each_text(reported || approved) h);
ALTER TABLE service_order ADD COLUMN hours_total numeric
    GENERATED ALWAYS AS (order_hours_total(reported_hours, approved_hours)) STORED;

-- The overdue list (GET /api/orders?overdue=true): open orders by due time, flagged or not yet.
CREATE INDEX service_order_open_due ON service_order (due_at) WHERE status IN ('ACCEPTED', 'IN_SERVICE');

-- Statistics and export over the orders placed in a period, across many stations (a whole centre):
-- service_order_station (station_id, created_at) serves one station, this one a period of all. It
-- carries every column the statistics read, so that they scan this narrow index alone (an index-only
-- scan) instead of the orders with their titles, descriptions and addresses.
CREATE INDEX service_order_created ON service_order (created_at)
    INCLUDE (station_id, status, category, accepted_at, completed_at, due_at, overdue, final_rating, hours_total);

-- Urging reaches the team on the live stream as an event of its own, with the note.
ALTER TABLE order_feed DROP CONSTRAINT order_feed_kind_check;
ALTER TABLE order_feed ADD CONSTRAINT order_feed_kind_check CHECK (kind IN ('ORDER', 'DISPATCH', 'URGE'));
ALTER TABLE order_feed ADD COLUMN note text;
