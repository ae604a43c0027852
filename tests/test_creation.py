"""Array creation against NumPy: arange, linspace, eye, identity, the *_like
functions, copy, frombuffer and fromiter.

Every comparison is bit-exact: elements are compared by their ``repr``
(``0.30000000000000004`` and ``0.3`` differ), with dtype and shape, and
errors by type and message.
"""

import gc
import math
import os
import struct
import sys
import warnings

import pytest

import numpy_hpy as hp

np = pytest.importorskip("numpy", minversion="2.3")

try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover
    given = None


def _exact(v):
    """A bit-exact, comparable form of one element."""
    if isinstance(v, float):
        return ("f", struct.pack("<d", v))
    if isinstance(v, complex):
        return ("c", struct.pack("<dd", v.real, v.imag))
    return (type(v).__name__, v)


def _flat(x):
    if isinstance(x, list):
        out = []
        for e in x:
            out.extend(_flat(e))
        return out
    return [x]


def assert_same(ours, theirs):
    assert str(ours.dtype) == str(theirs.dtype), (ours.dtype, theirs.dtype)
    assert ours.shape == theirs.shape
    a, b = _flat(ours.tolist()), _flat(theirs.tolist())
    assert [_exact(v) for v in a] == [_exact(v) for v in b], (a, b)


def outcome(f, mod):
    """`("ok", result)` or `("err", type name, message)`, warnings silenced."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ("ok", f(mod))
    except Exception as e:  # noqa: BLE001
        return ("err", type(e).__name__, str(e))


def check(f):
    """Runs `f(np)` and `f(hp)`; both give the same array or the same error."""
    theirs = outcome(f, np)
    ours = outcome(f, hp)
    if theirs[0] == "err":
        assert ours[0] == "err", ("expected", theirs, "got", ours)
        assert ours[1:] == theirs[1:]
        return None
    assert ours[0] == "ok", ours
    r_ours, r_theirs = ours[1], theirs[1]
    if isinstance(r_theirs, tuple):
        assert isinstance(r_ours, tuple) and len(r_ours) == len(r_theirs)
        for o, t in zip(r_ours, r_theirs):
            if isinstance(t, np.ndarray):
                assert_same(o, t)
            else:
                assert type(o).__name__ == type(t).__name__
                assert repr(o).replace("numpy_hpy", "np") == repr(t) or (
                    math.isnan(float(o)) and math.isnan(float(t))
                )
        return r_ours
    assert_same(r_ours, r_theirs)
    return r_ours


# --------------------------------------------------------------------- arange

ARANGE_CASES = [
    lambda m: m.arange(0),
    lambda m: m.arange(5),
    lambda m: m.arange(-3),
    lambda m: m.arange(2, 9),
    lambda m: m.arange(2, 9, 3),
    lambda m: m.arange(9, 2, -2),
    lambda m: m.arange(0.5, 3, 0.3),
    lambda m: m.arange(0, 1, 0.1),
    lambda m: m.arange(1, 0, -0.1),
    lambda m: m.arange(-1.5, 2.25, 0.75),
    lambda m: m.arange(10.0),
    lambda m: m.arange(0.1, 1.3, 0.1, dtype="f4"),
    lambda m: m.arange(0, 5, dtype="f4"),
    lambda m: m.arange(5, dtype=m.int8),
    lambda m: m.arange(0, 300, 100, dtype=m.int8),
    lambda m: m.arange(300, 301, dtype=m.int8),
    lambda m: m.arange(0, -3, -1, dtype=m.uint8),
    lambda m: m.arange(-3.7, dtype=m.uint8),
    lambda m: m.arange(0.5, 3, dtype=int),
    lambda m: m.arange(1.5, dtype=m.int8),
    lambda m: m.arange(0, 2**64, 2**63, dtype=m.uint64),
    lambda m: m.arange(2**63, 2**63 + 3),
    lambda m: m.arange(-1, 2**63 + 3, 2**62),
    lambda m: m.arange(m.int8(3)),
    lambda m: m.arange(m.float32(3)),
    lambda m: m.arange(m.uint64(3)),
    lambda m: m.arange(m.int8(1), m.int16(5)),
    lambda m: m.arange(m.float32(0), m.float32(1), m.float32(0.1)),
    lambda m: m.arange(m.float32(0.5), 3, 0.3),
    lambda m: m.arange(1j),
    lambda m: m.arange(1 + 3j, 5 + 4j, 1),
    lambda m: m.arange(1, 5, 1.5, dtype=m.complex64),
    lambda m: m.arange(1, 5, 1, dtype=m.complex128),
    lambda m: m.arange(True),
    lambda m: m.arange(True, dtype=bool),
    lambda m: m.arange(2, dtype=bool),
    lambda m: m.arange(3, dtype=bool),
    lambda m: m.arange(stop=5),
    lambda m: m.arange(start=1, stop=5),
    lambda m: m.arange(0, 3, 1, int, device="cpu"),
    lambda m: m.arange(1e-320, 1, 1e308),
    lambda m: m.arange(0, 1, float("inf")),
    lambda m: m.arange(0, -1, float("inf")),
    lambda m: m.arange(5, dtype=None),
    lambda m: m.arange(0, 10, 0),
    lambda m: m.arange(0.0, 10, 0.0),
    lambda m: m.arange(),
    lambda m: m.arange(start=5),
    lambda m: m.arange(None),
    lambda m: m.arange(float("nan")),
    lambda m: m.arange(float("inf")),
    lambda m: m.arange(1e300),
    lambda m: m.arange(10**30),
    lambda m: m.arange(float("nan"), dtype=int),
    lambda m: m.arange((1, 2)),
    lambda m: m.arange(0, (1, 2)),
    lambda m: m.arange([1, 2]),
    lambda m: m.arange(0, 3, 1, int, 5),
    lambda m: m.arange(3, device="gpu"),
]


@pytest.mark.parametrize("case", range(len(ARANGE_CASES)))
def test_arange(case):
    check(ARANGE_CASES[case])


@pytest.mark.smoke
def test_arange_smoke():
    a = hp.arange(0.5, 3, 0.3)
    assert a.dtype == hp.float64
    assert a.tolist()[3] == 1.4000000000000001
    assert hp.arange(5).tolist() == [0, 1, 2, 3, 4]
    assert hp.arange(5).dtype == hp.int64
    assert hp.arange(9, 2, -2).tolist() == [9, 7, 5, 3]
    with pytest.raises(ZeroDivisionError):
        hp.arange(0, 10, 0)


def test_arange_float_steps_bitexact():
    # NumPy computes `start + i*(next - start)` from the stored first two
    # elements, not `start + i*step`: many steps differ in the last bit.
    for start in (0.0, 0.1, -2.5, 1e-3, 123.456):
        for step in (0.1, 0.2, 0.3, 1 / 3, 0.7, -0.1, 1e-5):
            stop = start + step * 37.5
            check(lambda m: m.arange(start, stop, step))
            check(lambda m: m.arange(start, stop, step, dtype=m.float32))


def test_arange_step_zero_numpy_scalar():
    # NumPy's scalar division gives inf (with a warning), then the length
    # overflows.
    check(lambda m: m.arange(0, 10, m.float64(0)))
    check(lambda m: m.arange(0, 10, m.int64(0)))


# ------------------------------------------------------------------- linspace

LINSPACE_CASES = [
    lambda m: m.linspace(0, 1),
    lambda m: m.linspace(0, 1, 5),
    lambda m: m.linspace(0, 1, 7, endpoint=False),
    lambda m: m.linspace(-3.3, 7.1, 11),
    lambda m: m.linspace(1, 0, 4),
    lambda m: m.linspace(0, 1, 0),
    lambda m: m.linspace(0, 1, 1),
    lambda m: m.linspace(0, 1, 1, endpoint=False),
    lambda m: m.linspace(0, 1, 3, retstep=True),
    lambda m: m.linspace(0, 1, 1, retstep=True),
    lambda m: m.linspace(0, 1, 0, retstep=True),
    lambda m: m.linspace(2, 5, 4, endpoint=False, retstep=True),
    lambda m: m.linspace(m.float32(0), 1.5, 4),
    lambda m: m.linspace(m.float32(0.1), m.float32(0.7), 9),
    lambda m: m.linspace(m.int16(0), m.float32(1), 4),
    lambda m: m.linspace(m.int8(0), 7, 4),
    lambda m: m.linspace(0, 1, 5, dtype=int),
    lambda m: m.linspace(-2.5, 3.5, 9, dtype=m.int8),
    lambda m: m.linspace(0, 1, 5, dtype=bool),
    lambda m: m.linspace(0, 1, 5, dtype=m.float32),
    lambda m: m.linspace(0, 1, 3, dtype=m.complex64),
    lambda m: m.linspace(0, 1j, 3),
    lambda m: m.linspace(1 + 2j, -3 - 1j, 5),
    lambda m: m.linspace(0, float("inf"), 3),
    lambda m: m.linspace(0, 5e-324, 3),
    lambda m: m.linspace(0, 1e-310, 4),
    lambda m: m.linspace(False, True, 3),
    lambda m: m.linspace(0, 1, 3, axis=-1),
    lambda m: m.linspace(0, 1, 3, axis=1),
    lambda m: m.linspace(0, 1, -1),
    lambda m: m.linspace(0, 1, 2.0),
    lambda m: m.linspace(0, 1j, 3, dtype=int),
]


@pytest.mark.parametrize("case", range(len(LINSPACE_CASES)))
def test_linspace(case):
    check(LINSPACE_CASES[case])


@pytest.mark.smoke
def test_linspace_smoke():
    a, step = hp.linspace(0, 1, 5, retstep=True)
    assert a.tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert type(step) is hp.float64 and step == 0.25
    with pytest.raises(ValueError, match="Number of samples, -1, must be non-negative."):
        hp.linspace(0, 1, -1)


def test_linspace_axis_error_is_axiserror():
    with pytest.raises(hp.exceptions.AxisError):
        hp.linspace(0, 1, 3, axis=1)


if given is not None:
    finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
    ints = st.integers(-1000, 1000)

    @settings(max_examples=150, deadline=None)
    @given(
        start=st.one_of(finite, ints),
        stop=st.one_of(finite, ints),
        step=st.one_of(
            st.floats(0.01, 1000).flatmap(lambda v: st.sampled_from([v, -v])),
            st.integers(1, 50).flatmap(lambda v: st.sampled_from([v, -v])),
        ),
        dtype=st.sampled_from([None, "f4", "f8", "i8", "i2", "c16"]),
    )
    def test_arange_hypothesis(start, stop, step, dtype):
        # Keep the result small.
        if abs((stop - start) / step) > 5000:
            return
        check(lambda m: m.arange(start, stop, step, dtype=dtype))

    @settings(max_examples=150, deadline=None)
    @given(
        start=st.one_of(finite, ints),
        stop=st.one_of(finite, ints),
        num=st.integers(0, 60),
        endpoint=st.booleans(),
        retstep=st.booleans(),
        dtype=st.sampled_from([None, "f4", "f8", "i8", "u1", "c8", "c16", "?"]),
        kind=st.sampled_from([None, "f4", "f8", "i2"]),
    )
    def test_linspace_hypothesis(start, stop, num, endpoint, retstep, dtype, kind):
        def f(m):
            if kind is None:
                s0 = start
            elif kind == "i2":
                s0 = m.int16(int(max(min(start, 30000), -30000)))
            else:
                s0 = m.dtype(kind).type(start)
            return m.linspace(s0, stop, num, endpoint=endpoint, retstep=retstep, dtype=dtype)

        check(f)


# ------------------------------------------------------------ eye, identity

EYE_CASES = [
    lambda m: m.eye(3),
    lambda m: m.eye(0),
    lambda m: m.eye(2, 4),
    lambda m: m.eye(4, 2),
    lambda m: m.eye(4, 3, 1),
    lambda m: m.eye(4, 3, -2),
    lambda m: m.eye(3, k=3),
    lambda m: m.eye(3, k=-5),
    lambda m: m.eye(3, dtype=int),
    lambda m: m.eye(3, dtype=bool),
    lambda m: m.eye(2, dtype=m.complex64),
    lambda m: m.eye(3, 4, 1, order="F"),
    lambda m: m.eye(3, M=None),
    lambda m: m.eye(2, device="cpu"),
    lambda m: m.eye(2.0),
    lambda m: m.eye(3, k=0.5),
    lambda m: m.eye(-1),
    lambda m: m.eye(3, order="K"),
    lambda m: m.eye(2, device="gpu"),
    lambda m: m.identity(3),
    lambda m: m.identity(0),
    lambda m: m.identity(2, dtype=m.int8),
    lambda m: m.identity(2, None),
    lambda m: m.identity(2.0),
]


@pytest.mark.parametrize("case", range(len(EYE_CASES)))
def test_eye(case):
    check(EYE_CASES[case])


@pytest.mark.smoke
def test_eye_smoke():
    assert hp.eye(2, 3, 1).tolist() == [[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    assert hp.identity(2, dtype=int).tolist() == [[1, 0], [0, 1]]


def test_eye_order_f():
    a = hp.eye(3, 4, order="F")
    assert a.flags.f_contiguous and not a.flags.c_contiguous


# ------------------------------------------------------------- *_like, copy


def _c(m):
    return m.array([[1, 2, 3], [4, 5, 6]], dtype=m.int16)


def _f(m):
    return m.array([[1.5, 2.5, 3.5], [4.5, 5.5, 6.5]], order="F")


LIKE_CASES = [
    lambda m: m.zeros_like(_c(m)),
    lambda m: m.ones_like(_c(m)),
    lambda m: m.empty_like(_c(m)).shape and m.zeros_like(_c(m)),
    lambda m: m.full_like(_c(m), 7),
    lambda m: m.full_like(_c(m), 2.7),
    lambda m: m.full_like(_c(m), 300),
    lambda m: m.full_like(m.zeros(3, m.int8), 300),
    lambda m: m.full_like(_c(m), 1.5, dtype=float),
    lambda m: m.zeros_like(_c(m), dtype=m.complex64),
    lambda m: m.ones_like([[1.0, 2.0]]),
    lambda m: m.ones_like([True, False]),
    lambda m: m.zeros_like(5),
    lambda m: m.ones_like(2.5),
    lambda m: m.ones_like(_c(m), shape=(4,)),
    lambda m: m.ones_like(_c(m), shape=5),
    lambda m: m.full_like(_c(m), 9, shape=(2, 2), dtype=m.uint8),
    lambda m: m.ones_like(_f(m)),
    lambda m: m.zeros_like(_c(m), order="Q"),
    lambda m: m.zeros_like(_c(m), device="gpu"),
    lambda m: m.copy(_c(m)),
    lambda m: m.copy([1, 2.5]),
    lambda m: m.copy(3),
    lambda m: m.copy(_f(m), order="C"),
    lambda m: m.copy([1, 2], order="Q"),
]


@pytest.mark.parametrize("case", range(len(LIKE_CASES)))
def test_like(case):
    check(LIKE_CASES[case])


# ------------------------------------------------------------- full

# full(shape, fill, dtype) casts the fill as NumPy's full does
# (copyto(a, fill, casting='unsafe')): Python ints must fit the dtype
# (NEP 50), a Python float next to an integer dtype is cast from float64
# with the cast's RuntimeWarning, complex values warn ComplexWarning.
FULL_CASES = [
    (300, "u1"),
    (-1, "u4"),
    (255, "u1"),
    (1.7, "i4"),
    (-1.5, "u1"),
    (-1e10, "u4"),
    (1e10, "u8"),
    (float("nan"), "i4"),
    (float("inf"), "i2"),
    (1e10, "i1"),
    (2**70, "f4"),
    (2**64, "u8"),
    (2**64, "?"),
    (-3, "?"),
    (2.5, "?"),
    (1e300, "f4"),
    (1 + 2j, "f8"),
    (1 + 2j, "i4"),
    (1j, "?"),
    (True, "i4"),
    ("np.float64(1e10)", "i1"),
    ("np.int64(300)", "u1"),
    ("np.complex64(1j)", "f4"),
]


def _fill(m, v):
    if isinstance(v, str):
        return getattr(m, v[3:v.index("(")])(float(v[v.index("(") + 1 : -1]))
    return v


@pytest.mark.parametrize("fill, dtype", FULL_CASES, ids=repr)
def test_full_casts_the_fill_value_as_numpy(fill, dtype):
    def run(m):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            try:
                a = m.full((2, 3), _fill(m, fill), dtype)
                got = ("ok", str(a.dtype), a.shape, a.tolist())
            except Exception as e:  # noqa: BLE001 - the outcome is compared
                got = ("err", type(e).__name__, str(e))
        return got, [(x.category.__name__, str(x.message)) for x in w]

    assert run(hp) == run(np)


@pytest.mark.parametrize("order", ["K", "A", "C", "F", None])
@pytest.mark.parametrize("fn", ["empty_like", "zeros_like", "ones_like", "copy"])
@pytest.mark.parametrize("src", [_c, _f])
def test_like_order_flags(order, fn, src):
    if order is None and fn == "copy":
        pytest.skip("copy's order has no None")
    r_np = getattr(np, fn)(src(np), order=order)
    r_hp = getattr(hp, fn)(src(hp), order=order)
    assert r_hp.flags.c_contiguous == r_np.flags.c_contiguous
    assert r_hp.flags.f_contiguous == r_np.flags.f_contiguous
    if fn != "empty_like":
        assert_same(r_hp, r_np)


@pytest.mark.smoke
def test_like_smoke():
    a = hp.array([[1, 2], [3, 4]])
    assert hp.full_like(a, 7).tolist() == [[7, 7], [7, 7]]
    assert hp.zeros_like(a).dtype == hp.int64
    c = hp.copy(a)
    c[0, 0] = 9
    assert a[0, 0] == 1


# ------------------------------------------------------------------ frombuffer

FROMBUFFER_CASES = [
    lambda m: m.frombuffer(b"\x01\x02\x03\x04", dtype=m.uint8),
    lambda m: m.frombuffer(struct.pack("<3d", 1.5, -2.0, 1e300)),
    lambda m: m.frombuffer(struct.pack("<4i", 1, -2, 3, 4), dtype=m.int32, count=2, offset=4),
    lambda m: m.frombuffer(struct.pack("<2d", 1.0, 2.0), dtype=m.complex128),
    lambda m: m.frombuffer(struct.pack("<4f", 1.0, 2.0, 3.0, 4.0), dtype="c8"),
    lambda m: m.frombuffer(b"\x00\x01\x02", dtype=bool),
    lambda m: m.frombuffer(bytearray(b"abcdefgh"), dtype=m.int16),
    lambda m: m.frombuffer(memoryview(struct.pack("<2q", 5, 6))),
    lambda m: m.frombuffer(b"", dtype=m.int8),
    lambda m: m.frombuffer(b"abcdefgh", offset=8),
    lambda m: m.frombuffer(b"abcdefgh", dtype=None),
    lambda m: m.frombuffer(b"abc"),
    lambda m: m.frombuffer(b"abcdefgh", offset=9),
    lambda m: m.frombuffer(b"abcdefgh", offset=-1),
    lambda m: m.frombuffer(b"abcdefgh", count=2),
    lambda m: m.frombuffer(b"abcdefgh", count=2.0),
    lambda m: m.frombuffer(5),
    lambda m: m.frombuffer(memoryview(b"abcdefgh")[::2]),
]


@pytest.mark.parametrize("case", range(len(FROMBUFFER_CASES)))
def test_frombuffer(case):
    check(FROMBUFFER_CASES[case])


def test_frombuffer_writeable_flag():
    assert hp.frombuffer(b"abcdefgh").flags.writeable is False
    assert hp.frombuffer(bytearray(8)).flags.writeable is True
    a = hp.frombuffer(b"\x01\x02", dtype=hp.uint8)
    with pytest.raises(ValueError, match="read-only"):
        a[0] = 5


IS_PYPY = sys.implementation.name == "pypy"


def test_frombuffer_shares_memory():
    src = bytearray(b"\x01\x02")
    a = hp.frombuffer(src, dtype=hp.uint8)
    src[0] = 9
    if IS_PYPY:
        # PyPy's bytearray may move its memory while exported: we copy.
        assert a.tolist() == [1, 2]
        return
    assert a.tolist() == [9, 2] and not a.flags.owndata
    a[1] = 7
    assert src == bytearray(b"\x09\x07")
    # As with NumPy, the array's export pins the bytearray.
    with pytest.raises(BufferError):
        src.extend(b"x")
    del a
    gc.collect()
    src.extend(b"x")


def test_frombuffer_views_bytes_everywhere():
    b = bytes(range(16))
    a = hp.frombuffer(b, dtype=hp.uint32, count=2, offset=4)
    assert not a.flags.owndata and not a.flags.writeable
    assert a.tolist() == list(np.frombuffer(b, dtype=np.uint32, count=2, offset=4))
    v = a[::-1]
    del a, b
    gc.collect()
    assert v.tolist() == [0x0B0A0908, 0x07060504]


@pytest.mark.smoke
def test_frombuffer_smoke():
    a = hp.frombuffer(struct.pack("<2d", 1.5, 2.5))
    assert a.tolist() == [1.5, 2.5] and a.dtype == hp.float64


def test_frombuffer_our_array():
    a = hp.arange(6, dtype=hp.int32)
    check(lambda m: m.frombuffer(m.arange(6, dtype=m.int32), dtype=m.int16))
    assert hp.frombuffer(a, dtype=hp.int32).tolist() == list(range(6))


# -------------------------------------------------------------------- fromiter

FROMITER_CASES = [
    lambda m: m.fromiter(range(5), dtype=int),
    lambda m: m.fromiter((x * 0.5 for x in range(5)), dtype=m.float32),
    lambda m: m.fromiter(iter([1, 2]), dtype=m.int8, count=5),
    lambda m: m.fromiter([1, 2, 3], int, 2),
    lambda m: m.fromiter([1, 2, 3], int, -5),
    lambda m: m.fromiter([], dtype=float),
    lambda m: m.fromiter([1], dtype=None),
    lambda m: m.fromiter([1]),
    lambda m: m.fromiter([1.5, float("nan")], dtype=m.int64),
    lambda m: m.fromiter([1.5, float("inf")], dtype=m.int64),
    lambda m: m.fromiter([1.5, 1e30], dtype=m.int64),
    lambda m: m.fromiter([1.5, -3.5], dtype=m.uint8),
    lambda m: m.fromiter([3.7, -3.7], dtype=m.int8),
    lambda m: m.fromiter([300], dtype=m.int8),
    lambda m: m.fromiter([2**63], dtype=m.int64),
    lambda m: m.fromiter([2**63], dtype=m.uint64),
    lambda m: m.fromiter([-1], dtype=m.uint32),
    lambda m: m.fromiter([True, 0, 2.5, 0.0], dtype=bool),
    lambda m: m.fromiter([1 + 2j, 3], dtype=complex),
    lambda m: m.fromiter([1 + 2j], dtype=float),
    lambda m: m.fromiter([1 + 2j], dtype=int),
    lambda m: m.fromiter(["1.5"], dtype=float),
    lambda m: m.fromiter([[1]], dtype=m.int8),
    lambda m: m.fromiter(5, dtype=m.int8),
    lambda m: m.fromiter([1e300], dtype=m.float32),
    lambda m: m.fromiter([m.float64(300.5)], dtype=m.int8),
    lambda m: m.fromiter([m.int64(300)], dtype=m.int8),
    lambda m: m.fromiter([m.float32(1.5), m.int8(-2)], dtype=m.float64),
]


@pytest.mark.parametrize("case", range(len(FROMITER_CASES)))
def test_fromiter(case):
    check(FROMITER_CASES[case])


def test_fromiter_consumes_only_count():
    it = iter(range(10))
    assert hp.fromiter(it, dtype=int, count=3).tolist() == [0, 1, 2]
    assert next(it) == 3


class _Hinted:
    """An iterator of 1, 2, 3 whose __length_hint__ answers ``hint``."""

    def __init__(self, hint):
        self.i, self.hint = 0, hint

    def __iter__(self):
        return self

    def __next__(self):
        self.i += 1
        if self.i > 3:
            raise StopIteration
        return self.i

    def __length_hint__(self):
        if isinstance(self.hint, type):
            raise self.hint("hint")
        return self.hint


class _HintedIterable:
    def __iter__(self):
        return iter([1, 2])

    def __length_hint__(self):
        raise ValueError("the iterable's own hint")


@pytest.mark.parametrize(
    "hint", [ValueError, KeyError, TypeError, -1, "x", 2**70, NotImplemented, 5, 0], ids=repr
)
@pytest.mark.parametrize("count", [-1, 2])
def test_fromiter_length_hint_errors_propagate(hint, count):
    # NumPy sizes its allocation with PyObject_LengthHint(obj, 0) when no
    # count is given: what the hint raises is raised.
    check(lambda m: m.fromiter(_Hinted(hint), "i8", count))


def test_fromiter_asks_the_iterable_for_its_hint():
    check(lambda m: m.fromiter(_HintedIterable(), "i8"))


@pytest.mark.smoke
def test_fromiter_smoke():
    assert hp.fromiter((i * i for i in range(4)), dtype=hp.int32).tolist() == [0, 1, 4, 9]


# ------------------------------------------- array(nested lists): leaves/shape
# The leaf fast path (exact float/int/bool) and the per-leaf shape check.


class _List(list):
    pass


class _Float(float):
    pass


ARRAY_CASES = [
    lambda m: m.array([1.5, 2, True]),
    lambda m: m.array([True, False]),
    lambda m: m.array([True, 2]),
    lambda m: m.array([1, 2**63]),
    lambda m: m.array([2**63, -1]),
    lambda m: m.array([_Float(1.5), 2]),
    lambda m: m.array(_List([1, 2, 3])),
    lambda m: m.array([_List([1.0]), (2.0,)]),
    lambda m: m.array([m.float32(1.5), 2.0]),
    lambda m: m.array([m.int8(1), 2]),
    lambda m: m.array([[1.0, 2.0], [3.0, 4.0]]),
    lambda m: m.array(((1, 2), [3, 4]), dtype=m.float32),
    lambda m: m.array([[1.0, 2.0], 3.0]),
    lambda m: m.array([1.0, [2.0, 3.0]]),
    lambda m: m.array([[1, 2], [3]]),
    lambda m: m.array([[1, 2], [3, 4, 5]]),
    lambda m: m.array([[[1], [2]], [[3], 4]]),
    lambda m: m.array([[], []]),
    lambda m: m.array([[], [1]]),
    lambda m: m.array([m.array([1.0, 2.0]), [3.0, 4.0]]),
    lambda m: m.array([m.array([1.0, 2.0]), [3.0]]),
    lambda m: m.array([300, 1], dtype=m.int8),
]


@pytest.mark.parametrize("case", ARRAY_CASES, ids=range(len(ARRAY_CASES)))
def test_array_from_nested(case):
    check(case)


# ----------------------------------------------------- the __array__ protocol


class _HasArray:
    """Offers only `__array__`, built by the module under test."""

    def __init__(self, mod, data, dtype=None):
        self.mod, self.data, self.dtype = mod, data, dtype

    def __array__(self, dtype=None, copy=None):
        return self.mod.array(self.data, dtype=self.dtype)


class _FromNumPy:
    """`__array__` hands back a NumPy array whichever module asks."""

    def __array__(self, dtype=None, copy=None):
        return np.arange(6.0).reshape(2, 3)


class _NotAnArray:
    def __array__(self, dtype=None, copy=None):
        return [1, 2, 3]


class _Raises:
    def __array__(self, dtype=None, copy=None):
        raise KeyError("inside __array__")


DUNDER_ARRAY_CASES = [
    lambda m: m.array(_HasArray(m, [[1, 2], [3, 4]])),
    lambda m: m.array(_HasArray(m, [1.5, 2.5]), dtype=m.int32),
    lambda m: m.asarray(_HasArray(m, [1, 2], dtype=m.int8)),
    lambda m: m.array(_HasArray(m, 3.5)),
    lambda m: m.array(_HasArray(m, [1, 2]), ndmin=3),
    lambda m: m.array(_FromNumPy()),
    lambda m: m.asarray(_FromNumPy(), dtype=m.float32),
    lambda m: m.array(_NotAnArray()),
    lambda m: m.asarray(_NotAnArray()),
    lambda m: m.array(_Raises()),
]


@pytest.mark.parametrize("case", DUNDER_ARRAY_CASES, ids=range(len(DUNDER_ARRAY_CASES)))
def test_dunder_array(case):
    check(case)


def test_dunder_array_result_is_used_without_copy():
    inner = hp.arange(4)
    holder = type("H", (), {"__array__": lambda self, dtype=None, copy=None: inner})()
    assert hp.asarray(holder) is inner
    assert hp.array(holder, copy=False) is inner
    copied = hp.array(holder)
    assert copied is not inner
    copied[0] = 7
    assert inner[0] == 0


# ------------------------------------------------------------ ndarray(...)

NDARRAY_CASES = [
    lambda m: m.ndarray((2, 3)).shape,
    lambda m: m.ndarray(shape=(2, 3), dtype="i4").strides,
    lambda m: m.ndarray((2, 3), dtype=m.int16, order="F").strides,
    lambda m: m.ndarray(4, m.uint8).shape,
    lambda m: m.ndarray((), dtype=bool).shape,
    lambda m: m.ndarray((0, 3)).strides,
    lambda m: m.ndarray((2,), dtype="i4", buffer=struct.pack("<3i", 1, 2, 3), offset=4),
    lambda m: m.ndarray((2, 2), dtype="i2", buffer=bytes(range(8)), order="F"),
    lambda m: m.ndarray((2,), dtype="i2", buffer=bytes(range(8)), strides=(4,)),
    lambda m: m.ndarray((2,), dtype="i2", buffer=bytes(range(8)), strides=(-2,), offset=6),
    lambda m: m.ndarray((2, 2), dtype="u1", buffer=bytearray(range(4)), strides=(1, 2)),
    lambda m: m.ndarray((3,), dtype="u1", buffer=memoryview(bytes(range(6)))[::2]),
    lambda m: m.ndarray((3,), dtype="f8", buffer=bytes(8)),
    lambda m: m.ndarray((1,), dtype="f8", buffer=bytes(8), offset=1),
    lambda m: m.ndarray((2,), strides=(8,)).strides,
    lambda m: m.ndarray((2,), dtype="u1", buffer=bytes(4), strides=(1, 1)),
    lambda m: m.ndarray((2,), dtype="u1", buffer=5),
    lambda m: m.ndarray((-1,)),
    lambda m: m.ndarray((2,), dtype="u1", buffer=m.arange(4, dtype=m.uint8), offset=2),
    lambda m: m.ndarray((2,), dtype="i2", buffer=m.arange(4, dtype=m.uint8)),
    lambda m: m.ndarray((2,), order="X"),
    lambda m: m.ndarray((2,), bogus=1),
    lambda m: m.ndarray((2,), strides=(16,)),
    lambda m: m.ndarray((2,), strides=(-8,)),
    lambda m: m.ndarray((2, 3), strides=(8, 16)).strides,
    lambda m: m.ndarray((2, 3), strides=(8,)),
    lambda m: m.ndarray((2,), dtype="u1", buffer=bytes(4), strides=(4,)),
    lambda m: m.ndarray((2, 2), dtype="u1", buffer=memoryview(bytes(range(4))).cast("B", (2, 2))),
    lambda m: m.ndarray((4,), dtype="u1", buffer=m.arange(4, dtype=m.uint8).reshape(2, 2).T),
    lambda m: m.ndarray((2,), dtype="u1", buffer=m.arange(8, dtype=m.uint8)[::2]),
    lambda m: m.ndarray(),
    lambda m: m.ndarray((1,), "f8", None, 0, None, "C", 7),
    lambda m: m.ndarray((1,), shape=(2,)),
    lambda m: m.ndarray((2,), order="f").strides,
    lambda m: m.dtype("f8", bogus=1),
    lambda m: (str(m.dtype("f8", align=True)),),
    lambda m: m.dtype(),
]


@pytest.mark.parametrize("case", range(len(NDARRAY_CASES)))
def test_ndarray_constructor(case):
    check(NDARRAY_CASES[case])


def test_ndarray_negative_offset_is_refused():
    # NumPy accepts it and reads memory before the buffer.
    with pytest.raises(ValueError, match="offset must be non-negative"):
        hp.ndarray((1,), dtype="f8", buffer=bytes(8), offset=-1)


def test_ndarray_constructor_views_its_buffer():
    src = bytearray(8)
    a = hp.ndarray((2,), dtype=hp.int32, buffer=src, offset=0)
    a[1] = -1
    if sys.implementation.name == "pypy":
        # PyPy's bytearray may move its memory while exported: we copy.
        assert bytes(src) == bytes(8) and a.tolist() == [0, -1]
        return
    assert bytes(src[4:]) == b"\xff\xff\xff\xff"
    b = hp.ndarray((1,), dtype=hp.int16, buffer=b"\x05\x00\x06\x00", offset=2)
    assert b.tolist() == [6] and not b.flags.writeable


# ------------------------------------------- array(list): lists read in place


def test_list_mutated_while_read_is_an_error_not_a_crash():
    outer = []

    class Shrinker:
        def __array__(self, dtype=None, copy=None):
            del outer[1:]
            return hp.array([1.0, 2.0])

    outer.extend([Shrinker(), [3.0, 4.0], [5.0, 6.0]])
    # (RuntimeError where the list is read in place, IndexError elsewhere)
    with pytest.raises((RuntimeError, IndexError)):
        hp.array(outer)
    gc.collect()


def test_subclasses_of_numbers_and_lists_take_the_general_path():
    class F(float):
        pass

    class I(int):  # noqa: E742
        pass

    class L(list):
        pass

    check(lambda m: m.array([F(1.5), I(2), True, L([3.0])[0]]))
    check(lambda m: m.array(L([L([1, 2]), [3, 4]])))
    check(lambda m: m.array([[1.0, 2], [3, 4.5]], dtype=m.float32))
    check(lambda m: m.array([[1, 2], [3, 2**63]]))
    for big in (2**64, -(2**63) - 1):  # NumPy makes object arrays of these
        with pytest.raises(OverflowError, match="object arrays are not supported"):
            hp.array([1, big])
    check(lambda m: m.array([[1, 2], [3]]))
    check(lambda m: m.array([[1.0, [2.0]], [3.0, 4.0]]))
    check(lambda m: m.array([1, 2.5, 1j, True]))
    check(lambda m: m.array([True, False], dtype=m.int64))
    check(lambda m: m.array([1, 300], dtype=m.int8))


if given is not None:
    # Leaves the in-place list reader handles itself (exact float/int/bool)
    # and those it hands to the general path (complex, subclasses, NumPy
    # scalars, our scalars, tuples); ints up to uint64 (beyond, NumPy makes
    # object arrays, which numpy_hpy does not have).
    class _F(float):
        pass

    leaf = st.one_of(
        st.floats(allow_nan=False),
        st.integers(-(2**63), 2**64 - 1),
        st.booleans(),
        st.complex_numbers(allow_nan=False, max_magnitude=1e300),
        st.floats(-10, 10).map(_F),
        st.integers(-5, 5).map(lambda v: ("np_i2", v)),
        st.floats(-5, 5).map(lambda v: ("np_f4", v)),
    )

    def _nested(depth):
        if depth == 0:
            return leaf
        inner = _nested(depth - 1)
        # Mostly rectangular (the same sub-shape repeated), sometimes ragged.
        return st.one_of(
            st.lists(inner, min_size=0, max_size=4),
            st.integers(0, 3).flatmap(lambda n: inner.map(lambda x: [x] * n)),
            st.tuples(inner, inner).map(list),
        )

    def _realise(x, m):
        """The same nested value for NumPy and for numpy_hpy (their own
        scalar types for the tagged leaves)."""
        if isinstance(x, list):
            return [_realise(e, m) for e in x]
        if isinstance(x, tuple) and len(x) == 2 and isinstance(x[0], str):
            kind, v = x
            return m.int16(v) if kind == "np_i2" else m.float32(v)
        return x

    @settings(max_examples=int(os.environ.get("NUMPY_HPY_NESTED_EXAMPLES", "300")), deadline=None)
    @given(value=st.integers(0, 3).flatmap(_nested), dtype=st.sampled_from([None, None, "f8", "i8", "c16", "f4"]))
    def test_array_of_nested_lists_hypothesis(value, dtype):
        check(lambda m: m.array(_realise(value, m), dtype=dtype))


# ------------------------------------------------- copy= (NumPy 2 semantics)

COPY_CASES = [
    lambda m: m.array([1, 2], copy=False),
    lambda m: m.array(5, copy=False),
    lambda m: m.array(m.arange(3), copy=False, dtype="f8"),
    lambda m: m.array(m.zeros((2, 2)).T, copy=False, order="C"),
    lambda m: m.asarray([1, 2], copy=False),
    lambda m: m.asarray(m.arange(3), dtype="f8", copy=False),
    lambda m: m.asarray(m.arange(3), device="gpu"),
    lambda m: m.asarray([1, 2], copy=True),
    lambda m: m.asarray([1, 2], device="cpu", copy=None),
    lambda m: m.array(m.arange(3), copy=False, ndmin=3),
    lambda m: m.array(m.arange(6).reshape(2, 3)[:, ::2], copy=None, ndmin=4),
    lambda m: m.array(m.array(2.5), copy=None, ndmin=2),
    lambda m: m.asarray([1], bogus=1),
]


@pytest.mark.parametrize("case", range(len(COPY_CASES)))
def test_copy_keyword(case):
    check(COPY_CASES[case])


def test_copy_false_and_none_return_the_input_or_a_view():
    a = hp.arange(3)
    assert hp.array(a, copy=False) is a and hp.array(a, copy=None) is a
    assert hp.asarray(a, copy=False) is a and hp.asarray(a) is a
    assert hp.array(a, copy=True) is not a and hp.asarray(a, copy=True) is not a
    v = hp.array(a, copy=False, ndmin=3)
    assert v.shape == (1, 1, 3) and v.base is a
    v[0, 0, 1] = 9
    assert a[1] == 9
    n = np.arange(4.0)
    w = hp.array(n, copy=False)
    n[0] = 7.0
    assert w[0] == 7.0  # NumPy's memory, viewed
    with pytest.raises(ValueError, match="Unable to avoid copy"):
        hp.array(n, copy=False, dtype="f4")


@pytest.mark.parametrize(
    "make",
    [
        lambda m: m.zeros(2**60, dtype="uint8"),
        lambda m: m.ones((2**31, 2**31), dtype="int8"),
        lambda m: m.empty((3, 2**59), dtype="float32"),
    ],
    ids=["zeros-1EiB", "ones-4EiB", "empty-shape"],
)
def test_failed_allocation_is_numpys_memoryerror(make):
    # NumPy raises its MemoryError subclass _ArrayMemoryError with this text.
    with pytest.raises(MemoryError) as theirs:
        make(np)
    with pytest.raises(MemoryError) as ours:
        make(hp)
    assert str(ours.value) == str(theirs.value)


def test_too_big_shape_is_numpys_valueerror():
    check(lambda m: m.zeros((2**40, 2**40)))
