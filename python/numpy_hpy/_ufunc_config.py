"""Floating-point error handling (``seterr``, ``geterr``, ``seterrcall``,
``geterrcall``, ``errstate``), kept per context as NumPy 2 keeps it (a
``ContextVar``: threads and asyncio tasks each see their own), and applied by
``_fp_error``, which the core calls after a ufunc loop raised FP flags."""

import contextvars
import functools
import os
import warnings

__all__ = ["seterr", "geterr", "seterrcall", "geterrcall", "errstate"]

# NumPy's order: a mode is matched with ``==`` against these, first match wins.
_MODES = ("ignore", "warn", "raise", "call", "print", "log")

# The core's flag bits, in the order NumPy handles them, with NumPy's words.
_FLAGS = ((1, "divide by zero"), (2, "overflow"), (4, "underflow"), (8, "invalid value"))

# The state: (divide, over, under, invalid, call); a new tuple on each change,
# so a token reset restores it whole.
_state = contextvars.ContextVar("numpy_hpy.errstate", default=("warn", "warn", "ignore", "warn", None))


class _unspecified:
    pass


#: ``errstate(call=...)`` not given: keep the current callback.
_Unspecified = _unspecified()


def _mode(value):
    """The canonical mode string ``value`` is, or None for None (NumPy 2.5:
    anything but a str is a TypeError)."""
    if value is None:
        return None
    # NumPy formats it with "%.100R"
    if not isinstance(value, str):
        raise TypeError("invalid error mode %s, must be a string or None" % repr(value)[:100])
    for mode in _MODES:
        if value == mode:
            return mode
    raise ValueError("invalid error mode %s" % repr(value)[:100])


def _check_call(func):
    """Refuses what is neither callable nor has a callable ``write``."""
    if func is None or callable(func):
        return
    try:
        write = getattr(func, "write")
    except Exception:
        write = None
    if not callable(write):
        raise TypeError("python object must be callable or have a callable write method")


def _updated(all=None, divide=None, over=None, under=None, invalid=None, call=_Unspecified):
    """The current state with these changes; validates all of them first
    (modes in this order, then ``call``) so a mistake changes nothing."""
    all = _mode(all)
    given = [_mode(m) for m in (divide, over, under, invalid)]
    if call is not _Unspecified:
        _check_call(call)
    old = _state.get()
    modes = tuple(
        new if new is not None else all if all is not None else cur for new, cur in zip(given, old)
    )
    return modes + (old[4] if call is _Unspecified else call,)


def geterr():
    """How floating-point errors are handled now: a new dict with keys
    'divide', 'over', 'under', 'invalid' (``numpy.geterr``)."""
    divide, over, under, invalid, _ = _state.get()
    return {"divide": divide, "over": over, "under": under, "invalid": invalid}


def seterr(all=None, divide=None, over=None, under=None, invalid=None):
    """Set how floating-point errors are handled; ``all`` applies to each kind
    not given by name.  Returns the old settings (``numpy.seterr``)."""
    old = geterr()
    _state.set(_updated(all, divide, over, under, invalid))
    return old


def geterrcall():
    """The callback or log object used by the 'call' and 'log' modes
    (``numpy.geterrcall``)."""
    return _state.get()[4]


def seterrcall(func):
    """Set the callback (``func(kind, flags)``) or log object (with a
    ``write`` method) of the 'call'/'log' modes; returns the old one
    (``numpy.seterrcall``)."""
    old = _state.get()[4]
    _state.set(_updated(call=func))
    return old


class errstate:
    """errstate(*, call=..., all=None, divide=None, over=None, under=None, invalid=None)

    Context manager and function decorator setting floating-point error
    handling (as ``seterr``/``seterrcall``) for its body, then restoring it
    (``numpy.errstate``).  An instance may be entered only once; as a
    decorator it sets its own state on each call, so the function may recurse
    or run in several threads."""

    __slots__ = ("_kwargs", "_token")

    def __init__(self, *, call=_Unspecified, all=None, divide=None, over=None, under=None, invalid=None):
        self._kwargs = dict(all=all, divide=divide, over=over, under=under, invalid=invalid, call=call)
        self._token = None

    def __enter__(self):
        if self._token is not None:
            raise TypeError("Cannot enter `np.errstate` twice.")
        self._token = _state.set(_updated(**self._kwargs))

    def __exit__(self, *exc_info):
        _state.reset(self._token)

    def __call__(self, func):
        @functools.wraps(func)
        def inner(*args, **kwargs):
            token = _state.set(_updated(**self._kwargs))
            try:
                return func(*args, **kwargs)
            finally:
                _state.reset(token)

        return inner


def _fp_error(name, flags):
    """Applies the current policy to the FP ``flags`` (1 divide by zero,
    2 overflow, 4 underflow, 8 invalid) a ufunc ``name`` raised, flag by flag
    in that order, as NumPy's ``PyUFunc_handlefperr`` does."""
    state = _state.get()
    for i, (bit, what) in enumerate(_FLAGS):
        if not flags & bit:
            continue
        mode = state[i]
        if mode == "ignore":
            continue
        if mode == "warn":
            # stacklevel=2: the core adds no Python frame, so this names the
            # line that called the ufunc, as NumPy's PyErr_Warn does.
            warnings.warn("%s encountered in %s" % (what, name), RuntimeWarning, stacklevel=2)
        elif mode == "raise":
            raise FloatingPointError("%s encountered in %s" % (what, name))
        elif mode == "call":
            func = state[4]
            if func is None:
                raise NameError(
                    "python callback specified for %s (in  %s) but no function found." % (what, name)
                )
            func(what, flags)  # all flags raised, not just this one (as NumPy)
        elif mode == "print":
            # NumPy writes with C's fprintf(stderr): file descriptor 2, not sys.stderr.
            try:
                os.write(2, ("Warning: %s encountered in %s\n" % (what, name)).encode())
            except OSError:
                pass
        else:  # "log"
            log = state[4]
            if log is None:
                raise NameError(
                    "log specified for %s (in %s) but no object with write method found." % (what, name)
                )
            log.write("Warning: %s encountered in %s\n" % (what, name))
