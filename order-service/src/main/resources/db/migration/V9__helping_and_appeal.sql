-- 帮办 (ordering for someone else) and 申诉 (appeal).

-- Who placed an order for someone else, and for whom: a neighbour named by name and phone. resident_id
-- is the neighbour's account when the phone belongs to one (beneficiary_user_id), otherwise the helper.
ALTER TABLE service_order
    ADD COLUMN placed_by            uuid,
    ADD COLUMN beneficiary_name     text,
    ADD COLUMN beneficiary_phone    text,
    ADD COLUMN beneficiary_user_id  uuid,
    ADD COLUMN appeal_status        text CHECK (appeal_status IN ('OPEN', 'UPHELD', 'DISMISSED')),
    ADD COLUMN appeal_reason        text,
    ADD COLUMN appealed_by          uuid,
    ADD COLUMN appealed_at          timestamptz,
    ADD COLUMN appeal_decision_note text,
    ADD COLUMN appeal_decided_by    uuid,
    ADD COLUMN appeal_decided_at    timestamptz;

-- The helper's list (mine=true and visibility) and linking orders to an account registered later.
CREATE INDEX service_order_placed_by ON service_order (placed_by, created_at DESC) WHERE placed_by IS NOT NULL;
CREATE INDEX service_order_unlinked_beneficiary ON service_order (beneficiary_phone)
    WHERE placed_by IS NOT NULL AND beneficiary_user_id IS NULL;

-- Read models from volunteer.events.v1: accounts by phone (UserRegistered), volunteers' stations
-- (VolunteerRegistered). Placement never asks volunteer-service synchronously.
CREATE TABLE account_phone (
    phone   text PRIMARY KEY,
    user_id uuid NOT NULL UNIQUE
);

CREATE TABLE volunteer_station (
    user_id    uuid PRIMARY KEY,
    station_id uuid NOT NULL
);
