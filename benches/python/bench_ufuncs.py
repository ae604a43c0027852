"""ufunc calls against NumPy, same run: the rows the ufunc issue is judged
by (1-element calls, operators, a Python-float operand, 1e4 float64, 1e7
with ``out=``, strided and broadcast operands). Prints a markdown table of
times and ratios (ours / NumPy: below 1 is faster); min of interleaved
repeats after a warm-up (for PyPy's JIT).
"""

import sys
import timeit

import numpy as np

import numpy_hpy as nh


def arrays(m, n):
    return m.ones(n), m.ones(n) * 2.0


def cases():
    rows = []
    for n in (1, 100, 10_000):
        rows.append(("add(a, b), %d f8" % n, n, "add(a, b)"))
    rows += [
        ("a + b, 1 f8", 1, "a + b"),
        ("a + 1.0, 1 f8", 1, "a + 1.0"),
        ("a + 1.0, 1e4 f8", 10_000, "a + 1.0"),
        ("a < b, 1e4 f8", 10_000, "a < b"),
        ("sqrt(a), 1e4 f8", 10_000, "sqrt(a)"),
        ("add(a, b, out=o), 1e7 f8", 10_000_000, "add(a, b, out=o)"),
        ("a + b, 1e7 f8", 10_000_000, "a + b"),
        ("a[::2] + b[::2], 1e6 f8", 2_000_000, "a[::2] + b[::2]"),
        ("m + row, 1000x1000 f8", -1000, "m + row"),
    ]
    return rows


def namespace(m, n):
    if n < 0:
        k = -n
        return dict(m=m.ones((k, k)), row=m.ones(k), add=m.add, sqrt=m.sqrt)
    a, b = arrays(m, n)
    return dict(a=a, b=b, o=m.empty(n), add=m.add, sqrt=m.sqrt)


def measure(cases, namespace, quick, budget=2_000_000, cap=200_000):
    """``(label, ours ns, NumPy ns)`` per case ``(label, n, stmt)``: the min
    of interleaved repeats after a warm-up, in namespaces built by
    ``namespace(module, n)`` (``n < 0``: a ``-n`` x ``-n`` operand); about
    ``budget`` elements per repeat, at most ``cap`` calls."""
    rows = []
    for label, n, stmt in cases:
        ours, theirs = namespace(nh, n), namespace(np, n)
        size = abs(n) if n > 0 else n * n
        number = max(3, min(cap, budget // max(size, 1)))
        if quick:
            number = max(1, number // 20)

        def best(ns):
            return min(timeit.repeat(stmt, globals=ns, number=number, repeat=3)) / number

        best(ours), best(theirs)  # warm-up
        o = t = float("inf")
        for _ in range(1 if quick else 3):
            o = min(o, best(ours))
            t = min(t, best(theirs))
        rows.append((label, o * 1e9, t * 1e9))
    return rows


def print_table(rows):
    """The runtime line and the markdown table of `measure`'s rows."""
    print("%s %s, numpy %s" % (sys.implementation.name, sys.version.split()[0], np.__version__))
    print("| operation | numpy_hpy ns | NumPy ns | ours/NumPy |")
    print("|---|---:|---:|---:|")
    for label, o, t in rows:
        print("| `%s` | %.0f | %.0f | %.2f |" % (label, o, t, o / t))


def main():
    print_table(measure(cases(), namespace, "--quick" in sys.argv))


if __name__ == "__main__":
    main()
