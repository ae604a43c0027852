#!/usr/bin/env python3
"""Generate numpy-pure/tests/print_corpus/cases.jsonl: array repr/str cases.

Real NumPy (2.x, Linux x86_64, LP64) is the oracle: each line is one array,
the print options in force, and what `repr(a)` and `str(a)` answer.  The Rust
test in `numpy-pure/src/array/print/tests.rs` rebuilds every array and
compares both strings character for character.

Each line is a JSON object:

    dtype    the dtype name ("float32")
    shape    list of ints
    values   list of strings, the elements in C order, written so Rust can
             rebuild them exactly:
                 bool        0 / 1
                 ints        decimal
                 float32/64  0x + the IEEE bits in hex
                 complex     <re bits>,<im bits>
    options  the `np.printoptions` overrides (absent keys: NumPy's defaults)
    repr     repr(a)
    str      str(a)

Run:  .venv/bin/python scripts/gen-print-corpus.py
"""

import json
import os
import struct

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                   "numpy-pure", "tests", "print_corpus", "cases.jsonl")

INTS = ["int8", "uint8", "int16", "uint16", "int32", "uint32", "int64",
        "uint64"]
FLOATS = ["float32", "float64"]
COMPLEX = ["complex64", "complex128"]
ALL = ["bool"] + INTS + FLOATS + COMPLEX

rng = np.random.default_rng(20240611)


def enc_float(x, dt):
    if dt == np.float32:
        return "0x%08x" % struct.unpack("<I", struct.pack("<f", x))[0]
    return "0x%016x" % struct.unpack("<Q", struct.pack("<d", x))[0]


def enc(a):
    dt = a.dtype
    flat = a.reshape(-1)
    if dt == np.bool_:
        return ["1" if v else "0" for v in flat]
    if dt.kind in "iu":
        return [str(int(v)) for v in flat]
    if dt.kind == "f":
        return [enc_float(v, dt) for v in flat]
    part = np.float32 if dt == np.complex64 else np.float64
    return [enc_float(part(v.real), part) + "," + enc_float(part(v.imag), part)
            for v in flat]


cases = []
seen = set()


def add(a, **options):
    a = np.asarray(a)
    key = (a.dtype.str, a.shape, a.tobytes(), tuple(sorted(options.items())))
    if key in seen:
        return
    seen.add(key)
    with np.printoptions(**options):
        r, s = repr(a), str(a)
    cases.append({"dtype": a.dtype.name, "shape": list(a.shape),
                  "values": enc(a), "options": options, "repr": r, "str": s})


def rand_values(dt, n, kind):
    """n values of dtype dt, drawn per `kind`."""
    dt = np.dtype(dt)
    if dt == np.bool_:
        return rng.integers(0, 2, n).astype(bool)
    if dt.kind in "iu":
        info = np.iinfo(dt)
        if kind == "small":
            lo = max(info.min, -20)
            return rng.integers(lo, 21, n).astype(dt)
        if kind == "extreme":
            v = rng.integers(info.min, info.max, n, dtype=dt, endpoint=True)
            v[: min(n, 2)] = [info.min, info.max][: min(n, 2)]
            return v
        return rng.integers(info.min // 3, info.max // 3, n, dtype=dt)
    if dt.kind == "f":
        return rand_float(dt, n, kind)
    part = np.float32 if dt == np.complex64 else np.float64
    re = rand_float(np.dtype(part), n, kind)
    im = rand_float(np.dtype(part), n, kind if kind != "special" else "small")
    return (re + 1j * im).astype(dt) if kind != "special" else special_complex(
        dt, n)


def special_complex(dt, n):
    part = np.float32 if dt == np.complex64 else np.float64
    pool = [0.0, -0.0, 1.5, -2.25, np.nan, np.inf, -np.inf, 1e-7, 3e9]
    out = np.empty(n, dt)
    for i in range(n):
        out[i] = complex(part(pool[rng.integers(len(pool))]),
                         part(pool[rng.integers(len(pool))]))
        re = part(pool[rng.integers(len(pool))])
        im = part(pool[rng.integers(len(pool))])
        out.real[i], out.imag[i] = re, im
    return out


def rand_float(dt, n, kind):
    if kind == "small":
        v = np.round(rng.normal(0, 10, n), int(rng.integers(0, 4)))
    elif kind == "unit":
        v = rng.random(n)
    elif kind == "big":
        v = rng.normal(0, 1, n) * 10.0 ** rng.integers(6, 12, n)
    elif kind == "tiny":
        v = rng.normal(0, 1, n) * 10.0 ** -rng.integers(3, 9, n)
    elif kind == "mixed":
        v = rng.normal(0, 1, n) * 10.0 ** rng.integers(-6, 10, n)
    elif kind == "ints":
        v = rng.integers(-1000, 1000, n).astype(float)
    elif kind == "special":
        pool = [0.0, -0.0, 1.0, -1.5, np.nan, np.inf, -np.inf, 0.1, 123.25]
        v = np.array([pool[i] for i in rng.integers(0, len(pool), n)])
    elif kind == "huge":
        v = rng.normal(0, 1, n) * 10.0 ** rng.integers(20, 300, n)
    else:
        raise ValueError(kind)
    with np.errstate(over="ignore"):
        return v.astype(dt)


KINDS = {
    "b": ["any"],
    "i": ["small", "extreme", "wide"],
    "f": ["small", "unit", "big", "tiny", "mixed", "ints", "special", "huge"],
    "c": ["small", "unit", "big", "mixed", "special"],
}


def kinds(dt):
    dt = np.dtype(dt)
    return KINDS["b" if dt == np.bool_ else "i" if dt.kind in "iu"
                 else dt.kind]


SHAPES = [(), (1,), (5,), (3, 4), (2, 3, 2), (1, 1), (4, 1), (1, 4),
          (2, 1, 3), (2, 2, 2, 2)]


def main():
    # Every dtype, shape and kind of values.
    for name in ALL:
        for kind in kinds(name):
            for shape in SHAPES:
                n = int(np.prod(shape))
                add(rand_values(name, n, kind).reshape(shape))
    # Empty arrays.
    for name in ALL:
        for shape in [(0,), (0, 3), (3, 0), (2, 0, 4)]:
            add(np.zeros(shape, name))
    # Long rows that wrap, for every dtype.
    for name in ALL:
        for kind in kinds(name)[:3]:
            add(rand_values(name, 40, kind))
            add(rand_values(name, 60, kind).reshape(3, 20))
    # Over the threshold: summarised.
    for name in ALL:
        add(rand_values(name, 1001, kinds(name)[0]))
    for name in ["bool", "int16", "float32", "float64", "complex128"]:
        add(rand_values(name, 1100, kinds(name)[-1]).reshape(22, 50))
        add(rand_values(name, 1008, kinds(name)[0]).reshape(4, 6, 42))
    # Hand-picked floats.
    picked = [
        [0.1, 0.2, 0.3], [1.0, 2.0], [1e8, 1.0], [99999999.0, 1.0],
        [1e-4, 1.0], [9.9999e-5, 1.0], [1.0, 1000.0], [1.0, 1000.1],
        [0.0, -0.0], [-0.0], [np.nan], [np.inf, -np.inf], [np.nan, 1.0],
        [np.inf, 1e10], [1e16, 1e-16], [1.23456789012, 2.0],
        [0.5, 1.5, 2.5, 1e-9], [1 / 3, 2 / 3], [1e300, 1e-300],
        [5e-324, 1.0], [1.7976931348623157e308], [123456.789, 0.001],
        [0.00012345, 1.0], [1e5, 1e-3], [1.0e7, 2.5], [0.999999995, 1.0],
        [9.5, 0.05], [0.125, 0.0625], [-1.0, 1.0, np.nan],
        [-np.inf, np.nan], [1e100], [1.5], [100.0], [12345678.9],
    ]
    for vals in picked:
        for name in FLOATS:
            with np.errstate(over="ignore"):
                add(np.array(vals, dtype=name))
                if len(vals) == 1:
                    add(np.array(vals[0], dtype=name))
    f32_edge = np.array([np.float32(1e-4), 1.0], np.float32)
    add(f32_edge)
    add(np.array([999999.0, 1.0], np.float32))
    add(np.array([1e6, 1.0], np.float32))
    add(np.array([16777217.0, 0.1], np.float32))
    add(np.array([np.float32(0.1)], np.float32))
    add(np.array([3.4028235e38, 1.0], np.float32))
    # Complex hand-picked.
    for name in COMPLEX:
        for vals in [[1 + 2j, 3 - 4j], [0j], [complex(np.nan, np.inf)],
                     [complex(1, np.nan), complex(-np.inf, 0)],
                     [1e10 + 1j, 1e-10j], [complex(0.0, -0.0)], [1.5 + 0j],
                     [1j, 2j, -3j]]:
            add(np.array(vals, name))
        add(np.array(1 + 2j, name))
        add(np.array(complex(np.nan, -np.inf), name))
    # 0-d of every dtype.
    for name in ALL:
        for v in [0, 1, 3, 127]:
            add(np.array(v).astype(name))
    for name in INTS:
        info = np.iinfo(name)
        add(np.array([info.min, info.max], name))
        add(np.array(info.min, name))
        add(np.array(info.max, name))
    add(np.array([True, False]))
    add(np.array(True))
    add(np.array([[True], [False]]))
    # Non-default options.
    opt_sets = [
        dict(precision=3), dict(suppress=True), dict(sign="+"),
        dict(sign=" "), dict(floatmode="fixed"), dict(floatmode="unique"),
        dict(floatmode="maxprec_equal"), dict(threshold=10, edgeitems=2),
        dict(linewidth=40), dict(precision=3, floatmode="fixed"),
        dict(precision=2, suppress=True, floatmode="maxprec_equal"),
        dict(nanstr="NaN", infstr="Infinity"), dict(edgeitems=1, threshold=5),
        dict(linewidth=20, sign="+"), dict(precision=0),
        dict(legacy="1.25"), dict(legacy="2.1"),
    ]
    samples = []
    for name in ALL:
        for kind in kinds(name):
            samples.append(rand_values(name, 12, kind).reshape(3, 4))
    samples += [
        np.array([1e-6, 4e-7, 2, 3]), np.array([0.5, np.nan, -np.inf]),
        np.array([-1.5, 2.25, 1e9]), np.array([1, -2, 3]),
        np.array([5, 6], np.uint8), np.array([1.0, 2.0], np.float32),
        np.array([[1 + 1j, np.nan], [2.5 - 1j, 1e-7j]]),
        np.arange(12.0), np.arange(30).reshape(5, 6),
        np.array([1e7, 0.5], np.float32), np.array(2.5), np.array(-3),
        np.array([np.inf, np.nan]), np.array([0.001, 0.0004]),
    ]
    for opts in opt_sets:
        for a in samples:
            add(a, **opts)
    add(np.arange(1001.0), threshold=1000)
    add(np.arange(1001.0), legacy="1.25")
    # Rounding ties at the precision cut (half to even on the exact value).
    for vals, opts in [
        ([0.125, 0.375, 0.625], dict(precision=2)),
        ([0.5, 1.5, 2.5, 3.5], dict(precision=0)),
        ([1.0005, 2.0015], dict(precision=3)),
        ([0.125, 0.375], dict(precision=2, floatmode="fixed")),
        ([9.995, 99.95], dict(precision=2)),
        ([0.9999999999, 9.99999999], dict()),
        ([1.25e10, 3.75e-10], dict(precision=1)),
        ([0.45, 0.55], dict(precision=1, floatmode="fixed")),
    ]:
        for name in FLOATS + COMPLEX:
            add(np.array(vals, name), **opts)
    # Random mixtures of dtypes, shapes, values and options.
    choices = dict(
        precision=[0, 1, 2, 3, 5, 8, 10, 17], suppress=[False, True],
        sign=["-", "+", " "],
        floatmode=["fixed", "unique", "maxprec", "maxprec_equal"],
        threshold=[4, 10, 30, 1000], edgeitems=[1, 2, 3, 4],
        linewidth=[10, 30, 50, 75, 120], nanstr=["nan", "NaN", "n"],
        infstr=["inf", "Infinity", "I"],
    )
    for _ in range(400):
        name = ALL[rng.integers(len(ALL))]
        ndim = int(rng.integers(0, 4))
        shape = tuple(int(x) for x in rng.integers(1 if ndim else 0, 7, ndim))
        if rng.random() < 0.05 and ndim:
            shape = shape[:-1] + (0,)
        kind = kinds(name)[rng.integers(len(kinds(name)))]
        a = rand_values(name, int(np.prod(shape)), kind).reshape(shape)
        opts = {}
        for key, pool in choices.items():
            if rng.random() < 0.35:
                v = pool[rng.integers(len(pool))]
                opts[key] = v.item() if hasattr(v, "item") else v
        add(a, **opts)

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        for c in cases:
            f.write(json.dumps(c) + "\n")
    print(f"{len(cases)} cases -> {OUT}")


if __name__ == "__main__":
    main()
