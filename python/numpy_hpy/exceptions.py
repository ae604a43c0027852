"""Exceptions of numpy_hpy (``numpy.exceptions``)."""

from ._core import AxisError

__all__ = ["AxisError"]
