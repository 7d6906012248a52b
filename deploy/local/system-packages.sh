#!/usr/bin/env bash
# Debian packages the services and tests need beyond Node, the JDKs and Go: a CJK font for the
# postal letters (notification renders PDFs with it) and poppler's pdftotext, with which the
# tests read those letters back. Installs only what is missing.
set -euo pipefail
need=()
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need+=(fonts-wqy-microhei)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
[ ${#need[@]} -eq 0 ] && exit 0
echo "installing Debian packages: ${need[*]}"
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo=sudo; else
    echo "missing ${need[*]}: install them with apt-get (needs root)" >&2
    exit 1
  fi
fi
${sudo:-} apt-get update -qq
DEBIAN_FRONTEND=noninteractive ${sudo:-} apt-get install -y -qq "${need[@]}" >/dev/null
