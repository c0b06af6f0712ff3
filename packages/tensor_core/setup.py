"""Builds the Cython modules of torchlike_core (-O2, OpenMP)."""
import os

import numpy
from Cython.Build import cythonize
from setuptools import Extension, setup

MODULES = ["_dtype", "_storage", "_storage_wrap", "_tensor", "_dispatch", "_loops", "_elementwise",
           "_special", "_dlpack", "_rows"]
OPENMP = os.environ.get("TORCHLIKE_NO_OPENMP") != "1"
flags = ["-O2", "-fopenmp"] if OPENMP else ["-O2"]

extensions = [
    Extension(
        f"torchlike_core.{m}",
        [f"torchlike_core/{m}.pyx"],
        include_dirs=[numpy.get_include()],
        define_macros=[("NPY_NO_DEPRECATED_API", "NPY_1_7_API_VERSION")],
        extra_compile_args=flags,
        extra_link_args=["-fopenmp"] if OPENMP else [],
    )
    for m in MODULES
]

setup(ext_modules=cythonize(extensions, language_level=3, compiler_directives={"embedsignature": True}))
