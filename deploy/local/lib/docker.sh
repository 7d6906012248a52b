# shellcheck shell=bash
# The three servers as containers, for machines with a Docker engine. Containers this script
# creates are listed in $XINFANG_STATE/containers so `down` removes only those.

DOCKER_LIST="$XINFANG_STATE/containers"

docker_run_once() {
  local name=$1 port=$2
  shift 2
  if port_open "$port"; then
    log "$name: port $port already answers; reusing it"
  elif [[ -n $(docker ps -aq --filter "name=^$name\$") ]]; then
    log "$name: starting the existing container"
    docker start "$name" >/dev/null
  else
    log "$name: creating the container"
    docker run -d --name "$name" "$@" >/dev/null
    echo "$name" >>"$DOCKER_LIST"
  fi
}

docker_up() {
  docker_run_once xinfang-kafka "$KAFKA_PORT" -p "127.0.0.1:$KAFKA_PORT:9092" \
    -e KAFKA_NODE_ID=1 -e KAFKA_PROCESS_ROLES=broker,controller \
    -e KAFKA_LISTENERS=PLAINTEXT://:9092,CONTROLLER://:9093 \
    -e "KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://127.0.0.1:$KAFKA_PORT" \
    -e KAFKA_CONTROLLER_LISTENER_NAMES=CONTROLLER \
    -e KAFKA_LISTENER_SECURITY_PROTOCOL_MAP=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT \
    -e KAFKA_CONTROLLER_QUORUM_VOTERS=1@localhost:9093 -e KAFKA_NUM_PARTITIONS=3 \
    -e KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR=1 -e KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR=1 \
    -e KAFKA_TRANSACTION_STATE_LOG_MIN_ISR=1 -e KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS=0 \
    "apache/kafka:$KAFKA_VERSION"
  docker_run_once xinfang-mongo "$MONGO_PORT" -p "127.0.0.1:$MONGO_PORT:27017" mongo:7
  docker_run_once xinfang-keycloak "$KEYCLOAK_PORT" -p "127.0.0.1:$KEYCLOAK_PORT:8080" \
    -p "127.0.0.1:$KEYCLOAK_MGMT_PORT:9000" \
    -e KC_BOOTSTRAP_ADMIN_USERNAME=admin -e KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    -v "$REALM_JSON:/opt/keycloak/data/import/realm-$KEYCLOAK_REALM.json:ro" \
    "quay.io/keycloak/keycloak:$KEYCLOAK_VERSION" start-dev --import-realm --health-enabled=true
}

docker_down() {
  [[ -f $DOCKER_LIST ]] || return 0
  local name
  while read -r name; do
    [[ -n $name ]] || continue
    log "removing container $name"
    docker rm -f "$name" >/dev/null 2>&1 || true
  done <"$DOCKER_LIST"
  rm -f "$DOCKER_LIST"
}
