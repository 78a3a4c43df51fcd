-- 以行积分 rules: points = floor(hours × base rate × category multiplier × rating bonus).
-- Rules are versioned: an order is awarded by the version in force when it was evaluated, so a
-- change applies to orders evaluated afterwards, however late their event arrives.

CREATE TABLE point_rule_version (
  id             bigserial PRIMARY KEY,
  base_rate      numeric(10, 2) NOT NULL CHECK (base_rate >= 0),
  effective_from timestamptz    NOT NULL,
  created_by     uuid,
  created_at     timestamptz    NOT NULL DEFAULT now()
);

CREATE INDEX point_rule_version_effective_idx ON point_rule_version (effective_from DESC, id DESC);

CREATE TABLE point_rule_multiplier (
  version_id bigint        NOT NULL REFERENCES point_rule_version (id),
  category   varchar(40)   NOT NULL,
  multiplier numeric(6, 2) NOT NULL CHECK (multiplier >= 0),
  PRIMARY KEY (version_id, category)
);

-- the default rule (DESIGN.md): 10 points per approved hour, every multiplier 1.0
INSERT INTO point_rule_version (base_rate, effective_from) VALUES (10, '2000-01-01T00:00:00Z');
