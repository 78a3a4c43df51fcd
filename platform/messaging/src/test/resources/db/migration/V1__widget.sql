-- The test application's own state, changed in the same transactions as the outbox and inbox rows.
CREATE TABLE widget (
  id       uuid     PRIMARY KEY,
  name     text     NOT NULL,
  applied  integer  NOT NULL DEFAULT 1
);
