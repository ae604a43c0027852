"""Builds capi_demo.c as an HPy universal binary against numpy_hpy's header:

    python setup.py --hpy-abi=universal build_ext --inplace

(needs setuptools and the hpy package's hpy.devel, which registers the
``hpy_ext_modules`` keyword; tests/test_capi.py runs it where both import).
"""

from setuptools import Extension, setup

import numpy_hpy

setup(
    name="capi-demo",
    hpy_ext_modules=[
        Extension("capi_demo", sources=["capi_demo.c"], include_dirs=[numpy_hpy.get_include()]),
    ],
)
