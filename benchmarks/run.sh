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
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

if [ -n "${JAVA_HOME:-}" ]; then java="${JAVA_HOME}/bin/java"; else java=$(command -v java); fi
rate=${RATE:-200}
seconds=${SECONDS_PER_RUN:-30}
warmup=${WARMUP_SECONDS:-60}
concurrency=${CONCURRENCY:-64}
gateway_port=${BENCH_GATEWAY_PORT:-18080}
order_port=${BENCH_ORDER_PORT:-18082}
data="${root}/benchmarks/target/stack-data"
out="${root}/benchmarks/target"

if [ "${SKIP_BUILD:-false}" != "true" ] && [ "${USE_RUNNING_STACK:-false}" != "true" ]; then
  echo "Building the platform..."
  ./mvnw -B -q install -DskipTests
fi

rm -rf "${out}/gatling" "${out}/benchmark-fixture.properties" "${out}"/*.console.txt "${out}"/*.cpu.txt
launcher=""
if [ "${USE_RUNNING_STACK:-false}" != "true" ]; then
rm -rf "${data}"
mkdir -p "${data}"
echo "Starting a fresh local stack (gateway :${gateway_port}, order-service :${order_port}); logs in ${data}/logs"
GATEWAY_PORT=${gateway_port} VOLUNTEER_SERVICE_PORT=18081 ORDER_SERVICE_PORT=${order_port} POINTS_SERVICE_PORT=18083 \
LOCAL_STACK_POSTGRES_PORT=15442 LOCAL_STACK_KAFKA_PORT=19102 LOCAL_STACK_DATA_DIR="${data}" LOCAL_STACK_QUIET=true \
GATEWAY_RATE_LIMIT_USER_PER_SECOND=100000 GATEWAY_RATE_LIMIT_USER_BURST=100000 \
  "$java" -Xmx768m -XX:+UseSerialGC -jar platform/local-stack/target/local-stack.jar > "${out}/local-stack.out" 2>&1 &
launcher=$!
trap 'kill -TERM ${launcher} 2> /dev/null || true; wait ${launcher} 2> /dev/null || true' EXIT
started=$(date +%s)
until grep -q "local stack is up" "${out}/local-stack.out" 2> /dev/null; do
  if ! kill -0 ${launcher} 2> /dev/null; then cat "${out}/local-stack.out" >&2; exit 1; fi
  sleep 2
done
echo "Local stack up after $(( $(date +%s) - started )) s"
fi

set +e   # from here on a failed run is reported, not fatal

# CPU seconds (user + system) used so far by each part of the stack: the launcher (with the embedded
# Kafka broker), each service JVM (named by its jar) and PostgreSQL (postmaster and backends)
cpu_snapshot() {
  [ -n "${launcher}" ] || return 0
  local tck pid name postmaster
  tck=$(getconf CLK_TCK)
  postmaster=$(pgrep -f "postgres -D ${data}/postgres" | head -n 1)
  {
    echo "launcher+kafka $(awk '{print $14 + $15}' "/proc/${launcher}/stat" 2> /dev/null)"
    for pid in $(pgrep -P "${launcher}"); do
      name=$(tr '\0' ' ' < "/proc/${pid}/cmdline" 2> /dev/null | grep -o '[a-z-]*-0.1.0-SNAPSHOT.jar' | sed 's/-0.1.0-SNAPSHOT.jar//')
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

gatling() {
  local simulation=$1 console="${out}/$1.console.txt" before after
  echo "== ${simulation}"
  before=$(cpu_snapshot)
  ./mvnw -B -q -f benchmarks/pom.xml gatling:test -Dgatling.simulationClass="org.civicdispatch.benchmarks.${simulation}" \
    -Dgateway="http://localhost:${gateway_port}" -Ddirect="http://localhost:${order_port}" \
    -Drate="${rate}" -Dseconds="${seconds}" -DwarmupSeconds="${warmup}" -Dconcurrency="${concurrency}" \
    -Dfixture="${out}/benchmark-fixture.properties" > "${console}" 2>&1 \
    || echo "   ${simulation} did not finish cleanly, see ${console}"
  after=$(cpu_snapshot)
  cpu_report "${before}" "${after}" | tee "${out}/$1.cpu.txt"
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

for simulation in ${SIMULATIONS:-WarmUp OrdersAtFixedRateThroughGateway OrdersAtFixedRateDirect \
    OrdersAtSaturationThroughGateway OrdersAtSaturationDirect RedemptionsAtSaturation}; do
  gatling "${simulation}"
done

# memory of the launcher (with the embedded broker), the four services and PostgreSQL after the run,
# as proportional set size (PostgreSQL's shared buffers counted once, not once per backend)
pss_kib=0
if [ -n "${launcher}" ]; then
  postmaster=$(pgrep -f "postgres -D ${data}/postgres" | head -n 1)
  for pid in ${launcher} $(pgrep -P ${launcher}) ${postmaster} $( [ -n "${postmaster}" ] && pgrep -P "${postmaster}"); do
    kib=$(awk '/^Pss:/ {print $2}' "/proc/${pid}/smaps_rollup" 2> /dev/null)
    pss_kib=$(( pss_kib + ${kib:-0} ))
  done
fi

gw=$(figures OrdersAtSaturationThroughGateway); direct=$(figures OrdersAtSaturationDirect)
gw_rps=$(figure OrdersAtSaturationThroughGateway 'mean throughput')
direct_rps=$(figure OrdersAtSaturationDirect 'mean throughput')
ratio=$(awk -v g="${gw_rps:-0}" -v d="${direct_rps:-0}" 'BEGIN { if (d > 0) printf "%.0f%%", 100 * g / d; else print "n/a" }')
{
  echo "Civic Dispatch benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $("$java" -version 2>&1 | head -n 1)"
  echo "offered load ${rate}/s for ${seconds} s; saturation runs keep ${concurrency} requests in flight"
  echo "orders at ${rate}/s via gateway:    $(figures OrdersAtFixedRateThroughGateway)"
  echo "orders at ${rate}/s direct:         $(figures OrdersAtFixedRateDirect)"
  echo "orders at saturation via gateway:  ${gw}"
  echo "orders at saturation direct:       ${direct}"
  echo "gateway / direct throughput:       ${ratio}"
  echo "$(grep -h 'placed->dispatched' "${out}/OrdersAtFixedRateThroughGateway.console.txt" 2> /dev/null | tail -n 1 \
    || echo 'placed->dispatched: n/a') (at ${rate}/s via gateway)"
  echo "redemptions at saturation:         $(figures RedemptionsAtSaturation)"
  echo "local stack memory after the run:   $(( pss_kib / 1024 )) MiB PSS (launcher with Kafka, 4 services, PostgreSQL)"
} | tee "${out}/summary.txt"
