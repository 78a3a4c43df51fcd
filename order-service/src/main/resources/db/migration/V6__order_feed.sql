-- The change feed behind GET /api/events/stream: one row per event a live client may be sent, written
-- in the transaction that changes the order. The id is the SSE event id; rows are taken in id order
-- under one advisory lock, so ids become visible in the order they were handed out and a client that
-- resumes after id n misses nothing. Kept for civic.live.retention, then swept.
CREATE TABLE order_feed (
    id                bigserial PRIMARY KEY,
    kind              text        NOT NULL CHECK (kind IN ('ORDER', 'DISPATCH')),
    order_id          uuid        NOT NULL,
    status            text        NOT NULL,
    team_id           uuid,
    resident_id       uuid        NOT NULL,
    station_id        uuid        NOT NULL,
    -- teams that rejected the order or let it time out: they keep read access to it
    excluded_team_ids uuid[]      NOT NULL DEFAULT '{}',
    updated_at        timestamptz NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX order_feed_created ON order_feed (created_at);
