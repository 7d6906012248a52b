# shellcheck shell=bash
# The helm CLI for the chart tests, built from its Go module (never during `up`: it takes minutes).

HELM_BIN="$XINFANG_CACHE/bin/helm"

helm_install() {
  local marker="$XINFANG_CACHE/bin/.helm-version"
  if [[ ! -x $HELM_BIN || $(cat "$marker" 2>/dev/null) != "$HELM_VERSION" ]]; then
    need go 'to build helm; install Go >= 1.22'
    local start=$SECONDS
    log "building helm $HELM_VERSION from the Go module proxy (a few minutes on first use)"
    mkdir -p "$XINFANG_CACHE/bin"
    # Helm's release builds stamp the full version; without it `helm version` says only "v3.16".
    (cd "$XINFANG_CACHE" && GOBIN="$XINFANG_CACHE/bin" go install \
      -ldflags "-X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" \
      "helm.sh/helm/v3/cmd/helm@$HELM_VERSION") ||
      die "go install of helm $HELM_VERSION failed"
    echo "$HELM_VERSION" >"$marker"
    log "helm built in $(since "$start")"
  fi
  echo "$HELM_BIN"
}
