#!/usr/bin/env bash
# The project's whole test command (`make test`, and CI through .ci/run).
#
# Does all of its set-up itself, idempotently, on a fresh machine: builds ONE
# wheel and runs the suite with that same wheel on every runtime:
#
#   rust: fmt | clippy | cargo test     cargo fmt --check, clippy -D warnings, cargo test
#   rust: miri                          Miri over numpy-pure and the hpy layer's context access
#   wheel                               scripts/build-wheels.sh (make wheels) -> build/dist/:
#                                       the manylinux2014 x86_64 and aarch64 wheels
#                                       and the sdist (once); every stage below
#                                       installs this machine's wheel; and the
#                                       test extension from the same commit:
#                                       cargo build -p hpy-testing -> build/testing/
#                                       _testing.hpy0.so (never in the wheel; every
#                                       pytest run gets it as NUMPY_HPY_TESTING_SO)
#   wheel tags                          build-wheels.sh --check: both wheels tagged
#                                       manylinux_2_17 (manylinux2014), auditwheel agrees
#   sdist                               pip install build/dist/numpy_hpy-*.tar.gz into a
#                                       fresh venv (cargo builds it), then import + compute
#   hpy vendored                        third_party/hpy-0.9.0 is hpy 0.9.0's sdist + patches
#   CPython 3.11                        .venv: pytest tests/ (NumPy 2.4: 2.5 needs 3.12)
#   CPython 3.11 HPY=debug+leak         same, core in HPy debug mode, every test
#                                       inside hpy.debug.LeakDetector
#   CPython 3.12, 3.13 [HPY=debug+leak] the same on .cache/venvs/cp3X (NumPy 2.5);
#                                       3.13 through the wheel's own HPy runtime
#   PyPy 3.11 [HPY=debug+leak]          trixie's PyPy 7.3.19 (scripts/fetch-pypy.sh)
#   bench --quick                       python -m numpy_hpy.bench --quick on CPython 3.11:
#                                       every row checked against NumPy, timings
#                                       printed, never judged (a smoke test)
#   bookworm PyPy refusal               tests/test_abi_refusal.py: HPy 0.0.4 must
#                                       get a clear ImportError, not a crash
#   smoke CPython 3.8 ... 3.10          every other pyenv CPython: pytest -m smoke
#                                       (+ import numpy_hpy; show_runtime())
#   aarch64 smoke                       the aarch64 wheel on trixie's arm64 PyPy 3.11 under
#                                       qemu-aarch64 (qemu-user, apt-installed when
#                                       missing): pytest -m smoke
#
# Every stage runs even when an earlier one failed; a summary table ends the
# output and the exit status is 1 if any stage failed.  Logs: build/test-logs/.
#
# Usage: scripts/test.sh [STAGE-GLOB...]     e.g. scripts/test.sh 'smoke*' 'wheel'
#   only the stages whose id matches a glob run (ids: fmt clippy cargo-test miri
#   wheel wheel-tags sdist hpy-vendored cpython cpython-debug cpython-3.12
#   cpython-3.12-debug cpython-3.13 cpython-3.13-debug bench-quick pypy
#   pypy-debug bookworm smoke-3.8 ... smoke-3.10 smoke-aarch64;
#   the wheel and _testing are rebuilt only when 'wheel' is selected, else the
#   last ones are used).
# Env:
#   PYTEST_ADDOPTS       extra pytest options for every run (pytest reads it)
#   NUMPY_HPY_CORE_SO    forwarded to the build backend: wrap this prebuilt
#                        universal _core instead of running cargo
#   NUMPY_HPY_OFFLINE=1  never run pip against an index (use cached venvs only)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

BUILD="$ROOT/build"
DIST="$BUILD/dist"
# The test extension (crate hpy-testing): tests/hpy_testing.py loads it.
TESTING_SO="$BUILD/testing/_testing.hpy0.so"
LOGS="$BUILD/test-logs"
# pytest runs from here: neither the repository root (its python/numpy_hpy
# would shadow the installed wheel, and its hpy/ crate folder would merge into
# the 'hpy' namespace package) nor anywhere pytest could leave files behind.
RUNDIR="$BUILD/pytest-cwd"
VENVS="$ROOT/.cache/venvs"
PYPY_CACHE="$ROOT/.cache"
SMOKE_VERSIONS=(3.8 3.9 3.10)
FULL_VERSIONS=(3.12 3.13)
HPY_PIN="hpy==0.9.0"
# hypothesis >= 6.156 has a native module PyPy 7.3.19 cannot load (see fetch-pypy.sh).
# setuptools: tests/test_capi.py builds the C example with hpy.devel's setup.py support.
MAIN_REQS=("$HPY_PIN" numpy pytest hypothesis auditwheel ndindex setuptools)
SMOKE_REQS=("$HPY_PIN" pytest hypothesis)
PIP=(-m pip --disable-pip-version-check -q)
PYTEST_OPTS=(-p no:cacheprovider --rootdir "$ROOT" -ra)

mkdir -p "$DIST" "$LOGS" "$RUNDIR" "$VENVS"
SELECT=("$@")

# -------------------------------------------------------------- helpers
log() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

pyenv_root() {
    if command -v pyenv >/dev/null 2>&1; then pyenv root; else echo "${PYENV_ROOT:-$HOME/.pyenv}"; fi
}

# The newest pyenv CPython X.Y, else pythonX.Y / python3 on PATH if it is X.Y.
find_python() {  # find_python 3.11
    local want="$1" p best=""
    for p in "$(pyenv_root)"/versions/"$want".*/bin/python"$want"; do
        [ -x "$p" ] || continue
        case "$p" in *-dev/*|*t/bin/*) continue ;; esac
        best="$p"
    done
    if [ -z "$best" ]; then
        for p in "python$want" python3; do
            p="$(command -v "$p" 2>/dev/null)" || continue
            if "$p" -c "import sys; sys.exit(sys.version_info[:2] != tuple(map(int, '$want'.split('.'))))" 2>/dev/null; then
                best="$p"; break
            fi
        done
    fi
    [ -n "$best" ] && printf '%s\n' "$best"
}

# Create VENV from BASE_PYTHON if missing (or broken), install REQS when the
# stamp says they changed.  Cached between runs.
ensure_venv() {  # ensure_venv VENV BASE_PYTHON REQ...
    local venv="$1" base="$2"; shift 2
    local want="$* | $("$base" -c 'import sys; print(sys.version)' | head -n 1)"
    if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import sys" 2>/dev/null; then
        log "creating venv $venv from $base"
        rm -rf "$venv"
        "$base" -m venv "$venv"
    fi
    if [ "$(cat "$venv/.numpy-hpy-reqs" 2>/dev/null)" != "$want" ]; then
        [ "${NUMPY_HPY_OFFLINE:-0}" = 1 ] && { echo "offline: $venv lacks $*" >&2; return 1; }
        log "pip install into $venv: $*"
        "$venv/bin/python" "${PIP[@]}" install --upgrade pip
        "$venv/bin/python" "${PIP[@]}" install "$@"
        printf '%s' "$want" > "$venv/.numpy-hpy-reqs"
    fi
}

# numpy (the tests' oracle) only as a binary wheel: none for some versions.
ensure_numpy() {  # ensure_numpy PYTHON
    local py="$1"
    "$py" -c "import numpy" 2>/dev/null && return 0
    [ "${NUMPY_HPY_OFFLINE:-0}" = 1 ] && return 0
    "$py" "${PIP[@]}" install --only-binary=:all: numpy \
        || echo "note: no numpy wheel for $("$py" -c 'import sys; print(sys.version.split()[0])'); tests needing it skip" >&2
}

# This machine's wheel (build/dist also holds the other machine's).
the_wheel() {  # the_wheel [ARCH]
    local found=("$DIST"/numpy_hpy-*_"${1:-$(uname -m)}".whl)
    [ "${#found[@]}" = 1 ] && [ -f "${found[0]}" ] || return 1
    printf '%s\n' "${found[0]}"
}

install_wheel() {  # install_wheel PYTHON
    local wheel
    wheel="$(the_wheel)" || { echo "no wheel in $DIST" >&2; return 1; }
    "$1" "${PIP[@]}" install --no-deps --force-reinstall "$wheel"
}

# The installed package, not the checkout, must be what `import numpy_hpy` finds.
check_import() {  # check_import PYTHON
    (cd "$RUNDIR" && "$1" -c '
import os, sys
import numpy_hpy
root = os.path.realpath(sys.argv[1])
where = os.path.realpath(numpy_hpy.__file__)
assert not where.startswith(root + os.sep + "python" + os.sep), "imported from the checkout: " + where
numpy_hpy.show_runtime()
' "$ROOT")
}

run_pytest() {  # run_pytest PYTHON [pytest args...]   (env TEST_ARCH: another machine's wheel)
    local py="$1" rc=0; shift
    local wheel
    wheel="$(the_wheel "${TEST_ARCH:-}")" || { echo "no wheel in $DIST" >&2; return 1; }
    local current="$BUILD/.current-test"
    rm -f "$current"
    (
        cd "$RUNDIR"
        export NUMPY_HPY_WHEEL="$wheel" NUMPY_HPY_REQUIRE_INSTALLED=1 PYTHONSAFEPATH=1
        export NUMPY_HPY_TESTING_SO="$TESTING_SO"
        export PYTHONDONTWRITEBYTECODE=1 NUMPY_HPY_CURRENT_TEST_FILE="$current"
        "$py" -X faulthandler -m pytest "${PYTEST_OPTS[@]}" "$@"
    ) || rc=$?
    if [ "$rc" -gt 128 ]; then
        local where="during collection"
        [ -f "$current" ] && where="in $(cat "$current")"
        echo "pytest killed by signal $((rc - 128)) $where" >&2
        note "crashed (signal $((rc - 128))) $where"
    fi
    return "$rc"
}

# ------------------------------------------------------- stage machinery
IDS=() NAMES=() RESULTS=() TIMES=() NOTES=()
NOTE_FILE="$BUILD/.stage-note"

note() { printf '%s' "$*" > "$NOTE_FILE"; }
skip() { note "$*"; exit 77; }

selected() {
    [ "${#SELECT[@]}" = 0 ] && return 0
    local g
    for g in "${SELECT[@]}"; do
        # shellcheck disable=SC2053
        [[ "$1" == $g ]] && return 0
    done
    return 1
}

# stage ID "Title" FUNCTION [ARGS...]: run in a subshell with set -e, log to
# build/test-logs/ID.log; exit 77 means SKIP (reason from `skip`).
stage() {
    local id="$1" title="$2"; shift 2
    selected "$id" || return 0
    log "[$id] $title"
    rm -f "$NOTE_FILE"
    local start=$SECONDS rc=0
    set +e
    ( set -e; "$@" ) 2>&1 | tee "$LOGS/$id.log"
    rc=${PIPESTATUS[0]}
    set -e
    local result
    case "$rc" in
        0) result=PASS ;;
        77) result=SKIP ;;
        *) result=FAIL ;;
    esac
    local n=""
    [ -f "$NOTE_FILE" ] && n="$(cat "$NOTE_FILE")"
    [ "$result" = FAIL ] && [ -z "$n" ] && n="exit $rc, see build/test-logs/$id.log"
    IDS+=("$id") NAMES+=("$title") RESULTS+=("$result") TIMES+=("$((SECONDS - start))") NOTES+=("$n")
}

# ---------------------------------------------------------------- stages
PY311="$(find_python 3.11 || true)"
PYPY="$PYPY_CACHE/pypy-trixie/bin/pypy3.11"
BOOKWORM="$PYPY_CACHE/pypy-bookworm/bin/pypy3"

st_setup_libclang() {
    # hpy-sys's bindgen regeneration test needs libclang; it skips without it.
    if ls /usr/lib/llvm-*/lib/libclang*.so* >/dev/null 2>&1 || ldconfig -p 2>/dev/null | grep -q 'libclang[-.0-9]*\.so'; then
        return 0
    fi
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        log "installing libclang-dev"
        { apt-get install -y -q libclang-dev || { apt-get update -q && apt-get install -y -q libclang-dev; }; } \
            || echo "note: could not install libclang-dev; the bindings regeneration test will skip" >&2
    else
        echo "note: libclang not found and not root; the bindings regeneration test will skip" >&2
    fi
}

st_fmt() { cargo fmt --all --check; }

# Miri over the pure crate (its unsafe element and allocation code, every
# layout/index/shape algorithm; the big NumPy-table tests, which hold no
# unsafe code, are skipped under Miri) and the hpy layer's context-table
# access. Miri needs the nightly toolchain's miri and rust-src components.
st_miri() {
    if ! cargo +nightly miri --version >/dev/null 2>&1; then
        log "installing nightly miri + rust-src (rustup)"
        rustup toolchain install nightly --profile minimal --component miri,rust-src \
            || rustup component add miri rust-src --toolchain nightly \
            || skip "could not install miri"
    fi
    cargo +nightly miri setup
    cargo +nightly miri test -p numpy-pure
    cargo +nightly miri test -p hpy --lib runtime
}
st_clippy() { cargo clippy --workspace --all-targets -- -D warnings; }
st_cargo_test() { st_setup_libclang; cargo test --workspace; }

st_wheel() {
    [ -n "$PY311" ] || { note "no CPython 3.11 found"; return 1; }
    rm -f "$DIST"/numpy_hpy-* "$TESTING_SO"
    PYTHON311="$PY311" "$ROOT/scripts/build-wheels.sh"
    build_testing_ext
    note "$(cd "$DIST" && echo numpy_hpy-*) + $(basename "$TESTING_SO")"
}

st_wheel_tags() {
    need_wheel
    "$ROOT/scripts/build-wheels.sh" --check
}

# The sdist builds the same wheel where Rust is: pip install it into a fresh
# venv (cargo runs in pip's build; its target folder is kept in target/sdist
# between runs), then use it.
st_sdist() {
    local sdist venv="$BUILD/sdist-venv"
    sdist="$(ls "$DIST"/numpy_hpy-*.tar.gz 2>/dev/null | head -n 1)"
    [ -n "$sdist" ] || skip "no sdist in $DIST (wheel stage failed)"
    rm -rf "$venv"
    "$PY311" -m venv "$venv"
    "$venv/bin/python" "${PIP[@]}" install "$HPY_PIN"
    CARGO_TARGET_DIR="$ROOT/target/sdist" NUMPY_HPY_CPYTHON313=none \
        "$venv/bin/python" "${PIP[@]}" install --no-deps "$sdist"
    check_import "$venv/bin/python"
    (cd "$RUNDIR" && "$venv/bin/python" -c '
import math
import numpy_hpy as nh
a = nh.arange(12.0).reshape(3, 4)
r = nh.exp(a).sum(axis=0) + nh.hypot(a[0], a[1])
want = [sum(math.exp(4 * i + j) for i in range(3)) + math.hypot(j, 4 + j) for j in range(4)]
assert r.tolist() == want or max(abs(x - y) / y for x, y in zip(r.tolist(), want)) < 1e-14, (r, want)
print("sdist install ok:", r)
')
    note "$(basename "$sdist") -> $(cd "$venv" && ls lib/python*/site-packages | grep -m1 '^numpy_hpy-.*dist-info')"
}

# The test extension `_testing` and the C API's Rust example, from the same
# commit as the wheel (the same release profile as the core).
build_testing_ext() {
    local target
    cargo build --release -p hpy-testing -p capi-rust-demo
    target="$(cargo metadata --format-version 1 --no-deps \
        | "$PY311" -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
    mkdir -p "$(dirname "$TESTING_SO")"
    cp "$target/release/libhpy_testing.so" "$TESTING_SO"
    # examples/capi_rust, a downstream Rust extension of the C API (tests/test_capi.py)
    cp "$target/release/libcapi_rust_demo.so" "$(dirname "$TESTING_SO")/capi_rust_demo.hpy0.so"
}

need_wheel() { the_wheel >/dev/null || skip "no wheel (wheel stage failed)"; }

st_cpython() {  # st_cpython 3.X [debug]: the whole suite (3.11 in .venv)
    local v="$1" base venv
    need_wheel
    if [ "$v" = 3.11 ]; then
        base="$PY311" venv="$ROOT/.venv"
    else
        base="$(find_python "$v" || true)" venv="$VENVS/cp${v/./}"
    fi
    [ -n "$base" ] || skip "no CPython $v"
    # hpy on 3.13 too: its hpy.debug (LeakDetector) talks to the wheel's runtime.
    ensure_venv "$venv" "$base" "${MAIN_REQS[@]}"
    install_wheel "$venv/bin/python"
    if [ "${2:-}" = debug ]; then
        HPY=debug check_import "$venv/bin/python"
        HPY=debug NUMPY_HPY_LEAK_CHECK=1 run_pytest "$venv/bin/python" "$ROOT/tests"
    else
        check_import "$venv/bin/python"
        run_pytest "$venv/bin/python" "$ROOT/tests"
    fi
}

# The benchmark harness's quick run with the installed wheel: it fails only
# when a row's result differs from NumPy's or the harness breaks.
st_bench_quick() {
    need_wheel
    [ -x "$ROOT/.venv/bin/python" ] || skip "no .venv (CPython 3.11 stage did not run)"
    install_wheel "$ROOT/.venv/bin/python"
    (cd "$RUNDIR" && NUMPY_HPY_TESTING_SO="$TESTING_SO" PYTHONSAFEPATH=1 \
        "$ROOT/.venv/bin/python" -m numpy_hpy.bench --quick --json "$BUILD/bench-quick.json")
}

st_hpy_vendored() { "$ROOT/scripts/check-vendored-hpy.sh" "${PY311:-python3}"; }

PYPY_READY=""
ensure_pypy() {
    if [ -z "$PYPY_READY" ]; then
        "$ROOT/scripts/fetch-pypy.sh" --cache-dir "$PYPY_CACHE" >/dev/null
        ensure_numpy "$PYPY"
        PYPY_READY=1
    fi
}

st_pypy() {  # st_pypy [debug]
    need_wheel
    ensure_pypy
    install_wheel "$PYPY"
    if [ "${1:-}" = debug ]; then
        "$PYPY" -c "import hpy.debug" || skip "this PyPy has no hpy.debug"
        HPY=debug check_import "$PYPY"
        HPY=debug NUMPY_HPY_LEAK_CHECK=1 run_pytest "$PYPY" "$ROOT/tests"
    else
        check_import "$PYPY"
        run_pytest "$PYPY" "$ROOT/tests"
    fi
}

st_bookworm() {
    need_wheel
    [ -x "$ROOT/.venv/bin/python" ] || skip "no .venv (CPython 3.11 stage did not run)"
    "$ROOT/scripts/fetch-pypy.sh" --cache-dir "$PYPY_CACHE" --only bookworm >/dev/null
    NUMPY_HPY_BOOKWORM_PYPY="$BOOKWORM" run_pytest "$ROOT/.venv/bin/python" \
        "$ROOT/tests/test_abi_refusal.py"
}

st_smoke() {  # st_smoke 3.X
    local v="$1" base venv
    need_wheel
    base="$(find_python "$v")" || skip "no CPython $v under pyenv"
    venv="$VENVS/cp${v/./}"
    ensure_venv "$venv" "$base" "${SMOKE_REQS[@]}"
    ensure_numpy "$venv/bin/python"
    install_wheel "$venv/bin/python"
    local rc=0
    check_import "$venv/bin/python" || rc=$?
    if [ "$rc" != 0 ]; then
        [ "$rc" -gt 128 ] && note "import numpy_hpy crashed (signal $((rc - 128)))"
        return "$rc"
    fi
    rc=0
    run_pytest "$venv/bin/python" -m smoke "$ROOT/tests" || rc=$?
    if [ "$rc" = 5 ]; then note "import ok; no smoke tests collected"; return 0; fi
    return "$rc"
}

# The aarch64 wheel's smoke subset on trixie's arm64 PyPy under qemu-aarch64.
# The packages are installed by the host's pip for that platform; the files
# that need this commit's test extension or a C compiler for the target are
# left out (those are built for x86_64 only).
PYPY_ARM64="$PYPY_CACHE/pypy-trixie-arm64/bin/pypy3.11"
st_smoke_aarch64() {
    local wheel site
    wheel="$(the_wheel aarch64)" || skip "no aarch64 wheel (wheel stage failed)"
    [ -n "$PY311" ] || skip "no CPython 3.11 (its pip installs the arm64 packages)"
    if ! command -v qemu-aarch64 >/dev/null; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            log "installing qemu-user"
            apt-get install -y -q qemu-user || { apt-get update -q && apt-get install -y -q qemu-user; }
        fi
        command -v qemu-aarch64 >/dev/null || skip "no qemu-aarch64 (apt-get install qemu-user)"
    fi
    "$ROOT/scripts/fetch-pypy.sh" --cache-dir "$PYPY_CACHE" --only trixie-arm64 --host-python "$PY311" >/dev/null
    site="$PYPY_CACHE/pypy-trixie-arm64/lib/pypy3.11/site-packages"
    "$PY311" "${PIP[@]}" install --no-deps --upgrade --target "$site" --only-binary=:all: \
        --implementation pp --python-version 3.11 --abi none --platform manylinux2014_aarch64 "$wheel"
    "$PYPY_ARM64" -c 'import platform; assert platform.machine() == "aarch64", platform.machine()'
    check_import "$PYPY_ARM64"
    # Only the files that hold smoke tests: under emulation PyPy collects
    # about 1000 tests a minute (pytest collects a whole file before -m
    # selects), so test_scalars.py (9200 tests, 27 smoke) is left out too.
    local files=() f
    for f in "$ROOT"/tests/test_*.py; do
        case "$(basename "$f")" in test_hpy_layer.py|test_argparse.py|test_capi.py|test_scalars.py) continue ;; esac
        grep -q "mark\.smoke" "$f" && files+=("$f")
    done
    TEST_ARCH=aarch64 run_pytest "$PYPY_ARM64" -m smoke "${files[@]}"
}

T0=$SECONDS
stage fmt "rust: cargo fmt --check" st_fmt
stage clippy "rust: cargo clippy -D warnings" st_clippy
stage cargo-test "rust: cargo test" st_cargo_test
stage miri "rust: Miri (numpy-pure, hpy runtime)" st_miri
if selected wheel; then
    stage wheel "wheels (make wheels) + _testing" st_wheel
elif ! the_wheel >/dev/null; then
    echo "note: 'wheel' not selected and no wheel in $DIST" >&2
fi
stage wheel-tags "wheel tags: manylinux2014, auditwheel" st_wheel_tags
stage sdist "sdist: pip install from source" st_sdist
stage hpy-vendored "hpy 0.9.0 vendored = sdist + patches" st_hpy_vendored
stage cpython "CPython 3.11" st_cpython 3.11
stage cpython-debug "CPython 3.11 HPY=debug + leak check" st_cpython 3.11 debug
for v in "${FULL_VERSIONS[@]}"; do
    stage "cpython-$v" "CPython $v" st_cpython "$v"
    stage "cpython-$v-debug" "CPython $v HPY=debug + leak check" st_cpython "$v" debug
done
stage bench-quick "benchmark harness --quick (smoke)" st_bench_quick
stage pypy "PyPy 3.11 (7.3.19)" st_pypy
stage pypy-debug "PyPy 3.11 HPY=debug + leak check" st_pypy debug
stage bookworm "PyPy 7.3.11 (HPy 0.0.4) refusal" st_bookworm
for v in "${SMOKE_VERSIONS[@]}"; do
    stage "smoke-$v" "smoke CPython $v" st_smoke "$v"
done
stage smoke-aarch64 "smoke aarch64 (PyPy 3.11, qemu)" st_smoke_aarch64

# --------------------------------------------------------------- summary
failed=0
printf '\n\033[1m%-40s %-6s %6s  %s\033[0m\n' "stage" "result" "time" "notes"
for i in "${!NAMES[@]}"; do
    printf '%-40s %-6s %5ss  %s\n' "${NAMES[$i]}" "${RESULTS[$i]}" "${TIMES[$i]}" "${NOTES[$i]}"
    [ "${RESULTS[$i]}" = FAIL ] && failed=1
done
printf '%-40s %-6s %5ss\n' "total" "$([ "$failed" = 0 ] && echo PASS || echo FAIL)" "$((SECONDS - T0))"
# Repeat each failed stage's ending after the table, so that whoever reads only
# the end of the output sees what failed and why.
for i in "${!NAMES[@]}"; do
    [ "${RESULTS[$i]}" = FAIL ] || continue
    printf '\n\033[1m==> FAILED: %s (%s); the end of its log:\033[0m\n' "${NAMES[$i]}" "${NOTES[$i]}"
    tail -n 60 "$LOGS/${IDS[$i]}.log" 2>/dev/null || true
done
rm -f "$NOTE_FILE"
exit "$failed"
