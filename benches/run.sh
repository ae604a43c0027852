#!/usr/bin/env bash
# The benchmark harness (python -m numpy_hpy.bench, see benches/README.md) on
# each runtime, from one wheel built from this checkout, then one chart.
#
#   1. .venv (CPython 3.11 with hpy==0.9.0, numpy and matplotlib; created if
#      missing)
#   2. one wheel built from this checkout (release cargo build in its own target
#      folder build/bench/target), installed into .venv (and into the trixie PyPy
#      with --pypy), and the test extension _testing (crate hpy-testing, cargo
#      feature bench-hpyarg: HPy's own HPyArg_ParseKeywords beside our parser) as
#      build/bench/_testing.hpy0.so, named to the harness in NUMPY_HPY_TESTING_SO
#      (its C-API section); the wheel never contains it
#   3. _capi_ref (benches/python/capi_ref.c) compiled for each interpreter into
#      build/bench/capi_ref, the C-API section's reference
#   4. the harness, from build/ so that the repository's python/ and hpy/ folders
#      cannot shadow the wheel: CPython in HPy universal mode, CPython with
#      HPY=debug (its cost), and with --pypy PyPy 3.11 in universal mode (against
#      NumPy through cpyext where NumPy installs, else numpy_hpy's times alone)
#   5. build/bench/bench.png: one panel per runtime, from the runs' JSON files
#
# Usage: benches/run.sh [--pypy] [--no-build] [--no-debug] [-- HARNESS ARGS]
#   --pypy       also run on .cache/pypy-trixie/bin/pypy3.11 (fetched with
#                scripts/fetch-pypy.sh when missing); _capi_ref is then built
#                against PyPy's cpyext
#   --no-build   reuse the wheel in build/bench/dist instead of building one
#   --no-debug   leave out the HPY=debug run
#   HARNESS ARGS are passed to every run, e.g. -- --quick or -- --filter 'ufunc: add'
# Outputs: the tables on stdout; build/bench/cpython.json, cpython-debug.json,
# pypy.json and bench.png. Exits non-zero when a run fails (a numpy_hpy result
# that differs from NumPy's fails its run), after the other runs and the chart.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BENCH="$ROOT/build/bench"
DIST="$BENCH/dist"
VENV="$ROOT/.venv"
PYPY="$ROOT/.cache/pypy-trixie/bin/pypy3.11"
PYPY_APT="$ROOT/.cache/pypy-trixie/apt"
PIP=(-m pip --disable-pip-version-check -q)
WITH_PYPY=0
BUILD=1
DEBUG=1
while [ $# -gt 0 ]; do
    case "$1" in
        --pypy) WITH_PYPY=1; shift ;;
        --no-build) BUILD=0; shift ;;
        --no-debug) DEBUG=0; shift ;;
        --) shift; break ;;
        -h|--help) sed -n '2,32p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
done
log() { echo "bench: $*" >&2; }

# --- CPython 3.11 venv ---------------------------------------------------------
find_py311() {
    local root p
    root="$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")"
    for p in "$root"/versions/3.11.*/bin/python3.11 "$(command -v python3.11 2>/dev/null)" \
             "$(command -v python3 2>/dev/null)"; do
        [ -n "$p" ] && [ -x "$p" ] || continue
        if "$p" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
            echo "$p"; return 0
        fi
    done
    return 1
}
if [ ! -x "$VENV/bin/python" ]; then
    PY311="$(find_py311)" || { echo "run.sh: no CPython 3.11 found" >&2; exit 1; }
    log "creating $VENV with $PY311"
    "$PY311" -m venv "$VENV"
fi
"$VENV/bin/python" -c "import hpy.universal" 2>/dev/null || "$VENV/bin/python" "${PIP[@]}" install "hpy==0.9.0"
"$VENV/bin/python" -c "import numpy" 2>/dev/null || "$VENV/bin/python" "${PIP[@]}" install numpy \
    || log "no numpy: numpy_hpy's absolute times only"
# The chart (the harness's plot command); the harness itself runs without it.
"$VENV/bin/python" -c "import matplotlib" 2>/dev/null || "$VENV/bin/python" "${PIP[@]}" install matplotlib \
    || log "no matplotlib: no chart"

# --- one wheel, both interpreters ------------------------------------------------
mkdir -p "$BENCH"
if [ "$BUILD" = 1 ]; then
    log "building the wheel and _testing (release cargo builds, _testing with feature bench-hpyarg)"
    rm -f "$DIST"/numpy_hpy-*.whl "$BENCH/_testing.hpy0.so"
    # A target folder of its own, so that the product's target/release is left alone.
    CARGO_TARGET_DIR="$BENCH/target" "$VENV/bin/python" "${PIP[@]}" wheel . --no-deps -w "$DIST"
    # HPyArg_ParseKeywords for the harness's argument-parsing rows (hpy-testing/build.rs).
    CARGO_TARGET_DIR="$BENCH/target" cargo build --release -p hpy-testing --features bench-hpyarg
    cp "$BENCH/target/release/libhpy_testing.so" "$BENCH/_testing.hpy0.so"
fi
[ -f "$BENCH/_testing.hpy0.so" ] || { echo "run.sh: no $BENCH/_testing.hpy0.so (run without --no-build)" >&2; exit 1; }
export NUMPY_HPY_TESTING_SO="$BENCH/_testing.hpy0.so"
wheels=("$DIST"/numpy_hpy-*.whl)
[ -f "${wheels[0]}" ] || { echo "run.sh: no wheel in $DIST (run without --no-build)" >&2; exit 1; }
WHEEL="${wheels[0]}"

# install PYTHON [INCLUDE_DIR]: the wheel, and _capi_ref built for PYTHON
# (INCLUDE_DIR: extra headers, PyPy's Python.h)
CAPI_DIR="$BENCH/capi_ref"
install() {
    local py="$1" inc="${2:-}"
    "$py" "${PIP[@]}" install --no-deps --force-reinstall "$WHEEL"
    "$py" "$ROOT/benches/python/build_capi_ref.py" --build-dir "$CAPI_DIR" \
        ${inc:+--include-dir "$inc"} >/dev/null \
        || log "could not build _capi_ref for $py: the C-API section has our columns only"
}

# harness PYTHON NAME MODE [ARGS]: one run, build/bench/NAME.json; a failed run
# is remembered in STATUS and the next runs still happen.
STATUS=0
RUNS=()
harness() {
    local py="$1" name="$2" mode="$3"
    shift 3
    log "$name: $("$py" -c 'import sys; print(sys.version.split()[0])'), HPY=$mode"
    # Not from the repository root: its python/numpy_hpy would shadow the
    # wheel and its hpy/ (a Rust crate) the hpy runtime package.
    if (cd "$ROOT/build" && HPY="$mode" "$py" -m numpy_hpy.bench --capi-dir "$CAPI_DIR" \
            --require-hpyarg --json "$BENCH/$name.json" "$@"); then
        :
    else
        log "$name: the harness failed"
        STATUS=1
    fi
    if [ -f "$BENCH/$name.json" ]; then
        RUNS+=("$BENCH/$name.json")
    fi
}

rm -f "$BENCH"/*.json "$BENCH/bench.png"
install "$VENV/bin/python"
harness "$VENV/bin/python" cpython universal "$@"
if [ "$DEBUG" = 1 ]; then
    harness "$VENV/bin/python" cpython-debug debug "$@"
fi

# --- PyPy ---------------------------------------------------------------------------
if [ "$WITH_PYPY" = 1 ]; then
    [ -x "$PYPY" ] || "$ROOT/scripts/fetch-pypy.sh" --only trixie >/dev/null
    "$PYPY" -c "import numpy" 2>/dev/null || "$PYPY" "${PIP[@]}" install --only-binary=:all: numpy \
        || log "no numpy for PyPy: numpy_hpy's absolute times only there"
    # Debian's pypy3 ships only a few cpyext headers; Python.h is in pypy3-dev.
    # Fetch that one .deb through the private apt state fetch-pypy.sh left
    # (no root, nothing outside build/bench); failing that, ours only.
    PYPY_INC=""
    if ! "$PYPY" -c 'import os, sys, sysconfig; sys.exit(not os.path.isfile(os.path.join(sysconfig.get_paths()["include"], "Python.h")))'; then
        dev="$BENCH/pypy-dev"
        inc="$(ls -d "$dev"/root/usr/include/pypy3.* 2>/dev/null | head -1 || true)"
        if [ -z "$inc" ] && [ -f "$PYPY_APT/sources.list" ] && command -v apt-get >/dev/null; then
            log "fetching pypy3-dev headers into $dev"
            mkdir -p "$dev/cache/archives/partial"
            apt_opts=(
                -o "Dir::Etc::SourceList=$PYPY_APT/sources.list"
                -o "Dir::Etc::SourceParts=/dev/null"
                -o "Dir::Etc::Preferences=/dev/null"
                -o "Dir::Etc::PreferencesParts=/dev/null"
                -o "Dir::State::Lists=$PYPY_APT/lists"
                -o "Dir::State::status=$PYPY_APT/status"
                -o "Dir::Cache=$dev/cache"
                -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache="
                -o "Debug::NoLocking=1"
                -o "APT::Architectures::=amd64"
            )
            [ "$(id -u)" = 0 ] && apt_opts+=(-o "APT::Sandbox::User=root")
            ver="$("$PYPY" -c 'import sys; print("%d.%d.%d" % sys.pypy_version_info[:3])')"
            if (cd "$dev" && rm -f pypy3-dev_*.deb && apt-get -q "${apt_opts[@]}" download pypy3-dev >"$dev/download.log" 2>&1) \
                    && deb="$(ls "$dev"/pypy3-dev_*.deb | head -1)" \
                    && case "$deb" in *"_$ver"*) true ;; *) log "pypy3-dev is not $ver: not used"; false ;; esac \
                    && dpkg-deb -x "$deb" "$dev/root"; then
                inc="$(ls -d "$dev"/root/usr/include/pypy3.* 2>/dev/null | head -1 || true)"
            else
                log "could not fetch pypy3-dev (see $dev/download.log)"
            fi
        fi
        PYPY_INC="$inc"
    fi
    install "$PYPY" "$PYPY_INC"
    harness "$PYPY" pypy universal "$@"
fi

# --- the chart: one panel per runtime -----------------------------------------------
if [ "${#RUNS[@]}" -gt 0 ]; then
    (cd "$ROOT/build" && "$VENV/bin/python" -m numpy_hpy.bench plot "$BENCH/bench.png" "${RUNS[@]}") || STATUS=1
fi
exit "$STATUS"
