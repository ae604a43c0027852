"""Indexing (`a[index]`, `a[index] = value`) against real NumPy: basic
indexing gives views, advanced indexing copies, errors match; property tests
with hypothesis (and ndindex, where it installs, as a second oracle for the
result shape)."""

import pytest

import numpy_hpy as nh


def np_():
    return pytest.importorskip("numpy", minversion="2.3")


def outcome(f):
    try:
        r = f()
    except Exception as e:  # noqa: BLE001 - the type is what we compare
        kind = type(e).__name__
        if isinstance(e, IndexError) and isinstance(e, ValueError):
            kind = "AxisError"
        return ("err", kind, str(e))
    if hasattr(r, "shape") and hasattr(r, "tolist"):
        return ("ok", tuple(r.shape), r.dtype.name, r.tolist())
    return ("ok", type(r).__name__, repr(r))


def to_ours(idx):
    np = np_()
    if isinstance(idx, tuple):
        return tuple(to_ours(i) for i in idx)
    if isinstance(idx, np.ndarray):
        return nh.array(idx.tolist(), dtype=idx.dtype.name) if idx.size else nh.array(idx)
    return idx


def pair(shape=(2, 3, 4), dtype="i8"):
    np = np_()
    n = np.arange(int(np.prod(shape)), dtype=dtype).reshape(shape)
    return nh.array(n), n


BASIC = [
    0, -1, 1, (1, 2), (1, 2, 3), (-1, -2, -3), slice(None), slice(None, None, -1), slice(1, None, 2),
    slice(-100, 100), slice(3, 1), (Ellipsis, 1), (1, Ellipsis), (None, 0), (0, None, 1), Ellipsis,
    (slice(None), None, slice(None, None, -2)), (), True, False,
]
ADVANCED = [[0, 1], [[0], [1]], ([0, 1], [1, 2]), (slice(None), [0, 2]), ([0, 1], slice(None), [1, 2]),
            (0, [0, 2], slice(1, 3)), ([0, 1], 0, [1, 2]), [True, False], [], ([1], Ellipsis, [3])]
ERRORS = [2, -3, (0, 0, 0, 0), (Ellipsis, Ellipsis), slice(0, 1, 0), 1.5, "a", [0, 5], ([0, 1], [0, 1, 2]),
          [True, False, True], None if False else (0, 4)]


@pytest.mark.smoke
@pytest.mark.parametrize("idx", BASIC + ADVANCED + ERRORS, ids=repr)
def test_getitem_matches_numpy(idx):
    a, n = pair()
    ours = outcome(lambda: a[to_ours(idx)])
    theirs = outcome(lambda: n[idx])
    assert ours == theirs


@pytest.mark.parametrize("idx", [i for i in BASIC if not isinstance(i, bool)], ids=repr)
def test_basic_indexing_is_a_view(idx):
    np = np_()
    a, n = pair()
    r = a[idx]
    if isinstance(n[idx], np.ndarray):
        assert r.base is a
        assert r.strides == n[idx].strides
        assert not r.flags.owndata


@pytest.mark.parametrize("idx", ADVANCED[:-1], ids=repr)
def test_advanced_indexing_copies(idx):
    # (a scalar boolean index is advanced too: `a[True]` copies)
    a, _ = pair()
    r = a[to_ours(idx)]
    assert r.base is None and r.flags.owndata


def test_scalars_come_back_as_numpy_style_scalars():
    a = nh.array([[1.5, 2.5]], dtype="f4")
    x = a[0, 1]
    assert type(x) is nh.float32 and repr(x) == "np.float32(2.5)"
    assert type(nh.array([1, 2])[0]) is nh.int64
    assert type(nh.array([True])[0]) is nh.bool_


def test_views_see_writes_and_outlive_the_array():
    a = nh.zeros((3, 4))
    v = a[1:, ::2]
    a[2, 2] = 7.0
    assert v.tolist() == [[0.0, 0.0], [0.0, 7.0]]
    del a
    import gc

    gc.collect()
    assert v.tolist() == [[0.0, 0.0], [0.0, 7.0]]
    assert v.base.shape == (3, 4)


SETS = [
    (0, 5), ((1, 2), -1), (slice(None), 9), ((Ellipsis, 0), [1, 2, 3]),
    pytest.param(
        (slice(None), 1),
        [[1], [2], [3]],
        marks=pytest.mark.xfail(
            strict=True,
            reason="value with more dimensions than the target: NumPy says 'setting an array element "
            "with a sequence. The requested array would exceed the maximum number of dimension of 1.', "
            "numpy_hpy 'could not broadcast input array from shape (3,1) into shape (3,)'",
        ),
    ),
    ([0, 2], 4), (([0, 1], [1, 2]), [7, 8]), ([True, False, True], 3), (slice(None, None, -1), [[1, 2, 3, 4]]),
    (0, [1, 2]), ((0, 0), [1, 2]), (slice(0, 2), [[1, 2], [3, 4], [5, 6]]), ([0, 1], [1, 2, 3]),
    (0, 2.7), (0, 1j), ((0, 0), 300),
]


@pytest.mark.parametrize("idx,value", SETS, ids=repr)
@pytest.mark.parametrize("dtype", ["i1", "f8"])
def test_setitem_matches_numpy(idx, value, dtype):
    np = np_()
    import warnings

    a = nh.zeros((3, 4), dtype=dtype)
    n = np.zeros((3, 4), dtype=dtype)

    def run(arr, conv):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            arr[conv(idx)] = value

    ours, theirs = outcome(lambda: run(a, to_ours)), outcome(lambda: run(n, lambda i: i))
    assert ours[:2] == theirs[:2], (ours, theirs)
    if ours[0] == "err":
        assert ours[2] == theirs[2]
    assert a.tolist() == n.tolist()


def test_overlapping_assignment():
    np = np_()
    a, n = pair((10,))
    a[1:] = a[:-1]
    n[1:] = n[:-1]
    assert a.tolist() == n.tolist()


def test_read_only_and_delete():
    a = nh.zeros(3)
    with pytest.raises(ValueError, match="cannot delete array elements"):
        del a[0]


def test_random_indices_match_numpy():
    np = np_()
    hyp = pytest.importorskip("hypothesis")
    st = hyp.strategies

    def index_items(ndim):
        n = 4
        intv = st.integers(-n - 1, n)
        sl = st.builds(slice, st.none() | intv, st.none() | intv, st.none() | st.integers(-3, 3).filter(bool))
        arr = st.lists(st.integers(-n, n - 1), min_size=0, max_size=3).map(lambda v: np.array(v, dtype=np.intp))
        return st.one_of(intv, sl, st.just(Ellipsis), st.just(None), arr)

    @hyp.settings(max_examples=150, deadline=None, database=None)
    @hyp.given(st.lists(st.integers(1, 4), min_size=0, max_size=3), st.data())
    def run(shape, data):
        shape = tuple(shape)
        a, n = pair(shape)
        idx = tuple(data.draw(st.lists(index_items(len(shape)), max_size=4)))
        theirs = outcome(lambda: n[idx])
        ours = outcome(lambda: a[to_ours(idx)])
        if theirs[0] == "err":
            assert ours[0] == "err" and ours[1] in (theirs[1], "IndexError", "ValueError"), (idx, ours, theirs)
        else:
            assert ours == theirs, idx
            try:
                import ndindex
            except ImportError:
                return
            try:
                expected = ndindex.ndindex(idx).newshape(shape)
            except Exception:  # noqa: BLE001 - ndindex may not support every index
                return
            assert ours[1] == tuple(expected) or ours[1] == ()

    run()
