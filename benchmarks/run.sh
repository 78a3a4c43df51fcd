#!/usr/bin/env bash
# One command for the first benchmark: builds the platform, starts a fresh local stack with the
# gateway's per-user rate limit raised (the load comes from a handful of synthetic users instead
# of thousands of real ones), runs the Gatling simulations against it one after the other,
# measures the stack's resident memory, stops it, and prints the figures.
#
#   ./benchmarks/run.sh                 # full run, about 7 minutes
#   SKIP_BUILD=true ./benchmarks/run.sh
#   RATE=200 SECONDS_PER_RUN=30 CONCURRENCY=64 ./benchmarks/run.sh
#   USE_RUNNING_STACK=true BENCH_GATEWAY_PORT=8080 BENCH_ORDER_PORT=8082 ./benchmarks/run.sh
#       against a stack that is already running (its rate limits apply; memory is not measured)
#   COLD_OVERLOAD=true ./benchmarks/run.sh
#       also runs Overload first, on the stack just started (before WarmUp), as "cold overload"
#   AOT_CACHE=true ./benchmarks/run.sh
#       services started from the JDK's AOT cache (JDK 25+), trained first on a stack of its own under
#       TRAINING_SECONDS of WarmUp (benchmarks/RESULTS.md: quicker start, but no better peak)
#   SIMULATIONS="OrdersAtSaturationThroughGateway Overload" PEAK_SECONDS=60 ./benchmarks/run.sh
#       the overload goal alone: Overload offers OVERLOAD_RATE orders/s (default twice the measured
#       saturation throughput) for PEAK_SECONDS
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# a JDK 21+ even where the default java is older (JAVA_HOME, the PATH, /usr/lib/jvm, SDKMAN), as the other scripts
. scripts/java.sh
select_jdk
java="${JAVA_HOME}/bin/java"
rate=${RATE:-200}
seconds=${SECONDS_PER_RUN:-30}
warmup=${WARMUP_SECONDS:-60}
concurrency=${CONCURRENCY:-64}
gateway_port=${BENCH_GATEWAY_PORT:-18080}
order_port=${BENCH_ORDER_PORT:-18082}
volunteer_port=${BENCH_VOLUNTEER_PORT:-18081}
points_port=${BENCH_POINTS_PORT:-18083}
postgres_port=${BENCH_POSTGRES_PORT:-15442}
kafka_port=${BENCH_KAFKA_PORT:-19102}
peak_seconds=${PEAK_SECONDS:-60}
# Overload's own teams (capacity 1000 each): enough for every order its peaks serve, cold and warm
overload_teams=${OVERLOAD_TEAMS:-60}
# the fixture's size: 3 open orders a (resident, station) pair, pairs in turn over the whole run (raise the
# stations when the run's orders exceed 3 × residents × stations); elderly-care teams of capacity 1000
fixture_args="-Dstations=${BENCH_STATIONS:-400} -Dresidents=${BENCH_RESIDENTS:-100} -Dteams=${BENCH_TEAMS:-30} -DoverloadTeams=${overload_teams}"
data="${root}/benchmarks/target/stack-data"
out="${root}/benchmarks/target"

if [ "${SKIP_BUILD:-false}" != "true" ] && [ "${USE_RUNNING_STACK:-false}" != "true" ]; then
  echo "Building the platform..."
  ./mvnw -B -q install -DskipTests
fi

rm -rf "${out}/gatling" "${out}/benchmark-fixture.properties" "${out}/benchmark-fixture.properties.placed" \
  "${out}"/*.console.txt "${out}"/*.cpu.txt "${out}"/*.footprint.txt
# the simulations and the Overload driver compiled before the stack starts, so that a cold run begins at once
mkdir -p "${out}"
./mvnw -B -q -f benchmarks/pom.xml test-compile > "${out}/benchmarks-compile.txt" 2>&1 \
  || { cat "${out}/benchmarks-compile.txt" >&2; exit 1; }
# start_stack DATA OUTPUT: a fresh local stack on the benchmark's ports, in the background (pid in $launcher)
start_stack() {
  rm -rf "$1"
  mkdir -p "$1"
  GATEWAY_PORT=${gateway_port} VOLUNTEER_SERVICE_PORT=${volunteer_port} ORDER_SERVICE_PORT=${order_port} POINTS_SERVICE_PORT=${points_port} \
  LOCAL_STACK_POSTGRES_PORT=${postgres_port} LOCAL_STACK_KAFKA_PORT=${kafka_port} LOCAL_STACK_KAFKA_CONTROLLER_PORT=$(( kafka_port + 1 )) \
  LOCAL_STACK_DATA_DIR="$1" LOCAL_STACK_QUIET=true LOCAL_STACK_AOT_CACHE=${aot_cache} \
  GATEWAY_RATE_LIMIT_USER_PER_SECOND=100000 GATEWAY_RATE_LIMIT_USER_BURST=100000 \
    "$java" -Xmx"${BENCH_LAUNCHER_HEAP:-128m}" -XX:+UseSerialGC -jar platform/local-stack/target/local-stack.jar > "$2" 2>&1 &
  launcher=$!
  until grep -q "local stack is up" "$2" 2> /dev/null; do
    if ! kill -0 ${launcher} 2> /dev/null; then cat "$2" >&2; exit 1; fi
    sleep 1
  done
}

# The JDK's AOT cache (JDK 25+, AOT_CACHE=true): each service starts from the classes and method profiles
# of a training run. The training is a stack of its own, run here under WarmUp's load for TRAINING_SECONDS
# and stopped (each service writes its cache as it exits); the measured stack is a fresh one started from it.
aot_cache=false
if [ "${AOT_CACHE:-false}" = "true" ] && [ "${USE_RUNNING_STACK:-false}" != "true" ] \
    && [ "$("$java" -XX:+PrintFlagsFinal -version 2> /dev/null | grep -c 'AOTCacheOutput')" -gt 0 ]; then
  aot_cache=true
fi
launcher=""
if [ "${aot_cache}" = "true" ]; then
  rm -f ./*/target/extracted/*/*.aot
  echo "Training the services' AOT caches: a stack under WarmUp's load for ${TRAINING_SECONDS:-60} s"
  trained=$(date +%s)
  start_stack "${data}-training" "${out}/local-stack-training.out"
  ./mvnw -B -q -f benchmarks/pom.xml gatling:test -Dgatling.simulationClass=org.civicdispatch.benchmarks.WarmUp \
    -Dgateway="http://localhost:${gateway_port}" -Ddirect="http://localhost:${order_port}" \
    -DwarmupSeconds="${TRAINING_SECONDS:-60}" -Dfixture="${out}/training-fixture.properties" ${fixture_args} \
    > "${out}/Training.console.txt" 2>&1 || echo "   the training load did not finish cleanly, see ${out}/Training.console.txt"
  kill -TERM ${launcher}
  wait ${launcher} 2> /dev/null || true
  launcher=""
  rm -rf "${data}-training" "${out}/training-fixture.properties" "${out}/training-fixture.properties.placed"
  echo "AOT caches trained in $(( $(date +%s) - trained )) s: $(ls ./*/target/extracted/*/*.aot 2> /dev/null | wc -l) of 4 written"
fi
if [ "${USE_RUNNING_STACK:-false}" != "true" ]; then
  echo "Starting a fresh local stack (gateway :${gateway_port}, order-service :${order_port}); logs in ${data}/logs"
  started=$(date +%s)
  start_stack "${data}" "${out}/local-stack.out"
  trap 'kill -TERM ${launcher} 2> /dev/null || true; wait ${launcher} 2> /dev/null || true' EXIT
  up_seconds=$(( $(date +%s) - started ))
  echo "Local stack up after ${up_seconds} s"
fi

# what a child process of the launcher is: a service (named by its jar) or the Kafka broker's JVM
# (platform/embedded's KafkaNode); empty for anything else
part_name() {
  local cmdline
  cmdline=$(tr '\0' ' ' < "/proc/$1/cmdline" 2> /dev/null)
  case "${cmdline}" in
    *-0.1.0-SNAPSHOT.jar*) echo "${cmdline}" | grep -o '[a-z-]*-0.1.0-SNAPSHOT.jar' | sed 's/-0.1.0-SNAPSHOT.jar//' ;;
    *KafkaNode*) echo kafka ;;
  esac
}

# memory of the launcher, the embedded broker, each service and PostgreSQL, as proportional set
# size (PostgreSQL's shared buffers counted once, not once per backend): "total-MiB part MiB, part MiB, ..."
memory_by_part() {
  [ -n "${launcher}" ] || return 0
  local pid name postmaster
  postmaster=$(pgrep -f "postgres -D ${data}/postgres" | head -n 1)
  {
    echo "launcher $(awk '/^Pss:/ {print $2}' "/proc/${launcher}/smaps_rollup" 2> /dev/null)"
    for pid in $(pgrep -P "${launcher}"); do
      name=$(part_name "${pid}")
      [ -n "${name}" ] && echo "${name} $(awk '/^Pss:/ {print $2}' "/proc/${pid}/smaps_rollup" 2> /dev/null)"
    done
    for pid in ${postmaster} $( [ -n "${postmaster}" ] && pgrep -P "${postmaster}"); do
      echo "postgresql $(awk '/^Pss:/ {print $2}' "/proc/${pid}/smaps_rollup" 2> /dev/null)"
    done
  } | awk '{ sum[$1] += $2; total += $2 } END { line = ""; for (k in sum) line = line sprintf(" %s %d MiB,", k, sum[k] / 1024); printf "%d MiB PSS:%s\n", total / 1024, line }'
}

# the stack idle, before any load (not when a cold run must start at once)
idle_seconds=${MEMORY_IDLE_SECONDS:-$([ "${COLD_OVERLOAD:-false}" = "true" ] && echo 0 || echo 30)}
memory_idle=""
if [ -n "${launcher}" ] && [ "${idle_seconds}" -gt 0 ]; then
  sleep "${idle_seconds}"
  memory_idle=$(memory_by_part)
  echo "Local stack memory idle (${idle_seconds} s after start-up): ${memory_idle}"
fi

set +e   # from here on a failed run is reported, not fatal

# CPU seconds (user + system) used so far by each part of the stack: the launcher, the Kafka broker's
# JVM, each service JVM (named by its jar) and PostgreSQL (postmaster and backends)
cpu_snapshot() {
  [ -n "${launcher}" ] || return 0
  local tck pid name postmaster
  tck=$(getconf CLK_TCK)
  postmaster=$(pgrep -f "postgres -D ${data}/postgres" | head -n 1)
  {
    echo "launcher $(awk '{print $14 + $15}' "/proc/${launcher}/stat" 2> /dev/null)"
    for pid in $(pgrep -P "${launcher}"); do
      name=$(part_name "${pid}")
      [ -n "${name}" ] && echo "${name} $(awk '{print $14 + $15}' "/proc/${pid}/stat" 2> /dev/null)"
    done
    if [ -n "${postmaster}" ]; then
      for pid in ${postmaster} $(pgrep -P "${postmaster}"); do
        echo "postgresql $(awk '{print $14 + $15 + $16 + $17}' "/proc/${pid}/stat" 2> /dev/null)"
      done
    fi
  } | awk -v tck="${tck}" '{ sum[$1] += $2 } END { for (k in sum) printf "%s %.1f\n", k, sum[k] / tck }' | sort
}

cpu_report() {   # $1, $2: snapshots before and after; prints CPU seconds per part in between
  [ -n "${launcher}" ] || return 0
  join -a 2 -e 0 -o 0,1.2,2.2 <(echo "$1") <(echo "$2") \
    | awk '{ d = $3 - $2; total += d; line = line sprintf(" %s %.1f s,", $1, d) } END { printf "   cpu:%s total %.1f s\n", line, total }'
}

# What the stack stored and did, for the footprint per order (docs/SCALE.md): orders placed and
# evaluated, committed transactions and executed statements (pg_stat_statements, which the local stack
# preloads) over the three service databases, WAL written, database and Kafka log bytes.
psql_bin=$(command -v psql || ls /usr/lib/postgresql/*/bin/psql 2> /dev/null | tail -n 1 || true)
stack_sql() {   # $1 database, $2 query; prints one value
  PGPASSWORD=postgres PGCONNECT_TIMEOUT=5 "${psql_bin}" -h localhost -p "${postgres_port}" -U postgres -d "$1" -Atqc "$2" 2> /dev/null
}
footprint_snapshot() {
  [ -n "${launcher}" ] && [ -n "${psql_bin}" ] || return 0
  echo "orders $(stack_sql orders "select count(*) from service_order")"
  echo "evaluated $(stack_sql orders "select count(*) from service_order where status = 'EVALUATED'")"
  echo "awards $(stack_sql points "select count(*) from ledger_transaction where kind = 'AWARD'")"
  echo "transactions $(stack_sql postgres "select sum(xact_commit + xact_rollback) from pg_stat_database where datname in ('orders', 'points', 'volunteers')")"
  echo "statements $(stack_sql postgres "select coalesce(sum(calls), 0) from pg_stat_statements s join pg_database d on d.oid = s.dbid where d.datname in ('orders', 'points', 'volunteers')")"
  echo "wal $(stack_sql postgres "select pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint")"
  echo "database $(stack_sql postgres "select sum(pg_database_size(datname)) from pg_database where datname in ('orders', 'points', 'volunteers')")"
  local db
  for db in orders points volunteers; do
    stack_sql "${db}" "select 'table:${db}.' || relname || ' ' || pg_total_relation_size(relid) from pg_stat_user_tables"
  done
  echo "kafka $(find "${data}/kafka" -name '*.log' -printf '%s\n' 2> /dev/null | awk '{ s += $1 } END { print s + 0 }')"
}
footprint_report() {   # $1, $2: snapshots before and after; $3: per what ("orders" or "evaluated")
  [ -n "$1" ] && [ -n "$2" ] || return 0
  join <(echo "$1" | sort) <(echo "$2" | sort) | awk -v per="$3" '
    { d[$1] = $3 - $2 }
    END {
      n = d[per]
      if (n <= 0) {
        printf "   footprint: no %s orders; in all %d transactions, %d statements, %.1f KiB WAL\n", per, d["transactions"], d["statements"], d["wal"] / 1024
        exit
      }
      printf "   footprint: %d orders placed, %d evaluated, %d awards; per %s order: %.1f transactions, %.1f statements, %.1f KiB WAL, %.1f KiB database, %.1f KiB Kafka log\n", \
        d["orders"], d["evaluated"], d["awards"], (per == "orders" ? "placed" : "evaluated"), d["transactions"] / n, d["statements"] / n, \
        d["wal"] / n / 1024, d["database"] / n / 1024, d["kafka"] / n / 1024
      # the tables that grew, biggest first (indexes and TOAST included)
      line = ""
      cmd = "sort -k2 -n -r | head -n 12"
      for (k in d) if (k ~ /^table:/ && d[k] > 0) printf "%s %.0f\n", substr(k, 7), d[k] / n | cmd
      close(cmd)
    }' | awk 'NR == 1 { print; next } { t = t sprintf(" %s %.1f KiB,", $1, $2 / 1024) } END { if (t != "") print "   growth per order by table:" t }'
}

gatling() {
  local simulation=$1 console="${out}/$1.console.txt" before after footprint_before
  echo "== ${simulation}"
  stack_sql postgres "create extension if not exists pg_stat_statements" > /dev/null
  footprint_before=$(footprint_snapshot)
  before=$(cpu_snapshot)
  if [ "${simulation}" = Idle ]; then
    # no load at all for the same time: what the stack spends on its own (sweeps, relays, Kafka, JIT), to
    # be subtracted from a run's CPU and footprint before dividing by its orders
    sleep "${seconds}"
    after=$(cpu_snapshot)
    cpu_report "${before}" "${after}" | tee "${out}/$1.cpu.txt"
    footprint_report "${footprint_before}" "$(footprint_snapshot)" orders | tee "${out}/$1.footprint.txt"
    idle_cpu=$(cpu_report "${before}" "${after}" | grep -o 'total [0-9.]*' | awk '{ print $2 }')
    return
  fi
  ./mvnw -B -q -f benchmarks/pom.xml gatling:test -Dgatling.simulationClass="org.civicdispatch.benchmarks.${simulation}" \
    -Dgateway="http://localhost:${gateway_port}" -Ddirect="http://localhost:${order_port}" \
    -Drate="${rate}" -Dseconds="${seconds}" -DwarmupSeconds="${warmup}" -Dconcurrency="${concurrency}" \
    -Dfixture="${out}/benchmark-fixture.properties" ${fixture_args} > "${console}" 2>&1 \
    || echo "   ${simulation} did not finish cleanly, see ${console}"
  after=$(cpu_snapshot)
  cpu_report "${before}" "${after}" | tee "${out}/$1.cpu.txt"
  footprint_report "${footprint_before}" "$(footprint_snapshot)" \
    "$([ "${simulation}" = OrderLifecycle ] && echo evaluated || echo orders)" | tee "${out}/$1.footprint.txt"
  if [ "${simulation}" = OrderLifecycle ] && [ -n "${idle_cpu:-}" ]; then
    # CPU per loop net of what the stack spends idle in the same time (the Idle run before it)
    awk -v total="$(cpu_report "${before}" "${after}" | grep -o 'total [0-9.]*' | awk '{ print $2 }')" -v idle="${idle_cpu}" \
      -v loops="$(grep -o '[0-9]* evaluated' "${out}/$1.footprint.txt" | awk '{ print $1 }')" \
      'BEGIN { if (loops > 0) printf "   cpu per loop: %.1f ms in all (%.1f ms net of the idle run)\n", 1000 * total / loops, 1000 * (total - idle) / loops }' \
      | tee -a "${out}/$1.footprint.txt"
  fi
  sed -n '/---- Global Information/,/---- Response Time Distribution/p' "${console}" | grep '^>' | tail -n 10
  grep 'placed->dispatched' "${console}"
}

# one figure (Total column) from the last "Global Information" block of a simulation's console output
figure() {
  sed -n '/---- Global Information/,/---- Response Time Distribution/p' "${out}/$1.console.txt" 2> /dev/null \
    | grep -F "$2" | tail -n 1 | awk -F'|' '{ gsub(/[ ,]/, "", $2); print $2 }'
}

figures() {
  printf '%s req/s, %s requests (%s failed), p50 %s ms, p95 %s ms, p99 %s ms' "$(figure "$1" 'mean throughput')" \
    "$(figure "$1" 'request count')" "$(sed -n '/---- Global Information/,/---- Response Time Distribution/p' \
      "${out}/$1.console.txt" 2> /dev/null | grep -F '> request count' | tail -n 1 \
      | awk -F'|' '{ gsub(/[ ,]/, "", $4); print ($4 == "-" ? 0 : $4) }')" \
    "$(figure "$1" '50th percentile')" "$(figure "$1" '95th percentile')" "$(figure "$1" '99th percentile')"
}

# The saturation throughput the overload goal is measured against: 2xx per second of the last
# OrdersAtSaturationThroughGateway run (its OK column), empty while none has run.
saturation_ok() {
  sed -n '/---- Global Information/,/---- Response Time Distribution/p' "${out}/OrdersAtSaturationThroughGateway.console.txt" 2> /dev/null \
    | grep -F 'mean throughput' | tail -n 1 | awk -F'|' '{ gsub(/[ ,]/, "", $3); if ($3 != "" && $3 != "-") print $3 }'
}

# Overload (the graceful-overload goal): not Gatling but a plain HttpClient driver (Overload.java), which sorts
# every answer into served, refused and failed and prints one line per criterion, each starting with
# its label. $1: label ("overload", "cold overload"), $2: the console file's name, $3: the saturation
# throughput (2xx/s) the peak is offered twice of and judged against ("" when unknown), $4: where it came from.
overload() {
  local label=$1 name=$2 saturation=$3 source=$4 console="${out}/$2.console.txt" before after peak_rate
  peak_rate=${OVERLOAD_RATE:-$(awk -v s="${saturation:-0}" -v r="${rate}" 'BEGIN { printf "%d", (s > 0 ? 2 * s : 2 * r) + 0.5 }')}
  echo "== ${name}: ${peak_rate} orders/s for ${peak_seconds} s ($( [ -n "${OVERLOAD_RATE:-}" ] && echo "OVERLOAD_RATE" \
    || { [ -n "${saturation}" ] && echo "2 × saturation ${saturation}/s, ${source}"; } || echo "2 × RATE: no saturation throughput known"))"
  before=$(cpu_snapshot)
  ./mvnw -B -q -f benchmarks/pom.xml exec:java \
    -Dgateway="http://localhost:${gateway_port}" -Ddirect="http://localhost:${order_port}" \
    -Dfixture="${out}/benchmark-fixture.properties" ${fixture_args} -Dlabel="${label}" -DoverloadRate="${peak_rate}" \
    -DsaturationRate="${saturation:-0}" -DpeakSeconds="${peak_seconds}" -DquietSeconds="${QUIET_SECONDS:-15}" \
    -Dprometheus="${BENCH_PROMETHEUS_URL:-http://localhost:${gateway_port}/actuator/prometheus}" -Drate="${rate}" > "${console}" 2>&1 \
    || echo "   ${name} did not finish cleanly, see ${console}"
  after=$(cpu_snapshot)
  cpu_report "${before}" "${after}" | tee "${out}/${name}.cpu.txt"
  grep -E "^${label} |^   e\.g\. " "${console}"
}

if [ "${COLD_OVERLOAD:-false}" = "true" ]; then
  # the first minute after start-up: no warm-up, the fixture made first (quickly) by the driver itself.
  # Nothing has been measured on this stack yet: the peak is twice SATURATION_RATE when given, else
  # twice the saturation throughput of the last run's summary, else twice RATE (or OVERLOAD_RATE).
  cold_saturation=${SATURATION_RATE:-}
  cold_source="SATURATION_RATE"
  if [ -z "${cold_saturation}" ] && [ -f "${out}/summary.txt" ]; then
    cold_saturation=$(sed -n 's/^orders at saturation via gateway: .*answered 201: \([0-9.]*\)\/s.*/\1/p' "${out}/summary.txt" | head -n 1)
    cold_source="the last run's summary"
  fi
  overload "cold overload" ColdOverload "${cold_saturation}" "${cold_source}"
fi

for simulation in ${SIMULATIONS:-WarmUp OrdersAtFixedRateThroughGateway OrdersAtFixedRateDirect \
    OrdersAtSaturationThroughGateway OrdersAtSaturationDirect RedemptionsAtSaturation OrderLifecycle Overload}; do
  if [ "${simulation}" = Overload ]; then
    # measured against this stack's saturation throughput: measure it first when no run has yet
    if [ -z "${OVERLOAD_RATE:-}" ] && [ -z "$(saturation_ok)" ]; then
      gatling OrdersAtSaturationThroughGateway
    fi
    overload overload Overload "$(saturation_ok)" "OrdersAtSaturationThroughGateway of this run"
    continue
  fi
  gatling "${simulation}"
done

# The physical ceiling: pgbench (Debian's postgresql packages) doing what placing an order writes, an
# order row and an outbox row in one transaction, against the stack's own PostgreSQL (same fsync and
# synchronous_commit), in a database of its own, at 4, 16 and 64 clients for SECONDS_PER_RUN each.
pgbench_bin=$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2> /dev/null | tail -n 1 || true)
ceiling=""
if [ -n "${launcher}" ] && [ -n "${pgbench_bin}" ] && [ "${CEILING:-true}" = "true" ]; then
  echo "== pgbench ceiling (order row + outbox row per transaction)"
  stack_sql postgres "drop database if exists ceiling" > /dev/null
  stack_sql postgres "create database ceiling" > /dev/null
  stack_sql ceiling "
    create table service_order (id uuid primary key, resident_id uuid not null, category text not null,
      title text not null, description text, station_id uuid not null, address text, contact_phone text not null,
      status text not null, volunteer_ids uuid[] not null default '{}', reported_hours jsonb not null default '{}',
      history jsonb not null default '[]', created_at timestamptz not null, updated_at timestamptz not null);
    create index on service_order (station_id, created_at);
    create index on service_order (resident_id, created_at);
    create table outbox (id bigserial primary key, event_id uuid not null unique, topic text not null,
      message_key text not null, type text not null, payload text not null, headers jsonb not null default '{}',
      created_at timestamptz not null default now(), attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(), sent_at timestamptz);
    create index on outbox (next_attempt_at) where sent_at is null;" > /dev/null
  cat > "${out}/ceiling.sql" <<'SQL'
\set station random(1, 200)
BEGIN;
INSERT INTO service_order (id, resident_id, category, title, description, station_id, address, contact_phone, status, history, created_at, updated_at)
  VALUES (gen_random_uuid(), gen_random_uuid(), 'ELDERLY', '压测：帮老人买菜', '压测订单', ('00000000-0000-0000-0000-' || lpad(:station::text, 12, '0'))::uuid,
          '平城区御河东路1号', '13912345678', 'PLACED', '[{"status":"PLACED","note":null}]', now(), now());
INSERT INTO outbox (event_id, topic, message_key, type, payload, headers)
  VALUES (gen_random_uuid(), 'order.events.v1', gen_random_uuid()::text, 'OrderPlaced',
          '{"orderId":"5f0c8b8e-1c2a-4f57-9d0e-6f1f2f3a4b5c","residentId":"0b6c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d","category":"ELDERLY","stationId":"1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d","title":"压测：帮老人买菜","placedAt":"2026-12-03T10:00:00Z"}',
          '{"traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}');
COMMIT;
SQL
  for clients in 4 16 64; do
    tps=$(PGPASSWORD=postgres "${pgbench_bin}" -h localhost -p "${postgres_port}" -U postgres -n -c "${clients}" -j 2 -T "${seconds}" \
      -f "${out}/ceiling.sql" ceiling 2> /dev/null | awk '/^tps = / { printf "%.0f", $3 }')
    echo "   ${clients} clients: ${tps:-n/a} tx/s"
    ceiling="${ceiling}${clients}:${tps:-0} "
  done
  stack_sql postgres "drop database if exists ceiling" > /dev/null
fi
ceiling_best=$(echo "${ceiling}" | tr ' ' '\n' | awk -F: '$2 > best { best = $2 } END { print best + 0 }')
of_ceiling() {   # $1 a rate per second → "(N % of the ceiling)"
  awk -v r="${1:-0}" -v c="${ceiling_best}" 'BEGIN { if (c > 0 && r != "") printf " (%.1f %% of the database ceiling)", 100 * r / c }'
}

# memory of the launcher, the embedded broker, the four services and PostgreSQL after the run,
# as proportional set size (PostgreSQL's shared buffers counted once, not once per backend)
memory_after=$(memory_by_part)
pss_kib=0
if [ -n "${launcher}" ]; then
  postmaster=$(pgrep -f "postgres -D ${data}/postgres" | head -n 1)
  for pid in ${launcher} $(pgrep -P ${launcher}) ${postmaster} $( [ -n "${postmaster}" ] && pgrep -P "${postmaster}"); do
    kib=$(awk '/^Pss:/ {print $2}' "/proc/${pid}/smaps_rollup" 2> /dev/null)
    pss_kib=$(( pss_kib + ${kib:-0} ))
  done
fi

gw=$(figures OrdersAtSaturationThroughGateway); direct=$(figures OrdersAtSaturationDirect)
# answered 201 per second (the OK column): a request refused at once (503) is not an order placed
ok_rps() {
  sed -n '/---- Global Information/,/---- Response Time Distribution/p' "${out}/$1.console.txt" 2> /dev/null \
    | grep -F 'mean throughput' | tail -n 1 | awk -F'|' '{ gsub(/[ ,]/, "", $3); if ($3 != "" && $3 != "-") print $3 }'
}
gw_rps=$(ok_rps OrdersAtSaturationThroughGateway)
direct_rps=$(ok_rps OrdersAtSaturationDirect)
ratio=$(awk -v g="${gw_rps:-0}" -v d="${direct_rps:-0}" 'BEGIN { if (d > 0) printf "%.0f%%", 100 * g / d; else print "n/a" }')
{
  echo "Civic Dispatch benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $("$java" -version 2>&1 | head -n 1)"
  echo "offered load ${rate}/s for ${seconds} s; saturation runs keep ${concurrency} requests in flight"
  echo "orders at ${rate}/s via gateway:    $(figures OrdersAtFixedRateThroughGateway)"
  echo "orders at ${rate}/s direct:         $(figures OrdersAtFixedRateDirect)"
  echo "orders at saturation via gateway:  ${gw}; answered 201: ${gw_rps:-n/a}/s$(of_ceiling "${gw_rps}")"
  echo "orders at saturation direct:       ${direct}; answered 201: ${direct_rps:-n/a}/s$(of_ceiling "${direct_rps}")"
  echo "gateway / direct throughput:       ${ratio}"
  echo "$(grep -h 'placed->dispatched' "${out}/OrdersAtFixedRateThroughGateway.console.txt" 2> /dev/null | tail -n 1 \
    || echo 'placed->dispatched: n/a') (at ${rate}/s via gateway)"
  echo "redemptions at saturation:         $(figures RedemptionsAtSaturation)"
  echo "database ceiling (pgbench, order + outbox row per transaction): ${ceiling:-not measured (no pgbench)}"
  echo "order lifecycle (place → evaluate, via gateway): $(figures OrderLifecycle)"
  for f in OrdersAtSaturationDirect Idle OrderLifecycle; do
    [ -s "${out}/${f}.footprint.txt" ] && echo "${f}:$(sed 's/^   footprint://' "${out}/${f}.footprint.txt")"
    [ -s "${out}/${f}.cpu.txt" ] && echo "${f}:$(sed 's/^   cpu:/ cpu/' "${out}/${f}.cpu.txt")"
  done
  # goal 1 (graceful overload): the driver's lines, its served throughput also as a share of the ceiling
  for f in ColdOverload Overload; do
    label=$([ "${f}" = ColdOverload ] && echo "cold overload" || echo overload)
    [ -s "${out}/${f}.console.txt" ] || continue
    grep -E "^${label} " "${out}/${f}.console.txt" | while IFS= read -r line; do
      served=$(echo "${line}" | grep -E "^${label} served: " | grep -o 'served [0-9.]*/s' | head -n 1 | grep -o '[0-9.]*')
      echo "${line}$( [ -n "${served}" ] && of_ceiling "${served}")"
    done
    [ -s "${out}/${f}.cpu.txt" ] && echo "${label}:$(sed 's/^   cpu:/ cpu/' "${out}/${f}.cpu.txt")"
  done
  cold_served=$(grep -E '^cold overload served: ' "${out}/ColdOverload.console.txt" 2> /dev/null | grep -o 'served [0-9.]*/s' | head -n 1 | grep -o '[0-9.]*')
  if [ -n "${cold_served}" ] && [ -n "$(saturation_ok)" ]; then
    awk -v c="${cold_served}" -v s="$(saturation_ok)" 'BEGIN { printf "cold overload served %.1f/s = %.1f %% of this run'"'"'s saturation %.1f/s\n", c, 100 * c / s, s }'
  fi
  echo "local stack memory after the run:   $(( pss_kib / 1024 )) MiB PSS (launcher, Kafka, 4 services, PostgreSQL)"
  [ -n "${memory_after}" ] && echo "  by part after the run:           ${memory_after#* PSS:}"
  [ -n "${memory_idle}" ] && echo "local stack memory idle:            ${memory_idle}"
  echo "local stack up after:               ${up_seconds:-n/a} s"
} | tee "${out}/summary.txt"
