#!/usr/bin/env bash
# Call-cost benchmark: numpy_hpy's HPy calling conventions against plain
# CPython C-API functions, same run, as ratios; then the argument-parsing
# benchmark: our parser vs HPy's HPyArg_ParseKeywords vs PyArg_ParseTupleAndKeywords
# (see benches/README.md).
#
#   1. .venv (CPython 3.11 with hpy==0.9.0 and numpy; created if missing)
#   2. one wheel built from this checkout (release cargo build in its own target
#      folder build/bench/target), installed into .venv (and into the trixie PyPy
#      with --pypy), and the test extension _testing (crate hpy-testing, cargo
#      feature bench-hpyarg: HPy's own HPyArg_ParseKeywords beside our parser) as
#      build/bench/_testing.hpy0.so, named to the scripts in NUMPY_HPY_TESTING_SO;
#      the wheel never contains it
#   3. _capi_ref (benches/python/capi_ref.c) compiled for each interpreter
#   4. benches/python/bench_calls.py, then benches/python/bench_argparse.py (and,
#      where numpy imports, bench_creation.py, bench_objects.py and
#      bench_ufuncs.py), in
#      HPy universal mode, from build/ so that the repository's python/ and hpy/
#      folders cannot shadow the wheel
#
# Usage: benches/run.sh [--pypy] [--no-build] [-- ARGS for both scripts]
#   --pypy       also run on .cache/pypy-trixie/bin/pypy3.11 (scripts/fetch-pypy.sh)
#                when it exists; _capi_ref is then built against PyPy's cpyext
#   --no-build   reuse the wheel in build/bench/dist instead of building one
# Env: HPY (default universal) picks the HPy mode of the runs, e.g. HPY=debug.
# Outputs: the markdown tables on stdout; build/bench/calls.json and
# build/bench/argparse.json (CPython), build/bench/calls-pypy.json and
# build/bench/argparse-pypy.json.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BENCH="$ROOT/build/bench"
DIST="$BENCH/dist"
VENV="$ROOT/.venv"
PYPY="$ROOT/.cache/pypy-trixie/bin/pypy3.11"
PYPY_APT="$ROOT/.cache/pypy-trixie/apt"
PIP=(-m pip --disable-pip-version-check -q)
export HPY="${HPY:-universal}"
WITH_PYPY=0
BUILD=1
while [ $# -gt 0 ]; do
    case "$1" in
        --pypy) WITH_PYPY=1; shift ;;
        --no-build) BUILD=0; shift ;;
        --) shift; break ;;
        -h|--help) sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
    || log "no numpy: the NumPy anchor is left out"

# --- one wheel, both interpreters ------------------------------------------------
mkdir -p "$BENCH"
if [ "$BUILD" = 1 ]; then
    log "building the wheel and _testing (release cargo builds, _testing with feature bench-hpyarg)"
    rm -f "$DIST"/numpy_hpy-*.whl "$BENCH/_testing.hpy0.so"
    # A target folder of its own, so that the product's target/release is left alone.
    CARGO_TARGET_DIR="$BENCH/target" "$VENV/bin/python" "${PIP[@]}" wheel . --no-deps -w "$DIST"
    # HPyArg_ParseKeywords for bench_argparse.py (hpy-testing/build.rs).
    CARGO_TARGET_DIR="$BENCH/target" cargo build --release -p hpy-testing --features bench-hpyarg
    cp "$BENCH/target/release/libhpy_testing.so" "$BENCH/_testing.hpy0.so"
fi
[ -f "$BENCH/_testing.hpy0.so" ] || { echo "run.sh: no $BENCH/_testing.hpy0.so (run without --no-build)" >&2; exit 1; }
export NUMPY_HPY_TESTING_SO="$BENCH/_testing.hpy0.so"
wheels=("$DIST"/numpy_hpy-*.whl)
[ -f "${wheels[0]}" ] || { echo "run.sh: no wheel in $DIST (run without --no-build)" >&2; exit 1; }
WHEEL="${wheels[0]}"

# run_bench PYTHON JSON [EXTRA_INCLUDE]; the argparse JSON is JSON with
# calls -> argparse in its file name
run_bench() {
    local py="$1" json="$2" inc="${3:-}" capi_dir argparse_json
    shift 3
    "$py" "${PIP[@]}" install --no-deps --force-reinstall "$WHEEL"
    capi_dir="$BENCH/capi_ref"
    if "$py" "$ROOT/benches/python/build_capi_ref.py" --build-dir "$capi_dir" \
            ${inc:+--include-dir "$inc"} >/dev/null; then
        :
    else
        log "could not build _capi_ref for $py: numpy_hpy only"
    fi
    # Not from the repository root: its python/numpy_hpy would shadow the
    # wheel and its hpy/ (a Rust crate) the hpy runtime package.
    (cd "$ROOT/build" && "$py" "$ROOT/benches/python/bench_calls.py" \
        --capi-dir "$capi_dir" --json "$json" "$@")
    argparse_json="$(dirname "$json")/$(basename "$json" | sed 's/^calls/argparse/')"
    (cd "$ROOT/build" && "$py" "$ROOT/benches/python/bench_argparse.py" \
        --capi-dir "$capi_dir" --json "$argparse_json" --require-hpyarg "$@")
    if "$py" -c "import numpy" 2>/dev/null; then
        (cd "$ROOT/build" && "$py" "$ROOT/benches/python/bench_creation.py")
        (cd "$ROOT/build" && "$py" "$ROOT/benches/python/bench_objects.py")
        (cd "$ROOT/build" && "$py" "$ROOT/benches/python/bench_ufuncs.py")
        (cd "$ROOT/build" && "$py" "$ROOT/benches/python/bench_reductions.py")
    fi
}

log "CPython 3.11, HPY=$HPY"
run_bench "$VENV/bin/python" "$BENCH/calls.json" "" "$@"

# --- PyPy ---------------------------------------------------------------------------
if [ "$WITH_PYPY" = 1 ]; then
    if [ ! -x "$PYPY" ]; then
        log "no $PYPY (scripts/fetch-pypy.sh makes it): PyPy skipped"
        exit 0
    fi
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
    log "PyPy, HPY=$HPY"
    run_bench "$PYPY" "$BENCH/calls-pypy.json" "$PYPY_INC" "$@"
fi
