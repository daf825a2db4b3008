#!/usr/bin/env bash
# get-go-language-host.sh — make Pulumi's Go language host (pulumi-language-go) usable here, so the
# CLI can run Go programs (the release's artifact tests run one on the generated Go SDK).
#
# Prints, as the LAST line of stdout, the absolute path of a folder holding `pulumi-language-go`;
# put it on PATH beside the CLI of scripts/get-pulumi.sh. Progress goes to stderr.
#
# Built from the Go SDK module github.com/pulumi/pulumi/sdk/v3 at $GO_HOST_SDK_VERSION through the
# wrapper module scripts/pulumi-language-go: the host lived inside that module until v3.66.0, and
# v3.62.0 is the newest such release the Go module proxy here serves (the later split-out module
# github.com/pulumi/pulumi/sdk/go/pulumi-language-go/v3 is refused). It only builds and runs the
# program with the `go` on PATH, so a program on a current sdk/v3 runs under it against the current
# CLI. Cached in .cache/pulumi/go-host with a stamp of the version and the wrapper module's files.
# Cold: about 1 min on 2 cores; cached: nothing to do. Needs Go >= 1.26.6 and the Go module proxy.
# Knob: PULUMI_CLI_CACHE_DIR (default <repo>/.cache).
set -euo pipefail

GO_HOST_SDK_VERSION=3.62.0

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
MODULE_DIR="$SCRIPT_DIR/pulumi-language-go"
CACHE_DIR="${PULUMI_CLI_CACHE_DIR:-$REPO_ROOT/.cache}"
mkdir -p "$CACHE_DIR"
CACHE_DIR="$(cd "$CACHE_DIR" && pwd)"
HOST_DIR="$CACHE_DIR/pulumi/go-host"

log() { printf 'get-go-language-host: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

stamp() {
  printf 'sdk=v%s\nsources=%s\n' "$GO_HOST_SDK_VERSION" "$(cd "$MODULE_DIR" &&
    find . -type f \( -name '*.go' -o -name go.mod -o -name go.sum \) | LC_ALL=C sort | xargs sha256sum |
    sha256sum | cut -c1-16)"
}

# Serialise concurrent runs on the cache.
if command -v flock >/dev/null 2>&1; then
  mkdir -p "$CACHE_DIR/pulumi"
  exec 9>"$CACHE_DIR/pulumi/.go-host.lock"
  flock 9
fi

if [ -x "$HOST_DIR/pulumi-language-go" ] && [ "$(cat "$HOST_DIR/.stamp" 2>/dev/null)" = "$(stamp)" ]; then
  log "Go language host (sdk/v3 v$GO_HOST_SDK_VERSION) reused from $HOST_DIR"
  printf '%s\n' "$HOST_DIR"
  exit 0
fi

command -v go >/dev/null 2>&1 || die "no Go toolchain to build the Go language host (need Go >= 1.26.6)"
stage="$CACHE_DIR/pulumi/go-host.tmp.$$"
rm -rf "$stage" && mkdir -p "$stage"
trap 'rm -rf "$stage"' EXIT
started=$SECONDS
log "building pulumi-language-go from sdk/v3 v$GO_HOST_SDK_VERSION"
(
  cd "$MODULE_DIR"
  GOTOOLCHAIN="${GOTOOLCHAIN:-local}" CGO_ENABLED=0 go build -trimpath \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$GO_HOST_SDK_VERSION" \
    -o "$stage/" github.com/pulumi/pulumi/sdk/v3/go/pulumi-language-go
) >&2 || die "go build of pulumi-language-go failed (see above)"
log "built in $((SECONDS - started))s"
rm -rf "$HOST_DIR" && mv "$stage" "$HOST_DIR"
stamp >"$HOST_DIR/.stamp"
printf '%s\n' "$HOST_DIR"
