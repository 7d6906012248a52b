# shellcheck shell=bash
# Keycloak (Quarkus distribution from Maven Central) in dev mode with the xinfang realm imported.

KEYCLOAK_HOME="$XINFANG_CACHE/keycloak-$KEYCLOAK_VERSION"
KEYCLOAK_STATE="$XINFANG_STATE/keycloak"
KEYCLOAK_LOG="$KEYCLOAK_STATE/keycloak.log"
# Keycloak keeps its dev database under its home directory; the hash of the realm JSON imported
# into it sits beside it.
KEYCLOAK_DATA="$KEYCLOAK_HOME/data"
KEYCLOAK_REALM_HASH="$KEYCLOAK_DATA/.realm-sha256"

keycloak_java_home() {
  local java
  java=$(newest_java 21 "${KEYCLOAK_JAVA_HOME:+$KEYCLOAK_JAVA_HOME/bin/java}") ||
    die "Keycloak $KEYCLOAK_VERSION needs a JDK >= 21 and none was found under ${JVM_DIR:-/usr/lib/jvm} (apt-get install openjdk-21-jdk-headless, or set KEYCLOAK_JAVA_HOME)"
  dirname "$(dirname "$java")"
}

keycloak_install() {
  [[ -f $KEYCLOAK_HOME/.installed ]] && return 0
  need unzip 'to unpack Keycloak (apt-get install unzip)'
  local start=$SECONDS tmp="$XINFANG_CACHE/keycloak.tmp.$$"
  log "downloading Keycloak $KEYCLOAK_VERSION from Maven Central into $KEYCLOAK_HOME"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  mvn_quiet "$MAVEN_DEPENDENCY_PLUGIN:copy" -Dtransitive=false \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" -DoutputDirectory="$tmp" ||
    die "could not download Keycloak (is Maven Central reachable?)"
  log "Keycloak downloaded in $(since "$start")"
  unzip -q "$tmp/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip" -d "$tmp"
  rm -rf "$KEYCLOAK_HOME"
  mv "$tmp/keycloak-$KEYCLOAK_VERSION" "$KEYCLOAK_HOME"
  touch "$KEYCLOAK_HOME/.installed"
  rm -rf "$tmp"
  log "Keycloak installed in $(since "$start")"
}

realm_hash() { sha256sum "$REALM_JSON" | cut -d' ' -f1; }

keycloak_start() {
  keycloak_install
  local java_home
  java_home=$(keycloak_java_home)
  [[ -f $REALM_JSON ]] || die "$REALM_JSON is missing (run node deploy/keycloak/generate-realm.js)"
  # --import-realm skips a realm that already exists, so a changed realm needs a fresh database.
  if [[ $(cat "$KEYCLOAK_REALM_HASH" 2>/dev/null) != "$(realm_hash)" ]]; then
    [[ -d $KEYCLOAK_DATA ]] && log "the realm JSON changed; wiping Keycloak's dev database"
    rm -rf "$KEYCLOAK_DATA"
  fi
  mkdir -p "$KEYCLOAK_DATA/import" "$KEYCLOAK_STATE"
  cp "$REALM_JSON" "$KEYCLOAK_DATA/import/realm-$KEYCLOAK_REALM.json"
  log "starting Keycloak on 127.0.0.1:$KEYCLOAK_PORT (management $KEYCLOAK_MGMT_PORT) with $java_home"
  JAVA_HOME=$java_home JAVA_OPTS_KC_HEAP='-Xms64m -Xmx768m' \
    KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    start_bg keycloak "$KEYCLOAK_LOG" "$KEYCLOAK_HOME/bin/kc.sh" start-dev \
    --http-host=127.0.0.1 --http-port="$KEYCLOAK_PORT" \
    --http-management-port="$KEYCLOAK_MGMT_PORT" --health-enabled=true --import-realm
}

# Healthy when the management endpoint reports ready (if one is given) and the realm serves its
# OpenID configuration, which also proves the realm was imported.
keycloak_ready() {
  local url=$1 mgmt_url=${2:-}
  if [[ -n $mgmt_url ]]; then
    curl -fsS -m 5 -o /dev/null "$mgmt_url/health/ready" 2>/dev/null || return 1
  fi
  curl -fsS -m 5 -o /dev/null "$url/realms/$KEYCLOAK_REALM/.well-known/openid-configuration" 2>/dev/null
}

keycloak_up() {
  local start=$SECONDS pid
  need curl 'to probe Keycloak (apt-get install curl)'
  if pid=$(our_pid keycloak) && [[ $(cat "$KEYCLOAK_REALM_HASH" 2>/dev/null) != "$(realm_hash)" ]] &&
    keycloak_ready "http://127.0.0.1:$KEYCLOAK_PORT"; then
    # Ours, and serving an older realm: restart it so the new realm is imported.
    log "the realm JSON changed since Keycloak (pid $pid) imported it; restarting Keycloak"
    stop_pid keycloak
  fi
  if port_open "$KEYCLOAK_PORT"; then
    log "Keycloak already answers on 127.0.0.1:$KEYCLOAK_PORT; reusing it"
  elif pid=$(our_pid keycloak); then
    watch_pid keycloak "$pid"
    log "Keycloak started earlier is still starting; waiting"
  else
    keycloak_start
  fi
  wait_until keycloak "$KEYCLOAK_LOG" "$INFRA_TIMEOUT" keycloak_ready \
    "http://127.0.0.1:$KEYCLOAK_PORT" "http://127.0.0.1:$KEYCLOAK_MGMT_PORT"
  if our_pid keycloak >/dev/null && [[ -d $KEYCLOAK_DATA ]]; then
    realm_hash >"$KEYCLOAK_REALM_HASH"
  fi
  log "Keycloak ready on 127.0.0.1:$KEYCLOAK_PORT, realm $KEYCLOAK_REALM ($(since "$start"))"
}
