-- The Idempotency-Key store is platform/messaging's IdempotencyKeys, shared with points-service: the
-- resource a key created is a resource_id there.
ALTER TABLE idempotency_key RENAME COLUMN order_id TO resource_id;
