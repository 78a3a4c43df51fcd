-- 以行积分 rules: points = floor(hours × base rate × category multiplier × rating bonus).
-- One current rule set; every award's memo records the figures it was computed with.

CREATE TABLE point_rule (
  id         smallint PRIMARY KEY CHECK (id = 1),
  base_rate  numeric(10, 2) NOT NULL CHECK (base_rate >= 0),
  updated_at timestamptz    NOT NULL DEFAULT now(),
  updated_by uuid
);

INSERT INTO point_rule (id, base_rate) VALUES (1, 10);

CREATE TABLE category_multiplier (
  category   varchar(40)   PRIMARY KEY,
  multiplier numeric(6, 2) NOT NULL CHECK (multiplier >= 0)
);
