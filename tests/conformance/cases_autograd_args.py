"""How the autograd layer keeps an op's non-tensor arguments: index tuples that hold
tensors (x[i, j], x[i, :]) are values, not lists of inputs, and a list the caller changes
after the op does not change the gradient."""
import numpy as np

from harness import Case, rand

I = np.array([0, 2])


def _sum_then_grow(L, a):
    dims = [0]
    y = a.sum(dims)
    dims.append(1)          # must not reach the backward of the sum above
    return y


def _permute_then_reverse(L, a):
    order = [2, 0, 1]
    y = a.permute(order)
    order.reverse()
    return y * L.arange(float(y.numel()), dtype=y.dtype).reshape(y.shape)


CASES = [
    Case("getitem", lambda L, a, i: a[i, i], rand(3, 4), I, id="getitem_two_index_tensors"),
    Case("getitem", lambda L, a, i: a[i, :], rand(3, 4), I, id="getitem_tensor_and_slice"),
    Case("getitem", lambda L, a, i: a[(i,)] * 2, rand(3, 4), I, id="getitem_tuple_of_one_tensor"),
    Case("getitem", lambda L, a, i: a[:, i], rand(3, 4), I, id="getitem_slice_and_tensor"),
    Case("sum", _sum_then_grow, rand(3, 4), id="sum_dims_list_changed_afterwards"),
    Case("permute", _permute_then_reverse, rand(2, 3, 4), id="permute_list_changed_afterwards"),
]
