#!/usr/bin/env bash
# get-python-venv.sh — the Python virtualenv the Python programs (examples/python, the e2e tests) run
# in: the `pulumi` SDK from PyPI at $PULUMI_PYTHON_VERSION and the generated SDK from sdk/python.
# Prints, as the LAST line of stdout, the venv's `bin` folder; put it first on PATH when running
# `pulumi` in a Python project (the v3.68.0 Python language host runs the `python3` first on PATH and
# does not read a virtualenv from Pulumi.yaml). Progress goes to stderr.
#
# Cached in .cache/python-venv with a stamp of the pinned version and of sdk/python's files: a
# re-run with both unchanged only checks the stamp; a changed sdk/python reinstalls just that package.
# Needs python3 (>= 3.9, with venv) and PyPI. Knob: PULUMI_CLI_CACHE_DIR (default <repo>/.cache).
set -euo pipefail

PULUMI_PYTHON_VERSION=3.272.0  # the `pulumi` package on PyPI

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
CACHE_DIR="${PULUMI_CLI_CACHE_DIR:-$REPO_ROOT/.cache}"
mkdir -p "$CACHE_DIR"
CACHE_DIR="$(cd "$CACHE_DIR" && pwd)"
VENV="$CACHE_DIR/python-venv"
SDK="$REPO_ROOT/sdk/python"

log() { printf 'get-python-venv: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

sdk_hash() {
  (cd "$SDK" && find . -type f | LC_ALL=C sort | xargs sha256sum) | sha256sum | cut -c1-16
}

command -v python3 >/dev/null 2>&1 || die "no python3 on PATH (need >= 3.9 with the venv module)"
[ -d "$SDK" ] || die "no $SDK: run scripts/gen-sdk.sh"

# Serialise concurrent runs on the cache.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE_DIR/.python-venv.lock"
  flock 9
fi

started=$SECONDS
want_base="pulumi=$PULUMI_PYTHON_VERSION python=$(python3 -c 'import sys; print(sys.version.split()[0])')"
if [ ! -x "$VENV/bin/python3" ] || [ "$(cat "$VENV/.stamp-base" 2>/dev/null)" != "$want_base" ]; then
  log "creating $VENV with pulumi==$PULUMI_PYTHON_VERSION from PyPI"
  rm -rf "$VENV"
  python3 -m venv "$VENV" >&2
  "$VENV/bin/python3" -m pip install --quiet --disable-pip-version-check "pulumi==$PULUMI_PYTHON_VERSION" >&2 ||
    die "pip install pulumi==$PULUMI_PYTHON_VERSION failed (see above)"
  printf '%s' "$want_base" >"$VENV/.stamp-base"
  rm -f "$VENV/.stamp-sdk"
fi
if [ "$(cat "$VENV/.stamp-sdk" 2>/dev/null)" != "$(sdk_hash)" ]; then
  log "installing the generated SDK from $SDK"
  # A copy: pip builds in the source folder, which must stay as gen-sdk.sh wrote it.
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  cp -a "$SDK" "$work/python"
  "$VENV/bin/python3" -m pip uninstall --quiet --yes pulumi_datatrails >&2 2>/dev/null || true
  "$VENV/bin/python3" -m pip install --quiet --disable-pip-version-check "$work/python" >&2 ||
    die "pip install of sdk/python failed (see above)"
  sdk_hash >"$VENV/.stamp-sdk"
  log "venv ready in $((SECONDS - started))s"
else
  log "venv reused from $VENV"
fi
printf '%s\n' "$VENV/bin"
