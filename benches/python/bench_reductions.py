"""Reductions, statistics and sorting against NumPy, same run: the rows the
reductions issue is judged by (``a.sum()`` / ``mean`` / ``std`` of 10
elements, 1e7 float64 ``sum``, ``sum(axis=0|1)`` of 1000x1000, ``sort`` and
``argsort`` of 1e6 float64, ``unique`` of 1e6 ints where it exists). Prints
a markdown table of times and ratios (ours / NumPy: below 1 is faster); min
of interleaved repeats after a warm-up (for PyPy's JIT).
"""

import sys

import numpy as np
from bench_ufuncs import measure, print_table

import numpy_hpy as nh


def cases():
    return [
        ("a.sum(), 10 f8", 10, "a.sum()"),
        ("np.sum(a), 10 f8", 10, "m.sum(a)"),
        ("a.max(), 10 f8", 10, "a.max()"),
        ("a.argmax(), 10 f8", 10, "a.argmax()"),
        ("a.mean(), 10 f8", 10, "a.mean()"),
        ("a.std(), 10 f8", 10, "a.std()"),
        ("a.sum(), 1e7 f8", 10_000_000, "a.sum()"),
        ("a.max(), 1e6 f8", 1_000_000, "a.max()"),
        ("x.sum(axis=0), 1000x1000 f8", -1000, "x.sum(axis=0)"),
        ("x.sum(axis=1), 1000x1000 f8", -1000, "x.sum(axis=1)"),
        ("a.cumsum(), 1e6 f8", 1_000_000, "a.cumsum()"),
        ("sort(a), 1e6 f8", 1_000_000, "m.sort(a)"),
        ("argsort(a), 1e6 f8", 1_000_000, "m.argsort(a)"),
        ("sort(i), 1e6 i8", 1_000_000, "m.sort(i)"),
        ("unique(i), 1e6 i8", 1_000_000, "m.unique(i)"),
    ]


def namespace(m, n):
    rng = np.random.default_rng(0)
    if n < 0:
        k = -n
        return dict(m=m, x=m.asarray(rng.random((k, k))))
    return dict(
        m=m,
        a=m.asarray(rng.random(n)),
        i=m.asarray(rng.integers(0, n, n)),
    )


def main():
    # Rows of functions not built yet are left out.
    built = [c for c in cases() if not c[2].startswith("m.") or hasattr(nh, c[2][2:].split("(")[0])]
    print_table(measure(built, namespace, "--quick" in sys.argv, budget=1_000_000, cap=100_000))


if __name__ == "__main__":
    main()
