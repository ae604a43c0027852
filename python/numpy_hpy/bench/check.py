"""The correctness gate: before a row is timed, numpy_hpy's result must equal
NumPy's (type of result, dtype, shape, values), so that no row can time a
wrong answer."""

# Float results may differ in the last bits where the two libraries use
# different (correctly rounded or not) kernels for exp, sin, std...
_RTOL = {"float64": 1e-9, "float32": 1e-5, "complex128": 1e-9, "complex64": 1e-5}


class ResultMismatch(AssertionError):
    """numpy_hpy's result differs from NumPy's."""


def comparable(np, value):
    """``value`` (from either library) in a form NumPy can compare: arrays
    and array scalars become NumPy arrays (0-d for scalars, keeping their
    dtype); dtypes their class and name (NumPy 2's ``Float64DType`` etc. on
    both sides); anything else (lists, tuples, Python numbers) is returned as
    it is."""
    if isinstance(value, (np.ndarray, np.generic)):
        return np.asarray(value)
    if hasattr(value, "__array_interface__"):
        return np.asarray(value)
    if type(value).__name__.endswith("DType"):
        return "%s(%s)" % (type(value).__name__, value)
    if hasattr(value, "dtype") and hasattr(value, "item"):
        return np.asarray(value.item(), dtype=np.dtype(str(value.dtype)))
    return value


def assert_same(np, ours, theirs):
    """Raise ResultMismatch unless ``ours`` equals NumPy's ``theirs``."""
    a, b = comparable(np, ours), comparable(np, theirs)
    if not isinstance(b, np.ndarray):
        if type(a) is not type(b) or a != b:
            raise ResultMismatch("got %r, NumPy gives %r" % (ours, theirs))
        return
    if not isinstance(a, np.ndarray):
        raise ResultMismatch("got %r (%s), NumPy gives an array" % (ours, type(ours).__name__))
    if a.dtype != b.dtype or a.shape != b.shape:
        raise ResultMismatch(
            "got dtype %s shape %s, NumPy gives dtype %s shape %s" % (a.dtype, a.shape, b.dtype, b.shape)
        )
    try:
        rtol = _RTOL.get(b.dtype.name)
        if rtol is None:
            np.testing.assert_array_equal(a, b)
        else:
            np.testing.assert_allclose(a, b, rtol=rtol, atol=0, equal_nan=True)
    except AssertionError as exc:
        raise ResultMismatch(str(exc).strip()) from None
