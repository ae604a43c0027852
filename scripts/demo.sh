#!/usr/bin/env bash
# Build the wheel, install it into .venv (CPython 3.11, created if missing,
# with hpy==0.9.0) and run examples/demo.py.  Idempotent.
#
# Usage: scripts/demo.sh [--no-build] [-- ARGS for demo.py]
#   --no-build   install the wheel already in build/dist instead of building
# Env: HPY=debug runs the demo with the core in HPy debug mode.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DIST="$ROOT/build/dist"
VENV="$ROOT/.venv"
PIP=(-m pip --disable-pip-version-check -q)
BUILD=1
while [ $# -gt 0 ]; do
    case "$1" in
        --no-build) BUILD=0; shift ;;
        --) shift; break ;;
        *) echo "demo.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
done

pyenv_root() {
    if command -v pyenv >/dev/null 2>&1; then pyenv root; else echo "${PYENV_ROOT:-$HOME/.pyenv}"; fi
}
PY311=""
for p in "$(pyenv_root)"/versions/3.11.*/bin/python3.11; do [ -x "$p" ] && PY311="$p"; done
if [ -z "$PY311" ]; then
    for p in python3.11 python3; do
        p="$(command -v "$p" 2>/dev/null)" || continue
        if "$p" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then PY311="$p"; break; fi
    done
fi
[ -n "$PY311" ] || { echo "demo.sh: no CPython 3.11 found" >&2; exit 1; }

if [ ! -x "$VENV/bin/python" ]; then
    echo "demo: creating $VENV" >&2
    "$PY311" -m venv "$VENV"
fi
"$VENV/bin/python" -c "import hpy.universal" 2>/dev/null || "$VENV/bin/python" "${PIP[@]}" install "hpy==0.9.0"

if [ "$BUILD" = 1 ]; then
    echo "demo: building the wheel" >&2
    mkdir -p "$DIST"
    rm -f "$DIST"/numpy_hpy-*_"$(uname -m)".whl
    "$PY311" "${PIP[@]}" wheel . --no-deps -w "$DIST"
fi
wheels=("$DIST"/numpy_hpy-*_"$(uname -m)".whl)  # build/dist may hold other machines' wheels too
[ -f "${wheels[0]}" ] || { echo "demo.sh: no wheel in $DIST" >&2; exit 1; }
"$VENV/bin/python" "${PIP[@]}" install --no-deps --force-reinstall "${wheels[0]}"

# Not from the repository root: its python/numpy_hpy would shadow the wheel.
cd "$ROOT/build"
exec "$VENV/bin/python" "$ROOT/examples/demo.py" "$@"
