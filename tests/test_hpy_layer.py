"""The `hpy` safe layer, exercised for real through the test extension `_testing`
(tests/hpy_testing.py):
every calling convention, the slot kinds, a vectorcall type, a metaclass, a
float subclass, HPyGlobal, capsules and HPyField + tp_traverse.

Runs unchanged on CPython (universal and HPy debug mode) and PyPy 3.11."""

import gc
import sys
import weakref

import pytest

import numpy_hpy

import hpy_testing

t = hpy_testing.load()

pytestmark = pytest.mark.smoke

IS_PYPY = sys.implementation.name == "pypy"


def collect():
    # PyPy's GC needs a few passes to finalise everything in a cycle.
    for _ in range(3):
        gc.collect()


# ---- calling conventions ---------------------------------------------------


def test_noargs():
    assert t.noargs() is None
    with pytest.raises(TypeError):
        t.noargs(1)


def test_o():
    obj = object()
    assert t.o(obj) is obj
    with pytest.raises(TypeError):
        t.o()
    with pytest.raises(TypeError):
        t.o(1, 2)


def test_varargs():
    assert t.varargs() == ()
    assert t.varargs(1, "a", None) == (1, "a", None)
    with pytest.raises(TypeError):
        t.varargs(x=1)


def test_keywords_vectorcall_layout():
    assert t.keywords() == ((), None, ())
    assert t.keywords(1, 2) == ((1, 2), None, ())
    assert t.keywords(1, b=2, c=3) == ((1,), ("b", "c"), (2, 3))
    assert t.keywords(**{"x": 1}) == ((), ("x",), (1,))


# ---- module state, globals, capsules ---------------------------------------


def test_cpu_features_from_module_state():
    feats = numpy_hpy._core._cpu_features()
    assert isinstance(feats, tuple)
    assert all(isinstance(f, str) for f in feats)


def test_global_cached_object_is_the_same():
    a = t.cached()
    assert a == ("cached", "once")
    assert a is t.cached()


def test_capsule_roundtrip():
    assert t.capsule_roundtrip(7) == 7
    assert t.capsule_roundtrip(-(2**63)) == -(2**63)
    with pytest.raises(OverflowError):
        t.capsule_roundtrip(2**70)
    cap = t.make_capsule("hello")
    assert t.read_capsule(cap) == "hello"
    del cap
    collect()


def test_capsule_wrong_object():
    with pytest.raises((ValueError, TypeError)):
        t.read_capsule(object())


# ---- errors and the panic boundary -----------------------------------------


def test_panic_becomes_system_error():
    with pytest.raises(SystemError, match="deliberate panic"):
        t.panic(None)
    # The interpreter is still fine afterwards.
    assert t.noargs() is None


# ---- tp_call (vectorcall) ----------------------------------------------------


def test_caller_tp_call():
    c = t.Caller(10)
    assert c(5) == 15
    assert c(-10) == 0
    with pytest.raises(TypeError):
        c()
    with pytest.raises(TypeError):
        c(1, x=2)
    with pytest.raises(OverflowError):
        t.Caller(2**63 - 1)(1)
    with pytest.raises(TypeError):
        t.Caller()


def test_types_with_data_are_final():
    # Python subclasses of pure HPy types holding data are broken on every
    # HPy 0.9 runtime (wrong payload on CPython, finaliser abort on PyPy), so
    # such types are not BASETYPE. CPython refuses the subclass itself; PyPy
    # creates it, and the layer then refuses to instantiate it.
    for base, args in ((t.Caller, (1,)), (t.FieldBox, (None,)), (t.Buf, (1.0,))):
        if IS_PYPY:
            Sub = type("Sub", (base,), {})
            with pytest.raises(TypeError, match="subclasses of .* are not supported"):
                Sub(*args)
        else:
            with pytest.raises(TypeError, match="not an acceptable base type"):
                type("Sub", (base,), {})
    collect()


def test_float_subclass_is_subclassable():
    class Sub(t.MyFloat):
        pass

    s = Sub(2.5)
    assert isinstance(s, t.MyFloat) and s == 2.5 and s.doubled == 5.0
    del s
    collect()


# ---- metaclass -------------------------------------------------------------


def test_metaclass():
    W = t.WithMeta
    assert type(W) is t.Meta
    assert isinstance(t.Meta, type)
    assert issubclass(t.Meta, type)
    assert W.tag == 42
    W.tag = 7
    assert W.tag == 7
    W.tag = 42
    assert isinstance(W(), W)
    with pytest.raises(TypeError):
        W(1)


# ---- float subclass ---------------------------------------------------------


def test_float_subclass():
    f = t.MyFloat(1.5)
    assert isinstance(f, float)
    assert f == 1.5
    assert f + 1 == 2.5
    assert hash(f) == hash(1.5)
    assert repr(f) == "MyFloat(1.5)"
    assert f.doubled == 3.0
    g = t.make_float(2.25)
    assert type(g) is t.MyFloat and g == 2.25
    with pytest.raises((TypeError, ValueError)):
        t.MyFloat("x")


# ---- HPyField + tp_traverse -----------------------------------------------


def test_field_box_holds_object():
    item = [1, 2]
    b = t.FieldBox(item)
    assert b.item is item
    b.item = "other"
    assert b.item == "other"


def test_field_keeps_object_alive():
    class X:
        pass

    x = X()
    wr = weakref.ref(x)
    b = t.FieldBox(x)
    del x
    collect()
    assert wr() is not None
    del b
    collect()
    assert wr() is None


def test_field_cycle_is_collected():
    class X:
        pass

    x = X()
    b = t.FieldBox(x)
    x.back = b
    wr = weakref.ref(x)
    del x, b
    collect()
    assert wr() is None


# ---- number / sequence / mapping / compare / hash / buffer slots -----------


def test_buf_slots():
    b = t.Buf(1.0, 2.0, 3.0)
    assert repr(b) == "Buf(1.0, 2.0, 3.0)"
    assert str(b) == "[1.0 2.0 3.0]"
    assert len(b) == 3
    assert b[0] == 1.0 and b[-1] == 3.0
    b[1] = 5.0
    assert b[1] == 5.0
    assert 5.0 in b and 7.0 not in b
    assert bool(b) and not bool(t.Buf(0.0))
    assert (b + 1.0) == t.Buf(2.0, 6.0, 4.0)
    assert (1.0 + b) == t.Buf(2.0, 6.0, 4.0)
    assert (b + b) == t.Buf(2.0, 10.0, 6.0)
    assert -b == t.Buf(-1.0, -5.0, -3.0)
    assert b != t.Buf(1.0)
    assert hash(b) == hash(t.Buf(1.0, 5.0, 3.0))
    assert b.size == 3
    assert b.total == 9.0
    with pytest.raises(AttributeError):
        b.size = 4


def test_buf_errors():
    b = t.Buf(1.0)
    with pytest.raises(IndexError, match="index 3 is out of bounds for axis 0 with size 1"):
        b[3]
    with pytest.raises(TypeError):
        b["x"]
    with pytest.raises(ValueError):
        b + t.Buf(1.0, 2.0)
    with pytest.raises(TypeError):
        b + "s"
    with pytest.raises(ValueError):
        del b[0]
    assert b.__lt__(b) is NotImplemented


def test_buffer_protocol_zero_copy():
    b = t.Buf(1.0, 2.0)
    m = memoryview(b)
    assert m.format == "d"
    assert m.itemsize == 8
    assert m.shape == (2,)
    assert m.strides == (8,)
    assert not m.readonly
    assert m.tolist() == [1.0, 2.0]
    m[0] = 9.0
    assert b[0] == 9.0
    m.release()


def test_buffer_outlives_owner_name():
    m = memoryview(t.Buf(4.0, 5.0))
    collect()
    assert m.tolist() == [4.0, 5.0]
    m.release()


def test_buffer_with_numpy():
    np = pytest.importorskip("numpy")
    b = t.Buf(1.0, 2.0, 3.0)
    a = np.asarray(b)
    assert a.dtype == np.float64
    assert a.tolist() == [1.0, 2.0, 3.0]
    a[2] = 7.0
    assert b[2] == 7.0
    del a


def test_getter_and_setter_errors_raise_on_every_runtime():
    # PyPy 7.3.19's HPy drops them (the layer re-raises them there through
    # properties calling _hpy_raise_pending); nothing stays pending after.
    import numpy_hpy as nh

    a = nh.zeros(4)
    for _ in range(3):
        with pytest.raises(ValueError, match=r"cannot reshape array of size 4 into shape \(3,\)"):
            a.shape = (3,)
        assert a.shape == (4,)
        with pytest.raises(ValueError, match="matrix transpose with ndim < 2 is undefined"):
            a.mT
        with pytest.raises(AttributeError):
            del a.shape
        # Read-only attributes refuse assignment (PyPy's own read-only HPy
        # getset aborts the process there; the layer's property raises).
        with pytest.raises(AttributeError):
            a.ndim = 3
        with pytest.raises(AttributeError):
            nh.dtype("f8").itemsize = 4
    a.shape = (2, 2)
    assert a.mT.shape == (2, 2) and a.T.tolist() == [[0.0, 0.0], [0.0, 0.0]]
    assert nh._core._hpy_raise_pending() is None
    assert type(nh.ndarray.__dict__["shape"]).__name__ in ("getset_descriptor", "property")


# ---- HPy debug mode's context-validity flag ----------------------------------

# A garbage collection that starts inside tolist() (its lists are GC objects)
# and traverses more than 16 of our arrays makes hpy 0.9.0's CPython debug mode
# hand the running call's context to a tp_traverse trampoline, which leaves it
# marked invalid: the call's next API use aborted the process with "Error: Wrong
# HPy Context!" until the layer re-validated the context of a running call.
GC_DURING_CALL = """
import gc, numpy_hpy as nh
if hasattr(gc, "set_threshold"):  # CPython; PyPy collects on its own schedule
    gc.set_threshold(30)
for i in range(200):
    keep = [nh.zeros(1) for _ in range(40)]
    rows = nh.zeros((200, 2)).tolist()
    assert len(rows) == 200 and rows[0] == [0.0, 0.0]
    nested = nh.array([[float(j), 1.0] for j in range(50)])
    assert nested.shape == (50, 2)
print("gc during calls ok")
"""


@pytest.mark.parametrize("mode", ["universal", "debug"])
def test_gc_during_a_call_keeps_the_context_valid(mode, tmp_path):
    import os
    import subprocess

    script = tmp_path / "gc_during_call.py"
    script.write_text(GC_DURING_CALL)
    env = dict(os.environ, HPY=mode)
    env.pop("NUMPY_HPY_LEAK_CHECK", None)
    proc = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=300, cwd=str(tmp_path)
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "gc during calls ok" in proc.stdout


def test_exports_released_by_the_gc_free_nothing_foreign():
    # Memoryviews never released explicitly: the runtime releases each export
    # when the view dies. PyPy 7.3.19 hands bf_releasebuffer a view whose
    # `internal` is garbage; freeing it crashed the suite now and then.
    keep = []
    for i in range(3000):
        m = memoryview(t.Buf(float(i), 2.0))
        if i % 100 == 0:
            keep.append(m)
        m = memoryview(numpy_hpy.arange(4.0))
    collect()
    assert [m.tolist()[0] for m in keep] == [float(i) for i in range(0, 3000, 100)]
    junk = [bytearray(64) for _ in range(20000)]  # reuse of whatever was freed
    collect()
    assert [m.tolist()[0] for m in keep] == [float(i) for i in range(0, 3000, 100)]
    del junk


# ---- uninitialised instances and foreign types in __new__ -------------------

# CPython refuses `object.__new__(T)` for our types and `T.__new__(U)` for a U
# that is not a subtype of T before our code runs; PyPy's HPy does neither (an
# instance without storage: `.shape` on it was a segfault). Every runtime must
# answer TypeError, and freeing such an instance must be harmless.
UNINITIALISED = """
import gc, numpy_hpy as nh

def type_error(f, what):
    try:
        f()
    except TypeError:
        return
    except Exception as e:
        raise AssertionError(f"{what}: {type(e).__name__}: {e}")
    raise AssertionError(f"{what}: no TypeError")

f8 = nh.dtype("f8")
uses = {
    nh.ndarray: [repr, str, len, lambda a: a.shape, lambda a: a[0], lambda a: a.tolist(),
                 lambda a: a + 1, lambda a: a.dtype, lambda a: a.reshape(2), memoryview,
                 lambda a: a.__dlpack__(), lambda a: nh.asarray(a), lambda a: a.copy()],
    nh.dtype: [repr, lambda d: d.itemsize, lambda d: d.kind, lambda d: nh.zeros(2, d)],
    type(f8): [repr, lambda d: d.itemsize],
}
for T, ops in uses.items():
    try:
        x = object.__new__(T)
    except TypeError:
        continue  # refused at once (CPython)
    for i, op in enumerate(ops):
        type_error(lambda: op(x), f"{T.__name__} use {i}")
    del x
    gc.collect()
for T in [nh.float64, nh.int8, nh.bool_, nh.generic]:
    try:
        x = object.__new__(T)
    except TypeError:
        continue
    try:
        repr(x)  # TypeError where the scalar has data; no crash either way
    except TypeError:
        pass
    del x

wrong_new = [
    ("ndarray(dtype)", lambda: nh.ndarray.__new__(nh.dtype, (2,))),
    ("ndarray(int)", lambda: nh.ndarray.__new__(int, (2,))),
    ("ndarray(5)", lambda: nh.ndarray.__new__(5, (2,))),
    ("dtype(ndarray)", lambda: nh.dtype.__new__(nh.ndarray, "f8")),
    ("Float64DType(int)", lambda: type(f8).__new__(int)),
    ("Float64DType(ndarray)", lambda: type(f8).__new__(nh.ndarray)),
    ("float64(int)", lambda: nh.float64.__new__(int, 1.0)),
    ("generic(ndarray)", lambda: nh.generic.__new__(nh.ndarray)),
]
for what, f in wrong_new:
    type_error(f, what)
gc.collect()
print("uninitialised ok")
"""


@pytest.mark.parametrize("mode", ["universal", "debug"])
def test_uninitialised_instances_raise_type_error(mode, tmp_path):
    import os
    import subprocess

    script = tmp_path / "uninitialised.py"
    script.write_text(UNINITIALISED)
    env = dict(os.environ, HPY=mode)
    env.pop("NUMPY_HPY_LEAK_CHECK", None)
    proc = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=300, cwd=str(tmp_path)
    )
    assert proc.returncode == 0, (proc.returncode, proc.stdout[-2000:], proc.stderr[-3000:])
    assert "uninitialised ok" in proc.stdout
