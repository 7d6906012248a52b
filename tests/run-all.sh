#!/usr/bin/env bash
# Every test of the platform, from a fresh clone: dependencies, static checks, unit tests, the real
# servers, integration and end-to-end tests, and the Helm charts. `npm test` and .ci/run call this.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1 NEXT_TELEMETRY_DISABLED=1
root=$PWD
results=$(mktemp -d)

stage() { printf '\n=== %s ===\n' "$*"; }

stage "dependencies"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund
fi

bash deploy/local/system-packages.sh

stage "format, lint, contracts, realm"
npx prettier --check . --log-level warn
npx eslint . --max-warnings=0
bash proto/generate.sh --check
node deploy/keycloak/generate-realm.js --check

stage "build and typecheck"
npx turbo run build typecheck --output-logs=errors-only

stage "unit tests"
npx jest --selectProjects unit --json --outputFile="$results/unit.json"

stage "real servers"
started_infra=0
if ! bash deploy/local/infra.sh status >/dev/null 2>&1; then started_infra=1; fi
bash deploy/local/infra.sh up
if [ "$started_infra" = 1 ] && [ "${XINFANG_KEEP_INFRA:-0}" != 1 ]; then
  trap 'bash "$root/deploy/local/infra.sh" down || true' EXIT
fi
eval "$(bash deploy/local/infra.sh env)"

stage "integration and end-to-end tests"
npx jest --selectProjects integration --runInBand --json --outputFile="$results/integration.json"

stage "helm charts"
bash charts/test.sh

node -e '
const fs = require("fs");
let passed = 0, failed = 0;
for (const f of process.argv.slice(1)) {
  const r = JSON.parse(fs.readFileSync(f, "utf8"));
  passed += r.numPassedTests; failed += r.numFailedTests;
}
console.log(`\ntests: ${passed} passed, ${failed} failed`);
' "$results/unit.json" "$results/integration.json"
