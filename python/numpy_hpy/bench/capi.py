"""The C-API section: what an HPy call and our argument parser cost against
plain CPython C-API functions, in the same process.

Ours are functions of the test extension ``_testing`` (crate hpy-testing,
never in the wheel; benches/run.sh builds it and names it in
``NUMPY_HPY_TESTING_SO``); the reference is ``_capi_ref``
(benches/python/capi_ref.c, built for this interpreter by
benches/python/build_capi_ref.py into the folder given as ``--capi-dir``).

Calls: ``noargs``/``o``/``kw_noop`` through HPy's NOARGS/O/KEYWORDS against
METH_NOARGS/METH_O/METH_FASTCALL|METH_KEYWORDS functions doing the same
nothing. Argument parsing: four functions parsing the same signature and
returning None -- bare (``_testing.kw_noop``, no parsing: the floor), ours
(``_testing.bench_*``, the argparse crate), HPyArg (``_testing.hpyarg_*``,
HPy's ``HPyArg_ParseKeywords``, only when ``_testing`` was built with the
cargo feature ``bench-hpyarg``) and C-API (``_capi_ref.parse_*``,
``PyArg_ParseTupleAndKeywords``).

Numbers are raw ns per call, the timing loop included; the empty loop is
reported on its own, never subtracted.
"""

import os
import sys

from . import timing

# (label, stmt, names in _testing (the first that exists), name in _capi_ref)
CALLS = [
    ("noargs()", "f()", ("noargs",), "noargs"),
    ("o(x)", "f(x)", ("o",), "o"),
    ("kw_noop()", "f()", ("kw_noop",), "kw_noop"),
    ("kw_noop(x)", "f(x)", ("kw_noop",), "kw_noop"),
    ("kw_noop(x, out=y)", "f(x, out=y)", ("kw_noop",), "kw_noop"),
    # The C side parses with PyArg_ParseTupleAndKeywords; until _testing has
    # a parse_kw, ours is the bare kw_noop: how much of the C API's parsed
    # call a Rust parser may spend and stay as cheap.
    ("parse_kw(x, out=y)", "f(x, out=y)", ("parse_kw", "kw_noop"), "parse_kw"),
]
# (label = stmt, ours, HPyArg, C-API); sides in ARG_SIDES order
ARGPARSE = [
    ("f(x)", "bench_f1", "hpyarg_f1", "parse_f1"),
    ("f(x, y)", "bench_f2", "hpyarg_f2", "parse_f2"),
    ("f(x, out=y)", "bench_out", "hpyarg_out", "parse_out"),
    ("f(x, y, out=z, where=m, casting='unsafe')", "bench_ufunc", "hpyarg_ufunc", "parse_ufunc"),
]
ARG_SIDES = ("bare", "ours", "hpyarg", "capi")
# The argparse issue's target for f(x, out=y), CPython universal mode.
TARGET = {"call": "f(x, out=y)", "ns": 40.0, "ratio": 0.3}
ARGS = {"x": 1, "y": 2, "z": 3, "m": True}


class Unavailable(Exception):
    """The section cannot run here; the text says why."""


class Failed(Exception):
    """The section could not measure what it was asked to; the text says why."""


def load_testing():
    """The ``_testing`` extension named by ``NUMPY_HPY_TESTING_SO``."""
    path = os.environ.get("NUMPY_HPY_TESTING_SO")
    if not path or not os.path.isfile(path):
        raise Unavailable(
            "no _testing extension (NUMPY_HPY_TESTING_SO=%r); benches/run.sh builds it" % (path,)
        )
    from numpy_hpy import _loader

    return _loader.load_extension("_testing", path)


def import_capi_ref(capi_dir):
    """``_capi_ref`` from ``capi_dir``, or None (ours only) with a note."""
    if not capi_dir:
        return None
    sys.path.insert(0, os.path.abspath(capi_dir))
    try:
        import _capi_ref
    except ImportError as exc:
        print("note: _capi_ref not importable from %s (%s): ours only" % (capi_dir, exc), file=sys.stderr)
        return None
    finally:
        del sys.path[0]
    return _capi_ref


def call_once(label, stmt, side, func, returns_none):
    """Call ``func`` once as it will be timed: a raise would time an error
    path; the parsers must return None."""
    try:
        value = eval(stmt, dict(ARGS, f=func))
    except Exception as exc:
        raise Failed("%s raised for %s: %r" % (side, label, exc)) from exc
    if returns_none and value is not None:
        raise Failed("%s returned %r for %s, not None" % (side, value, label))


def time_sides(label, stmt, funcs, settings, returns_none=False):
    """Median ns per call of each side in ``funcs`` (side -> function or
    None), interleaved."""
    timers = {}
    for side, func in funcs.items():
        if func is not None:
            call_once(label, stmt, side, func, returns_none)
            timers[side] = timing.make_timer(stmt, dict(ARGS, f=func))
    _, samples = timing.measure(timers, settings)
    return {side: timing.median_ns(samples.get(side)) for side in funcs}


def call_rows(testing, capi, settings, wanted):
    """The calls table's rows whose key ``wanted`` accepts."""
    rows = []
    for label, stmt, ours_names, capi_name in CALLS:
        if not wanted("capi: " + label):
            continue
        ours_name = next((n for n in ours_names if hasattr(testing, n)), None)
        funcs = {
            "numpy_hpy": getattr(testing, ours_name) if ours_name else None,
            "capi": getattr(capi, capi_name, None),
        }
        ns = time_sides(label, stmt, funcs, settings)
        rows.append(
            {
                "call": label,
                "numpy_hpy_ns": ns["numpy_hpy"],
                "capi_ns": ns["capi"],
                "ratio": timing.ratio(ns["numpy_hpy"], ns["capi"]),
                "ours_function": ours_name,
            }
        )
    return rows


def argparse_rows(testing, capi, settings, wanted):
    """The argument-parsing table's rows whose key ``wanted`` accepts."""
    rows = []
    for label, ours, hpyarg, capi_name in ARGPARSE:
        if not wanted("argparse: " + label):
            continue
        funcs = {
            "bare": testing.kw_noop,
            "ours": getattr(testing, ours),
            "hpyarg": getattr(testing, hpyarg, None),
            "capi": getattr(capi, capi_name, None),
        }
        ns = time_sides(label, label, funcs, settings, returns_none=True)
        row = {"call": label}
        row.update(("%s_ns" % side, ns[side]) for side in ARG_SIDES)
        row["ours_over_hpyarg"] = timing.ratio(ns["ours"], ns["hpyarg"])
        row["ours_over_capi"] = timing.ratio(ns["ours"], ns["capi"])
        rows.append(row)
    return rows


def keys():
    """What --filter matches for this section's rows."""
    return ["capi: " + row[0] for row in CALLS] + ["argparse: " + row[0] for row in ARGPARSE]


def run(capi_dir, settings, wanted, require_hpyarg, runtime):
    """The section's result dict; raises Unavailable when it cannot run,
    Failed when a function misbehaves or HPyArg is required but missing.

    wanted: key -> bool (the --filter); runtime: the header dict.
    """
    if not any(wanted(key) for key in keys()):
        raise Unavailable("no row matches the filter")
    testing = load_testing()
    has_hpyarg = hasattr(testing, "hpyarg_f1")
    if require_hpyarg and not has_hpyarg:
        raise Failed(
            "%s has no hpyarg_* although --require-hpyarg: not built with the cargo feature bench-hpyarg"
            % testing.__file__
        )
    capi = import_capi_ref(capi_dir)
    _, samples = timing.measure({"empty": timing.make_timer("pass", {})}, settings)
    result = {
        "empty_loop_ns": timing.median_ns(samples["empty"]),
        "capi_ref": capi is not None,
        "hpyarg_built": has_hpyarg,
        "calls": call_rows(testing, capi, settings, wanted),
        "argparse": argparse_rows(testing, capi, settings, wanted),
    }
    result["target"] = verdict(result["argparse"], runtime)
    return result


def verdict(rows, runtime):
    """The argparse target's check (CPython universal only), or None."""
    row = next((r for r in rows if r["call"] == TARGET["call"]), None)
    if row is None or runtime["implementation"] != "CPython" or runtime["hpy_mode"] != "universal":
        return None
    ratio = row["ours_over_hpyarg"]
    return dict(
        TARGET,
        ours_ns=row["ours_ns"],
        ns_ok=row["ours_ns"] <= TARGET["ns"],
        ratio_ok=None if ratio is None else ratio <= TARGET["ratio"],
    )


def _ns(value):
    return "—" if value is None else "%.1f" % value


def _times(value):
    return "—" if value is None else "%.2f×" % value


def format_section(result):
    """The section's markdown tables and notes."""
    lines = ["", "## C-API comparison", ""]
    if result["calls"]:
        lines += ["| call | numpy_hpy ns | C-API ns | ratio |", "|---|---:|---:|---:|"]
        for r in result["calls"]:
            call = "`%s`" % r["call"]
            if r["ours_function"] and r["ours_function"] != r["call"].split("(")[0]:
                call += " (ours: bare `%s`)" % r["ours_function"]
            lines.append("| %s | %s | %s | %s |" % (call, _ns(r["numpy_hpy_ns"]), _ns(r["capi_ns"]), _times(r["ratio"])))
        lines.append("")
    if result["argparse"]:
        lines += [
            "| call | bare ns | ours ns | HPyArg ns | C-API ns | ours/HPyArg | ours/C-API |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for r in result["argparse"]:
            cells = [_ns(r["%s_ns" % side]) for side in ARG_SIDES]
            cells += [_times(r["ours_over_hpyarg"]), _times(r["ours_over_capi"])]
            lines.append("| `%s` | %s |" % (r["call"], " | ".join(cells)))
        lines.append("")
    lines.append("Raw ns per call, loop included; empty timeit loop: %.1f ns." % result["empty_loop_ns"])
    if not result["hpyarg_built"]:
        lines.append("HPyArg: not built in (cargo feature bench-hpyarg off).")
    if not result["capi_ref"]:
        lines.append("C-API reference not available (no --capi-dir, or _capi_ref not built): ours only.")
    target = result["target"]
    if target is not None:
        lines.append(
            "Target `%s` (CPython, universal): ours %.1f ns <= %.0f ns: %s; ours/HPyArg <= %.1f×: %s."
            % (
                target["call"],
                target["ours_ns"],
                target["ns"],
                "yes" if target["ns_ok"] else "NO",
                target["ratio"],
                {None: "—", True: "yes", False: "NO"}[target["ratio_ok"]],
            )
        )
    return lines
