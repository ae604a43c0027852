"""Small-object costs against NumPy, same run: attribute reads, views and
scalars, where the price of making one Python object dominates. Prints a
markdown table; min of interleaved repeats (warm-up runs first, for PyPy's JIT).
"""

import sys
import timeit

import numpy as np

import numpy_hpy as nh

CASES = [
    ("a.ndim", "a.ndim", "n.ndim"),
    ("a.shape", "a.shape", "n.shape"),
    ("len(a)", "len(a)", "len(n)"),
    ("a[3] (int64 scalar)", "a[3]", "n[3]"),
    ("f[3] (float64 scalar)", "f[3]", "g[3]"),
    ("int16(3)", "nh.int16(3)", "np.int16(3)"),
    ("a.T (view)", "a.T", "n.T"),
    ("a[1:] (view)", "a[1:]", "n[1:]"),
    ("a.reshape(2, 5) (view)", "a.reshape(2, 5)", "n.reshape(2, 5)"),
    ("a.copy()", "a.copy()", "n.copy()"),
    ("zeros(3)", "nh.zeros(3)", "np.zeros(3)"),
]


def main():
    ns = dict(
        nh=nh,
        np=np,
        a=nh.arange(10),
        n=np.arange(10),
        f=nh.arange(10.0),
        g=np.arange(10.0),
    )
    number = 200000

    def best(stmt):
        return min(timeit.repeat(stmt, globals=ns, number=number, repeat=3)) / number

    rows = []
    for label, ours, theirs in CASES:
        best(ours), best(theirs)  # warm-up
        o = t = float("inf")
        for _ in range(3):
            o = min(o, best(ours))
            t = min(t, best(theirs))
        rows.append((label, o * 1e9, t * 1e9))
    print("%s %s, numpy %s" % (sys.implementation.name, sys.version.split()[0], np.__version__))
    print("| operation | numpy_hpy ns | NumPy ns | NumPy/ours |")
    print("|---|---:|---:|---:|")
    for label, o, t in rows:
        print("| `%s` | %.0f | %.0f | %.2fx |" % (label, o, t, t / o))


if __name__ == "__main__":
    main()
