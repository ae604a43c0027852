"""Command line of ``python -m numpy_hpy.bench``.

    python -m numpy_hpy.bench [--quick] [--filter REGEX] [--json PATH]
                              [--plot PATH] [--runtime-label TEXT]
                              [--capi-dir DIR] [--require-hpyarg] [--list]
    python -m numpy_hpy.bench plot OUT.png RUN.json [RUN.json ...]

The first form runs the benchmark in this interpreter and prints the table;
the second draws one chart panel per JSON file written by ``--json`` (one
per runtime). Run it outside a source checkout of numpy_hpy, whose
``python/`` folder would shadow the installed package.
"""

import argparse
import os
import re
import sys

from . import capi, environment, report, runner, timing
from .rows import all_rows, select


def pattern(text):
    """--filter's regex, or argparse's error for a bad one."""
    try:
        return re.compile(text)
    except re.error as exc:
        raise argparse.ArgumentTypeError("bad regex %r: %s" % (text, exc)) from None


def run_parser():
    parser = argparse.ArgumentParser(
        prog="python -m numpy_hpy.bench",
        description="numpy_hpy against NumPy, same process, interleaved; median per call "
        "and the ratio numpy_hpy/NumPy per row. 'python -m numpy_hpy.bench plot OUT.png "
        "RUN.json...' draws one panel per runtime from earlier --json files.",
    )
    parser.add_argument("--quick", action="store_true", help="few short samples, sizes up to 1e6 (a smoke test)")
    parser.add_argument(
        "--filter", metavar="REGEX", type=pattern, help="only rows whose 'section: op [size] dtype' matches"
    )
    parser.add_argument("--json", metavar="PATH", help="write the header and rows (medians and samples in ns)")
    parser.add_argument("--plot", metavar="PATH", help="draw this run's chart (PNG; needs matplotlib)")
    parser.add_argument("--runtime-label", metavar="TEXT", help="the runtime's name in the table and chart")
    parser.add_argument("--capi-dir", metavar="DIR", help="folder holding _capi_ref (benches/python/build_capi_ref.py)")
    parser.add_argument(
        "--require-hpyarg", action="store_true", help="fail if _testing lacks HPyArg_ParseKeywords (bench-hpyarg)"
    )
    parser.add_argument("--list", action="store_true", help="print the rows' keys and exit")
    return parser


def plot_parser():
    parser = argparse.ArgumentParser(
        prog="python -m numpy_hpy.bench plot", description="one chart panel per runtime's JSON file"
    )
    parser.add_argument("out", help="the PNG to write")
    parser.add_argument("runs", nargs="+", help="JSON files written by --json")
    return parser


def have_matplotlib():
    """True when matplotlib imports; otherwise says so on stderr."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        print("matplotlib is not installed: no chart (pip install matplotlib)", file=sys.stderr)
        return False
    return True


def import_numpy():
    try:
        import numpy
    except ImportError:
        return None
    return numpy


def emit(line=""):
    print(line)
    sys.stdout.flush()


def run_rows(rows, libs, ref, settings):
    """Run ``rows``, printing each table line as it completes."""
    results = []
    if not rows:
        return results
    for line in report.table_header():
        emit(line)
    for row in rows:
        result = runner.run_row(row, libs, ref, settings)
        emit(report.table_line(result))
        results.append(result)
    return results


def capi_section(args, settings, wanted, header):
    """The C-API section's result; None when skipped, {"error": text} when
    it failed (the reason is printed either way)."""
    try:
        result = capi.run(args.capi_dir, settings, wanted, args.require_hpyarg, header)
    except capi.Unavailable as exc:
        emit()
        emit("C-API section skipped: %s." % exc)
        return None
    except capi.Failed as exc:
        emit()
        emit("C-API section FAILED: %s" % exc)
        return {"error": str(exc)}
    for line in capi.format_section(result):
        emit(line)
    return result


def run(args):
    """Benchmark this interpreter; the exit status."""
    if args.plot and not have_matplotlib():
        return 2
    def wanted(key):
        return args.filter is None or args.filter.search(key) is not None

    settings = timing.QUICK if args.quick else timing.FULL
    rows = select(all_rows(), args.filter, settings.max_elements)
    if args.list:
        for key in [row.key for row in rows] + [runner.IMPORT_KEY] + capi.keys():
            emit(key)
        return 0
    import numpy_hpy as nh

    np = import_numpy()
    libs = {"numpy_hpy": nh}
    if np is not None:
        libs["numpy"] = np
    header = environment.header(nh, np, args.runtime_label)
    for line in environment.format_header(header, settings.as_dict()):
        emit(line)
    emit()
    results = run_rows(rows, libs, np or nh, settings)
    if wanted(runner.IMPORT_KEY):
        for result in runner.import_rows(nh, np is not None, settings):
            emit(report.table_line(result))
            results.append(result)
    notes = report.format_notes(results)
    if notes:
        emit()
        for line in notes:
            emit(line)
    outcome = {"header": header, "settings": settings.as_dict(), "rows": results}
    outcome["capi"] = capi_section(args, settings, wanted, header)
    return finish(args, outcome)


def finish(args, outcome):
    """Write the JSON and the chart; the exit status (1 if a row failed)."""
    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        report.write_json(args.json, outcome)
        print("JSON: %s" % args.json, file=sys.stderr)
    if args.plot:
        from .plot import plot

        plot([outcome], args.plot)
        print("chart: %s" % args.plot, file=sys.stderr)
    failed = [r for r in outcome["rows"] if r["status"] in report.FAILED]
    if failed:
        print("%d row(s) failed: see the notes under the table" % len(failed), file=sys.stderr)
    return 1 if failed or "error" in (outcome["capi"] or {}) else 0


def plot_command(argv):
    """``plot OUT.png RUN.json...``; the exit status."""
    args = plot_parser().parse_args(argv)
    if not have_matplotlib():
        return 2
    from .plot import plot

    plot([report.load_json(path) for path in args.runs], args.out)
    print("chart: %s" % args.out, file=sys.stderr)
    return 0


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["plot"]:
        return plot_command(argv[1:])
    return run(run_parser().parse_args(argv))
