"""Deterministic operands, made by one reference module and copied into each
side, so that numpy_hpy and NumPy compute on equal data in memory of their
own.

The reference module is NumPy when it imports, else numpy_hpy itself; the
values come from SplitMix64's finaliser applied to the element index (no
random generator is needed, and both libraries give the same bits).
"""

_GOLDEN = 0x9E3779B97F4A7C15
_MASK = 2**64 - 1


class Operands(object):
    """Makes operands with the reference module ``ref``."""

    def __init__(self, ref):
        self.ref = ref

    def _bits(self, count, seed):
        """``count`` well-mixed uint64 values, different for each seed."""
        ref = self.ref
        z = ref.arange(count, dtype=ref.uint64) + (seed * _GOLDEN & _MASK)
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB
        return z ^ (z >> 31)

    def uniform(self, shape, dtype="float64", low=0.0, high=1.0, seed=1):
        """Floats in [low, high) of ``shape`` (an int or a tuple)."""
        unit = (self._bits(_count(shape), seed) >> 11) * 2.0**-53
        return (unit * (high - low) + low).astype(dtype).reshape(shape)

    def integers(self, shape, low, high, dtype="int64", seed=1):
        """Integers in [low, high) of ``shape``."""
        values = (self._bits(_count(shape), seed) % (high - low)).astype(dtype) + low
        return values.reshape(shape)

    def permutation(self, count, seed=1):
        """A permutation of range(count) as int64 (no equal keys: every sort
        order, stable or not, is the same)."""
        return self.uniform(count, seed=seed).argsort().astype("int64")


def _count(shape):
    if isinstance(shape, int):
        return shape
    count = 1
    for n in shape:
        count *= n
    return count


def copy_into(module, value, ref):
    """``value`` for one side: arrays of the reference module are copied into
    ``module``'s own memory; anything else (ints, lists) is shared."""
    if isinstance(value, ref.ndarray):
        return module.array(value)
    return value
