-- 活动报名: activities staff publish for their unit, volunteers' sign-ups (confirmed up to the
-- capacity, then waitlisted in sign-up order), short-lived check-in codes shown at the venue.
create table activities (
  id              uuid primary key,
  title           varchar(100)  not null,
  description     varchar(2000) not null default '',
  category        varchar(32)   not null,
  org_unit_id     uuid          not null references org_units (id),
  place           varchar(200)  not null,
  starts_at       timestamptz   not null,
  ends_at         timestamptz   not null,
  capacity        integer       not null check (capacity between 1 and 10000),
  signup_deadline timestamptz   not null,
  status          varchar(12)   not null default 'PUBLISHED' check (status in ('PUBLISHED', 'COMPLETED')),
  created_by      uuid          not null references users (id),
  created_at      timestamptz   not null default now(),
  completed_at    timestamptz,
  check (ends_at > starts_at),
  check (signup_deadline <= starts_at),
  check ((status = 'COMPLETED') = (completed_at is not null))
);

create index activities_by_start on activities (starts_at, id);
create index activities_by_unit on activities (org_unit_id, starts_at);

-- One row per volunteer and activity; seq orders the waitlist (earliest sign-up first).
create table activity_signups (
  activity_id    uuid          not null references activities (id),
  user_id        uuid          not null references volunteers (user_id),
  seq            bigserial     not null,
  status         varchar(12)   not null check (status in ('CONFIRMED', 'WAITLISTED', 'CANCELLED')),
  signed_up_at   timestamptz   not null default clock_timestamp(),
  cancelled_at   timestamptz,
  checked_in_at  timestamptz,
  checked_out_at timestamptz,
  hours          numeric(6, 2) check (hours > 0 and hours <= 24),
  primary key (activity_id, user_id),
  check (checked_out_at is null or checked_in_at is not null)
);

create index activity_signups_by_user on activity_signups (user_id);
create index activity_signups_waitlist on activity_signups (activity_id, seq) where status = 'WAITLISTED';

-- Check-in codes (签到码): each is valid for its activity until it expires.
create table activity_check_in_codes (
  activity_id uuid        not null references activities (id),
  code        varchar(8)  not null,
  issued_by   uuid        not null,
  issued_at   timestamptz not null default now(),
  expires_at  timestamptz not null,
  primary key (activity_id, code)
);

create index activity_check_in_codes_expiry on activity_check_in_codes (expires_at);
