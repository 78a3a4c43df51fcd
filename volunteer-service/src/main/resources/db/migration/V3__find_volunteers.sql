-- Staff find the volunteers of their stations by name or phone (GET /api/volunteers).

-- A unit's list reads station by station, newest first; a station had no index on its volunteers.
create index volunteers_station_newest on volunteers (station_id, created_at desc, user_id);

-- Names listed "by name" come in pinyin order (阿 … 张 … 赵), as a Chinese reader looks them up,
-- where the server has ICU (PostgreSQL's packages and images do); elsewhere in code-point order.
do $$
begin
  if exists (select 1 from pg_collation where collprovider = 'i') then
    create collation person_name (provider = icu, locale = 'zh-u-co-pinyin');
  else
    create collation person_name from "C";
  end if;
end
$$;
