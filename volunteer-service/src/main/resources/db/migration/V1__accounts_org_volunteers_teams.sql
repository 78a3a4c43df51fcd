-- Accounts and login
create table users (
  id            uuid primary key,
  phone         varchar(11)  not null unique,
  password_hash varchar(100) not null,
  name          varchar(50)  not null,
  admin         boolean      not null default false,
  created_at    timestamptz  not null default now()
);

-- Failed logins per phone, shared by every instance: too many within the window locks the phone for a while.
create table login_failures (
  phone           varchar(11) primary key,
  failures        integer     not null,
  first_failed_at timestamptz not null,
  locked_until    timestamptz
);

-- Keys that sign access tokens (private JWK JSON). Kept so tokens stay valid across restarts; the oldest signs.
create table signing_keys (
  kid        varchar(64) primary key,
  jwk        text        not null,
  created_at timestamptz not null default now()
);

-- The org tree: centre → institutes → stations.
create sequence org_unit_code_seq;

create table org_units (
  id           uuid primary key,
  code         varchar(16)  not null unique,
  name         varchar(100) not null,
  level        varchar(10)  not null check (level in ('CENTRE', 'INSTITUTE', 'STATION')),
  parent_id    uuid references org_units (id),
  ancestor_ids uuid[]       not null,
  created_at   timestamptz  not null default now(),
  check ((level = 'CENTRE') = (parent_id is null))
);

create index org_units_parent on org_units (parent_id);

create table staff_scopes (
  user_id     uuid        not null references users (id),
  org_unit_id uuid        not null references org_units (id),
  granted_by  uuid        not null,
  granted_at  timestamptz not null default now(),
  primary key (user_id, org_unit_id)
);

-- Volunteers; numbers are <station code>-<6 digits>, counted per station.
create table volunteers (
  user_id      uuid primary key references users (id),
  volunteer_no varchar(32)  not null unique,
  real_name    varchar(50)  not null,
  skills       text[]       not null,
  station_id   uuid         not null references org_units (id),
  created_at   timestamptz  not null default now()
);

create table volunteer_no_counters (
  station_id uuid primary key references org_units (id),
  last_value bigint not null
);

-- 志愿服务记录: one row per volunteer per evaluated order.
create table service_records (
  volunteer_id uuid          not null references volunteers (user_id),
  order_id     uuid          not null,
  team_id      uuid,
  category     varchar(32)   not null,
  hours        numeric(6, 2) not null check (hours >= 0),
  recorded_at  timestamptz   not null default now(),
  primary key (volunteer_id, order_id)
);

create index service_records_newest on service_records (volunteer_id, recorded_at desc);

-- Teams (志愿服务队) and their members.
create table teams (
  id             uuid primary key,
  name           varchar(100) not null,
  level          varchar(12)  not null check (level in ('CORPS', 'SQUADRON', 'DETACHMENT')),
  parent_team_id uuid references teams (id),
  org_unit_id    uuid         not null references org_units (id),
  categories     text[]       not null,
  capacity       integer      not null check (capacity >= 1),
  leader_id      uuid         not null references volunteers (user_id),
  active         boolean      not null default true,
  version        bigint       not null,
  created_at     timestamptz  not null default now(),
  updated_at     timestamptz  not null default now()
);

create index teams_org_unit on teams (org_unit_id);
create index teams_categories on teams using gin (categories);

create table team_members (
  team_id   uuid        not null references teams (id),
  user_id   uuid        not null references volunteers (user_id),
  joined_at timestamptz not null default now(),
  primary key (team_id, user_id)
);

create index team_members_user on team_members (user_id);
