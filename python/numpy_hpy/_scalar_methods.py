"""The array methods of NumPy's scalars (``np.float64(3).sum()``,
``np.int64(3).ravel()``): as NumPy's ``gentype`` methods do, each runs the
array method on the scalar as a 0-d array and returns a 0-d result as a
scalar. Installed on ``numpy_hpy.generic``, the base of every scalar type."""

from . import _core
from ._core import generic, ndarray

#: Methods NumPy's scalars share with arrays (those that do not write: a
#: scalar is immutable, so ``fill``/``put``/``sort``/``setflags`` would act
#: on a temporary).
_FORWARDED = (
    "all", "any", "argmax", "argmin", "argsort", "astype", "choose", "clip", "compress",
    "copy", "cumprod", "cumsum", "flatten", "max", "mean", "min", "nonzero", "prod",
    "ravel", "repeat", "reshape", "round", "searchsorted", "squeeze", "std", "sum",
    "swapaxes", "take", "transpose", "var", "view",
)


def _forward(name):
    method = getattr(ndarray, name)

    def scalar_method(self, *args, **kwargs):
        r = method(_core.asarray(self), *args, **kwargs)
        if type(r) is ndarray and r.ndim == 0:
            return r[()]
        return r

    scalar_method.__name__ = name
    scalar_method.__qualname__ = "generic." + name
    scalar_method.__doc__ = "Scalar method identical to ``ndarray.%s``." % name
    return scalar_method


for _name in _FORWARDED:
    if not hasattr(generic, _name):
        setattr(generic, _name, _forward(_name))
if not hasattr(generic, "T"):
    generic.T = property(lambda self: self, doc="Scalar attribute identical to ``ndarray.T``.")
