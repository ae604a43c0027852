"""The NumPy the tests compare against, where its version matters.

NumPy (the newest release) is the spec. NumPy 2.5 needs Python >= 3.12, so the
runs on CPython 3.11 and PyPy 3.11 compare against NumPy 2.4, which differs in
a few behaviours numpy_hpy follows 2.5 in. A test of such a behaviour compares
with NumPy only where NumPy is >= 2.5 (the CPython 3.12 and 3.13 runs) and is
skipped, saying so, against an older one.
"""

import pytest


def numpy_version():
    """(major, minor) of the installed NumPy, or None without NumPy."""
    try:
        import numpy
    except ImportError:
        return None
    return tuple(int(p) for p in numpy.__version__.split(".")[:2])


def require_numpy(version, what):
    """Skip unless the installed NumPy is at least ``version``: ``what``
    changed there and numpy_hpy follows the newer NumPy."""
    have = numpy_version()
    if have is not None and have < version:
        pytest.skip("%s changed in NumPy %d.%d (numpy_hpy follows it); this NumPy is %d.%d"
                    % ((what,) + version + have))
