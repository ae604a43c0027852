"""Exceptions and warnings of numpy_hpy (``numpy.exceptions``)."""

from ._core import AxisError, ComplexWarning

__all__ = ["AxisError", "ComplexWarning"]


def _axis_error_init(self, axis, ndim=None, msg_prefix=None):
    """``AxisError(axis, ndim, msg_prefix=None)``, or ``AxisError(message)``
    (how the core raises it), as NumPy's."""
    if ndim is None and msg_prefix is None:
        self._msg, self.axis, self.ndim = axis, None, None
    else:
        self._msg, self.axis, self.ndim = msg_prefix, axis, ndim
    self.args = (axis,) if ndim is None and msg_prefix is None else (axis, ndim, msg_prefix)


def _axis_error_str(self):
    if self.axis is None and self.ndim is None:
        return str(self._msg)
    msg = "axis %s is out of bounds for array of dimension %s" % (self.axis, self.ndim)
    return msg if self._msg is None else "%s: %s" % (self._msg, msg)


# The class is the core's (it raises it); NumPy's constructor and text are
# given to it here.
AxisError.__init__ = _axis_error_init
AxisError.__str__ = _axis_error_str
