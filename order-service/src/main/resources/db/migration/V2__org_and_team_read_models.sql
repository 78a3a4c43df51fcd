-- Read models built from volunteer.events.v1, so dispatch and authorisation never call volunteer-service.

-- The org tree (实践中心 / 所 / 站). ancestor_ids lists the units above, the centre first.
CREATE TABLE org_unit (
    id           uuid PRIMARY KEY,
    name         text   NOT NULL,
    level        text   NOT NULL,
    parent_id    uuid,
    ancestor_ids uuid[] NOT NULL DEFAULT '{}'
);

-- Teams as of their latest snapshot (highest version wins). open_orders and last_dispatched_at are
-- order-service's own bookkeeping for dispatch: the number of this team's orders that are
-- DISPATCHED, ACCEPTED or IN_SERVICE, kept in the same transactions that move orders in and out
-- of those statuses, so that a conditional UPDATE can claim a slot without ever going over capacity.
CREATE TABLE team (
    id                 uuid PRIMARY KEY,
    name               text    NOT NULL,
    level              text,
    parent_team_id     uuid,
    org_unit_id        uuid    NOT NULL,
    categories         text[]  NOT NULL DEFAULT '{}',
    capacity           integer NOT NULL,
    leader_id          uuid,
    member_ids         uuid[]  NOT NULL DEFAULT '{}',
    active             boolean NOT NULL,
    version            bigint  NOT NULL,
    open_orders        integer NOT NULL DEFAULT 0 CHECK (open_orders >= 0),
    last_dispatched_at timestamptz
);

CREATE INDEX team_org_unit ON team (org_unit_id);
CREATE INDEX team_leader ON team (leader_id);
CREATE INDEX team_members ON team USING gin (member_ids);
