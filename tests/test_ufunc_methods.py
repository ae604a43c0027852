"""``ufunc.reduce`` / ``ufunc.accumulate`` and the array methods built in the
core on them (``sum``, ``max``, ``all``, ``cumsum`` ...), ``argmax``/
``argmin``, ``sort``/``argsort``/``partition`` and ``nonzero``, compared with
real NumPy: values bit for bit (float sums follow NumPy's pairwise order),
dtypes, shapes, and the exceptions with their texts."""

import math
import warnings

import pytest

import numpy_hpy as nh

DTYPES = ["?", "i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f4", "f8", "c8", "c16"]
BINARY = sorted(
    name
    for name in dir(nh)
    if isinstance(getattr(nh, name), nh.ufunc)
    and getattr(nh, name).nin == 2
    and getattr(nh, name).nout == 1
    and name == getattr(nh, name).__name__
)


def np_():
    return pytest.importorskip("numpy", minversion="2.3")


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
    return nh.array(a.tolist(), dtype=a.dtype.str).reshape(a.shape)


def same(got, want):
    """Equal values (bit for bit: NaN where NaN, the sign of zeros), dtype,
    shape, and scalar-ness."""
    np = np_()
    got = to_np(got)
    assert isinstance(got, np.ndarray) == isinstance(want, np.ndarray), (got, want)
    got, want = np.asarray(got), np.asarray(want)
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    assert got.shape == want.shape, (got.shape, want.shape)
    if got.dtype.kind in "fc":
        got, want = np.ascontiguousarray(np.atleast_1d(got)), np.ascontiguousarray(np.atleast_1d(want))
        g = got.view("u%d" % (got.dtype.itemsize // (2 if got.dtype.kind == "c" else 1)))
        w = want.view(g.dtype)
        nan_g, nan_w = np.isnan(got), np.isnan(want)
        assert (nan_g == nan_w).all(), (got, want)
        ok = (g == w) | np.repeat(nan_g, 2 if got.dtype.kind == "c" else 1).reshape(g.shape)
        assert ok.all(), (got, want)
    else:
        assert (got == want).all(), (got, want)


def outcome(f):
    """The result of `f()` or the exception it raised (type name, text); FP
    warnings are silenced on both sides."""
    np = np_()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"), nh.errstate(all="ignore"):
            try:
                return f(), None
            except Exception as e:  # noqa: BLE001 -- compared below
                return None, e


def check(ours, theirs):
    r, e = outcome(ours)
    R, E = outcome(theirs)
    if E is not None:
        assert e is not None, ("NumPy raised", E, "we returned", r)
        no_loop = ("No loop matching", "did not contain a loop")
        if any(m in str(E) for m in no_loop):
            # NumPy's text for a reduction without a loop depends on its
            # dispatch cache (what ran before in the process): either form.
            assert isinstance(e, TypeError) and any(m in str(e) for m in no_loop), (e, E)
            return
        assert type(E).__name__ == type(e).__name__ or isinstance(e, type(E)), (e, E)
        assert str(e).replace("numpy_hpy.", "numpy.") == str(E), (str(e), str(E))
        return
    assert e is None, ("we raised", e, "NumPy returned", R)
    if getattr(R, "dtype", None) == "float16":
        # NumPy's float16 loops for small ints and bools: ours run float32
        # (no float16 dtype; see test_ufuncs).
        return
    same(r, R)


def sample(dtype, shape, seed=0):
    np = np_()
    rng = np.random.default_rng(seed)
    n = int(np.prod(shape))
    dt = np.dtype(dtype)
    if dt.kind == "b":
        a = rng.integers(0, 2, n).astype(bool)
    elif dt.kind in "iu":
        a = rng.integers(1 if dt.kind == "u" else -5, 7, n).astype(dt)
    elif dt.kind == "f":
        a = (rng.standard_normal(n) * 10).astype(dt)
    else:
        a = (rng.standard_normal(n) + 1j * rng.standard_normal(n)).astype(dt)
    return a.reshape(shape)


SHAPES_AXES = [
    ((7,), 0),
    ((7,), None),
    ((3, 4), 0),
    ((3, 4), 1),
    ((3, 4), -1),
    ((3, 4), None),
    ((2, 3, 4), (0, 2)),
    ((2, 3, 4), (1,)),
    ((0, 3), 0),
    ((0, 3), 1),
    ((), None),
]


# NumPy's vectorised float loops of these ufuncs compute reductions wrongly
# (`np.arctan2.reduce([1.5, 2.0, 0.5, 3.0])` is 0.4636..., where the
# definition, atan2(atan2(atan2(1.5, 2), 0.5), 3), is 0.2945...): ours are
# checked against the definition instead.
NUMPY_WRONG = {"arctan2", "power", "float_power", "ldexp"}


def sequential_reduce(uf, a, axis, dtype):
    """`uf.reduce(a, axis)` by its definition, one ufunc call per element
    (NumPy's own scalar loops), the running value of `dtype`."""
    np = np_()
    a = np.moveaxis(a, axis, 0)
    acc = a[0].astype(dtype)
    for x in a[1:]:
        acc = uf(acc, x).astype(dtype)
    return acc


@pytest.mark.parametrize("name", BINARY)
@pytest.mark.parametrize("dtype", ["?", "i1", "u2", "i8", "f4", "f8", "c16"])
def test_reduce_every_binary_ufunc(name, dtype):
    np = np_()
    for shape, axis in SHAPES_AXES:
        a = sample(dtype, shape)
        ours, theirs = getattr(nh, name), getattr(np, name)
        if name in NUMPY_WRONG and not isinstance(axis, int):
            # Only the dtype and shape: NumPy's values are wrong (above).
            r, e = outcome(lambda: theirs.reduce(a, axis=axis))
            r2, e2 = outcome(lambda: ours.reduce(from_np(a), axis=axis))
            assert (e is None) == (e2 is None), (e, e2)
            if e is None and r.dtype != np.float16:
                assert np.asarray(to_np(r2)).dtype == r.dtype and np.shape(r2) == np.shape(r)
            continue
        if name in NUMPY_WRONG and shape[axis] > 0:
            r, e = outcome(lambda: theirs.reduce(a, axis=axis))
            if e is None and r.dtype.kind in "fc" and r.dtype != np.float16:
                with np.errstate(all="ignore"):
                    want = sequential_reduce(theirs, a, axis, r.dtype)
                r2, e2 = outcome(lambda: ours.reduce(from_np(a), axis=axis))
                assert e2 is None, e2
                assert np.allclose(to_np(r2), want, equal_nan=True, rtol=1e-6), (to_np(r2), want)
                continue
        check(lambda: ours.reduce(from_np(a), axis=axis), lambda: theirs.reduce(a, axis=axis))


@pytest.mark.parametrize("name", ["add", "multiply", "maximum", "minimum", "logical_or", "bitwise_xor", "subtract", "fmax"])
@pytest.mark.parametrize("dtype", DTYPES)
def test_accumulate(name, dtype):
    np = np_()
    for shape, axis in [((7,), 0), ((3, 4), 0), ((3, 4), 1), ((3, 4), -1), ((2, 0), 1), ((2, 3, 4), 1)]:
        a = sample(dtype, shape, seed=1)
        ours, theirs = getattr(nh, name), getattr(np, name)
        check(lambda: ours.accumulate(from_np(a), axis=axis), lambda: theirs.accumulate(a, axis=axis))


def test_accumulate_long_and_cast_input():
    np = np_()
    a = sample("i2", (20001,), seed=3)
    same(nh.add.accumulate(from_np(a)), np.add.accumulate(a))
    same(nh.add.accumulate(from_np(a), dtype="f8"), np.add.accumulate(a, dtype="f8"))
    f = sample("f8", (9000,), seed=4)
    same(nh.add.accumulate(from_np(f)), np.add.accumulate(f))
    same(nh.multiply.accumulate(from_np(f[:50])), np.multiply.accumulate(f[:50]))


@pytest.mark.parametrize("dtype", ["f4", "f8", "c8", "c16"])
@pytest.mark.parametrize("n", [0, 1, 7, 8, 9, 127, 128, 129, 1000, 8191, 8193, 70001])
def test_float_sums_are_numpys_pairwise_sums(dtype, n):
    np = np_()
    a = sample(dtype, (n,), seed=n)
    b = from_np(a)
    same(nh.add.reduce(b), np.add.reduce(a))
    same(b.sum(), a.sum())
    same(b[::3].sum(), a[::3].sum())
    # A cast input is summed in chunks of the cast buffer, as NumPy's is.
    if dtype == "f4":
        same(b.sum(dtype="f8"), a.sum(dtype="f8"))
    m = sample(dtype, (40, 37), seed=n + 1)
    bm = from_np(m)
    for axis in (0, 1, None):
        same(bm.sum(axis=axis), m.sum(axis=axis))
        same(bm.T.sum(axis=axis), m.T.sum(axis=axis))


KEYWORD_CASES = [
    ("add", "f8", (2, 3), dict(axis=1, keepdims=True)),
    ("add", "f8", (2, 3), dict(axis=None, keepdims=True)),
    ("add", "i1", (2, 3), dict(axis=0, dtype="i1")),
    ("add", "f8", (2, 3), dict(axis=0, dtype="i8")),
    ("add", "i4", (2, 3), dict(initial=2**40)),
    ("add", "i1", (3,), dict(dtype="i1", initial=300)),
    ("add", "f8", (2, 3), dict(where=[True, False, True])),
    ("add", "f8", (2, 3), dict(axis=None, where=[[True, False, True], [False, False, True]])),
    ("maximum", "f8", (2, 3), dict(where=[True, False, True])),
    ("minimum", "f8", (2, 3), dict(where=[True, False, True], initial=10)),
    ("maximum", "i8", (0, 3), dict(axis=0)),
    ("maximum", "i8", (0, 3), dict(axis=1)),
    ("maximum", "i8", (0, 3), dict(axis=0, initial=-7)),
    ("multiply", "f8", (2, 0), dict(axis=1)),
    ("subtract", "f8", (2, 3), dict(axis=(0, 1))),
    ("subtract", "f8", (2, 3), dict(axis=())),
    ("maximum", "f8", (0,), dict(axis=())),
    ("add", "f8", (2, 3), dict(axis=2)),
    ("add", "f8", (2, 3), dict(axis=(0, 0))),
    ("add", "f8", (2, 3), dict(axis=-3)),
    ("add", "f8", (2, 3), dict(axis=(1, 0))),
    ("add", "?", (3,), dict(dtype="?")),
    ("add", "f8", (3,), dict(initial=None)),
    ("maximum", "f8", (3,), dict(initial=None)),
    ("logical_and", "f8", (2, 3), dict(axis=0)),
    ("equal", "?", (4,), {}),
    ("less", "f8", (4,), {}),
    ("lcm", "i8", (2, 2), dict(axis=(0, 1))),
    ("power", "i8", (3,), {}),
    ("bitwise_and", "u1", (0,), {}),
    ("logaddexp", "f8", (2, 2), dict(axis=(0, 1))),
]


@pytest.mark.parametrize("name,dtype,shape,kw", KEYWORD_CASES)
def test_reduce_keywords(name, dtype, shape, kw):
    np = np_()
    a = sample(dtype, shape, seed=5)
    kw_np = {k: (np.array(v) if k == "where" else v) for k, v in kw.items()}
    kw_nh = {k: (nh.array(v) if k == "where" else v) for k, v in kw.items()}
    check(lambda: getattr(nh, name).reduce(from_np(a), **kw_nh), lambda: getattr(np, name).reduce(a, **kw_np))


def test_reduce_out_and_errors():
    np = np_()
    f = np.arange(6.0).reshape(2, 3) + 0.5
    F = from_np(f)
    o = nh.zeros(3, dtype="i8")
    r = nh.add.reduce(F, axis=0, out=o)
    assert r is o
    same(o, np.add.reduce(f, axis=0, out=np.zeros(3, "i8")))
    o2 = nh.zeros(3)
    assert nh.add.reduce(F, axis=0, out=(o2,)) is o2
    same(o2, f.sum(axis=0))
    z = nh.zeros(())
    r = nh.add.reduce(F, axis=None, out=z)
    assert r is z and float(z) == f.sum()
    for kw in [dict(axis=1, out=np.zeros(4)), dict(axis=0, out=np.zeros((1, 3))), dict(axis=0, keepdims=True, out=np.zeros(3)),
               dict(axis=0, out=np.zeros(3)[::2])]:
        kn = dict(kw, out=from_np(kw["out"]) if kw["out"].flags.c_contiguous else nh.zeros(3)[::2])
        check(lambda: nh.add.reduce(F, **kn), lambda: np.add.reduce(f, **kw))
    ro = nh.zeros(3)
    ro.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        nh.add.reduce(F, axis=0, out=ro)
    check(lambda: nh.sqrt.reduce(F), lambda: np.sqrt.reduce(f))
    check(lambda: nh.divmod.reduce(F), lambda: np.divmod.reduce(f))
    check(lambda: nh.add.accumulate(nh.float64(3)), lambda: np.add.accumulate(np.float64(3)))
    check(lambda: nh.add.accumulate(F, axis=None), lambda: np.add.accumulate(f, axis=None))
    check(lambda: nh.add.accumulate(F, axis=(0, 1)), lambda: np.add.accumulate(f, axis=(0, 1)))
    check(lambda: nh.add.reduce(F, axis=1.0), lambda: np.add.reduce(f, axis=1.0))
    check(lambda: nh.add.reduce(3), lambda: np.add.reduce(3))
    check(lambda: nh.add.reduce([]), lambda: np.add.reduce([]))
    check(lambda: nh.maximum.reduce([]), lambda: np.maximum.reduce([]))
    check(lambda: nh.add.reduce([[1, 2], [3, 4]], 1), lambda: np.add.reduce([[1, 2], [3, 4]], 1))
    acc = nh.zeros((2, 3), dtype="i1")
    assert nh.add.accumulate(F, out=acc) is acc
    same(acc, np.add.accumulate(f, out=np.zeros((2, 3), "i1")))


def test_in_place_reduction_into_an_overlapping_out():
    np = np_()
    a = np.arange(12.0).reshape(3, 4)
    A = from_np(a)
    # The output is the first row of the input itself.
    nh.add.reduce(A, axis=0, out=A[0])
    np.add.reduce(a, axis=0, out=a[0])
    same(A, a)


METHODS = [
    ("sum", {}), ("sum", dict(axis=0)), ("sum", dict(axis=(0, 1), keepdims=True)), ("sum", dict(dtype="f4")),
    ("prod", {}), ("prod", dict(axis=1)), ("max", {}), ("max", dict(axis=0)), ("min", dict(axis=-1, keepdims=True)),
    ("all", {}), ("all", dict(axis=0)), ("any", dict(axis=1)), ("cumsum", {}), ("cumsum", dict(axis=0)),
    ("cumprod", dict(axis=1)), ("argmax", {}), ("argmax", dict(axis=0)), ("argmin", dict(axis=1, keepdims=True)),
    ("argmin", {}), ("argsort", {}), ("argsort", dict(axis=0)), ("argsort", dict(axis=None)),
    ("max", dict(initial=3.5)), ("sum", dict(where=[True, False, True, True])),
]


@pytest.mark.parametrize("method,kw", METHODS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_array_methods(method, kw, dtype):
    np = np_()
    a = sample(dtype, (3, 4), seed=7)
    if method == "max" and "initial" in kw and dtype in ("c8", "c16"):
        kw = {}
    kw_np = {k: (np.array(v) if k == "where" else v) for k, v in kw.items()}
    kw_nh = {k: (nh.array(v) if k == "where" else v) for k, v in kw.items()}
    if method == "argsort":
        kw_np["kind"] = "stable"
    for x in (a, a.T, a[:, ::2]):
        X = from_np(np.ascontiguousarray(x))
        if x is not a:
            X = from_np(a).T if x.shape == a.T.shape else from_np(a)[:, ::2]
        if ("where" in kw and dtype[0] in "fc") or (method == "cumprod" and dtype[0] == "c"):
            # Values to rounding only: NumPy's masked float sums group their
            # runs across rows through its buffer (ours run row by row), and
            # its complex64 accumulations use FMA or not by memory layout.
            r, e = outcome(lambda: getattr(X, method)(**kw_nh))
            R, E = outcome(lambda: getattr(x, method)(**kw_np))
            assert (e is None) == (E is None), (e, E)
            if E is None:
                assert np.asarray(to_np(r)).dtype == np.asarray(R).dtype
                assert np.allclose(to_np(r), R, rtol=1e-5, equal_nan=True), (to_np(r), R)
            continue
        check(lambda: getattr(X, method)(**kw_nh), lambda: getattr(x, method)(**kw_np))


SPECIAL = [float("nan"), float("inf"), -float("inf"), -0.0, 0.0, 1.0, -1.0, 2.5, float("nan")]


@pytest.mark.parametrize("dtype", ["f4", "f8"])
def test_special_values(dtype):
    np = np_()
    rng = np.random.default_rng(11)
    for k in range(20):
        a = np.array(rng.choice(SPECIAL, size=rng.integers(1, 12)), dtype=dtype)
        A = from_np(a)
        for method in ("sum", "prod", "max", "min", "argmax", "argmin", "cumsum", "all", "any"):
            check(lambda: getattr(A, method)(), lambda: getattr(a, method)())
        s = A.copy()
        s.sort(kind="stable")
        same(s, np.sort(a, kind="stable"))
        # The default kind is not stable (NumPy's neither): -0.0 and 0.0,
        # equal, may come out in either order.
        s = A.copy()
        s.sort()
        np.testing.assert_array_equal(to_np(s), np.sort(a))
        same(A.argsort(), np.argsort(a, kind="stable"))
    c = np.array([complex(x, y) for x in SPECIAL[:5] for y in SPECIAL[:5]], dtype="c16")
    C = from_np(c)
    s = C.copy()
    s.sort()
    same(s, np.sort(c, kind="stable"))
    same(C.argsort(), np.argsort(c, kind="stable"))
    same(C.argmax(), c.argmax())
    same(C.argmin(), c.argmin())


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("n", [0, 1, 5, 300, 5000])
def test_sort_and_argsort(dtype, n):
    np = np_()
    a = sample(dtype, (n,), seed=n)
    A = from_np(a)
    s = A.copy()
    s.sort()
    same(s, np.sort(a, kind="stable"))
    same(A.argsort(), np.argsort(a, kind="stable"))
    m = sample(dtype, (6, 50), seed=n + 2)
    M = from_np(m)
    for axis in (0, 1, -1):
        s = M.copy()
        s.sort(axis=axis)
        same(s, np.sort(m, axis=axis, kind="stable"))
        same(M.argsort(axis=axis), np.argsort(m, axis=axis, kind="stable"))
        same(M.T.argsort(axis=axis), np.argsort(m.T, axis=axis, kind="stable"))


def test_partition_property():
    np = np_()
    a = sample("f8", (101,), seed=3)
    for kth in (0, 50, 100, -1, [3, 40, 77]):
        p = from_np(a)
        p.partition(kth)
        p = to_np(p)
        ref = np.sort(a)
        for k in np.atleast_1d(kth) % 101:
            assert p[k] == ref[k]
            assert (p[:k] <= p[k]).all() and (p[k + 1 :] >= p[k]).all()
        idx = to_np(from_np(a).argpartition(kth))
        assert sorted(idx.tolist()) == list(range(101))
        assert (a[idx] == p).all() or all(a[idx][k] == ref[k] for k in np.atleast_1d(kth))
    for bad in (101, -102):
        check(lambda: from_np(a).partition(bad), lambda: a.copy().partition(bad))
    check(lambda: from_np(a).argpartition(1.5), lambda: a.argpartition(1.5))


def test_sort_errors():
    np = np_()
    a = np.arange(3.0)
    A = from_np(a)
    for kw in [dict(kind="x"), dict(kind="stable", stable=True), dict(order="x"), dict(axis=None), dict(axis=1)]:
        check(lambda: A.copy().sort(**kw), lambda: a.copy().sort(**kw))
    check(lambda: nh.array(3.0).sort(), lambda: np.array(3.0).sort())
    same(nh.array(3.0).argsort(), np.array(3.0).argsort())
    r = nh.arange(3.0)
    r.flags.writeable = False
    check(lambda: r.sort(), lambda: (lambda x: (x.setflags(write=False), x.sort()))(np.arange(3.0)))


def test_argmax_errors_and_out():
    np = np_()
    z = np.zeros((0, 3))
    check(lambda: from_np(z).argmax(), lambda: z.argmax())
    check(lambda: from_np(z).argmax(axis=1), lambda: z.argmax(axis=1))
    check(lambda: from_np(z).argmin(axis=0), lambda: z.argmin(axis=0))
    f = np.arange(6.0).reshape(2, 3)
    check(lambda: from_np(f).argmax(axis=1, out=nh.zeros(2)), lambda: f.argmax(axis=1, out=np.zeros(2)))
    check(lambda: from_np(f).argmax(axis=1, out=nh.zeros(3, "i8")), lambda: f.argmax(axis=1, out=np.zeros(3, int)))
    o = nh.zeros(2, "i8")
    assert from_np(f).argmax(axis=1, out=o) is o
    same(o, f.argmax(axis=1))
    check(lambda: nh.array(3.0).argmax(), lambda: np.array(3.0).argmax())
    check(lambda: nh.array(3.0).argmax(axis=0), lambda: np.array(3.0).argmax(axis=0))
    check(lambda: from_np(f).argmax(axis=None, keepdims=True), lambda: f.argmax(axis=None, keepdims=True))


@pytest.mark.parametrize("dtype", DTYPES)
def test_nonzero(dtype):
    np = np_()
    for shape in [(7,), (3, 4), (2, 3, 4), (0, 3)]:
        a = sample(dtype, shape, seed=9)
        if a.dtype.kind != "b":
            a[a.real > 2] = 0
        check(lambda: from_np(a).nonzero(), lambda: a.nonzero())
        check(lambda: from_np(a).T.nonzero(), lambda: a.T.nonzero())
    check(lambda: nh.array(5).nonzero(), lambda: np.array(5).nonzero())
    f = np.array([0.0, -0.0, float("nan"), 1e-300])
    check(lambda: from_np(f).nonzero(), lambda: f.nonzero())


def test_reduce_property():
    np = np_()
    hypothesis = pytest.importorskip("hypothesis")
    st = pytest.importorskip("hypothesis.strategies")
    hnp = pytest.importorskip("hypothesis.extra.numpy")

    @hypothesis.settings(max_examples=80)
    @hypothesis.given(
        hnp.arrays(
            st.sampled_from([np.int8, np.int64, np.uint16, np.float32, np.float64, np.bool_]),
            hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=5),
        ),
        st.data(),
    )
    def run(a, data):
        axes = data.draw(st.one_of(st.none(), st.lists(st.integers(-a.ndim, a.ndim - 1) if a.ndim else st.nothing(), unique_by=lambda x: x % max(a.ndim, 1), max_size=a.ndim).map(tuple)))
        keepdims = data.draw(st.booleans())
        name = data.draw(st.sampled_from(["add", "multiply", "maximum", "minimum", "logical_or", "bitwise_or" if a.dtype.kind in "biu" else "add"]))
        A = from_np(a)
        check(lambda: getattr(nh, name).reduce(A, axis=axes, keepdims=keepdims),
              lambda: getattr(np, name).reduce(a, axis=axes, keepdims=keepdims))

    run()


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("n", [1, 2, 7, 100, 8192, 8193, 20001])
def test_mean_var_std_whole_array(dtype, n):
    """The core's fast path for the plain calls (contiguous, no keywords but
    ddof) gives NumPy's values bit for bit, and every other call takes the
    package's algorithm."""
    np = np_()
    a = sample(dtype, (n,), seed=n)
    A = from_np(a)
    for method, kw in [("mean", {}), ("var", {}), ("std", {}), ("var", dict(ddof=1)), ("std", dict(ddof=1)),
                       ("std", dict(ddof=n)), ("mean", dict(axis=0)), ("var", dict(axis=None, keepdims=True))]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            check(lambda: getattr(A, method)(**kw), lambda: getattr(a, method)(**kw))
    m = sample(dtype, (3, n), seed=n + 1)
    check(lambda: from_np(m).std(), lambda: m.std())
    check(lambda: from_np(m)[:, ::2].mean(), lambda: m[:, ::2].mean())


@pytest.mark.parametrize("dtype", ["f4", "f8", "c8", "i2"])
@pytest.mark.parametrize("shape", [(3, 7), (5, 40), (3000, 7), (100, 501), (3, 20001), (4, 5, 6), (7, 3, 300)])
def test_sums_of_strided_blocks_follow_numpys_buffer(dtype, shape):
    """A reduction whose reduced axes do not merge into one runs, in NumPy,
    over its buffer: whole rows as one pairwise sum per buffer of up to
    8192 elements (rows longer than that are read in place)."""
    np = np_()
    m = sample(dtype, shape, seed=sum(shape))
    v = m[..., ::2]
    V = from_np(m)[..., ::2]
    same(V.sum(), v.sum())
    same(V.sum(axis=-1), v.sum(axis=-1))
    if len(shape) == 3:
        same(V.sum(axis=(1, 2)), v.sum(axis=(1, 2)))
        same(V.sum(axis=(0, 2)), v.sum(axis=(0, 2)))
    if dtype != "c8":
        same(V.sum(dtype="f8"), v.sum(dtype="f8"))
    w = (np.arange(v.shape[-1]) % 3) != 1
    same(V.sum(where=from_np(w)), v.sum(where=w))
    same(V.mean(), v.mean())


def test_out_ellipsis_keeps_arrays():
    np = np_()
    for ours, theirs in [
        (lambda: nh.add(nh.array(1.0), 1, out=...), lambda: np.add(np.array(1.0), 1, out=...)),
        (lambda: nh.add(1, 2, out=...), lambda: np.add(1, 2, out=...)),
        (lambda: nh.sqrt(4.0, out=...), lambda: np.sqrt(4.0, out=...)),
        (lambda: nh.add.reduce(nh.arange(3.0), out=...), lambda: np.add.reduce(np.arange(3.0), out=...)),
        (lambda: nh.add(nh.ones(2), 1, out=...), lambda: np.add(np.ones(2), 1, out=...)),
    ]:
        check(ours, theirs)


AT_CASES = [
    "a = m.zeros(3, 'i1'); m.add.at(a, [0, 0], 1.5)",
    "a = m.zeros(3, 'f4'); m.add.at(a, [0, 0], 1e40)",
    "a = m.zeros(3); m.add.at(a, [0, 2], m.array([1, 2], 'i8'))",
    "a = m.arange(5); m.multiply.at(a, [1, 1, 4], 3)",
    "a = m.ones((2, 3)); m.add.at(a, (slice(None), [0, 0]), m.arange(4.).reshape(2, 2))",
    "a = m.zeros(3, 'u1'); m.subtract.at(a, [1], 1)",
    "a = m.ones(3); m.divide.at(a, [0, 1], 0.0)",
    "a = m.zeros(3, 'i8'); m.floor_divide.at(a, [0], 0)",
    "a = m.zeros(3, bool); m.logical_or.at(a, [1], True)",
    "a = m.array([1., 4.]); m.sqrt.at(a, [1, 1])",
    "a = m.zeros(3); m.add.at(a, [3], 1)",
    "a = m.zeros(3); m.add.at(a, [True, False, True], 1)",
    "a = m.zeros(1000); m.add.at(a, m.asarray(np.random.default_rng(0).integers(0, 1000, 10**4)), 0.5)",
    "a = m.zeros((4, 5), 'c16'); m.add.at(a, ([0, 3, 3], [1, 1, 1]), 1j)",
]


@pytest.mark.parametrize("src", AT_CASES)
def test_ufunc_at(src):
    """`ufunc.at` (the core's loop over the positions): repeated indices
    apply once per occurrence, casts as NumPy's."""
    np = np_()

    def run(m):
        g = {"m": m, "np": np}
        exec(src, g)
        return g["a"]

    check(lambda: run(nh), lambda: run(np))


SCALAR_METHODS = [
    "x.sum()", "x.prod()", "x.ravel()", "x.any()", "x.all()", "x.round()", "x.astype('i4')", "x.T",
    "x.reshape(1, 1)", "x.mean()", "x.std()", "x.argmax()", "x.argsort()", "x.cumsum()",
    "x.max(initial=10)", "x.min()", "x.copy()", "x.clip(0, 1)", "x.squeeze()", "x.nonzero()",
    "x.transpose()", "x.take(0)", "x.repeat(2)", "x.flatten()", "x.searchsorted(1)",
]


@pytest.mark.parametrize("src", SCALAR_METHODS)
@pytest.mark.parametrize("dtype", ["?", "i1", "u8", "f4", "f8", "c16"])
def test_scalar_array_methods(src, dtype):
    """NumPy's scalars have the array methods (a 0-d result comes back as a
    scalar)."""
    np = np_()
    value = 2 if dtype != "?" else True
    x_np = np.dtype(dtype).type(value)
    x_nh = nh.dtype(dtype).type(value)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(lambda: eval(src, {"x": x_nh}), lambda: eval(src, {"x": x_np}))


def test_axis_error_is_numpys():
    np = np_()
    for args in [(3, 1), (3, 1, "pre"), ("a message",), (-4, 2, None)]:
        ours, theirs = nh.exceptions.AxisError(*args), np.exceptions.AxisError(*args)
        assert str(ours) == str(theirs)
        assert (ours.axis, ours.ndim) == (theirs.axis, theirs.ndim)
    assert issubclass(nh.exceptions.AxisError, (ValueError, IndexError))
