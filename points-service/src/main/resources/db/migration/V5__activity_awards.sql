-- 活动报名: an award names the order or the completed activity it is for.
ALTER TABLE ledger_transaction ADD COLUMN activity_id uuid;
ALTER TABLE ledger_transaction DROP CONSTRAINT award_names_order;
ALTER TABLE ledger_transaction ADD CONSTRAINT award_names_cause
  CHECK (kind <> 'AWARD' OR order_id IS NOT NULL OR activity_id IS NOT NULL);
CREATE INDEX ledger_transaction_activity_idx ON ledger_transaction (activity_id) WHERE activity_id IS NOT NULL;
