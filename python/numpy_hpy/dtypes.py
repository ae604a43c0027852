"""The DType classes (``numpy_hpy.dtypes``), as ``numpy.dtypes``: each is an
instance of the metaclass ``numpy_hpy._DTypeMeta`` and a subclass of
``numpy_hpy.dtype``; calling one gives its (singleton) dtype."""

from ._core import (
    BoolDType,
    Complex64DType,
    Complex128DType,
    Float32DType,
    Float64DType,
    Int8DType,
    Int16DType,
    Int32DType,
    Int64DType,
    UInt8DType,
    UInt16DType,
    UInt32DType,
    UInt64DType,
)

__all__ = [
    "BoolDType",
    "Int8DType",
    "UInt8DType",
    "Int16DType",
    "UInt16DType",
    "Int32DType",
    "UInt32DType",
    "Int64DType",
    "UInt64DType",
    "Float32DType",
    "Float64DType",
    "Complex64DType",
    "Complex128DType",
]
