# shellcheck shell=bash
# A MongoDB-wire server: a real mongod when one is on PATH, otherwise FerretDB v1 (SQLite backend)
# built from its Go module. FerretDB's debug HTTP listener is off: its fixed port 8088 would clash
# between instances and a clash is fatal.

FERRETDB_BIN="$XINFANG_CACHE/bin/ferretdb"
MONGO_STATE="$XINFANG_STATE/mongo"
MONGO_LOG="$MONGO_STATE/mongo.log"

ferretdb_install() {
  local marker="$XINFANG_CACHE/bin/.ferretdb-version"
  [[ -x $FERRETDB_BIN && $(cat "$marker" 2>/dev/null) == "$FERRETDB_VERSION" ]] && return 0
  need go 'to build FerretDB (no mongod on PATH); install Go >= 1.22'
  local start=$SECONDS module="github.com/FerretDB/FerretDB@$FERRETDB_VERSION" dir src
  log "building FerretDB $FERRETDB_VERSION from the Go module proxy (a few minutes on first use)"
  mkdir -p "$XINFANG_CACHE/src" "$XINFANG_CACHE/bin"
  # `go install module@version` also reads the module's version list, which the proxy may refuse;
  # downloading the one version and building it in place avoids that.
  dir=$(cd "$XINFANG_CACHE" && go mod download -json "$module" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p') || true
  [[ -n $dir && -d $dir ]] || die "go mod download $module failed (is the Go module proxy reachable?)"
  src="$XINFANG_CACHE/src/ferretdb-$FERRETDB_VERSION"
  rm -rf "$src"
  cp -R "$dir" "$src"
  chmod -R u+w "$src"
  # FerretDB reads its version from this file at start and panics when it is empty.
  printf '%s\n' "$FERRETDB_VERSION" >"$src/build/version/version.txt"
  (cd "$src" && go build -o "$FERRETDB_BIN.tmp" ./cmd/ferretdb) || die "go build of FerretDB failed"
  mv "$FERRETDB_BIN.tmp" "$FERRETDB_BIN"
  echo "$FERRETDB_VERSION" >"$marker"
  log "FerretDB built in $(since "$start")"
}

mongo_start() {
  mkdir -p "$MONGO_STATE"
  if command -v mongod >/dev/null 2>&1; then
    mkdir -p "$MONGO_STATE/mongod"
    log "starting mongod on 127.0.0.1:$MONGO_PORT"
    start_bg mongo "$MONGO_LOG" mongod --dbpath "$MONGO_STATE/mongod" --bind_ip 127.0.0.1 \
      --port "$MONGO_PORT" --quiet
  else
    ferretdb_install
    mkdir -p "$MONGO_STATE/ferretdb"
    log "starting FerretDB on 127.0.0.1:$MONGO_PORT"
    start_bg mongo "$MONGO_LOG" "$FERRETDB_BIN" --handler=sqlite \
      --sqlite-url="file:$MONGO_STATE/ferretdb/" --listen-addr="127.0.0.1:$MONGO_PORT" \
      --telemetry=disable --state-dir="$MONGO_STATE/ferretdb" --log-level=warn --debug-addr=-
  fi
}

# Healthy when a `ping` command succeeds through the project's mongodb driver; a bare TCP check
# stands in when node_modules is not installed.
mongo_ready() {
  local url=$1 host port hostport
  hostport=${url#mongodb://}
  hostport=${hostport#*@}
  hostport=${hostport%%[/?,]*}
  host=${hostport%:*}
  port=${hostport##*:}
  [[ $port == "$hostport" ]] && port=27017
  port_open "$port" "$host" || return 1
  if (cd "$REPO_ROOT" && node -e 'require.resolve("mongodb")' 2>/dev/null); then
    (cd "$REPO_ROOT" && MONGO_PROBE_URL=$url timeout 20 node -e '
      const { MongoClient } = require("mongodb");
      const client = new MongoClient(process.env.MONGO_PROBE_URL, { serverSelectionTimeoutMS: 3000 });
      client.connect()
        .then(() => client.db("admin").command({ ping: 1 }))
        .then((r) => client.close().then(() => process.exit(r.ok === 1 ? 0 : 1)))
        .catch(() => process.exit(1));
    ' 2>/dev/null)
  fi
}

mongo_up() {
  local start=$SECONDS pid
  if port_open "$MONGO_PORT"; then
    log "a MongoDB-wire server already answers on 127.0.0.1:$MONGO_PORT; reusing it"
  elif pid=$(our_pid mongo); then
    watch_pid mongo "$pid"
    log "the MongoDB-wire server started earlier is still starting; waiting"
  else
    mongo_start
  fi
  wait_until mongo "$MONGO_LOG" "$INFRA_TIMEOUT" mongo_ready "mongodb://127.0.0.1:$MONGO_PORT"
  log "MongoDB-wire server ready on 127.0.0.1:$MONGO_PORT ($(since "$start"))"
}
