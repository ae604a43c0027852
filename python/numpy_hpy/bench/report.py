"""The results as a markdown table and as JSON.

A result row is a dict: section, op, size (int, list for a shape, or None),
size_label, dtype, status ('ok', 'unsupported', 'mismatch' or 'error'),
message, numpy_hpy_ns and numpy_ns (medians per call), ratio
(numpy_hpy / NumPy), number (calls per sample), min_ns and samples (the
minimum and every timed round's ns per call, per side), noisy (a side's
samples spread more than NOISY) and, for some rows, extra facts.
"""

import json

JSON_FORMAT = 1
COLUMNS = ("operation", "size", "dtype", "numpy_hpy", "NumPy", "ratio")
# Statuses where something is wrong with numpy_hpy's result or the harness;
# 'unsupported' (numpy_hpy raises) is reported, not a failure.
FAILED = ("mismatch", "error")
# Interquartile range / median above which a row is marked noisy.
NOISY = 0.25


def format_ns(ns):
    """A time per call in a unit that keeps 3-4 significant digits."""
    if ns is None:
        return "—"
    if ns < 100:
        return "%.1f ns" % ns
    if ns < 1e4:
        return "%.0f ns" % ns
    if ns < 1e6:
        return "%.1f µs" % (ns / 1e3)
    if ns < 1e9:
        return "%.2f ms" % (ns / 1e6)
    return "%.2f s" % (ns / 1e9)


def format_ratio(value):
    return "—" if value is None else "%.2f" % value


def table_header():
    """The markdown table's first two lines."""
    return ["| %s |" % " | ".join(COLUMNS), "|---|---:|---|---:|---:|---:|"]


def table_line(row):
    """One markdown table line for a result row."""
    if row["status"] == "ok":
        ours = format_ns(row["numpy_hpy_ns"])
    else:
        ours = row["status"]
    cells = (
        "`%s`" % row["op"],
        row["size_label"],
        row["dtype"] or "-",
        ours,
        format_ns(row["numpy_ns"]),
        format_ratio(row["ratio"]) + ("*" if row.get("noisy") else ""),
    )
    return "| %s |" % " | ".join(cells)


def format_table(rows):
    """The whole markdown table of ``rows``."""
    return "\n".join(table_header() + [table_line(row) for row in rows])


def format_notes(rows):
    """One line per row that is not 'ok', with its reason; a footnote when
    rows are marked noisy."""
    lines = []
    for row in rows:
        if row["status"] != "ok":
            lines.append(
                "- %s `%s` [%s] %s: %s" % (row["status"], row["op"], row["size_label"], row["dtype"] or "-", row["message"])
            )
    if any(row.get("noisy") for row in rows):
        lines.append(
            "- *: noisy, a side's samples spread over more than %d%% of their median (interquartile range): "
            "the machine was busy; the JSON keeps every sample and the minimum" % (NOISY * 100)
        )
    return lines


def write_json(path, result):
    """Write a run's result (header, settings, rows, capi) to ``path``."""
    with open(path, "w") as f:
        json.dump(dict(result, format=JSON_FORMAT), f, indent=1, default=str)
        f.write("\n")


def load_json(path):
    """A result written by ``write_json``; ValueError for another file."""
    with open(path) as f:
        result = json.load(f)
    if not isinstance(result, dict) or result.get("format") != JSON_FORMAT or "rows" not in result:
        raise ValueError("%s is not a numpy_hpy.bench result (format %d)" % (path, JSON_FORMAT))
    return result
