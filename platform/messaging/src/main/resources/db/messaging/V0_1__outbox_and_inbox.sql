-- Transactional outbox: rows are written in the same transaction as the state change they announce
-- and published to Kafka by OutboxRelay, which marks them sent only after the broker acknowledged.
CREATE TABLE outbox (
  id              bigserial    PRIMARY KEY,
  event_id        uuid         NOT NULL UNIQUE,
  topic           text         NOT NULL,
  message_key     text         NOT NULL,
  type            text         NOT NULL,
  payload         text         NOT NULL,
  headers         jsonb        NOT NULL DEFAULT '{}'::jsonb,
  created_at      timestamptz  NOT NULL DEFAULT now(),
  attempts        integer      NOT NULL DEFAULT 0,
  next_attempt_at timestamptz  NOT NULL DEFAULT now(),
  last_error      text,
  sent_at         timestamptz
);

-- The relay only ever looks at unsent rows: keep that index small.
CREATE INDEX outbox_unsent_idx ON outbox (id) WHERE sent_at IS NULL;

-- Per-aggregate ordering check ("is an earlier row of this key still waiting?").
CREATE INDEX outbox_unsent_key_idx ON outbox (message_key, id) WHERE sent_at IS NULL;

-- Idempotent inbox: one row per (consumer group, event) applied, written in the same transaction as the effect.
CREATE TABLE inbox (
  consumer      text         NOT NULL,
  event_id      text         NOT NULL,
  type          text         NOT NULL,
  processed_at  timestamptz  NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
