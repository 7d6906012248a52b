# shellcheck shell=bash
# Kafka in KRaft mode (one broker that is also its controller), from Maven Central jars.

KAFKA_HOME="$XINFANG_CACHE/kafka-$KAFKA_VERSION"
KAFKA_STATE="$XINFANG_STATE/kafka"
KAFKA_LOG="$KAFKA_STATE/kafka.log"

kafka_java() {
  local java
  java=$(newest_java 11 "${KAFKA_JAVA:-$(command -v java || true)}") ||
    die "Kafka needs Java >= 11 and none was found on PATH or under /usr/lib/jvm (apt-get install openjdk-17-jre-headless, or set KAFKA_JAVA)"
  echo "$java"
}

kafka_install() {
  [[ -f $KAFKA_HOME/.installed ]] && return 0
  local start=$SECONDS tmp="$KAFKA_HOME.tmp.$$"
  log "downloading Kafka $KAFKA_VERSION jars from Maven Central into $KAFKA_HOME"
  kafka_java >/dev/null
  rm -rf "$tmp"
  mvn_quiet -f "$INFRA_DIR/kafka/pom.xml" -Dkafka.version="$KAFKA_VERSION" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp/libs" ||
    die "could not download the Kafka jars (is Maven Central reachable?)"
  touch "$tmp/.installed"
  rm -rf "$KAFKA_HOME"
  mv "$tmp" "$KAFKA_HOME"
  log "Kafka installed in $(since "$start")"
}

kafka_configure() {
  mkdir -p "$KAFKA_STATE/data"
  cat >"$KAFKA_STATE/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$KAFKA_STATE/data
num.partitions=3
auto.create.topics.enable=true
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
  cat >"$KAFKA_STATE/log4j.properties" <<'EOF'
log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
EOF
}

kafka_run_class() {
  "$(kafka_java)" -Xmx256m -cp "$KAFKA_HOME/libs/*" \
    -Dlog4j.configuration="file:$KAFKA_STATE/log4j.properties" "$@"
}

kafka_start() {
  kafka_install
  kafka_configure
  if [[ ! -f $KAFKA_STATE/data/meta.properties ]]; then
    local cluster_id
    cluster_id=$(kafka_run_class kafka.tools.StorageTool random-uuid)
    kafka_run_class kafka.tools.StorageTool format -t "$cluster_id" \
      -c "$KAFKA_STATE/server.properties" >>"$KAFKA_LOG" 2>&1 ||
      fail_with_log kafka "$KAFKA_LOG" "could not format the Kafka storage in $KAFKA_STATE/data"
  fi
  log "starting Kafka on 127.0.0.1:$KAFKA_PORT"
  start_bg kafka "$KAFKA_LOG" "$(kafka_java)" -Xms128m -Xmx512m -cp "$KAFKA_HOME/libs/*" \
    -Dlog4j.configuration="file:$KAFKA_STATE/log4j.properties" \
    kafka.Kafka "$KAFKA_STATE/server.properties"
}

# Healthy when the broker answers a real ApiVersions request (TCP alone is not enough: the socket
# opens before the broker has joined its controller quorum).
kafka_ready() {
  local host=$1 port=$2
  port_open "$port" "$host" || return 1
  [[ -f $KAFKA_HOME/.installed ]] || return 0
  local answer
  answer=$(timeout 30 "$(kafka_java)" -Xmx128m -cp "$KAFKA_HOME/libs/*" \
    -Dlog4j.configuration="file:$INFRA_DIR/kafka/log4j-quiet.properties" \
    kafka.admin.BrokerApiVersionsCommand --bootstrap-server "$host:$port" 2>/dev/null) || return 1
  [[ $answer == *'ApiVersions('* ]]
}

kafka_up() {
  local start=$SECONDS pid
  if port_open "$KAFKA_PORT"; then
    log "Kafka already answers on 127.0.0.1:$KAFKA_PORT; reusing it"
  elif pid=$(our_pid kafka); then
    watch_pid kafka "$pid"
    log "Kafka started earlier is still starting; waiting"
  else
    kafka_start
  fi
  wait_until kafka "$KAFKA_LOG" "$INFRA_TIMEOUT" kafka_ready 127.0.0.1 "$KAFKA_PORT"
  log "Kafka ready on 127.0.0.1:$KAFKA_PORT ($(since "$start"))"
}
