"""The wheel and the loader: what pip installs and what ``import numpy_hpy`` does.

Two wheels are checked with the same tests:

* ``real``: the wheel the test runner built (path in ``NUMPY_HPY_WHEEL``, a
  .whl file or a folder holding one); skipped when the variable is unset;
* ``standin``: one built here by the in-tree backend around a stand-in ELF
  binary (``NUMPY_HPY_CORE_SO``: no cargo), so the backend's archive, RECORD
  and tag logic is checked on every run.

The loader tests at the bottom import ``numpy_hpy`` (installed, or built in
place by ``pip install -e .``) and are skipped only when no built package is
importable at all.
"""

import base64
import csv
import glob
import hashlib
import importlib.util
import io
import os
import platform
import re
import subprocess
import sys
import sysconfig
import zipfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BACKEND_DIR = os.path.join(ROOT, "build_backend")
PKG_SRC = os.path.join(ROOT, "python", "numpy_hpy")
REQUIRES_DIST = (
    'Requires-Dist: hpy==0.9.*; platform_python_implementation == "CPython" and python_version < "3.13"'
)
PLAT_RE = re.compile(r"^manylinux_(\d+)_(\d+)_(\w+)$")
LEGACY = {"manylinux1": (2, 5), "manylinux2010": (2, 12), "manylinux2014": (2, 17)}


def _load_file(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


sys.path.insert(0, BACKEND_DIR)  # as pip's backend-path does: it imports hpy_runtime
backend = _load_file("numpy_hpy_build", os.path.join(BACKEND_DIR, "numpy_hpy_build.py"))
loader = _load_file("_numpy_hpy_loader_under_test", os.path.join(PKG_SRC, "_loader.py"))
SOURCE_VERSION = backend.version()


def _standin_so():
    """Any ELF shared object of this interpreter's stdlib (never loaded)."""
    dynload = sysconfig.get_config_var("DESTSHARED") or ""
    candidates = sorted(glob.glob(os.path.join(dynload, "*.so")))
    for mod in ("_ctypes", "_json", "_struct", "math", "_hpy_universal"):
        try:
            path = getattr(__import__(mod), "__file__", None)
        except ImportError:
            continue
        if path and path.endswith(".so"):
            candidates.append(path)
    if not candidates:
        pytest.skip("no ELF .so in this interpreter's stdlib to stand in for _core")
    return candidates[0]


def _real_wheel():
    path = os.environ.get("NUMPY_HPY_WHEEL")
    if not path:
        pytest.skip("NUMPY_HPY_WHEEL is not set: no wheel from the test runner to inspect")
    if os.path.isdir(path):
        found = glob.glob(os.path.join(path, "numpy_hpy-*.whl"))
        assert len(found) == 1, "expected one numpy_hpy wheel in %s, found %s" % (path, found)
        path = found[0]
    assert os.path.isfile(path), path
    return path


@pytest.fixture(scope="module", params=["real", "standin"])
def wheel(request, tmp_path_factory):
    if request.param == "real":
        return _real_wheel()
    out = tmp_path_factory.mktemp("wheel")
    standin = {"NUMPY_HPY_CORE_SO": _standin_so(), "NUMPY_HPY_CPYTHON313": "none"}
    old = {k: os.environ.get(k) for k in standin}
    os.environ.update(standin)
    try:
        name = backend.build_wheel(str(out))
    finally:
        for k, v in old.items():
            if v is None:
                del os.environ[k]
            else:
                os.environ[k] = v
    return str(out / name)


def _split_name(path):
    base = os.path.basename(path)
    assert base.endswith(".whl")
    parts = base[:-4].split("-")
    assert len(parts) == 5, "no build tag expected: %s" % base
    return parts  # name, version, python tag, abi tag, platform tag


def _glibc_of(platform_tag):
    """{arch: (major, minor)} for every platform in a compressed tag set."""
    out = {}
    for plat in platform_tag.split("."):
        m = PLAT_RE.match(plat)
        if m:
            version, arch = (int(m.group(1)), int(m.group(2))), m.group(3)
        else:
            legacy, _, arch = plat.partition("_")
            assert legacy in LEGACY, "not a manylinux platform tag: %s" % plat
            version = LEGACY[legacy]
        assert out.get(arch, version) == version, "tags disagree: %s" % platform_tag
        out[arch] = version
    return out


def _dist_info(zf):
    names = {n.split("/")[0] for n in zf.namelist() if ".dist-info/" in n}
    assert names == {"numpy_hpy-%s.dist-info" % SOURCE_VERSION}, names
    return names.pop()


def _binaries(zf):
    return sorted(n for n in zf.namelist() if n.endswith((".so", ".pyd", ".dylib")))


def test_the_binaries_are_the_core_and_hpys_runtime_for_cpython_313(wheel, request):
    # The one HPy universal core, and (in wheels built where a CPython 3.13
    # exists, as the test command's are) HPy's runtime rebuilt for 3.13.
    with zipfile.ZipFile(wheel) as zf:
        binaries = _binaries(zf)
        runtime = [n for n in binaries if n.startswith("numpy_hpy/_hpy_cp313/")]
        assert [n for n in binaries if n not in runtime] == ["numpy_hpy/_core.hpy0.so"]
        if request.node.callspec.params["wheel"] == "real" and backend.hpy_runtime.find_python():
            assert [os.path.basename(n) for n in runtime] == [
                "universal.cpython-313-%s-linux-gnu.so" % platform.machine()
            ]
            assert "numpy_hpy/_hpy_cp313/LICENSE" in zf.namelist()
        elif runtime:
            assert len(runtime) == 1
        tops = {n.split("/")[0] for n in zf.namelist()}
        assert tops == {"numpy_hpy", "numpy_hpy-%s.dist-info" % SOURCE_VERSION}
        assert "numpy_hpy/__init__.py" in zf.namelist()
        assert not [n for n in zf.namelist() if "__pycache__" in n or n.endswith(".pyc")]


def test_no_testing_extension_in_the_wheel(wheel):
    # `_testing` (crate hpy-testing) exercises the hpy layer for the test
    # suite only: built from the same commit, never shipped.
    with zipfile.ZipFile(wheel) as zf:
        assert not [n for n in zf.namelist() if "testing" in n]


def test_the_product_binary_holds_no_testing_code():
    # ... and none of it is linked into the core: its function names and
    # messages are absent from the binary.
    with zipfile.ZipFile(_real_wheel()) as zf:
        core = zf.read("numpy_hpy/_core.hpy0.so")
    for marker in (b"_testing", b"deliberate panic", b"parse_mixed", b"hpyarg_", b"kw_noop"):
        assert marker not in core, marker


def test_the_core_has_no_testing_functions():
    core = pytest.importorskip("numpy_hpy")._core
    names = [n for n in dir(core) if "testing" in n]
    assert names == []


def test_tag_is_py3_none_manylinux(wheel):
    name, version, py, abi, plat = _split_name(wheel)
    assert (name, version, py, abi) == ("numpy_hpy", SOURCE_VERSION, "py3", "none")
    glibc = _glibc_of(plat)
    assert len(glibc) == 1 and min(glibc.values()) >= (2, 17), plat
    with zipfile.ZipFile(wheel) as zf:
        text = zf.read(_dist_info(zf) + "/WHEEL").decode("utf-8")
    fields = [line.split(": ", 1) for line in text.splitlines() if line]
    assert ["Root-Is-Purelib", "false"] in fields
    assert ["Wheel-Version", "1.0"] in fields
    tags = sorted(v for k, v in fields if k == "Tag")
    assert tags == sorted("py3-none-" + p for p in plat.split("."))


def test_tag_matches_the_binaries_glibc_needs(wheel, tmp_path):
    needs = []
    with zipfile.ZipFile(wheel) as zf:
        for i, name in enumerate(_binaries(zf)):
            so = tmp_path / ("%d.so" % i)
            so.write_bytes(zf.read(name))
            needs.append(backend.required_glibc(str(so)))
    plat = _split_name(wheel)[4]
    assert set(_glibc_of(plat).values()) == {max(needs)}


def test_metadata(wheel):
    with zipfile.ZipFile(wheel) as zf:
        text = zf.read(_dist_info(zf) + "/METADATA").decode("utf-8")
    headers = text.split("\n\n", 1)[0].splitlines()
    assert headers[0] == "Metadata-Version: 2.1"
    assert "Name: numpy_hpy" in headers
    assert "Version: " + SOURCE_VERSION in headers
    assert "Requires-Python: >=3.8" in headers
    assert REQUIRES_DIST in headers
    assert any(h.startswith("Summary: ") for h in headers)


def test_record_hashes_verify(wheel):
    with zipfile.ZipFile(wheel) as zf:
        record_name = _dist_info(zf) + "/RECORD"
        rows = list(csv.reader(io.StringIO(zf.read(record_name).decode("utf-8"))))
        listed = {}
        for row in rows:
            assert len(row) == 3, row
            listed[row[0]] = row
        assert listed.pop(record_name) == [record_name, "", ""]
        members = [n for n in zf.namelist() if not n.endswith("/") and n != record_name]
        assert sorted(listed) == sorted(members)
        assert len(rows) == len(members) + 1, "duplicate RECORD rows"
        for name, (_, digest, size) in listed.items():
            data = zf.read(name)
            algo, _, b64 = digest.partition("=")
            assert algo == "sha256", digest
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            assert b64 == expected.decode("ascii"), name
            assert int(size) == len(data), name


def test_auditwheel_agrees_with_the_tag(wheel):
    if importlib.util.find_spec("auditwheel") is None:
        pytest.skip("auditwheel is not installed")
    if sys.implementation.name != "cpython":
        # auditwheel itself needs CPython's zlib constants; the CPython stage
        # checks the same wheel file.
        pytest.skip("auditwheel runs on CPython only")
    proc = subprocess.run(
        [sys.executable, "-m", "auditwheel", "show", wheel],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        universal_newlines=True,
    )
    assert proc.returncode == 0, proc.stdout
    text = " ".join(proc.stdout.split())  # auditwheel wraps its lines
    m = re.search(r'consistent with the following platform tag: "([^"]+)"', text)
    assert m, proc.stdout
    audited = _glibc_of(m.group(1))
    ours = _glibc_of(_split_name(wheel)[4])
    assert audited.keys() == ours.keys()
    arch = next(iter(ours))
    # Our tag never claims an older glibc than auditwheel requires.  It may
    # claim a newer one only when floored at 2.17 (Rust std's minimum) for a
    # binary needing less (e.g. a C stand-in, that auditwheel rates 2.5).
    assert ours[arch] >= audited[arch], (ours, proc.stdout)
    if ours[arch] > (2, 17):
        assert ours[arch] == audited[arch], (ours, proc.stdout)


# ------------------------------------------------------------ the loader


def test_parse_hpy_version():
    assert loader.parse_version("0.9.0") == (0, 9)
    assert loader.parse_version("0.9.1.dev42+gabcdef") == (0, 9)
    assert loader.parse_version("0.0.4") == (0, 0)
    assert loader.parse_version("") is None
    assert loader.parse_version(None) is None


@pytest.mark.parametrize(
    "value, mode",
    [
        (None, "universal"),
        ("debug", "debug"),
        ("TRACE", "trace"),
        ("numpy_hpy._core:debug", "debug"),
        ("other:trace,numpy_hpy._core:universal", "universal"),
    ],
)
def test_mode_from_environ(value, mode):
    env = {} if value is None else {"HPY": value}
    assert loader.mode_from_environ(env) == mode


def test_mode_from_environ_rejects_what_hpy_rejects():
    with pytest.raises(ValueError):
        loader.mode_from_environ({"HPY": "fast"})
    with pytest.raises(ValueError):
        loader.mode_from_environ({"HPY": "other:debug"})


class _FakeRuntime(object):
    def load(self, name, path, spec, debug=False, mode=-1):
        raise AssertionError("an incompatible runtime must never be asked to load")


@pytest.mark.parametrize("version", ["0.0.4", "0.8.0"])
def test_old_hpy_runtime_is_refused_before_loading(version):
    runtime = loader.HPyRuntime([("hpy.universal", _FakeRuntime())], version, None)
    with pytest.raises(ImportError) as info:
        loader.check_hpy_runtime(runtime)
    msg = str(info.value)
    assert "numpy_hpy needs HPy 0.9 (universal ABI 'hpy0')" in msg
    assert "provides HPy %s" % version in msg
    assert loader.describe_interpreter() in msg


def test_missing_or_unversioned_runtime_is_refused():
    with pytest.raises(ImportError, match="needs HPy 0.9"):
        loader.check_hpy_runtime(loader.HPyRuntime([], None, None))
    unversioned = loader.HPyRuntime([("hpy.universal", _FakeRuntime())], None, None)
    with pytest.raises(ImportError, match="unknown version"):
        loader.check_hpy_runtime(unversioned)


def test_hpy_09_runtime_is_accepted():
    runtime = loader.HPyRuntime([("_hpy_universal", _FakeRuntime())], "0.9.1.dev0", None)
    assert loader.check_hpy_runtime(runtime) is runtime


def _import_numpy_hpy():
    spec = importlib.util.find_spec("numpy_hpy")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("numpy_hpy is not installed (pip install . or -e .)")
    core = os.path.join(list(spec.submodule_search_locations)[0], "_core.hpy0.so")
    if not os.path.isfile(core):
        pytest.skip("numpy_hpy found without its built core: %s" % core)
    import numpy_hpy

    return numpy_hpy


def test_version_is_single_sourced():
    numpy_hpy = _import_numpy_hpy()
    assert numpy_hpy.__version__ == SOURCE_VERSION
    wheel = os.environ.get("NUMPY_HPY_WHEEL")
    if wheel:
        assert _split_name(_real_wheel())[1] == numpy_hpy.__version__


def test_core_module_is_registered():
    numpy_hpy = _import_numpy_hpy()
    core = sys.modules["numpy_hpy._core"]
    assert core is numpy_hpy._core
    assert core.__name__ == "numpy_hpy._core"
    assert core.__file__.endswith(os.path.join("numpy_hpy", "_core.hpy0.so"))
    assert core.__spec__.name == "numpy_hpy._core"
    assert core.__spec__.origin == core.__file__


def test_show_runtime(capsys):
    numpy_hpy = _import_numpy_hpy()
    info = numpy_hpy.show_runtime()
    expected = {
        "numpy_hpy_version",
        "implementation",
        "implementation_version",
        "python_version",
        "machine",
        "hpy_version",
        "hpy_git_revision",
        "hpy_abi",
        "hpy_runtime_module",
        "hpy_mode",
        "core_path",
        "cpu_features",
    }
    assert set(info) == expected
    assert info["numpy_hpy_version"] == numpy_hpy.__version__
    assert info["python_version"] == "%d.%d.%d" % sys.version_info[:3]
    assert info["hpy_abi"] == "hpy0"
    assert loader.parse_version(info["hpy_version"]) >= (0, 9)
    assert info["hpy_mode"] in ("universal", "debug", "trace")
    assert info["hpy_mode"] == loader.mode_from_environ(os.environ)
    assert os.path.samefile(info["core_path"], numpy_hpy._core.__file__)
    features = info["cpu_features"]
    assert features is None or (
        isinstance(features, tuple) and all(isinstance(f, str) for f in features)
    )
    out = capsys.readouterr().out
    assert out.startswith("numpy_hpy %s\n" % numpy_hpy.__version__)
    assert info["core_path"] in out
