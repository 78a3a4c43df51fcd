-- Double-entry points ledger (以行积分，以分换物).
-- An account holds a balance; a transaction is a set of postings that sum to zero; transactions
-- and postings are written once and never changed. Corrections are new REVERSAL transactions.

CREATE TABLE account (
  -- a volunteer's account id is the volunteer's user id; system accounts have fixed ids
  id         uuid PRIMARY KEY,
  kind       varchar(16) NOT NULL CHECK (kind IN ('VOLUNTEER', 'ISSUANCE', 'STORE')),
  balance    bigint      NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- the database, not only the code, keeps every volunteer at or above zero under any interleaving
  CONSTRAINT volunteer_balance_not_negative CHECK (kind <> 'VOLUNTEER' OR balance >= 0)
);

-- ISSUANCE is where awarded points come from (its balance is minus everything issued);
-- STORE is where redeemed points go.
INSERT INTO account (id, kind) VALUES
  ('00000000-0000-0000-0000-000000000001', 'ISSUANCE'),
  ('00000000-0000-0000-0000-000000000002', 'STORE');

CREATE TABLE ledger_transaction (
  id              uuid PRIMARY KEY,
  idempotency_key varchar(200) NOT NULL UNIQUE,
  kind            varchar(16)  NOT NULL CHECK (kind IN ('AWARD', 'REDEEM', 'REFUND', 'ADJUST', 'REVERSAL')),
  order_id        uuid,
  redemption_id   uuid,
  reverses_id     uuid UNIQUE REFERENCES ledger_transaction (id),
  memo            text         NOT NULL,
  actor_id        uuid,
  created_at      timestamptz  NOT NULL DEFAULT clock_timestamp(),
  -- every transaction names its cause
  CONSTRAINT award_names_order CHECK (kind <> 'AWARD' OR order_id IS NOT NULL),
  CONSTRAINT redemption_named CHECK (kind NOT IN ('REDEEM', 'REFUND') OR redemption_id IS NOT NULL),
  CONSTRAINT adjustment_names_admin CHECK (kind NOT IN ('ADJUST', 'REVERSAL') OR actor_id IS NOT NULL),
  CONSTRAINT reversal_names_original CHECK ((kind = 'REVERSAL') = (reverses_id IS NOT NULL))
);

CREATE INDEX ledger_transaction_order_idx ON ledger_transaction (order_id) WHERE order_id IS NOT NULL;

CREATE TABLE posting (
  -- the sequence gives every posting a total order: an account's statement is newest first by id
  id             bigserial PRIMARY KEY,
  transaction_id uuid        NOT NULL REFERENCES ledger_transaction (id),
  account_id     uuid        NOT NULL REFERENCES account (id),
  amount         bigint      NOT NULL CHECK (amount <> 0),
  balance_after  bigint      NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (transaction_id, account_id)
);

CREATE INDEX posting_account_idx ON posting (account_id, id DESC);
CREATE INDEX posting_created_idx ON posting (created_at);

-- Append-only: UPDATE, DELETE and TRUNCATE of ledger rows fail, whoever tries.
CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger table % is append-only: % rejected', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TRIGGER ledger_transaction_append_only BEFORE UPDATE OR DELETE ON ledger_transaction
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_transaction_no_truncate BEFORE TRUNCATE ON ledger_transaction
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER posting_append_only BEFORE UPDATE OR DELETE ON posting
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER posting_no_truncate BEFORE TRUNCATE ON posting
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();

-- At commit, every transaction written has at least two postings and they sum to zero.
CREATE FUNCTION ledger_transaction_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tx_id uuid;
  total numeric;
  legs  int;
BEGIN
  IF TG_TABLE_NAME = 'posting' THEN
    tx_id := NEW.transaction_id;
  ELSE
    tx_id := NEW.id;
  END IF;
  SELECT coalesce(sum(amount), 0), count(*) INTO total, legs FROM posting WHERE transaction_id = tx_id;
  IF legs < 2 OR total <> 0 THEN
    RAISE EXCEPTION 'ledger transaction % is unbalanced: % postings summing to %', tx_id, legs, total
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER ledger_transaction_balanced AFTER INSERT ON ledger_transaction
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_transaction_balanced();
CREATE CONSTRAINT TRIGGER posting_balanced AFTER INSERT ON posting
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_transaction_balanced();
