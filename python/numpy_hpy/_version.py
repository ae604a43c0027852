# The one place the version is written: the build backend
# (build_backend/numpy_hpy_build.py) reads this line to name the wheel and the
# sdist, and ``numpy_hpy.__version__`` imports it.  Keep it a plain literal.
__version__ = "0.1.0"
