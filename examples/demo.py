"""A tour of numpy_hpy: which runtime loaded the one universal binary, and a
few array operations side by side with NumPy when both are available.

Run with scripts/demo.sh (or `make demo`); works with whatever part of the API
exists so far -- every step checks for what it uses first.
"""

import sys
import time

import numpy_hpy as nh

try:
    import numpy as np
except ImportError:  # PyPy or a Python without a numpy wheel
    np = None


def section(title):
    print("\n== " + title)


def show(label, make):
    """Print make()'s result, or why it could not run (never abort the tour)."""
    try:
        value = make()
    except Exception as exc:
        print("  %-28s -> %s: %s" % (label, type(exc).__name__, exc))
        return None
    print("  %-28s -> %r" % (label, value))
    return value


def have(*names):
    return all(hasattr(nh, n) for n in names)


section("runtime")
nh.show_runtime()

section("the public API so far")
public = sorted(n for n in dir(nh) if not n.startswith("_"))
print("  " + (", ".join(public) or "(nothing yet)"))

if have("array"):
    section("arrays")
    a = show("array([[1, 2, 3], [4, 5, 6]])", lambda: nh.array([[1, 2, 3], [4, 5, 6]]))
    if a is not None:
        for attr in ("shape", "dtype", "ndim", "size", "strides"):
            if hasattr(a, attr):
                show("a.%s" % attr, lambda attr=attr: getattr(a, attr))
        if hasattr(a, "tolist"):
            show("a.tolist()", a.tolist)
        if hasattr(a, "T"):
            show("a.T", lambda: a.T)
        if have("add"):
            show("add(a, 10)", lambda: nh.add(a, 10))
        show("a * 2 + 1", lambda: a * 2 + 1)
        if hasattr(a, "sum"):
            show("a.sum()", a.sum)
            show("a.sum(axis=0)", lambda: a.sum(axis=0))

if have("arange"):
    section("creation")
    show("arange(5)", lambda: nh.arange(5))
    if have("zeros"):
        show("zeros((2, 2))", lambda: nh.zeros((2, 2)))
    if have("linspace"):
        show("linspace(0, 1, 5)", lambda: nh.linspace(0, 1, 5))

if have("asarray", "frombuffer"):
    section("interop without copies")
    raw = bytearray(range(8))
    b = show("frombuffer(bytearray(range(8)), dtype=uint16)", lambda: nh.frombuffer(raw, dtype="u2"))
    if b is not None:
        raw[0] = 255
        show("  after raw[0] = 255, b[0]", lambda: b[0])
    mv = memoryview(bytes(range(16))).cast("i", (2, 2))
    show("asarray(memoryview cast to int32 2x2)", lambda: nh.asarray(mv))
    if np is not None:
        n = np.arange(6.0).reshape(2, 3)
        v = nh.asarray(n)
        n[0, 0] = 42.0
        show("asarray(numpy array) sees writes", lambda: v[0, 0])
        show("numpy.from_dlpack(ours)", lambda: np.from_dlpack(nh.arange(3.0)))

if have("sin", "arange") and np is not None:
    section("agreement with NumPy")
    x = nh.arange(8) * 0.5
    ours = show("numpy_hpy.sin(x)", lambda: nh.sin(x))
    ref = np.sin(np.arange(8) * 0.5)
    if ours is not None and hasattr(ours, "tolist"):
        close = np.allclose(np.asarray(ours.tolist()), ref)
        print("  matches numpy.sin: %s" % close)

if have("add", "ones") and np is not None:
    section("a small timing (not a benchmark: see benches/)")
    n, reps = 1_000_000, 20
    for name, mod in (("numpy_hpy", nh), ("numpy", np)):
        x, y = mod.ones(n), mod.ones(n)
        t = time.perf_counter()
        for _ in range(reps):
            mod.add(x, y)
        dt = (time.perf_counter() - t) / reps
        print("  %-10s add of %d float64: %.2f ms" % (name, n, dt * 1e3))

section("done")
print("  %s %s" % (sys.implementation.name, sys.version.split()[0]))
