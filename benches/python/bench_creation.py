"""list -> array and array -> list against NumPy, same run (DESIGN.md target:
>= 1x NumPy for both). Prints a markdown table; min of interleaved repeats."""

import sys
import timeit

import numpy as np

import numpy_hpy as nh


def best(stmt, ns, number, repeat):
    return min(timeit.repeat(stmt, globals=ns, number=number, repeat=repeat)) / number


def main():
    rows = []
    for n in (10, 1000, 100000):
        ints = list(range(n))
        floats = [i * 0.5 for i in range(n)]
        a_i, a_f = nh.array(ints), nh.array(floats)
        n_i, n_f = np.array(ints), np.array(floats)
        number = max(1, 200000 // n)
        ns = dict(nh=nh, np=np, ints=ints, floats=floats, a_i=a_i, a_f=a_f, n_i=n_i, n_f=n_f)
        for label, ours, theirs in [
            ("array(list of %d ints)" % n, "nh.array(ints)", "np.array(ints)"),
            ("array(list of %d floats)" % n, "nh.array(floats)", "np.array(floats)"),
            ("tolist(), %d int64" % n, "a_i.tolist()", "n_i.tolist()"),
            ("tolist(), %d float64" % n, "a_f.tolist()", "n_f.tolist()"),
        ]:
            o = t = float("inf")
            for _ in range(5):
                o = min(o, best(ours, ns, number, 3))
                t = min(t, best(theirs, ns, number, 3))
            rows.append((label, o * 1e6, t * 1e6))
    print("%s %s, numpy %s" % (sys.implementation.name, sys.version.split()[0], np.__version__))
    print("| operation | numpy_hpy µs | NumPy µs | NumPy/ours |")
    print("|---|---:|---:|---:|")
    for label, o, t in rows:
        print("| %s | %.2f | %.2f | %.2fx |" % (label, o, t, t / o))


if __name__ == "__main__":
    main()
