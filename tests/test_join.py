"""Joining, splitting and repeating arrays (`concatenate`, `stack`, `vstack`,
`hstack`, `dstack`, `column_stack`, `split`, `array_split`, `roll`, `repeat`,
`ndarray.repeat`, `tile`) against real NumPy: values, dtype, shape, memory
order, views vs copies (`base`), error types and messages; property tests with
hypothesis over shapes, dtypes, axes and strided inputs."""

import math
import warnings

import pytest

import numpy_hpy as nh


def np_():
    return pytest.importorskip("numpy", minversion="2.3")


def kind(e):
    if isinstance(e, IndexError) and isinstance(e, ValueError):
        return "AxisError"
    return type(e).__name__


def describe(r):
    if isinstance(r, list):
        return ("list", [describe(x) for x in r])
    if hasattr(r, "shape") and hasattr(r, "tolist"):
        # Strides matter only on axes longer than one (NumPy ignores the rest).
        strides = tuple(s for s, n in zip(r.strides, r.shape) if n > 1) if r.size else None
        return ("ok", tuple(r.shape), r.dtype.name, r.tolist(), r.base is None, strides)
    return ("ok", type(r).__name__, repr(r))


def outcome(f):
    try:
        # (Casts such as complex -> float warn in both libraries; the values
        # and errors are what is compared.)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = f()
    except Exception as e:  # noqa: BLE001 - the type is what we compare
        return ("err", kind(e), str(e))
    return describe(r)


def to_nh(x):
    """A C-ordered copy of the NumPy array `x` (its shape kept, empty or not)."""
    o = nh.zeros(x.shape, dtype=x.dtype.name)
    if x.size:
        o[...] = nh.array(x.tolist(), dtype=x.dtype.name)
    return o


def ours_of(x):
    """Our counterpart of a NumPy argument (arrays rebuilt with the same
    values and dtype; lists/tuples recursively)."""
    np = np_()
    if isinstance(x, np.ndarray):
        return to_nh(x)
    if isinstance(x, list):
        return [ours_of(v) for v in x]
    if isinstance(x, tuple):
        return tuple(ours_of(v) for v in x)
    return x


def same(name, *args, **kw):
    np = np_()
    theirs = outcome(lambda: getattr(np, name)(*args, **kw))
    ours = outcome(lambda: getattr(nh, name)(*ours_of(args), **kw))
    assert ours == theirs, (name, args, kw)
    return ours


def arange(shape, dtype="int64"):
    """The same C-ordered array on both sides."""
    np = np_()
    n = np.arange(math.prod(shape)).astype(dtype).reshape(shape)
    return to_nh(n), n


# ------------------------------------------------------------------ smoke (no NumPy needed)


@pytest.mark.smoke
def test_smoke_concatenate_and_stack():
    a = nh.array([[1, 2], [3, 4]])
    b = nh.array([[5, 6]])
    r = nh.concatenate((a, b))
    assert r.shape == (3, 2) and r.tolist() == [[1, 2], [3, 4], [5, 6]] and r.base is None
    assert nh.concatenate((a, b.T), axis=1).tolist() == [[1, 2, 5], [3, 4, 6]]
    assert nh.concatenate((a, b), axis=None).tolist() == [1, 2, 3, 4, 5, 6]
    assert nh.stack([a, a], axis=-1).shape == (2, 2, 2)
    assert nh.vstack([[1, 2], [3, 4]]).tolist() == [[1, 2], [3, 4]]
    assert nh.hstack([[1, 2], [3.5]]).dtype.name == "float64"
    with pytest.raises(ValueError, match="need at least one array to concatenate"):
        nh.concatenate(())
    with pytest.raises(nh.exceptions.AxisError, match="axis 2 is out of bounds for array of dimension 2"):
        nh.concatenate((a, a), axis=2)


@pytest.mark.smoke
def test_smoke_split_roll_repeat_tile():
    a = nh.array([[0, 1, 2, 3], [4, 5, 6, 7]])
    parts = nh.split(a, 2, axis=1)
    assert [p.tolist() for p in parts] == [[[0, 1], [4, 5]], [[2, 3], [6, 7]]]
    assert all(p.base is a for p in parts)
    with pytest.raises(ValueError, match="array split does not result in an equal division"):
        nh.split(a, 3, axis=1)
    assert [p.shape for p in nh.array_split(a, 3, axis=1)] == [(2, 2), (2, 1), (2, 1)]
    assert nh.roll(a, 1, axis=1).tolist() == [[3, 0, 1, 2], [7, 4, 5, 6]]
    assert nh.roll(a, 1).tolist() == [[7, 0, 1, 2], [3, 4, 5, 6]]
    assert nh.repeat(a, [1, 2], axis=0).tolist() == [[0, 1, 2, 3], [4, 5, 6, 7], [4, 5, 6, 7]]
    assert a.repeat(2).shape == (16,)
    assert nh.tile(nh.array([1, 2]), (2, 2)).tolist() == [[1, 2, 1, 2], [1, 2, 1, 2]]


# ------------------------------------------------------------------ concatenate

CONCAT_CASES = [
    ((((1, 2), (3, 4)), ((5, 6),)), {}),
    (([[1, 2]], [[3]]), {"axis": 1}),
    (([[1, 2]], [[3]]), {"axis": 0}),
    (([[1, 2]], [3]), {}),
    (([[1, 2]], [[3, 4]], [[5, 6, 7]]), {}),
    ((), {}),
    ((1, 2), {}),
    ((1, 2), {"axis": None}),
    (([[1, 2]], [[3, 4]]), {"axis": None}),
    (([[1, 2]], [[3, 4]]), {"axis": -3}),
    (([[1, 2]], [[3, 4]]), {"axis": 2}),
    (([[1.5]], [[2]]), {"dtype": "int64"}),
    (([[1.5]], [[2]]), {"dtype": "int64", "casting": "unsafe"}),
    (([[1]], [[2]]), {"dtype": "float32", "casting": "safe"}),
    (([1], [2.5]), {"casting": "no"}),
    (([1], [2]), {"casting": "bogus"}),
    (([1], [2]), {"casting": None}),
    (([1], [2]), {"axis": 1.5}),
    (([1, 2], [1j]), {}),
    (([True], [2]), {}),
    (([], []), {}),
]


@pytest.mark.parametrize("seq, kw", CONCAT_CASES, ids=repr)
def test_concatenate_matches_numpy(seq, kw):
    same("concatenate", seq, **kw)


@pytest.mark.parametrize(
    "dtypes",
    [("int8", "uint8"), ("int8", "float32"), ("uint64", "int64"), ("float32", "complex64"),
     ("bool", "int16"), ("int32", "float32"), ("uint16", "int8", "float32")],
)
def test_concatenate_promotes_like_numpy(dtypes):
    np = np_()
    arrays = [np.ones((2, 1), dtype=d) for d in dtypes]
    same("concatenate", arrays, axis=1)


def test_concatenate_into_out():
    np = np_()
    a, n = arange((2, 3))
    out = nh.zeros((4, 3))
    assert nh.concatenate((a, a), out=out) is out
    assert out.tolist() == np.concatenate((n, n)).astype(float).tolist()
    with pytest.raises(TypeError, match="'out' must be an array"):
        nh.concatenate((a, a), out=[0])
    with pytest.raises(TypeError, match="only takes `out` or `dtype`"):
        nh.concatenate((a, a), out=out, dtype="f8")
    with pytest.raises(ValueError, match="Output array is the wrong shape"):
        nh.concatenate((a, a), out=nh.zeros((4, 4)))
    with pytest.raises(ValueError, match="Output array has wrong dimensionality"):
        nh.concatenate((a, a), out=nh.zeros(12))
    with pytest.raises(TypeError, match=r"Cannot cast array data from dtype\('float64'\) to dtype\('int64'\)"):
        nh.concatenate((nh.ones(2), nh.ones(2)), out=nh.zeros(4, dtype="i8"))
    # `out` overlapping an input: inputs are read first.
    x = nh.array([1, 2, 3, 4])
    nh.concatenate((x[2:], x[:2]), out=x)
    assert x.tolist() == [3, 4, 1, 2]


def test_concatenate_sequence_errors():
    a = nh.array([1])
    with pytest.raises(TypeError, match="needs to be a sequence"):
        nh.concatenate(iter([a, a]))
    with pytest.raises(TypeError, match="did not return an iterable"):
        nh.concatenate(5)
    # An array is a sequence of its rows.
    assert nh.concatenate(nh.array([[1, 2], [3, 4]])).tolist() == [1, 2, 3, 4]


def test_concatenate_memory_order_like_numpy():
    np = np_()
    a, n = arange((2, 3))
    cases = [
        (lambda x: (x.T, x.T), 0), (lambda x: (x.T, x.T), 1), (lambda x: (x, x.T.T), 0),
        (lambda x: (x.T, x[::-1].T), 0), (lambda x: (x[:, ::2], x[:, ::2]), 1),
    ]
    for make, axis in cases:
        theirs = np.concatenate(make(n), axis=axis)
        ours = nh.concatenate(make(a), axis=axis)
        assert describe(ours) == describe(theirs)


def test_random_concatenate_matches_numpy():
    np = np_()
    hyp = pytest.importorskip("hypothesis")
    st = hyp.strategies
    dtypes = st.sampled_from(["bool", "int8", "uint8", "int16", "int32", "uint32", "int64", "uint64",
                              "float32", "float64", "complex64", "complex128"])

    @hyp.settings(max_examples=120, deadline=None, database=None)
    @hyp.given(st.lists(st.integers(0, 3), min_size=1, max_size=3), st.integers(1, 4), st.data())
    def run(shape, count, data):
        axis = data.draw(st.integers(-len(shape) - 1, len(shape)) | st.none())
        arrays = []
        for _ in range(count):
            s = list(shape)
            if axis is not None and -len(s) <= axis < len(s):
                s[axis] = data.draw(st.integers(0, 3))
            if data.draw(st.booleans()):
                s = s[: data.draw(st.integers(0, len(s)))] or [2]
            d = data.draw(dtypes)
            n = (np.arange(math.prod(s)) % 5).astype(d).reshape(s)
            if data.draw(st.booleans()):
                n = n.T.copy().T  # Fortran order
            arrays.append(n)
        dtype = data.draw(st.none() | dtypes)
        casting = data.draw(st.sampled_from(["no", "safe", "same_kind", "unsafe"]))
        theirs = outcome(lambda: np.concatenate(arrays, axis=axis, dtype=dtype, casting=casting))
        ours_in = [to_nh(x) for x in arrays]
        # Rebuild the Fortran ones as Fortran arrays too.
        ours_in = [o.T.copy().T if x.flags.f_contiguous and not x.flags.c_contiguous else o
                   for o, x in zip(ours_in, arrays)]
        ours = outcome(lambda: nh.concatenate(ours_in, axis=axis, dtype=dtype, casting=casting))
        assert ours == theirs, (shape, axis, [x.dtype for x in arrays], dtype, casting)

    run()


# ------------------------------------------------------------------ stack family

STACK_CASES = [
    ("stack", ([[1, 2], [3, 4]],), {}),
    ("stack", ([[1, 2], [3, 4]],), {"axis": 1}),
    ("stack", ([[1, 2], [3, 4]],), {"axis": -1}),
    ("stack", ([[1, 2], [3, 4]],), {"axis": 2}),
    ("stack", ([[1, 2], [3, 4]],), {"axis": -3}),
    ("stack", ([[1, 2], [3]],), {}),
    ("stack", ([],), {}),
    ("stack", (5,), {}),
    ("stack", ([1, 2],), {}),
    ("stack", ([[1], [2.5]],), {"dtype": "int64"}),
    ("stack", ([[1], [2.5]],), {"dtype": "int64", "casting": "unsafe"}),
    ("vstack", ([1, 2],), {}),
    ("vstack", ([[1, 2], [3]],), {}),
    ("vstack", ([[1, 2], [[3, 4]]],), {}),
    ("vstack", ([],), {}),
    ("vstack", (5,), {}),
    ("vstack", ([[1, 2], [3, 4]],), {"dtype": "float32"}),
    ("vstack", ([[1, 2]],), {"dtype": "float64", "casting": "no"}),
    ("hstack", ([1, 2],), {}),
    ("hstack", ([[1, 2], [[3, 4]]],), {}),
    ("hstack", ([[[1], [2]], [[3], [4]]],), {}),
    ("hstack", ([],), {}),
    ("hstack", ([[1.5], [2]],), {"dtype": "int8", "casting": "unsafe"}),
    ("dstack", ([1, 2],), {}),
    ("dstack", ([[1, 2], [3, 4]],), {}),
    ("dstack", ([[[1, 2]], [[3, 4]]],), {}),
    ("dstack", ([],), {}),
    ("column_stack", ([[1, 2], [3, 4]],), {}),
    ("column_stack", ([1, 2],), {}),
    ("column_stack", ([[[1], [2]], [3, 4]],), {}),
    ("column_stack", ([],), {}),
    ("column_stack", (5,), {}),
]


@pytest.mark.parametrize("name, args, kw", STACK_CASES, ids=repr)
def test_stack_family_matches_numpy(name, args, kw):
    same(name, *args, **kw)


def test_stack_out_and_order():
    np = np_()
    a, n = arange((2, 3))
    for axis in (0, 1, 2):
        assert describe(nh.stack([a.T, a.T], axis=axis)) == describe(np.stack([n.T, n.T], axis=axis))
    out = nh.zeros((2, 2, 3))
    assert nh.stack([a, a], out=out) is out
    assert out.tolist() == np.stack([n, n]).astype(float).tolist()


def test_random_stack_family_matches_numpy():
    np = np_()
    hyp = pytest.importorskip("hypothesis")
    st = hyp.strategies

    @hyp.settings(max_examples=100, deadline=None, database=None)
    @hyp.given(st.sampled_from(["stack", "vstack", "hstack", "dstack", "column_stack"]),
               st.lists(st.lists(st.integers(1, 3), max_size=3), min_size=1, max_size=3),
               st.sampled_from(["int8", "uint16", "int64", "float32", "complex128", "bool"]),
               st.integers(-4, 3))
    def run(name, shapes, dtype, axis):
        arrays = [(np.arange(math.prod(s)) % 3).astype(dtype).reshape(s) for s in shapes]
        kw = {"axis": axis} if name == "stack" else {}
        same(name, arrays, **kw)

    run()


# ------------------------------------------------------------------ split

SPLIT_CASES = [
    (3,), (2,), (0,), (-3,), (2.0, 1), (1.5, 1), ([1, 5, -1, 2],), ([], 1), (2, 2), (2, -3),
    ([1], 2), (True,), (4, 1), ([None, 2],), ([1.5],), (3, None), (4, 1.0), (2, -1),
]


@pytest.mark.parametrize("func", ["split", "array_split"])
@pytest.mark.parametrize("args", SPLIT_CASES, ids=repr)
def test_split_matches_numpy(func, args):
    np = np_()
    a, n = arange((3, 4))
    theirs = outcome(lambda: getattr(np, func)(n, *args))
    ours = outcome(lambda: getattr(nh, func)(a, *args))
    # NumPy's `a` is a reshape view: its pieces' base is arange's array, ours
    # is `a`; both are views, which `describe` records.
    assert ours == theirs


def test_split_gives_views_of_the_owner():
    a, _ = arange((4, 6))
    for parts in (nh.split(a, 2), nh.split(a, [1, 4], axis=1), nh.array_split(a[1:], 4, axis=1)):
        assert all(p.base is a and not p.flags.owndata for p in parts)
    parts = nh.split(a, 2, axis=1)
    parts[0][0, 0] = 99
    assert a[0, 0] == 99


@pytest.mark.parametrize("func", ["split", "array_split"])
def test_split_of_lists_matches_numpy(func):
    np = np_()
    for args in [([1, 2, 3, 4], 2), ([1, 2, 3, 4], [1]), ([1, 2, 3, 4], 3), ([[1, 2, 3]], 3, 1),
                 ([1, 2, 3, 4], [1], 1)]:
        theirs = outcome(lambda: getattr(np, func)(*args))
        ours = outcome(lambda: getattr(nh, func)(*args))
        assert ours == theirs, args


def test_random_split_matches_numpy():
    np = np_()
    hyp = pytest.importorskip("hypothesis")
    st = hyp.strategies

    @hyp.settings(max_examples=120, deadline=None, database=None)
    @hyp.given(st.lists(st.integers(0, 5), min_size=1, max_size=3), st.data())
    def run(shape, data):
        a, n = arange(tuple(shape), data.draw(st.sampled_from(["int16", "float64", "bool"])))
        axis = data.draw(st.integers(-len(shape), len(shape) - 1))
        ios = data.draw(st.integers(1, 6) | st.lists(st.integers(-7, 7), max_size=4))
        func = data.draw(st.sampled_from(["split", "array_split"]))
        if data.draw(st.booleans()):
            a, n = a.T, n.T
        theirs = outcome(lambda: getattr(np, func)(n, ios, axis))
        ours = outcome(lambda: getattr(nh, func)(a, ios, axis))
        assert ours == theirs, (shape, axis, ios, func)

    run()


# ------------------------------------------------------------------ roll

ROLL_CASES = [
    (1,), (-13,), (1, 1), (-13, 1), ((1, 2), (0, 1)), ((1, 2), (1, 1)), ((1, 2), 0), (1, (0, 1)),
    ((1, 2, 3), (0, 1)), ([[1]], 0), (1, 2), (1.7, 1), ([1, 2],), (True, 0), (1, [0, 1]), (1, ()),
    ((), 0), (1, 1.5), ([1.5, 2], (0, 1)), (None, 1),
]


@pytest.mark.parametrize("args", ROLL_CASES, ids=repr)
def test_roll_matches_numpy(args):
    np = np_()
    a, n = arange((3, 4))
    assert outcome(lambda: nh.roll(a, *args)) == outcome(lambda: np.roll(n, *args))
    assert outcome(lambda: nh.roll(a.T, *args)) == outcome(lambda: np.roll(n.T, *args))


def test_roll_odd_inputs():
    for args in [(5, 1), ([[1, 2], [3, 4]], 1, 1), ([], 2)]:
        same("roll", *args)
    np = np_()
    assert outcome(lambda: nh.roll(nh.zeros((0, 3)), 1, 0)) == outcome(lambda: np.roll(np.zeros((0, 3)), 1, 0))
    assert outcome(lambda: nh.roll(nh.array(5), 1, 0)) == outcome(lambda: np.roll(np.array(5), 1, 0))


def test_random_roll_matches_numpy():
    np = np_()
    hyp = pytest.importorskip("hypothesis")
    st = hyp.strategies

    @hyp.settings(max_examples=120, deadline=None, database=None)
    @hyp.given(st.lists(st.integers(0, 4), max_size=3), st.data())
    def run(shape, data):
        a, n = arange(tuple(shape), data.draw(st.sampled_from(["int8", "float32", "complex64"])))
        nd = len(shape)
        shift = data.draw(st.integers(-9, 9) | st.lists(st.integers(-9, 9), min_size=1, max_size=3))
        axis = data.draw(st.none() | st.integers(-nd - 1, nd) | st.lists(st.integers(-nd, max(nd - 1, 0)), min_size=1, max_size=3))
        if isinstance(axis, list):
            axis = tuple(axis)
        if data.draw(st.booleans()):
            a, n = a.T, n.T
        assert outcome(lambda: nh.roll(a, shift, axis)) == outcome(lambda: np.roll(n, shift, axis)), (shape, shift, axis)

    run()


# ------------------------------------------------------------------ repeat

REPEAT_CASES = [
    (2,), ([1, 2, 0], 0), ([1, 2], 0), ([1, -2, 0], 0), (-1, 0), ([-1], 0), (1.5, 0), ([[1]], 0),
    (2, 2), (2, -3), ([1.7, 2.2, 0.9], 0), ([True, False, True], 0), (0, 0), ([], 0), (2, 1.5),
    ([1, 2, 3, 0], 1), (3, None), (2**70, 0),
]


@pytest.mark.parametrize("args", REPEAT_CASES, ids=repr)
def test_repeat_matches_numpy(args):
    np = np_()
    a, n = arange((3, 4), "float32")
    assert outcome(lambda: nh.repeat(a, *args)) == outcome(lambda: np.repeat(n, *args))
    assert outcome(lambda: a.repeat(*args)) == outcome(lambda: n.repeat(*args))
    assert outcome(lambda: nh.repeat(a.T, *args)) == outcome(lambda: np.repeat(n.T, *args))


def test_repeat_odd_inputs():
    np = np_()
    for arr, args in [(3, (2,)), ([[1, 2]], (2,)), ([[1, 2]], ([1, 2], 1))]:
        same("repeat", arr, *args)
    for args in [(2, 0), (2, -1), (2, 1)]:
        assert outcome(lambda: nh.repeat(nh.array(3), *args)) == outcome(lambda: np.repeat(np.array(3), *args))
    assert outcome(lambda: nh.repeat(nh.zeros((0, 2)), -1, 0)) == outcome(lambda: np.repeat(np.zeros((0, 2)), -1, 0))
    a, n = arange((2, 2))
    assert describe(a.repeat(repeats=2, axis=0)) == describe(n.repeat(repeats=2, axis=0))
    with pytest.raises(TypeError):
        a.repeat()
    with pytest.raises(TypeError):
        a.repeat(2, 0, 1)


def test_random_repeat_matches_numpy():
    np = np_()
    hyp = pytest.importorskip("hypothesis")
    st = hyp.strategies

    @hyp.settings(max_examples=120, deadline=None, database=None)
    @hyp.given(st.lists(st.integers(0, 4), max_size=3), st.data())
    def run(shape, data):
        a, n = arange(tuple(shape), data.draw(st.sampled_from(["uint8", "int64", "float64", "bool"])))
        nd = len(shape)
        axis = data.draw(st.none() | st.integers(-nd - 1, nd))
        reps = data.draw(st.integers(-1, 3) | st.lists(st.integers(-1, 3), max_size=5))
        assert outcome(lambda: nh.repeat(a, reps, axis)) == outcome(lambda: np.repeat(n, reps, axis)), (shape, reps, axis)

    run()


# ------------------------------------------------------------------ tile

TILE_CASES = [
    2, (2, 1), (1, 1), 1, (1, 1, 1), (), -1, 0, 1.5, (2, 1.5), [2, 0], (2, 2, 2), [[2]], 1.0, True,
    (1.0, 2),
]


@pytest.mark.parametrize("reps", TILE_CASES, ids=repr)
def test_tile_matches_numpy(reps):
    np = np_()
    a, n = arange((3, 4))
    assert outcome(lambda: nh.tile(a, reps)) == outcome(lambda: np.tile(n, reps))
    assert outcome(lambda: nh.tile(a.T, reps)) == outcome(lambda: np.tile(n.T, reps))


def test_tile_odd_inputs():
    np = np_()
    for arr, reps in [([1, 2], 1), ([1, 2], (2, 2, 2)), (5, 3), ([], 3), ([[1, 2]], (2, 0))]:
        same("tile", arr, reps)
    for reps in [3, -1, (2, -1), (-1, -1)]:
        assert outcome(lambda: nh.tile(nh.zeros((0, 2)), reps)) == outcome(lambda: np.tile(np.zeros((0, 2)), reps))
    assert outcome(lambda: nh.tile(nh.array(5), ())) == outcome(lambda: np.tile(np.array(5), ()))
    # A tiled empty array is a view of its input.
    e = nh.zeros((0, 2))
    assert nh.tile(e, 3).base is e


def test_random_tile_matches_numpy():
    np = np_()
    hyp = pytest.importorskip("hypothesis")
    st = hyp.strategies

    @hyp.settings(max_examples=100, deadline=None, database=None)
    @hyp.given(st.lists(st.integers(0, 3), max_size=3), st.data())
    def run(shape, data):
        a, n = arange(tuple(shape), data.draw(st.sampled_from(["int32", "float64", "complex64"])))
        reps = data.draw(st.integers(0, 3) | st.lists(st.integers(0, 3), max_size=4).map(tuple))
        assert outcome(lambda: nh.tile(a, reps)) == outcome(lambda: np.tile(n, reps)), (shape, reps)

    run()
