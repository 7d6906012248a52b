#!/usr/bin/env bash
# Real Kafka, MongoDB-wire and Keycloak servers on 127.0.0.1 for development and integration tests.
#   infra.sh up [kafka|mongo|keycloak ...]   install if needed, start, wait until healthy
#   infra.sh down                            stop what this script started
#   infra.sh status                          what answers where
#   infra.sh env                             export lines for KAFKA_BROKERS, MONGO_URL, KEYCLOAK_*
#   infra.sh install-helm                    build helm once and print its path
# The mode (external servers, Docker, or local processes) is picked automatically; see README.md.
set -euo pipefail

INFRA_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$INFRA_DIR/../.." && pwd)
# shellcheck source=SCRIPTDIR/lib/common.sh
source "$INFRA_DIR/lib/common.sh"
# shellcheck source=SCRIPTDIR/lib/kafka.sh
source "$INFRA_DIR/lib/kafka.sh"
# shellcheck source=SCRIPTDIR/lib/mongo.sh
source "$INFRA_DIR/lib/mongo.sh"
# shellcheck source=SCRIPTDIR/lib/keycloak.sh
source "$INFRA_DIR/lib/keycloak.sh"
# shellcheck source=SCRIPTDIR/lib/docker.sh
source "$INFRA_DIR/lib/docker.sh"
# shellcheck source=SCRIPTDIR/lib/helm.sh
source "$INFRA_DIR/lib/helm.sh"

mode() {
  if [[ -n ${XINFANG_INFRA_MODE:-} ]]; then
    echo "$XINFANG_INFRA_MODE"
  elif [[ -n ${KAFKA_BROKERS:-} && -n ${MONGO_URL:-} && -n ${KEYCLOAK_URL:-} ]]; then
    echo external
  elif command -v docker >/dev/null 2>&1 && timeout 10 docker info >/dev/null 2>&1; then
    echo docker
  else
    echo local
  fi
}

kafka_brokers() {
  if [[ $(mode) == external ]]; then echo "$KAFKA_BROKERS"; else echo "127.0.0.1:$KAFKA_PORT"; fi
}
mongo_url() {
  if [[ $(mode) == external ]]; then echo "$MONGO_URL"; else echo "mongodb://127.0.0.1:$MONGO_PORT"; fi
}
keycloak_url() {
  if [[ $(mode) == external ]]; then echo "$KEYCLOAK_URL"; else echo "http://127.0.0.1:$KEYCLOAK_PORT"; fi
}

# Serialises concurrent `up`/`down` callers sharing a state directory, and installs into a shared
# cache. Server processes are started with these descriptors closed.
take_locks() {
  mkdir -p "$XINFANG_STATE" "$XINFANG_CACHE"
  exec 9>>"$XINFANG_STATE/.lock"
  flock -w 1800 9 || die "another infra.sh holds $XINFANG_STATE/.lock"
  exec 8>>"$XINFANG_CACHE/.lock"
  flock -w 1800 8 || die "another infra.sh holds $XINFANG_CACHE/.lock"
}

# Waits for servers that this script does not run itself (external or Docker mode).
wait_for_servers() {
  local brokers first
  brokers=$(kafka_brokers)
  first=${brokers%%,*}
  wait_until kafka '' "$INFRA_TIMEOUT" kafka_ready "${first%:*}" "${first##*:}"
  log "Kafka ready at $brokers"
  wait_until mongo '' "$INFRA_TIMEOUT" mongo_ready "$(mongo_url)"
  log "MongoDB-wire server ready at $(mongo_url)"
  local mgmt=''
  [[ $(mode) == docker ]] && mgmt="http://127.0.0.1:$KEYCLOAK_MGMT_PORT"
  wait_until keycloak '' "$INFRA_TIMEOUT" keycloak_ready "$(keycloak_url)" "$mgmt"
  log "Keycloak ready at $(keycloak_url), realm $KEYCLOAK_REALM"
}

cmd_up() {
  local current
  current=$(mode)
  take_locks
  log "mode: $current (cache $XINFANG_CACHE, state $XINFANG_STATE)"
  case $current in
    external) wait_for_servers ;;
    docker)
      docker_up
      wait_for_servers
      ;;
    local)
      local servers=("$@") server
      ((${#servers[@]})) || servers=(kafka mongo keycloak)
      for server in "${servers[@]}"; do
        case $server in
          kafka | mongo | keycloak) "${server}_up" ;;
          *) die "unknown server '$server' (expected kafka, mongo or keycloak)" ;;
        esac
      done
      ;;
    *) die "unknown XINFANG_INFRA_MODE '$current' (expected external, docker or local)" ;;
  esac
}

cmd_down() {
  take_locks
  case $(mode) in
    external) log "external servers are not ours to stop" ;;
    docker) docker_down ;;
    *)
      local server
      for server in keycloak mongo kafka; do
        if our_pid "$server" >/dev/null; then stop_pid "$server"; else rm -f "$(pid_file "$server")"; fi
      done
      ;;
  esac
}

status_line() {
  local name=$1 where=$2 ok=$3 pid owner='not started by infra.sh'
  pid=$(our_pid "$name") && owner="pid $pid"
  printf '%-9s %-32s %-9s %s\n' "$name" "$where" "$ok" "$owner"
}

cmd_status() {
  local brokers first ok
  echo "mode: $(mode); cache: $XINFANG_CACHE; state: $XINFANG_STATE"
  brokers=$(kafka_brokers)
  first=${brokers%%,*}
  ok=down && kafka_ready "${first%:*}" "${first##*:}" && ok=ready
  status_line kafka "$brokers" "$ok"
  ok=down && mongo_ready "$(mongo_url)" && ok=ready
  status_line mongo "$(mongo_url)" "$ok"
  ok=down && keycloak_ready "$(keycloak_url)" && ok=ready
  status_line keycloak "$(keycloak_url)" "$ok"
}

cmd_env() {
  printf 'export KAFKA_BROKERS=%q\n' "$(kafka_brokers)"
  printf 'export MONGO_URL=%q\n' "$(mongo_url)"
  printf 'export KEYCLOAK_URL=%q\n' "$(keycloak_url)"
  printf 'export KEYCLOAK_REALM=%q\n' "$KEYCLOAK_REALM"
}

main() {
  local command=${1:-}
  (($#)) && shift
  case $command in
    up) cmd_up "$@" ;;
    down) cmd_down ;;
    status) cmd_status ;;
    env) cmd_env ;;
    install-helm)
      mkdir -p "$XINFANG_CACHE"
      exec 8>>"$XINFANG_CACHE/.lock"
      flock -w 1800 8 || die "another infra.sh holds $XINFANG_CACHE/.lock"
      helm_install
      ;;
    *)
      sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
      exit 2
      ;;
  esac
}

main "$@"
