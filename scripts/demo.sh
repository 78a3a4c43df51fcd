#!/usr/bin/env bash
# The mission flow, 群众点单 → 平台派单 → 团队接单 → 多元评单 → 以行积分 → 以分换物, with curl through the
# gateway of a running local stack (./scripts/run-local.sh). Needs bash and curl; uses jq to
# pretty-print when it is installed. Every account it creates gets a fresh phone number, so it
# can run again on the same stack.
#
#   ./scripts/demo.sh                       # against http://localhost:8080
#   GATEWAY=http://host:8080 ./scripts/demo.sh
set -euo pipefail

GATEWAY=${GATEWAY:-http://localhost:8080}
RUN=$(date +%s | tail -c 9)           # 8 digits that make this run's phone numbers unique
PASSWORD='Volunteer@2024'
TRIES=${TRIES:-60}                    # seconds to wait for what events bring about

if [ -t 1 ]; then bold=$'\033[1m'; plain=$'\033[0m'; else bold=''; plain=''; fi
step() { printf '\n%s== %s%s\n' "$bold" "$*" "$plain"; }
note() { printf '   %s\n' "$*"; }

# call METHOD PATH TOKEN EXPECTED_STATUS [JSON_BODY] [EXTRA_HEADER]; the answer is left in $BODY
call() {
  local method=$1 path=$2 token=$3 expected=$4 body=${5:-} header=${6:-}
  local args=(-sS -X "$method" "${GATEWAY}${path}" -H 'Accept: application/json' -w $'\n%{http_code}')
  [ -n "$token" ] && args+=(-H "Authorization: Bearer ${token}")
  [ -n "$header" ] && args+=(-H "$header")
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  local response
  response=$(curl "${args[@]}")
  STATUS=${response##*$'\n'}
  BODY=${response%$'\n'*}
  if [ "$STATUS" != "$expected" ]; then
    if [ "${QUIET_FAILURE:-}" = "1" ]; then return 1; fi
    printf '   %s %s → %s (expected %s)\n   %s\n' "$method" "$path" "$STATUS" "$expected" "$BODY" >&2
    exit 1
  fi
  printf '   %s %s → %s\n' "$method" "$path" "$STATUS"
}

show() {
  if command -v jq > /dev/null 2>&1; then
    printf '%s\n' "$BODY" | jq "${1:-.}" | sed 's/^/   /'
  else
    printf '   %s\n' "$BODY"
  fi
}

# field NAME: the first "NAME":"value" (or number/boolean) in $BODY
field() {
  printf '%s' "$BODY" | grep -oE "\"$1\":(\"[^\"]*\"|[-0-9.]+|true|false|null)" | head -n 1 | cut -d: -f2- | tr -d '"'
}

# retry SECONDS command...: run the command each second until it succeeds (what events bring about
# takes a moment); only the successful attempt's output is shown
retry() {
  local seconds=$1; shift
  local attempt_output
  attempt_output=$(mktemp)
  for _ in $(seq "$seconds"); do
    if QUIET_FAILURE=1 "$@" > "$attempt_output" 2>&1; then cat "$attempt_output"; rm -f "$attempt_output"; return 0; fi
    sleep 1
  done
  rm -f "$attempt_output"
  "$@" || { echo "   gave up after ${seconds} s waiting for: $*" >&2; exit 1; }
}

phone() { printf '13%s%s' "$1" "$RUN"; }

register() {   # register DIGIT NAME → user id
  call POST /api/auth/register "" 201 "{\"phone\":\"$(phone "$1")\",\"password\":\"${PASSWORD}\",\"name\":\"$2\"}" > /dev/null
  field id
}

login() {      # login PHONE PASSWORD → access token
  call POST /api/auth/login "" 200 "{\"phone\":\"$1\",\"password\":\"$2\"}" > /dev/null
  field accessToken
}

step "0. 网关健康检查 / the gateway is up"
call GET /actuator/health "" 200
show '.status'

step "1. 管理员登录 / the development admin logs in (13800000000)"
ADMIN=$(login 13800000000 'Admin@12345')
note "admin token: ${ADMIN:0:16}…"

step "2. 管理员搭建三级阵地 / admin builds centre → institute → station"
call POST /api/org-units "$ADMIN" 201 '{"name":"平城区新时代文明实践中心","level":"CENTRE","parentId":null}'
CENTRE=$(field id); show
call POST /api/org-units "$ADMIN" 201 "{\"name\":\"北关街道新时代文明实践所\",\"level\":\"INSTITUTE\",\"parentId\":\"${CENTRE}\"}"
INSTITUTE=$(field id)
call POST /api/org-units "$ADMIN" 201 "{\"name\":\"御河社区新时代文明实践站\",\"level\":\"STATION\",\"parentId\":\"${INSTITUTE}\"}"
STATION=$(field id); show

step "3. 注册账号 / a team leader, a volunteer, a staff member and a resident register"
LEADER_ID=$(register 5 王队长);   note "leader   $(phone 5)  ${LEADER_ID}"
MEMBER_ID=$(register 6 李志愿);   note "member   $(phone 6)  ${MEMBER_ID}"
STAFF_ID=$(register 7 赵站长);    note "staff    $(phone 7)  ${STAFF_ID}"
RESIDENT_ID=$(register 8 张大爷); note "resident $(phone 8)  ${RESIDENT_ID}"

step "4. 志愿者注册 / leader and member sign up as volunteers of the station"
TOKEN=$(login "$(phone 5)" "$PASSWORD")
call POST /api/volunteers "$TOKEN" 201 "{\"realName\":\"王建国\",\"skills\":[\"助老\",\"陪诊\"],\"stationId\":\"${STATION}\"}"
show
TOKEN=$(login "$(phone 6)" "$PASSWORD")
call POST /api/volunteers "$TOKEN" 201 "{\"realName\":\"李晓红\",\"skills\":[\"助老\",\"家政\"],\"stationId\":\"${STATION}\"}"

step "5. 任命工作人员 / admin makes 赵站长 staff over the centre (and everything under it)"
call POST /api/staff "$ADMIN" 201 "{\"userId\":\"${STAFF_ID}\",\"orgUnitId\":\"${CENTRE}\"}"

# roles are in the token: log in again to pick up VOLUNTEER and STAFF
LEADER=$(login "$(phone 5)" "$PASSWORD")
MEMBER=$(login "$(phone 6)" "$PASSWORD")
STAFF=$(login "$(phone 7)" "$PASSWORD")
RESIDENT=$(login "$(phone 8)" "$PASSWORD")

step "6. 组建志愿服务队 / admin sets up a detachment for elderly care; the leader adds the member"
call POST /api/teams "$ADMIN" 201 "{\"name\":\"御河社区助老志愿服务分队\",\"level\":\"DETACHMENT\",\"orgUnitId\":\"${STATION}\",\"categories\":[\"ELDERLY\"],\"capacity\":3,\"leaderId\":\"${LEADER_ID}\"}"
TEAM=$(field id)
call POST "/api/teams/${TEAM}/members" "$LEADER" 201 "{\"userId\":\"${MEMBER_ID}\"}"
call GET "/api/teams/${TEAM}" "$LEADER" 200
show '{name, level, categories, capacity, members}'

step "7. 群众点单 / the resident picks 助老敬老 from the menu and orders"
call GET /api/catalog "" 200
show '[.[] | "\(.code) \(.name)"]'
ORDER_BODY="{\"category\":\"ELDERLY\",\"title\":\"帮独居老人买菜、打扫卫生\",\"description\":\"老人腿脚不便，每周需要一次上门帮助\",\"stationId\":\"${STATION}\",\"address\":\"平城区御河东路12号3单元201\",\"contactPhone\":\"13912345678\"}"
place_order() { call POST /api/orders "$RESIDENT" 201 "$ORDER_BODY" "Idempotency-Key: demo-${RUN}-${RANDOM}"; }
retry "$TRIES" place_order   # order-service learns the new station from volunteer-service's events
ORDER=$(field id)
show '{id, status, category, title}'

step "8. 平台派单 / the platform dispatches the order to the nearest free team (a few seconds)"
dispatched() { call GET "/api/orders/${ORDER}" "$RESIDENT" 200 && [ "$(field status)" = "DISPATCHED" ]; }
retry "$TRIES" dispatched
show '{status, teamId, acceptDeadline}'

step "9. 团队接单 / the leader accepts and assigns himself and the member"
accept() { call POST "/api/orders/${ORDER}/accept" "$LEADER" 200 "{\"volunteerIds\":[\"${LEADER_ID}\",\"${MEMBER_ID}\"]}"; }
retry "$TRIES" accept
show '{status, volunteers, dueAt}'

step "10. 开始服务、完成上报 / service starts, the leader reports completion with hours"
call POST "/api/orders/${ORDER}/start" "$MEMBER" 200 '{}'
show '.status'
call POST "/api/orders/${ORDER}/complete" "$LEADER" 200 "{\"summary\":\"已上门买菜并打扫厨房、卫生间\",\"hours\":[{\"volunteerId\":\"${LEADER_ID}\",\"hours\":2.5},{\"volunteerId\":\"${MEMBER_ID}\",\"hours\":3}]}"
show '.status'

step "11. 多元评单 / the resident rates 5, the staff member reviews 4 → final 0.6×5 + 0.4×4 = 4.6"
call POST "/api/orders/${ORDER}/evaluations" "$RESIDENT" 200 '{"rating":5,"comment":"服务很周到，谢谢志愿者！"}'
show '.status'
call POST "/api/orders/${ORDER}/evaluations" "$STAFF" 200 '{"rating":4,"comment":"按时完成，记录完整"}'
show '{status, finalRating, evaluations}'

step "12. 以行积分 / points: floor(hours × 10 × 1.2) because 4.6 ≥ 4 → leader 30, member 36"
balance_is() { call GET /api/points/accounts/me "$1" 200 && awk -v b="$(field balance)" -v want="$2" 'BEGIN { exit !(b + 0 == want) }'; }
retry "$TRIES" balance_is "$LEADER" 30
show
retry "$TRIES" balance_is "$MEMBER" 36
show
hours_recorded() { call GET "/api/volunteers/${MEMBER_ID}" "$MEMBER" 200 && awk -v h="$(field serviceHours)" 'BEGIN { exit !(h + 0 > 0) }'; }
retry "$TRIES" hours_recorded
show '{realName, volunteerNo, serviceHours}'

step "13. 积分超市 / staff stocks the station's store; the member redeems a bag for 20 points"
add_item() { call POST /api/store/items "$STAFF" 201 "{\"name\":\"环保购物袋\",\"description\":\"可重复使用的帆布袋\",\"pointsCost\":20,\"stock\":5,\"stationId\":\"${STATION}\"}"; }
retry "$TRIES" add_item
ITEM=$(field id)
call GET "/api/store/items?stationId=${STATION}" "" 200
show '[.[] | {name, pointsCost, stock}]'
call POST /api/store/redemptions "$MEMBER" 201 "{\"itemId\":\"${ITEM}\",\"quantity\":1}" "Idempotency-Key: demo-redeem-${RUN}"
REDEMPTION=$(field id); CODE=$(field pickupCode)
show '{status, pointsSpent, pickupCode, expiresAt}'

step "14. 核销 / staff checks the pickup code and hands over the bag"
call POST "/api/store/redemptions/${REDEMPTION}/fulfil" "$STAFF" 200 "{\"pickupCode\":\"${CODE}\"}"
show '{status}'

step "15. 账本 / the member's statement and the ledger check"
call GET /api/points/accounts/me/entries "$MEMBER" 200
show '[.items[] | {type, amount, balanceAfter, memo}]'
call GET /api/points/ledger/check "$ADMIN" 200
show
[ "$(field balanced)" = "true" ] || { echo "   the ledger is not balanced" >&2; exit 1; }

step "Done: order ${ORDER} went PLACED → DISPATCHED → ACCEPTED → IN_SERVICE → COMPLETED → EVALUATED"
