"""Shared pytest set-up for the numpy_hpy suite (CPython, PyPy, every mode).

* ``import numpy_hpy`` happens here, once, before any test runs: the core is
  loaded outside every leak-detection window (its module init may keep
  handles in HPyGlobals on purpose), and a broken core shows up as one clear
  error in the report header instead of N collection errors.  Test files then
  simply ``import numpy_hpy`` (or take the ``nphpy`` fixture, which skips
  when no built package is importable, for tests that can run without one).
* ``NUMPY_HPY_LEAK_CHECK=1`` (with ``HPY=debug``): every test runs inside
  HPy's own ``hpy_debug`` fixture (``hpy.debug.pytest``), which wraps it in a
  ``hpy.debug.LeakDetector`` and fails it on any handle left open.  Works on
  CPython (the ``hpy`` wheel) and PyPy >= 7.3.19 (built-in ``hpy.debug``).
  The check refuses to run unless the core really is loaded in debug mode:
  in universal mode the detector sees no handles and would pass silently.
* ``NUMPY_HPY_REQUIRE_INSTALLED=1`` (scripts/test.sh sets it): refuse to run
  unless ``numpy_hpy`` comes from an installed wheel -- not from the
  checkout's ``python/`` folder -- and ``hpy`` is not merged with the
  checkout's ``hpy/`` crate folder (a namespace-package accident that
  happens whenever the repository root is on ``sys.path``).
* ``NUMPY_HPY_CURRENT_TEST_FILE=PATH``: the id of each test is written there
  as it starts, so a runner can name the test that crashed the interpreter.
* hypothesis: the ``numpy_hpy`` settings profile is loaded for every test:
  no deadline and no ``too_slow``/``data_too_large`` health check (both are
  timings, and these machines are shared and noisy), and examples derived
  from each test's name (``derandomize``) so that a run of ``make test`` is
  reproducible.  ``NUMPY_HPY_HYPOTHESIS=random`` draws fresh examples instead
  (``--hypothesis-seed=N`` then replays a run); scripts/hunt.sh loops over
  seeds that way to look for new failing examples.
* the ``smoke`` marker: a quick subset that scripts/test.sh runs on every
  other CPython under pyenv (3.8 ... 3.10) with the same wheel.
"""

import importlib.util
import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

LEAK_CHECK = os.environ.get("NUMPY_HPY_LEAK_CHECK", "") not in ("", "0")
REQUIRE_INSTALLED = os.environ.get("NUMPY_HPY_REQUIRE_INSTALLED", "") not in ("", "0")

try:
    import numpy_hpy
except ImportError as exc:  # not built / refused: tests that need it say so
    numpy_hpy = None
    NUMPY_HPY_IMPORT_ERROR = exc
else:
    NUMPY_HPY_IMPORT_ERROR = None


def _hypothesis_profile():
    try:
        import hypothesis
    except ImportError:
        return
    timing_checks = [
        getattr(hypothesis.HealthCheck, name)
        for name in ("too_slow", "data_too_large", "large_base_example")
        if hasattr(hypothesis.HealthCheck, name)
    ]
    random = os.environ.get("NUMPY_HPY_HYPOTHESIS", "") == "random"
    hypothesis.settings.register_profile(
        "numpy_hpy",
        deadline=None,
        suppress_health_check=timing_checks,
        derandomize=not random,
        database=None,
        print_blob=True,
    )
    hypothesis.settings.load_profile("numpy_hpy")


_hypothesis_profile()


def _inside(path, folder):
    path, folder = os.path.realpath(path), os.path.realpath(folder)
    return path == folder or path.startswith(folder + os.sep)


def _loaded_mode():
    loader = sys.modules.get("numpy_hpy._loader")
    return getattr(loader, "_loaded", {}).get("mode")


def _where_numpy_hpy_is():
    if numpy_hpy is not None:
        return os.path.dirname(os.path.abspath(numpy_hpy.__file__))
    spec = importlib.util.find_spec("numpy_hpy")
    if spec is None or not spec.submodule_search_locations:
        return None
    return list(spec.submodule_search_locations)[0]


def _hpy_paths():
    spec = importlib.util.find_spec("hpy")
    if spec is None:
        return []
    return list(spec.submodule_search_locations or [])


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "smoke: quick subset run with the same wheel on every other CPython (3.8 ... 3.10)",
    )
    problems = []
    if REQUIRE_INSTALLED:
        where = _where_numpy_hpy_is()
        if where is None:
            problems.append("numpy_hpy is not importable: %r" % (NUMPY_HPY_IMPORT_ERROR,))
        elif _inside(where, os.path.join(ROOT, "python")):
            problems.append(
                "numpy_hpy is imported from the checkout (%s), not from the installed "
                "wheel: run pytest with a cwd outside the repository root" % where
            )
        elif NUMPY_HPY_IMPORT_ERROR is not None:
            problems.append("import numpy_hpy failed: %r" % (NUMPY_HPY_IMPORT_ERROR,))
        merged = [p for p in _hpy_paths() if _inside(p, os.path.join(ROOT, "hpy"))]
        if merged:
            problems.append(
                "the 'hpy' package is merged with the checkout's crate folder %s: the "
                "repository root is on sys.path" % merged
            )
    if LEAK_CHECK:
        if numpy_hpy is None:
            problems.append(
                "NUMPY_HPY_LEAK_CHECK=1 but numpy_hpy did not import: %r"
                % (NUMPY_HPY_IMPORT_ERROR,)
            )
        elif _loaded_mode() != "debug":
            problems.append(
                "NUMPY_HPY_LEAK_CHECK=1 needs the core loaded in HPy debug mode "
                "(set HPY=debug); it was loaded in %r mode" % (_loaded_mode(),)
            )
    if problems:
        raise pytest.UsageError("\n".join(problems))


def pytest_report_header(config):
    impl = sys.implementation.name
    lines = ["python: %s %s (%s)" % (impl, sys.version.split()[0], sys.executable)]
    if numpy_hpy is not None:
        lines.append(
            "numpy_hpy %s from %s, HPy mode %s"
            % (numpy_hpy.__version__, _where_numpy_hpy_is(), _loaded_mode())
        )
    else:
        lines.append("numpy_hpy NOT importable: %r" % (NUMPY_HPY_IMPORT_ERROR,))
    lines.append("hpy package: %s" % (_hpy_paths() or "none"))
    lines.append("HPy leak check on every test: %s" % ("on" if LEAK_CHECK else "off"))
    return lines


_CURRENT_TEST_FILE = os.environ.get("NUMPY_HPY_CURRENT_TEST_FILE")


def pytest_runtest_logstart(nodeid, location):
    # When the core crashes the interpreter, pytest reports nothing: the test
    # runner reads this file to say which test was running.
    if _CURRENT_TEST_FILE:
        with open(_CURRENT_TEST_FILE, "w") as f:
            f.write(nodeid)


@pytest.fixture(scope="session")
def nphpy():
    """The imported numpy_hpy package; skips when no built package exists
    (a source checkout that was never built), fails when the import broke."""
    if numpy_hpy is not None:
        return numpy_hpy
    if _where_numpy_hpy_is() is None or "missing" in str(NUMPY_HPY_IMPORT_ERROR):
        pytest.skip("numpy_hpy is not built: %s" % (NUMPY_HPY_IMPORT_ERROR,))
    raise NUMPY_HPY_IMPORT_ERROR


if LEAK_CHECK:
    # HPy's ready-made fixture (hpy/debug/pytest.py: a LeakDetector around the
    # test), made autouse for this run.  Importing it here registers it as a
    # fixture of this conftest; hpy registers no pytest11 entry point.
    from hpy.debug.pytest import hpy_debug  # noqa: F401

    @pytest.fixture(autouse=True)
    def _hpy_leak_check(hpy_debug):
        yield hpy_debug
