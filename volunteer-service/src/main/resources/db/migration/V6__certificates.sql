-- 志愿服务证明: every certificate downloaded, under the verification code printed on it (and in its
-- QR code), so that anyone can check it at GET /api/certificates/{code}: whose it is, the period it
-- covers and the total hours it states.
create table certificates (
  code         varchar(12)    primary key check (code ~ '^[2-9A-HJ-NP-Z]{12}$'),
  volunteer_id uuid           not null references volunteers (user_id),
  period_from  date           not null,
  period_to    date           not null,
  hours        numeric(10, 2) not null check (hours >= 0),
  records      integer        not null check (records >= 0),
  issued_at    timestamptz    not null,
  issued_by    uuid           not null references users (id),
  check (period_to >= period_from)
);

create index certificates_by_volunteer on certificates (volunteer_id, issued_at desc);
