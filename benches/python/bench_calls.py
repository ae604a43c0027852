"""Per-call cost of numpy_hpy's HPy calling conventions against plain C-API
functions, measured in the same process and reported as ratios.

    python bench_calls.py [--capi-dir DIR] [--json PATH] [--number N] [--repeat R]

Ours: the test extension ``_testing`` (``noargs``, ``o``, ``kw_noop``), the
installed wheel in the HPy mode that ``HPY`` selects.  Reference:
``_capi_ref`` (capi_ref.c, built by build_capi_ref.py for this interpreter),
whose functions do the same nothing through METH_NOARGS / METH_O /
METH_FASTCALL|METH_KEYWORDS.  Each (call, implementation) pair is timed with
``timeit`` in interleaved rounds (A, B, A, B, ...) so that drift in clock or
load hits both sides alike, and the minimum over the rounds is kept.  Numbers
are raw ns per call, the ``for`` loop included; the empty loop is printed on
its own line, never subtracted from the table.

Run it from outside the repository root: there, ``python/`` (the source
package) and ``hpy/`` (the Rust crate's folder, an importable namespace
package) would shadow the installed wheel and the ``hpy`` runtime.
"""

import argparse
import datetime
import json
import os
import platform
import sys
import timeit

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_BUILD = os.path.join(REPO, "build", "bench")

# (label, stmt, name in _testing, name in _capi_ref, note)
CASES = [
    ("noargs()", "f()", "noargs", "noargs", "NOARGS vs METH_NOARGS"),
    ("o(x)", "f(x)", "o", "o", "O vs METH_O"),
    ("kw_noop()", "f()", "kw_noop", "kw_noop", "KEYWORDS vs METH_FASTCALL|METH_KEYWORDS"),
    ("kw_noop(x)", "f(x)", "kw_noop", "kw_noop", "KEYWORDS vs METH_FASTCALL|METH_KEYWORDS"),
    (
        "kw_noop(x, out=y)",
        "f(x, out=y)",
        "kw_noop",
        "kw_noop",
        "KEYWORDS vs METH_FASTCALL|METH_KEYWORDS",
    ),
    # Keyword PARSING: the C side parses with PyArg_ParseTupleAndKeywords
    # (METH_VARARGS|METH_KEYWORDS).  Until _testing has a parsing function
    # (parse_kw), ours is the bare kw_noop: the row then shows how much of the
    # C-API's parsed call a Rust argument parser may still spend.
    (
        "parse_kw(x, out=y)",
        "f(x, out=y)",
        ("parse_kw", "kw_noop"),
        "parse_kw",
        "C: PyArg_ParseTupleAndKeywords",
    ),
]


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def make_timer(stmt, func, number):
    # Names bound in `setup` are locals of timeit's inner function: the loop
    # then pays a LOAD_FAST, not a global lookup, to reach the callee.
    glb = {"_f": func, "_x": 1, "_y": 2}
    return timeit.Timer(stmt, setup="f = _f; x = _x; y = _y", globals=glb)


def measure(timers, number, repeat):
    """timers: {key: Timer}.  Interleaved rounds; returns {key: min ns/call}."""
    best = {key: float("inf") for key in timers}
    for _ in range(repeat):
        for key, timer in timers.items():
            t = timer.timeit(number) / number * 1e9
            if t < best[key]:
                best[key] = t
    return best


def load_testing():
    """The test extension ``_testing`` (crate hpy-testing, never in the wheel):
    benches/run.sh builds it and names it in ``NUMPY_HPY_TESTING_SO``."""
    path = os.environ.get("NUMPY_HPY_TESTING_SO")
    if not path or not os.path.isfile(path):
        raise SystemExit(
            "no _testing extension (NUMPY_HPY_TESTING_SO=%r): benches/run.sh builds it "
            "(cargo build --release -p hpy-testing)" % path
        )
    from numpy_hpy import _loader

    return _loader.load_extension("_testing", path)


def import_capi_ref(capi_dir):
    sys.path.insert(0, capi_dir)
    try:
        import _capi_ref
    except ImportError as exc:
        print("note: _capi_ref not importable from %s (%s): ours only" % (capi_dir, exc), file=sys.stderr)
        return None
    finally:
        sys.path.remove(capi_dir)
    return _capi_ref


def numpy_anchor_timers():
    try:
        import numpy as np
    except ImportError:
        return None, {}
    a = np.ones(1)
    b = np.ones(1)
    c = np.empty(1)
    glb = {"_add": np.add, "_a": a, "_b": b, "_c": c}
    setup = "add = _add; a = _a; b = _b; c = _c"
    return np.__version__, {
        "np.add(a1, b1)": timeit.Timer("add(a, b)", setup=setup, globals=glb),
        "np.add(a1, b1, out=c1)": timeit.Timer("add(a, b, out=c)", setup=setup, globals=glb),
    }


def fmt_ns(v):
    return "—" if v is None else "%.1f" % v


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--capi-dir", default=DEFAULT_BUILD, help="folder holding the built _capi_ref")
    parser.add_argument("--json", default=os.path.join(DEFAULT_BUILD, "calls.json"))
    parser.add_argument("--number", type=int, default=200_000, help="calls per timing")
    parser.add_argument("--repeat", type=int, default=15, help="interleaved rounds; the minimum is kept")
    parser.add_argument("--no-numpy", action="store_true", help="skip the NumPy anchor")
    args = parser.parse_args(argv)

    import numpy_hpy

    src = os.path.join(REPO, "python") + os.sep
    if os.path.abspath(numpy_hpy.__file__).startswith(src):
        print(
            "warning: numpy_hpy imported from the source tree (%s), not the wheel; "
            "run from outside the repository root" % numpy_hpy.__file__,
            file=sys.stderr,
        )
    info = numpy_hpy.show_runtime()
    testing = load_testing()
    capi = import_capi_ref(os.path.abspath(args.capi_dir))

    timers = {}
    resolved = []
    for label, stmt, ours_name, capi_name, note in CASES:
        names = ours_name if isinstance(ours_name, tuple) else (ours_name,)
        ours_used = next((n for n in names if hasattr(testing, n)), None)
        ours_fn = getattr(testing, ours_used) if ours_used else None
        capi_fn = getattr(capi, capi_name, None) if capi is not None else None
        if ours_used is not None and ours_used != names[0]:
            note += "; ours: bare %s (no parsing yet)" % ours_used
        if ours_fn is not None:
            timers[(label, "ours")] = make_timer(stmt, ours_fn, args.number)
        if capi_fn is not None:
            timers[(label, "capi")] = make_timer(stmt, capi_fn, args.number)
        resolved.append((label, note, ours_used, capi_fn is not None))
    timers[("loop", "empty")] = timeit.Timer("pass")
    np_version, np_timers = (None, {}) if args.no_numpy else numpy_anchor_timers()
    for label, timer in np_timers.items():
        timers[(label, "numpy")] = timer

    # One untimed pass first: on PyPy it lets the JIT compile every loop, on
    # CPython it warms the specialising interpreter and caches.
    for timer in timers.values():
        timer.timeit(min(args.number, 20_000))
    best = measure(timers, args.number, args.repeat)

    rows = []
    for label, note, ours_used, has_capi in resolved:
        ours = best.get((label, "ours"))
        capi_ns = best.get((label, "capi"))
        ratio = ours / capi_ns if ours is not None and capi_ns else None
        rows.append(
            {
                "call": label,
                "numpy_hpy_ns": ours,
                "capi_ns": capi_ns,
                "ratio": ratio,
                "ours_function": ours_used,
                "note": note,
            }
        )
    loop_ns = best[("loop", "empty")]
    anchors = [{"call": label, "ns": best[(label, "numpy")]} for label in np_timers]

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
    print("| call | numpy_hpy ns | C-API ns | ratio |")
    print("|---|---:|---:|---:|")
    for r in rows:
        ratio = "—" if r["ratio"] is None else "%.2f×" % r["ratio"]
        call = "`%s`" % r["call"]
        if r["ours_function"] and r["ours_function"] != r["call"].split("(")[0]:
            call += " (ours: bare `%s`)" % r["ours_function"]
        print("| %s | %s | %s | %s |" % (call, fmt_ns(r["numpy_hpy_ns"]), fmt_ns(r["capi_ns"]), ratio))
    print()
    print("Raw ns per call, loop included; empty timeit loop: %.1f ns/iteration." % loop_ns)
    print("ratio = numpy_hpy / C-API (1.00× = as cheap as a plain C-API function).")
    for r in rows:
        if r["ours_function"] and r["ours_function"] != r["call"].split("(")[0]:
            print("`%s` row: %s." % (r["call"], r["note"]))
    if capi is None:
        print("C-API reference not available on this interpreter: ours only.")
    if anchors:
        print("NumPy %s anchors: %s." % (np_version, "; ".join("`%s` %.1f ns" % (a["call"], a["ns"]) for a in anchors)))
        kw = next((r for r in rows if r["call"] == "kw_noop(x, out=y)"), None)
        if kw and kw["numpy_hpy_ns"]:
            print(
                "Our bare KEYWORDS call `kw_noop(x, out=y)` is %.0f%% of 1-element `np.add(a1, b1, out=c1)`."
                % (100 * kw["numpy_hpy_ns"] / anchors[-1]["ns"])
            )

    result = {
        "date": date,
        "cpu": cpu_model(),
        "runtime": info,
        "number": args.number,
        "repeat": args.repeat,
        "empty_loop_ns": loop_ns,
        "rows": rows,
        "numpy_version": np_version,
        "numpy_anchors": anchors,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
    with open(args.json, "w") as f:
        json.dump(result, f, indent=2, default=str)
        f.write("\n")
    print("JSON: %s" % args.json, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
