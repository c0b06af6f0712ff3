"""Test inputs with a chosen memory layout, shared by the core tests."""
import numpy as np

import torchlike_core as tl


def make(arr, layout="contig"):
    """A tensor with arr's values, laid out contiguously, transposed or with a row step."""
    arr = np.asarray(arr)
    if layout == "contig" or arr.ndim < 2:
        return tl.from_numpy(arr.copy())
    if layout == "transposed":
        return tl.from_numpy(np.ascontiguousarray(arr.T)).t()
    big = np.zeros((arr.shape[0] * 2,) + arr.shape[1:], dtype=arr.dtype)
    big[::2] = arr
    return tl.from_numpy(big)[::2]
