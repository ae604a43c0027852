"""The test extension ``_testing`` (``_testing.hpy0.so``, crate ``hpy-testing``).

It exercises the ``hpy`` layer and the ``argparse`` crate for real, so it is
built from the same commit as the wheel but never shipped in it:
scripts/test.sh builds it next to the wheel and points every pytest run at it
with ``NUMPY_HPY_TESTING_SO``.  Without that variable,
``build/testing/_testing.hpy0.so`` of the checkout is used
(``cargo build --release -p hpy-testing``, then copy
``target/release/libhpy_testing.so`` there).

``load()`` hands the file to the interpreter's HPy runtime through the
package's own loader (``numpy_hpy._loader.load_extension``): the same runtime
checks and the same mode as the core (``HPY=debug`` loads both in debug
mode), on CPython and PyPy.
"""

import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NAME = "_testing"
DEFAULT_PATH = os.path.join(ROOT, "build", "testing", NAME + ".hpy0.so")


def path():
    return os.environ.get("NUMPY_HPY_TESTING_SO") or DEFAULT_PATH


def load():
    """The loaded ``_testing`` module (once per process).

    Skips the calling test module when the extension was not built, unless
    the test runner requires everything (``NUMPY_HPY_REQUIRE_INSTALLED=1``):
    then a missing extension is an error, never a silent skip.
    """
    so = path()
    if not os.path.isfile(so):
        msg = "the test extension %s is missing (cargo build --release -p hpy-testing)" % so
        if os.environ.get("NUMPY_HPY_REQUIRE_INSTALLED", "") not in ("", "0"):
            raise RuntimeError(msg)
        import pytest

        pytest.skip(msg, allow_module_level=True)
    from numpy_hpy import _loader

    return _loader.load_extension(NAME, so)
