"""ndarray (first part): creation, attributes, flags, conversions and
interoperability, compared with real NumPy."""

import copy
import gc
import pickle
import sys

import pytest

import numpy_hpy as nh
from oracle import require_numpy

IS_PYPY = sys.implementation.name == "pypy"
DTYPES = ["?", "i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f4", "f8", "c8", "c16"]


def np_():
    return pytest.importorskip("numpy", minversion="2.3")


def same_array(ours, theirs):
    assert type(ours) is nh.ndarray
    assert ours.shape == theirs.shape
    assert ours.dtype.name == theirs.dtype.name
    assert ours.ndim == theirs.ndim and ours.size == theirs.size
    assert ours.itemsize == theirs.itemsize and ours.nbytes == theirs.nbytes
    assert ours.tolist() == theirs.tolist()


SEQUENCES = [
    [1, 2, 3],
    [1.5, 2, 3],
    [1, 2.5, 1j],
    [True, False],
    [True, 2],
    [[1, 2], [3, 4]],
    [[[1], [2]], [[3], [4]]],
    (1, 2, 3),
    [(1, 2), [3, 4]],
    [],
    [[], []],
    3,
    2.5,
    True,
    1 + 2j,
    [2**63],
    [-(2**63)],
]


@pytest.mark.smoke
@pytest.mark.parametrize("obj", SEQUENCES, ids=repr)
def test_array_discovers_like_numpy(obj):
    np = np_()
    same_array(nh.array(obj), np.array(obj))


class _Seq:
    """A sequence that is no list or tuple: __len__ and __getitem__."""

    def __init__(self, *values):
        self.values = values

    def __len__(self):
        return len(self.values)

    def __getitem__(self, i):
        return self.values[i]


class _LyingLen(_Seq):
    def __len__(self):
        return 5


class _FailingItems(_Seq):
    def __getitem__(self, i):
        raise ZeroDivisionError("boom")


class _DeepLen(_Seq):
    def __len__(self):
        raise RecursionError("deep")


def _other_sequences():
    import array
    import collections

    return [
        lambda m: m.array(range(3)),
        lambda m: m.asarray(range(2, 5), dtype="f4"),
        lambda m: m.array([range(2), (3, 4)]),
        lambda m: m.array(range(0)),
        lambda m: m.array(range(2), ndmin=3),
        lambda m: m.array(collections.deque([1, 2.5])),
        lambda m: m.array(_Seq(1, 2, 3)),
        lambda m: m.array(_Seq(_Seq(1, 2), [3, 4]), dtype="i2"),
        lambda m: m.array(_Seq(_Seq(1, 2), [3])),
        lambda m: m.array(_Seq()),
        lambda m: m.array(_LyingLen(1, 2)),
        lambda m: m.array(_FailingItems(1, 2)),
        lambda m: m.array(_DeepLen(1, 2)),
        lambda m: m.array(array.array("d", [1, 2])),
    ]


@pytest.mark.parametrize("case", range(len(_other_sequences())))
def test_other_sequences_are_read_as_sequences(case):
    """array/asarray read range, deque and user sequences as NumPy does
    (list(obj): the length comes from iterating, errors propagate)."""
    np = np_()
    f = _other_sequences()[case]

    def outcome(m):
        try:
            a = f(m)
        except Exception as e:  # noqa: BLE001 - compared with NumPy's
            return type(e).__name__, str(e)
        return str(a.dtype), a.shape, a.tolist()

    assert outcome(nh) == outcome(np)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("obj", [[1, 2, 3], [[0, 1], [1, 0]], [1.5, -2.5], 7], ids=repr)
def test_array_with_dtype(obj, dtype):
    np = np_()
    if dtype in ("u1", "u2", "u4", "u8") and "-2.5" in repr(obj):
        pytest.skip("negative float to unsigned is undefined in C")
    same_array(nh.array(obj, dtype=dtype), np.array(obj, dtype=dtype))


@pytest.mark.parametrize("dtype", DTYPES)
def test_our_scalars_in_lists(dtype):
    np = np_()
    ours = nh.array([nh.dtype(dtype).type(1), 2])
    theirs = np.array([np.dtype(dtype).type(1), 2])
    same_array(ours, theirs)


@pytest.mark.smoke
def test_creation_errors_like_numpy():
    np = np_()
    cases = [
        lambda m: m.array([[1, 2], [3]]),
        lambda m: m.array([1, [2, 3]]),
        lambda m: m.array([300], dtype="i1"),
        lambda m: m.array([-1], dtype="u1"),
        lambda m: m.zeros(-1),
        lambda m: m.zeros((2, -1)),
        lambda m: m.zeros(2.5),
        lambda m: m.empty((2,), order="Q"),
    ]
    for case in cases:
        with pytest.raises(Exception) as theirs:
            case(np)
        with pytest.raises(type(theirs.value)) as ours:
            case(nh)
        assert str(ours.value) == str(theirs.value)


def test_unsupported_elements_are_clear_errors():
    with pytest.raises(TypeError, match="string arrays"):
        nh.array(["a"])
    with pytest.raises(TypeError, match="object arrays"):
        nh.array([None])


@pytest.mark.smoke
@pytest.mark.parametrize("fn", ["zeros", "ones", "empty"])
@pytest.mark.parametrize("shape", [(), 0, 3, (2, 3), (2, 0, 4), [1, 2, 1]])
def test_zeros_ones_empty(fn, shape):
    np = np_()
    for dtype in (None, "i1", "c8", bool):
        kwargs = {} if dtype is None else {"dtype": dtype}
        ours = getattr(nh, fn)(shape, **kwargs)
        theirs = getattr(np, fn)(shape, **kwargs)
        assert ours.shape == theirs.shape and ours.dtype.name == theirs.dtype.name
        assert ours.strides == theirs.strides
        if fn != "empty":
            assert ours.tolist() == theirs.tolist()


def test_full():
    np = np_()
    for fill in (7, 2.5, True, 1j, nh.int8(3)):
        theirs_fill = np.int8(3) if isinstance(fill, nh.int8) else fill
        same_array(nh.full((2, 2), fill), np.full((2, 2), theirs_fill))
    same_array(nh.full(3, 7, dtype="f4"), np.full(3, 7, dtype="f4"))
    # An array fill value is broadcast to the shape (NumPy's copyto).
    for shape, fill, kw in [((2, 3), [1, 2, 3], {}), ((2, 3), [[1], [2]], {}), ((2, 2), [[1.5, 2]], {}),
                            ((3, 2), [1, 2], dict(order="F")), ((2, 3), [1, 2, 3], dict(dtype="f4"))]:
        same_array(nh.full(shape, fill, **kw), np.full(shape, fill, **kw))
    with pytest.raises(ValueError, match=r"could not broadcast input array from shape \(3,\) into shape \(2,\)"):
        nh.full(2, [1, 2, 3])


@pytest.mark.parametrize("shape", [(2, 3), (4,), (2, 3, 4), (1, 5), (0, 3)])
def test_order_strides_and_flags(shape):
    np = np_()
    for order in ("C", "F"):
        ours = nh.zeros(shape, dtype="f8", order=order)
        theirs = np.zeros(shape, dtype="f8", order=order)
        assert ours.strides == theirs.strides
        for flag in ("C_CONTIGUOUS", "F_CONTIGUOUS", "OWNDATA", "WRITEABLE", "ALIGNED"):
            assert ours.flags[flag] == theirs.flags[flag], flag
        assert ours.flags.c_contiguous == theirs.flags.c_contiguous


def _flag_scenarios():
    """Each returns the log of a sequence of flag changes and writes."""

    def attempt(log, f):
        try:
            f()
            log.append("ok")
        except Exception as e:  # noqa: BLE001 - compared with NumPy's
            log.append("%s: %s" % (type(e).__name__, e))

    def setitem(a, i, v):
        a[i] = v

    def set_attr(obj, name, v):
        setattr(obj, name, v)

    def set_key(obj, k, v):
        obj[k] = v

    def owner(m):
        log = []
        a = m.zeros(3)
        f = a.flags
        f.writeable = False
        log += [f.writeable, a.flags.writeable]  # the snapshot keeps its value
        attempt(log, lambda: setitem(a, 0, 1))
        attempt(log, lambda: a.fill(1))
        attempt(log, lambda: setitem(a.T, 0, 1))
        attempt(log, lambda: setitem(a.reshape(3), 0, 1))
        attempt(log, lambda: setitem(a.real, 0, 1))
        attempt(log, lambda: m.concatenate([[1], [2], [3]], out=a))
        log += [a.copy().flags.writeable, a.astype("i4").flags.writeable,
                m.array(a).flags.writeable, m.asarray(a).flags.writeable]
        a.flags.writeable = True
        attempt(log, lambda: setitem(a, 0, 7))
        log.append(a.tolist())
        return log

    def views(m):
        log = []
        a = m.arange(4.0)
        a.flags["W"] = False
        b = a[1:]
        log.append(b.flags.writeable)
        attempt(log, lambda: set_attr(b.flags, "writeable", True))
        a.setflags(write=True)
        attempt(log, lambda: set_attr(b.flags, "writeable", True))
        log.append(b.flags.writeable)
        attempt(log, lambda: setitem(b, 0, 9))
        log.append(a.tolist())
        return log

    def broadcast(m):
        log = []
        bt = m.broadcast_to(m.zeros(3), (2, 3))
        log.append(bt.flags.writeable)
        attempt(log, lambda: setitem(bt, (0, 0), 1))
        return log

    def buffers(m):
        log = []
        ro = m.frombuffer(b"abc", "u1")
        attempt(log, lambda: set_attr(ro.flags, "writeable", True))
        rw = m.frombuffer(bytearray(b"abc"), "u1")
        rw.flags.writeable = False
        attempt(log, lambda: setitem(rw, 0, 1))
        attempt(log, lambda: set_attr(rw.flags, "writeable", True))
        log.append(rw.flags.writeable)
        return log

    def other_flags(m):
        log = []
        a = m.zeros(3)
        attempt(log, lambda: set_attr(a.flags, "c_contiguous", False))
        attempt(log, lambda: set_key(a.flags, "C", False))
        attempt(log, lambda: set_key(a.flags, "Q", False))
        attempt(log, lambda: set_key(a.flags, "WRITEABLE", 0))
        log.append(a.flags.writeable)
        attempt(log, lambda: a.setflags(1))
        log.append(a.flags.writeable)
        attempt(log, lambda: set_attr(a.flags, "aligned", False))
        log.append(a.flags.aligned)
        attempt(log, lambda: set_attr(a.flags, "aligned", True))
        log.append(a.flags.aligned)
        attempt(log, lambda: a.setflags(uic=True))
        attempt(log, lambda: a.setflags(uic=False))
        attempt(log, lambda: set_attr(a.flags, "writebackifcopy", True))
        attempt(log, lambda: a.setflags(1, 1, 1, 1))
        attempt(log, lambda: a.setflags(bogus=1))
        attempt(log, lambda: delattr(a.flags, "writeable"))
        return log

    return [owner, views, broadcast, buffers, other_flags]


@pytest.mark.parametrize("scenario", _flag_scenarios(), ids=lambda f: f.__name__)
def test_writeable_flag_takes_effect_as_numpy(scenario):
    np = np_()
    ours, theirs = scenario(nh), scenario(np)
    fix = lambda log: [x.replace("numpy_hpy.flagsobj", "flagsobj") if isinstance(x, str) else x  # noqa: E731
                       for x in log]
    theirs = [x.replace("numpy._core.multiarray.flagsobj", "flagsobj") if isinstance(x, str) else x
              for x in theirs]
    assert fix(ours) == theirs


def test_transpose_is_a_view():
    np = np_()
    a = nh.array([[1, 2, 3], [4, 5, 6]], dtype="i2")
    t = a.T
    assert t.base is a
    assert not t.flags.owndata
    n = np.array([[1, 2, 3], [4, 5, 6]], dtype="i2").T
    assert t.strides == n.strides and t.tolist() == n.tolist()
    assert t.flags.f_contiguous and not t.flags.c_contiguous
    assert t.T.base is a  # views of views keep the memory owner


def test_view_outlives_its_creator():
    a = nh.array([[1.0, 2.0], [3.0, 4.0]])
    t = a.T
    del a
    for _ in range(3):
        gc.collect()
    assert t.tolist() == [[1.0, 3.0], [2.0, 4.0]]
    assert t.base.tolist() == [[1.0, 2.0], [3.0, 4.0]]


def test_copy_astype_fill():
    np = np_()
    a = nh.array([[1, 2], [3, 4]], dtype="i4")
    c = a.copy()
    assert c.flags.owndata and c.tolist() == a.tolist()
    assert a.copy("F").strides == np.array([[1, 2], [3, 4]], dtype="i4").copy("F").strides
    same_array(a.astype("f4"), np.array([[1, 2], [3, 4]], dtype="i4").astype("f4"))
    same_array(nh.array([1.7, -2.7]).astype("i8"), np.array([1.7, -2.7]).astype("i8"))
    a.fill(9)
    assert a.tolist() == [[9, 9], [9, 9]]


@pytest.mark.smoke
def test_conversions_and_truth():
    np = np_()
    assert nh.array([[1, 2], [3, 4]]).tolist() == [[1, 2], [3, 4]]
    assert nh.array(2.5).item() == 2.5 and type(nh.array(2.5).item()) is float
    assert nh.array([7], dtype="i1").item() == 7
    assert int(nh.array(3)) == 3 and float(nh.array(2.5)) == 2.5
    # NumPy 2.4: only 0-d arrays convert to Python scalars (2.3 warned).
    numpy_2_4 = tuple(int(v) for v in np.__version__.split(".")[:2]) >= (2, 4)
    for m in (nh, np) if numpy_2_4 else (nh,):
        with pytest.raises(TypeError, match="only 0-dimensional arrays"):
            int(m.array([3]))
    assert complex(nh.array(1 + 2j)) == 1 + 2j
    assert bool(nh.array([1])) and not bool(nh.array(0))
    for m in (nh, np):
        with pytest.raises(ValueError, match="truth value of an array with more than one element"):
            bool(m.array([1, 2]))
        with pytest.raises(ValueError, match="truth value of an empty array is ambiguous"):
            bool(m.array([]))
    with pytest.raises(ValueError, match="can only convert an array of size 1"):
        nh.array([1, 2]).item()
    assert len(nh.zeros((4, 2))) == 4
    with pytest.raises(TypeError, match="len\\(\\) of unsized object"):
        len(nh.array(3))
    assert [1, 2, 3][nh.array(1)] == 2


def test_copy_protocols_and_pickle():
    a = nh.array([[1, 2], [3, 4]], dtype="u2")
    for b in (copy.copy(a), copy.deepcopy(a), pickle.loads(pickle.dumps(a))):
        assert b is not a and b.dtype == a.dtype and b.tolist() == a.tolist()


@pytest.mark.parametrize("shape", [(0,), (0, 3), (3, 0), (2, 0, 4), (), (2, 3)], ids=repr)
@pytest.mark.parametrize("dtype", ["f8", "u1", "c8", "?"])
def test_pickle_keeps_the_shape(shape, dtype):
    np = np_()
    ours = pickle.loads(pickle.dumps(nh.zeros(shape, dtype)))
    same_array(ours, pickle.loads(pickle.dumps(np.zeros(shape, dtype))))
    assert ours.flags.writeable and ours.flags.owndata


@pytest.mark.smoke
def test_numpy_sees_our_memory_without_copy():
    np = np_()
    a = nh.array([[1.0, 2.0], [3.0, 4.0]])
    n = np.asarray(a)
    assert n.dtype == np.float64 and n.tolist() == a.tolist()
    n[0, 0] = 42.0
    assert a.tolist()[0][0] == 42.0
    t = np.asarray(a.T)
    assert t.strides == a.T.strides and np.shares_memory(t, n)
    for dtype in DTYPES:
        b = nh.array([1, 0, 1], dtype=dtype)
        assert np.asarray(b).dtype == np.dtype(dtype)
        assert np.asarray(b).tolist() == np.array([1, 0, 1], dtype=dtype).tolist()


def test_memoryview_export():
    a = nh.array([[1, 2, 3], [4, 5, 6]], dtype="i4")
    m = memoryview(a)
    assert m.format == "i" and m.shape == (2, 3) and m.strides == (12, 4)
    assert m.tolist() == [[1, 2, 3], [4, 5, 6]]
    m.release()


def test_from_numpy_arrays():
    np = np_()
    for dtype in DTYPES:
        src = np.arange(6).reshape(2, 3).astype(dtype)
        same_array(nh.array(src), src)
        same_array(nh.asarray(src), src)


def test_asarray_returns_the_same_array():
    a = nh.array([1, 2, 3])
    assert nh.asarray(a) is a
    assert nh.asarray(a, dtype="i8") is a
    assert nh.asarray(a, dtype="f8") is not a
    assert nh.array(a, copy=False) is a
    assert nh.array(a) is not a


def test_ndmin():
    np = np_()
    same_array(nh.array([1, 2], ndmin=3), np.array([1, 2], ndmin=3))
    same_array(nh.array(5, ndmin=2), np.array(5, ndmin=2))


def test_array_interface():
    np = np_()
    a = nh.array([[1, 2], [3, 4]], dtype="i2")
    ours = a.__array_interface__
    theirs = np.array([[1, 2], [3, 4]], dtype="i2").__array_interface__
    assert ours["shape"] == theirs["shape"]
    assert ours["typestr"] == theirs["typestr"]
    assert ours["version"] == 3 and ours["strides"] is None
    assert a.T.__array_interface__["strides"] == (2, 4)


def test_random_nested_lists_match_numpy():
    np = np_()
    hyp = pytest.importorskip("hypothesis")
    st = hyp.strategies

    leaf = st.one_of(st.booleans(), st.integers(-(2**62), 2**62), st.floats(allow_nan=False), st.complex_numbers(allow_nan=False))

    @hyp.settings(max_examples=60, deadline=None, database=None)
    @hyp.given(st.lists(st.integers(0, 3), min_size=0, max_size=3), st.data())
    def run(shape, data):
        size = 1
        for n in shape:
            size *= n
        kind = data.draw(st.sampled_from(["b", "i", "f", "c", "mixed"]))
        strat = {
            "b": st.booleans(),
            "i": st.integers(-(2**62), 2**62),
            "f": st.floats(allow_nan=False),
            "c": st.complex_numbers(allow_nan=False),
            "mixed": leaf,
        }[kind]
        flat = data.draw(st.lists(strat, min_size=size, max_size=size))
        theirs = np.array(flat).reshape(shape) if shape else np.array(flat[0] if flat else 0)
        obj = theirs.tolist()
        same_array(nh.array(obj), np.array(obj))

    run()


REPR_CASES = [
    ([1, 2, 3], None),
    ([1.5, -2.25, 1e-5], None),
    ([[1, 2], [3, 4]], "i1"),
    ([1e20, 1.0], None),
    ([True, False], None),
    ([1 + 2j, -0.5j], None),
    ([0.1, 0.2], "f4"),
    ([], None),
    ([[], []], "i2"),
    (3.5, None),
    (7, "u2"),
    ([float("nan"), float("inf"), -0.0], None),
    (list(range(2000)), None),
    ([[i * 0.5 for i in range(30)] for _ in range(3)], None),
]


@pytest.mark.smoke
@pytest.mark.parametrize("obj,dtype", REPR_CASES, ids=lambda v: repr(v)[:40])
def test_repr_and_str_match_numpy(obj, dtype):
    np = np_()
    ours = nh.array(obj, dtype=dtype)
    theirs = np.array(obj, dtype=dtype)
    assert repr(ours) == repr(theirs)
    assert str(ours) == str(theirs)


PRINT_OPTION_SETS = [
    dict(precision=3),
    dict(suppress=True),
    dict(sign="+"),
    dict(sign=" "),
    dict(threshold=5, edgeitems=1),
    dict(linewidth=20),
    dict(floatmode="fixed"),
    dict(floatmode="unique", precision=2),
    dict(nanstr="NaN", infstr="Inf"),
    dict(legacy="1.25"),
]


@pytest.mark.parametrize("kw", PRINT_OPTION_SETS, ids=repr)
def test_printoptions_match_numpy(kw):
    np = np_()
    cases = [
        [1.123456789, 2e-6, 3.0],
        list(range(12)),
        [[0.5, -1.5], [2.25, 1e10]],
        [float("nan"), float("inf"), 1.0],
        [1 + 2j, 3.5 - 1e-7j],
        [0.1, 0.2],
    ]
    with nh.printoptions(**kw), np.printoptions(**kw):
        assert nh.get_printoptions() == np.get_printoptions()
        for obj in cases:
            for dtype in (None, "f4") if not isinstance(obj[0], complex) else (None,):
                ours, theirs = nh.array(obj, dtype=dtype), np.array(obj, dtype=dtype)
                assert repr(ours) == repr(theirs)
                assert str(ours) == str(theirs)
    assert nh.get_printoptions() == np.get_printoptions()


@pytest.mark.parametrize(
    "make",
    [
        # 10**12 x 4 elements: only a printer that reads just the corners
        # (NumPy's _leading_trailing) can print these at all.
        lambda m: m.broadcast_to(m.arange(3.5), (10**12, 4)),
        lambda m: m.broadcast_to(m.arange(2, dtype="u2"), (10**6, 10**6, 2)),
        lambda m: m.zeros(10**7, "i1")[::-3],
        lambda m: m.arange(3000, dtype="f4").reshape(30, 100)[::-1, 5::7],
        lambda m: m.arange(24).reshape(2, 3, 4)[:, ::-1, ::2],
    ],
    ids=["1e12x4", "1e6x1e6x2-u2", "1e7-strided", "f4-2d", "small"],
)
def test_summarised_repr_reads_only_what_it_prints(make):
    np = np_()
    ours, theirs = make(nh), make(np)
    assert repr(ours) == repr(theirs)
    assert str(ours) == str(theirs)


def test_printoptions_errors_like_numpy():
    np = np_()
    for kw in [dict(threshold=float("nan")), dict(floatmode="x"), dict(sign="x"), dict(precision="a")]:
        with pytest.raises(Exception) as theirs:
            np.set_printoptions(**kw)
        np.set_printoptions()
        with pytest.raises(type(theirs.value)) as ours:
            nh.set_printoptions(**kw)
        assert str(ours.value) == str(theirs.value)
    assert nh.get_printoptions() == np.get_printoptions()


def test_numpy_arrays_come_in_without_a_copy():
    np = np_()
    n = np.arange(12, dtype="f4").reshape(3, 4)
    a = nh.asarray(n)
    assert a.base is n and not a.flags.owndata
    n[0, 0] = 42.0
    assert a.tolist()[0][0] == 42.0
    t = nh.asarray(n.T)
    assert t.strides == n.T.strides and t.tolist() == n.T.tolist()
    c = nh.array(n)  # array() copies
    n[0, 1] = 7.0
    assert c.tolist()[0][1] == 1.0 and c.flags.owndata
    ro = np.arange(3)
    ro.flags.writeable = False
    assert not nh.asarray(ro).flags.writeable
    assert nh.asarray(n, dtype="f8").flags.owndata  # a conversion copies
    del n
    import gc

    gc.collect()
    assert a.tolist()[0][:2] == [42.0, 7.0]


def test_array_array_comes_in_without_a_copy():
    import array

    aa = array.array("d", [1.5, 2.5])
    v = nh.asarray(aa)
    if IS_PYPY:
        # PyPy's array.array can move its memory while exported: we copy.
        aa[0] = 9.0
        assert v.tolist() == [1.5, 2.5] and v.flags.owndata
        return
    aa[0] = 9.0
    assert v.tolist() == [9.0, 2.5] and v.dtype == nh.dtype("f8")
    # While we view its memory the array.array cannot move it.
    with pytest.raises(BufferError):
        aa.append(1.0)
    del v
    import gc

    gc.collect()
    aa.append(1.0)
    assert nh.asarray(array.array("h", [1, -2])).tolist() == [1, -2]


@pytest.mark.parametrize(
    "kw",
    [
        dict(dtype="i4", casting="safe"),
        dict(dtype="i4", casting="same_kind"),
        dict(dtype="i4"),
        dict(dtype="f4", casting="same_kind"),
        dict(dtype="f8", copy=False),
        dict(dtype="c16", casting="safe"),
        dict(dtype="f8", order="F"),
        dict(dtype="i4", casting=1),
    ],
    ids=repr,
)
def test_astype_like_numpy(kw):
    np = np_()
    a, n = nh.array([[1.5, -2.5], [3.0, 4.0]]), np.array([[1.5, -2.5], [3.0, 4.0]])
    ours, theirs = None, None
    try:
        theirs = n.astype(**kw)
    except Exception as e:  # noqa: BLE001
        with pytest.raises(type(e)) as ours_err:
            a.astype(**kw)
        assert str(ours_err.value) == str(e)
        return
    ours = a.astype(**kw)
    same_array(ours, theirs)
    assert ours.strides == theirs.strides
    assert (ours is a) == (theirs is n)


def test_dlpack_round_trip_with_numpy():
    np = np_()
    import gc

    a = nh.array([[1.0, 2.0], [3.0, 4.0]])
    assert a.__dlpack_device__() == (1, 0)
    n = np.from_dlpack(a)
    assert n.tolist() == a.tolist() and np.shares_memory(n, np.asarray(a))
    a[0, 0] = 9.0
    assert n[0, 0] == 9.0
    del a
    gc.collect()
    assert n.tolist() == [[9.0, 2.0], [3.0, 4.0]]  # NumPy keeps our memory alive
    t = nh.array([[1, 2, 3], [4, 5, 6]], dtype="i2").T
    m = np.from_dlpack(t)
    assert m.tolist() == t.tolist() and m.strides == t.strides
    for dtype in DTYPES:
        src = nh.array([1, 0, 1], dtype=dtype)
        assert np.from_dlpack(src).dtype == np.dtype(dtype)
    # NumPy -> numpy_hpy, views outliving the imported array.
    src = np.arange(6, dtype="f4").reshape(2, 3)
    b = nh.from_dlpack(src)
    assert b.dtype == nh.dtype("f4") and b.tolist() == src.tolist()
    src[0, 1] = 42.0
    assert b.tolist()[0][1] == 42.0
    v = b[:, 1]
    del b, src
    gc.collect()
    assert v.tolist() == [42.0, 4.0]
    assert nh.from_dlpack(nh.arange(4)).tolist() == [0, 1, 2, 3]
    for _ in range(200):  # every imported tensor's deleter runs once
        nh.from_dlpack(np.ones(3))
        nh.from_dlpack(nh.ones(3))
    gc.collect()


def test_dlpack_consumer_releases_the_array_at_once():
    """The consumer's deleter gives the exported array back right away (no
    later DLPack call needed), and an unconsumed capsule does when it dies."""
    np = np_()
    import weakref

    class Owner:  # the memory's owner, which the array keeps alive
        def __init__(self):
            self.mem = np.arange(4.0)
            self.__array_interface__ = self.mem.__array_interface__

    def collect():
        for _ in range(3):  # PyPy finalises in a few passes
            gc.collect()

    o = Owner()
    a = nh.asarray(o)
    assert a.base is o
    alive = weakref.ref(o)
    n = np.from_dlpack(a)
    del a, o
    collect()
    assert alive() is not None and n.tolist() == [0.0, 1.0, 2.0, 3.0]
    del n
    collect()
    assert alive() is None
    o = Owner()
    alive = weakref.ref(o)
    cap = nh.asarray(o).__dlpack__()
    del o
    collect()
    assert alive() is not None
    del cap
    collect()
    assert alive() is None


def test_dlpack_errors_and_unused_capsules():
    np = np_()
    import gc

    ro = nh.broadcast_to(nh.zeros(3), (2, 3))
    with pytest.raises(BufferError, match="readonly"):
        ro.__dlpack__()
    cap = nh.zeros(3).__dlpack__()
    del cap  # never consumed: the capsule frees the export itself
    gc.collect()
    for _ in range(3):
        np.from_dlpack(nh.ones(4))
    gc.collect()
    assert nh.ones(2).__dlpack__(copy=True) is not None


@pytest.mark.parametrize(
    "kw",
    [
        {"stream": 1},
        {"stream": 0},
        {"stream": -1},
        {"stream": None},
        {"max_version": 1},
        {"max_version": (1,)},
        {"max_version": (1, 2, 3)},
        {"max_version": [1, 0]},
        {"max_version": "ab"},
        {"max_version": (1.5, 0)},
        {"max_version": (2**70, 0)},
        {"max_version": (0, 8)},
        {"max_version": None},
        {"stream": 1, "max_version": 1},
        {"dl_device": (1, 0)},
        {"dl_device": (2, 0)},
        {"dl_device": (1, 1)},
        {"dl_device": 1},
        {"dl_device": None},
        {"copy": "x"},
        {"copy": False},
        {"copy": True, "stream": 2},
        {"nope": 1},
    ],
    ids=repr,
)
def test_dlpack_keywords_refused_as_numpy(kw):
    np = np_()
    if "stream" in kw:
        require_numpy((2, 5), "the exception type for a stream")  # RuntimeError before

    def outcome(m):
        try:
            cap = m.zeros(3).__dlpack__(**kw)
        except Exception as e:  # noqa: BLE001 - compared with NumPy's
            return type(e).__name__, str(e)
        # NumPy answers max_version >= 1 with a versioned capsule; an
        # unversioned one is what a producer without DLPack 1.0 gives.
        return "capsule", type(cap).__name__

    assert outcome(nh) == outcome(np)


@pytest.mark.parametrize("shape", [(2, 3), (2, 3, 4), (1, 5), (0, 2)], ids=repr)
def test_matrix_transpose(shape):
    np = np_()
    n = np.arange(int(np.prod(shape)), dtype="i4").reshape(shape)
    a = nh.asarray(n)
    same_array(a.mT, n.mT)
    assert a.mT.strides == n.mT.strides
    if n.size:
        a.mT[..., 0, 0] = -1  # a view
        assert n.reshape(-1)[0] == -1


@pytest.mark.parametrize("obj", [5, [1, 2]], ids=repr)
def test_matrix_transpose_needs_two_axes(obj):
    np = np_()
    with pytest.raises(ValueError) as theirs:
        np.array(obj).mT
    with pytest.raises(ValueError) as ours:
        nh.array(obj).mT
    assert str(ours.value) == str(theirs.value)


@pytest.mark.parametrize(
    "obj", [[1, 2, 3], [[1, 2], [3, 4]], [[[1.5]]], [], [[], []]], ids=repr
)
def test_iteration_like_numpy(obj):
    np = np_()
    ours, theirs = nh.array(obj), np.array(obj)
    assert hasattr(ours, "__iter__")
    for it in (iter(ours), ours.__iter__()):
        items = list(it)
        assert len(items) == len(theirs)
        for o, t in zip(items, theirs):
            assert type(o).__name__ == type(t).__name__
            if isinstance(t, np.ndarray):
                same_array(o, t)
            else:
                assert o == t


def test_iterating_a_0d_array_is_a_type_error():
    with pytest.raises(TypeError, match="iteration over a 0-d array"):
        nh.array(5).__iter__()
    with pytest.raises(TypeError):
        list(nh.array(5))


@pytest.mark.filterwarnings("ignore::numpy.exceptions.ComplexWarning")
@pytest.mark.parametrize("dtype", DTYPES)
def test_dunder_array_gives_numpy_a_view(dtype):
    np = np_()
    a = nh.array([[1, 0], [1, 1]], dtype=dtype)
    n = a.__array__()
    assert type(n) is np.ndarray and n.dtype == np.dtype(dtype)
    assert n.tolist() == a.tolist()
    assert np.shares_memory(n, np.asarray(a))
    c = a.__array__(copy=True)
    assert not np.shares_memory(c, np.asarray(a))
    f = a.__array__("f8")
    assert f.dtype == np.float64 and f.tolist() == a.astype("f8").tolist()
    f = a.__array__(nh.dtype("c16"))
    assert f.dtype == np.complex128
    if dtype != "f8":
        with pytest.raises(ValueError):
            a.__array__("f8", copy=False)  # NumPy: a copy is needed


ASCONTIGUOUS = [
    lambda m: m.ascontiguousarray(5),
    lambda m: m.ascontiguousarray([[1, 2], [3, 4]]),
    lambda m: m.ascontiguousarray(m.arange(6).reshape(2, 3).T),
    lambda m: m.ascontiguousarray(m.arange(6).reshape(2, 3)[:, ::2], dtype="f4"),
    lambda m: m.ascontiguousarray([1, 2], like=[1]),
]


@pytest.mark.parametrize("case", range(len(ASCONTIGUOUS)))
def test_ascontiguousarray(case):
    np = np_()
    f = ASCONTIGUOUS[case]
    try:
        theirs = f(np)
    except Exception as e:  # noqa: BLE001
        with pytest.raises(type(e)):
            f(nh)
        return
    ours = f(nh)
    same_array(ours, theirs)
    assert ours.flags.c_contiguous and ours.strides == theirs.strides


def test_ascontiguousarray_does_not_copy_contiguous_arrays():
    a = nh.arange(4)
    assert nh.ascontiguousarray(a) is a


COPY_ORDER_CASES = [
    lambda m, a: a.copy(),
    lambda m, a: a.copy("F"),
    lambda m, a: a.copy(order="A"),
    lambda m, a: a.copy(order="K"),
    lambda m, a: a.T.copy(order="K"),
    lambda m, a: a.T.copy(order="A"),
    lambda m, a: a.T.copy(),
    lambda m, a: a.astype("f4"),
    lambda m, a: a.T.astype("f4"),
    lambda m, a: a.T.astype("f4", order="C"),
    lambda m, a: a.astype("f4", order="F"),
    lambda m, a: a.astype("f4", order="X"),
    lambda m, a: a.copy(order="X"),
    lambda m, a: a.copy(order=None),
    lambda m, a: a.copy(bogus=1),
]


@pytest.mark.parametrize("case", range(len(COPY_ORDER_CASES)))
def test_copy_and_astype_order(case):
    np = np_()
    f = COPY_ORDER_CASES[case]
    n = np.arange(6, dtype="i8").reshape(2, 3)
    try:
        theirs = f(np, n)
    except Exception as e:  # noqa: BLE001
        with pytest.raises(type(e)) as ours:
            f(nh, nh.asarray(n))
        assert str(ours.value) == str(e)
        return
    ours = f(nh, nh.asarray(n))
    same_array(ours, theirs)
    assert ours.strides == theirs.strides
    assert ours.flags.owndata


def _warned(f):
    import warnings

    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        f()
    return [(x.category.__name__, str(x.message)) for x in w]


@pytest.mark.parametrize(
    "case",
    [
        lambda m: m.array([1 + 2j, 3j]).astype(float),
        lambda m: m.array([], dtype=complex).astype("f4"),
        lambda m: m.array([1j]).astype(bool),
        lambda m: m.array([1j]).astype("c8"),
        lambda m: m.asarray(m.array([1j]), dtype="i4"),
        lambda m: m.array(m.array([1j, 2]), dtype=float),
        lambda m: m.zeros(2).__setitem__(slice(None), m.array([1j, 2])),
        lambda m: float(m.complex64(1.5 - 2j)),
    ],
    ids=["astype-f8", "empty-astype-f4", "astype-bool", "astype-c8", "asarray-i4", "array-f8",
         "setitem", "float-scalar"],
)
def test_complex_to_real_casts_warn_as_numpy(case):
    np = np_()
    assert issubclass(nh.exceptions.ComplexWarning, RuntimeWarning)
    assert _warned(lambda: case(nh)) == _warned(lambda: case(np))
