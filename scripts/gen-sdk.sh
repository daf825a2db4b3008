#!/usr/bin/env bash
# gen-sdk.sh — regenerate the SDKs under sdk/ from schema.json with `pulumi package gen-sdk`:
#   sdk/nodejs (TypeScript sources of the Node.js package `pulumi-datatrails`)
#   sdk/python (the Python package `pulumi_datatrails`)
#   sdk/go     (the Go module `<repository>/sdk/go`, package `datatrails`; the schema's supportPack
#               gives it its own go.mod, so it is tagged `sdk/go/v<version>`)
#
#   scripts/gen-sdk.sh           # regenerate sdk/nodejs, sdk/python and sdk/go
#   scripts/gen-sdk.sh --check   # regenerate into a temp folder and diff with sdk/: exit 1 when stale
#
# The CLI comes from scripts/get-pulumi.sh. `pulumi package gen-sdk` asks the language host of each
# language to generate its SDK (the GeneratePackage RPC), which the language hosts this repository
# runs programs with (sdk/v3 v3.68.0) predate; so, for this command only, a folder holding
# scripts/pulumi-codegen-host (the code generators of the CLI's own pkg/v3 release, built once and
# cached in .cache/pulumi/codegen-host with a stamp; ~15 s with the CLI's Go build cache warm) under
# the names pulumi-language-nodejs, pulumi-language-python and pulumi-language-go comes first on PATH. The CLI warns
# that it uses those from $PATH rather than the ones beside it: that is the point.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
MODULE_DIR="$SCRIPT_DIR/pulumi-codegen-host"
CACHE_DIR="${PULUMI_CLI_CACHE_DIR:-$REPO_ROOT/.cache}"
mkdir -p "$CACHE_DIR"
CACHE_DIR="$(cd "$CACHE_DIR" && pwd)"
HOST_DIR="$CACHE_DIR/pulumi/codegen-host"
LANGUAGES=(nodejs python go)

log() { printf 'gen-sdk: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

check=0
case "${1:-}" in
  --check) check=1 ;;
  "") ;;
  *) die "unknown argument $1 (use --check, or nothing)" ;;
esac

host_stamp() {
  (cd "$MODULE_DIR" && find . -type f \( -name '*.go' -o -name go.mod -o -name go.sum \) | LC_ALL=C sort |
    xargs sha256sum) | sha256sum | cut -c1-16
}

# build_codegen_host: HOST_DIR holds the host under both language names (built once, then cached).
build_codegen_host() {
  if [ -f "$HOST_DIR/.stamp" ] && [ "$(cat "$HOST_DIR/.stamp")" = "$(host_stamp)" ] &&
    [ -x "$HOST_DIR/pulumi-codegen-host" ]; then
    return 0
  fi
  command -v go >/dev/null 2>&1 || die "no Go toolchain to build the codegen host (need Go >= 1.26.6)"
  local stage="$CACHE_DIR/pulumi/codegen-host.tmp.$$" started=$SECONDS lang
  rm -rf "$stage" && mkdir -p "$stage"
  log "building the codegen host (scripts/pulumi-codegen-host)"
  (
    cd "$MODULE_DIR"
    GOTOOLCHAIN="${GOTOOLCHAIN:-local}" CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$stage/" .
  ) >&2 || { rm -rf "$stage"; die "go build of the codegen host failed (see above)"; }
  for lang in "${LANGUAGES[@]}"; do ln -s pulumi-codegen-host "$stage/pulumi-language-$lang"; done
  log "codegen host built in $((SECONDS - started))s"
  rm -rf "$HOST_DIR" && mv "$stage" "$HOST_DIR"
  host_stamp >"$HOST_DIR/.stamp"
}

PULUMI_BIN_DIR="$(bash "$SCRIPT_DIR/get-pulumi.sh" | tail -n 1)"
build_codegen_host

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home"
for lang in "${LANGUAGES[@]}"; do
  PATH="$HOST_DIR:$PULUMI_BIN_DIR:$PATH" PULUMI_HOME="$work/home" PULUMI_SKIP_UPDATE_CHECK=true \
    pulumi package gen-sdk "$REPO_ROOT/schema.json" --language "$lang" --out "$work/sdk" >&2 ||
    die "pulumi package gen-sdk --language $lang failed (see above)"
done

if [ "$check" = 1 ]; then
  if ! diff -r "$work/sdk" "$REPO_ROOT/sdk" >"$work/diff.txt" 2>&1; then
    head -n 60 "$work/diff.txt" >&2
    die "sdk/ is not what schema.json generates: run scripts/gen-sdk.sh and commit sdk/"
  fi
  log "sdk/ is up to date with schema.json"
else
  rm -rf "$REPO_ROOT/sdk" && mkdir -p "$REPO_ROOT/sdk"
  for lang in "${LANGUAGES[@]}"; do cp -a "$work/sdk/$lang" "$REPO_ROOT/sdk/$lang"; done
  log "wrote $(cd "$REPO_ROOT" && find sdk -type f | wc -l) files under $REPO_ROOT/sdk"
fi
