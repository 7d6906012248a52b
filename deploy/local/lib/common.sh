# shellcheck shell=bash disable=SC2034
# Shared settings and helpers for infra.sh (sourced, not run).

XINFANG_CACHE=${XINFANG_CACHE:-$HOME/.cache/xinfang}
XINFANG_STATE=${XINFANG_STATE:-/tmp/xinfang-local}
KAFKA_PORT=${KAFKA_PORT:-19092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}
MONGO_PORT=${MONGO_PORT:-27018}
KEYCLOAK_PORT=${KEYCLOAK_PORT:-18080}
KEYCLOAK_MGMT_PORT=${KEYCLOAK_MGMT_PORT:-19000}
KEYCLOAK_REALM=${KEYCLOAK_REALM:-xinfang}
# Seconds each server may take to become healthy (Keycloak's first start builds itself).
INFRA_TIMEOUT=${INFRA_TIMEOUT:-300}

KAFKA_VERSION=3.9.1
FERRETDB_VERSION=v1.24.0
KEYCLOAK_VERSION=26.4.5
HELM_VERSION=v3.16.4
MAVEN_DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

# The realm imported into Keycloak; overridable to try a realm change without touching the repo.
REALM_JSON=${XINFANG_REALM_JSON:-$REPO_ROOT/deploy/keycloak/realm-xinfang.json}

log() { printf 'infra: %s\n' "$*" >&2; }

die() {
  printf 'infra: error: %s\n' "$*" >&2
  exit 1
}

need() {
  local tool=$1 why=$2
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not on PATH; it is needed $why"
}

# Elapsed seconds since $1 (a SECONDS value), for the timing lines in the log.
since() { echo "$((SECONDS - $1))s"; }

port_open() {
  local host=${2:-127.0.0.1}
  timeout 2 bash -c "exec 3<>/dev/tcp/$host/$1" 2>/dev/null
}

pid_file() { echo "$XINFANG_STATE/$1.pid"; }

# The pid this script recorded for a server, if that process still runs.
our_pid() {
  local file pid
  file=$(pid_file "$1")
  [[ -f $file ]] || return 1
  pid=$(<"$file")
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# start_bg NAME LOGFILE CMD...: runs CMD detached in its own session and records its pid (which is
# also its process group, so `down` can stop children such as Keycloak's JVM). The lock file
# descriptors are closed so a running server never holds the infra lock.
start_bg() {
  local name=$1 logfile=$2 pidfile
  shift 2
  pidfile=$(pid_file "$name")
  rm -f "$pidfile"
  mkdir -p "$(dirname "$logfile")"
  printf '\n--- %s start %s\n' "$name" "$(date -Is)" >>"$logfile"
  # shellcheck disable=SC2016
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" >>"$logfile" 2>&1 </dev/null 8>&- 9>&- &
  local tries=0
  until [[ -s $pidfile ]]; do
    ((++tries > 50)) && die "$name did not start (see $logfile)"
    sleep 0.1
  done
  WATCHED[$name]=$(<"$pidfile")
}

# Servers whose start this run is waiting for: name -> pid. Their exit ends the wait at once.
declare -A WATCHED=()

# Watch a server an earlier run started and that is not answering yet.
watch_pid() { WATCHED[$1]=$2; }

stop_pid() {
  local name=$1 pid
  if pid=$(our_pid "$name"); then
    log "stopping $name (pid $pid)"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    local waited=0
    while kill -0 "$pid" 2>/dev/null; do
      if ((waited++ > 60)); then
        log "$name did not stop in 30s; killing it"
        kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
        break
      fi
      sleep 0.5
    done
  fi
  rm -f "$(pid_file "$name")"
}

# wait_until NAME LOGFILE TIMEOUT CHECK...: polls CHECK each second; on timeout, or when the
# server this script started has exited, prints the last log lines and fails.
wait_until() {
  local name=$1 logfile=$2 timeout=$3 start=$SECONDS pid
  shift 3
  pid=${WATCHED[$name]:-}
  until "$@"; do
    if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
      fail_with_log "$name" "$logfile" "$name exited before it became ready"
    fi
    if ((SECONDS - start >= timeout)); then
      fail_with_log "$name" "$logfile" "$name was not ready after ${timeout}s"
    fi
    sleep 1
  done
}

fail_with_log() {
  local name=$1 logfile=$2 message=$3
  if [[ -f $logfile ]]; then
    printf 'infra: last lines of %s:\n' "$logfile" >&2
    tail -n 40 "$logfile" >&2
  fi
  die "$message"
}

# Major version of a java binary: 17 for "17.0.15", 8 for "1.8.0".
java_major() {
  local version
  version=$("$1" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n1)
  [[ -n $version ]] || return 1
  version=${version#1.}
  echo "${version%%[.+-]*}"
}

# Prints the java binary of the newest JDK under /usr/lib/jvm (or $JVM_DIR) whose major version is
# at least $1, preferring $2 if it qualifies.
newest_java() {
  local min=$1 preferred=${2:-} best='' best_major=0 candidate major
  if [[ -n $preferred && -x $preferred ]]; then
    major=$(java_major "$preferred") || major=0
    if ((major >= min)); then
      echo "$preferred"
      return 0
    fi
  fi
  for candidate in "${JVM_DIR:-/usr/lib/jvm}"/*/bin/java; do
    [[ -x $candidate ]] || continue
    major=$(java_major "$candidate") || continue
    if ((major >= min && major > best_major)); then
      best=$candidate
      best_major=$major
    fi
  done
  [[ -n $best ]] && echo "$best"
}

# Runs mvn in batch mode with its output kept in the cache, shown only when it fails.
mvn_quiet() {
  need mvn 'to download Kafka and Keycloak from Maven Central (apt-get install maven)'
  local logfile="$XINFANG_CACHE/mvn.log"
  if ! mvn -B -q "$@" >"$logfile" 2>&1; then
    tail -n 40 "$logfile" >&2
    return 1
  fi
}
