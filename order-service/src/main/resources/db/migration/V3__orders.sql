-- 点单 → 派单 → 接单 → 评单: one row per service order, its history, and the Idempotency-Keys used to place orders.
CREATE TABLE service_order (
    id                uuid PRIMARY KEY,
    resident_id       uuid        NOT NULL,
    category          text        NOT NULL REFERENCES catalog_category (code),
    title             text        NOT NULL,
    description       text,
    station_id        uuid        NOT NULL,
    address           text,
    contact_phone     text        NOT NULL,
    preferred_time    timestamptz,
    status            text        NOT NULL,
    team_id           uuid,
    accept_deadline   timestamptz,
    due_at            timestamptz,
    overdue           boolean     NOT NULL DEFAULT false,
    volunteer_ids     uuid[]      NOT NULL DEFAULT '{}',
    excluded_team_ids uuid[]      NOT NULL DEFAULT '{}',
    summary           text,
    reported_hours    jsonb       NOT NULL DEFAULT '{}',
    approved_hours    jsonb       NOT NULL DEFAULT '{}',
    resident_rating   smallint,
    resident_comment  text,
    resident_rated_by uuid,
    resident_rated_at timestamptz,
    staff_rating      smallint,
    staff_comment     text,
    staff_rated_by    uuid,
    staff_rated_at    timestamptz,
    final_rating      numeric(3, 2),
    completed_at      timestamptz,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);

CREATE INDEX service_order_resident ON service_order (resident_id, created_at DESC);
CREATE INDEX service_order_team ON service_order (team_id, status);
CREATE INDEX service_order_station ON service_order (station_id, created_at DESC);
CREATE INDEX service_order_status ON service_order (status, created_at);
CREATE INDEX service_order_accept_deadline ON service_order (accept_deadline) WHERE status = 'DISPATCHED';
CREATE INDEX service_order_due ON service_order (due_at) WHERE status IN ('ACCEPTED', 'IN_SERVICE') AND NOT overdue;

CREATE TABLE order_history (
    order_id uuid        NOT NULL REFERENCES service_order (id),
    seq      integer     NOT NULL,
    status   text        NOT NULL,
    action   text        NOT NULL,
    at       timestamptz NOT NULL,
    actor_id uuid,
    note     text,
    PRIMARY KEY (order_id, seq)
);

-- Idempotency-Key per user: the hash of the first request and the answer it got.
CREATE TABLE idempotency_key (
    user_id         uuid        NOT NULL,
    key             text        NOT NULL,
    request_hash    text        NOT NULL,
    order_id        uuid,
    response_status integer,
    response_body   text,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (user_id, key)
);
