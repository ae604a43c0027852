"""``finfo`` and ``iinfo``: machine limits of the float and integer dtypes.

The numbers come from the core (``_core._finfo``/``_core._iinfo``, checked
against NumPy in the Rust tests); these classes only present them as NumPy
does, with each value a scalar of the dtype. Instances are cached per dtype,
as NumPy caches them.
"""

from . import _core

_finfo_cache = {}
_iinfo_cache = {}


def _to_dtype(obj):
    try:
        return _core.dtype(obj)
    except TypeError:
        # A value (finfo(1.0), iinfo(3)): its type says the dtype.
        return _core.dtype(type(obj))


class finfo(object):
    """Machine limits for floating point types (``numpy.finfo``)."""

    def __new__(cls, dtype):
        dt = _to_dtype(dtype)
        cached = _finfo_cache.get(dt)
        if cached is not None:
            return cached
        data = _core._finfo(dt)
        self = object.__new__(cls)
        self.dtype = data["dtype"]
        scalar = self.dtype.type
        for name in (
            "eps",
            "epsneg",
            "max",
            "min",
            "tiny",
            "smallest_normal",
            "smallest_subnormal",
            "resolution",
        ):
            setattr(self, name, scalar(data[name]))
        for name in ("bits", "precision", "iexp", "maxexp", "minexp", "machep", "negep", "nexp", "nmant"):
            setattr(self, name, data[name])
        _finfo_cache[dt] = self
        return self

    def __repr__(self):
        return "%s(resolution=%s, min=%s, max=%s, dtype=%s)" % (
            type(self).__name__,
            self.resolution,
            self.min,
            self.max,
            self.dtype,
        )


class iinfo(object):
    """Machine limits for integer types (``numpy.iinfo``)."""

    def __init__(self, int_type):
        dt = _to_dtype(int_type)
        data = _iinfo_cache.get(dt)
        if data is None:
            data = _iinfo_cache[dt] = _core._iinfo(dt)
        self.dtype = data["dtype"]
        self.kind = self.dtype.kind
        self.bits = data["bits"]
        self.key = "%s%d" % (self.kind, self.bits)
        self.min = data["min"]
        self.max = data["max"]

    def __repr__(self):
        return "%s(min=%s, max=%s, dtype=%s)" % (type(self).__name__, self.min, self.max, self.dtype)
