#!/usr/bin/env bash
# Lints the contracts in proto/, checks them for breaking changes against main, and generates
# the TypeScript in libs/contracts/src/gen (ts-proto, formatted with prettier).
#
#   bash proto/generate.sh           regenerate libs/contracts/src/gen
#   bash proto/generate.sh --check   fail if the checked-in code is not what the protos generate
set -euo pipefail

mode=write
case "${1:-}" in
  '') ;;
  --check) mode=check ;;
  -h | --help)
    sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *)
    echo "generate.sh: unknown argument '$1' (use --check or nothing)" >&2
    exit 2
    ;;
esac

proto_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$proto_dir/.." && pwd)"
gen_rel=libs/contracts/src/gen
buf="$repo/node_modules/.bin/buf"
prettier="$repo/node_modules/.bin/prettier"

for tool in "$buf" "$prettier" "$repo/node_modules/.bin/protoc-gen-ts_proto"; do
  if [[ ! -x "$tool" ]]; then
    echo "generate.sh: $tool is missing; run 'npm ci' in $repo first" >&2
    exit 1
  fi
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# buf.gen.yaml names the plugin and the output relative to proto/.
cd "$proto_dir"

echo "buf format"
if ! "$buf" format --diff --exit-code; then
  echo "generate.sh: .proto files are not formatted; run 'npx buf format -w proto'" >&2
  exit 1
fi

echo "buf lint"
"$buf" lint

# Compare with main only once main has contracts; the first commit of proto/ has nothing to
# break. The git input reads committed history, so work in progress on main is not compared.
git_dir="$(git -C "$repo" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)"
if [[ -n "$git_dir" ]] && git -C "$repo" cat-file -e main:proto/buf.yaml 2>/dev/null; then
  echo "buf breaking against main"
  if ! "$buf" breaking --against "$git_dir#branch=main,subdir=proto"; then
    echo "generate.sh: breaking change against main. Within v1 only additive changes are allowed;" >&2
    echo "  add a new field/message/enum value, or start a v2 package (see proto/README.md)." >&2
    exit 1
  fi
else
  echo "buf breaking: skipped, branch main has no proto/buf.yaml yet"
fi

echo "buf generate"
# -o is prepended to the template's out (../libs/contracts/src/gen), so this lands in
# $tmp/libs/contracts/src/gen and the checked-in tree is only touched after formatting.
"$buf" generate -o "$tmp/proto"
out="$tmp/$gen_rel"

# .prettierignore skips the generated tree in the repo, so format with the repo's settings
# but without its ignore file.
"$prettier" --config "$repo/.prettierrc.json" --ignore-path '' --log-level warn --write "$out"

target="$repo/$gen_rel"
if [[ "$mode" == check ]]; then
  if ! diff -r -u "$target" "$out" >"$tmp/diff.txt" 2>&1; then
    sed -e "s#$tmp/#(regenerated) #g" -e "s#$repo/#(checked in) #g" "$tmp/diff.txt" | head -n 60
    echo >&2
    echo "generate.sh: $gen_rel is out of date with proto/. Run 'npm run proto:generate' and commit the result." >&2
    exit 1
  fi
  echo "$gen_rel is up to date"
else
  rm -rf "$target"
  mkdir -p "$(dirname "$target")"
  cp -R "$out" "$target"
  echo "wrote $gen_rel"
fi
