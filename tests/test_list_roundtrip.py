"""list -> array -> list round trips without NumPy, so they also run on every
CPython the smoke stages cover (3.8-3.12): the in-place list/float readers
and the list-building fast path check their layouts on each interpreter."""

import pytest

import numpy_hpy as nh

CASES = [
    ([1.5, -2.0, 3.25], "float64"),
    ([1, -2, 3], "int64"),
    ([True, False], "bool"),
    ([[1, 2.5], [3, 4]], "float64"),
    ([[[1], [2]], [[3], [4]]], "int64"),
    ([1, 2.5, 1j], "complex128"),
    ([(1, 2), [3, 4]], "int64"),
    ([[], []], "float64"),
    ([2**63], "uint64"),
    ([float("inf"), float("nan")], "float64"),
]


@pytest.mark.smoke
@pytest.mark.parametrize("obj, dtype", CASES, ids=repr)
def test_round_trip(obj, dtype):
    a = nh.array(obj)
    assert a.dtype == nh.dtype(dtype)
    back = a.tolist()
    expected = [list(x) if isinstance(x, tuple) else x for x in obj]
    if dtype == "float64" and obj and obj[0] == float("inf"):
        assert back[0] == float("inf") and back[1] != back[1]
    else:
        assert back == expected


@pytest.mark.smoke
@pytest.mark.parametrize("dtype", ["f8", "i8", "f4", "?", "u1", "c16", "i2"])
def test_tolist_of_views(dtype):
    a = nh.arange(24).reshape(2, 3, 4).astype(dtype)
    v = a[::-1, 1:, ::2]
    assert v.tolist() == [[[a[i, j, k].item() for k in range(0, 4, 2)] for j in range(1, 3)] for i in (1, 0)]
    assert type(v.tolist()[0][0][0]) is type(a[0, 0, 0].item())


@pytest.mark.smoke
def test_large_round_trip():
    xs = [i * 0.5 for i in range(10000)]
    assert nh.array(xs).tolist() == xs
    ns = list(range(-5000, 5000))
    assert nh.array(ns).tolist() == ns
    assert nh.array([xs[:10]] * 3).tolist() == [xs[:10]] * 3
