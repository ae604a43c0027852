"""Sorting, searching, counting, set routines and order statistics
(``numpy_hpy._searching``), compared with real NumPy: values bit for bit
(``-0.0`` and NaN positions included) where NumPy's result is
deterministic, dtypes, shapes, scalar-vs-array results, and the type and
message of the errors.

NumPy's default sort kinds are not stable: results that depend on the order
of equal elements (``-0.0`` vs ``0.0``, argsort of duplicates) are compared
with ``kind='stable'`` only; partitions are checked for the partition
property.  ``unique_values`` of integers comes out of a hash table in NumPy
(unordered): it is compared as a set."""

import warnings

import pytest

import numpy_hpy as nh
from oracle import numpy_version, require_numpy

DTYPES = ["?", "i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f4", "f8", "c8", "c16"]
REAL = [d for d in DTYPES if d not in ("c8", "c16")]


def np_():
    return pytest.importorskip("numpy", minversion="2.3")


def hyp():
    return pytest.importorskip("hypothesis")


# ----------------------------------------------------------------- helpers


def to_np(x):
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


def _same_bits(o, t):
    np = np_()
    np.testing.assert_array_equal(o, t)
    if t.dtype.kind in "fc":
        for part in ("real", "imag") if t.dtype.kind == "c" else ("real",):
            ot, tt = getattr(o, part), getattr(t, part)
            assert (np.isnan(ot) == np.isnan(tt)).all()
            assert (np.signbit(ot) == np.signbit(tt))[~np.isnan(tt)].all(), (o, t)


def same(ours, theirs):
    """Same kind of result (array / scalar / Python value / tuple), dtype,
    shape and values (bit for bit)."""
    np = np_()
    if isinstance(theirs, tuple):
        assert isinstance(ours, tuple) and len(ours) == len(theirs), (ours, theirs)
        if hasattr(theirs, "_fields"):
            assert type(ours).__name__ == type(theirs).__name__
            assert ours._fields == theirs._fields
        for o, t in zip(ours, theirs):
            same(o, t)
        return
    if isinstance(theirs, np.ndarray):
        assert isinstance(ours, nh.ndarray), (type(ours), theirs)
    elif isinstance(theirs, np.generic):
        assert isinstance(ours, nh.generic), (type(ours), theirs)
    else:
        assert type(ours) is type(theirs), (ours, theirs)
        if isinstance(theirs, float) and theirs != theirs:
            assert ours != ours
        else:
            assert ours == theirs
        return
    o = np.asarray(to_np(ours))
    assert o.dtype == theirs.dtype, (o.dtype, theirs.dtype)
    assert o.shape == theirs.shape, (o.shape, theirs.shape)
    _same_bits(o, np.asarray(theirs))


def outcome(fn):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return ("ok", fn())
        except Exception as exc:  # noqa: BLE001 - compared
            return ("raise", exc)


def both(fn, *args, **kw):
    """Run ``fn(module, *converted args)`` with NumPy and with us; compare
    results, or error types and messages."""
    np = np_()
    t = outcome(lambda: fn(np, *args, **kw))
    o = outcome(lambda: fn(nh, *[from_np(a) if isinstance(a, np.ndarray) else a for a in args], **kw))
    if t[0] == "raise":
        assert o[0] == "raise", ("NumPy raised %r, we returned %r" % (t[1], o[1]))
        assert type(o[1]).__name__ == type(t[1]).__name__, (o[1], t[1])
        assert str(o[1]) == str(t[1])
        return None
    if o[0] == "raise":
        raise o[1]
    same(o[1], t[1])
    return o[1]


def sample(dtype, shape, seed=0, special=True, lo=-5, hi=5):
    """A NumPy array with duplicates and, for floats, NaN/inf/-0.0."""
    np = np_()
    rng = np.random.default_rng(seed)
    dt = np.dtype(dtype)
    n = int(np.prod(shape))
    if dt.kind == "b":
        return rng.integers(0, 2, n).astype(bool).reshape(shape)
    if dt.kind in "iu":
        lo2 = 0 if dt.kind == "u" else lo
        return rng.integers(lo2, hi, n).astype(dt).reshape(shape)
    vals = rng.integers(lo, hi, n).astype("f8") / 2
    if special and n:
        pool = np.array([np.nan, np.inf, -np.inf, -0.0, 0.0])
        pick = rng.random(n) < 0.25
        vals[pick] = rng.choice(pool, pick.sum())
    if dt.kind == "c":
        im = rng.integers(lo, hi, n).astype("f8")
        if special and n:
            pick = rng.random(n) < 0.15
            im[pick] = rng.choice(np.array([np.nan, -0.0, np.inf]), pick.sum())
        out = np.empty(n, dtype=dt)
        out.real, out.imag = vals, im
        return out.reshape(shape)
    return vals.astype(dt).reshape(shape)


SHAPES = [(0,), (1,), (7,), (3, 4), (2, 0, 3), (2, 3, 4)]


# ------------------------------------------------------------------ sorting


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES)
def test_sort_argsort(dtype, shape):
    a = sample(dtype, shape, seed=len(shape))
    for axis in (-1, 0, None):
        both(lambda m, x: m.sort(x, axis=axis, kind="stable"), a)
        both(lambda m, x: m.sort(x, axis=axis, stable=True), a)
        both(lambda m, x: m.argsort(x, axis=axis, kind="stable"), a)
    if dtype[0] not in "fc":
        both(lambda m, x: m.sort(x), a)  # no -0.0: the order of ties is invisible


def test_sort_0d_and_errors():
    np = np_()
    z = np.array(2.5)
    both(lambda m, x: m.sort(x), z)
    both(lambda m, x: m.sort(x, axis=None), z)
    both(lambda m, x: m.argsort(x), z)
    both(lambda m, x: m.sort(x, axis=2), np.zeros((2, 2)))
    both(lambda m, x: m.argsort(x, axis=-3), np.zeros((2, 2)))
    both(lambda m, x: m.partition(x, 0), z)
    both(lambda m, x: m.argpartition(x, 0), z)


def _check_partition(np, part, orig, kth, axis):
    a = np.moveaxis(np.asarray(part), axis, -1)
    o = np.sort(np.moveaxis(orig, axis, -1), axis=-1, kind="stable")
    np.testing.assert_array_equal(np.sort(a, axis=-1), o)
    for k in np.atleast_1d(kth):
        k = int(k) % a.shape[-1]
        np.testing.assert_array_equal(a[..., k], o[..., k])
        left, right = a[..., :k], a[..., k + 1:]
        pivot = a[..., k:k + 1]
        if a.dtype.kind == "f":
            assert ((left <= pivot) | np.isnan(pivot)).all()
            assert ((right >= pivot) | np.isnan(right)).all()
        elif a.dtype.kind != "c":
            assert (left <= pivot).all() and (right >= pivot).all()


@pytest.mark.parametrize("dtype", REAL)
@pytest.mark.parametrize("kth", [0, 3, -1, [1, 4], (0, -2)])
def test_partition_property(dtype, kth):
    np = np_()
    a = sample(dtype, (3, 6), seed=7)
    for axis in (-1, None):
        p = nh.partition(from_np(a), kth, axis=axis)
        ref = a.ravel() if axis is None else a
        assert to_np(p).dtype == a.dtype
        _check_partition(np, to_np(p), ref, kth, -1)
        ip = nh.argpartition(from_np(a), kth, axis=axis)
        assert to_np(ip).dtype == np.intp
        _check_partition(np, np.take_along_axis(ref, to_np(ip), -1), ref, kth, -1)
    p = nh.partition(from_np(a), 1, axis=0)
    _check_partition(np, to_np(p), a, 1, 0)
    both(lambda m, x: m.partition(x, 9), a)


@pytest.mark.parametrize("dtype", ["i4", "f8", "c16", "?"])
def test_lexsort(dtype):
    np = np_()
    k = [sample(dtype, (12,), seed=s, lo=-2, hi=2) for s in range(3)]
    both(lambda m, a, b, c: m.lexsort((a, b, c)), *k)
    both(lambda m, a, b: m.lexsort([a, b]), k[0], k[1])
    k2 = [sample(dtype, (3, 5), seed=s, lo=-2, hi=2) for s in range(2)]
    both(lambda m, a, b: m.lexsort((a, b), axis=0), *k2)
    both(lambda m, a, b: m.lexsort((a, b)), *k2)
    both(lambda m, a: m.lexsort(a), np.stack(k))
    both(lambda m, a, b: m.lexsort((a, b)), np.zeros(0, dtype), np.zeros(0, dtype))


@pytest.mark.parametrize("call", [
    lambda m: m.lexsort([]),
    lambda m: m.lexsort([[1, 2], [1, 2, 3]]),
    lambda m: m.lexsort(m.array(5)),
    lambda m: m.lexsort([1, 2, 3]),
    lambda m: m.lexsort(([1, 2], [3, 4]), axis=None),
    lambda m: m.lexsort(([1, 2], [3, 4]), axis=1),
])
def test_lexsort_edges(call):
    both(call)


# ----------------------------------------------------------- arg max/min


@pytest.mark.parametrize("dtype", DTYPES)
def test_argmax_argmin(dtype):
    a = sample(dtype, (4, 5), seed=3)
    for f in ("argmax", "argmin"):
        for axis in (None, 0, 1, -1):
            both(lambda m, x: getattr(m, f)(x, axis=axis), a)
            both(lambda m, x: getattr(m, f)(x, axis=axis, keepdims=True), a)
        both(lambda m, x: getattr(m, f)(x, axis=2), a)
        both(lambda m, x: getattr(m, f)(x), a[:0])


def test_argmax_out():
    np = np_()
    a = sample("f8", (4, 5), seed=3, special=False)
    out = nh.zeros(5, dtype="i8")
    r = nh.argmax(from_np(a), axis=0, out=out)
    assert r is out
    same(out, np.argmax(a, axis=0))


@pytest.mark.parametrize("dtype", ["f4", "f8", "c16", "i2", "?"])
def test_nanargmax_nanargmin(dtype):
    np = np_()
    a = sample(dtype, (4, 6), seed=11)
    if dtype[0] in "fc":
        a[:, 0] = np.nan
        a[1, :] = 1
    for f in ("nanargmax", "nanargmin"):
        for axis in (None, 0, 1):
            both(lambda m, x: getattr(m, f)(x, axis=axis), a)
        both(lambda m, x: getattr(m, f)(x, axis=1, keepdims=True), a)
    if dtype[0] in "fc":
        b = a.copy()
        b[2, :] = np.nan
        for f in ("nanargmax", "nanargmin"):
            both(lambda m, x: getattr(m, f)(x, axis=1), b)  # All-NaN slice
            both(lambda m, x: getattr(m, f)(x, axis=0), b)
            both(lambda m, x: getattr(m, f)(x), np.full(3, np.nan, dtype))
            both(lambda m, x: getattr(m, f)(x), np.zeros(0, dtype))


# ------------------------------------------------------ nonzero and where


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(0,), (5,), (3, 4), (2, 0), (2, 3, 2)])
def test_nonzero_family(dtype, shape):
    a = sample(dtype, shape, seed=5, lo=-1, hi=2)
    both(lambda m, x: m.nonzero(x), a)
    both(lambda m, x: m.argwhere(x), a)
    both(lambda m, x: m.flatnonzero(x), a)
    both(lambda m, x: m.where(x), a)
    both(lambda m, x: m.extract(x, x), a)


def test_nonzero_0d():
    np = np_()
    for v in (0, 3):
        z = np.array(v)
        both(lambda m, x: m.nonzero(x), z)
        both(lambda m, x: m.argwhere(x), z)
        both(lambda m, x: m.flatnonzero(x), z)
        both(lambda m, x: m.where(x), z)


@pytest.mark.parametrize("dx,dy", [("i1", "i1"), ("i1", "u1"), ("u8", "i8"), ("f4", "i2"),
                                    ("f4", "c8"), ("?", "f8"), ("i4", "c16"), ("?", "?")])
def test_where_three_args(dx, dy):
    np = np_()
    c = sample("?", (3, 4), seed=1)
    x = sample(dx, (3, 4), seed=2, special=False)
    y = sample(dy, (4,), seed=3, special=False)
    both(lambda m, c, x, y: m.where(c, x, y), c, x, y)
    both(lambda m, c, x: m.where(c, x, 7), c, x)
    both(lambda m, c, y: m.where(c, 2.5, y), c, y)
    both(lambda m, c: m.where(c, 1, 2.0), c)
    both(lambda m, c, x: m.where(c[0], x[0, 0], x[1, 1]), c, x)
    both(lambda m: m.where(True, 1, 2.0))
    both(lambda m, c: m.where(c, [1, 2, 3, 4], 0.5), c)
    if numpy_version() >= (2, 5):  # out-of-bounds Python ints raise there
        both(lambda m: m.where([True, False], np.int8(1), 300) if m is np else
             m.where([True, False], nh.int8(1), 300))
        both(lambda m, c, x: m.where(c.astype("i4"), x, -1), c, x)
    both(lambda m, c: m.where(c, 1), c)
    both(lambda m, c, x, y: m.where(c, x[:2], y), c, x, y)  # shape mismatch


def test_extract_lengths():
    both(lambda m: m.extract([1, 0, 1], [4, 5, 6, 7]))
    both(lambda m: m.extract([1, 0, 1, 1, 1], [4, 5, 6]))


# ---------------------------------------------------------- take and put


@pytest.mark.parametrize("dtype", DTYPES)
def test_take(dtype):
    np = np_()
    a = sample(dtype, (3, 4), seed=9)
    idx = np.array([[0, -1], [2, 1]])
    for axis in (None, 0, 1, -1):
        both(lambda m, x, i: m.take(x, i, axis=axis), a, idx)
        for mode in ("wrap", "clip"):
            both(lambda m, x: m.take(x, [-7, -1, 0, 5, 11, 13], axis=axis, mode=mode), a)
    both(lambda m, x: m.take(x, 5), a)
    both(lambda m, x: m.take(x, 1, axis=1), a)
    both(lambda m, x: m.take(x, [], axis=0), a)
    both(lambda m, x: m.take(x, [0], axis=2), a)
    both(lambda m, x: m.take(x, [4], axis=1), a)
    both(lambda m, x: m.take(x, [1, 7, -9], axis=1), a)
    both(lambda m, x: m.take(x, [-13]), a)
    both(lambda m, x: x.take([2, 0], axis=1), a)
    both(lambda m, x: x.take(7, mode="wrap"), a)


@pytest.mark.parametrize("call", [
    lambda m: m.take(m.array([1, 2, 3]), [1.0]),
    lambda m: m.take(m.array([1, 2, 3]), [True]),
    lambda m: m.take(m.array([1, 2, 3]), m.array([1], dtype="u8")),
    lambda m: m.take(m.array([]), [0]),
    lambda m: m.take(m.array([]), [0], mode="wrap"),
    lambda m: m.take(m.array([]), []),
    lambda m: m.take(m.array([1, 2, 3]), [0], mode="foo"),
    lambda m: m.take(m.array(7), 0),
    lambda m: m.take(m.array(7), [0, 0]),
])
def test_take_edges(call):
    both(call)


def test_take_out():
    np = np_()
    a = np.arange(12).reshape(3, 4)
    out = nh.zeros((2, 4), dtype="i8")
    r = nh.take(from_np(a), [2, 0], axis=0, out=out)
    assert r is out
    same(out, np.take(a, [2, 0], axis=0))
    both(lambda m, x: m.take(x, [0, 1], out=m.zeros(3, dtype="i8")), a)


@pytest.mark.parametrize("src,dst", [("i8", "f8"), ("f8", "i8"), ("i8", "u8"), ("i8", "i1"), ("f8", "?")])
def test_take_and_compress_cast_into_out_as_numpy_2_5(src, dst):
    # NumPy 2.5 casts into any out (2.4 wanted out -> a safe), with a
    # DeprecationWarning where the kind changes (same_kind fails).
    np = np_()
    require_numpy((2, 5), "the casting of take's out")
    a = np.arange(12).reshape(3, 4).astype(src)

    def deprecations(m, fn):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            fn(m, from_np(a) if m is nh else a)
        return [str(x.message) for x in w if x.category is DeprecationWarning]

    for fn in (lambda m, x: m.take(x, [0, 1], out=m.zeros(2, dtype=dst)),
               lambda m, x: m.compress([1, 0, 1], x, axis=0, out=m.zeros((2, 4), dtype=dst))):
        both(fn, a)
        assert deprecations(nh, fn) == deprecations(np, fn)


@pytest.mark.parametrize("dtype", ["i4", "f8", "c8", "?"])
def test_take_along_axis(dtype):
    np = np_()
    a = sample(dtype, (3, 4), seed=12)
    s = np.argsort(a, axis=1, kind="stable")
    both(lambda m, x, i: m.take_along_axis(x, i, axis=1), a, s)
    both(lambda m, x, i: m.take_along_axis(x, i, axis=0), a, np.argsort(a, axis=0, kind="stable"))
    both(lambda m, x, i: m.take_along_axis(x, i, axis=-1), a, np.array([[0], [3], [-1]]))
    both(lambda m, x, i: m.take_along_axis(x, i, axis=0), a, np.array([[0, 1, 2, 0]]))
    both(lambda m, x, i: m.take_along_axis(x, i, axis=None), a, np.array([11, 0, -2]))
    both(lambda m, x, i: m.take_along_axis(x, i, axis=None), a, s)
    both(lambda m, x, i: m.take_along_axis(x, i, axis=0), a, np.array([0.0]))
    both(lambda m, x, i: m.take_along_axis(x, i, axis=0), a, np.array([0]))
    both(lambda m, x, i: m.take_along_axis(x, i, axis=1), a, np.array([[5]]))
    both(lambda m, x, i: m.take_along_axis(x, i, axis=3), a, s)


@pytest.mark.parametrize("dtype", ["i1", "f4", "c16", "?"])
def test_put(dtype):
    np = np_()

    def run(m, a, ind, v, **kw):
        a = a.copy()
        r = m.put(a, ind, v, **kw)
        assert r is None
        return a

    a = sample(dtype, (3, 4), seed=1, special=False)
    both(run, a, [0, 5, -1], np.array([1, 0, 1], dtype))
    both(run, a, [0, 1, 2, 3, 4], np.array([1, 0], dtype))
    both(run, a, [0, 0, 0], np.array([1, 0, 1], dtype))  # the last one wins
    both(run, a, [3], np.array([1, 0, 1], dtype))
    both(run, a, [12], np.array([1], dtype))
    both(run, a, [-13], np.array([1], dtype))
    both(run, a, [12, -13, 30], np.array([1, 0, 1], dtype), mode="wrap")
    both(run, a, [12, -13, 30], np.array([1, 0, 1], dtype), mode="clip")
    both(run, a, [1.0], np.array([1], dtype))
    both(run, a, [0], np.array([], dtype))
    both(run, a[:, 1:3], [0, 5], np.array([1, 0], dtype))
    both(run, a, [0], np.array([1], dtype), mode="bad")
    both(run, np.zeros(0, dtype), [0], np.array([1], dtype))
    both(run, np.zeros(0, dtype), [], np.array([1], dtype))
    both(run, np.array(0, dtype), [0], np.array([1], dtype))


def test_put_casts_and_method():
    np = np_()
    both(lambda m: m.put([1, 2], [0], 5))
    a, b = np.arange(4), nh.arange(4)
    np.put(a, [0, 2], [7.9, -1.2])
    assert b.put([0, 2], [7.9, -1.2]) is None
    same(b, a)


def test_put_along_axis():
    np = np_()

    def run(m, a, i, v, axis):
        a = a.copy()
        assert m.put_along_axis(a, i, v, axis) is None
        return a

    a = sample("f8", (3, 4), seed=2)
    both(run, a, np.argmax(a, axis=1, keepdims=True), 99.0, 1)
    both(run, a, np.array([[0, 2, 1, 0]]), np.array([[1.5, 2.5, 3.5, 4.5]]), 0)
    both(run, a, np.array([0, 11, -1]), np.array([7.0]), None)
    both(run, a, np.array([[0]]), 5.0, None)
    both(run, a, np.array([[1.0]]), 5.0, 1)
    both(run, a, np.array([[1]]), 5.0, 2)


@pytest.mark.parametrize("mode", ["raise", "wrap", "clip"])
def test_choose(mode):
    np = np_()
    ch = [sample(d, (3, 4), seed=s, special=False) for s, d in enumerate(["i2", "f4", "i8"])]
    idx = np.array([[0, 1, 2, 1], [2, 2, 0, 0], [1, 0, 1, 2]])
    both(lambda m, i, a, b, c: m.choose(i, [a, b, c], mode=mode), idx, *ch)
    both(lambda m, i, a, b: m.choose(i, (a, b[0], 5), mode=mode), idx, *ch[:2])
    both(lambda m, i: m.choose(i, [[1, 2, 3, 4], [5, 6, 7, 8], [9, 9, 9, 9]], mode=mode), idx)
    both(lambda m, i: m.choose(i - 1, [[1, 2, 3, 4], 0.5], mode=mode), idx)
    both(lambda m, i, c: m.choose(i, c, mode=mode), idx, np.stack(ch))
    both(lambda m, i, a, b: i.choose([a, b], mode=mode), idx % 2, *ch[:2])
    both(lambda m: m.choose([0, 3], [[1, 2], [3, 4]], mode=mode))
    both(lambda m: m.choose([0, -1], [[1, 2], [3, 4]], mode=mode))
    both(lambda m: m.choose(1, [5, 6], mode=mode))


@pytest.mark.parametrize("call", [
    lambda m: m.choose([0.0, 1], [[1, 2], [3, 4]]),
    lambda m: m.choose([0, 1], []),
    lambda m: m.choose([0, 1], [[1, 2], [3, 4, 5]]),
    lambda m: m.choose([0, 1], [[1, 2], [3, 4]], mode="foo"),
    lambda m: m.choose([0, 1], [m.array([1], dtype="i1"), 300]),
    lambda m: m.choose([0, 1], [m.int8(1), 2.5]),
])
def test_choose_edges(call):
    both(call)


def test_choose_out():
    np = np_()
    out = nh.zeros(3, dtype="f8")
    r = nh.choose(nh.array([0, 1, 0]), [nh.array([1.0, 2, 3]), nh.array([4.0, 5, 6])], out=out)
    assert r is out
    same(out, np.array([1.0, 5, 3]))


@pytest.mark.parametrize("dtype", ["i8", "f4", "c8", "?"])
def test_compress(dtype):
    np = np_()
    a = sample(dtype, (3, 4), seed=4)
    for cond in ([1, 0, 1], [0, 1], [True, True, False, True], [], [0, 0, 0, 0, 0]):
        for axis in (None, 0, 1):
            both(lambda m, x: m.compress(cond, x, axis=axis), a)
    both(lambda m, x: m.compress([0, 0, 0, 1], x, axis=0), a)
    both(lambda m, x: m.compress([[1]], x), a)
    both(lambda m, x: m.compress([1.5, 0], x), a)
    both(lambda m, x: m.compress([1], x, axis=2), a)
    out = nh.zeros((2, 4), dtype=dtype)
    assert nh.compress([0, 1, 1], from_np(a), axis=0, out=out) is out
    same(out, np.compress([0, 1, 1], a, axis=0))


def test_compress_method():
    np = np_()
    a = np.arange(12).reshape(3, 4)
    same(from_np(a).compress([0, 1, 1], axis=0), a.compress([0, 1, 1], axis=0))


def test_select():
    np = np_()
    x = np.arange(10)
    both(lambda m, x: m.select([x < 3, x > 5], [x, x ** 2], 42), x)
    both(lambda m, x: m.select([x < 3, x > 5], [x, 0.5]), x)
    both(lambda m, x: m.select([x < 3, x < 5], [x, -x], x + 100), x)
    both(lambda m, x: m.select([x < 3], [1j]), x)
    both(lambda m, x: m.select([x < 3, x > 5], [x.astype("i1"), 3], 300), x)
    both(lambda m, x: m.select([x.reshape(2, 5) < 3], [x[:5]], -1), x)
    both(lambda m: m.select([], []))
    both(lambda m: m.select([True], []))
    both(lambda m: m.select([[1, 0]], [[1, 2]]))
    both(lambda m: m.select([m.array([True, False])], [[1, 2]], 2.5))
    both(lambda m: m.select([m.array(True)], [m.array(3)]))


# ------------------------------------------------------------ searchsorted


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("side", ["left", "right"])
def test_searchsorted(dtype, side):
    np = np_()
    a = np.sort(sample(dtype, (40,), seed=21), kind="stable")
    v = sample(dtype, (3, 7), seed=22)
    both(lambda m, a, v: m.searchsorted(a, v, side=side), a, v)
    both(lambda m, a, v: a.searchsorted(v, side), a, v)
    both(lambda m, a: m.searchsorted(a, a, side=side), a)
    both(lambda m, a, v: m.searchsorted(a, v[0, 0], side=side), a, v)
    both(lambda m, a, v: m.searchsorted(a[:0], v, side=side), a, v)
    both(lambda m, a, v: m.searchsorted(a, v[:0], side=side), a, v)
    both(lambda m, a, v: m.searchsorted(a[:1], v, side=side), a, v)
    # sorter
    u = sample(dtype, (25,), seed=23)
    s = np.argsort(u, kind="stable")
    both(lambda m, u, v, s: m.searchsorted(u, v, side=side, sorter=s), u, v, s)
    both(lambda m, u, v, s: u.searchsorted(v, side=side, sorter=s), u, v, s.astype("i4"))


def test_searchsorted_mixed_types():
    np = np_()
    a = np.array([1, 2, 2, 3, 5], dtype="i1")
    both(lambda m, a: m.searchsorted(a, 300), a)
    both(lambda m, a: m.searchsorted(a, 2.5), a)
    both(lambda m, a: m.searchsorted(a, [2.0, 2.0000001, -1.5], side="right"), a)
    both(lambda m, a: m.searchsorted(a.astype("u1"), -1), a)
    both(lambda m, a: m.searchsorted(a.astype("u8"), np.array([-1, 2, 7]) if m is np else
                                     m.array([-1, 2, 7])), a)
    f = np.array([-np.inf, -1.0, -0.0, 0.0, 1.0, np.inf, np.nan, np.nan])
    both(lambda m, f: m.searchsorted(f, [np.nan, np.inf, -0.0, 0.0, -np.inf]), f)
    both(lambda m, f: m.searchsorted(f, [np.nan, np.inf, -0.0, 0.0, -np.inf], side="right"), f)
    big = np.arange(1000) * 3
    both(lambda m, b: m.searchsorted(b, np.array([-1, 0, 1, 2997, 2998, 5000, 1500]) if m is np
                                     else m.array([-1, 0, 1, 2997, 2998, 5000, 1500])), big)


@pytest.mark.parametrize("call", [
    lambda m: m.searchsorted(m.ones((2, 2)), 1),
    lambda m: m.searchsorted(m.array(1), 1),
    lambda m: m.searchsorted(m.array([1, 2, 3]), 1, side="foo"),
    lambda m: m.searchsorted(m.array([1, 2, 3]), 1, side="RIGHT"),
    lambda m: m.searchsorted(m.array([1, 2, 3]), 1, sorter=[0, 1]),
    lambda m: m.searchsorted(m.array([1, 2, 3]), 1, sorter=[0.0, 1, 2]),
    lambda m: m.searchsorted(m.array([1, 2, 3]), 1, sorter=[[0, 1, 2]]),
    lambda m: m.searchsorted(m.array([1, 2, 3]), [[1.5]]),
])
def test_searchsorted_edges(call):
    both(call)


# ----------------------------------------------------------- set routines


@pytest.mark.parametrize("dtype", DTYPES)
def test_unique(dtype):
    np = np_()
    a = sample(dtype, (4, 6), seed=31, lo=-3, hi=3)
    if dtype[0] in "fc":  # the choice between -0.0 and 0.0 hangs on the sort kind
        a[a == 0] = 0
    for kw in ({}, {"return_index": True}, {"return_inverse": True}, {"return_counts": True},
               {"return_index": True, "return_inverse": True, "return_counts": True},
               {"equal_nan": False}, {"equal_nan": False, "return_counts": True}):
        both(lambda m, x: m.unique(x, **kw), a)
        both(lambda m, x: m.unique(x[:0], **kw), a)
        both(lambda m, x: m.unique(x[0], axis=0, **kw), a)
    for f in ("unique_all", "unique_counts", "unique_inverse"):
        both(lambda m, x: getattr(m, f)(x), a)
    ours = to_np(nh.unique_values(from_np(a)))
    theirs = np.unique_values(a)
    same(nh.unique_values(from_np(a)), np.sort(theirs, kind="stable")) if dtype[0] in "fc" else \
        np.testing.assert_array_equal(np.sort(ours), np.sort(theirs))
    assert ours.dtype == theirs.dtype


@pytest.mark.parametrize("dtype", ["i2", "f8", "c8", "?"])
def test_unique_axis(dtype):
    np = np_()
    a = sample(dtype, (6, 3), seed=2, lo=-1, hi=1)
    a = np.concatenate([a, a[::2]])
    if dtype[0] in "fc":
        a[a == 0] = 0
    for axis in (0, 1, -1):
        for kw in ({}, {"return_index": True, "return_inverse": True, "return_counts": True}):
            both(lambda m, x: m.unique(x, axis=axis, **kw), a)
    b = np.stack([a, a[::-1]], axis=1)
    both(lambda m, x: m.unique(x, axis=0, return_inverse=True), b)
    both(lambda m, x: m.unique(x, axis=2, return_counts=True), b)
    both(lambda m, x: m.unique(x[:, :0], axis=0, return_counts=True), a)
    both(lambda m, x: m.unique(x[:0], axis=0), a)
    both(lambda m, x: m.unique(x, axis=2), a)
    both(lambda m, x: m.unique(x[0], axis=1), a)
    both(lambda m: m.unique(m.array(3), axis=0))


def test_unique_special():
    np = np_()
    f = np.array([np.nan, 1.0, np.nan, -np.inf, 1.0, np.inf, np.nan])
    for kw in ({}, {"equal_nan": False}, {"return_counts": True}, {"return_inverse": True}):
        both(lambda m, x: m.unique(x, **kw), f)
    c = np.array([complex(np.nan, 1), 1 + 1j, complex(1, np.nan), 0j, complex(np.nan, np.nan), 0j])
    for kw in ({}, {"equal_nan": False}, {"return_index": True, "return_counts": True}):
        both(lambda m, x: m.unique(x, **kw), c)
    both(lambda m: m.unique(m.array(2.5), return_inverse=True, return_index=True))
    both(lambda m: m.unique(m.array([0.0, -0.0])))
    both(lambda m: m.unique(m.array([-0.0, 0.0])))
    both(lambda m: m.unique(m.array([[3, 1], [2, 3]]), return_inverse=True))
    both(lambda m: m.unique_inverse(m.array([[3, 1], [2, 3]])))
    both(lambda m: m.unique_all(m.array([3.0, np.nan, 1, np.nan])))


@pytest.mark.parametrize("d1,d2", [("i4", "i4"), ("i2", "f4"), ("f8", "f8"), ("u1", "i1"),
                                    ("c8", "f8"), ("?", "?")])
def test_set_routines(d1, d2):
    np = np_()
    a = sample(d1, (13,), seed=41, lo=-4, hi=4)
    b = sample(d2, (3, 3), seed=42, lo=-4, hi=4)
    if d1[0] in "fc":
        a[a == 0] = 0
    if d2[0] in "fc":
        b[b == 0] = 0
    for f in ("union1d", "intersect1d", "setdiff1d", "setxor1d"):
        both(lambda m, x, y: getattr(m, f)(x, y), a, b)
        both(lambda m, x, y: getattr(m, f)(y, x), a, b)
        both(lambda m, x, y: getattr(m, f)(x[:0], y), a, b)
    both(lambda m, x, y: m.intersect1d(x, y, return_indices=True), a, b)
    ua, ub = np.unique(a), np.unique(b)
    for f in ("intersect1d", "setdiff1d", "setxor1d"):
        both(lambda m, x, y: getattr(m, f)(x, y, assume_unique=True), ua, ub)
    both(lambda m, x, y: m.intersect1d(x, y, assume_unique=True, return_indices=True), ua, ub)
    for inv in (False, True):
        both(lambda m, x, y: m.isin(x, y, invert=inv), a, b)
        both(lambda m, x, y: m.isin(y, x, invert=inv), a, b)
        both(lambda m, x, y: m.isin(y, x[:2], invert=inv), a, b)
        both(lambda m, x, y: m.isin(x, y[:0], invert=inv), a, b)
        both(lambda m, x, y: m.isin(x, y, invert=inv, kind="sort"), a, b)
        both(lambda m, x, y: m.isin(x, y, assume_unique=True, invert=inv), ua, ub)
    both(lambda m, x, y: m.isin(x[0], y, kind="foo"), a, b)


def test_set_routines_edges():
    np = np_()
    big = np.arange(300) % 37
    both(lambda m, x: m.isin(x, x[::7]), big)
    both(lambda m, x: m.isin(x.astype("f8"), [1.0, np.nan, 5.0], invert=True), big)
    both(lambda m: m.isin([1.0], [1], kind="table"))
    both(lambda m: m.isin([1], [1], kind="table"))
    both(lambda m: m.isin(m.array(3), [1, 3]))
    both(lambda m: m.intersect1d([1, 2, 2, 3], [3, 2, 2], return_indices=True))
    both(lambda m: m.setxor1d([], []))
    both(lambda m: m.union1d([[1, 2]], 3))


# -------------------------------------------------------- order statistics


@pytest.mark.parametrize("dtype", ["i1", "u2", "i8", "f4", "f8", "?"])
@pytest.mark.parametrize("shape", [(1,), (7,), (8,), (3, 4), (2, 3, 5)])
def test_median(dtype, shape):
    a = sample(dtype, shape, seed=51, special=False, lo=-20, hi=20)
    both(lambda m, x: m.median(x), a)
    for axis in range(-1, len(shape)):
        both(lambda m, x: m.median(x, axis=axis), a)
        both(lambda m, x: m.median(x, axis=axis, keepdims=True), a)
    if len(shape) == 3:
        both(lambda m, x: m.median(x, axis=(0, 2)), a)
        both(lambda m, x: m.median(x, axis=(2, 0), keepdims=True), a)
        both(lambda m, x: m.median(x, axis=(0, 0)), a)
    both(lambda m, x: m.median(x, axis=len(shape)), a)


def test_median_special():
    np = np_()
    f = np.array([[1.0, np.nan, 3.0, 0.5], [2.0, 4.0, -np.inf, np.inf], [np.inf, np.inf, 1.0, 2.0]])
    for axis in (None, 0, 1):
        both(lambda m, x: m.median(x, axis=axis), f)
        both(lambda m, x: m.median(x, axis=axis), f.astype("f4"))
    both(lambda m: m.median(m.array(5.0)))
    both(lambda m: m.median(m.array(5)))
    both(lambda m: m.median(m.array([], dtype="f8")))
    both(lambda m: m.median(m.array([[1 + 2j, 3 + 0j], [0j, 1j]]), axis=0))
    big = np.array([3e38, 3e38], dtype="f4")
    both(lambda m, x: m.median(x), big)
    a = from_np(np.array([[5.0, 1, 3], [2, 2, 9]]))
    out = nh.zeros(2)
    assert nh.median(a, axis=1, out=out) is out
    same(out, np.array([3.0, 2.0]))
    same(nh.median(a, axis=1, overwrite_input=True), np.array([3.0, 2.0]))


METHODS = ["linear", "lower", "higher", "midpoint", "nearest", "inverted_cdf",
           "averaged_inverted_cdf", "closest_observation", "interpolated_inverted_cdf",
           "hazen", "weibull", "median_unbiased", "normal_unbiased"]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("dtype", ["i2", "f4", "f8"])
def test_quantile_methods(method, dtype):
    np = np_()
    a = sample(dtype, (4, 9), seed=61, special=False, lo=-50, hi=50)
    qs = [0.0, 0.1, 0.25, 0.5, 0.7, 0.9, 1.0]
    for q in (0.3, qs, np.array(qs, dtype="f4"), np.array(0.5), [[0.2, 0.8]]):
        for axis in (None, 0, 1):
            both(lambda m, x: m.quantile(x, q, axis=axis, method=method), a)
    both(lambda m, x: m.percentile(x, 37.5, axis=1, method=method), a)
    both(lambda m, x: m.percentile(x, [0, 12, 50, 100], axis=0, method=method, keepdims=True), a)
    both(lambda m, x: m.quantile(x, 0.5, axis=1, method=method), a[:, :1])


def test_quantile_misc():
    np = np_()
    a = sample("f8", (3, 5), seed=3, special=False)
    a[1, 2] = np.nan
    for axis in (None, 0, 1):
        both(lambda m, x: m.quantile(x, [0.25, 0.5], axis=axis), a)
        both(lambda m, x: m.percentile(x, 80, axis=axis), a)
    both(lambda m: m.quantile(m.array([1, 2, 3, 4]), [0, 1]))
    both(lambda m: m.quantile(m.array([1, 2, 3, 4]), 1))
    both(lambda m: m.quantile(m.array(2.5), 0.5))
    both(lambda m: m.percentile(m.array([True, False, True]), 50, method="lower"))
    out = nh.zeros(2)
    b = nh.array([[1.0, 2, 3], [4, 8, 9]])
    assert nh.quantile(b, 0.5, axis=1, out=out) is out
    same(out, np.array([2.0, 8.0]))


@pytest.mark.parametrize("call", [
    lambda m: m.quantile([1, 2], 2),
    lambda m: m.quantile([1, 2], [0.5, -0.1]),
    lambda m: m.quantile([1, 2], float("nan")),
    lambda m: m.percentile([1, 2], -1),
    lambda m: m.percentile([1, 2], 100.5),
    lambda m: m.quantile([1, 2], 0.5, method="foo"),
    lambda m: m.quantile([1j], 0.5),
    lambda m: m.quantile(m.array([]), 0.5),
    lambda m: m.quantile([1, 2], [[[0.5]]]),
    lambda m: m.quantile([1, 2], 0.5, axis=1),
])
def test_quantile_errors(call):
    both(call)


@pytest.mark.parametrize("dtype", ["f4", "f8"])
def test_nan_order_statistics(dtype):
    np = np_()
    a = sample(dtype, (4, 7), seed=71, special=False, lo=-30, hi=30)
    a[0, ::2] = np.nan
    a[2, 3] = np.nan
    for axis in (None, 0, 1):
        both(lambda m, x: m.nanmedian(x, axis=axis), a)
        both(lambda m, x: m.nanquantile(x, 0.3, axis=axis), a)
        both(lambda m, x: m.nanquantile(x, [0.3, 0.9], axis=axis), a)
        both(lambda m, x: m.nanpercentile(x, [10, 50], axis=axis, method="lower"), a)
    both(lambda m, x: m.nanmedian(x, axis=1, keepdims=True), a)
    both(lambda m: m.nanmedian(m.array([1, 2, 4])))
    both(lambda m: m.nanquantile(m.array([1, 2, 4]), 0.5))
    b = a.copy()
    b[1] = np.nan
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        r = nh.nanmedian(from_np(b), axis=1)
    assert [str(x.message) for x in w] == ["All-NaN slice encountered"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        same(r, np.nanmedian(b, axis=1))
        same(nh.nanquantile(from_np(b), [0.5], axis=1), np.nanquantile(b, [0.5], axis=1))


# ---------------------------------------------------------- hypothesis


def test_hypothesis_sort_search_unique():
    hypothesis = hyp()
    np = np_()
    st = hypothesis.strategies
    from hypothesis.extra import numpy as hnp

    elements = {
        "f": st.floats(allow_nan=True, allow_infinity=True, width=32),
        "i": st.integers(-3, 3),
    }

    @hypothesis.given(
        st.sampled_from(["i1", "u2", "i8", "f4", "f8", "c8"]),
        hnp.array_shapes(min_dims=1, max_dims=2, min_side=0, max_side=6),
        st.data(),
    )
    @hypothesis.settings(max_examples=50)
    def check(dtype, shape, data):
        kind = "f" if dtype[0] in "fc" else "i"
        dt = np.dtype(dtype)
        if dt.kind == "u":
            el = st.integers(0, 5)
        else:
            el = elements[kind]
        if dt.kind == "c":
            a = data.draw(hnp.arrays("f4", shape, elements=el)).astype(dt)
            a = a + 1j * data.draw(hnp.arrays("f4", shape, elements=st.sampled_from([0.0, 1.0, np.nan])))
            a = a.astype(dt)
        else:
            a = data.draw(hnp.arrays(dt, shape, elements=el))
        axis = data.draw(st.sampled_from([None, -1, 0]))
        both(lambda m, x: m.sort(x, axis=axis, kind="stable"), a)
        both(lambda m, x: m.argsort(x, axis=axis, kind="stable"), a)
        flat = np.sort(a.ravel(), kind="stable")
        v = data.draw(hnp.arrays(dt, data.draw(st.integers(0, 5)), elements=el)) if dt.kind != "c" \
            else flat[: data.draw(st.integers(0, flat.size))][::-1]
        side = data.draw(st.sampled_from(["left", "right"]))
        both(lambda m, s, v: m.searchsorted(s, v, side=side), flat, v)
        b = a.copy()
        if dt.kind in "fc":
            b[b == 0] = 0
        both(lambda m, x: m.unique(x, return_index=True, return_inverse=True, return_counts=True), b)

    check()
