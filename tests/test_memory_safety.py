"""Views outlive the arrays (and buffers, and DLPack capsules) that made them,
and lists read or built in place stay sound, without use-after-free: the
scenario runs under valgrind (CPython, PYTHONMALLOC=malloc so that every
object is a heap block valgrind tracks), which must report no invalid read or
write and no error inside numpy_hpy's binary. CPython's own noise (reads of
uninitialised bytes in int.from_bytes at import) is not ours and is ignored."""

import os
import re
import shutil
import subprocess
import sys
import textwrap

import pytest

SCENARIO = textwrap.dedent(
    """
    import gc
    import numpy_hpy as nh
    a = nh.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    v = a[:, ::-1].T
    w = v[1:]
    del a, v
    gc.collect()
    assert w.tolist() == [[2.0, 5.0], [1.0, 4.0]], w.tolist()
    m = memoryview(w.base)
    del w
    gc.collect()
    assert m.tolist() == [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    m.release()
    b = nh.zeros((100,), dtype="c16")
    b[::3] = 1j
    s = repr(b[::7])
    c = b[[1, 2, 3]]
    t = b.reshape((10, 10)).T[2] if hasattr(b, "reshape") else b[2::10]
    del b
    gc.collect()
    assert c.tolist() == [0j, 0j, 1j] and len(s) > 10
    # Buffers viewed in place outlive their sources (the pinning memoryview
    # keeps the memory alive).
    src = bytearray(range(16))
    f = nh.frombuffer(src, dtype="u2")[::-1]
    g = nh.asarray(memoryview(bytes(range(8))).cast("i"))
    h = nh.ndarray((2,), dtype="i2", buffer=bytearray(4), offset=0)
    del src
    gc.collect()
    assert f.tolist()[0] == 0x0F0E and g.tolist() == [0x03020100, 0x07060504]
    h[1] = -1
    assert h.tolist() == [0, -1]
    del f, g, h
    gc.collect()
    # Lists read in place (nested, mixed) and lists built by stealing
    # references, then freed.
    xs = [[float(i), i, True] for i in range(300)]
    arr = nh.array(xs)
    del xs
    gc.collect()
    back = arr.tolist()
    assert back[299] == [299.0, 299.0, 1.0]
    del arr, back
    gc.collect()
    ys = nh.arange(50, dtype="i8").reshape(5, 10).T.tolist()
    assert ys[9][4] == 49
    # A list that shrinks while it is read.
    outer = []
    class Shrinker:
        def __array__(self, dtype=None, copy=None):
            del outer[1:]
            return nh.array([1.0, 2.0])
    outer.extend([Shrinker(), [3.0, 4.0], [5.0, 6.0]])
    try:
        nh.array(outer)
    except (RuntimeError, IndexError):
        pass
    del outer
    gc.collect()
    # DLPack: our capsule imported back, the view outliving the source.
    d = nh.from_dlpack(nh.arange(6.0).reshape(2, 3))[:, 1]
    gc.collect()
    assert d.tolist() == [1.0, 4.0]
    del d
    gc.collect()
    print("scenario ok")
    """
)


@pytest.mark.skipif(sys.implementation.name != "cpython", reason="valgrind run on CPython only")
@pytest.mark.skipif(shutil.which("valgrind") is None, reason="valgrind is not installed")
@pytest.mark.skipif(os.environ.get("HPY", "") != "", reason="run once, in universal mode")
def test_views_outlive_their_arrays_under_valgrind(tmp_path):
    script = tmp_path / "scenario.py"
    script.write_text(SCENARIO)
    # Array buffers from the system allocator too: valgrind sees mimalloc's
    # pages as one mapped block and could not check them.
    env = dict(os.environ, PYTHONMALLOC="malloc", NUMPY_HPY_SYSTEM_ALLOCATOR="1")
    proc = subprocess.run(
        ["valgrind", "--errors-for-leak-kinds=none", "--num-callers=40", sys.executable, str(script)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "scenario ok" in proc.stdout
    report = proc.stderr
    assert not re.search(r"Invalid (read|write|free)", report), report[-5000:]
    # Every error record valgrind prints must stay out of our binary.
    records = re.split(r"\n==\d+== ?\n", report)
    ours = [r for r in records if re.search(r"==\d+== (Invalid|Use of|Conditional|Syscall|Mismatched|Source and destination)", r) and "_core.hpy0.so" in r]
    assert ours == [], "\n\n".join(ours)[-5000:]
