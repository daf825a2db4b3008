#!/usr/bin/env bash
# get-actionlint.sh — make actionlint (the GitHub Actions workflow linter) usable on this machine,
# built from the Go module proxy (no release downloads from github.com).
#
# Prints, as the LAST line of stdout, the absolute path of the `actionlint` binary. Everything else
# goes to stderr. Idempotent: a warm re-run only checks the cache (well under a second).
#
#   ACTIONLINT="$(scripts/get-actionlint.sh | tail -n 1)"
#   "$ACTIONLINT" -no-color examples/gitops/.github/workflows/invites.yml
#
# Where the binary comes from, first match wins:
#   1. the cache <repo>/.cache/actionlint/bin/actionlint, if its stamp names $ACTIONLINT_VERSION
#      and the binary reports that version;
#   2. `go install github.com/rhysd/actionlint/cmd/actionlint@v$ACTIONLINT_VERSION` with GOBIN set to
#      a staging folder (module-aware install of a pinned version: no wrapper module is needed, and
#      actionlint's own go.sum pins its dependencies). Needs Go >= 1.25 (its go.mod) and the Go module
#      proxy. Cold (empty module and build caches): ~30 s measured here; warm: ~2 s.
#
# Knobs (environment): ACTIONLINT_CACHE_DIR (default <repo>/.cache/actionlint);
# ACTIONLINT_FORCE_BUILD=1 ignores the cache. An `actionlint` on PATH is deliberately NOT used:
# the tests pin the linter's version so that its findings are reproducible.
set -euo pipefail

ACTIONLINT_VERSION=1.7.12
MODULE=github.com/rhysd/actionlint/cmd/actionlint

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
CACHE_DIR="${ACTIONLINT_CACHE_DIR:-$REPO_ROOT/.cache/actionlint}"
mkdir -p "$CACHE_DIR"
CACHE_DIR="$(cd "$CACHE_DIR" && pwd)"
BIN_DIR="$CACHE_DIR/bin"
BIN="$BIN_DIR/actionlint"
STAMP="$BIN_DIR/.stamp"

log() { printf 'get-actionlint: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Serialise concurrent runs on the cache.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE_DIR/.lock"
  flock 9
fi

# bin_version BIN: prints e.g. 1.7.12 (first line of `actionlint -version`), or fails.
bin_version() {
  local out
  out="$(timeout 30 "$1" -version 2>/dev/null | head -n 1 | tr -d '\r')" || return 1
  [[ "$out" =~ ^v?([0-9]+\.[0-9]+\.[0-9]+) ]] || return 1
  printf '%s\n' "${BASH_REMATCH[1]}"
}

# --- 1. cached build -----------------------------------------------------------
if [ "${ACTIONLINT_FORCE_BUILD:-}" != 1 ] && [ -x "$BIN" ] && [ -f "$STAMP" ] &&
  [ "$(cat "$STAMP")" = "actionlint=v$ACTIONLINT_VERSION" ] &&
  [ "$(bin_version "$BIN" || true)" = "$ACTIONLINT_VERSION" ]; then
  log "using cached actionlint $ACTIONLINT_VERSION"
  printf '%s\n' "$BIN"
  exit 0
fi

# --- 2. go install from the module proxy ---------------------------------------
command -v go >/dev/null 2>&1 || die "no Go toolchain to build actionlint (need Go >= 1.25)"
export GOTOOLCHAIN=local   # never download a toolchain
export CGO_ENABLED=0
stage="$CACHE_DIR/bin.tmp.$$"
rm -rf "$stage" && mkdir -p "$stage"
trap 'rm -rf "$stage"' EXIT
log "building actionlint v$ACTIONLINT_VERSION with $(go env GOVERSION) (go install $MODULE@v$ACTIONLINT_VERSION)"
started=$SECONDS
# -ldflags as in actionlint's .goreleaser.yaml (the version `actionlint -version` reports); a
# module-mode install would report the module version from its build info anyway.
(cd "$stage" && GOBIN="$stage" go install -trimpath \
  -ldflags "-s -w -X github.com/rhysd/actionlint.version=$ACTIONLINT_VERSION -X github.com/rhysd/actionlint.installedFrom=built-from-go-module-proxy" \
  "$MODULE@v$ACTIONLINT_VERSION") >&2 || die "go install $MODULE@v$ACTIONLINT_VERSION failed (see above)"
log "build took $((SECONDS - started))s"
got="$(bin_version "$stage/actionlint" || true)"
[ "$got" = "$ACTIONLINT_VERSION" ] ||
  die "built actionlint reports '$got', not $ACTIONLINT_VERSION: $("$stage/actionlint" -version 2>&1 || true)"
mkdir -p "$BIN_DIR"
mv -f "$stage/actionlint" "$BIN"
printf 'actionlint=v%s\n' "$ACTIONLINT_VERSION" >"$STAMP"
log "installed $BIN"
printf '%s\n' "$BIN"
