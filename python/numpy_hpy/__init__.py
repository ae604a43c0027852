"""numpy_hpy: a NumPy-compatible array library whose core is one HPy universal
binary, ``numpy_hpy/_core.hpy0.so``, loaded unchanged by CPython (through the
``hpy`` package) and by PyPy / GraalPy (which have HPy built in)."""

from ._version import __version__
from ._loader import load_core as _load_core

# Refuses (ImportError) an interpreter whose HPy runtime is not ABI 'hpy0'.
_core = _load_core()

from ._core import (  # noqa: E402
    _DTypeMeta,
    array_split,
    column_stack,
    concatenate,
    dstack,
    hstack,
    repeat,
    roll,
    split,
    stack,
    tile,
    vstack,
    arange,
    array,
    asarray,
    empty,
    eye,
    frombuffer,
    from_dlpack,
    fromiter,
    full,
    identity,
    linspace,
    ndarray,
    ones,
    zeros,
    bool,
    bool_,
    can_cast,
    complex64,
    complex128,
    complexfloating,
    dtype,
    float32,
    float64,
    floating,
    generic,
    inexact,
    int8,
    int16,
    int32,
    int64,
    integer,
    number,
    promote_types,
    result_type,
    signedinteger,
    uint8,
    uint16,
    uint32,
    uint64,
    unsignedinteger,
)
from . import dtypes, exceptions  # noqa: E402
from ._flags import flagsobj as _flagsobj  # noqa: E402

_core._set_flags_type(_flagsobj)
from ._getlimits import finfo, iinfo  # noqa: E402

from ._creation import ascontiguousarray, copy, empty_like, full_like, ones_like, zeros_like  # noqa: E402
from ._shape import *  # noqa: E402,F401,F403
from ._shape import __all__ as _shape_all  # noqa: E402
from ._printoptions import get_printoptions, printoptions, set_printoptions  # noqa: E402
from ._ufunc_config import errstate, geterr, geterrcall, seterr, seterrcall  # noqa: E402
from ._ufuncs import *  # noqa: E402,F401,F403
from ._numeric import allclose, array_equal, array_equiv, e, euler_gamma, inf, isclose, nan, pi  # noqa: E402
from ._reductions import *  # noqa: E402,F401,F403
from ._searching import *  # noqa: E402,F401,F403
from . import _scalar_methods  # noqa: E402,F401  (array methods of the scalars)



def _reconstruct(values, dtype, shape=None):
    """Unpickles an ndarray (``ndarray.__reduce__``); ``shape`` restores the
    axes nested lists cannot hold (those after a zero-length one), and is
    absent from pickles made before it was added."""
    a = array(values, dtype=dtype)
    if shape is not None and a.shape != shape:
        # only arrays with no elements lose axes in the list
        a = zeros(shape, dtype=dtype)
    return a


# NumPy 2's aliases (LP64 Linux: C long is 64 bits).
byte, ubyte, short, ushort = int8, uint8, int16, uint16
intc, uintc = int32, uint32
int_, intp, uintp = int64, int64, uint64
long, ulong, longlong, ulonglong = int64, uint64, int64, uint64
single, double, float_ = float32, float64, float64
csingle, cdouble = complex64, complex128
True_, False_ = bool_(True), bool_(False)
del float_


def get_include():
    """The folder that holds ``numpy_hpy/hpy_arrayobject.h``, the header of
    numpy_hpy's HPy C API (add it to a C extension's include path)."""
    import os

    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "include")


def show_runtime():
    """Print the interpreter, HPy runtime and mode, core binary and CPU
    features in use; return the same facts as a dict."""
    from ._loader import format_runtime_info, runtime_info

    info = runtime_info(_core, __version__)
    print(format_runtime_info(info))
    return info


__all__ = [
    "__version__",
    "show_runtime",
    "get_include",
    "ndarray",
    "array",
    "asarray",
    "ascontiguousarray",
    "empty",
    "zeros",
    "ones",
    "full",
    "arange",
    "linspace",
    "eye",
    "identity",
    "empty_like",
    "zeros_like",
    "ones_like",
    "full_like",
    "copy",
    "frombuffer",
    "fromiter",
    "from_dlpack",
    "concatenate",
    "stack",
    "vstack",
    "hstack",
    "dstack",
    "column_stack",
    "split",
    "array_split",
    "roll",
    "repeat",
    "tile",
    "dtype",
    "dtypes",
    "exceptions",
    "result_type",
    "promote_types",
    "can_cast",
    "finfo",
    "set_printoptions",
    "get_printoptions",
    "printoptions",
    "iinfo",
    "generic",
    "number",
    "integer",
    "signedinteger",
    "unsignedinteger",
    "inexact",
    "floating",
    "complexfloating",
    "bool",
    "bool_",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "float32",
    "float64",
    "complex64",
    "complex128",
] + _shape_all
