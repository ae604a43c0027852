"""Reductions and the other functions NumPy writes in Python on top of its
ufuncs' ``reduce``/``accumulate``: ``sum``, ``prod``, ``max``/``min``,
``all``/``any``, ``mean``, ``var``, ``std``, ``ptp``, the cumulative
functions, ``count_nonzero``, ``clip``, ``round``, ``diff``, ``average`` and
the ``nan*`` functions (same algorithms, defaults, warnings and messages as
``numpy/_core/fromnumeric.py``, ``_methods.py``,
``numpy/lib/_function_base_impl.py`` and ``_nanfunctions_impl.py``: ``var``
takes the same steps as NumPy so that its results are the same bits).

Also ``ufunc.outer``, ``ufunc.reduceat`` and ``ufunc.at``, installed on the
core's ``ufunc`` type at import (as ``_ufuncs.py`` installs ``__getattr__``).
"""

import builtins
import operator
import types
import warnings

from . import _core
from ._core import asarray, ndarray, ufunc
from ._getlimits import iinfo
from ._ufunc_config import errstate
from .exceptions import AxisError

__all__ = [
    "sum", "prod", "max", "min", "amax", "amin", "all", "any", "mean", "var", "std",
    "ptp", "cumsum", "cumprod", "cumulative_sum", "cumulative_prod", "count_nonzero",
    "clip", "round", "around", "diff", "average", "nansum", "nanprod", "nanmean",
    "nanvar", "nanstd", "nanmin", "nanmax",
]


class _NoValueType:
    """NumPy's ``np._NoValue``: "argument not given", where ``None`` means
    something else."""

    def __repr__(self):
        return "<no value>"


_NoValue = _NoValueType()
_bool = _core.dtype("?")
_intp = _core.int64  # NumPy's intp on the 64-bit platforms we build for


# ----------------------------------------------------------------- helpers


def _given(**kwargs):
    """The keyword arguments that were given (not ``_NoValue``)."""
    return {k: v for k, v in kwargs.items() if v is not _NoValue}


def _axis_error(axis, ndim, prefix=None):
    msg = "axis %d is out of bounds for array of dimension %d" % (axis, ndim)
    return AxisError("%s: %s" % (prefix, msg) if prefix else msg)


def _normalize_axis_index(axis, ndim, prefix=None):
    """``axis`` in ``[0, ndim)`` (NumPy's ``normalize_axis_index``)."""
    axis = operator.index(axis)
    if not -ndim <= axis < ndim:
        raise _axis_error(axis, ndim, prefix)
    return axis + ndim if axis < 0 else axis


def _normalize_axis_tuple(axis, ndim, argname=None):
    """NumPy's ``normalize_axis_tuple``: a tuple of distinct axes."""
    if not isinstance(axis, (tuple, list)):
        try:
            axis = [operator.index(axis)]
        except TypeError:
            pass
    axis = tuple(_normalize_axis_index(ax, ndim, argname) for ax in axis)
    if len(set(axis)) != len(axis):
        raise ValueError("repeated axis in `%s` argument" % argname if argname else "repeated axis")
    return axis


def _scalar(x):
    """A 0-d array as its scalar, as ufuncs and array methods return."""
    return x[()] if isinstance(x, ndarray) and x.ndim == 0 else x


def _is_subtype(dt, *kinds):
    return builtins.any(issubclass(dt.type, k) for k in kinds)


def _method(obj, name):
    """``obj.name`` for an object that is not our ndarray (NumPy's dispatch to
    e.g. pandas objects), else None."""
    if type(obj) is ndarray:
        return None
    return getattr(obj, name, None)


def _wrapreduction(obj, uf, method, axis, dtype, out, **kwargs):
    """NumPy's ``_wrapreduction``: the object's own method if it has one,
    else ``uf.reduce``."""
    passkwargs = _given(**kwargs)
    reduction = _method(obj, method)
    if reduction is not None:
        if dtype is not None:
            return reduction(axis=axis, dtype=dtype, out=out, **passkwargs)
        return reduction(axis=axis, out=out, **passkwargs)
    return uf.reduce(obj, axis=axis, dtype=dtype, out=out, **passkwargs)


def _wrapfunc(obj, method, func, *args, **kwargs):
    """NumPy's ``_wrapfunc``: the object's own method when it has one (and it
    takes these arguments), else ``func`` on the object as an array."""
    bound = _method(obj, method)
    if bound is not None:
        try:
            return bound(*args, **kwargs)
        except TypeError:
            pass
    return func(asarray(obj), *args, **kwargs)


# ------------------------------------------------------- plain reductions


def sum(a, axis=None, dtype=None, out=None, keepdims=_NoValue, initial=_NoValue, where=_NoValue):
    """Sum of the elements over the given axes (``add.reduce``)."""
    if type(a) is ndarray and keepdims is initial is where is _NoValue:
        return _core.add.reduce(a, axis, dtype, out)
    if isinstance(a, types.GeneratorType):
        raise TypeError(
            "Calling np.sum(generator) is deprecated. "
            "Use np.sum(np.fromiter(generator)) or "
            "the python sum builtin instead."
        )
    return _wrapreduction(
        a, _core.add, "sum", axis, dtype, out, keepdims=keepdims, initial=initial, where=where
    )


def prod(a, axis=None, dtype=None, out=None, keepdims=_NoValue, initial=_NoValue, where=_NoValue):
    """Product of the elements over the given axes (``multiply.reduce``)."""
    if type(a) is ndarray and keepdims is initial is where is _NoValue:
        return _core.multiply.reduce(a, axis, dtype, out)
    return _wrapreduction(
        a, _core.multiply, "prod", axis, dtype, out,
        keepdims=keepdims, initial=initial, where=where,
    )


def max(a, axis=None, out=None, keepdims=_NoValue, initial=_NoValue, where=_NoValue):
    """Largest element over the given axes (``maximum.reduce``: NaN wins)."""
    if type(a) is ndarray and keepdims is initial is where is _NoValue:
        return _core.maximum.reduce(a, axis, None, out)
    return _wrapreduction(
        a, _core.maximum, "max", axis, None, out, keepdims=keepdims, initial=initial, where=where
    )


def min(a, axis=None, out=None, keepdims=_NoValue, initial=_NoValue, where=_NoValue):
    """Smallest element over the given axes (``minimum.reduce``: NaN wins)."""
    if type(a) is ndarray and keepdims is initial is where is _NoValue:
        return _core.minimum.reduce(a, axis, None, out)
    return _wrapreduction(
        a, _core.minimum, "min", axis, None, out, keepdims=keepdims, initial=initial, where=where
    )


amax = max
amin = min


def _any_all(obj, uf, method, axis, out, **kwargs):
    passkwargs = _given(**kwargs)
    reduction = _method(obj, method)
    if reduction is not None:
        return reduction(axis=axis, out=out, **passkwargs)
    return uf.reduce(obj, axis=axis, dtype=_bool, out=out, **passkwargs)


def all(a, axis=None, out=None, keepdims=_NoValue, *, where=_NoValue):
    """Whether every element along the axes is true."""
    return _any_all(a, _core.logical_and, "all", axis, out, keepdims=keepdims, where=where)


def any(a, axis=None, out=None, keepdims=_NoValue, *, where=_NoValue):
    """Whether any element along the axes is true."""
    return _any_all(a, _core.logical_or, "any", axis, out, keepdims=keepdims, where=where)


def _count_reduce_items(arr, axis, keepdims=False, where=True):
    """How many elements each reduction sees (an intp scalar, or the counts
    of true ``where`` entries), as NumPy's ``_methods._count_reduce_items``."""
    if where is True:
        if axis is None:
            axis = tuple(range(arr.ndim))
        elif not isinstance(axis, tuple):
            axis = (axis,)
        items = 1
        for ax in axis:
            items *= arr.shape[_normalize_axis_index(ax, arr.ndim)]
        return _intp(items)
    mask = _core.broadcast_to(where, arr.shape)
    return _core.add.reduce(mask, axis=axis, dtype=_intp, keepdims=keepdims)


def _divide_result(ret, count):
    """``ret / count`` as ``_methods`` divides (in place for arrays; scalars
    keep their type)."""
    if isinstance(ret, ndarray):
        return _core.divide(ret, count, out=ret, casting="unsafe")
    if hasattr(ret, "dtype"):
        return ret.dtype.type(ret / count)
    return ret / count


def _mean(a, axis=None, dtype=None, out=None, keepdims=False, *, where=True):
    arr = asarray(a)
    rcount = _count_reduce_items(arr, axis, keepdims=keepdims, where=where)
    if rcount == 0 if where is True else _core.logical_or.reduce(rcount == 0, axis=None):
        warnings.warn("Mean of empty slice", RuntimeWarning, stacklevel=3)
    if dtype is None and _is_subtype(arr.dtype, _core.integer, _core.bool_):
        dtype = _core.dtype("f8")
    ret = _core.add.reduce(arr, axis=axis, dtype=dtype, out=out, keepdims=keepdims, where=where)
    return _divide_result(ret, rcount)


def _var(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True, mean=None):
    arr = asarray(a)
    rcount = _count_reduce_items(arr, axis, keepdims=keepdims, where=where)
    if ddof >= rcount if where is True else _core.logical_or.reduce(ddof >= rcount, axis=None):
        warnings.warn("Degrees of freedom <= 0 for slice", RuntimeWarning, stacklevel=3)
    if dtype is None and _is_subtype(arr.dtype, _core.integer, _core.bool_):
        dtype = _core.dtype("f8")

    if mean is not None:
        arrmean = mean
    else:
        arrmean = _core.add.reduce(arr, axis=axis, dtype=dtype, keepdims=True, where=where)
        div = rcount if rcount.ndim == 0 else rcount.reshape(arrmean.shape)
        if isinstance(arrmean, ndarray):
            arrmean = _core.divide(arrmean, div, out=arrmean, casting="unsafe")
        else:
            arrmean = _divide_result(arrmean, rcount)

    # Sum of squared deviations, squared in place as NumPy does (complex:
    # re**2 + im**2, NumPy's fast path, written into the real part).
    x = asarray(_core.subtract(arr, arrmean))
    if _is_subtype(arr.dtype, _core.floating, _core.integer):
        x = _core.square(x, out=x)
    elif x.dtype.kind == "c":
        re, im = x.real, x.imag
        _core.square(re, out=re)
        _core.square(im, out=im)
        x = _core.add(re, im, out=re)
    else:
        x = _core.multiply(x, _core.conjugate(x), out=x).real
    ret = _core.add.reduce(x, axis=axis, dtype=dtype, out=out, keepdims=keepdims, where=where)

    rcount = _core.maximum(rcount - ddof, 0)
    return _divide_result(ret, rcount)


def _std(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True, mean=None):
    ret = _var(a, axis=axis, dtype=dtype, out=out, ddof=ddof, keepdims=keepdims,
               where=where, mean=mean)
    if isinstance(ret, ndarray):
        return _core.sqrt(ret, out=ret)
    if hasattr(ret, "dtype"):
        return ret.dtype.type(_core.sqrt(ret))
    return _core.sqrt(ret)


def mean(a, axis=None, dtype=None, out=None, keepdims=_NoValue, *, where=_NoValue):
    """Arithmetic mean along the axes (float64 for integer and bool input)."""
    if type(a) is ndarray and axis is dtype is out is None and keepdims is where is _NoValue:
        return a.mean()  # the core's whole-array path (else `_mean`)
    kwargs = _given(keepdims=keepdims, where=where)
    method = _method(a, "mean")
    if method is not None:
        return method(axis=axis, dtype=dtype, out=out, **kwargs)
    return _mean(a, axis=axis, dtype=dtype, out=out, **kwargs)


def _mean_method(a, axis=None, dtype=None, out=None, keepdims=False, *, where=True):
    """``ndarray.mean`` where the core's whole-array path does not apply."""
    return _mean(a, axis=axis, dtype=dtype, out=out, keepdims=keepdims, where=where)


def _var_method(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *,
                where=True, mean=None, correction=_NoValue):
    """``ndarray.var`` where the core's whole-array path does not apply."""
    return _var(a, axis=axis, dtype=dtype, out=out, ddof=_ddof(ddof, correction),
                keepdims=keepdims, where=where, mean=mean)


def _std_method(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *,
                where=True, mean=None, correction=_NoValue):
    """``ndarray.std`` where the core's whole-array path does not apply."""
    return _std(a, axis=axis, dtype=dtype, out=out, ddof=_ddof(ddof, correction),
                keepdims=keepdims, where=where, mean=mean)


def _ddof(ddof, correction):
    if correction is not _NoValue:
        if ddof != 0:
            raise ValueError("ddof and correction can't be provided simultaneously.")
        return correction
    return ddof


def var(a, axis=None, dtype=None, out=None, ddof=0, keepdims=_NoValue, *,
        where=_NoValue, mean=_NoValue, correction=_NoValue):
    """Variance along the axes: ``mean(abs(a - a.mean())**2)`` over
    ``N - ddof`` (``correction`` is the array-API name of ``ddof``)."""
    if (type(a) is ndarray and axis is dtype is out is None
            and keepdims is where is mean is correction is _NoValue):
        return a.var(ddof=ddof)  # the core's whole-array path (else `_var`)
    kwargs = _given(keepdims=keepdims, where=where, mean=mean)
    ddof = _ddof(ddof, correction)
    method = _method(a, "var")
    if method is not None:
        return method(axis=axis, dtype=dtype, out=out, ddof=ddof, **kwargs)
    return _var(a, axis=axis, dtype=dtype, out=out, ddof=ddof, **kwargs)


def std(a, axis=None, dtype=None, out=None, ddof=0, keepdims=_NoValue, *,
        where=_NoValue, mean=_NoValue, correction=_NoValue):
    """Standard deviation along the axes: the square root of ``var``."""
    if (type(a) is ndarray and axis is dtype is out is None
            and keepdims is where is mean is correction is _NoValue):
        return a.std(ddof=ddof)  # the core's whole-array path (else `_std`)
    kwargs = _given(keepdims=keepdims, where=where, mean=mean)
    ddof = _ddof(ddof, correction)
    method = _method(a, "std")
    if method is not None:
        return method(axis=axis, dtype=dtype, out=out, ddof=ddof, **kwargs)
    return _std(a, axis=axis, dtype=dtype, out=out, ddof=ddof, **kwargs)


def ptp(a, axis=None, out=None, keepdims=_NoValue):
    """Range (maximum - minimum) along the axes."""
    keepdims = False if keepdims is _NoValue else keepdims
    hi = _core.maximum.reduce(a, axis=axis, out=out, keepdims=keepdims)
    lo = _core.minimum.reduce(a, axis=axis, keepdims=keepdims)
    return _core.subtract(hi, lo, out=out)


def count_nonzero(a, axis=None, *, keepdims=False):
    """How many elements are non-zero (an intp scalar, or an array of counts
    along the axes)."""
    a_bool = asarray(a).astype(_bool)
    if axis is None and not keepdims:
        return _core.add.reduce(a_bool, axis=None, dtype=_intp)
    return _core.add.reduce(a_bool, axis=axis, dtype=_intp, keepdims=keepdims)


# ------------------------------------------------------------ cumulative


def _accumulate(uf, arr, axis, dtype, out):
    """``ndarray.cumsum``/``cumprod``: ``axis=None`` works on the raveled
    array; a 0-d array counts as 1-d."""
    if axis is None or arr.ndim == 0:
        arr = arr.reshape(-1)
        axis = 0 if axis is None else axis
    return uf.accumulate(arr, axis=axis, dtype=dtype, out=out)


def cumsum(a, axis=None, dtype=None, out=None):
    """Running sum along an axis (of the flattened array for ``axis=None``)."""
    return _wrapfunc(
        a, "cumsum", lambda arr, **kw: _accumulate(_core.add, arr, **kw),
        axis=axis, dtype=dtype, out=out,
    )


def cumprod(a, axis=None, dtype=None, out=None):
    """Running product along an axis (of the flattened array for ``axis=None``)."""
    return _wrapfunc(
        a, "cumprod", lambda arr, **kw: _accumulate(_core.multiply, arr, **kw),
        axis=axis, dtype=dtype, out=out,
    )


def _cumulative_func(x, uf, axis, dtype, out, include_initial):
    x = _core.atleast_1d(x)
    if axis is None:
        if x.ndim >= 2:
            raise ValueError(
                "For arrays which have more than one dimension ``axis`` argument is required."
            )
        axis = 0
    if out is not None and include_initial:
        item = [slice(None)] * x.ndim
        item[axis] = slice(1, None)
        uf.accumulate(x, axis=axis, dtype=dtype, out=out[tuple(item)])
        item[axis] = 0
        out[tuple(item)] = uf.identity
        return out
    res = uf.accumulate(x, axis=axis, dtype=dtype, out=out)
    if include_initial:
        shape = list(x.shape)
        shape[axis] = 1
        initial = _core.full(tuple(shape), uf.identity, dtype=res.dtype)
        res = _core.concatenate([initial, res], axis=axis)
    return res


def cumulative_sum(x, /, *, axis=None, dtype=None, out=None, include_initial=False):
    """The array-API running sum (``axis`` required beyond 1-d; optionally
    starting with 0)."""
    return _cumulative_func(x, _core.add, axis, dtype, out, include_initial)


def cumulative_prod(x, /, *, axis=None, dtype=None, out=None, include_initial=False):
    """The array-API running product (``axis`` required beyond 1-d;
    optionally starting with 1)."""
    return _cumulative_func(x, _core.multiply, axis, dtype, out, include_initial)


# ------------------------------------------------------------ clip, round


def _clip(a, min=None, max=None, out=None, **kwargs):
    """``ndarray.clip`` (``_methods._clip``)."""
    if a.dtype.kind in "iu":
        # Python ints beyond the dtype's range mean "no bound" (NEP 50).
        info = iinfo(a.dtype)
        if type(min) is int and min <= info.min:
            min = None
        if type(max) is int and max >= info.max:
            max = None
    if min is None and max is None:
        return _core.positive(a, out=out, **kwargs)
    if min is None:
        return _core.minimum(a, max, out=out, **kwargs)
    if max is None:
        return _core.maximum(a, min, out=out, **kwargs)
    return _clip_both(a, min, max, out=out, **kwargs)


def _clip_method(a, min=None, max=None, out=None, **kwargs):
    """``ndarray.clip(min=None, max=None, out=None, **kwargs)``: unlike the
    function, either bound may be left out (``a.clip(1)``)."""
    return _clip(a, min, max, out=out, **kwargs)


def _clip_both(a, lo, hi, out=None, dtype=None, casting="same_kind"):
    """NumPy's ``clip`` ufunc: ``x < lo -> lo``, then ``> hi -> hi``; a NaN
    anywhere gives NaN; ties keep ``x`` (NumPy's loop for scalar bounds)."""
    dtype = _core.result_type(a, lo, hi) if dtype is None else _core.dtype(dtype)
    if out is not None and not _core.can_cast(dtype, out.dtype, casting):
        raise _core.UFuncTypeError(
            "Cannot cast ufunc 'clip' output from %r to %r with casting rule %r"
            % (dtype, out.dtype, casting)
        )
    lo = asarray(lo, dtype=dtype)
    hi = asarray(hi, dtype=dtype)
    shape = _core.broadcast_shapes(a.shape, lo.shape, hi.shape)
    lo, hi = _core.broadcast_to(lo, shape), _core.broadcast_to(hi, shape)
    res = _core.empty(shape, dtype=dtype)
    res[...] = _core.broadcast_to(a, shape)
    below = _core.less(res, lo)
    if dtype.kind in "fc":
        below |= _core.isnan(lo)
    res[below] = lo[below]
    above = _core.greater(res, hi)
    if dtype.kind in "fc":
        # NaN bounds win, but a NaN already in res stays.
        above |= _core.isnan(hi) & ~_core.isnan(res)
    res[above] = hi[above]
    if out is not None:
        out[...] = res
        return out
    return _scalar(res)


def clip(a, a_min=_NoValue, a_max=_NoValue, out=None, *, min=_NoValue, max=_NoValue, **kwargs):
    """Limit the values to ``[a_min, a_max]`` (either bound may be None; the
    NumPy 2 keywords ``min``/``max`` may be used instead)."""
    if a_min is _NoValue and a_max is _NoValue:
        a_min = None if min is _NoValue else min
        a_max = None if max is _NoValue else max
    elif a_min is _NoValue:
        raise TypeError("clip() missing 1 required positional argument: 'a_min'")
    elif a_max is _NoValue:
        raise TypeError("clip() missing 1 required positional argument: 'a_max'")
    elif min is not _NoValue or max is not _NoValue:
        raise ValueError(
            "Passing `min` or `max` keyword argument when "
            "`a_min` and `a_max` are provided is forbidden."
        )
    return _wrapfunc(a, "clip", _clip, a_min, a_max, out=out, **kwargs)


def _power_of_ten(n):
    """NumPy's ``power_of_ten`` (a table, then repeated multiplication)."""
    if n < 9:
        return float("1e%d" % n)
    ret = 1e9
    for _ in range(n - 9):
        ret *= 10.0
    return ret


def _round(a, decimals=0, out=None):
    """``ndarray.round`` (NumPy's ``PyArray_Round``): complex parts rounded
    separately; integers unchanged for ``decimals >= 0``; else scaled,
    ``rint``-ed (half to even) and scaled back."""
    decimals = operator.index(decimals)
    if a.dtype.kind == "c":
        arr = out if out is not None else a.copy()
        arr.real[...] = _round(a.real, decimals)
        arr.imag[...] = _round(a.imag, decimals)
        return arr
    is_int = a.dtype.kind in "iu"
    if decimals >= 0:
        if is_int:
            if out is not None:
                out[...] = a
                return out
            return a
        if decimals == 0:
            return _core.rint(a) if out is None else _core.rint(a, out=out)
        op1, op2 = _core.multiply, _core.divide
    else:
        op1, op2 = _core.divide, _core.multiply
        decimals = -decimals
    cast_back = False
    if out is None:
        cast_back = is_int
        out = _core.empty(a.shape, dtype="f8" if is_int else a.dtype)
    f = _power_of_ten(decimals)
    ret = op1(a, f, out=out)
    _core.rint(ret, out=ret)
    op2(ret, f, out=ret)
    if cast_back:
        ret = ret.astype(a.dtype)
    return ret


def _round_method(a, decimals=0, out=None):
    ret = _round(a, decimals, out)
    return _scalar(ret) if out is None else ret


def round(a, decimals=0, out=None):
    """Round half to even to ``decimals`` decimals (negative: to the left of
    the point); integers come back unchanged for ``decimals >= 0``."""
    return _wrapfunc(a, "round", _round_method, decimals=decimals, out=out)


around = round


# -------------------------------------------------------- diff, average


def diff(a, n=1, axis=-1, prepend=_NoValue, append=_NoValue):
    """``n``-th discrete difference along ``axis`` (``!=`` for booleans),
    with optional values put before/after first."""
    if n == 0:
        return a
    if n < 0:
        raise ValueError("order must be non-negative but got " + repr(n))
    a = asarray(a)
    nd = a.ndim
    if nd == 0:
        raise ValueError("diff requires input that is at least one dimensional")
    axis = _normalize_axis_index(axis, nd)

    combined = []
    for extra in (prepend, None, append):
        if extra is None:
            combined.append(a)
        elif extra is not _NoValue:
            extra = asarray(extra)
            if extra.ndim == 0:
                shape = list(a.shape)
                shape[axis] = 1
                extra = _core.broadcast_to(extra, tuple(shape))
            combined.append(extra)
    if len(combined) > 1:
        a = _core.concatenate(combined, axis)

    slice1 = [slice(None)] * nd
    slice2 = [slice(None)] * nd
    slice1[axis] = slice(1, None)
    slice2[axis] = slice(None, -1)
    slice1, slice2 = tuple(slice1), tuple(slice2)
    op = _core.not_equal if a.dtype == _bool else _core.subtract
    for _ in range(n):
        a = op(a[slice1], a[slice2])
    return a


def _weights_are_valid(weights, a, axis):
    wgt = asarray(weights)
    if a.shape != wgt.shape:
        if axis is None:
            raise TypeError("Axis must be specified when shapes of a and weights differ.")
        if wgt.shape != tuple(a.shape[ax] for ax in axis):
            raise ValueError(
                "Shape of weights must be consistent with shape of a along specified axis."
            )
        # Line the weights up with their axes of `a`, length 1 elsewhere.
        wgt = wgt.transpose(sorted(range(len(axis)), key=axis.__getitem__))
        wgt = wgt.reshape(tuple(s if ax in axis else 1 for ax, s in enumerate(a.shape)))
    return wgt


def average(a, axis=None, weights=None, returned=False, *, keepdims=_NoValue):
    """Weighted average along the axes (``returned``: also the sum of the
    weights)."""
    a = asarray(a)
    if axis is not None:
        axis = _normalize_axis_tuple(axis, a.ndim, argname="axis")
    keepdims_kw = _given(keepdims=keepdims)

    if weights is None:
        avg = mean(a, axis, **keepdims_kw)
        avg_as_array = asarray(avg)
        scl = avg_as_array.dtype.type(a.size / avg_as_array.size)
    else:
        wgt = _weights_are_valid(weights, a, axis)
        if _is_subtype(a.dtype, _core.integer, _core.bool_):
            result_dtype = _core.result_type(a.dtype, wgt.dtype, "f8")
        else:
            result_dtype = _core.result_type(a.dtype, wgt.dtype)
        scl = sum(wgt, axis=axis, dtype=result_dtype, **keepdims_kw)
        if any(scl == 0.0):
            raise ZeroDivisionError("Weights sum to zero, can't be normalized")
        avg = avg_as_array = sum(_core.multiply(a, wgt, dtype=result_dtype), axis, **keepdims_kw) / scl

    if returned:
        if scl.shape != avg_as_array.shape:
            scl = _core.broadcast_to(scl, avg_as_array.shape).copy()
        return avg, scl
    return avg


# ------------------------------------------------------------ nan functions


def _replace_nan(a, val):
    """A copy of ``a`` with NaNs replaced by ``val``, and the NaN mask (None,
    and ``a`` itself, when the dtype has no NaN)."""
    a = asarray(a)
    if a.dtype.kind not in "fc":
        return a, None
    mask = _core.isnan(a)
    a = a.copy()
    a[mask] = val
    return a, mask


def _copyto(a, val, mask):
    """``val`` where ``mask`` is true (in place for arrays)."""
    if isinstance(a, ndarray):
        a[_core.broadcast_to(mask, a.shape)] = val
        return a
    return a.dtype.type(val)


def _divide_by_count(a, b, out=None):
    with errstate(invalid="ignore", divide="ignore"):
        if isinstance(a, ndarray):
            return _core.divide(a, b, out=a if out is None else out, casting="unsafe")
        if out is None:
            try:
                return a.dtype.type(a / b)
            except AttributeError:
                return a / b
        return _core.divide(a, b, out=out, casting="unsafe")


def _nan_minmax(a, axis, out, fast, slow, fill, keepdims, initial, where):
    kwargs = _given(keepdims=keepdims, initial=initial, where=where)
    if type(a) is ndarray:
        res = fast.reduce(a, axis=axis, out=out, **kwargs)
        if any(_core.isnan(res)):
            warnings.warn("All-NaN slice encountered", RuntimeWarning, stacklevel=3)
        return res
    a, mask = _replace_nan(a, fill)
    res = slow(a, axis=axis, out=out, **kwargs)
    if mask is None:
        return res
    kwargs.pop("initial", None)
    mask = all(mask, axis=axis, **kwargs)
    if any(mask):
        res = _copyto(res, float("nan"), mask)
        warnings.warn("All-NaN axis encountered", RuntimeWarning, stacklevel=3)
    return res


def nanmin(a, axis=None, out=None, keepdims=_NoValue, initial=_NoValue, where=_NoValue):
    """Minimum ignoring NaNs (NaN, with a warning, for all-NaN slices)."""
    return _nan_minmax(a, axis, out, _core.fmin, min, float("inf"), keepdims, initial, where)


def nanmax(a, axis=None, out=None, keepdims=_NoValue, initial=_NoValue, where=_NoValue):
    """Maximum ignoring NaNs (NaN, with a warning, for all-NaN slices)."""
    return _nan_minmax(a, axis, out, _core.fmax, max, float("-inf"), keepdims, initial, where)


def nansum(a, axis=None, dtype=None, out=None, keepdims=_NoValue, initial=_NoValue, where=_NoValue):
    """Sum treating NaNs as zero."""
    a, _ = _replace_nan(a, 0)
    return sum(a, axis=axis, dtype=dtype, out=out, keepdims=keepdims, initial=initial, where=where)


def nanprod(a, axis=None, dtype=None, out=None, keepdims=_NoValue, initial=_NoValue, where=_NoValue):
    """Product treating NaNs as one."""
    a, _ = _replace_nan(a, 1)
    return prod(a, axis=axis, dtype=dtype, out=out, keepdims=keepdims, initial=initial, where=where)


def _check_inexact(dtype, out):
    if dtype is not None:
        dtype = _core.dtype(dtype)
    if dtype is not None and dtype.kind not in "fc":
        raise TypeError("If a is inexact, then dtype must be inexact")
    if out is not None and out.dtype.kind not in "fc":
        raise TypeError("If a is inexact, then out must be inexact")
    return dtype


def nanmean(a, axis=None, dtype=None, out=None, keepdims=_NoValue, *, where=_NoValue):
    """Mean ignoring NaNs (NaN, with a warning, for all-NaN slices)."""
    arr, mask = _replace_nan(a, 0)
    if mask is None:
        return mean(arr, axis=axis, dtype=dtype, out=out, keepdims=keepdims, where=where)
    dtype = _check_inexact(dtype, out)
    cnt = sum(~mask, axis=axis, dtype=_intp, keepdims=keepdims, where=where)
    tot = sum(arr, axis=axis, dtype=dtype, out=out, keepdims=keepdims, where=where)
    avg = _divide_by_count(tot, cnt, out=out)
    if any(cnt == 0):
        warnings.warn("Mean of empty slice", RuntimeWarning, stacklevel=2)
    return avg


def nanvar(a, axis=None, dtype=None, out=None, ddof=0, keepdims=_NoValue, *,
           where=_NoValue, mean=_NoValue, correction=_NoValue):
    """Variance ignoring NaNs (NaN, with a warning, where ``N - ddof <= 0``)."""
    arr, mask = _replace_nan(a, 0)
    if mask is None:
        return var(arr, axis=axis, dtype=dtype, out=out, ddof=ddof, keepdims=keepdims,
                   where=where, mean=mean, correction=correction)
    dtype = _check_inexact(dtype, out)
    ddof = _ddof(ddof, correction)
    where_kw = _given(where=where)

    cnt = sum(~mask, axis=axis, dtype=_intp, keepdims=True, where=where)
    if mean is not _NoValue:
        avg = mean
    else:
        avg = sum(arr, axis=axis, dtype=dtype, keepdims=True, where=where)
        avg = _divide_by_count(avg, cnt)

    _core.subtract(arr, avg, out=arr, casting="unsafe", **where_kw)
    arr = _copyto(arr, 0, mask)
    if arr.dtype.kind == "c":
        sqr = _core.multiply(arr, _core.conjugate(arr), out=arr, **where_kw).real
    else:
        sqr = _core.multiply(arr, arr, out=arr, **where_kw)
    var_ = sum(sqr, axis=axis, dtype=dtype, out=out, keepdims=keepdims, where=where)

    if var_.ndim < cnt.ndim:
        cnt = cnt.squeeze(axis)
    dof = cnt - ddof
    var_ = _divide_by_count(var_, dof)
    isbad = dof <= 0
    if any(isbad):
        warnings.warn("Degrees of freedom <= 0 for slice.", RuntimeWarning, stacklevel=2)
        var_ = _copyto(var_, float("nan"), isbad)
    return var_


def nanstd(a, axis=None, dtype=None, out=None, ddof=0, keepdims=_NoValue, *,
           where=_NoValue, mean=_NoValue, correction=_NoValue):
    """Standard deviation ignoring NaNs: the square root of ``nanvar``."""
    var_ = nanvar(a, axis=axis, dtype=dtype, out=out, ddof=ddof, keepdims=keepdims,
                  where=where, mean=mean, correction=correction)
    if isinstance(var_, ndarray):
        return _core.sqrt(var_, out=var_)
    if hasattr(var_, "dtype"):
        return var_.dtype.type(_core.sqrt(var_))
    return _core.sqrt(var_)


# ------------------------------------------------- ufunc.outer/reduceat/at


def _ufunc_outer(self, A, B, /, **kwargs):
    """``ufunc.outer``: ``op(a, b)`` for every pair, shape
    ``A.shape + B.shape``."""
    if self.nin != 2:
        raise ValueError("outer product only supported for binary functions")
    A, B = asarray(A), asarray(B)
    return self(A.reshape(A.shape + (1,) * B.ndim), B, **kwargs)


def _ufunc_reduceat(self, array, indices, axis=0, dtype=None, out=None):
    """``ufunc.reduceat``: reduce ``array[indices[i]:indices[i+1]]`` along
    ``axis`` (the last slice runs to the end); where ``indices[i] >=
    indices[i+1]`` the result is ``array[indices[i]]``."""
    if self.nin != 2:
        raise ValueError("reduceat only supported for binary functions")
    arr = asarray(array)
    if arr.ndim == 0:
        raise TypeError("cannot reduceat on a scalar")
    if axis is None:
        axes = tuple(range(arr.ndim))
    elif isinstance(axis, tuple):
        axes = tuple(_normalize_axis_index(ax, arr.ndim) for ax in axis)
    else:
        axes = (_normalize_axis_index(axis, arr.ndim),)
    if len(axes) != 1:
        raise ValueError("reduceat does not allow multiple axes")
    axis = axes[0]
    ind = asarray(indices)
    if ind.ndim != 1:
        raise ValueError(
            "setting an array element with a sequence. The requested array would "
            "exceed the maximum number of dimension of 1."
        )
    ind = ind.astype(_intp).tolist()
    n = arr.shape[axis]
    for i in ind:
        if not 0 <= i < n:
            raise IndexError("index %d out-of-bounds in %s.reduceat [0, %d)" % (i, self.__name__, n))

    head = (slice(None),) * axis
    pieces = []
    for k, start in enumerate(ind):
        stop = ind[k + 1] if k + 1 < len(ind) else n
        # NumPy copies the first element, then runs the reduce loop over the
        # rest into it: for add that is first + pairwise_sum(rest), whose
        # empty sum is -0.0 (hence the initial: -0.0 + s == s, bit for bit).
        one = arr[head + (slice(start, start + 1),)]
        first = self.reduce(one, axis=axis, dtype=dtype, keepdims=True)
        first[...] = one  # the copy keeps -0.0, which add's reduce of it does not
        if stop > start + 1:
            rest = arr[head + (slice(start + 1, stop),)]
            if self is _core.add and first.dtype.kind in "fc":
                first = self(first, self.reduce(rest, axis=axis, dtype=first.dtype, keepdims=True,
                                                initial=-0.0), dtype=first.dtype)
            else:
                first = self.reduce(arr[head + (slice(start, stop),)], axis=axis, dtype=dtype,
                                    keepdims=True)
        pieces.append(first)
    if pieces:
        res = _core.concatenate(pieces, axis=axis)
    else:
        # No indices: an empty result of the reduction's dtype.
        try:
            rdtype = self.reduce(arr[head + (slice(0, 1),)], axis=axis, dtype=dtype).dtype
        except (TypeError, ValueError):
            rdtype = arr.dtype
        shape = list(arr.shape)
        shape[axis] = 0
        res = _core.empty(tuple(shape), dtype=rdtype)
    if out is not None:
        out[...] = res
        return out
    return res


def _ufunc_at(self, a, indices, b=None, /):
    """``ufunc.at``: ``a[indices] = op(a[indices], b)`` unbuffered, so that
    repeated indices apply the operation once per occurrence."""
    if not isinstance(a, ndarray):
        raise TypeError("first operand must be array")
    if self.nin == 2 and b is None:
        raise ValueError("second operand needed for ufunc")
    if self.nin == 1 and b is not None:
        raise ValueError("second operand provided when ufunc is unary")
    if self.nin > 2:
        raise ValueError("only unary and binary ufuncs supported at the moment")
    # The C-order flat positions the index selects (any index NumPy takes),
    # then the core's loop over them in order.
    positions = asarray(_core.arange(a.size).reshape(a.shape)[indices])
    if b is not None:
        b = asarray(b)
        try:
            b = _core.broadcast_to(b, positions.shape)
        except ValueError:
            raise ValueError("array is not broadcastable to correct shape") from None
        b = b.ravel()
    _core._ufunc_at(self, a, positions.ravel(), b)


ufunc.outer = _ufunc_outer
ufunc.reduceat = _ufunc_reduceat
ufunc.at = _ufunc_at
