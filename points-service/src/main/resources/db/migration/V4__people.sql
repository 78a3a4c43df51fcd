-- Read model of people and the org tree, built from volunteer.events.v1: names for the
-- leaderboard, volunteers' stations, and each unit's ancestors for staff-scope checks.

CREATE TABLE person (
  user_id      uuid PRIMARY KEY,
  name         varchar(100),
  real_name    varchar(100),
  volunteer_no varchar(40),
  station_id   uuid
);

CREATE INDEX person_station_idx ON person (station_id);

CREATE TABLE org_unit (
  id           uuid PRIMARY KEY,
  name         varchar(100) NOT NULL,
  level        varchar(16)  NOT NULL,
  parent_id    uuid,
  ancestor_ids uuid[]       NOT NULL DEFAULT '{}'
);
