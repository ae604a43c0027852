"""Functions NumPy defines in Python on top of its ufuncs: ``isclose``,
``allclose``, ``array_equal``, ``array_equiv`` (same formulas, defaults and
results as ``numpy/_core/numeric.py``)."""

import builtins

from . import _core
from ._core import asarray
from ._ufunc_config import errstate

__all__ = ["isclose", "allclose", "array_equal", "array_equiv", "e", "euler_gamma", "inf", "nan", "pi"]

#: NumPy's constants (Python floats, as in NumPy).
e = 2.718281828459045
euler_gamma = 0.5772156649015329
inf = float("inf")
nan = float("nan")
pi = 3.141592653589793


def _all(x):
    """``bool(x.all())``.

    Reductions are not implemented yet (their issue follows the ufuncs): the
    elements are read in Python until then, stopping at the first false one.
    """
    x = asarray(x)
    if x.dtype != _core.dtype("?"):
        x = _core.not_equal(x, 0)
    return builtins.all(x.ravel().tolist())


def isclose(a, b, rtol=1.0e-5, atol=1.0e-8, equal_nan=False):
    """Whether ``a`` and ``b`` are equal within ``atol + rtol * abs(b)``,
    elementwise (NumPy's formula: not symmetric in ``a`` and ``b``)."""
    x, y, atol, rtol = (
        v if isinstance(v, (int, float, complex)) else asarray(v) for v in (a, b, atol, rtol)
    )
    dtype = getattr(y, "dtype", None)
    if dtype is not None:
        y = asarray(y, dtype=_core.result_type(y, 1.0))
    elif isinstance(y, int):
        y = float(y)
    with errstate(invalid="ignore"):
        result = _core.less_equal(abs(x - y), atol + rtol * abs(y)) & _core.isfinite(y) | (x == y)
        if equal_nan:
            result |= _core.isnan(x) & _core.isnan(y)
    return result[()] if isinstance(result, _core.ndarray) else result


def allclose(a, b, rtol=1.0e-5, atol=1.0e-8, equal_nan=False):
    """Whether every element of ``isclose(a, b, ...)`` is true."""
    return builtins.bool(_all(isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)))


def array_equal(a1, a2, equal_nan=False):
    """Same shape and equal elements (NaNs equal with ``equal_nan``)."""
    try:
        a1, a2 = asarray(a1), asarray(a2)
    except Exception:  # noqa: BLE001 - NumPy answers False for anything
        return False
    if a1.shape != a2.shape:
        return False
    if not equal_nan:
        return builtins.bool(_all(a1 == a2))
    if a1 is a2:
        return True
    if a1.dtype.kind not in "fc" and a2.dtype.kind not in "fc":
        return builtins.bool(_all(a1 == a2))
    a1nan, a2nan = _core.isnan(a1), _core.isnan(a2)
    if not _all(a1nan == a2nan):
        return False
    return builtins.bool(_all(a1[~a1nan] == a2[~a1nan]))


def array_equiv(a1, a2):
    """Equal elements after broadcasting the two to one shape."""
    try:
        a1, a2 = asarray(a1), asarray(a2)
    except Exception:  # noqa: BLE001 - as NumPy
        return False
    try:
        _core.broadcast_shapes(a1.shape, a2.shape)
    except Exception:  # noqa: BLE001 - as NumPy
        return False
    return builtins.bool(_all(a1 == a2))
