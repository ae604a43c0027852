"""Argument-parsing cost: our parser against HPy's own HPyArg_ParseKeywords and
CPython's PyArg_ParseTupleAndKeywords, measured in the same process.

    python bench_argparse.py [--capi-dir DIR] [--json PATH] [--number N] [--repeat R]

For each call shape, four functions that parse the same signature and return
None are timed in interleaved rounds (min over the rounds, raw ns per call,
the ``for`` loop included):

* ours: the test extension ``_testing.bench_*`` (the ``argparse`` crate, HPy
  KEYWORDS convention);
* HPyArg: ``_testing.hpyarg_*``, the same signatures parsed by HPy 0.9.0's
  ``HPyArg_ParseKeywords`` compiled from HPy's runtime C into ``_testing`` (only
  when ``_testing`` was built with the cargo feature ``bench-hpyarg``, as
  ``benches/run.sh`` does; otherwise those columns are left empty);
* C-API: ``_capi_ref.parse_*`` (capi_ref.c), METH_VARARGS|METH_KEYWORDS +
  ``PyArg_ParseTupleAndKeywords``;
* bare: ``_testing.kw_noop`` with the same arguments, the call without any
  parsing (the floor of ours and HPyArg).

The ufunc-shaped call converts ``casting`` (and ``order`` if given) to an index
on all three sides: ours by identity with interned names, HPyArg by
``HPyUnicode_AsUTF8AndSize`` + byte comparison, the C API by ``s`` + strcmp.

Run it from outside the repository root (see bench_calls.py).
"""

import argparse
import datetime
import json
import os
import sys
import timeit

from bench_calls import DEFAULT_BUILD, cpu_model, fmt_ns, import_capi_ref, load_testing, measure

# (label, stmt, ours in _testing, HPyArg in _testing, C-API in _capi_ref)
CASES = [
    ("f(x)", "f(x)", "bench_f1", "hpyarg_f1", "parse_f1"),
    ("f(x, y)", "f(x, y)", "bench_f2", "hpyarg_f2", "parse_f2"),
    ("f(x, out=y)", "f(x, out=y)", "bench_out", "hpyarg_out", "parse_out"),
    (
        "f(x, y, out=z, where=m, casting='unsafe')",
        "f(x, y, out=z, where=m, casting='unsafe')",
        "bench_ufunc",
        "hpyarg_ufunc",
        "parse_ufunc",
    ),
]
SIDES = ("bare", "ours", "hpyarg", "capi")
# The done-when target of the argparse issue, for f(x, out=y) on CPython.
TARGET_ROW = "f(x, out=y)"
TARGET_NS = 40.0
TARGET_RATIO = 0.3


def make_timer(stmt, func):
    # Callee and arguments are locals of timeit's inner function (LOAD_FAST).
    glb = {"_f": func, "_x": 1, "_y": 2, "_z": 3, "_m": True}
    return timeit.Timer(stmt, setup="f = _f; x = _x; y = _y; z = _z; m = _m", globals=glb)


def check(label, stmt, side, func):
    """Calls `func` once as the benchmark will: a parser that raises here would
    be timed on its error path."""
    env = {"f": func, "x": 1, "y": 2, "z": 3, "m": True}
    try:
        result = eval(stmt, env)
    except Exception as exc:  # noqa: BLE001 - reported, then fatal
        raise SystemExit("bench_argparse: %s raised for %s: %r" % (side, label, exc))
    if result is not None:
        raise SystemExit("bench_argparse: %s returned %r for %s, not None" % (side, result, label))


def ratio(a, b):
    return a / b if a is not None and b else None


def fmt_ratio(v):
    return "—" if v is None else "%.2f×" % v


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--capi-dir", default=DEFAULT_BUILD, help="folder holding the built _capi_ref")
    parser.add_argument("--json", default=os.path.join(DEFAULT_BUILD, "argparse.json"))
    parser.add_argument("--number", type=int, default=200_000, help="calls per timing")
    parser.add_argument("--repeat", type=int, default=15, help="interleaved rounds; the minimum is kept")
    parser.add_argument("--no-numpy", action="store_true", help="ignored (run.sh passes bench_calls.py's arguments)")
    parser.add_argument(
        "--require-hpyarg",
        action="store_true",
        help="fail if the core lacks hpyarg_* (run.sh: its wheel has them, so another wheel was imported)",
    )
    args = parser.parse_args(argv)

    import numpy_hpy

    info = numpy_hpy.show_runtime()
    testing = load_testing()
    capi = import_capi_ref(os.path.abspath(args.capi_dir))
    has_hpyarg = hasattr(testing, "hpyarg_f1")
    if not has_hpyarg:
        if args.require_hpyarg:
            raise SystemExit(
                "bench_argparse: %s has no hpyarg_* although --require-hpyarg: "
                "not built with the cargo feature bench-hpyarg" % testing.__file__
            )
        print(
            "note: _testing built without the cargo feature bench-hpyarg: no HPyArg columns",
            file=sys.stderr,
        )

    timers = {}
    for label, stmt, ours, hpyarg, capi_name in CASES:
        funcs = {
            "bare": testing.kw_noop,
            "ours": getattr(testing, ours),
            "hpyarg": getattr(testing, hpyarg, None),
            "capi": getattr(capi, capi_name, None) if capi is not None else None,
        }
        for side, func in funcs.items():
            if func is not None:
                check(label, stmt, side, func)
                timers[(label, side)] = make_timer(stmt, func)
    timers[("loop", "empty")] = timeit.Timer("pass")

    # Untimed pass: PyPy's JIT compiles each loop, CPython's caches warm up.
    for timer in timers.values():
        timer.timeit(min(args.number, 20_000))
    best = measure(timers, args.number, args.repeat)

    rows = []
    for label, _stmt, ours, hpyarg, capi_name in CASES:
        ns = {side: best.get((label, side)) for side in SIDES}
        rows.append(
            {
                "call": label,
                "bare_ns": ns["bare"],
                "ours_ns": ns["ours"],
                "hpyarg_ns": ns["hpyarg"],
                "capi_ns": ns["capi"],
                "ours_over_hpyarg": ratio(ns["ours"], ns["hpyarg"]),
                "ours_over_capi": ratio(ns["ours"], ns["capi"]),
                "functions": {"ours": ours, "hpyarg": hpyarg if has_hpyarg else None, "capi": capi_name},
            }
        )
    loop_ns = best[("loop", "empty")]

    date = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    python = "%s %s" % (info["implementation"], info["implementation_version"])
    if info["implementation"] != "CPython":
        python += " (Python %s)" % info["python_version"]
    print()
    print(
        "%s, HPy %s mode, %s; %s; timeit number=%d, min of %d interleaved rounds"
        % (python, info["hpy_mode"], cpu_model(), date, args.number, args.repeat)
    )
    print()
    print("| call | bare ns | ours ns | HPyArg ns | C-API ns | ours/HPyArg | ours/C-API |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            "| `%s` | %s | %s | %s | %s | %s | %s |"
            % (
                r["call"],
                fmt_ns(r["bare_ns"]),
                fmt_ns(r["ours_ns"]),
                fmt_ns(r["hpyarg_ns"]),
                fmt_ns(r["capi_ns"]),
                fmt_ratio(r["ours_over_hpyarg"]),
                fmt_ratio(r["ours_over_capi"]),
            )
        )
    print()
    print("Raw ns per call, loop included; empty timeit loop: %.1f ns/iteration." % loop_ns)
    print(
        "bare = `_testing.kw_noop` with the same arguments (the HPy KEYWORDS call, no parsing); "
        "ours = `_testing.bench_*`; HPyArg = `_testing.hpyarg_*` (HPyArg_ParseKeywords); "
        "C-API = `_capi_ref.parse_*` (PyArg_ParseTupleAndKeywords)."
    )
    if not has_hpyarg:
        print("HPyArg: not built in (cargo feature bench-hpyarg off).")
    if capi is None:
        print("C-API reference not available on this interpreter.")
    target = next(r for r in rows if r["call"] == TARGET_ROW)
    verdict = None
    if info["implementation"] == "CPython" and info["hpy_mode"] == "universal":
        ok_ns = target["ours_ns"] <= TARGET_NS
        ok_ratio = None if target["ours_over_hpyarg"] is None else target["ours_over_hpyarg"] <= TARGET_RATIO
        verdict = {"ns_ok": ok_ns, "ratio_ok": ok_ratio}
        print(
            "Target `%s` (CPython, universal): ours %.1f ns <= %.0f ns: %s; ours/HPyArg %s <= %.1f×: %s."
            % (
                TARGET_ROW,
                target["ours_ns"],
                TARGET_NS,
                "yes" if ok_ns else "NO",
                fmt_ratio(target["ours_over_hpyarg"]),
                TARGET_RATIO,
                "—" if ok_ratio is None else ("yes" if ok_ratio else "NO"),
            )
        )

    result = {
        "date": date,
        "cpu": cpu_model(),
        "runtime": info,
        "number": args.number,
        "repeat": args.repeat,
        "empty_loop_ns": loop_ns,
        "hpyarg_built": has_hpyarg,
        "rows": rows,
        "target": {"call": TARGET_ROW, "ns": TARGET_NS, "ratio": TARGET_RATIO, "verdict": verdict},
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
    with open(args.json, "w") as f:
        json.dump(result, f, indent=2, default=str)
        f.write("\n")
    print("JSON: %s" % args.json, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
