"""CPython 3.13: numpy_hpy runs through the HPy runtime its wheel carries
(third_party/hpy-0.9.0 with the type-flag fix), and refuses what it cannot
run on with a clear ImportError."""

import os
import subprocess
import sys
import types

import pytest

import numpy_hpy
from numpy_hpy import _loader

ON_313 = sys.implementation.name == "cpython" and sys.version_info[:2] == (3, 13)


def _fake_sys(version):
    fake = types.SimpleNamespace(**{k: getattr(sys, k) for k in ("modules", "path", "platform")})
    fake.implementation = types.SimpleNamespace(name="cpython")
    fake.version_info = version + (0, "final", 0)
    return fake


@pytest.mark.smoke
@pytest.mark.skipif(not ON_313, reason="CPython 3.13 only")
def test_cpython_313_runs_on_the_wheels_hpy_runtime():
    runtime = _loader._loaded["runtime"]
    assert runtime.git_revision.endswith("+numpy_hpy.cp313.1")
    name, module = runtime.modules[0]
    assert module.__file__ == _loader.bundled_runtime_path()
    assert os.path.dirname(module.__file__) == os.path.join(os.path.dirname(numpy_hpy.__file__), "_hpy_cp313")
    a = numpy_hpy.arange(6.0).reshape(2, 3)
    assert a.sum(axis=0).tolist() == [3.0, 5.0, 7.0]  # methods: hpy#493's crash


@pytest.mark.skipif(not ON_313, reason="CPython 3.13 only")
def test_cpython_313_with_hpys_own_runtime_imported_first(tmp_path):
    # hpy's broken hpy.universal already in sys.modules: ours loads under its
    # own name and numpy_hpy works all the same.
    pytest.importorskip("hpy.universal")
    code = (
        "import sys, hpy.universal as theirs\n"
        "import numpy_hpy as nh\n"
        "ours = nh._loader._loaded['runtime'].modules[0]\n"
        "assert ours[0] == 'numpy_hpy._hpy_cp313.universal', ours\n"
        "assert sys.modules['hpy.universal'] is theirs\n"
        "print((nh.arange(4) * 2).tolist(), nh.ones(3).mean())\n"
    )
    env = dict(os.environ, HPY="universal")
    proc = subprocess.run([sys.executable, "-c", code], cwd=str(tmp_path), env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[0, 2, 4, 6] 1.0"


def test_newer_cpython_is_refused_cleanly(monkeypatch):
    monkeypatch.setattr(_loader, "sys", _fake_sys((3, 14)))
    with pytest.raises(ImportError, match=r"does not support CPython 3\.14 yet"):
        _loader.check_interpreter()


def test_cpython_313_without_the_runtime_in_the_wheel_is_refused(monkeypatch, tmp_path):
    monkeypatch.setattr(_loader, "sys", _fake_sys((3, 13)))
    monkeypatch.setattr(_loader, "bundled_runtime_path", lambda: str(tmp_path / "missing.so"))
    with pytest.raises(ImportError, match="has no HPy runtime for CPython 3.13"):
        _loader.check_interpreter()


@pytest.mark.parametrize("version", [(3, 8), (3, 12)])
def test_older_cpythons_use_the_hpy_package(monkeypatch, version):
    monkeypatch.setattr(_loader, "sys", _fake_sys(version))
    _loader.check_interpreter()  # no refusal
    assert not _loader.uses_bundled_runtime()
