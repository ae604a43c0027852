"""numpy_hpy's HPy C API, used the way a downstream C extension uses it.

examples/capi_c/capi_demo.c is compiled here as an HPy universal binary
against the installed package's header (numpy_hpy.get_include()) and HPy's
own headers and helper sources (third_party/hpy-0.9.0: what hpy.devel builds
a universal extension from), then loaded with the core's loader in the same
HPy mode. Every test also runs under HPy debug mode with the leak check.
"""

import os
import shutil
import subprocess
import sys

import pytest

import hpy_testing
import numpy_hpy as nh
from numpy_hpy import _loader

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.path.join(ROOT, "examples", "capi_c", "capi_demo.c")
HPY_DEVEL = os.path.join(ROOT, "third_party", "hpy-0.9.0", "hpy", "devel")
# hpy.devel's extra sources of a universal extension (HPyDevel.get_extra_sources).
HPY_HELPERS = ["argparse.c", "buildvalue.c", "format.c", "helpers.c", "structseq.c"]


def np_():
    return pytest.importorskip("numpy")


def build(out_dir, header_dir=None):
    """Compile the example into ``out_dir/capi_demo.hpy0.so``; its path."""
    cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("no C compiler")
    out = os.path.join(str(out_dir), "capi_demo.hpy0.so")
    sources = [EXAMPLE] + [os.path.join(HPY_DEVEL, "src", "runtime", s) for s in HPY_HELPERS]
    cmd = [cc, "-shared", "-fPIC", "-O1", "-std=gnu11", "-Wall", "-Werror", "-DHPY_ABI_UNIVERSAL",
           "-I" + os.path.join(HPY_DEVEL, "include"), "-I" + (header_dir or nh.get_include()),
           "-o", out] + sources
    proc = subprocess.run(cmd, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return _loader.load_extension("capi_demo", build(tmp_path_factory.mktemp("capi")))


def test_the_example_builds_with_hpy_devels_setuptools_support(tmp_path):
    # What a downstream project runs: setup.py with hpy_ext_modules, as an
    # HPy universal binary (hpy.devel registers the keyword where the hpy
    # distribution is installed: CPython; PyPy's built-in hpy has no
    # distribution metadata, so setuptools does not know the keyword there).
    pytest.importorskip("setuptools")
    pytest.importorskip("hpy.devel")
    if sys.implementation.name != "cpython":
        pytest.skip("hpy_ext_modules is registered by the hpy distribution (CPython)")
    for name in ("capi_demo.c", "setup.py"):
        shutil.copy(os.path.join(ROOT, "examples", "capi_c", name), str(tmp_path))
    proc = subprocess.run([sys.executable, "setup.py", "-q", "--hpy-abi=universal", "build_ext", "--inplace"],
                          cwd=str(tmp_path), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    so = tmp_path / "capi_demo.hpy0.so"
    assert so.is_file()
    code = ("from numpy_hpy import _loader\n"
            "m = _loader.load_extension('capi_demo', %r)\n"
            "print(m.make_range(3).tolist(), int(m.scaled_add(1, 2)))\n" % str(so))
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[0.0, 0.5, 1.0] 5"


@pytest.mark.smoke
def test_the_header_ships_with_the_package():
    path = os.path.join(nh.get_include(), "numpy_hpy", "hpy_arrayobject.h")
    with open(path) as f:
        text = f.read()
    assert "import_numpy_hpy" in text and "HPyArray_API_t" in text
    assert type(nh._core._HPY_ARRAY_API).__name__ == "PyCapsule"


def test_the_table_it_imported(demo):
    major, minor, size = demo.version()
    assert (major, minor) == (1, 0)
    assert size == 48 + 8 * 60  # API 1.0: the header and 60 slots


def test_simple_new_and_data(demo):
    a = demo.make_range(5)
    assert type(a) is nh.ndarray and a.dtype == nh.float64
    assert a.tolist() == [0.0, 0.5, 1.0, 1.5, 2.0]
    assert demo.make_range(0).shape == (0,)


def test_from_any_and_get_info(demo):
    np = np_()
    assert demo.weighted_sum([[1, 2], [3, 4]]) == 17.0
    assert demo.weighted_sum(nh.arange(6.0)[::2]) == 16.0
    assert demo.weighted_sum(nh.arange(6, dtype="i4").reshape(2, 3).T) == 1 * (0 + 3) + 2 * (1 + 4) + 3 * (2 + 5)
    for bad, exc, msg in [(5, ValueError, "object of too small depth for desired array"),
                          ([[[1.0]]], ValueError, "object too deep for desired array")]:
        with pytest.raises(exc, match=msg):
            demo.weighted_sum(bad)
    # the same facts as NumPy's for the same layouts
    for make in (lambda m: m.arange(12, dtype="i4").reshape(3, 4)[:, ::2],
                 lambda m: m.ones((2, 3), dtype="f4").T,
                 lambda m: m.zeros(()),
                 lambda m: m.arange(10, dtype="u1")[::-3]):
        ours, theirs = make(nh), make(np)
        ndim, type_num, flags, itemsize, size, shape, strides, same = demo.info(ours)
        assert same == 1
        assert (ndim, itemsize, size, shape, strides) == (
            theirs.ndim, theirs.itemsize, theirs.size, theirs.shape, theirs.strides)
        assert type_num == theirs.dtype.num
        want = (theirs.flags.c_contiguous * 0x1 | theirs.flags.f_contiguous * 0x2 | theirs.flags.owndata * 0x4
                | theirs.flags.aligned * 0x100 | theirs.flags.writeable * 0x400)
        assert flags == want


def test_memory_handed_over_is_owned_and_freed(demo):
    for n in (0, 1, 1000):
        a = demo.owned(n)
        assert a.dtype == nh.int32 and a.tolist() == [i * i for i in range(n)]
        assert a.flags.owndata and a.flags.writeable and a.base is None
        v = a[1:]
        del a
        assert v.tolist() == [i * i for i in range(1, n)]  # the view keeps it alive
        del v


def test_a_view_over_another_arrays_memory(demo):
    owner, view = demo.shared(3)
    assert view.base is owner and not view.flags.owndata
    view[1] = 7.0
    assert owner.tolist() == [0.0, 7.0, 0.0]
    del owner
    assert view.base.tolist() == [0.0, 7.0, 0.0]


def test_writing_through_data(demo):
    x = nh.arange(4.0)
    demo.double_it(x)
    assert x.tolist() == [0.0, 2.0, 4.0, 6.0]
    with pytest.raises(TypeError, match="C-contiguous float64"):
        demo.double_it(nh.ones(4)[::2])
    r = nh.ones(3)
    r.flags.writeable = False
    with pytest.raises(ValueError, match="array given to double_it is read-only"):
        demo.double_it(r)
    with pytest.raises(TypeError, match="not a numpy_hpy.ndarray"):
        demo.double_it([1.0])


def test_converters(demo):
    assert demo.convert((2, 3), None, "F") == ((2, 3), -(2**31), 1)
    assert demo.convert(5, -1, None) == ((5,), -1, 2)
    assert demo.convert([], 3, "a") == ((), 3, -1)
    with pytest.raises(TypeError, match="expected a sequence of integers or a single integer, got '1.5'"):
        demo.convert(1.5, 0, "C")
    with pytest.raises(TypeError, match="'str' object cannot be interpreted as an integer"):
        demo.convert("x", 0, "C")
    with pytest.raises(TypeError, match=r"Use \(\) not None as shape arguments"):
        demo.convert(None, 0, "C")
    with pytest.raises(ValueError, match="maximum supported dimension for an ndarray is currently 64, found 65"):
        demo.convert([1] * 65, 0, "C")
    with pytest.raises(TypeError, match="an integer is required for the axis"):
        demo.convert((1,), 1.5, "C")
    with pytest.raises(ValueError, match=r"order must be one of 'C', 'F', 'A', or 'K' \(got 'X'\)"):
        demo.convert((1,), 0, "X")


def test_dtype_functions(demo):
    np = np_()
    promoted, safe, same_kind, equiv, is_descr = demo.dtypes()
    assert promoted == nh.dtype(str(np.promote_types("i4", "f4")))
    assert safe == np.can_cast("i4", "f4", "safe") and same_kind == np.can_cast("f4", "i4", "same_kind")
    assert (equiv, is_descr) == (1, 1)


def test_shape_functions(demo):
    assert demo.reshaped(nh.arange(6)).tolist() == [0, 1, 2, 3, 4, 5]
    with pytest.raises(ValueError, match="cannot reshape array of size 5 into shape"):
        demo.reshaped(nh.arange(5))


def test_checks(demo):
    assert demo.checks(nh.ones(2)) == (1, 1, 0, 0)
    assert demo.checks(nh.float64(1)) == (0, 0, 0, 1)
    assert demo.checks(nh.dtype("f8")) == (0, 0, 1, 0)
    assert demo.checks([1]) == (0, 0, 0, 0)


def test_errors_are_python_exceptions(demo):
    with pytest.raises(ValueError, match="negative dimensions are not allowed"):
        demo.bad(0)
    with pytest.raises(ValueError, match="Invalid data-type for array"):
        demo.bad(1)
    with pytest.raises(TypeError, match="not a numpy_hpy.ndarray"):
        demo.bad(2)
    assert demo.bad(3).shape == ()


def test_an_extension_built_for_another_abi_refuses_to_import(tmp_path):
    # The demo built against a header of ABI 2: import_numpy_hpy must fail
    # with NumPy-style ImportError text, not crash or misread the table.
    src = os.path.join(nh.get_include(), "numpy_hpy", "hpy_arrayobject.h")
    inc = tmp_path / "inc" / "numpy_hpy"
    inc.mkdir(parents=True)
    with open(src) as f:
        text = f.read()
    assert "#define NUMPY_HPY_ABI_MAJOR 1\n" in text
    (inc / "hpy_arrayobject.h").write_text(text.replace("#define NUMPY_HPY_ABI_MAJOR 1\n", "#define NUMPY_HPY_ABI_MAJOR 2\n"))
    so = build(tmp_path, header_dir=str(tmp_path / "inc"))
    code = (
        "import numpy_hpy\n"
        "from numpy_hpy import _loader\n"
        "try:\n"
        "    _loader.load_extension('capi_demo', %r)\n"
        "except ImportError as e:\n"
        "    print('ImportError:', e)\n" % so
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, HPY=os.environ.get("HPY", "universal")))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == (
        "ImportError: module compiled against numpy_hpy ABI version 0x2 but this version of numpy_hpy is 0x1")


# -- the Rust side: examples/capi_rust on the capsule crate's Api ------------


@pytest.fixture(scope="module")
def rust_demo():
    so = os.path.join(os.path.dirname(hpy_testing.path()), "capi_rust_demo.hpy0.so")
    if not os.path.isfile(so):
        msg = "%s is missing (cargo build --release -p capi-rust-demo)" % so
        if os.environ.get("NUMPY_HPY_REQUIRE_INSTALLED", "") not in ("", "0"):
            raise RuntimeError(msg)
        pytest.skip(msg)
    return _loader.load_extension("capi_rust_demo", so)


def test_rust_extension_reads_converted_input(rust_demo):
    assert rust_demo.sum_squares([1, 2, 3]) == 14.0
    assert rust_demo.sum_squares(nh.arange(5)[::2]) == 20.0
    with pytest.raises(ValueError, match="object too deep for desired array"):
        rust_demo.sum_squares([[1.0]])


def test_rust_extension_writes_new_and_given_arrays(rust_demo):
    r = rust_demo.ramp(4)
    assert r.dtype == nh.int64 and r.tolist() == [0, 3, 6, 9]
    x = nh.arange(6.0)[::2]
    rust_demo.scale(x, 2.5)
    assert x.tolist() == [0.0, 5.0, 10.0]
    ro = nh.ones(2)
    ro.flags.writeable = False
    with pytest.raises(ValueError, match="array given to scale is read-only"):
        rust_demo.scale(ro, 2.0)


def test_rust_extension_hands_memory_over(rust_demo):
    for n in (0, 5, 10000):
        a = rust_demo.owned(n)
        assert a.flags.owndata and a.size == n
        assert a[:3].tolist() == [i / 4.0 for i in range(min(n, 3))]
        del a


# -- ufuncs of C loops (HPyUFunc_FromFuncAndData) ------------------------------


def test_a_ufunc_of_c_loops_has_ufunc_attributes(demo):
    u = demo.scaled_add
    assert type(u) is type(nh.add) and repr(u) == "<ufunc 'scaled_add'>"
    assert (u.__name__, u.nin, u.nout, u.nargs, u.ntypes, u.identity) == ("scaled_add", 2, 1, 3, 2, 0)
    assert u.types == ["ll->l", "dd->d"]
    assert u.__doc__ == (
        "scaled_add(x1, x2, /, out=None, *, where=True, casting='same_kind', order='K', dtype=None, "
        "subok=True[, signature])\n\nx1 + 2 * x2, elementwise (a ufunc of C loops).")


def test_a_ufunc_of_c_loops_computes_like_a_ufunc(demo):
    np = np_()
    u = demo.scaled_add

    def expect(x, y):
        return np.add(x, np.multiply(2, y))

    for x, y in [(np.arange(4), 10), (np.arange(4.0), np.ones((2, 1))), (np.arange(6, dtype="i4").reshape(2, 3), np.arange(3)),
                 (np.arange(10.0)[::3], np.arange(4.0)[::-1])]:
        got = u(nh.asarray(x), nh.asarray(y) if isinstance(y, np.ndarray) else y)
        want = expect(x, y)
        assert str(got.dtype) == str(want.dtype.name if want.dtype != np.int32 else "int64")
        assert got.tolist() == want.tolist()
    assert u(nh.arange(3, dtype="f4"), 1).dtype == nh.float64  # the dd->d loop
    assert u(1, 2) == 5 and type(u(1, 2)) is nh.int64
    o = nh.zeros(3)
    assert u(nh.ones(3), 1, out=o) is o and o.tolist() == [3.0, 3.0, 3.0]
    w = u(nh.arange(3.0), 1, where=nh.array([True, False, True]), out=nh.full(3, -1.0))
    assert w.tolist() == [2.0, -1.0, 4.0]
    assert u.reduce(nh.arange(4)) == 12 and u.accumulate(nh.arange(4.0)).tolist() == [0.0, 2.0, 6.0, 12.0]
    assert u.reduce(nh.zeros((0,), dtype="i8")) == 0  # the identity
    with pytest.raises(TypeError, match="ufunc 'scaled_add' not supported for the input types"):
        u(nh.ones(2, dtype="c16"), 1)
    with pytest.raises(ValueError, match="operands could not be broadcast together"):
        u(nh.ones(2), nh.ones(3))


def test_a_ufunc_named_like_numpys_gets_none_of_its_rules(demo):
    # registered as "scaled_add"; resolution by name (add's int promotion in
    # reductions) must not apply: int32 sums reduce in the int64 loop anyway.
    assert demo.scaled_add.reduce(nh.arange(3, dtype="i4")).dtype == nh.int64


def test_calling_a_ufunc_through_the_c_api(demo):
    out = nh.zeros(2)
    r = demo.call_add(nh.ones(2), 2, out)
    assert r is out and out.tolist() == [3.0, 3.0]


# -- the iterator (HNpyIter_*) ---------------------------------------------------


def test_the_iterator_broadcasts_casts_and_allocates(demo):
    np = np_()
    for x, y in [(np.arange(4), np.ones(4)), (np.arange(6, dtype="i4").reshape(2, 3), np.arange(3.0)),
                 (np.arange(6.0).reshape(2, 3).T, 1), (np.arange(12.0)[::-2], np.float32(0.5)),
                 (np.ones((0, 3)), 1)]:
        got = demo.axpy(2.0, nh.asarray(x), nh.asarray(y) if isinstance(y, np.ndarray) else y)
        want = 2.0 * x.astype("f8") + y
        assert got.dtype == nh.float64 and got.shape == want.shape
        assert got.tolist() == want.tolist()
    with pytest.raises(ValueError, match=r"operands could not be broadcast together with shapes \(2,\) \(3,\) "):
        demo.axpy(1.0, nh.ones(2), nh.ones(3))
    with pytest.raises(TypeError, match=r"Iterator operand 0 dtype could not be cast from dtype\('complex128'\) "
                                        r"to dtype\('float64'\) according to the rule 'safe'"):
        demo.axpy(1.0, nh.ones(2, dtype="c16"), nh.ones(2))


@pytest.mark.parametrize("order", [-1, 0, 1, 2])
def test_the_iterator_walks_in_the_order_asked_and_coalesces(demo, order):
    np = np_()
    a = np.arange(24.0).reshape(2, 3, 4)
    for arr in (a, a.T, a[:, ::2], a[..., ::-1], np.float64(3.0)):
        runs, seen, first = demo.runs(nh.asarray(arr), order)
        it = np.nditer(arr, flags=["external_loop"], order="CFKA"[order])
        sizes = [len(x) for x in it]
        assert (runs, seen, first) == (len(sizes), arr.size, sizes[0]), (arr.shape, arr.strides, order)
    with pytest.raises(ValueError, match="Iteration of zero-sized operands is not enabled"):
        demo.runs(nh.ones((0, 2)), 0)


def test_numpys_macro_spellings(demo):
    src = [[1.5, 2.5], [3.5, 4.5]]
    a, b, d, r, s, writeable = demo.spellings(src)
    assert a.dtype == nh.int32 and a.tolist() == [[1, 2], [3, 4]] and a.flags.c_contiguous
    assert b.dtype == nh.float64 and b.tolist() == src
    assert d == nh.float64
    assert r.shape == (2, 2) and r.tolist() == [[1, 2], [3, 4]]
    assert type(s) is nh.int32 and s == 1
    assert writeable == 0 and not a.flags.writeable


def test_rust_extension_registers_a_ufunc_and_iterates(rust_demo):
    np = np_()
    u = rust_demo.clamp_add
    assert (u.__name__, u.types, u.identity) == ("clamp_add", ["dd->d"], None)
    assert u(nh.arange(5.0) * 30, 10).tolist() == [10.0, 40.0, 70.0, 100.0, 100.0]
    assert u(nh.arange(3, dtype="i4"), nh.ones((2, 1))).tolist() == [[1.0, 2.0, 3.0]] * 2
    a, w = np.arange(12.0).reshape(3, 4), np.array([1.0, 2.0, 3.0, 4.0])
    assert rust_demo.weighted_mean(nh.asarray(a), nh.asarray(w)) == pytest.approx(
        float((a * w).sum() / np.broadcast_to(w, a.shape).sum()))
    assert rust_demo.weighted_mean(nh.arange(6, dtype="i4")[::-1], 2) == 2.5
    with pytest.raises(ValueError, match="operands could not be broadcast together"):
        rust_demo.weighted_mean(nh.ones(2), nh.ones(3))
