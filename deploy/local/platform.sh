#!/usr/bin/env bash
# Brings the whole platform up on local infrastructure (real Kafka, Keycloak and MongoDB-wire
# server from deploy/local/infra.sh, then every service as a Node process), or takes it down.
#   npm run up      build, start everything, print where to reach it and the demo logins
#   npm run down    stop the services and the servers this machine started
set -euo pipefail
cd "$(dirname "$0")/../.."
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
state=${XINFANG_STATE:-/tmp/xinfang-local}
mkdir -p "$state/services"

# name http-port grpc-port
SERVICES=(
  "intake 8101 9101"
  "routing 8102 9102"
  "supervision 8103 9103"
  "hearing 8104 9104"
  "statistics 8105 9105"
  "notification 8106 9106"
)

stop_services() {
  for entry in "${SERVICES[@]}"; do
    read -r name _ _ <<<"$entry"
    pidfile="$state/services/$name.pid"
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      kill "$(cat "$pidfile")" && echo "stopped $name"
    fi
    rm -f "$pidfile"
  done
}

wait_ready() {
  local name=$1 port=$2 deadline=$((SECONDS + 90))
  until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then
      echo "$name did not become ready on port $port; last log lines:" >&2
      tail -n 30 "$state/services/$name.log" >&2 || true
      return 1
    fi
    sleep 1
  done
}

up() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm install --no-audit --no-fund
  fi
  bash deploy/local/system-packages.sh
  npx turbo run build --output-logs=errors-only
  bash deploy/local/infra.sh up
  eval "$(bash deploy/local/infra.sh env)"
  stop_services
  running=()
  for entry in "${SERVICES[@]}"; do
    read -r name http grpc <<<"$entry"
    if [ ! -f "services/$name/dist/main.js" ]; then
      echo "$name has no entry point yet (services/$name/src/main.ts); not started"
      continue
    fi
    running+=("$entry")
    OTEL_SERVICE_NAME="xinfang-$name" HTTP_PORT=$http GRPC_PORT=$grpc MONGO_DB="xinfang_$name" \
      KAFKA_CLIENT_ID="xinfang-$name" KEYCLOAK_CLIENT_ID="xinfang-$name" \
      KEYCLOAK_CLIENT_SECRET="xinfang-$name-secret" NODE_ENV=development \
      nohup node "services/$name/dist/main.js" >"$state/services/$name.log" 2>&1 &
    echo $! >"$state/services/$name.pid"
  done
  for entry in "${running[@]}"; do
    read -r name http _ <<<"$entry"
    wait_ready "$name" "$http"
  done
  cat <<TXT

xinfang is up on local infrastructure.

  service        REST (OpenAPI at /openapi.json)     gRPC
$(for entry in "${running[@]}"; do
    read -r n h g <<<"$entry"
    printf '  %-14s http://127.0.0.1:%-20s 127.0.0.1:%s\n' "$n" "$h" "$g"
  done)

  Keycloak       $KEYCLOAK_URL  (admin console: admin / admin, realm "xinfang")
  Kafka          $KAFKA_BROKERS  (case events on topic xinfang.case.v1)
  MongoDB wire   $MONGO_URL
  Logs           $state/services/<service>.log

Demo logins (password Xinfang-Demo-2026), named <role>.<region code>:
  counties 兴宁市 441481 and 大埔县 441422: clerk, handler, unit-head, case-leader, supervisor,
                                         hearing-officer, analyst, tenant-admin
  township clerks: clerk.441481001, clerk.441422100, clerk.441322100
  cities 梅州市 441400 and 惠州市 441300: supervisor, analyst, clerk, handler
  province 440000: operator, supervisor, analyst, clerk, hearing-officer

Get a token:
  curl -s -d grant_type=password -d client_id=xinfang-test -d username=clerk.441481 \\
       -d password=Xinfang-Demo-2026 $KEYCLOAK_URL/realms/xinfang/protocol/openid-connect/token
Stop everything: npm run down
TXT
}

case "${1:-up}" in
  up) up ;;
  down)
    stop_services
    bash deploy/local/infra.sh down
    ;;
  *)
    echo "usage: $0 up|down" >&2
    exit 2
    ;;
esac
