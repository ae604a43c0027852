"""Builds capi_demo.c as an HPy universal binary against numpy_hpy's header:

    python setup.py build_ext --inplace --hpy-abi=universal

(needs setuptools and the hpy package's hpy.devel; tests/test_capi.py runs it).
"""

from setuptools import Extension, setup

import numpy_hpy

setup(
    name="capi-demo",
    hpy_ext_modules=[
        Extension("capi_demo", sources=["capi_demo.c"], include_dirs=[numpy_hpy.get_include()]),
    ],
)
