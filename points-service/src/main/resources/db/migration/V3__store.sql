-- 积分超市: items per station, and redemptions that debit points and reserve stock at once.

CREATE TABLE store_item (
  id          uuid PRIMARY KEY,
  station_id  uuid         NOT NULL,
  name        varchar(100) NOT NULL,
  description text         NOT NULL DEFAULT '',
  points_cost bigint       NOT NULL CHECK (points_cost > 0),
  stock       int          NOT NULL CHECK (stock >= 0),
  active      boolean      NOT NULL DEFAULT true,
  created_by  uuid         NOT NULL,
  created_at  timestamptz  NOT NULL DEFAULT now(),
  updated_at  timestamptz  NOT NULL DEFAULT now()
);

CREATE INDEX store_item_station_idx ON store_item (station_id);

CREATE TABLE redemption (
  id               uuid PRIMARY KEY,
  user_id          uuid        NOT NULL,
  item_id          uuid        NOT NULL REFERENCES store_item (id),
  station_id       uuid        NOT NULL,
  quantity         int         NOT NULL CHECK (quantity > 0),
  points_spent     bigint      NOT NULL CHECK (points_spent > 0),
  status           varchar(16) NOT NULL CHECK (status IN ('RESERVED', 'FULFILLED', 'CANCELLED')),
  -- shown to the volunteer who redeemed, who shows it to staff at pickup (核销)
  pickup_code      varchar(16) NOT NULL,
  failed_attempts  int         NOT NULL DEFAULT 0,
  expires_at       timestamptz NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  fulfilled_at     timestamptz,
  fulfilled_by     uuid,
  cancelled_at     timestamptz,
  cancelled_by     uuid,
  expired          boolean     NOT NULL DEFAULT false,
  idempotency_key  varchar(100),
  request_hash     varchar(64),
  CONSTRAINT redemption_idempotency UNIQUE (user_id, idempotency_key)
);

CREATE INDEX redemption_user_idx ON redemption (user_id, created_at DESC);
CREATE INDEX redemption_reserved_expiry_idx ON redemption (expires_at) WHERE status = 'RESERVED';
