-- Proof of service: the codes a resident shows for 签到 / 签退, and the photos of an order.

-- A short code the resident shows as a QR code; valid for one order, for a few minutes.
CREATE TABLE check_in_code (
    order_id   uuid        NOT NULL REFERENCES service_order (id),
    code       text        NOT NULL,
    issued_by  uuid        NOT NULL,
    issued_at  timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (order_id, code)
);

CREATE INDEX check_in_code_expiry ON check_in_code (expires_at);

-- Each volunteer redeems a code once: the same code sent again (a replay) is refused.
CREATE TABLE check_in_code_use (
    order_id     uuid        NOT NULL,
    code         text        NOT NULL,
    volunteer_id uuid        NOT NULL,
    type         text        NOT NULL,
    at           timestamptz NOT NULL,
    PRIMARY KEY (order_id, code, volunteer_id),
    FOREIGN KEY (order_id, code) REFERENCES check_in_code (order_id, code) ON DELETE CASCADE
);

-- A photo of an order; the image and its thumbnail are in the photo storage under the photo's id.
CREATE TABLE order_photo (
    id             uuid PRIMARY KEY,
    order_id       uuid        NOT NULL REFERENCES service_order (id),
    added_by       uuid        NOT NULL,
    content_type   text        NOT NULL,
    size           integer     NOT NULL,
    thumbnail_size integer     NOT NULL,
    created_at     timestamptz NOT NULL
);

CREATE INDEX order_photo_order ON order_photo (order_id, created_at);

-- An upload in flight, written before its objects are stored and deleted in the transaction that
-- adds the photo. A row left behind (the store or the transaction failed, the instance died) names
-- objects nobody reads; the sweep deletes them, then the row.
CREATE TABLE photo_upload (
    photo_id   uuid PRIMARY KEY,
    order_id   uuid        NOT NULL,
    started_at timestamptz NOT NULL
);

CREATE INDEX photo_upload_started ON photo_upload (started_at);
