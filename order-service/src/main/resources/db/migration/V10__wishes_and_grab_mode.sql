-- 心愿墙 (wish wall) and 抢单 (grab mode).

-- 微心愿: the category of the order a claimed wish becomes. It is not on the menu: residents post
-- wishes on the wall (POST /api/wishes) instead of ordering it (POST /api/orders answers 400).
ALTER TABLE catalog_category ADD COLUMN orderable boolean NOT NULL DEFAULT true;
INSERT INTO catalog_category (code, name, description, sla_hours, position, orderable) VALUES
    ('WISH', '微心愿', '群众在心愿墙发布的"微心愿"，由服务队认领圆梦', 168, 11, false);

-- A wish posted on the wall: OPEN until a team leader claims it (CLAIMED, with the order it became)
-- or its author or staff close it (CLOSED).
CREATE TABLE wish (
    id            uuid PRIMARY KEY,
    author_id     uuid        NOT NULL,
    title         text        NOT NULL,
    description   text,
    station_id    uuid        NOT NULL,
    contact_phone text        NOT NULL,
    status        text        NOT NULL CHECK (status IN ('OPEN', 'CLAIMED', 'CLOSED')),
    order_id      uuid REFERENCES service_order (id),
    team_id       uuid,
    claimed_by    uuid,
    claimed_at    timestamptz,
    closed_by     uuid,
    close_reason  text,
    closed_at     timestamptz,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    CHECK ((status = 'CLAIMED') = (order_id IS NOT NULL))
);

CREATE INDEX wish_station ON wish (station_id, status, created_at DESC);
CREATE INDEX wish_author ON wish (author_id, station_id, status);

-- How each station's placed orders find a team: AUTO (the dispatcher at once) or GRAB (offered to
-- every eligible team for grab_window_minutes, then the dispatcher). A station without a row is AUTO.
CREATE TABLE station_dispatch_mode (
    station_id          uuid PRIMARY KEY,
    mode                text        NOT NULL CHECK (mode IN ('AUTO', 'GRAB')),
    grab_window_minutes integer     NOT NULL CHECK (grab_window_minutes BETWEEN 1 AND 1440),
    updated_by          uuid        NOT NULL,
    updated_at          timestamptz NOT NULL
);
