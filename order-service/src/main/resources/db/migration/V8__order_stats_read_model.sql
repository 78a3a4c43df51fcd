-- 分析研判 from a read model: the figures of the orders placed each day, summed per org unit, so that
-- GET /api/stats/orders for a centre's three years (300,000 orders) adds up about a thousand days
-- instead of visiting every order. Every unit above a station has rows of its own (an order counts at
-- its station, its institute and its centre): the rows of one station-day would hold one or two orders
-- at a district's pace and save nothing.
--
-- The rows are kept by triggers on service_order that run at commit (deferred), whoever writes the
-- order: the application, a migration, a test or a bulk load. At commit an application transaction
-- already holds the live feed's lock (OrderFeed), so the few rows every order of a district shares
-- (its centre's day) are locked only for the moment each commit takes, one commit after the other;
-- the trigger adds about a third of a millisecond to that moment (six rows written per change).
--
-- What the rows cannot hold is added when the figures are read: whether an order that is still
-- accepted or under way has passed its due time depends on the clock (service_order_open_due below).

-- The time zone in which orders are counted by day: civic.stats.time-zone (STATS_TIME_ZONE). The
-- service rebuilds the rows when it is configured for another zone (order_stats_use_zone).
CREATE TABLE order_stats_zone (
    single boolean PRIMARY KEY DEFAULT true CHECK (single),
    zone text    NOT NULL
);
INSERT INTO order_stats_zone (zone) VALUES ('Asia/Shanghai');

-- The orders placed on `day` (in that zone) at the stations of the unit's subtree, as they are now.
-- overdue: for good, whatever the clock (flagged by the sweep, or completed after the due time).
-- accept_seconds, complete_seconds: from placing to acceptance and to completion, one value per
-- accepted or completed order in no particular order, for the exact percentiles.
CREATE TABLE order_stats_day (
    unit_id          uuid     NOT NULL,
    day              date     NOT NULL,
    placed           integer  NOT NULL,
    completed        integer  NOT NULL,
    evaluated        integer  NOT NULL,
    cancelled        integer  NOT NULL,
    overdue          integer  NOT NULL,
    on_time          integer  NOT NULL,
    rated            integer  NOT NULL,
    rating_sum       numeric  NOT NULL,
    hours            numeric  NOT NULL,
    accept_seconds   float8[] NOT NULL,
    complete_seconds float8[] NOT NULL,
    -- the counts are read from the index alone (an index-only scan): the rows of one unit lie wherever
    -- their last change put them
    PRIMARY KEY (unit_id, day) INCLUDE (placed, completed, evaluated, cancelled, overdue, on_time, rated,
                                        rating_sum, hours)
);
-- a centre's day holds a few hundred values: stored apart and uncompressed, read only by the percentiles
ALTER TABLE order_stats_day ALTER COLUMN accept_seconds SET STORAGE EXTERNAL;
ALTER TABLE order_stats_day ALTER COLUMN complete_seconds SET STORAGE EXTERNAL;

-- The same per category.
CREATE TABLE order_stats_day_category (
    unit_id   uuid    NOT NULL,
    day       date    NOT NULL,
    category  text    NOT NULL,
    placed    integer NOT NULL,
    completed integer NOT NULL,
    PRIMARY KEY (unit_id, day, category) INCLUDE (placed, completed)
);

-- What one order adds to the rows of its day (nothing for a null order).
CREATE FUNCTION order_stats_of(o service_order,
        OUT placed integer, OUT completed integer, OUT evaluated integer, OUT cancelled integer,
        OUT overdue integer, OUT on_time integer, OUT rated integer, OUT rating_sum numeric, OUT hours numeric,
        OUT accept_seconds float8, OUT complete_seconds float8)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT (o.id IS NOT NULL)::integer,
       (o.completed_at IS NOT NULL)::integer,
       coalesce(o.status = 'EVALUATED', false)::integer,
       coalesce(o.status = 'CANCELLED', false)::integer,
       coalesce(o.overdue OR (o.due_at IS NOT NULL AND o.completed_at > o.due_at), false)::integer,
       coalesce(o.completed_at <= o.due_at, false)::integer,
       (o.final_rating IS NOT NULL)::integer,
       coalesce(o.final_rating, 0),
       CASE WHEN o.status = 'EVALUATED' THEN coalesce(o.hours_total, 0) ELSE 0 END,
       extract(epoch FROM o.accepted_at - o.created_at)::float8,
       extract(epoch FROM o.completed_at - o.created_at)::float8
$$;

-- The array without one occurrence of the value (unchanged when the value is null or not in it).
CREATE FUNCTION order_stats_without(a float8[], v float8) RETURNS float8[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN array_position(a, v) IS NULL THEN a
                ELSE a[:array_position(a, v) - 1] || a[array_position(a, v) + 1:] END;

-- Takes the lock by which a rebuild and the changes being counted exclude each other (changes share
-- it, a rebuild takes it alone) and answers the zone the rows count days in.
CREATE FUNCTION order_stats_locked_zone(alone boolean) RETURNS text
    LANGUAGE plpgsql AS $$
BEGIN
    IF alone THEN
        PERFORM pg_advisory_xact_lock(hashtextextended('order_stats', 0));
    ELSE
        PERFORM pg_advisory_xact_lock_shared(hashtextextended('order_stats', 0));
    END IF;
    RETURN (SELECT zone FROM order_stats_zone);
END $$;

-- Replaces `was` by `becomes` in the rows of the station's day (either may be null: an order placed,
-- or one that left this day, station or category).
CREATE FUNCTION order_stats_count(station uuid, on_day date, of_category text, was service_order,
        becomes service_order) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    units uuid[];
    b     record := order_stats_of(was);
    a     record := order_stats_of(becomes);
BEGIN
    -- the station's rows and those of every unit above it; an order of a station not known yet is
    -- counted when the station arrives (order_stats_station)
    SELECT s.ancestor_ids || s.id INTO units FROM org_unit s WHERE s.id = station AND s.level = 'STATION';
    IF units IS NULL OR a IS NOT DISTINCT FROM b THEN
        RETURN;
    END IF;
    INSERT INTO order_stats_day AS d (unit_id, day, placed, completed, evaluated, cancelled, overdue, on_time, rated,
                                      rating_sum, hours, accept_seconds, complete_seconds)
    SELECT u, on_day, a.placed - b.placed, a.completed - b.completed, a.evaluated - b.evaluated,
           a.cancelled - b.cancelled, a.overdue - b.overdue, a.on_time - b.on_time, a.rated - b.rated,
           a.rating_sum - b.rating_sum, a.hours - b.hours,
           CASE WHEN a.accept_seconds IS NULL THEN '{}' ELSE ARRAY[a.accept_seconds] END,
           CASE WHEN a.complete_seconds IS NULL THEN '{}' ELSE ARRAY[a.complete_seconds] END
    FROM unnest(units) u
    ON CONFLICT ON CONSTRAINT order_stats_day_pkey DO UPDATE SET
        placed = d.placed + excluded.placed, completed = d.completed + excluded.completed,
        evaluated = d.evaluated + excluded.evaluated, cancelled = d.cancelled + excluded.cancelled,
        overdue = d.overdue + excluded.overdue, on_time = d.on_time + excluded.on_time,
        rated = d.rated + excluded.rated, rating_sum = d.rating_sum + excluded.rating_sum,
        hours = d.hours + excluded.hours,
        accept_seconds = CASE WHEN a.accept_seconds IS NOT DISTINCT FROM b.accept_seconds THEN d.accept_seconds
                              ELSE order_stats_without(d.accept_seconds, b.accept_seconds) || excluded.accept_seconds END,
        complete_seconds = CASE WHEN a.complete_seconds IS NOT DISTINCT FROM b.complete_seconds THEN d.complete_seconds
                                ELSE order_stats_without(d.complete_seconds, b.complete_seconds) || excluded.complete_seconds END;
    IF a.placed <> b.placed OR a.completed <> b.completed THEN
        INSERT INTO order_stats_day_category AS d (unit_id, day, category, placed, completed)
        SELECT u, on_day, of_category, a.placed - b.placed, a.completed - b.completed FROM unnest(units) u
        ON CONFLICT ON CONSTRAINT order_stats_day_category_pkey DO UPDATE SET
            placed = d.placed + excluded.placed, completed = d.completed + excluded.completed;
    END IF;
END $$;

CREATE FUNCTION order_stats_track() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    tz text := order_stats_locked_zone(false);
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.station_id = NEW.station_id AND OLD.category = NEW.category
            AND (OLD.created_at AT TIME ZONE tz)::date = (NEW.created_at AT TIME ZONE tz)::date THEN
        PERFORM order_stats_count(NEW.station_id, (NEW.created_at AT TIME ZONE tz)::date, NEW.category, OLD, NEW);
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        PERFORM order_stats_count(OLD.station_id, (OLD.created_at AT TIME ZONE tz)::date, OLD.category, OLD, NULL);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM order_stats_count(NEW.station_id, (NEW.created_at AT TIME ZONE tz)::date, NEW.category, NULL, NEW);
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER order_stats_placed_or_removed AFTER INSERT OR DELETE ON service_order
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION order_stats_track();
-- not for the changes no figure depends on: dispatching, sending on, starting, comments
CREATE CONSTRAINT TRIGGER order_stats_changed AFTER UPDATE ON service_order
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN ((OLD.station_id, OLD.category, OLD.created_at, OLD.status = 'EVALUATED', OLD.status = 'CANCELLED',
           OLD.accepted_at, OLD.completed_at, OLD.due_at, OLD.overdue, OLD.final_rating, OLD.hours_total)
          IS DISTINCT FROM (NEW.station_id, NEW.category, NEW.created_at, NEW.status = 'EVALUATED',
           NEW.status = 'CANCELLED', NEW.accepted_at, NEW.completed_at, NEW.due_at, NEW.overdue, NEW.final_rating,
           NEW.hours_total))
    EXECUTE FUNCTION order_stats_track();

-- Counts the rows of the given units anew from the orders (every unit when null), under the lock
-- the changes share.
CREATE FUNCTION order_stats_build(only_units uuid[]) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    tz text := order_stats_locked_zone(true);
BEGIN
    DELETE FROM order_stats_day WHERE only_units IS NULL OR unit_id = ANY (only_units);
    DELETE FROM order_stats_day_category WHERE only_units IS NULL OR unit_id = ANY (only_units);
    WITH counted AS (
        SELECT u.unit_id, (o.created_at AT TIME ZONE tz)::date AS day, o.category, c.*
        FROM service_order o
        JOIN org_unit s ON s.id = o.station_id AND s.level = 'STATION'
        CROSS JOIN LATERAL unnest(s.ancestor_ids || s.id) u (unit_id)
        CROSS JOIN LATERAL order_stats_of(o) c
        WHERE only_units IS NULL OR u.unit_id = ANY (only_units)),
    by_category AS (
        INSERT INTO order_stats_day_category (unit_id, day, category, placed, completed)
        SELECT unit_id, day, category, sum(placed), sum(completed) FROM counted GROUP BY unit_id, day, category)
    INSERT INTO order_stats_day (unit_id, day, placed, completed, evaluated, cancelled, overdue, on_time, rated,
                                 rating_sum, hours, accept_seconds, complete_seconds)
    SELECT unit_id, day, sum(placed), sum(completed), sum(evaluated), sum(cancelled), sum(overdue), sum(on_time),
           sum(rated), sum(rating_sum), sum(hours),
           coalesce(array_agg(accept_seconds) FILTER (WHERE accept_seconds IS NOT NULL), '{}'),
           coalesce(array_agg(complete_seconds) FILTER (WHERE complete_seconds IS NOT NULL), '{}')
    FROM counted GROUP BY unit_id, day;
END $$;

-- Counts every order anew by the days of another time zone; false when the rows already are.
CREATE FUNCTION order_stats_use_zone(new_zone text) RETURNS boolean
    LANGUAGE plpgsql AS $$
BEGIN
    IF order_stats_locked_zone(true) = new_zone THEN
        RETURN false;
    END IF;
    UPDATE order_stats_zone SET zone = new_zone;
    PERFORM order_stats_build(NULL);
    RETURN true;
END $$;

-- A station that arrives after orders were placed at it, or moves: its units are counted anew.
CREATE FUNCTION order_stats_station() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    was     uuid[] := CASE WHEN TG_OP = 'UPDATE' AND OLD.level = 'STATION' THEN OLD.ancestor_ids || OLD.id END;
    becomes uuid[] := CASE WHEN NEW.level = 'STATION' THEN NEW.ancestor_ids || NEW.id END;
BEGIN
    IF was IS DISTINCT FROM becomes AND EXISTS (SELECT FROM service_order o WHERE o.station_id = NEW.id) THEN
        PERFORM order_stats_build(coalesce(was, '{}') || coalesce(becomes, '{}'));
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER order_stats_station AFTER INSERT OR UPDATE OF level, ancestor_ids ON org_unit
    FOR EACH ROW EXECUTE FUNCTION order_stats_station();

SELECT order_stats_build(NULL);

-- The open orders past their due time (GET /api/orders?overdue=true), with what the figures need of
-- those whose overdue depends on the clock (not flagged by the sweep yet): read from the index alone.
DROP INDEX service_order_open_due;
CREATE INDEX service_order_open_due ON service_order (due_at) INCLUDE (station_id, created_at, completed_at, overdue)
    WHERE status IN ('ACCEPTED', 'IN_SERVICE');
