-- The table a service that keeps Idempotency-Keys creates (order-service V3, points-service V6).
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
