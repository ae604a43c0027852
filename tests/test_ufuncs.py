"""ufuncs and array operators, compared with real NumPy: the ufunc objects'
attributes, loop selection (result dtypes), values over random shapes,
broadcasting, strides and special values, the call's keywords, errors, and
the operators.

NumPy runs ``float16`` loops for 1- and 2-byte integer and bool inputs of
float functions (``np.sqrt(int8)``); numpy_hpy has no float16 and runs the
next loop, ``float32``: the comparison then asks NumPy for the float32 loop
(`_numpy_side`)."""

import math
import operator
import sys
import warnings

import pytest

import numpy_hpy as nh

IS_PYPY = sys.implementation.name == "pypy"
DTYPES = ["?", "i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f4", "f8", "c8", "c16"]
OURS = set("?bBhHiIlLfdFD")


def np_():
    return pytest.importorskip("numpy", minversion="2.3")


def hyp():
    return pytest.importorskip("hypothesis")


# ----------------------------------------------------------------- helpers


def to_np(x):
    """Our array or scalar as NumPy's (arrays are read through the buffer
    protocol, with their strides)."""
    np = np_()
    if isinstance(x, tuple):
        return tuple(to_np(v) for v in x)
    if isinstance(x, nh.ndarray):
        return np.asarray(x)
    if isinstance(x, nh.generic):
        return np.dtype(x.dtype.str).type(x.item())
    return x


def from_np(a):
    """A NumPy array as ours (a copy with the same values, dtype, shape)."""
    return nh.array(a.tolist(), dtype=a.dtype.str).reshape(a.shape)


EXACT = {
    "add", "subtract", "multiply", "divide", "floor_divide", "remainder", "fmod", "divmod",
    "negative", "positive", "absolute", "fabs", "sign", "reciprocal", "square", "sqrt",
    "floor", "ceil", "trunc", "rint", "maximum", "minimum", "fmax", "fmin", "equal",
    "not_equal", "less", "less_equal", "greater", "greater_equal", "logical_and",
    "logical_or", "logical_xor", "logical_not", "bitwise_and", "bitwise_or", "bitwise_xor",
    "invert", "left_shift", "right_shift", "isnan", "isinf", "isfinite", "signbit",
    "copysign", "nextafter", "spacing", "conjugate", "gcd", "lcm", "heaviside", "frexp",
    "ldexp", "modf", "bitwise_count", "degrees", "radians", "deg2rad", "rad2deg",
}


def close(ours, theirs, name, ulps):
    """Values equal (exact functions, integer and bool results) or within
    `ulps` units in the last place (NaN where NumPy has NaN)."""
    np = np_()
    ours = np.asarray(ours)
    theirs = np.asarray(theirs)
    assert ours.shape == theirs.shape
    if theirs.dtype.kind in "biu" or (name in EXACT and ulps == 0 and theirs.dtype.kind != "c"):
        np.testing.assert_array_equal(ours, theirs)
        return
    if theirs.dtype.kind == "c":
        # NaN and infinities per part; finite results within `ulps` (at
        # least 2: NumPy's loops may contract to FMA) of the magnitude.
        for part in ("real", "imag"):
            o, t = getattr(ours, part), getattr(theirs, part)
            np.testing.assert_array_equal(np.isnan(o), np.isnan(t))
            inf = np.isinf(t)
            np.testing.assert_array_equal(o[inf], t[inf])
        fin = np.isfinite(theirs)
        if fin.any():
            o, t = ours[fin].astype("c16"), theirs[fin].astype("c16")
            real = np.finfo(theirs.dtype).dtype
            tol = max(ulps, 2) * np.spacing(np.maximum(np.abs(t).astype(real), np.finfo(real).tiny)).astype("f8")
            diff = np.abs(o - t)
            assert (diff <= tol).all(), (name, ours[fin][diff > tol], theirs[fin][diff > tol])
        return
    o, t = ours.astype(theirs.dtype), theirs
    nan = np.isnan(t)
    np.testing.assert_array_equal(np.isnan(o), nan)
    inf = np.isinf(t)
    np.testing.assert_array_equal(o[inf], t[inf])
    fin = ~(nan | inf)
    if fin.any():
        diff = np.abs(o[fin].astype("f8") - t[fin].astype("f8"))
        tol = ulps * np.spacing(np.maximum(np.abs(t[fin]), np.finfo(t.dtype).tiny)).astype("f8")
        assert (diff <= tol).all(), (name, o[fin][diff > tol], t[fin][diff > tol])


def outcome(fn):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return ("ok", fn())
        except Exception as exc:  # noqa: BLE001 - compared
            return ("raise", exc)


def _numpy_side(np, name, args):
    """NumPy's result; float16 loops re-run as float32 (see the module doc)."""
    uf = getattr(np, name)
    res = uf(*args)
    first = res[0] if isinstance(res, tuple) else res
    if getattr(first, "dtype", None) == np.float16:
        small = [getattr(a, "dtype", None) is not None and a.dtype.kind in "biu" and a.dtype.itemsize <= 2 for a in args]
        if name == "ldexp":
            small[1:] = [False]  # the exponent stays an integer
        args = [a.astype("f4") if s else a for a, s in zip(args, small)]
        res = uf(*args)
    return res


# --------------------------------------------------------- ufunc objects


@pytest.mark.smoke
def test_ufunc_objects():
    assert type(nh.add) is nh.ufunc
    assert repr(nh.add) == "<ufunc 'add'>"
    assert nh.add.__name__ == "add"
    assert (nh.add.nin, nh.add.nout, nh.add.nargs) == (2, 1, 3)
    assert nh.add.identity == 0 and nh.multiply.identity == 1
    assert nh.maximum.identity is None and nh.logical_and.identity is True
    assert nh.true_divide is nh.divide and nh.abs is nh.absolute
    assert nh.add.types[:2] == ["??->?", "bb->b"]
    assert nh.add.signature is None
    assert nh.add.__doc__.startswith("add(x1, x2, /, out=None")


def test_ufunc_attributes_match_numpy():
    np = np_()
    from numpy_hpy._ufuncs import ALIASES, UFUNCS

    assert len(UFUNCS) == 85
    for name, uf in UFUNCS.items():
        theirs = getattr(np, name)
        assert uf.types == [t for t in theirs.types if set(t.replace("->", "")) <= OURS], name
        assert (uf.nin, uf.nout, uf.nargs, uf.ntypes) == (
            theirs.nin,
            theirs.nout,
            theirs.nargs,
            len(uf.types),
        ), name
        i, j = uf.identity, theirs.identity
        assert i == j or (i != i and j != j), name
    for alias, target in ALIASES.items():
        assert getattr(np, alias) is getattr(np, target)
        assert getattr(nh, alias) is getattr(nh, target)


# --------------------------------------------------------------- values

BINARY = sorted(n for n, u in __import__("numpy_hpy")._ufuncs.UFUNCS.items() if u.nin == 2)
UNARY = sorted(n for n, u in __import__("numpy_hpy")._ufuncs.UFUNCS.items() if u.nin == 1)


def _ulps(name, dtypes):
    if name == "absolute" and any(d in ("c8", "c16") for d in dtypes):
        return 2  # hypot: NumPy's SIMD loop vs the C library's
    if name in EXACT:
        return 0
    return 8 if any(d in ("f4", "c8") for d in dtypes) else 4


def _compare(name, np_args, nh_args):
    np = np_()
    theirs = outcome(lambda: _numpy_side(np, name, np_args))
    ours = outcome(lambda: getattr(nh, name)(*nh_args))
    if theirs[0] == "raise":
        assert ours[0] == "raise", (name, theirs[1], ours[1])
        kinds = (TypeError, ValueError, OverflowError, ZeroDivisionError)
        for k in kinds:
            if isinstance(theirs[1], k):
                assert isinstance(ours[1], k), (name, theirs[1], ours[1])
        return
    assert ours[0] == "ok", (name, ours[1])
    o, t = ours[1], theirs[1]
    if not isinstance(t, tuple):
        o, t = (o,), (t,)
    for a, b in zip(o, t):
        a_np = to_np(a)
        assert np.asarray(a_np).dtype == np.asarray(b).dtype, (name, a_np, b)
        assert np.ndim(a_np) == np.ndim(b)
        if np.ndim(b) == 0:
            assert isinstance(a, nh.generic), (name, type(a))
        close(a_np, b, name, _ulps(name, [np.asarray(x).dtype.str[1:] for x in np_args]))


def _arrays_strategy(dtype, shape):
    from hypothesis.extra import numpy as hnp

    return hnp.arrays(np_().dtype(dtype), shape)


@pytest.mark.parametrize("name", BINARY)
def test_binary_ufunc_matches_numpy(name):
    hypothesis = hyp()
    st = hypothesis.strategies
    from hypothesis.extra import numpy as hnp

    @hypothesis.given(
        st.sampled_from(DTYPES),
        st.sampled_from(DTYPES),
        hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=4),
        st.data(),
    )
    @hypothesis.settings(max_examples=60)
    def check(d1, d2, shapes, data):
        a = data.draw(_arrays_strategy(d1, shapes.input_shapes[0]))
        b = data.draw(_arrays_strategy(d2, shapes.input_shapes[1]))
        _compare(name, (a, b), (from_np(a), from_np(b)))

    check()


@pytest.mark.parametrize("name", UNARY)
def test_unary_ufunc_matches_numpy(name):
    hypothesis = hyp()
    st = hypothesis.strategies
    from hypothesis.extra import numpy as hnp

    @hypothesis.given(
        st.sampled_from(DTYPES),
        hnp.array_shapes(min_dims=0, max_dims=3, max_side=5),
        st.data(),
    )
    @hypothesis.settings(max_examples=60)
    def check(d, shape, data):
        a = data.draw(_arrays_strategy(d, shape))
        if a.dtype.kind == "c" and name not in EXACT:
            # Complex special values follow C99 Annex G branch by branch;
            # we compare finite inputs of moderate size.
            np = np_()
            a = np.asarray(np.nan_to_num(a))
            a = (np.clip(a.real, -50, 50) + 1j * np.clip(a.imag, -50, 50)).astype(a.dtype)
        _compare(name, (a,), (from_np(a),))

    check()


@pytest.mark.parametrize("name", ["add", "multiply", "less", "maximum", "arctan2", "power"])
def test_strided_and_broadcast_operands(name):
    np = np_()
    a = np.arange(24, dtype="f8").reshape(2, 3, 4) - 11.5
    b = np.linspace(-3, 3, 12).reshape(3, 4)
    ours_a, ours_b = from_np(a), from_np(b)
    views = [
        (lambda x: x, lambda x: x),
        (lambda x: x[:, ::-1, ::2], lambda x: x[::-1, ::2]),
        (lambda x: x.transpose(2, 0, 1), lambda x: x[:, :2].T[:, None, :2]),
        (lambda x: x[..., :1], lambda x: x[:1, :1]),
    ]
    for fa, fb in views:
        _compare(name, (fa(a), fb(b)), (fa(ours_a), fb(ours_b)))


def test_python_scalars_are_weak():
    np = np_()
    cases = [
        (np.arange(3, dtype="i1"), 1),
        (np.arange(3, dtype="i1"), 1.5),
        (np.arange(3, dtype="f4"), 1.5),
        (np.arange(3, dtype="u1"), True),
        (np.array([True, False]), 1),
        (np.arange(3, dtype="f4"), 1j),
        (np.arange(3, dtype="u2"), -1),
        (np.arange(3, dtype="i8"), 2**70),
    ]
    for arr, s in cases:
        for name in ["add", "multiply", "less", "equal", "maximum", "true_divide"]:
            _compare(name, (arr, s), (from_np(arr), s))
            _compare(name, (s, arr), (s, from_np(arr)))
    assert nh.add(1, 2) == 3 and type(nh.add(1, 2)) is nh.int64
    assert type(nh.add(1.0, nh.float32(2))) is nh.float32
    assert type(nh.sqrt(2)) is nh.float64


# ---------------------------------------------------------------- keywords


def test_out_where_dtype_casting_signature():
    np = np_()
    a = nh.arange(6).reshape(2, 3)
    out = nh.zeros((2, 3))
    r = nh.add(a, 1, out=out)
    assert r is out and out.tolist() == [[1, 2, 3], [4, 5, 6]]
    out2 = nh.zeros((2, 3))
    r = nh.multiply(a, 2, out2)
    assert r is out2 and out2.tolist() == [[0, 2, 4], [6, 8, 10]]
    r = nh.add(a, 1, out=(out,))
    assert r is out
    w = nh.full((2, 3), -1.0)
    nh.add(a, 100, out=w, where=a % 2 == 0)
    assert w.tolist() == [[100, -1, 102], [-1, 104, -1]]
    assert nh.add(a, a, dtype="f4").dtype == nh.float32
    assert nh.add(a, a, signature="ff->f").dtype == nh.float32
    assert nh.add(a, a, signature=(None, None, "f4")).dtype == nh.float32
    assert nh.add(a, 1.5, casting="unsafe", dtype="i8").tolist() == np.add(np.arange(6).reshape(2, 3), 1.5, casting="unsafe", dtype="i8").tolist()
    q, r = nh.divmod(nh.arange(5), 2)
    assert q.tolist() == [0, 0, 1, 1, 2] and r.tolist() == [0, 1, 0, 1, 0]
    m, e = nh.frexp(nh.array([1.0, 8.0]))
    assert m.tolist() == [0.5, 0.5] and e.tolist() == [1, 4] and e.dtype == nh.int32


ERRORS = [
    ("add", lambda m: m.add(m.arange(6).reshape(2, 3), m.ones(4)), ValueError),
    ("add", lambda m: m.add(m.ones(3), m.ones(3), out=m.ones(3, "i8")), TypeError),
    ("add", lambda m: m.add(m.ones(3), m.ones(3), dtype="i8"), TypeError),
    ("add", lambda m: m.add(1, 2, 3, 4), TypeError),
    ("add", lambda m: m.add(1), TypeError),
    ("add", lambda m: m.add(1, 2, out=5), TypeError),
    ("add", lambda m: m.add(1, 2, foo=1), TypeError),
    ("add", lambda m: m.add(m.ones(3), 1, casting="bogus"), ValueError),
    ("add", lambda m: m.add(m.ones(3), 1, out=m.ones(2)), ValueError),
    ("add", lambda m: m.add(m.arange(3, dtype="i1"), 1000), OverflowError),
    ("subtract", lambda m: m.subtract(m.ones(2, "?"), m.ones(2, "?")), TypeError),
    ("negative", lambda m: -m.ones(2, "?"), TypeError),
    ("sign", lambda m: m.sign(m.ones(2, "?")), TypeError),
    ("bitwise_and", lambda m: m.bitwise_and(m.ones(2), m.ones(2)), TypeError),
    ("bitwise_and", lambda m: m.bitwise_and(m.ones(2), m.ones(2), signature="dd->d"), TypeError),
    ("left_shift", lambda m: m.ones(2) << 1, TypeError),
    ("power", lambda m: m.arange(3) ** -1, ValueError),
    ("add", lambda m: m.add(m.ones(2), m.ones(2), m.ones(2), out=m.ones(2)), TypeError),
]


@pytest.mark.parametrize("i", range(len(ERRORS)))
def test_errors_match_numpy(i):
    np = np_()
    _, fn, exc = ERRORS[i]
    with pytest.raises(exc) as theirs:
        fn(np)
    with pytest.raises(exc) as ours:
        fn(nh)
    assert type(ours.value).__name__ == type(theirs.value).__name__
    assert str(ours.value).replace("numpy_hpy.", "numpy.") == str(theirs.value)


# --------------------------------------------------------------- operators


@pytest.mark.smoke
def test_operators():
    a = nh.arange(6).reshape(2, 3)
    assert (a + 1).tolist() == [[1, 2, 3], [4, 5, 6]]
    assert (1 + a).tolist() == (a + 1).tolist()
    assert (2 - a).tolist() == [[2, 1, 0], [-1, -2, -3]]
    assert (a * 2.5).dtype == nh.float64
    assert (a / 2).tolist() == [[0, 0.5, 1], [1.5, 2, 2.5]]
    assert (a // 4).tolist() == [[0, 0, 0], [0, 1, 1]]
    assert (a % 4).tolist() == [[0, 1, 2], [3, 0, 1]]
    assert (a**2).tolist() == [[0, 1, 4], [9, 16, 25]]
    assert (2**a).tolist() == [[1, 2, 4], [8, 16, 32]]
    assert (-a).tolist() == [[0, -1, -2], [-3, -4, -5]]
    assert (+a).tolist() == a.tolist() and abs(-a).tolist() == a.tolist()
    assert (~a).tolist() == [[-1, -2, -3], [-4, -5, -6]]
    assert ((a > 2) & (a < 5)).tolist() == [[False, False, False], [True, True, False]]
    assert ((a < 1) | (a > 4)).tolist() == [[True, False, False], [False, False, True]]
    assert (a ^ 1).tolist() == [[1, 0, 3], [2, 5, 4]]
    assert (a << 1).tolist() == [[0, 2, 4], [6, 8, 10]] and (a >> 1).tolist() == [[0, 0, 1], [1, 2, 2]]
    q, r = divmod(a, 4)
    assert q.tolist() == [[0, 0, 0], [0, 1, 1]] and r.tolist() == [[0, 1, 2], [3, 0, 1]]
    assert (a == [0, 1, 7]).tolist() == [[True, True, False], [False, False, False]]
    assert (a != 3).tolist() == [[True, True, True], [False, True, True]]
    assert (a >= 3).tolist() == [[False, False, False], [True, True, True]]
    assert (a <= 1).tolist() == [[True, True, False], [False, False, False]]
    assert (nh.float64(2) * a).dtype == nh.float64
    assert (nh.int8(2) * a).dtype == nh.int64


@pytest.mark.smoke
def test_inplace_operators_keep_the_array():
    a = nh.arange(4.0)
    b = a
    a += 1
    a *= 2
    a -= 1
    a /= 2
    a **= 2
    assert a is b and a.tolist() == [0.25, 2.25, 6.25, 12.25]
    c = nh.arange(4)
    with pytest.raises(TypeError, match="Cannot cast ufunc 'add' output from dtype\\('float64'\\) to dtype\\('int64'\\) with casting rule 'same_kind'"):
        c += 1.5
    c += nh.int8(1)
    assert c.tolist() == [1, 2, 3, 4]
    v = c[::2]
    v *= 10
    assert c.tolist() == [10, 2, 30, 4]


def test_overlapping_output_reads_a_copy():
    np = np_()
    a = nh.arange(10.0)
    n = np.arange(10.0)
    nh.add(a[:-1], a[1:], out=a[1:])
    np.add(n[:-1], n[1:], out=n[1:])
    assert a.tolist() == n.tolist()
    a = nh.arange(9.0).reshape(3, 3)
    n = np.arange(9.0).reshape(3, 3)
    nh.add(a, a.T, out=a)
    np.add(n, n.T, out=n)
    assert a.tolist() == n.tolist()


def test_numpy_arrays_mix_with_ours():
    np = np_()
    ours = nh.arange(3.0)
    theirs = np.arange(3.0)
    r = ours + theirs
    assert type(r) is nh.ndarray and r.tolist() == [0.0, 2.0, 4.0]
    r = nh.multiply(theirs, 2)
    assert type(r) is nh.ndarray and r.tolist() == [0.0, 2.0, 4.0]

    class Defers:
        __array_ufunc__ = None

        def __radd__(self, other):
            return "deferred"

    assert ours + Defers() == "deferred"


def test_fortran_order_is_kept():
    a = nh.ones((3, 4)).T
    r = a + 1
    assert r.flags.f_contiguous and not r.flags.c_contiguous


def test_real_program_matches_numpy():
    """Slicing, arithmetic, comparisons, masks, ravel, in-place operators and
    masked assignment: a small simulation run on both libraries."""
    np = np_()

    def program(m):
        grid = m.arange(48.0).reshape(6, 8) / 7.0
        grid[1:-1, 1:-1] += m.sin(grid[:-2, 1:-1]) * 0.5
        hot = (grid > 3.0) & ~(grid > 5.5)
        grid[hot] = grid[hot] ** 2 - 1
        cold = m.logical_or(grid < 1.0, m.isnan(grid))
        grid[cold] *= -1
        flat = grid.ravel()
        flat[::3] = m.maximum(flat[::3], 2.5)
        counts = (m.floor(grid) % 3).astype("i8")
        counts <<= 2
        score = m.hypot(grid[::2], grid[1::2]) - m.sqrt(m.abs(grid[::2] * grid[1::2]))
        return grid.tolist(), counts.tolist(), m.rint(score * 1e9).tolist()

    assert program(nh) == program(np)


# ------------------------------------------------------------- accuracy


def _validation_files():
    np = pytest.importorskip("numpy")
    import glob
    import os

    d = os.path.join(os.path.dirname(np.__file__), "_core", "tests", "data")
    return sorted(glob.glob(os.path.join(d, "umath-validation-set-*.csv")))


def test_transcendentals_meet_numpy_accuracy_data():
    """NumPy's own validation sets (inputs as bit patterns, expected outputs,
    the ULP bound NumPy's accuracy test allows)."""
    np = np_()
    files = _validation_files()
    if not files:
        pytest.skip("this numpy wheel ships no validation data")
    checked = 0
    for path in files:
        func = path.rsplit("umath-validation-set-", 1)[1][:-4]
        if not hasattr(nh, func):
            continue
        with open(path) as f:
            rows = [l.strip().split(",") for l in f if l.startswith("np.")]
        by_type = {}
        for dt, inp, out, ulp in rows:
            by_type.setdefault(dt, []).append((int(inp, 16), int(out, 16), int(ulp)))
        for dt, items in by_type.items():
            npdt = {"np.float32": "f4", "np.float64": "f8"}[dt]
            ity = {"f4": "u4", "f8": "u8"}[npdt]
            x = np.array([i for i, _, _ in items], dtype=ity).view(npdt)
            want = np.array([o for _, o, _ in items], dtype=ity).view(npdt)
            maxulp = max(u for _, _, u in items)
            got = to_np(getattr(nh, func)(from_np(x)))
            close(got, want, func, maxulp)
            checked += 1
    assert checked > 10


# ------------------------------------------------------------ FP errors


FP_CASES = [
    ("divide", lambda m: m.divide(m.ones(3), 0.0)),
    ("sqrt", lambda m: m.sqrt(m.array([-1.0, 4.0]))),
    ("multiply", lambda m: m.multiply(m.array([1e308]), 10.0)),
    ("log", lambda m: m.log(m.array([0.0, -1.0]))),
    ("floor_divide", lambda m: m.floor_divide(m.arange(3), 0)),
    ("remainder", lambda m: m.remainder(m.arange(3), 0)),
    ("power", lambda m: m.power(m.array([0.0]), -1.0)),
    ("scalar", lambda m: m.float64(1.0) / m.float64(0.0)),
    ("cast", lambda m: m.add(m.array([1e300]), 1.0, dtype="f4", casting="unsafe")),
]


def _fp_outcome(m, fn, mode):
    import warnings as w

    with m.errstate(all=mode):
        with w.catch_warnings(record=True) as caught:
            w.simplefilter("always")
            try:
                fn(m)
            except FloatingPointError as exc:
                return ("raise", str(exc))
    return ("ok", sorted("%s: %s" % (c.category.__name__, c.message) for c in caught))


@pytest.mark.parametrize("mode", ["warn", "raise", "ignore"])
@pytest.mark.parametrize("i", range(len(FP_CASES)))
def test_fp_errors_follow_errstate_as_numpy(i, mode):
    np = np_()
    _, fn = FP_CASES[i]
    assert _fp_outcome(nh, fn, mode) == _fp_outcome(np, fn, mode)


@pytest.mark.smoke
def test_fp_errors_default_warnings():
    with pytest.warns(RuntimeWarning, match="divide by zero encountered in divide"):
        nh.ones(2) / 0.0
    with nh.errstate(divide="raise"):
        with pytest.raises(FloatingPointError, match="divide by zero encountered in divide"):
            nh.ones(2) / 0.0
    with nh.errstate(all="ignore"):
        assert nh.isinf(nh.ones(2) / 0.0).tolist() == [True, True]


# ------------------------------------------- functions built on the ufuncs


CLOSE = [
    ([1.0, 2.0, float("nan")], [1.0 + 1e-9, 2.1, float("nan")], {}),
    ([1.0, 2.0, float("nan")], [1.0, 2.0, float("nan")], {"equal_nan": True}),
    ([1e10, 1e-7], [1.00001e10, 1e-8], {}),
    ([1, 2, 3], [1, 2, 4], {"atol": 1}),
    (1.0, 1.0 + 1e-6, {}),
    ([float("inf"), -float("inf")], [float("inf"), float("inf")], {}),
    ([True, False], [1, 0], {}),
    ([[1.0, 2.0]], [1.0, 2.0], {"rtol": 0}),
    ([1 + 1j], [1 + 1.000001j], {}),
]


@pytest.mark.parametrize("i", range(len(CLOSE)))
def test_isclose_allclose_match_numpy(i):
    np = np_()
    a, b, kw = CLOSE[i]
    ours, theirs = nh.isclose(a, b, **kw), np.isclose(a, b, **kw)
    assert to_np(ours).tolist() == theirs.tolist()
    assert type(to_np(ours)).__name__ == type(theirs).__name__
    assert nh.allclose(a, b, **kw) is np.allclose(a, b, **kw)


@pytest.mark.parametrize(
    "a, b, kw",
    [
        ([1, 2], [1, 2], {}),
        ([1, 2], [1, 3], {}),
        ([1, 2], [[1, 2]], {}),
        ([1.0, float("nan")], [1.0, float("nan")], {}),
        ([1.0, float("nan")], [1.0, float("nan")], {"equal_nan": True}),
        ([1, 2], [[1, 2], [1, 2]], {}),
        ([1, 2], [[1, 2, 1, 2]], {}),
    ],
)
def test_array_equal_equiv_match_numpy(a, b, kw):
    np = np_()
    assert nh.array_equal(a, b, **kw) is np.array_equal(a, b, **kw)
    if not kw:
        assert nh.array_equiv(a, b) is np.array_equiv(a, b)


def test_large_loops_release_the_interpreter():
    """Another Python thread runs while a large loop computes (the loop is
    entered with the interpreter released): the main thread's counter moves
    between the worker's reading before and after one ufunc call."""
    import threading

    big = nh.linspace(0.0, 1.0, 20_000_000)
    out = nh.empty(big.shape)
    counter = [0]
    state = {"done": False}
    started = threading.Event()

    def worker():
        started.wait()
        before = counter[0]
        nh.sqrt(big, out=out)
        state["during"] = counter[0] - before
        state["done"] = True

    t = threading.Thread(target=worker)
    t.start()
    started.set()
    while not state["done"]:
        counter[0] += 1
    t.join()
    assert state["during"] > 100, state
    assert out[-1] == 1.0


# ------------------------------------------------ review: edge cases as NumPy


def _warned(fn):
    import warnings as w

    with w.catch_warnings(record=True) as caught:
        w.simplefilter("always")
        r = fn()
    return r, sorted(str(c.message) for c in caught)


def test_where_computes_only_selected_elements():
    np = np_()
    for m in (nh, np):
        b = m.array([0.0, 1.0, 2.0])
        r, warned = _warned(lambda: m.divide(1.0, b, out=m.zeros(3), where=b != 0))
        assert to_np(r).tolist() == [0.0, 1.0, 0.5] and warned == []
        r = m.power(m.array([2, 2]), m.array([-1, 2]), out=m.zeros(2, "i8"), where=[False, True])
        assert to_np(r).tolist() == [0, 4]
    # a mask that overlaps its output is read before the loop writes
    outs = []
    for m in (nh, np):
        mask = m.ones(20001, "?")
        m.logical_or(m.zeros(20000, "?"), False, out=mask[1:], where=mask[:-1])
        outs.append(to_np(mask).tolist())
    assert outs[0] == outs[1]


def test_nan_comparisons_raise_no_invalid():
    np = np_()
    for m in (nh, np):
        with m.errstate(all="raise"):
            for dt in ("f4", "f8"):
                x = m.full(64, float("nan"), dt)
                m.less(x, 0.0), m.greater_equal(x, 0.0), m.maximum(x, 0.0), m.fmin(x, 0.0)
                m.sign(x), m.isfinite(x), x == x
            with pytest.raises(FloatingPointError):
                m.sqrt(m.full(64, -1.0))


@pytest.mark.parametrize(
    "fn",
    [
        lambda m: m.add(m.array([1], "i1"), m.array([1], "i2"), casting="no"),
        lambda m: m.divmod(m.arange(3.0), 2.0, out=(m.empty(3), m.empty((2, 3)))),
        lambda m: m.add(m.zeros((3, 5))[3:, ::-1], 1.0).shape,
        lambda m: m.add(m.zeros((3, 5))[3:, ::-1], m.zeros((3, 5))[3:, ::-1]).shape,
    ],
)
def test_casting_outputs_and_empty_views_as_numpy(fn):
    np = np_()
    theirs, ours = outcome(lambda: fn(np)), outcome(lambda: fn(nh))
    assert ours[0] == theirs[0]
    if theirs[0] == "raise":
        assert type(ours[1]).__name__ == type(theirs[1]).__name__
        assert str(ours[1]) == str(theirs[1])
    else:
        assert ours[1] == theirs[1]


def test_operand_reshaped_by_python_during_the_call_is_safe():
    """An errcall (Python code run by the call) that reshapes an operand, and
    garbage collections whose finalisers reshape one: no crash, no
    SystemError, results within the array."""
    import gc

    a = nh.ones(4)
    nh.seterrcall(lambda *_: setattr(a, "shape", (2, 2)))
    with nh.errstate(divide="call"):
        r = a / 0.0
    assert a.shape == (2, 2) and nh.isinf(r).tolist() == [True] * 4
    nh.seterrcall(None)

    b = nh.zeros((6, 2))
    shapes = [(2, 6), (6, 2)]

    class Flip:
        def __init__(self):
            self.cycle = self

        def __del__(self):
            if shapes:
                b.shape = shapes[0]
                shapes.reverse()
                Flip()

    Flip()
    # (PyPy's collector has no thresholds: the loop then only stresses it.)
    old = gc.get_threshold() if hasattr(gc, "get_threshold") else None
    if old is not None:
        gc.set_threshold(1)
    try:
        for _ in range(300):
            try:
                nh.divmod(1.0, 1.0, out=(b, None))
                nh.add(b, 1.0, out=b)
            except ValueError as exc:
                assert "changed shape" in str(exc) or "broadcast" in str(exc)
    finally:
        if old is not None:
            gc.set_threshold(*old)
        shapes.clear()
        gc.collect()


@pytest.mark.parametrize(
    "expr",
    [
        "m.array([2**63 - 1]) < 2**63",
        "m.array([0]) > -2**63 - 1",
        "m.array([0], 'u8') < 2**64",
        "m.arange(3, dtype='u1') == -1",
        "-1 < m.arange(3, dtype='u1')",
        "m.arange(3, dtype='i1') >= 1000",
        "m.logical_and(m.arange(3, dtype='u1'), -1)",
        "m.not_equal(m.arange(3, dtype='i2'), 2**40)",
    ],
)
def test_comparisons_with_out_of_range_ints_are_exact(expr):
    np = np_()
    ours, theirs = eval(expr, {"m": nh}), eval(expr, {"m": np})
    assert to_np(ours).tolist() == theirs.tolist()


def test_out_of_range_comparison_with_where_and_out():
    # NumPy 2.4.6 segfaults on this call; we answer it.
    r = nh.less(
        nh.arange(4, dtype="i1").reshape(2, 2), 300, where=[True, False], out=nh.zeros((2, 2), "?")
    )
    assert r.tolist() == [[True, False], [True, False]]


# ------------------------------------------------------- __array_ufunc__


class _Override:
    def __array_ufunc__(self, uf, method, *inputs, **kwargs):
        return (uf.__name__, method, len(inputs), sorted(kwargs))


class _Refuses:
    def __array_ufunc__(self, uf, method, *inputs, **kwargs):
        return NotImplemented


class _NoUfuncs:
    __array_ufunc__ = None


def test_array_ufunc_overrides_as_numpy():
    np = np_()
    for m in (nh, np):
        assert m.add(_Override(), 1) == ("add", "__call__", 2, [])
        assert m.add(1, _Override(), out=m.ones(1)) == ("add", "__call__", 2, ["out"])
        assert m.ones(2) + _Override() == ("add", "__call__", 2, [])
        assert m.sqrt(_Override()) == ("sqrt", "__call__", 1, [])
    theirs = outcome(lambda: np.add(_NoUfuncs(), 1))
    ours = outcome(lambda: nh.add(_NoUfuncs(), 1))
    assert str(ours[1]) == str(theirs[1]) and type(ours[1]) is type(theirs[1])
    r = outcome(lambda: nh.add(_Refuses(), 1))
    assert type(r[1]) is TypeError
    assert str(r[1]).startswith("operand type(s) all returned NotImplemented from __array_ufunc__(<ufunc 'add'>, '__call__', ")
    assert str(r[1]).endswith(": '_Refuses', 'int'")
    # NumPy arrays are read as arrays (no dispatch to NumPy's own method)
    assert type(nh.add(np.ones(2), 1)) is nh.ndarray


def test_order_of_new_outputs_as_numpy():
    np = np_()
    for order in "CFAK":
        got, want = [], []
        for m, out in ((nh, got), (np, want)):
            c = m.ones((3, 4))
            f = m.ones((4, 3)).T
            for x, y in ((c, 1), (f, 1), (c, f), (f, f)):
                r = m.add(x, y, order=order)
                out.append((r.flags.c_contiguous, r.flags.f_contiguous))
        assert got == want, order
    for bad in ("X", 3):
        theirs = outcome(lambda: np.add(np.ones(2), 1, order=bad))
        ours = outcome(lambda: nh.add(nh.ones(2), 1, order=bad))
        assert type(ours[1]) is type(theirs[1]) and str(ours[1]) == str(theirs[1])
