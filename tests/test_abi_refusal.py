"""An interpreter with another HPy ABI refuses numpy_hpy cleanly.

Debian bookworm's PyPy 7.3.11 ships HPy 0.0.4, whose universal ABI is not
'hpy0': calling into our binary there would crash the process.  ``import
numpy_hpy`` must raise a clear ImportError before anything is loaded.

The interpreter (``.cache/pypy-bookworm/bin/pypy3`` from scripts/fetch-pypy.sh)
is named by ``NUMPY_HPY_BOOKWORM_PYPY``.  It has no pip, so the package is put
on its ``PYTHONPATH`` as an unpacked copy: of the wheel in ``NUMPY_HPY_WHEEL``
when set, else of the numpy_hpy package this interpreter imports.
"""

import glob
import importlib.util
import os
import shutil
import signal
import subprocess
import zipfile

import pytest

CORE = "_core.hpy0.so"


def _bookworm_pypy():
    path = os.environ.get("NUMPY_HPY_BOOKWORM_PYPY")
    if not path:
        pytest.skip("NUMPY_HPY_BOOKWORM_PYPY is not set (scripts/fetch-pypy.sh provides it)")
    if not os.access(path, os.X_OK):
        pytest.fail("NUMPY_HPY_BOOKWORM_PYPY=%s is not an executable" % path)
    return path


def _unpacked_package(dest):
    """A folder holding only numpy_hpy/ (Python files + the core binary)."""
    wheel = os.environ.get("NUMPY_HPY_WHEEL")
    if wheel:
        if os.path.isdir(wheel):
            found = glob.glob(os.path.join(wheel, "numpy_hpy-*.whl"))
            assert len(found) == 1, found
            wheel = found[0]
        with zipfile.ZipFile(wheel) as zf:
            members = [n for n in zf.namelist() if n.startswith("numpy_hpy/")]
            zf.extractall(str(dest), members)
    else:
        spec = importlib.util.find_spec("numpy_hpy")
        if spec is None or not spec.submodule_search_locations:
            pytest.skip("no NUMPY_HPY_WHEEL and no importable numpy_hpy to copy")
        src = list(spec.submodule_search_locations)[0]
        if not os.path.isfile(os.path.join(src, CORE)):
            pytest.skip("numpy_hpy found without its built core: %s" % src)
        shutil.copytree(
            src, str(dest / "numpy_hpy"), ignore=shutil.ignore_patterns("__pycache__")
        )
    assert os.path.isfile(str(dest / "numpy_hpy" / CORE))
    return str(dest)


def _run(interpreter, code, pythonpath, cwd):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "PYPY")) and k != "HPY"
    }
    env["PYTHONPATH"] = pythonpath
    return subprocess.run(
        [interpreter, "-c", code],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        universal_newlines=True,
        timeout=120,
    )


def _describe(proc):
    rc = proc.returncode
    how = "killed by %s" % signal.Signals(-rc).name if rc < 0 else "exit status %d" % rc
    return "%s\n--- stdout\n%s--- stderr\n%s" % (how, proc.stdout, proc.stderr)


def test_bookworm_pypy_refuses_with_clear_import_error(tmp_path):
    interpreter = _bookworm_pypy()
    pkg = _unpacked_package(tmp_path / "site")
    proc = _run(interpreter, "import numpy_hpy", pkg, str(tmp_path))
    assert proc.returncode >= 0, "crashed instead of refusing: " + _describe(proc)
    assert proc.returncode == 1, _describe(proc)
    last = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ""
    assert last.startswith("ImportError: "), _describe(proc)
    assert "HPy 0.9" in proc.stderr, _describe(proc)
    assert "HPy 0.0.4" in last, _describe(proc)  # says what it found, too


def test_bookworm_pypy_refusal_can_be_caught(tmp_path):
    """The refusal is an ordinary ImportError: code that probes for
    numpy_hpy (try/except ImportError) keeps running on that interpreter."""
    interpreter = _bookworm_pypy()
    pkg = _unpacked_package(tmp_path / "site")
    code = (
        "import sys\n"
        "try:\n"
        "    import numpy_hpy\n"
        "except ImportError as e:\n"
        "    assert 'numpy_hpy._core' not in sys.modules\n"
        "    print('refused:', e)\n"
        "else:\n"
        "    raise SystemExit('numpy_hpy imported on an HPy 0.0.4 runtime')\n"
    )
    proc = _run(interpreter, code, pkg, str(tmp_path))
    assert proc.returncode == 0, _describe(proc)
    assert proc.stdout.startswith("refused: numpy_hpy needs HPy 0.9"), _describe(proc)
