"""The ufunc objects of the core, under their names and NumPy's aliases."""

from . import _core
from ._core import UFuncTypeError, ufunc

#: What `_array_ufunc` returns when no operand overrides the ufunc.
_NO_OVERRIDE = object()
_MISSING = object()


def _is_numpy_default(f):
    """NumPy's own ``ndarray.__array_ufunc__`` (NumPy arrays are read by the
    core as arrays, without a copy, not dispatched to)."""
    owner = getattr(f, "__objclass__", None)
    return owner is not None and owner.__name__ == "ndarray" and owner.__module__ == "numpy"


def _array_ufunc(uf, inputs, out):
    """NumPy's ``__array_ufunc__`` protocol for operands the core does not
    know (called by the core only when one is there): the result of the
    first override that does not return ``NotImplemented`` (subclasses
    before their bases, else in argument order), or ``_NO_OVERRIDE``."""
    args = inputs + (out or ())
    overrides = []
    for x in args:
        f = getattr(type(x), "__array_ufunc__", _MISSING)
        if f is _MISSING or _is_numpy_default(f):
            continue
        if f is None:
            raise TypeError(
                "operand '%s' does not support ufuncs (__array_ufunc__=None)" % type(x).__name__
            )
        if not any(type(o) is type(x) for o in overrides):
            for i, o in enumerate(overrides):
                if issubclass(type(x), type(o)):
                    overrides.insert(i, x)
                    break
            else:
                overrides.append(x)
    if not overrides:
        return _NO_OVERRIDE
    kwargs = {} if not out else {"out": out}
    for o in overrides:
        result = type(o).__array_ufunc__(o, uf, "__call__", *inputs, **kwargs)
        if result is not NotImplemented:
            return result
    shown = [repr(x) for x in inputs] + ["out=%r" % (out,)] * bool(out)
    raise TypeError(
        "operand type(s) all returned NotImplemented from __array_ufunc__(%r, '__call__', %s): %s"
        % (uf, ", ".join(shown), ", ".join("'%s'" % type(x).__name__ for x in args))
    )


def _ufunc_getattr(self, name):
    """``ufunc.__name__`` (the core cannot define it as a getset on PyPy)."""
    if name == "__name__":
        return _core._ufunc_name(self)
    raise AttributeError("'numpy_hpy.ufunc' object has no attribute %r" % (name,))


ufunc.__getattr__ = _ufunc_getattr

#: Every ufunc the core defines (``numpy_hpy.add`` ...), by name.
UFUNCS = {
    name: obj for name, obj in vars(_core).items() if isinstance(obj, ufunc)
}

#: NumPy's other names for the same objects (``np.true_divide is np.divide``,
#: the array-API spellings of NumPy 2).
ALIASES = {
    "true_divide": "divide",
    "mod": "remainder",
    "conj": "conjugate",
    "abs": "absolute",
    "bitwise_not": "invert",
    "bitwise_invert": "invert",
    "bitwise_left_shift": "left_shift",
    "bitwise_right_shift": "right_shift",
    "pow": "power",
    "acos": "arccos",
    "acosh": "arccosh",
    "asin": "arcsin",
    "asinh": "arcsinh",
    "atan": "arctan",
    "atanh": "arctanh",
    "atan2": "arctan2",
}

globals().update(UFUNCS)
globals().update({alias: UFUNCS[target] for alias, target in ALIASES.items()})

__all__ = sorted(UFUNCS) + sorted(ALIASES) + ["ufunc", "UFuncTypeError"]
