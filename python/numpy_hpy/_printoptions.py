"""Print options (``set_printoptions``, ``get_printoptions``,
``printoptions``), kept per context as NumPy keeps them (a ``ContextVar``),
read by the core's ``ndarray.__repr__``/``__str__`` through ``_for_core()``."""

import contextlib
import contextvars
import math
import sys
import warnings

_DEFAULTS = {
    "edgeitems": 3,
    "threshold": 1000,
    "floatmode": "maxprec",
    "precision": 8,
    "suppress": False,
    "linewidth": 75,
    "nanstr": "nan",
    "infstr": "inf",
    "sign": "-",
    "formatter": None,
    "legacy": sys.maxsize,
    "override_repr": None,
}
_LEGACY = {"1.13": 113, "1.21": 121, "1.25": 125, "2.1": 201, "2.2": 202}
_FLOATMODES = ("fixed", "unique", "maxprec", "maxprec_equal")

_options = contextvars.ContextVar("numpy_hpy.printoptions", default=dict(_DEFAULTS))


def set_printoptions(
    precision=None,
    threshold=None,
    edgeitems=None,
    linewidth=None,
    suppress=None,
    nanstr=None,
    infstr=None,
    formatter=None,
    sign=None,
    floatmode=None,
    *,
    legacy=None,
    override_repr=None,
):
    """Set printing options (``numpy.set_printoptions``)."""
    new = dict(_options.get())
    given = {
        "precision": precision,
        "threshold": threshold,
        "edgeitems": edgeitems,
        "linewidth": linewidth,
        "suppress": suppress,
        "nanstr": nanstr,
        "infstr": infstr,
        "formatter": formatter,
        "sign": sign,
        "floatmode": floatmode,
        "override_repr": override_repr,
    }
    for key, value in given.items():
        if value is not None:
            new[key] = value
    if floatmode is not None and floatmode not in _FLOATMODES:
        raise ValueError('floatmode option must be one of "fixed", "unique", "maxprec", "maxprec_equal"')
    if sign is not None and sign not in (" ", "+", "-"):
        raise ValueError("sign option must be one of ' ', '+', or '-'")
    if threshold is not None:
        if not isinstance(threshold, int) and math.isnan(threshold):
            raise ValueError("threshold must be non-NAN, try sys.maxsize for untruncated representation")
    if precision is not None:
        try:
            new["precision"] = int(precision.__index__())
        except (AttributeError, TypeError):
            raise TypeError("precision must be an integer")
    if legacy is False:
        new["legacy"] = sys.maxsize
    elif legacy is not None:
        if legacy not in _LEGACY:
            warnings.warn(
                "legacy printing option can currently only be '1.13', '1.21', '1.25', '2.1', '2.2' or `False`",
                stacklevel=2,
            )
        else:
            new["legacy"] = _LEGACY[legacy]
    if new["formatter"] is not None:
        raise NotImplementedError("numpy_hpy does not support printoptions(formatter=...) yet")
    _options.set(new)


def get_printoptions():
    """The current print options (``numpy.get_printoptions``)."""
    opts = dict(_options.get())
    legacy = opts["legacy"]
    opts["legacy"] = False if legacy == sys.maxsize else {v: k for k, v in _LEGACY.items()}[legacy]
    return opts


@contextlib.contextmanager
def printoptions(*args, **kwargs):
    """Context manager for setting print options (``numpy.printoptions``)."""
    token = _options.set(dict(_options.get()))
    try:
        set_printoptions(*args, **kwargs)
        yield get_printoptions()
    finally:
        _options.reset(token)


def _for_core():
    """The options the core's printer takes, as a tuple:
    (precision, threshold, edgeitems, linewidth, suppress, nanstr, infstr,
    sign, floatmode, legacy)."""
    o = _options.get()
    return (
        o["precision"],
        o["threshold"],
        o["edgeitems"],
        o["linewidth"],
        bool(o["suppress"]),
        str(o["nanstr"]),
        str(o["infstr"]),
        o["sign"],
        o["floatmode"],
        o["legacy"],
    )
