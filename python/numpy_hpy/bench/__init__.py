"""numpy_hpy against NumPy: ``python -m numpy_hpy.bench``.

The same operations on ``numpy_hpy`` and ``numpy`` in one process, each
result checked against NumPy's once, then timed in interleaved rounds after a
warm-up; the table gives the median per call and the ratio numpy_hpy/NumPy
(below 1: numpy_hpy is faster). ``--json`` keeps the run, ``--plot`` (or the
``plot`` command over several runs' JSON files) draws the ratios, one panel
per runtime. See ``cli`` for the command line and benches/README.md for how
to read the results.

Neither NumPy nor matplotlib is a dependency of numpy_hpy: without NumPy the
table has numpy_hpy's absolute times only, without matplotlib there is no
chart. ``numpy_hpy`` itself never imports this package.
"""
