"""The ufunc objects of the core, under their names and NumPy's aliases."""

from . import _core
from ._core import UFuncTypeError, ufunc

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
