"""Sorting, searching, counting, set operations and order statistics written
in Python on top of the core's ``sort``/``argsort``/``partition``/
``nonzero`` methods, its ufuncs and its fancy indexing (same algorithms,
defaults, errors and messages as NumPy's ``numpy/_core/fromnumeric.py``,
``numpy/_core/numeric.py``, ``numpy/lib/_arraysetops_impl.py``,
``numpy/lib/_shape_base_impl.py`` and ``numpy/lib/_function_base_impl.py``).

The core forwards ``ndarray.searchsorted/take/put/compress/choose`` here:
those functions take the array as their first positional argument.
"""

import builtins
import operator
import warnings
from collections import namedtuple

from . import _core
from ._core import asarray, ndarray
from .exceptions import AxisError

__all__ = [
    "sort", "argsort", "partition", "argpartition", "lexsort", "argmax", "argmin",
    "nanargmax", "nanargmin", "nonzero", "argwhere", "flatnonzero", "where", "extract",
    "take", "take_along_axis", "put", "put_along_axis", "choose", "compress", "select",
    "searchsorted", "isin", "unique", "unique_values", "unique_counts", "unique_inverse",
    "unique_all", "union1d", "intersect1d", "setdiff1d", "setxor1d", "median",
    "percentile", "quantile", "nanmedian", "nanpercentile", "nanquantile",
]


class _NoValueType:
    """NumPy's ``np._NoValue``: "argument not given"."""

    def __repr__(self):
        return "<no value>"


_NoValue = _NoValueType()
_intp = _core.dtype("int64")  # NumPy's intp on the 64-bit platforms we build for
_bool = _core.dtype("?")


def _uf(name):
    # ufuncs are looked up lazily: the package's ufunc module is imported
    # before or after this one depending on __init__'s order.
    from . import _ufuncs

    return getattr(_ufuncs, name)


# ----------------------------------------------------------------- helpers


def _normalize_axis_index(axis, ndim):
    axis = operator.index(axis)
    if not -ndim <= axis < ndim:
        raise AxisError("axis %d is out of bounds for array of dimension %d" % (axis, ndim))
    return axis + ndim if axis < 0 else axis


def _normalize_axis_tuple(axis, ndim):
    if not isinstance(axis, (tuple, list)):
        try:
            axis = [operator.index(axis)]
        except TypeError:
            pass
    axis = tuple(_normalize_axis_index(ax, ndim) for ax in axis)
    if len(set(axis)) != len(axis):
        raise ValueError("repeated axis")
    return axis


def _scalar(x):
    """A 0-d array as its scalar (as NumPy's array methods return)."""
    return x[()] if isinstance(x, ndarray) and x.ndim == 0 else x


def _is_kind(dt, kinds):
    return dt.kind in kinds


def _int_indices(indices):
    """Indices as an intp array (NumPy casts them unsafely)."""
    indices = asarray(indices)
    if indices.dtype != _intp:
        indices = indices.astype(_intp)
    return indices


def _copyto(dst, src, where):
    """``np.copyto(dst, src, where=where)`` for a boolean ``where``."""
    where = _core.broadcast_to(asarray(where, dtype=_bool), dst.shape)
    src = _core.broadcast_to(asarray(src), dst.shape) if asarray(src).shape != dst.shape else asarray(src)
    dst[where] = src[where]


def _any(x):
    """``x.any()`` for an array or a scalar, as a Python bool."""
    return builtins.bool(asarray(x).any())


def _weak(x):
    """``x`` for ``result_type``: Python scalars stay weak, the rest arrays."""
    return x if type(x) in (int, float, complex, builtins.bool) else asarray(x)


def _check_python_int(value, dtype):
    """NumPy 2's error for a Python int that the integer ``dtype`` it takes
    part in cannot hold (NEP 50: it is not promoted to fit)."""
    if type(value) is not int or dtype.kind not in "iu":
        return
    info = _core._iinfo(dtype)
    if not info["min"] <= value <= info["max"]:
        raise OverflowError("Python integer %d out of bounds for %s" % (value, dtype))


def _broadcast_shapes(*shapes):
    """The broadcast shape, with the ufunc machinery's error message."""
    try:
        return _core.broadcast_shapes(*shapes)
    except ValueError:
        def fmt(s):
            return "(" + ",".join(str(n) for n in s) + ("," if len(s) == 1 else "") + ")"

        raise ValueError(
            "operands could not be broadcast together with shapes "
            + "".join(fmt(s) + " " for s in shapes)
        ) from None


def _axis_slices(axis, idx):
    return (slice(None),) * axis + (idx,)


_CLIPMODES = ("raise", "wrap", "clip")


def _clipmode(mode):
    if mode not in _CLIPMODES:
        raise ValueError(
            "clipmode must be one of 'clip', 'raise', or 'wrap' (got %r)" % (mode,)
        )
    return mode


def _fix_indices(idx, n, mode, empty_msg="cannot do a non-empty take from an empty axes.", axis=0):
    """``idx`` (intp array) checked/wrapped/clipped into ``[0, n)``."""
    if idx.size == 0:
        return idx
    if n == 0:
        raise IndexError(empty_msg)
    if mode == "raise":
        bad = (idx < -n) | (idx >= n)
        if _any(bad):
            first = int(asarray(idx).ravel()[asarray(bad).ravel()][0])
            raise IndexError(
                "index %d is out of bounds for axis %d with size %d" % (first, axis, n)
            )
        return idx
    if mode == "wrap":
        return _uf("remainder")(idx, n)
    return _uf("minimum")(_uf("maximum")(idx, 0), n - 1)


# ------------------------------------------------------------------ sorting


def sort(a, axis=-1, kind=None, order=None, *, stable=None):
    """Return a sorted copy of an array (``axis=None``: flattened)."""
    if axis is None:
        a = asarray(a).flatten()
        axis = -1
    else:
        a = asarray(a).copy()
    a.sort(axis=axis, kind=kind, order=order, stable=stable)
    return a


def argsort(a, axis=-1, kind=None, order=None, *, stable=None):
    """Indices that would sort an array (stable)."""
    return asarray(a).argsort(axis=axis, kind=kind, order=order, stable=stable)


def partition(a, kth, axis=-1, kind="introselect", order=None):
    """Return a partitioned copy of an array."""
    a = asarray(a)
    if axis is None:
        a = a.flatten()
        axis = -1
    else:
        a = a.copy()
    a.partition(kth, axis=axis, kind=kind, order=order)
    return a


def argpartition(a, kth, axis=-1, kind="introselect", order=None):
    """Indices that would partition an array."""
    a = asarray(a)
    if axis is None:
        a = a.ravel()
        axis = -1
    return a.argpartition(kth, axis=axis, kind=kind, order=order)


def lexsort(keys, axis=-1):
    """Indirect stable sort on several keys; the last key is the primary one."""
    if isinstance(keys, ndarray):
        keys = [keys[i] for i in range(keys.shape[0])] if keys.ndim else []
    elif isinstance(keys, (list, tuple)):
        keys = [asarray(k) for k in keys]
    else:
        keys = []
    if not keys:
        raise TypeError("need sequence of keys with len > 0 in lexsort")
    shape = keys[0].shape
    for k in keys[1:]:
        if k.shape != shape:
            raise ValueError("all keys need to be the same shape")
    if len(shape) == 0:
        if axis is None:
            raise TypeError("'NoneType' object cannot be interpreted as an integer")
        return _intp.type(0)
    axis = _normalize_axis_index(operator.index(axis), len(shape))
    perm = keys[0].argsort(axis=axis, kind="stable")
    for k in keys[1:]:
        sub = take_along_axis(k, perm, axis)
        perm = take_along_axis(perm, sub.argsort(axis=axis, kind="stable"), axis)
    return perm


def _arg_kwargs(keepdims):
    return {} if keepdims is _NoValue else {"keepdims": keepdims}


def argmax(a, axis=None, out=None, *, keepdims=_NoValue):
    """Indices of the maximum values along an axis."""
    return asarray(a).argmax(axis=axis, out=out, **_arg_kwargs(keepdims))


def argmin(a, axis=None, out=None, *, keepdims=_NoValue):
    """Indices of the minimum values along an axis."""
    return asarray(a).argmin(axis=axis, out=out, **_arg_kwargs(keepdims))


def _replace_nan(a, val):
    a = asarray(a)
    if _is_kind(a.dtype, "fc"):
        mask = _uf("isnan")(a)
        a = a.copy()
        a[mask] = val
        return a, mask
    return a, None


def _nanarg(a, axis, out, keepdims, fill, method):
    a, mask = _replace_nan(a, fill)
    if mask is not None and mask.size:
        mask = mask.all(axis=axis)
        if _any(mask):
            raise ValueError("All-NaN slice encountered")
    return getattr(a, method)(axis=axis, out=out, **_arg_kwargs(keepdims))


def nanargmin(a, axis=None, out=None, *, keepdims=_NoValue):
    """``argmin`` ignoring NaNs (ValueError for an all-NaN slice)."""
    return _nanarg(a, axis, out, keepdims, float("inf"), "argmin")


def nanargmax(a, axis=None, out=None, *, keepdims=_NoValue):
    """``argmax`` ignoring NaNs (ValueError for an all-NaN slice)."""
    return _nanarg(a, axis, out, keepdims, float("-inf"), "argmax")


# ------------------------------------------------------ nonzero and where


def nonzero(a):
    """Indices of the elements that are non-zero, one array per dimension."""
    return asarray(a).nonzero()


def argwhere(a):
    """Indices of the non-zero elements, grouped by element: ``(N, a.ndim)``."""
    a = asarray(a)
    if a.ndim == 0:
        return argwhere(a.reshape(1))[:, :0]
    nz = a.nonzero()
    return _core.stack(nz, axis=1)


def flatnonzero(a):
    """Indices of the non-zero elements of ``a.ravel()``."""
    return asarray(a).ravel().nonzero()[0]


def where(condition, x=_NoValue, y=_NoValue):
    """``where(c)``: ``nonzero(c)``; ``where(c, x, y)``: elements of ``x``
    where ``c`` holds, else of ``y`` (broadcast, NumPy's type promotion)."""
    if x is _NoValue and y is _NoValue:
        return asarray(condition).nonzero()
    if (x is _NoValue) != (y is _NoValue):
        raise ValueError("either both or neither of x and y should be given")
    dtype = _core.result_type(_weak(x), _weak(y))
    for v in (x, y):
        _check_python_int(v, dtype)
    cond = asarray(condition)
    if cond.dtype != _bool:
        cond = cond.astype(_bool)
    xa = asarray(x)
    ya = asarray(y)
    shape = _broadcast_shapes(cond.shape, xa.shape, ya.shape)
    out = _core.empty(shape, dtype=dtype)
    out[...] = _core.broadcast_to(ya.astype(dtype), shape)
    cb = _core.broadcast_to(cond, shape)
    out[cb] = _core.broadcast_to(xa.astype(dtype), shape)[cb]
    return out


def extract(condition, arr):
    """Elements of ``arr.ravel()`` where ``condition.ravel()`` is non-zero."""
    return take(asarray(arr).ravel(), asarray(condition).ravel().nonzero()[0])


# ---------------------------------------------------------- take and put


def take(a, indices, axis=None, out=None, mode="raise"):
    """Elements of an array along an axis (NumPy's ``take``)."""
    a = asarray(a)
    mode = _clipmode(mode)
    if axis is None:
        a = a.ravel()
        axis = 0
    else:
        axis = _normalize_axis_index(axis, a.ndim)
    idx = _fix_indices(_int_indices(indices), a.shape[axis], mode, axis=axis)
    if idx.size == 0:
        res_shape = a.shape[:axis] + idx.shape + a.shape[axis + 1:]
        res = _core.empty(res_shape, dtype=a.dtype)
    else:
        res = a[_axis_slices(axis, idx)]
    if out is not None:
        if not isinstance(out, ndarray):
            raise TypeError("output must be an array")
        res = asarray(res)
        if out.shape != res.shape:
            raise ValueError("output array does not match result of ndarray.take")
        if not _core.can_cast(a.dtype, out.dtype, "same_kind"):
            warnings.warn(
                "Implicit casting of output to a different kind is deprecated. In a future "
                "version, this will result in an error. (Deprecated NumPy 2.5)",
                DeprecationWarning,
                stacklevel=2,
            )
        out[...] = res
        return out
    return res


def _unravel(flat, shape):
    """A flat C-order index array as a tuple of index arrays."""
    idx = []
    for n in reversed(shape[1:]):
        idx.append(_uf("remainder")(flat, n))
        flat = _uf("floor_divide")(flat, n)
    idx.append(flat)
    return tuple(reversed(idx))


def put(a, ind, v, mode="raise"):
    """Set ``a.flat[ind] = v`` (``v`` repeated as needed)."""
    if not isinstance(a, ndarray):
        raise TypeError("argument 1 must be numpy.ndarray, not %s" % (type(a),))
    mode = _clipmode(mode)
    ind = _int_indices(ind).ravel()
    v = asarray(v)
    if v.dtype != a.dtype:
        v = v.astype(a.dtype)
    v = v.ravel()
    if ind.size == 0 or v.size == 0:
        return None
    ind = _fix_indices(ind, a.size, mode, "cannot replace elements of an empty array")
    if mode == "raise":
        ind = _uf("remainder")(ind, a.size)  # negative ones counted from the end
    if v.size != ind.size:
        v = v[_uf("remainder")(_core.arange(ind.size), v.size)]
    if a.ndim == 0:
        a[...] = v[-1]
        return None
    a[_unravel(ind, a.shape)] = v
    return None


def _make_along_axis_idx(arr_shape, indices, axis):
    if not _is_kind(indices.dtype, "iu"):
        raise IndexError("`indices` must be an integer array")
    if len(arr_shape) != indices.ndim:
        raise ValueError("`indices` and `arr` must have the same number of dimensions")
    ones = (1,) * indices.ndim
    fancy = []
    for dim, n in enumerate(arr_shape):
        if dim == axis:
            fancy.append(indices)
        else:
            fancy.append(_core.arange(n).reshape(ones[:dim] + (-1,) + ones[dim + 1:]))
    return tuple(fancy)


def take_along_axis(arr, indices, axis=-1):
    """Values of ``arr`` at the 1-d ``indices`` of each slice along ``axis``."""
    arr = asarray(arr)
    indices = asarray(indices)
    if axis is None:
        if indices.ndim != 1:
            raise ValueError("when axis=None, `indices` must have a single dimension.")
        arr = arr.flatten()
        axis = 0
    else:
        axis = _normalize_axis_index(axis, arr.ndim)
    return arr[_make_along_axis_idx(arr.shape, indices, axis)]


def put_along_axis(arr, indices, values, axis):
    """Set the values of ``arr`` at the 1-d ``indices`` of each slice."""
    indices = asarray(indices)
    if axis is None:
        if indices.ndim != 1:
            raise ValueError("when axis=None, `indices` must have a single dimension.")
        if not _is_kind(indices.dtype, "iu"):
            raise IndexError("`indices` must be an integer array")
        n = arr.size
        idx = _uf("remainder")(indices.astype(_intp), n) if n else indices
        if indices.size and _any((indices < -n) | (indices >= n)):
            bad = indices[(indices < -n) | (indices >= n)][0]
            raise IndexError("index %d is out of bounds for axis 0 with size %d" % (int(bad), n))
        arr[_unravel(idx, arr.shape) if arr.ndim else ()] = values
        return None
    axis = _normalize_axis_index(axis, arr.ndim)
    arr[_make_along_axis_idx(arr.shape, indices, axis)] = values
    return None


def choose(a, choices, out=None, mode="raise"):
    """``choices[a[i]][i]`` for each ``i``, all inputs broadcast together."""
    mode = _clipmode(mode)
    a = asarray(a)
    if not _core.can_cast(a.dtype, _intp, "safe"):
        raise TypeError(
            "Cannot cast array data from %r to %r according to the rule 'safe'" % (a.dtype, _intp)
        )
    if isinstance(choices, ndarray):
        choices = [choices[i] for i in range(choices.shape[0])] if choices.ndim else [choices]
    else:
        choices = list(choices)
    n = len(choices)
    if n == 0:
        raise ValueError("0-length sequence.")
    dtype = _core.result_type(*[_weak(c) for c in choices])
    arrays = [asarray(c) for c in choices]
    shape = _core.broadcast_shapes(*[c.shape for c in arrays], a.shape)
    idx = _core.broadcast_to(a.astype(_intp), shape)
    if mode == "raise":
        if idx.size and _any((idx < 0) | (idx >= n)):
            raise ValueError("invalid entry in choice array")
    elif mode == "wrap":
        idx = _uf("remainder")(idx, n)
    else:
        idx = _uf("minimum")(_uf("maximum")(idx, 0), n - 1)
    res = _core.empty(shape, dtype=dtype)
    for k, c in enumerate(arrays):
        m = idx == k
        if _any(m):
            res[m] = _core.broadcast_to(c.astype(dtype), shape)[m]
    if out is not None:
        out[...] = res
        return out
    return _scalar(res)


def compress(condition, a, axis=None, out=None):
    """Slices of ``a`` along ``axis`` where ``condition`` (1-d) holds."""
    condition = asarray(condition)
    if condition.ndim != 1:
        raise ValueError("condition must be a 1-d array")
    return take(a, condition.nonzero()[0], axis=axis, out=out)


def _compress_method(a, condition, axis=None, out=None):
    """``a.compress(condition, axis=None, out=None)``."""
    return compress(condition, a, axis=axis, out=out)


def select(condlist, choicelist, default=0):
    """Elements from ``choicelist`` by the first true condition in ``condlist``."""
    if len(condlist) != len(choicelist):
        raise ValueError("list of cases must be same length as list of conditions")
    if len(condlist) == 0:
        raise ValueError("select with an empty condition list is not possible")
    choicelist = [c if type(c) in (int, float, complex) else asarray(c) for c in choicelist]
    choicelist.append(default if type(default) in (int, float, complex) else asarray(default))
    try:
        dtype = _core.result_type(*choicelist)
    except TypeError as e:
        raise TypeError("Choicelist and default value do not have a common dtype: %s" % e) from None
    condlist = _core.broadcast_arrays(*[asarray(c) for c in condlist])
    choicelist = _core.broadcast_arrays(*[asarray(c) for c in choicelist])
    for i, cond in enumerate(condlist):
        if cond.dtype != _bool:
            raise TypeError("invalid entry %d in condlist: should be boolean ndarray" % i)
    if choicelist[0].ndim == 0:
        shape = condlist[0].shape
    else:
        shape = _core.broadcast_shapes(condlist[0].shape, choicelist[0].shape)
    result = _core.empty(shape, dtype=dtype)
    result[...] = choicelist[-1].astype(dtype)
    for choice, cond in zip(choicelist[-2::-1], condlist[::-1]):
        _copyto(result, choice.astype(dtype), cond)
    return result


# ------------------------------------------------------------ searchsorted


def _sort_lt(x, y):
    """``x < y`` in the sort order (NaNs last; complex lexicographic)."""
    kind = x.dtype.kind
    lt, isnan = _uf("less"), _uf("isnan")
    if kind == "f":
        return lt(x, y) | (isnan(y) & ~isnan(x))
    if kind == "c":
        xr, xi, yr, yi = x.real, x.imag, y.real, y.imag
        eq, gt = _uf("equal"), _uf("greater")
        xrn, xin, yrn, yin = isnan(xr), isnan(xi), isnan(yr), isnan(yi)
        r_lt = lt(xr, yr) & (~xin | yin)
        r_gt = gt(xr, yr) & (yin & ~xin)
        same = eq(xr, yr) | (xrn & yrn)
        r_same = same & (lt(xi, yi) | (yin & ~xin))
        other = ~lt(xr, yr) & ~gt(xr, yr) & ~same & yrn
        return r_lt | r_gt | r_same | other
    return lt(x, y)


def searchsorted(a, v, side="left", sorter=None):
    """Indices where ``v`` would be inserted into the sorted 1-d ``a`` to
    keep it sorted (a vectorised binary search: ``log2(len(a))`` whole-array
    steps)."""
    if not isinstance(side, str) or side.lower()[:1] not in ("l", "r"):
        raise ValueError("search side must be 'left' or 'right' (got %r)" % (side,))
    if side not in ("left", "right"):
        raise ValueError("search side must be one of 'left' or 'right'")
    a = asarray(a)
    if a.ndim == 0:
        raise ValueError("object of too small depth for desired array")
    if a.ndim > 1:
        raise ValueError("object too deep for desired array")
    dtype = _core.promote_types(a.dtype, asarray(v).dtype)
    if sorter is not None:
        sorter = asarray(sorter)
        if sorter.ndim != 1:
            raise TypeError("could not parse sorter argument")
        if not _is_kind(sorter.dtype, "iub"):
            raise TypeError("sorter must only contain integers")
        if sorter.size != a.size:
            raise ValueError("sorter.size must equal a.size")
        if sorter.size and _any((sorter < 0) | (sorter >= a.size)):
            raise ValueError("Sorter index out of range.")
        a = a[sorter.astype(_intp)] if a.size else a
    if a.dtype != dtype:
        a = a.astype(dtype)
    v = asarray(v)
    if v.dtype != dtype:
        v = v.astype(dtype)
    vshape = v.shape
    v = v.ravel()
    n = a.shape[0]
    lo = _core.zeros(v.shape, dtype=_intp)
    if n == 0 or v.size == 0:
        return _scalar(lo.reshape(vshape))
    hi = _core.full(v.shape, n, dtype=_intp)
    right = side == "right"
    while True:
        active = lo < hi
        if not _any(active):
            break
        mid = _uf("right_shift")(lo + hi, 1)
        am = a[_uf("minimum")(mid, n - 1)]
        go_right = ~_sort_lt(v, am) if right else _sort_lt(am, v)
        go_right = go_right & active
        lo = _sel(go_right, mid + 1, lo)
        hi = _sel(active & ~go_right, mid, hi)
    return _scalar(lo.reshape(vshape))


def _sel(mask, x, y):
    """``where(mask, x, y)`` for same-shape intp arrays."""
    out = y.copy()
    out[mask] = x[mask]
    return out


# ----------------------------------------------------------- set routines


def _unpack_tuple(x):
    return x[0] if len(x) == 1 else x


def unique(ar, return_index=False, return_inverse=False, return_counts=False,
           axis=None, *, equal_nan=True, sorted=True):
    """The sorted unique elements of an array (and, optionally, the index of
    each one's first occurrence, the inverse indices, the counts)."""
    ar = asarray(ar)
    if axis is None or ar.ndim == 1:
        if axis is not None:
            _normalize_axis_index(axis, ar.ndim)
        ret = _unique1d(ar, return_index, return_inverse, return_counts,
                        equal_nan=equal_nan, inverse_shape=ar.shape)
        return _unpack_tuple(ret)
    if ar.ndim == 0:
        raise AxisError("axis %d is out of bounds for array of dimension 0" % operator.index(axis))
    axis = _normalize_axis_index(axis, ar.ndim)
    moved = _core.moveaxis(ar, axis, 0)
    orig_shape = moved.shape
    m = 1
    for s in orig_shape[1:]:
        m *= s
    rows = moved.reshape(orig_shape[0], m)
    n = rows.shape[0]
    # lexicographic order of the rows: the first column is the primary key
    perm = _core.arange(n)
    for j in range(m - 1, -1, -1):
        col = rows[:, j][perm]
        perm = perm[col.argsort(kind="stable")]
    aux = rows[perm]
    mask = _core.empty((n,), dtype=_bool)
    if n:
        mask[:1] = True
        if m:
            mask[1:] = (aux[1:] != aux[:-1]).any(axis=1)
        else:
            mask[1:] = False
    uniq = aux[mask]
    uniq = uniq.reshape((uniq.shape[0],) + orig_shape[1:])
    ret = (_core.moveaxis(uniq, 0, axis),)
    ret += _unique_extras(mask, perm, return_index, return_inverse, return_counts, None)
    return _unpack_tuple(ret)


def _unique_extras(mask, perm, return_index, return_inverse, return_counts, inverse_shape):
    ret = ()
    if return_index:
        ret += (perm[mask],)
    if return_inverse:
        imask = mask.cumsum() - 1
        inv = _core.empty(mask.shape, dtype=_intp)
        if mask.size:
            inv[perm] = imask
        ret += (inv.reshape(inverse_shape) if inverse_shape is not None else inv,)
    if return_counts:
        idx = _core.concatenate(mask.nonzero() + (_core.array([mask.size], dtype=_intp),))
        ret += (idx[1:] - idx[:-1],)
    return ret


def _unique1d(ar, return_index=False, return_inverse=False, return_counts=False, *,
              equal_nan=True, inverse_shape=None):
    ar = ar.flatten()
    optional_indices = return_index or return_inverse
    # NumPy finds the values alone with a hash table (first occurrence of
    # each value wins, e.g. among NaNs), the rest by sorting
    hashed = not optional_indices and not return_counts
    if optional_indices or (hashed and equal_nan and ar.dtype.kind == "c"):
        perm = ar.argsort(kind="stable")
        aux = ar[perm]
    else:
        ar.sort(kind="stable")
        aux = ar
        perm = None
    mask = _core.empty(aux.shape, dtype=_bool)
    mask[:1] = True
    if (equal_nan and aux.shape[0] > 0 and aux.dtype.kind in "fc"
            and _uf("isnan")(aux[-1])):
        isn = _uf("isnan")(aux)
        first = int(searchsorted(isn, True, side="left"))
        if first > 0:
            mask[1:first] = aux[1:first] != aux[:first - 1]
        mask[first] = True
        mask[first + 1:] = False
        if hashed and perm is not None:
            aux = aux.copy()
            aux[first] = ar[perm[first:].min()]  # the first NaN of the input
    else:
        mask[1:] = aux[1:] != aux[:-1]
    ret = (aux[mask],)
    ret += _unique_extras(mask, perm, return_index, return_inverse, return_counts, inverse_shape)
    return ret


UniqueAllResult = namedtuple("UniqueAllResult", ["values", "indices", "inverse_indices", "counts"])
UniqueCountsResult = namedtuple("UniqueCountsResult", ["values", "counts"])
UniqueInverseResult = namedtuple("UniqueInverseResult", ["values", "inverse_indices"])


def unique_all(x):
    """Unique values, first indices, inverse indices and counts (array API)."""
    return UniqueAllResult(*unique(x, return_index=True, return_inverse=True,
                                   return_counts=True, equal_nan=False, sorted=False))


def unique_counts(x):
    """Unique values and their counts (array API)."""
    return UniqueCountsResult(*unique(x, return_counts=True, equal_nan=False, sorted=False))


def unique_inverse(x):
    """Unique values and the inverse indices (array API)."""
    return UniqueInverseResult(*unique(x, return_inverse=True, equal_nan=False, sorted=False))


def unique_values(x):
    """Unique values (array API; always sorted here)."""
    return unique(x, equal_nan=False, sorted=False)


def union1d(ar1, ar2):
    """Sorted unique values in either array."""
    return unique(_core.concatenate((ar1, ar2), axis=None))


def intersect1d(ar1, ar2, assume_unique=False, return_indices=False):
    """Sorted unique values in both arrays (and their indices)."""
    ar1 = asarray(ar1)
    ar2 = asarray(ar2)
    if not assume_unique:
        if return_indices:
            ar1, ind1 = unique(ar1, return_index=True)
            ar2, ind2 = unique(ar2, return_index=True)
        else:
            ar1 = unique(ar1)
            ar2 = unique(ar2)
    else:
        ar1 = ar1.ravel()
        ar2 = ar2.ravel()
    aux = _core.concatenate((ar1, ar2))
    if return_indices:
        aux_sort_indices = aux.argsort(kind="stable")
        aux = aux[aux_sort_indices]
    else:
        aux.sort(kind="stable")
    mask = aux[1:] == aux[:-1]
    int1d = aux[:-1][mask]
    if return_indices:
        ar1_indices = aux_sort_indices[:-1][mask]
        ar2_indices = aux_sort_indices[1:][mask] - ar1.size
        if not assume_unique:
            ar1_indices = ind1[ar1_indices]
            ar2_indices = ind2[ar2_indices]
        return int1d, ar1_indices, ar2_indices
    return int1d


def setxor1d(ar1, ar2, assume_unique=False):
    """Sorted unique values in exactly one of the arrays."""
    if not assume_unique:
        ar1 = unique(ar1)
        ar2 = unique(ar2)
    aux = _core.concatenate((ar1, ar2), axis=None)
    if aux.size == 0:
        return aux
    aux.sort(kind="stable")
    t = _core.array([True])
    flag = _core.concatenate((t, aux[1:] != aux[:-1], t))
    return aux[flag[1:] & flag[:-1]]


def _isin(ar1, ar2, assume_unique=False, invert=False, *, kind=None):
    ar1 = asarray(ar1).ravel()
    ar2 = asarray(ar2).ravel()
    if kind not in {None, "sort", "table"}:
        raise ValueError("Invalid kind: '%s'. Please use None, 'sort' or 'table'." % (kind,))
    is_int = builtins.all(x.dtype.kind in "uib" for x in (ar1, ar2))
    if kind == "table" and not is_int:
        raise ValueError(
            "The 'table' method is only supported for boolean or integer arrays. "
            "Please select 'sort' or None for kind."
        )
    if ar2.size == 0 or ar1.size == 0:
        return _core.full(ar1.shape, bool(invert), dtype=_bool)
    if len(ar2) < 10 * len(ar1) ** 0.145:
        if invert:
            mask = _core.ones(len(ar1), dtype=_bool)
            for a in ar2:
                mask &= ar1 != a
        else:
            mask = _core.zeros(len(ar1), dtype=_bool)
            for a in ar2:
                mask |= ar1 == a
        return mask
    if not assume_unique:
        ar1, rev_idx = unique(ar1, return_inverse=True)
        ar2 = unique(ar2)
    ar = _core.concatenate((ar1, ar2))
    order = ar.argsort(kind="stable")
    sar = ar[order]
    bool_ar = (sar[1:] != sar[:-1]) if invert else (sar[1:] == sar[:-1])
    flag = _core.concatenate((bool_ar, _core.array([bool(invert)])))
    ret = _core.empty(ar.shape, dtype=_bool)
    ret[order] = flag
    if assume_unique:
        return ret[:len(ar1)]
    return ret[rev_idx]


def isin(element, test_elements, assume_unique=False, invert=False, *, kind=None):
    """Whether each element of ``element`` is in ``test_elements``."""
    element = asarray(element)
    return _isin(element, test_elements, assume_unique=assume_unique,
                 invert=invert, kind=kind).reshape(element.shape)


def setdiff1d(ar1, ar2, assume_unique=False):
    """Sorted unique values of ``ar1`` that are not in ``ar2``."""
    if assume_unique:
        ar1 = asarray(ar1).ravel()
    else:
        ar1 = unique(ar1)
        ar2 = unique(ar2)
    return ar1[_isin(ar1, ar2, assume_unique=True, invert=True)]


# -------------------------------------------------------- order statistics


def _ureduce(a, func, keepdims=False, **kwargs):
    """NumPy's ``_ureduce``: ``func`` over one axis (several axes merged into
    the last one), then ``keepdims`` and ``out``."""
    a = asarray(a)
    axis = kwargs.get("axis")
    out = kwargs.pop("out", None)
    if keepdims is _NoValue:
        keepdims = False
    nd = a.ndim
    if axis is not None:
        axis = _normalize_axis_tuple(axis, nd)
        if len(axis) == 1:
            kwargs["axis"] = axis[0]
        else:
            keep = [i for i in range(nd) if i not in axis]
            a = _core.moveaxis(a, keep, list(range(len(keep))))
            a = a.reshape(a.shape[:len(keep)] + (-1,))
            kwargs["axis"] = -1
    r = func(a, **kwargs)
    if keepdims:
        if axis is None:
            index_r = (None,) * nd
        else:
            index_r = tuple(None if i in axis else slice(None) for i in range(nd))
        r = asarray(r)[(Ellipsis,) + index_r]
    if out is not None:
        out[...] = r
        return out
    return r


def _mean_of(x, axis):
    """NumPy's ``_mean`` (sum in float64 for integer/bool input, then divide)."""
    dtype = _core.dtype("f8") if x.dtype.kind in "biu" else None
    count = x.shape[axis]
    if count == 0:
        warnings.warn("Mean of empty slice", RuntimeWarning, stacklevel=4)
    ret = _uf("add").reduce(x, axis=axis, dtype=dtype)
    if isinstance(ret, ndarray):
        return _uf("true_divide")(ret, count, casting="unsafe", dtype=ret.dtype)
    return ret.dtype.type(ret / count)


def _median(a, axis=None, overwrite_input=False):
    a = asarray(a)
    sz = a.size if axis is None else a.shape[axis]
    if sz % 2 == 0:
        szh = sz // 2
        kth = [szh - 1, szh]
    else:
        kth = [(sz - 1) // 2]
    supports_nans = a.dtype.kind in "fc"
    if supports_nans:
        kth.append(-1)
    if sz == 0:
        part = a.ravel() if axis is None else a
    elif overwrite_input:
        if axis is None:
            part = a.ravel()
            part.partition(kth)
        else:
            a.partition(kth, axis=axis)
            part = a
    else:
        part = partition(a, kth, axis=axis)
    if part.shape == ():
        return part.item()
    if axis is None:
        axis = 0
    indexer = [slice(None)] * part.ndim
    index = part.shape[axis] // 2
    if part.shape[axis] % 2 == 1:
        indexer[axis] = slice(index, index + 1)
    else:
        indexer[axis] = slice(index - 1, index + 1)
    rout = _mean_of(part[tuple(indexer)], axis)
    if supports_nans and sz > 0:
        potential = take(part, -1, axis=axis)
        n = _uf("isnan")(potential)
        if _any(n):
            if not isinstance(rout, ndarray):
                return potential
            _copyto(rout, potential, n)
    return rout


def median(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    """Median along the given axes."""
    return _ureduce(a, func=_median, keepdims=keepdims, axis=axis, out=out,
                    overwrite_input=overwrite_input)


def _floor(x):
    return _uf("floor")(x)


def _discrete_to_boundaries(index, cond):
    previous = _floor(index)
    nxt = previous + 1
    gamma = index - previous
    res = _sel_any(cond(gamma, index), previous, nxt).astype(_intp)
    res[res < 0] = 0
    return res


def _sel_any(mask, x, y):
    shape = _core.broadcast_shapes(asarray(mask).shape, asarray(x).shape, asarray(y).shape)
    out = _core.broadcast_to(asarray(y), shape).copy()
    m = _core.broadcast_to(asarray(mask), shape)
    out[m] = _core.broadcast_to(asarray(x), shape)[m]
    return out


def _gamma_mask(gamma, default, conditioned, where):
    out = _core.full(gamma.shape, default)
    out[where] = conditioned
    return out


def _closest_observation(n, q):
    return _discrete_to_boundaries(
        (n * q) - 1 - 0.5,
        lambda g, i: (g == 0) & (_uf("remainder")(_floor(i), 2) == 1),
    )


_METHODS = {
    "inverted_cdf": (lambda n, q: _discrete_to_boundaries((n * q) - 1, lambda g, _: g == 0), None),
    "averaged_inverted_cdf": (
        lambda n, q: (n * q) - 1,
        lambda g, _: _gamma_mask(g, 1.0, 0.5, g == 0),
    ),
    "closest_observation": (_closest_observation, None),
    "interpolated_inverted_cdf": (lambda n, q: _virtual(n, q, 0, 1), lambda g, _: g),
    "hazen": (lambda n, q: _virtual(n, q, 0.5, 0.5), lambda g, _: g),
    "weibull": (lambda n, q: _virtual(n, q, 0, 0), lambda g, _: g),
    "linear": (lambda n, q: (n - 1) * q, lambda g, _: g),
    "median_unbiased": (lambda n, q: _virtual(n, q, 1 / 3.0, 1 / 3.0), lambda g, _: g),
    "normal_unbiased": (lambda n, q: _virtual(n, q, 3 / 8.0, 3 / 8.0), lambda g, _: g),
    "lower": (lambda n, q: _floor((n - 1) * q).astype(_intp), None),
    "higher": (lambda n, q: _uf("ceil")((n - 1) * q).astype(_intp), None),
    "midpoint": (
        lambda n, q: 0.5 * (_floor((n - 1) * q) + _uf("ceil")((n - 1) * q)),
        lambda g, i: _gamma_mask(g, 0.5, 0.0, _uf("remainder")(i, 1) == 0),
    ),
    "nearest": (lambda n, q: _uf("rint")((n - 1) * q).astype(_intp), None),
}


def _virtual(n, q, alpha, beta):
    return n * q + (alpha + q * (1 - alpha - beta)) - 1


def _quantile_is_valid(q):
    if q.size == 0:
        return True
    return bool((q.min() >= 0) & (q.max() <= 1))


def _lerp(a, b, t):
    diff_b_a = b - a
    lerp = asarray(_uf("add")(a, diff_b_a * t)).copy()
    _uf("subtract")(b, diff_b_a * (1 - t), out=lerp, where=asarray(t >= 0.5),
                    casting="unsafe", dtype=lerp.dtype)
    return lerp


def _quantile(arr, q, axis, method, weak_q):
    values_count = arr.shape[axis]
    if values_count == 0:
        raise IndexError("index -1 is out of bounds for axis 0 with size 0")
    if axis != 0:
        arr = _core.moveaxis(arr, axis, 0)
    supports_nans = arr.dtype.kind in "fc"
    try:
        get_index, fix_gamma = _METHODS[method]
    except (KeyError, TypeError):
        raise ValueError(
            "%r is not a valid method. Use one of: dict_keys(%r)" % (method, list(_METHODS))
        ) from None
    qflat = q.reshape(-1)
    vi = asarray(get_index(values_count, qflat))
    rest = arr.shape[1:]
    if fix_gamma is None or (method == "linear" and vi.dtype.kind in "iu"):
        kth = vi.astype(_intp)
        if supports_nans:
            kth = _core.concatenate((kth, _core.array([-1], dtype=_intp)))
        arr.partition(kth, axis=0)
        result = take(arr, vi.astype(_intp), axis=0)
    else:
        prev = _floor(vi)
        nxt = prev + 1
        above = vi >= values_count - 1
        prev[above] = -1
        nxt[above] = -1
        below = vi < 0
        prev[below] = 0
        nxt[below] = 0
        if supports_nans:
            vnan = _uf("isnan")(vi)
            prev[vnan] = -1
            nxt[vnan] = -1
        prev = prev.astype(_intp)
        nxt = nxt.astype(_intp)
        kth = unique(_core.concatenate((_core.array([0, -1], dtype=_intp), prev, nxt)))
        arr.partition(kth, axis=0)
        previous = arr[prev]
        nextv = arr[nxt]
        gamma = asarray(fix_gamma(asarray(vi - prev), vi)).astype(vi.dtype)
        if weak_q:
            gamma = float(gamma[0])
        else:
            gamma = gamma.reshape(gamma.shape + (1,) * (arr.ndim - 1))
        result = _lerp(previous, nextv, gamma)
    result = asarray(result).reshape(q.shape + rest)
    if supports_nans:
        last = arr[-1]
        nans = asarray(_uf("isnan")(last))
        if _any(nans):
            if result.ndim == 0:
                return last
            _copyto(result, last, nans)
    return _scalar(result)


def _quantile_ureduce_func(a, q, axis=None, overwrite_input=False, method="linear", weak_q=False):
    if q.ndim > 2:
        raise ValueError("q must be a scalar or 1d")
    if overwrite_input:
        if axis is None:
            axis = 0
            arr = a.ravel()
        else:
            arr = a
    elif axis is None:
        axis = 0
        arr = a.flatten()
    else:
        arr = a.copy()
    return _quantile(arr, q, axis, method, weak_q)


def _check_quantile_args(a, weights, method):
    if weights is not None:
        raise NotImplementedError("weights are not supported by numpy_hpy yet")
    a = asarray(a)
    if a.dtype.kind == "c":
        raise TypeError("a must be an array of real numbers")
    return a


def quantile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
             keepdims=False, *, weights=None):
    """The ``q``-th quantiles (``q`` in ``[0, 1]``) along the given axes."""
    a = _check_quantile_args(a, weights, method)
    weak_q = type(q) in (int, float)
    q = asarray(q)
    if not _quantile_is_valid(q):
        raise ValueError("Quantiles must be in the range [0, 1]")
    return _ureduce(a, func=_quantile_ureduce_func, q=q, keepdims=keepdims, axis=axis,
                    out=out, overwrite_input=overwrite_input, method=method, weak_q=weak_q)


def percentile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
               keepdims=False, *, weights=None):
    """The ``q``-th percentiles (``q`` in ``[0, 100]``) along the given axes."""
    a = _check_quantile_args(a, weights, method)
    weak_q = type(q) in (int, float)
    q = asarray(_uf("true_divide")(q, 100))
    if not _quantile_is_valid(q):
        raise ValueError("Percentiles must be in the range [0, 100]")
    return _ureduce(a, func=_quantile_ureduce_func, q=q, keepdims=keepdims, axis=axis,
                    out=out, overwrite_input=overwrite_input, method=method, weak_q=weak_q)


# ------------------------------------------------------ nan order statistics


def _nan_1d_apply(a, axis, func1d):
    """Apply ``func1d`` (1-d, NaN-free input) to each slice along ``axis``."""
    moved = _core.moveaxis(a, axis, -1)
    lead = moved.shape[:-1]
    flat = moved.reshape((-1, moved.shape[-1]))
    results = [asarray(func1d(flat[i])) for i in range(flat.shape[0])]
    return results, lead


def _nanfunc(a, axis, compute, empty_value):
    """``compute(1-d clean)`` over every slice along ``axis`` (NaNs removed);
    all-NaN slices give ``empty_value`` with NumPy's warning."""
    a = asarray(a)
    if axis is None:
        a = a.ravel()
        axis = 0
    axis = _normalize_axis_index(axis, a.ndim)
    isnan = _uf("isnan")
    warned = [False]

    def one(x):
        keep = ~isnan(x)
        x = x[keep]
        if x.size == 0:
            if not warned[0]:
                warnings.warn("All-NaN slice encountered", RuntimeWarning, stacklevel=5)
                warned[0] = True
            return empty_value()
        return compute(x)

    if a.ndim == 1:
        return one(a)
    results, lead = _nan_1d_apply(a, axis, one)
    if not results:
        return None
    stacked = _core.stack(results, axis=-1) if results[0].ndim else _core.stack(results)
    tail = results[0].shape
    if tail:
        return stacked.reshape(tail + lead)
    return stacked.reshape(lead)


def nanmedian(a, axis=None, out=None, overwrite_input=False, keepdims=_NoValue):
    """Median ignoring NaNs."""
    a = asarray(a)
    if a.dtype.kind not in "fc":
        return median(a, axis=axis, out=out, overwrite_input=overwrite_input,
                      keepdims=False if keepdims is _NoValue else keepdims)
    if a.size == 0:
        return median(a, axis=axis, out=out, keepdims=False if keepdims is _NoValue else keepdims)

    def kernel(arr, axis=None, overwrite_input=False):
        nanval = _core.full((), float("nan"), dtype=arr.dtype)[()]
        r = _nanfunc(arr, axis, lambda x: _median(x), lambda: nanval)
        return r

    return _ureduce(a, func=kernel, keepdims=keepdims, axis=axis, out=out,
                    overwrite_input=overwrite_input)


def _nanquantile(a, q, axis, out, overwrite_input, method, keepdims, weak_q):
    def kernel(arr, axis=None, overwrite_input=False):
        def compute(x):
            return _quantile(x.copy(), q, 0, method, weak_q)

        def empty():
            probe = _quantile(_core.zeros(1, dtype=arr.dtype), q, 0, method, weak_q)
            probe = asarray(probe)
            return _core.full(probe.shape, float("nan"), dtype=probe.dtype)

        return _nanfunc(arr, axis, compute, empty)

    return _ureduce(a, func=kernel, keepdims=keepdims, axis=axis, out=out,
                    overwrite_input=overwrite_input)


def nanquantile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
                keepdims=_NoValue, *, weights=None):
    """``quantile`` ignoring NaNs."""
    a = _check_quantile_args(a, weights, method)
    weak_q = type(q) in (int, float)
    q = asarray(q)
    if not _quantile_is_valid(q):
        raise ValueError("Quantiles must be in the range [0, 1]")
    if a.dtype.kind not in "fc":
        return quantile(a, q if not weak_q else q[()].item(), axis=axis, out=out,
                        overwrite_input=overwrite_input, method=method,
                        keepdims=False if keepdims is _NoValue else keepdims)
    return _nanquantile(a, q, axis, out, overwrite_input, method, keepdims, weak_q)


def nanpercentile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
                  keepdims=_NoValue, *, weights=None):
    """``percentile`` ignoring NaNs."""
    a = _check_quantile_args(a, weights, method)
    weak_q = type(q) in (int, float)
    q = asarray(_uf("true_divide")(q, 100))
    if not _quantile_is_valid(q):
        raise ValueError("Percentiles must be in the range [0, 100]")
    if a.dtype.kind not in "fc":
        return _ureduce(a, func=_quantile_ureduce_func, q=q,
                        keepdims=False if keepdims is _NoValue else keepdims, axis=axis,
                        out=out, overwrite_input=overwrite_input, method=method,
                        weak_q=weak_q)
    return _nanquantile(a, q, axis, out, overwrite_input, method, keepdims, weak_q)
