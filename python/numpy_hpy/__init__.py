"""numpy_hpy: a NumPy-compatible array library whose core is one HPy universal
binary, ``numpy_hpy/_core.hpy0.so``, loaded unchanged by CPython (through the
``hpy`` package) and by PyPy / GraalPy (which have HPy built in)."""

from ._version import __version__
from ._loader import load_core as _load_core

# Refuses (ImportError) an interpreter whose HPy runtime is not ABI 'hpy0'.
_core = _load_core()


def show_runtime():
    """Print the interpreter, HPy runtime and mode, core binary and CPU
    features in use; return the same facts as a dict."""
    from ._loader import format_runtime_info, runtime_info

    info = runtime_info(_core, __version__)
    print(format_runtime_info(info))
    return info


__all__ = ["__version__", "show_runtime"]
