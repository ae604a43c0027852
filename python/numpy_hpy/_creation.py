"""Array creation that is a thin layer over the core: ``empty_like``,
``zeros_like``, ``ones_like``, ``full_like``, ``ascontiguousarray`` and ``copy`` (NumPy's own
``numeric.py`` builds them on ``empty_like`` + ``copyto`` the same way)."""

from ._core import array, asarray, full, ndarray, zeros

_ORDERS = {"C": "C", "F": "F", "A": "A", "K": "K"}


def _order(order):
    if order is None:
        return "K"
    if not isinstance(order, str):
        raise TypeError("order must be str, not %s" % type(order).__name__)
    o = order.upper() if len(order) == 1 else order
    if o not in _ORDERS:
        raise ValueError("order must be one of 'C', 'F', 'A', or 'K' (got %r)" % (order,))
    return o


def _check_device(device):
    if device is not None and device != "cpu":
        raise ValueError(
            'Device not understood. Only "cpu" is allowed, but received: %s' % (device,)
        )


def _like(a, dtype, order, shape, device):
    """The dtype, shape and memory order of a new array like ``a``
    (NumPy's ``PyArray_NewLikeArrayWithShape``)."""
    _check_device(device)
    order = _order(order)
    a = asarray(a)
    dt = a.dtype if dtype is None else dtype
    if shape is None:
        shp = a.shape
    else:
        shp = (shape,) if not hasattr(shape, "__len__") else tuple(shape)
    if order == "C":
        fortran = False
    elif order == "F":
        fortran = True
    else:
        # 'A' and 'K' keep Fortran order for Fortran (and not C) arrays, when
        # the shape keeps its number of dimensions.
        flags = a.flags
        fortran = (
            len(shp) == a.ndim and flags.f_contiguous and not flags.c_contiguous
        )
    return dt, shp, "F" if fortran else "C"


def empty_like(prototype, dtype=None, order="K", subok=True, shape=None, *, device=None):
    """Return a new array with the same shape and type as a given array
    (numpy_hpy's memory is always zeroed)."""
    dt, shp, o = _like(prototype, dtype, order, shape, device)
    return zeros(shp, dtype=dt, order=o)


def zeros_like(a, dtype=None, order="K", subok=True, shape=None, *, device=None):
    """Return an array of zeros with the same shape and type as a given array."""
    dt, shp, o = _like(a, dtype, order, shape, device)
    return zeros(shp, dtype=dt, order=o)


def ones_like(a, dtype=None, order="K", subok=True, shape=None, *, device=None):
    """Return an array of ones with the same shape and type as a given array."""
    dt, shp, o = _like(a, dtype, order, shape, device)
    return full(shp, 1, dtype=dt, order=o)


def full_like(a, fill_value, dtype=None, order="K", subok=True, shape=None, *, device=None):
    """Return a full array with the same shape and type as a given array."""
    dt, shp, o = _like(a, dtype, order, shape, device)
    return full(shp, fill_value, dtype=dt, order=o)


def ascontiguousarray(a, dtype=None, *, like=None):
    """Return a contiguous array (ndim >= 1) in memory (C order)."""
    if like is not None and not isinstance(like, ndarray):
        raise TypeError(
            "The `like` argument must be an array-like that implements the "
            "`__array_function__` protocol."
        )
    a = asarray(a, dtype=dtype, order="C")
    return a.reshape(1) if a.ndim == 0 else a


def copy(a, order="K", subok=False):
    """Return an array copy of the given object."""
    order = _order(order)
    if order in ("A", "K") and isinstance(a, ndarray):
        flags = a.flags
        if flags.f_contiguous and not flags.c_contiguous:
            order = "F"
    return array(a, order=order, copy=True)
