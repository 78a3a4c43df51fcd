-- The team an order's history entry concerns (dispatched to, rejected by, accepted by ...).
ALTER TABLE order_history ADD COLUMN team_id uuid;
