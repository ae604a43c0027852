"""Shape manipulation functions (NumPy's ``numpy/_core/fromnumeric.py``,
``shape_base.py``, ``stride_tricks.py`` and ``numeric.py`` spellings).

Every one is implemented in the core (``numpy-core/src/ndarray/shape_ops.rs``);
this module only gathers them so that the package can re-export them with
``from ._shape import *``.
"""

from ._core import (
    atleast_1d,
    atleast_2d,
    atleast_3d,
    broadcast_arrays,
    broadcast_shapes,
    broadcast_to,
    expand_dims,
    flip,
    moveaxis,
    permute_dims,
    ravel,
    reshape,
    squeeze,
    swapaxes,
    transpose,
)

__all__ = [
    "atleast_1d",
    "atleast_2d",
    "atleast_3d",
    "broadcast_arrays",
    "broadcast_shapes",
    "broadcast_to",
    "expand_dims",
    "flip",
    "moveaxis",
    "permute_dims",
    "ravel",
    "reshape",
    "squeeze",
    "swapaxes",
    "transpose",
]
