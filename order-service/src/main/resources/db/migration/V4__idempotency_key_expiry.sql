-- Idempotency-Keys are only needed while a client may still retry; old ones are deleted by a sweep.
CREATE INDEX idempotency_key_created ON idempotency_key (created_at);
