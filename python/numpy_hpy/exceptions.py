"""Exceptions and warnings of numpy_hpy (``numpy.exceptions``)."""

from ._core import AxisError, ComplexWarning

__all__ = ["AxisError", "ComplexWarning"]
