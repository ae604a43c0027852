"""Running rows: check each one, then time both libraries interleaved."""

import os
import statistics
import subprocess
import sys
import time

from . import report, timing
from .check import ResultMismatch, assert_same
from .data import Operands, copy_into
from .rows import size_label

# What --filter matches for the two import rows.
IMPORT_KEY = "import: import, start + import"


class SideFailed(Exception):
    """One library raised while a row was prepared or checked; ``side`` says
    which."""

    def __init__(self, side, exc):
        Exception.__init__(self, "%s: %s" % (type(exc).__name__, str(exc).split("\n")[0]))
        self.side = side


def blank_result(section, op, size, dtype, status="ok", message=None):
    """A result row without times (see report's module docstring)."""
    return {
        "section": section,
        "op": op,
        "size": list(size) if isinstance(size, tuple) else size,
        "size_label": size_label(size),
        "dtype": dtype,
        "status": status,
        "message": message,
        "numpy_hpy_ns": None,
        "numpy_ns": None,
        "ratio": None,
        "number": None,
        "samples": None,
    }


def namespace(row, module, values, ref):
    """The names ``row``'s statement sees for one library."""
    names = {"m": module}
    for name in row.bind:
        names[name] = getattr(module, name)
    for name, value in values.items():
        names[name] = copy_into(module, value, ref)
    return names


def run_once(row, names):
    """The row's value on one library: its statement run once, or its check
    expression evaluated after that (in a copy of ``names``)."""
    names = dict(names)
    if row.check is None:
        return eval(row.stmt, names)
    exec(row.stmt, names)
    return eval(row.check, names)


def prepare(row, libs, ref):
    """{side: names} for ``libs`` ({side: module}, numpy_hpy first), each
    side's result checked against NumPy's. Raises SideFailed or
    ResultMismatch."""
    values = row.operands(Operands(ref))
    spaces, results = {}, {}
    for side, module in libs.items():
        try:
            spaces[side] = namespace(row, module, values, ref)
            results[side] = run_once(row, spaces[side])
        except Exception as exc:
            raise SideFailed(side, exc) from exc
    if "numpy" in libs:
        assert_same(libs["numpy"], results["numpy_hpy"], results["numpy"])
    return spaces


def run_row(row, libs, ref, settings):
    """Check, then time ``row`` on every library in ``libs``; a result row."""
    result = blank_result(row.section, row.op, row.size, row.dtype)
    try:
        spaces = prepare(row, libs, ref)
    except SideFailed as exc:
        result["status"] = "unsupported" if exc.side == "numpy_hpy" else "error"
        result["message"] = str(exc)
        return result
    except ResultMismatch as exc:
        result.update(status="mismatch", message=str(exc).split("\n\n")[0][:500])
        return result
    timers = {side: timing.make_timer(row.stmt, names) for side, names in spaces.items()}
    number, samples = timing.measure(timers, settings)
    return _timed(result, number, samples)


def _timed(result, number, samples):
    """``result`` with the medians, minima and samples (seconds) of each
    side, and whether they were noisy."""
    ours = timing.median_ns(samples.get("numpy_hpy"))
    theirs = timing.median_ns(samples.get("numpy"))
    result.update(
        numpy_hpy_ns=ours,
        numpy_ns=theirs,
        ratio=timing.ratio(ours, theirs),
        number=number,
        min_ns={side: min(values) * 1e9 for side, values in samples.items()},
        noisy=any(timing.spread(values) > report.NOISY for values in samples.values()),
        samples={side: [s * 1e9 for s in values] for side, values in samples.items()},
    )
    return result


def _start(code):
    """Seconds for a fresh interpreter (this one, same environment and
    folder) to run ``code``."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def import_rows(nh, with_numpy, settings):
    """Two rows: ``import`` (the bare interpreter's start subtracted) and
    ``start + import`` (as measured), medians over fresh interpreters started
    in turn: bare, numpy_hpy, NumPy, bare, ..."""
    found = subprocess.run(
        [sys.executable, "-c", "import numpy_hpy, os; print(os.path.dirname(os.path.abspath(numpy_hpy.__file__)))"],
        stdout=subprocess.PIPE,
        universal_newlines=True,
    ).stdout.strip()
    here = os.path.dirname(os.path.abspath(nh.__file__))
    if found != here:
        message = "a fresh interpreter imports numpy_hpy from %r, this one from %r" % (found or None, here)
        return [blank_result("import", op, None, None, "error", message) for op in ("import", "start + import")]
    codes = {"bare": "pass", "numpy_hpy": "import numpy_hpy"}
    if with_numpy:
        codes["numpy"] = "import numpy"
    samples = {side: [] for side in codes}
    for _ in range(settings.import_runs):
        for side, code in codes.items():
            samples[side].append(_start(code))
    bare = statistics.median(samples.pop("bare"))
    gross = _timed(blank_result("import", "start + import", None, None), settings.import_runs, samples)
    gross["extra"] = {"bare_start_ns": bare * 1e9}
    net_samples = {side: [s - bare for s in values] for side, values in samples.items()}
    net = _timed(blank_result("import", "import", None, None), settings.import_runs, net_samples)
    net["extra"] = {"bare_start_ns": bare * 1e9}
    return [net, gross]
