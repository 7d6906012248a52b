#!/usr/bin/env bash
# Resolves the charts' file:// dependencies (the xinfang-common library) with no network:
# each service chart first, then the umbrella, whose service charts are local directories.
set -euo pipefail
CHARTS=$(cd "$(dirname "$0")" && pwd)
HELM=${HELM:-helm}
for chart in "$CHARTS"/xinfang/charts/*/; do
  "$HELM" dependency build "$chart" --skip-refresh >/dev/null
done
"$HELM" dependency build "$CHARTS/xinfang" --skip-refresh >/dev/null
