#!/usr/bin/env bash
# Look for new failing hypothesis examples: run the property tests again and
# again with fresh random examples (NUMPY_HPY_HYPOTHESIS=random), one
# --hypothesis-seed per run, on one runtime and HPy mode.  `make test` draws
# the same examples every time (derandomized, reproducible); this is where
# new ones come from.
#
# Usage: scripts/hunt.sh [--pypy] [--debug] [--seeds FIRST:LAST] [TEST-FILE...]
#   --pypy      trixie's PyPy 3.11 (.cache/pypy-trixie) instead of .venv's CPython
#   --debug     HPY=debug with the leak check around every test
#   --seeds     seed range, default 1:20
#   TEST-FILE   default: every tests/test_*.py that uses hypothesis
# Needs a previous `make test` (or scripts/test.sh wheel cpython [pypy]): the
# wheel installed in the interpreter.  A seed's log is kept when it fails:
# build/hunt/<runtime>-<mode>-<seed>.log; replay it with the same options and
# --seeds N:N.  The exit status is 1 if any seed failed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="$ROOT/.venv/bin/python" RUNTIME=cpython MODE=universal FIRST=1 LAST=20
FILES=()
while [ $# -gt 0 ]; do
    case "$1" in
        --pypy) PY="$ROOT/.cache/pypy-trixie/bin/pypy3.11" RUNTIME=pypy; shift ;;
        --debug) MODE=debug; shift ;;
        --seeds) FIRST="${2%%:*}" LAST="${2##*:}"; shift 2 ;;
        -h|--help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) FILES+=("$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"); shift ;;
    esac
done
[ -x "$PY" ] || { echo "hunt.sh: $PY not found: run make test first" >&2; exit 2; }
if [ "${#FILES[@]}" = 0 ]; then
    mapfile -t FILES < <(grep -l "hypothesis" "$ROOT"/tests/test_*.py)
fi
OUT="$ROOT/build/hunt"
mkdir -p "$OUT" "$ROOT/build/pytest-cwd"
failed=0
for seed in $(seq "$FIRST" "$LAST"); do
    log="$OUT/$RUNTIME-$MODE-$seed.log"
    rc=0
    (
        cd "$ROOT/build/pytest-cwd"
        export HPY="$MODE" NUMPY_HPY_HYPOTHESIS=random PYTHONSAFEPATH=1 PYTHONDONTWRITEBYTECODE=1
        [ "$MODE" = debug ] && export NUMPY_HPY_LEAK_CHECK=1
        "$PY" -X faulthandler -m pytest -p no:cacheprovider --rootdir "$ROOT" -q -x \
            --hypothesis-seed="$seed" "${FILES[@]}"
    ) > "$log" 2>&1 || rc=$?
    if [ "$rc" = 0 ]; then
        echo "seed $seed: ok ($(tail -n 1 "$log"))"
        rm -f "$log"
    else
        echo "seed $seed: FAILED (exit $rc), see $log"
        failed=1
    fi
done
exit "$failed"
