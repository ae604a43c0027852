#!/usr/bin/env bash
# `make wheels`: the release artefacts, into build/dist/:
#
#   numpy_hpy-<v>-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
#   numpy_hpy-<v>-py3-none-manylinux_2_17_aarch64.manylinux2014_aarch64.whl
#   numpy_hpy-<v>.tar.gz                       (the sdist)
#
# The wheels are built by the in-tree backend with a target
# (NUMPY_HPY_TARGET=<arch>-unknown-linux-gnu.2.17): cargo-zigbuild links the
# core against glibc 2.17 on this machine, for either architecture, zig cc
# builds HPy's CPython 3.13 runtime the same way, and
# build_backend/libm_newest.c keeps the core on the newest libm functions of
# the glibc it runs on.  The tools (the cargo-zigbuild and ziglang packages,
# auditwheel) are pip-installed into .cache/venvs/wheel-tools; rustup adds
# the aarch64 target when it is missing.
#
# Usage: scripts/build-wheels.sh [--check] [x86_64|aarch64|sdist]...
#   (nothing: all three)
#   --check   build nothing: check that build/dist holds the three files, that
#             each wheel's tag is manylinux_2_17/manylinux2014 for its machine
#             and that `auditwheel show` agrees (prints its report)
# Env: PYTHON311  the CPython for the tools venv (default: pyenv's 3.11, else
#                 python3.11, else python3)
#      CARGO_TARGET_DIR is honoured (cargo's own).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DIST="$ROOT/build/dist"
TOOLS="$ROOT/.cache/venvs/wheel-tools"
TOOLS_REQS=(cargo-zigbuild ziglang auditwheel)
GLIBC=2.17
VERSION="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' python/numpy_hpy/_version.py)"

log() { printf '\n\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { echo "build-wheels: error: $*" >&2; exit 1; }

CHECK=0
WHAT=()
for a in "$@"; do
    case "$a" in
        --check) CHECK=1 ;;
        x86_64|aarch64|sdist) WHAT+=("$a") ;;
        -h|--help) sed -n '2,26p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument: $a" ;;
    esac
done
[ "${#WHAT[@]}" = 0 ] && WHAT=(x86_64 aarch64 sdist)

find_python311() {
    local p root
    if [ -n "${PYTHON311:-}" ]; then echo "$PYTHON311"; return; fi
    root="$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")"
    for p in "$root"/versions/3.11.*/bin/python3.11; do [ -x "$p" ] && local best="$p"; done
    [ -n "${best:-}" ] && { echo "$best"; return; }
    command -v python3.11 || command -v python3
}

ensure_tools() {
    local want="${TOOLS_REQS[*]}"
    if [ ! -x "$TOOLS/bin/python" ] || ! "$TOOLS/bin/python" -c "import sys" 2>/dev/null; then
        log "creating $TOOLS"
        rm -rf "$TOOLS"
        "$(find_python311)" -m venv "$TOOLS"
    fi
    if [ "$(cat "$TOOLS/.numpy-hpy-reqs" 2>/dev/null)" != "$want" ]; then
        log "pip install into $TOOLS: $want"
        "$TOOLS/bin/python" -m pip --disable-pip-version-check -q install "${TOOLS_REQS[@]}"
        printf '%s' "$want" > "$TOOLS/.numpy-hpy-reqs"
    fi
}

wheel_of() {  # wheel_of ARCH -> the file name make wheels gives
    echo "numpy_hpy-$VERSION-py3-none-manylinux_${GLIBC/./_}_$1.manylinux2014_$1.whl"
}

build_wheel() {  # build_wheel ARCH
    local arch="$1" triple="$1-unknown-linux-gnu"
    if ! rustup target list --installed 2>/dev/null | grep -qx "$triple"; then
        log "rustup target add $triple"
        rustup target add "$triple"
    fi
    rm -f "$DIST"/numpy_hpy-*_"$arch".whl
    log "wheel for $triple.$GLIBC"
    # The tools venv first on PATH: cargo-zigbuild, and the python3 whose
    # ziglang package it (and the backend) run as zig.  No build isolation:
    # the backend then finds them here instead of fetching them again.
    PATH="$TOOLS/bin:$PATH" NUMPY_HPY_TARGET="$triple.$GLIBC" \
        "$TOOLS/bin/python" -m pip --disable-pip-version-check wheel . \
        --no-deps --no-build-isolation -w "$DIST"
    [ -f "$DIST/$(wheel_of "$arch")" ] || die "expected $DIST/$(wheel_of "$arch")"
}

build_sdist() {
    rm -f "$DIST"/numpy_hpy-*.tar.gz
    log "sdist"
    "$TOOLS/bin/python" -c '
import sys
sys.path[:0] = ["build_backend"]
import numpy_hpy_build
print(numpy_hpy_build.build_sdist(sys.argv[1]))' "$DIST"
}

check() {
    local what wheel rc=0 out
    for what in "${WHAT[@]}"; do
        if [ "$what" = sdist ]; then
            if [ -f "$DIST/numpy_hpy-$VERSION.tar.gz" ]; then
                echo "ok: numpy_hpy-$VERSION.tar.gz"
            else
                echo "MISSING: $DIST/numpy_hpy-$VERSION.tar.gz"; rc=1
            fi
            continue
        fi
        wheel="$DIST/$(wheel_of "$what")"
        if [ ! -f "$wheel" ]; then
            echo "MISSING: $wheel (found: $(cd "$DIST" && ls numpy_hpy-*_"$what".whl 2>/dev/null | tr '\n' ' '))"
            rc=1; continue
        fi
        out="$("$TOOLS/bin/python" -m auditwheel show "$wheel" 2>&1)" || { echo "$out"; rc=1; continue; }
        echo "$out"
        if tr -s ' \n' ' ' <<<"$out" | grep -q "consistent with the following platform tag: \"manylinux_${GLIBC/./_}_$what\""; then
            echo "ok: $(basename "$wheel"): auditwheel agrees (manylinux_${GLIBC/./_}_$what)"
        else
            echo "FAIL: $(basename "$wheel"): auditwheel does not report manylinux_${GLIBC/./_}_$what"; rc=1
        fi
    done
    return "$rc"
}

mkdir -p "$DIST"
ensure_tools
if [ "$CHECK" = 1 ]; then
    check
    exit
fi
for what in "${WHAT[@]}"; do
    case "$what" in
        sdist) build_sdist ;;
        *) build_wheel "$what" ;;
    esac
done
log "built:"
(cd "$DIST" && ls -l numpy_hpy-*)
