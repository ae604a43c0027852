"""Shape manipulation (ndarray.reshape/ravel/flatten/transpose/swapaxes/
squeeze/view and numpy_hpy.reshape ... atleast_3d), compared with real NumPy:
values, shape, strides, dtype, writeability, view or copy (memory shared with
the source, ``.base`` set or not) and exact error types and messages."""

import sys
import warnings

import pytest

import numpy_hpy as nh

np = pytest.importorskip("numpy")

try:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is in the test requirements
    given = None

# Reading `flags.writeable` of NumPy's broadcast_arrays results warns.
pytestmark = pytest.mark.filterwarnings("ignore:future versions will not create a writeable array")

DTYPES = ["?", "i1", "u2", "i4", "i8", "f4", "f8", "c16"]


# ------------------------------------------------------------------ helpers


def pair(shape, dtype="i8"):
    """The same C-ordered array in numpy_hpy and NumPy (values 0, 1, 2, ...)."""
    n = 1
    for d in shape:
        n *= d
    values = [(i % 2 == 1) if dtype == "?" else i % 128 if dtype == "i1" else i for i in range(n)]
    ours = nh.array(values, dtype=dtype).reshape(shape)
    theirs = np.array(values, dtype=dtype).reshape(shape)
    return ours, theirs


def memory(a):
    """NumPy's view of our array's memory (zero-copy, __array_interface__)."""
    return np.asarray(a)


def same_array(ours, theirs, empty_strides=True, unit_strides=True):
    """`empty_strides=False`: strides compared only for non-empty results;
    `unit_strides=False`: not along axes of length 1 either (for new arrays,
    NumPy picks those by the sort order of its nditer/empty_like)."""
    assert type(ours) is nh.ndarray, type(ours)
    assert ours.shape == theirs.shape
    if empty_strides or theirs.size:
        axes = [i for i, n in enumerate(theirs.shape) if unit_strides or n != 1]
        assert [ours.strides[i] for i in axes] == [theirs.strides[i] for i in axes], (
            ours.strides,
            theirs.strides,
        )
    assert ours.dtype.name == theirs.dtype.name
    assert ours.tolist() == theirs.tolist()
    assert ours.flags.writeable == theirs.flags.writeable
    assert ours.flags.c_contiguous == theirs.flags.c_contiguous
    assert ours.flags.f_contiguous == theirs.flags.f_contiguous


def same_result(ours, theirs, src_ours, src_theirs, base=True, empty_strides=True, unit_strides=True):
    """`ours` is what NumPy's `theirs` is: same array, and a view of the
    source exactly when NumPy's is (`base`: `.base` is set exactly when
    NumPy's is)."""
    if isinstance(theirs, tuple):
        assert isinstance(ours, tuple) and len(ours) == len(theirs)
        for o, t in zip(ours, theirs):
            same_result(o, t, src_ours, src_theirs, base, empty_strides, unit_strides)
        return
    if not isinstance(theirs, np.ndarray):  # a scalar (flip of a 0-d array)
        assert type(ours).__name__ == type(theirs).__name__
        assert ours == theirs
        return
    same_array(ours, theirs, empty_strides, unit_strides)
    if base:
        assert (ours.base is None) == (theirs.base is None)
    srcs = src_ours if isinstance(src_ours, tuple) else (src_ours,)
    srct = src_theirs if isinstance(src_theirs, tuple) else (src_theirs,)
    for so, stt in zip(srcs, srct):
        if isinstance(stt, np.ndarray) and isinstance(so, nh.ndarray):
            assert np.shares_memory(memory(ours), memory(so)) == np.shares_memory(theirs, stt)


def same_error(ours_exc, theirs_exc):
    assert type(ours_exc).__name__ == type(theirs_exc).__name__, (ours_exc, theirs_exc)
    assert str(ours_exc) == str(theirs_exc)
    for base in (TypeError, ValueError, IndexError):
        assert isinstance(ours_exc, base) == isinstance(theirs_exc, base)


def check(op, src_ours, src_theirs, message=True, base=True, empty_strides=True, unit_strides=True):
    """Runs `op(nh_module, source)` for both libraries and compares."""
    try:
        theirs = op(np, src_theirs)
    except Exception as e:  # noqa: BLE001 - any NumPy error must be ours too
        with pytest.raises(Exception) as ei:
            op(nh, src_ours)
        if message:
            same_error(ei.value, e)
        else:
            assert type(ei.value).__name__ == type(e).__name__
        return None
    ours = op(nh, src_ours)
    same_result(ours, theirs, src_ours, src_theirs, base, empty_strides, unit_strides)
    return ours


def sources():
    """(id, numpy_hpy array, NumPy array) of several layouts: contiguous,
    transposed, permuted, negative strides, broadcast (zero strides), 0-d,
    empty."""
    out = []
    o, t = pair((2, 3, 4))
    out.append(("c", o, t))
    out.append(("T", o.T, t.T))
    out.append(("perm", o.transpose(1, 2, 0), t.transpose(1, 2, 0)))
    out.append(("flip", nh.flip(o, 1), np.flip(t, 1)))
    out.append(("flipT", nh.flip(o, (0, 2)).T, np.flip(t, (0, 2)).T))
    out.append(("swap", o.swapaxes(0, 2), t.swapaxes(0, 2)))
    o2, t2 = pair((3, 1, 4), "f4")
    out.append(("ones", o2, t2))
    out.append(("bcast", nh.broadcast_to(o2, (2, 3, 5, 4)), np.broadcast_to(t2, (2, 3, 5, 4))))
    o3, t3 = pair((4, 6), "i2")
    out.append(("f", o3.T.reshape(6, 4, order="F").T, t3.T.reshape(6, 4, order="F").T))
    o4, t4 = pair((), "f8")
    out.append(("0d", o4, t4))
    o5, t5 = pair((0, 3), "c16")
    out.append(("empty", o5, t5))
    out.append(("emptyT", o5.T, t5.T))
    for name, ours, theirs in out:
        same_array(ours, theirs)
    return out


SOURCES = sources()
SOURCE_IDS = [s[0] for s in SOURCES]


# ------------------------------------------------------------- the methods


@pytest.mark.smoke
def test_reshape_smoke():
    a = nh.array([[1, 2, 3], [4, 5, 6]])
    b = a.reshape(3, 2)
    assert b.tolist() == [[1, 2], [3, 4], [5, 6]]
    assert b.base is a
    assert a.reshape((6,)).tolist() == [1, 2, 3, 4, 5, 6]
    assert a.reshape(-1, order="F").tolist() == [1, 4, 2, 5, 3, 6]
    c = a.T.reshape(6)  # needs a copy: the result is a view of that copy
    assert c.tolist() == [1, 4, 2, 5, 3, 6]
    assert c.base is not None and c.base is not a and c.base.shape == (3, 2)


RESHAPES = [
    ((24,), {}),
    ((-1,), {}),
    ((4, -1), {}),
    ((2, 3, 4), {}),
    ((2, 12), {"order": "F"}),
    ((6, 4), {"order": "A"}),
    ((1, 24, 1), {}),
    ((3, 8), {"order": "c"}),
    ((24,), {"copy": True}),
    ((24,), {"copy": False}),
    ((1,), {}),
    ((), {}),
    ((0,), {}),
    ((5, -1), {}),
    ((-1, -1), {}),
    ((-3, 8), {}),
    ((24,), {"order": "K"}),
    ((24,), {"order": "X"}),
    ((24,), {"order": None}),
    ((24,), {"copy": "yes"}),
]


@pytest.mark.parametrize("src", SOURCES, ids=SOURCE_IDS)
@pytest.mark.parametrize("shape,kw", RESHAPES, ids=repr)
def test_reshape_method(src, shape, kw):
    _, o, t = src
    size = t.size
    if size != 24 and shape and -1 not in shape:
        shape = tuple(size if d == 24 else d for d in shape)
    check(lambda m, a: a.reshape(shape, **kw), o, t)
    if len(shape) > 1:
        check(lambda m, a: a.reshape(*shape, **kw), o, t)
    check(lambda m, a: m.reshape(a, shape, **kw), o, t)


@pytest.mark.parametrize(
    "call",
    [
        lambda a: a.reshape(2.0, 12),
        lambda a: a.reshape((2.0, 12)),
        lambda a: a.reshape("24"),
        lambda a: a.reshape(),
        lambda a: a.reshape(None),
        lambda a: a.reshape([24]),
        lambda a: a.reshape(24, order="F", copy=None),
    ],
)
def test_reshape_arguments(call):
    o, t = pair((2, 3, 4))
    check(lambda m, a: call(a), o, t)


def test_reshape_module_function():
    o, t = pair((2, 3))
    check(lambda m, a: m.reshape(a, shape=(3, 2), order="F"), o, t)
    check(lambda m, a: m.reshape([[1, 2], [3, 4]], 4), o, t)
    with pytest.raises(TypeError):
        nh.reshape(o)
    with pytest.raises(TypeError):
        nh.reshape(a=o, shape=6)  # `a` is positional-only
    with pytest.raises(TypeError):
        nh.reshape(o, newshape=6)  # removed in NumPy 2.4


ORDERS = ["C", "F", "A", "K", None, "k", "X"]


@pytest.mark.smoke
def test_ravel_flatten_smoke():
    a = nh.array([[1, 2], [3, 4]])
    r = a.ravel()
    assert r.tolist() == [1, 2, 3, 4] and r.base is a
    f = a.flatten()
    assert f.tolist() == [1, 2, 3, 4] and f.base is None
    assert a.T.ravel().base is None
    assert a.T.ravel("K").base is a
    assert nh.ravel([[1, 2], [3, 4]], "F").tolist() == [1, 3, 2, 4]


@pytest.mark.parametrize("src", SOURCES, ids=SOURCE_IDS)
@pytest.mark.parametrize("order", ORDERS)
def test_ravel_and_flatten(src, order):
    _, o, t = src
    check(lambda m, a: a.ravel(order), o, t)
    check(lambda m, a: a.ravel(order=order), o, t)
    check(lambda m, a: m.ravel(a, order), o, t)
    check(lambda m, a: a.flatten(order), o, t)
    check(lambda m, a: a.flatten(order=order), o, t)


@pytest.mark.smoke
def test_transpose_smoke():
    a = nh.array([[1, 2, 3]])
    assert a.transpose().tolist() == [[1], [2], [3]]
    assert a.transpose(1, 0).base is a
    assert nh.transpose(a).shape == (3, 1)
    assert nh.permute_dims(a, (1, 0)).shape == (3, 1)


TRANSPOSE_AXES = [None, (2, 0, 1), (0, 1, 2), (-1, 0, 1), (0, 1), (0, 0, 1), (0, 1, 3), [1, 2, 0], 1]


@pytest.mark.parametrize("src", SOURCES, ids=SOURCE_IDS)
@pytest.mark.parametrize("axes", TRANSPOSE_AXES, ids=repr)
def test_transpose(src, axes):
    _, o, t = src
    check(lambda m, a: a.transpose(axes), o, t)
    if isinstance(axes, tuple):
        check(lambda m, a: a.transpose(*axes), o, t)
    check(lambda m, a: m.transpose(a, axes), o, t)
    check(lambda m, a: m.transpose(a, axes=axes), o, t)
    check(lambda m, a: m.permute_dims(a, axes), o, t)
    check(lambda m, a: a.transpose(), o, t)


def test_transpose_arguments():
    o, t = pair((2, 3))
    check(lambda m, a: a.transpose(1.0, 0), o, t)
    check(lambda m, a: a.transpose((1.0, 0)), o, t)
    check(lambda m, a: a.transpose("x"), o, t)
    check(lambda m, a: a.transpose(None, None), o, t)
    with pytest.raises(TypeError):
        o.transpose(axes=(1, 0))  # NumPy's method takes no keywords
    check(lambda m, a: m.transpose([[1, 2]]), o, t)


@pytest.mark.parametrize("src", SOURCES, ids=SOURCE_IDS)
@pytest.mark.parametrize("axes", [(0, 1), (0, -1), (2, 2), (0, 3), (3, 0), (-4, 0)], ids=repr)
def test_swapaxes(src, axes):
    _, o, t = src
    check(lambda m, a: a.swapaxes(*axes), o, t)
    check(lambda m, a: m.swapaxes(a, *axes), o, t)
    check(lambda m, a: m.swapaxes(a, axis1=axes[0], axis2=axes[1]), o, t)


def test_swapaxes_arguments():
    o, t = pair((2, 3))
    check(lambda m, a: a.swapaxes(0), o, t)
    check(lambda m, a: a.swapaxes(0, 1.5), o, t)
    check(lambda m, a: m.swapaxes(a, 0, "1"), o, t)


SQUEEZE_AXES = [None, 0, 1, 2, -1, (0, 2), (0, 0), (1,), 5, (0, 5), [0], 1.0, ()]


@pytest.mark.parametrize("shape", [(1, 3, 1), (2, 3), (1, 1, 1), (), (0, 1)], ids=repr)
@pytest.mark.parametrize("axis", SQUEEZE_AXES, ids=repr)
def test_squeeze(shape, axis):
    o, t = pair(shape, "f8")
    for so, st_ in [(o, t), (o.T, t.T)]:
        check(lambda m, a: a.squeeze(axis), so, st_)
        check(lambda m, a: a.squeeze(axis=axis), so, st_)
        check(lambda m, a: m.squeeze(a, axis), so, st_)


@pytest.mark.smoke
def test_view_smoke():
    a = nh.array([1, 2, 3], dtype="i4")
    v = a.view()
    assert v.tolist() == [1, 2, 3] and v.base is a
    assert a.view("u4").dtype == nh.uint32
    assert a.view(nh.ndarray).base is a


@pytest.mark.parametrize("src", SOURCES, ids=SOURCE_IDS)
@pytest.mark.parametrize("dtype", [None, "i8", "u8", "f8", "i1", "u2", "i4", "c8", "c16", "?"])
def test_view(src, dtype):
    _, o, t = src
    if dtype == "?" and t.dtype.kind != "b":
        return  # reading non-0/1 bytes as bool: NumPy keeps the byte value
    if dtype in (None, "f8", "c8", "c16") and t.dtype.kind in "iub" and t.dtype.itemsize != 8:
        return  # arbitrary bit patterns read as floats (NaN payloads)
    check(lambda m, a: a.view(dtype), o, t)
    check(lambda m, a: a.view(dtype=dtype), o, t)


def test_view_arguments():
    o, t = pair((2, 3), "i8")
    check(lambda m, a: a.view(m.ndarray), o, t)
    check(lambda m, a: a.view(dtype="i8", type=m.ndarray), o, t)
    check(lambda m, a: a.view("i8", list), o, t)
    check(lambda m, a: a.view(type=list), o, t)
    check(lambda m, a: a.view(m.int32, m.int32), o, t)
    v = o.view("i1")
    assert v.shape == (2, 24) and v.strides == (24, 1)
    assert v.tolist()[0][:9] == [0, 0, 0, 0, 0, 0, 0, 0, 1]


def test_view_writes_through():
    a = nh.zeros(3, dtype="i8")
    v = a.view()
    v.fill(7)
    assert a.tolist() == [7, 7, 7]
    r = a.reshape(3, 1)
    r.fill(2)
    assert a.tolist() == [2, 2, 2]


# --------------------------------------------------------- module functions


MOVEAXIS = [
    (0, 1),
    (0, -1),
    ([0, 1], [1, 0]),
    ((0, 2), (2, 0)),
    (0, [1, 0]),
    (3, 0),
    (0, 3),
    ([0, 0], [0, 1]),
    ([0, 1], [2, 2]),
    (0.5, 1),
    ([0.5], [1]),
    ("x", 0),
    ([], []),
]


@pytest.mark.parametrize("src", SOURCES, ids=SOURCE_IDS)
@pytest.mark.parametrize("source,destination", MOVEAXIS, ids=repr)
def test_moveaxis(src, source, destination):
    _, o, t = src
    check(lambda m, a: m.moveaxis(a, source, destination), o, t)


EXPAND = [0, 1, -1, 3, 4, -5, (0, 1), (0, 4), (0, 0), [0, 1], (), 1.0, None, "x", (0, 1.0)]


@pytest.mark.parametrize("src", SOURCES, ids=SOURCE_IDS)
@pytest.mark.parametrize("axis", EXPAND, ids=repr)
def test_expand_dims(src, axis):
    _, o, t = src
    check(lambda m, a: m.expand_dims(a, axis), o, t)


FLIP = [None, 0, 1, -1, (0, 1), [0, 2], (0, 0), 3, 1.0, "x", ()]


@pytest.mark.parametrize("src", SOURCES, ids=SOURCE_IDS)
@pytest.mark.parametrize("axis", FLIP, ids=repr)
def test_flip(src, axis):
    _, o, t = src
    check(lambda m, a: m.flip(a, axis), o, t)
    check(lambda m, a: m.flip(a, axis=axis), o, t)


def test_flip_scalars_and_lists():
    o, t = pair(())
    check(lambda m, a: m.flip(a), o, t)
    check(lambda m, a: m.flip(5), o, t)
    check(lambda m, a: m.flip([1, 2, 3]), o, t)


BROADCAST_TO = [(2, 3, 4), (5, 2, 3, 4), [1, 2, 3, 4], (3, 4), 4, (), (-1, 3, 4), (2, 3, 5), (2.0, 3, 4), (2, 1, 4)]


@pytest.mark.smoke
def test_broadcast_smoke():
    b = nh.broadcast_to(nh.array([1, 2, 3]), (2, 3))
    assert b.tolist() == [[1, 2, 3], [1, 2, 3]]
    assert b.strides == (0, 8) and not b.flags.writeable
    assert nh.broadcast_shapes((2, 1), (3,)) == (2, 3)
    x, y = nh.broadcast_arrays(nh.array([[1], [2]]), [3, 4])
    assert x.tolist() == [[1, 1], [2, 2]] and y.tolist() == [[3, 4], [3, 4]]


@pytest.mark.parametrize("src", SOURCES, ids=SOURCE_IDS)
@pytest.mark.parametrize("shape", BROADCAST_TO, ids=repr)
def test_broadcast_to(src, shape):
    _, o, t = src
    check(lambda m, a: m.broadcast_to(a, shape), o, t)
    check(lambda m, a: m.broadcast_to(a, shape=shape, subok=False), o, t)


def test_broadcast_to_scalars_and_read_only():
    o, t = pair((3,))
    check(lambda m, a: m.broadcast_to(5, (3,)), o, t)
    check(lambda m, a: m.broadcast_to([1, 2], (2, 2)), o, t)
    b = nh.broadcast_to(o, (2, 3))
    with pytest.raises(ValueError, match="read-only"):
        b.fill(1)
    assert o.flags.writeable


BROADCAST_SHAPES = [
    (),
    ((2, 3),),
    ((2, 1), (3,)),
    (2, (3, 1)),
    ([2], (3, 1)),
    ((2,), (3,)),
    ((2, 3), (4, 2, 1), ()),
    ((0,), (1,)),
    ((0,), (2,)),
    ((-1,), (3,)),
    ((2.0,), (3,)),
    (None,),
    ((5, 1),) * 70 + ((5, 2),),
    ((5, 1),) * 70 + ((4,),),
]


@pytest.mark.parametrize("shapes", BROADCAST_SHAPES, ids=lambda s: repr(s)[:40])
def test_broadcast_shapes(shapes):
    try:
        theirs = np.broadcast_shapes(*shapes)
    except Exception as e:  # noqa: BLE001
        with pytest.raises(Exception) as ei:
            nh.broadcast_shapes(*shapes)
        same_error(ei.value, e)
        return
    assert nh.broadcast_shapes(*shapes) == theirs


BROADCAST_ARRAYS = [
    [(2, 3)],
    [(2, 3), (3,)],
    [(2, 1), (1, 3), ()],
    [(2, 3), (2, 3)],
    [(2, 3), (2,)],
    [],
    [(0, 1), (3,)],
]


@pytest.mark.parametrize("shapes", BROADCAST_ARRAYS, ids=repr)
def test_broadcast_arrays(shapes):
    pairs = [pair(s) for s in shapes]
    ours = tuple(p[0] for p in pairs)
    theirs = tuple(p[1] for p in pairs)
    res = check(lambda m, arrs: m.broadcast_arrays(*arrs), ours, theirs)
    if res is not None:
        common = nh.broadcast_shapes(*shapes)
        for r, a, s in zip(res, ours, shapes):
            assert (r is a) == (s == common)  # inputs of the common shape as they are
    check(lambda m, arrs: m.broadcast_arrays(*arrs, subok=False), ours, theirs)


def test_broadcast_arrays_of_lists():
    o, t = pair((2, 3))
    check(lambda m, a: m.broadcast_arrays(a, [1, 2, 3]), o, t)
    check(lambda m, a: m.broadcast_arrays(5, [1, 2]), o, t)


ATLEAST_INPUTS = [(), (3,), (2, 3), (2, 3, 4), (1, 2, 1, 2)]


@pytest.mark.smoke
def test_atleast_smoke():
    assert nh.atleast_1d(5).tolist() == [5]
    assert nh.atleast_2d([1, 2]).shape == (1, 2)
    assert nh.atleast_3d([1, 2]).shape == (1, 2, 1)
    a, b = nh.atleast_1d(1, [2, 3])
    assert a.tolist() == [1] and b.tolist() == [2, 3]
    assert nh.atleast_1d() == ()


@pytest.mark.parametrize("fn", ["atleast_1d", "atleast_2d", "atleast_3d"])
@pytest.mark.parametrize("shape", ATLEAST_INPUTS, ids=repr)
def test_atleast(fn, shape):
    o, t = pair(shape)
    res = check(lambda m, a: getattr(m, fn)(a), o, t)
    if t.ndim >= int(fn[-2]):
        assert res is o  # the input itself, as NumPy's asanyarray returns it
    check(lambda m, a: getattr(m, fn)(a.T), o, t)
    o2, t2 = pair((4,), "f4")
    check(lambda m, arrs: getattr(m, fn)(*arrs), (o, o2), (t, t2))
    check(lambda m, a: getattr(m, fn)(5, [1, 2]), o, t)
    check(lambda m, a: getattr(m, fn)(), o, t)


def test_names_are_exported():
    for name in [
        "reshape",
        "ravel",
        "transpose",
        "permute_dims",
        "swapaxes",
        "moveaxis",
        "squeeze",
        "expand_dims",
        "flip",
        "broadcast_to",
        "broadcast_shapes",
        "broadcast_arrays",
        "atleast_1d",
        "atleast_2d",
        "atleast_3d",
    ]:
        assert getattr(nh, name) is getattr(nh._core, name)
        assert name in nh.__all__


def test_views_keep_the_owner_alive():
    import gc

    v = nh.array([[1, 2], [3, 4]]).T.reshape(2, 2).swapaxes(0, 1)
    w = nh.broadcast_to(nh.array([1.5]), (3, 2))
    gc.collect()
    assert v.tolist() == [[1, 2], [3, 4]]
    assert w.tolist() == [[1.5, 1.5]] * 3


# ------------------------------------------------------ property tests

if given is not None:

    @st.composite
    def strided_sources(draw):
        """A random array built by the same chain of view operations in both
        libraries: reshape, transpose, flip, swapaxes, broadcast."""
        shape = tuple(draw(st.lists(st.integers(0, 4), min_size=0, max_size=4)))
        dtype = draw(st.sampled_from(DTYPES))
        o, t = pair(shape, dtype)
        for _ in range(draw(st.integers(0, 3))):
            kind = draw(st.sampled_from(["T", "perm", "flip", "swap", "bcast", "reshape"]))
            nd = t.ndim
            if kind == "T":
                o, t = o.T, t.T
            elif kind == "perm" and nd:
                perm = draw(st.permutations(range(nd)))
                o, t = o.transpose(perm), t.transpose(perm)
            elif kind == "flip" and nd:
                ax = draw(st.integers(0, nd - 1))
                o, t = nh.flip(o, ax), np.flip(t, ax)
            elif kind == "swap" and nd:
                a1, a2 = draw(st.integers(0, nd - 1)), draw(st.integers(0, nd - 1))
                o, t = o.swapaxes(a1, a2), t.swapaxes(a1, a2)
            elif kind == "bcast" and nd < 4:
                new = (draw(st.integers(0, 3)),) + tuple(1 if d == 1 and draw(st.booleans()) else d for d in t.shape)
                new = tuple(n if d != 1 else draw(st.integers(1, 3)) for n, d in zip(new[1:], t.shape))
                new = (draw(st.integers(1, 3)),) + new
                o, t = nh.broadcast_to(o, new), np.broadcast_to(t, new)
            elif kind == "reshape" and t.size:
                dims = draw(st.lists(st.sampled_from([d for d in range(1, t.size + 1) if t.size % d == 0]), max_size=3))
                rest = t.size
                good = []
                for d in dims:
                    if rest % d == 0:
                        good.append(d)
                        rest //= d
                new = tuple(good) + (rest,)
                order = draw(st.sampled_from("CFA"))
                o, t = o.reshape(new, order=order), t.reshape(new, order=order)
            same_array(o, t)
        return o, t

    def factorizations(n, draw):
        dims = []
        rest = n
        for _ in range(draw(st.integers(0, 3))):
            divisors = [d for d in range(1, rest + 1) if rest % d == 0] if rest else [0, 1, 2]
            d = draw(st.sampled_from(divisors))
            dims.append(d)
            if d:
                rest //= d
        if n == 0 and 0 not in dims:
            dims.append(0)
        elif n:
            dims.append(rest)
        return dims

    SETTINGS = settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )

    @SETTINGS
    @given(st.data())
    def test_reshape_property(data):
        o, t = data.draw(strided_sources())
        dims = factorizations(t.size, data.draw)
        if dims and data.draw(st.booleans()):
            dims[data.draw(st.integers(0, len(dims) - 1))] = -1
        order = data.draw(st.sampled_from("CFA"))
        copy = data.draw(st.sampled_from([None, None, True, False]))
        check(lambda m, a: a.reshape(tuple(dims), order=order, copy=copy), o, t)

    @SETTINGS
    @given(st.data())
    def test_ravel_property(data):
        o, t = data.draw(strided_sources())
        order = data.draw(st.sampled_from("CFAK"))
        check(lambda m, a: a.ravel(order), o, t)
        check(lambda m, a: a.flatten(order), o, t)

    @SETTINGS
    @given(st.data())
    def test_axes_property(data):
        o, t = data.draw(strided_sources())
        nd = t.ndim
        ax = st.integers(-nd - 1, nd)
        # Every value is drawn before the two calls (they must see the same).
        perm = data.draw(st.permutations(range(nd)))
        src, dst = data.draw(ax), data.draw(ax)
        new = tuple(data.draw(st.lists(st.integers(-nd - 2, nd + 1), max_size=2)))
        flip_axis, squeeze_axis = data.draw(st.one_of(st.none(), ax)), data.draw(st.one_of(st.none(), ax))
        a1, a2 = data.draw(ax), data.draw(ax)
        check(lambda m, a: m.transpose(a, perm), o, t)
        check(lambda m, a: m.moveaxis(a, src, dst), o, t)
        check(lambda m, a: m.expand_dims(a, new), o, t)
        check(lambda m, a: m.flip(a, flip_axis), o, t)
        check(lambda m, a: a.squeeze(squeeze_axis), o, t)
        check(lambda m, a: m.swapaxes(a, a1, a2), o, t)

    @SETTINGS
    @given(st.data())
    def test_broadcast_property(data):
        o, t = data.draw(strided_sources())
        target = tuple(data.draw(st.lists(st.integers(0, 3), max_size=2))) + tuple(
            data.draw(st.sampled_from([d, 1, 2])) for d in t.shape
        )
        # NumPy's nditer gives empty broadcast results other strides (never
        # dereferenced); only non-empty results are compared stride by stride.
        check(lambda m, a: m.broadcast_to(a, target), o, t, empty_strides=False)
        o2, t2 = pair(tuple(data.draw(st.sampled_from([1, d])) for d in t.shape[-2:]))
        check(lambda m, arrs: m.broadcast_arrays(*arrs), (o, o2), (t, t2), empty_strides=False)

    @SETTINGS
    @given(st.data())
    def test_conversions_and_joins_property(data):
        """Copies, casts, list conversion, joins and imports of random strided
        views give NumPy's values, dtypes, shapes, contiguity and errors."""
        o, t = data.draw(strided_sources())
        nd = t.ndim
        order = data.draw(st.sampled_from("CFAK"))
        dtype = data.draw(st.sampled_from(DTYPES))
        axis = data.draw(st.integers(-nd - 1, nd))
        shift = data.draw(st.integers(-3, 3))
        assert o.tolist() == t.tolist()
        check(lambda m, a: a.copy(order=order), o, t, base=False, unit_strides=False)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            check(lambda m, a: a.astype(dtype, order=order), o, t, base=False, unit_strides=False)
        check(lambda m, a: m.ascontiguousarray(a), o, t, base=False, unit_strides=False)
        check(lambda m, a: m.array(a, order=order), o, t, base=False, unit_strides=False)
        check(lambda m, a: m.concatenate((a, a), axis=axis), o, t, base=False, unit_strides=False)
        check(lambda m, a: m.stack((a, a), axis=axis), o, t, base=False, unit_strides=False)
        check(lambda m, a: m.roll(a, shift, axis=axis if nd else None), o, t, base=False, unit_strides=False)
        check(lambda m, a: m.repeat(a, 2, axis=axis if nd else None), o, t, base=False, unit_strides=False)
        check(lambda m, a: m.tile(a, (2,) * max(nd, 1)), o, t, base=False, unit_strides=False)
        if nd:
            check(lambda m, a: tuple(m.array_split(a, 3, axis=axis)), o, t, base=False, unit_strides=False)
        # NumPy's own strided memory, imported through __array_interface__
        # and through the buffer protocol: the same values and strides.
        same_array(nh.asarray(t), t)
        mv = memoryview(t)
        if sys.implementation.name == "pypy":
            # PyPy: buffers other than bytes are copied (see test_buffer_import).
            ours, theirs = nh.asarray(mv), np.asarray(mv)
            assert ours.shape == theirs.shape and ours.tolist() == theirs.tolist()
        else:
            same_array(nh.asarray(mv), np.asarray(mv))
