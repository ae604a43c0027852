"""Objects with a buffer (memoryview, bytearray, array.array, bytes) come in
through the buffer protocol: `asarray`/`array` use the buffer's format and
shape as NumPy does, and view the memory in place where NumPy would not copy.
NumPy is the oracle for values, dtypes, shapes and errors."""

import array
import gc
import struct
import sys

import pytest

import numpy_hpy as nh

from test_creation import check

np = pytest.importorskip("numpy", minversion="2.3")

IS_PYPY = sys.implementation.name == "pypy"

RAW = struct.pack("<8d", *[1.5, -2.0, 3.25, 0.0, 1e300, -1e-300, 7.0, 8.0])

ASARRAY_CASES = [
    lambda m: m.asarray(memoryview(b"abcdefgh")),
    lambda m: m.asarray(bytearray(b"\x00\x01\xff")),
    lambda m: m.asarray(memoryview(RAW).cast("d")),
    lambda m: m.asarray(memoryview(RAW).cast("f")),
    lambda m: m.asarray(memoryview(RAW).cast("i")),
    lambda m: m.asarray(memoryview(RAW).cast("I")),
    lambda m: m.asarray(memoryview(RAW).cast("h")),
    lambda m: m.asarray(memoryview(RAW).cast("H")),
    lambda m: m.asarray(memoryview(RAW).cast("q")),
    lambda m: m.asarray(memoryview(RAW).cast("Q")),
    lambda m: m.asarray(memoryview(RAW).cast("l")),
    lambda m: m.asarray(memoryview(RAW).cast("b")),
    lambda m: m.asarray(memoryview(b"\x00\x01\x01").cast("?")),
    lambda m: m.asarray(memoryview(RAW).cast("B", (4, 16))),
    lambda m: m.asarray(memoryview(RAW).cast("d", (2, 2, 2))),
    lambda m: m.asarray(memoryview(RAW).cast("d")[::3]),
    lambda m: m.asarray(memoryview(RAW).cast("d")[::-2]),
    lambda m: m.asarray(memoryview(RAW).cast("d")[5:5]),
    lambda m: m.asarray(memoryview(RAW).cast("d", (2, 4))[::-1]),
    lambda m: m.asarray(array.array("d", [1.5, 2.5])),
    lambda m: m.asarray(array.array("f", [1.5, 2.5])),
    lambda m: m.asarray(array.array("b", [-1, 2])),
    lambda m: m.asarray(array.array("B", [255, 2])),
    lambda m: m.asarray(array.array("h", [-300, 2])),
    lambda m: m.asarray(array.array("H", [65535])),
    lambda m: m.asarray(array.array("i", [-(2**31)])),
    lambda m: m.asarray(array.array("I", [2**32 - 1])),
    lambda m: m.asarray(array.array("l", [-(2**63)])),
    lambda m: m.asarray(array.array("L", [2**64 - 1])),
    lambda m: m.asarray(array.array("q", [5])),
    lambda m: m.asarray(array.array("Q", [5])),
    lambda m: m.asarray(array.array("d")),
    lambda m: m.asarray(memoryview(RAW).cast("d"), dtype=m.int32),
    lambda m: m.asarray(memoryview(RAW).cast("d"), dtype="f4"),
    lambda m: m.asarray(memoryview(RAW).cast("d", (2, 4)), order="F"),
    lambda m: m.array(memoryview(RAW).cast("d")),
    lambda m: m.array(memoryview(RAW).cast("d"), ndmin=3),
    lambda m: m.array(bytearray(b"\x01\x02"), dtype=m.float64),
    lambda m: m.array([memoryview(b"ab"), memoryview(b"cd")]),
    lambda m: m.asarray(memoryview(b"ab").toreadonly()),
]


@pytest.mark.parametrize("case", range(len(ASARRAY_CASES)))
def test_asarray_of_buffers_matches_numpy(case):
    check(ASARRAY_CASES[case])


@pytest.mark.smoke
def test_memoryview_comes_in_without_a_copy():
    src = bytearray(struct.pack("<3d", 1.0, 2.0, 3.0))
    mv = memoryview(src).cast("d")
    a = nh.asarray(mv)
    assert a.dtype == nh.float64 and a.shape == (3,)
    mv[1] = 20.0
    if IS_PYPY:
        # PyPy's bytearray may move its memory while exported: we copy.
        assert a.tolist() == [1.0, 2.0, 3.0] and a.flags.owndata
        return
    assert a.tolist() == [1.0, 20.0, 3.0]
    assert not a.flags.owndata and a.flags.writeable
    a[2] = -1.0
    assert mv[2] == -1.0
    assert isinstance(a.base, memoryview)


def test_readonly_buffers_stay_readonly():
    a = nh.asarray(memoryview(b"\x01\x02"))
    assert not a.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        a[0] = 3
    b = nh.frombuffer(bytearray(4), dtype=nh.uint8)
    assert b.flags.writeable


def test_array_copies_and_asarray_does_not():
    src = bytearray(b"\x01\x02\x03")
    copied = nh.array(src)
    viewed = nh.asarray(src)
    src[0] = 9
    assert copied.tolist() == [1, 2, 3] and copied.flags.owndata
    if not IS_PYPY:
        assert viewed.tolist() == [9, 2, 3]


def test_views_outlive_their_sources():
    v = nh.asarray(memoryview(bytes(range(8))).cast("h"))[::-1]
    w = nh.frombuffer(bytearray(range(8)), dtype=nh.int16)[1:]
    gc.collect()
    assert v.tolist() == np.frombuffer(bytes(range(8)), dtype=np.int16)[::-1].tolist()
    assert w.tolist() == np.frombuffer(bytes(range(8)), dtype=np.int16)[1:].tolist()


UNSUPPORTED = [
    lambda: memoryview(np.zeros(2, dtype=np.float16)),
    lambda: memoryview(bytes(4)).cast("c"),
    lambda: memoryview(bytes(16)).cast("P"),
    lambda: memoryview(np.arange(3, dtype=">i4")),
    lambda: memoryview(np.zeros(2, dtype="f8,i4")),
    lambda: memoryview(np.zeros(2, dtype="U3")),
]


@pytest.mark.parametrize("case", range(len(UNSUPPORTED)))
def test_unsupported_formats_are_clear_errors(case):
    # NumPy reads these (float16, bytes, pointers, big-endian, structured,
    # str); numpy_hpy has no such dtypes yet and says so.
    view = UNSUPPORTED[case]()
    with pytest.raises(TypeError, match="does not support buffers of format"):
        nh.asarray(view)


def test_released_memoryview_is_a_clear_error():
    # NumPy makes an object array holding the released view; numpy_hpy has no
    # object arrays and passes on memoryview's own error.
    mv = memoryview(b"ab")
    mv.release()
    with pytest.raises(ValueError, match="released memoryview"):
        nh.asarray(mv)


def test_nothing_leaks_on_repeated_imports():
    src = bytearray(1024)
    for _ in range(2000):
        nh.asarray(src)
        nh.frombuffer(src, dtype=nh.uint8)
    gc.collect()
    src.extend(b"x")  # every export was released


def test_strided_memoryviews_of_our_arrays_read_every_element_where_it_is():
    # PyPy copies these (its HPy buffers cannot be pinned): its tobytes() of
    # a strided view of an HPy exporter once gave the wrong elements.
    import numpy_hpy as nh

    t = nh.arange(6, dtype="i4").reshape(2, 3)
    for src in (t, t.T, t[:, ::-1], t[::-1], t[:, ::2], t.T[::-1]):
        m = memoryview(src)
        assert nh.asarray(m).tolist() == m.tolist() == src.tolist()
