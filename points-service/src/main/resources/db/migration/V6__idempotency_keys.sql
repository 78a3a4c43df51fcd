-- Idempotency-Keys of redemptions move out of the redemption row into the store every service keeps
-- (platform/messaging's IdempotencyKeys, as order-service's): per user, the hash of the first request
-- and what it created, forgotten after civic.idempotency.retention (1 day). A repeat is answered
-- with the redemption as it is now, as before, so no body is stored.
CREATE TABLE idempotency_key (
  user_id         uuid        NOT NULL,
  key             text        NOT NULL,
  request_hash    text        NOT NULL,
  resource_id     uuid,
  response_status integer,
  response_body   text,
  created_at      timestamptz NOT NULL,
  PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_key_created ON idempotency_key (created_at);

-- The keys redemptions were made with so far, aged from their redemption: those younger than the
-- retention still answer a retry; the sweep forgets the rest.
INSERT INTO idempotency_key (user_id, key, request_hash, resource_id, response_status, created_at)
SELECT user_id, idempotency_key, request_hash, id, 201, created_at
FROM redemption
WHERE idempotency_key IS NOT NULL AND request_hash IS NOT NULL;

-- redemption.idempotency_key and request_hash are no longer written; they stay for now so that an
-- instance of the previous version still redeeming during a rolling update keeps working.
COMMENT ON COLUMN redemption.idempotency_key IS 'no longer written (V6: idempotency_key table); drop in a later migration';
COMMENT ON COLUMN redemption.request_hash IS 'no longer written (V6: idempotency_key table); drop in a later migration';
