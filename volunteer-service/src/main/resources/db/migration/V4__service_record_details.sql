-- What the national volunteer-record rules ask a service record to hold: the date, the content
-- (the order's or the activity's title), the place, the hours and the organising unit. A record
-- comes from an evaluated order or from a completed activity (活动报名), never both.
alter table service_records drop constraint service_records_pkey;
alter table service_records alter column order_id drop not null;
alter table service_records
  add column id          uuid         not null default gen_random_uuid() primary key,
  add column activity_id uuid,
  add column content     varchar(200),
  add column place       varchar(200),
  add column org_unit_id uuid references org_units (id),
  add column served_on   date;

update service_records set content = category, served_on = (recorded_at at time zone 'Asia/Shanghai')::date;

alter table service_records
  alter column content set not null,
  alter column served_on set not null,
  add constraint service_records_one_source check ((order_id is null) <> (activity_id is null));

create unique index service_records_per_order on service_records (volunteer_id, order_id) where order_id is not null;
create unique index service_records_per_activity on service_records (volunteer_id, activity_id)
  where activity_id is not null;
create index service_records_by_date on service_records (volunteer_id, served_on);
