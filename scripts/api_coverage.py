#!/usr/bin/env python3
"""How much of PyTorch's public API torchlike has: `python3 scripts/api_coverage.py [--missing]`.

What is counted (the rule, so the figures can be reproduced and argued with):

* torch functions: the names in `dir(torch)` that do not start with `_` and are callable,
  leaving out classes (`torch.Tensor`, `torch.FloatTensor`, `torch.Generator`...: the curated
  list below checks the ones tutorials use), modules (`torch.nn`, `torch.linalg`...) and
  dtypes (not callable anyway).
* Tensor methods: the names in `dir(torch.Tensor)` that do not start with `_` and are
  callable (properties such as `shape` or `grad` are not methods; the curated list has them).
* Out of scope, and not counted in either: the groups of OUT_OF_SCOPE below, matched by
  exact name or prefix, plus the `<op>_copy` functional variants of view ops (a name
  `x_copy` where `x` is itself a torch function or Tensor method, such as `transpose_copy`:
  they exist for torch.export/functionalization, not for users), except REAL_COPY_OPS. torchlike has no complex, sparse or
  quantized tensors, no CUDA/MKL-DNN/MIOpen/FBGEMM internal kernels, no autocast, and no
  TorchScript/compiler machinery.
* "implemented" means `hasattr(torchlike, name)` / `hasattr(torchlike.Tensor, name)`.

Separately, CURATED is a hand-picked list of the ~200 names (dotted paths from `torch`)
that PyTorch tutorials reach for; tests/conformance/test_coverage.py asserts each exists.
"""
import argparse
import inspect
import types

OUT_OF_SCOPE = {
    "complex numbers": {
        "names": ["complex", "polar", "view_as_complex", "view_as_real", "conj", "conj_physical",
                  "conj_physical_", "resolve_conj", "resolve_neg", "is_conj", "is_neg", "real",
                  "imag", "angle", "sgn", "sgn_", "isreal"],
        "prefixes": [],
    },
    "sparse tensors": {
        "names": ["smm", "dsmm", "hsmm", "hspmm", "sspaddmm", "spmm", "saddmm", "coalesce",
                  "is_coalesced", "indices", "values", "crow_indices", "col_indices",
                  "ccol_indices", "row_indices", "dense_dim", "sparse_dim", "to_dense",
                  "resize_as_sparse_", "sparse_mask", "is_sparse", "is_sparse_csr",
                  "indices_copy", "values_copy", "crow_indices_copy", "col_indices_copy",
                  "ccol_indices_copy", "row_indices_copy"],
        "prefixes": ["sparse_", "to_sparse"],
    },
    "quantized tensors": {
        "names": ["dequantize", "int_repr", "empty_quantized", "qscheme", "is_quantized",
                  "fused_moving_avg_obs_fake_quant"],
        "prefixes": ["quantize", "quantized_", "q_", "fake_quantize", "choose_qparams"],
    },
    "backend-internal kernels": {
        "names": ["conv_tbc", "segment_reduce", "is_vulkan_available", "affine_grid_generator",
                  "grid_sampler_2d", "grid_sampler_3d", "thread_safe_generator",
                  "profiler_allow_cudagraph_cupti_lazy_reinit_cuda12", "batch_norm_elemt",
                  "batch_norm_stats", "batch_norm_update_stats", "batch_norm_gather_stats",
                  "batch_norm_gather_stats_with_counts", "batch_norm_backward_elemt",
                  "batch_norm_backward_reduce", "to_mkldnn", "ipu", "xpu", "mtia", "hpu",
                  "is_ipu", "is_xpu", "is_mtia", "is_hpu", "is_mkldnn", "is_vulkan", "is_mps",
                  "is_maia", "is_meta", "is_nested", "is_quantized", "module_load",
                  "classproperty"],
        "prefixes": ["cudnn_", "miopen_", "mkldnn_", "fbgemm_", "native_", "nested_"],
    },
    "autocast (mixed precision)": {
        "names": ["clear_autocast_cache"],
        "prefixes": ["autocast_", "get_autocast_", "set_autocast_", "is_autocast_"],
    },
    "compiler, TorchScript, functionalization, symbolic shapes": {
        "names": ["alias_copy", "slice_copy", "compile", "cond", "while_loop", "vmap", "fork", "wait", "import_ir_module",
                  "import_ir_module_from_buffer", "parse_ir", "parse_schema",
                  "parse_type_comment", "merge_type_from_type_comment", "unify_type_list",
                  "compiled_with_cxx11_abi", "get_file_path", "prepare_multiprocessing_environment",
                  "is_distributed"],
        "prefixes": ["sym_"],
    },
}

REAL_COPY_OPS = {"index_copy"}    # `x_copy` names that are ops of their own, not view copies

CURATED = [
    # creation
    "tensor", "as_tensor", "asarray", "from_numpy", "zeros", "ones", "empty", "full",
    "zeros_like", "ones_like", "empty_like", "full_like", "arange", "linspace", "logspace", "eye",
    "rand", "randn", "randint", "randperm", "rand_like", "randn_like", "normal", "bernoulli",
    "multinomial", "manual_seed",
    # types, dtypes, devices, predicates
    "Tensor", "Size", "device", "dtype", "float32", "float64", "float16", "int64", "int32",
    "uint8", "bool", "float", "long", "FloatTensor", "LongTensor", "DoubleTensor",
    "is_tensor", "is_floating_point", "numel", "get_default_dtype", "set_default_dtype",
    "set_printoptions", "from_dlpack", "Generator", "promote_types",
    # joining, slicing, shapes
    "cat", "concat", "stack", "hstack", "vstack", "split", "chunk", "unbind", "reshape",
    "squeeze", "unsqueeze", "transpose", "permute", "flatten", "narrow", "movedim", "flip",
    "roll", "tile", "repeat_interleave", "broadcast_to", "broadcast_tensors", "meshgrid",
    "gather", "scatter", "index_select", "masked_select", "where", "nonzero", "take", "tril",
    "triu", "diag", "atleast_2d",
    # math
    "add", "sub", "mul", "div", "neg", "abs", "exp", "log", "log1p", "sqrt", "rsqrt", "pow",
    "sin", "cos", "tanh", "sigmoid", "relu", "erf", "floor", "ceil", "round", "sign",
    "clamp", "clip", "maximum", "minimum", "lerp", "reciprocal", "softmax", "log_softmax",
    "sum", "mean", "std", "var", "prod", "max", "min", "argmax", "argmin", "amax", "amin",
    "cumsum", "cumprod", "logsumexp", "norm", "dist", "topk", "sort", "argsort", "unique",
    "median", "all", "any", "count_nonzero", "bincount", "histc", "bucketize", "searchsorted",
    "eq", "ne", "lt", "le", "gt", "ge", "allclose", "isclose", "equal", "isnan", "isinf",
    "isfinite", "logical_and", "logical_or", "logical_not", "nan_to_num", "diff",
    # linear algebra
    "matmul", "mm", "bmm", "mv", "dot", "outer", "einsum", "tensordot", "addmm", "det",
    "inverse", "trace", "cross", "cdist", "kron",
    "linalg.norm", "linalg.inv", "linalg.solve", "linalg.svd", "linalg.eigh", "linalg.qr",
    # autograd and grad modes
    "no_grad", "enable_grad", "set_grad_enabled", "is_grad_enabled", "inference_mode",
    "autograd.grad", "autograd.backward", "autograd.Function", "autograd.gradcheck",
    # nn, optim, data, io
    "nn.Module", "nn.Parameter", "nn.Linear", "nn.Conv2d", "nn.ReLU", "nn.Sequential",
    "nn.Dropout", "nn.BatchNorm1d", "nn.Embedding", "nn.CrossEntropyLoss", "nn.MSELoss",
    "nn.functional.relu", "nn.functional.softmax", "nn.functional.cross_entropy",
    "nn.functional.mse_loss", "nn.init.xavier_uniform_", "optim.SGD", "optim.Adam",
    "utils.data.DataLoader", "utils.data.TensorDataset", "utils.data.Dataset",
    "save", "load", "cuda.is_available",
    # the layers and losses of the text, sequence, GAN and RL tutorials
    "nn.LSTM", "nn.GRU", "nn.RNN", "nn.LSTMCell", "nn.MultiheadAttention",
    "nn.TransformerEncoderLayer", "nn.TransformerEncoder", "nn.Transformer", "nn.ConvTranspose2d",
    "nn.BCELoss", "nn.EmbeddingBag",
    "nn.BCEWithLogitsLoss", "nn.SmoothL1Loss", "nn.NLLLoss", "nn.LogSoftmax", "nn.Dropout2d",
    "nn.functional.binary_cross_entropy", "nn.functional.binary_cross_entropy_with_logits",
    "nn.functional.kl_div", "nn.functional.scaled_dot_product_attention",
    "nn.utils.clip_grad_norm_", "nn.utils.clip_grad_value_",
    # Tensor methods and attributes
    "Tensor.size", "Tensor.shape", "Tensor.dim", "Tensor.ndim", "Tensor.dtype",
    "Tensor.device", "Tensor.view", "Tensor.view_as", "Tensor.reshape", "Tensor.contiguous",
    "Tensor.clone", "Tensor.detach", "Tensor.numpy", "Tensor.tolist", "Tensor.item",
    "Tensor.to", "Tensor.float", "Tensor.double", "Tensor.long", "Tensor.int", "Tensor.bool",
    "Tensor.half", "Tensor.cpu", "Tensor.cuda", "Tensor.type", "Tensor.type_as",
    "Tensor.backward", "Tensor.requires_grad_", "Tensor.grad", "Tensor.grad_fn",
    "Tensor.data", "Tensor.is_leaf", "Tensor.register_hook", "Tensor.retain_grad",
    "Tensor.zero_", "Tensor.fill_", "Tensor.copy_", "Tensor.add_", "Tensor.mul_",
    "Tensor.clamp_", "Tensor.uniform_", "Tensor.normal_", "Tensor.t", "Tensor.T",
    "Tensor.expand", "Tensor.expand_as", "Tensor.repeat", "Tensor.masked_fill",
    "Tensor.masked_fill_", "Tensor.scatter_", "Tensor.scatter_add_", "Tensor.index_add_",
    "Tensor.index_fill_", "Tensor.new_zeros", "Tensor.new_ones", "Tensor.new_tensor",
    "Tensor.numel", "Tensor.element_size", "Tensor.data_ptr", "Tensor.is_contiguous",
    "Tensor.storage_offset", "Tensor.stride", "Tensor.unfold", "Tensor.apply_",
]


def _out_of_scope_test():
    names, prefixes = set(), []
    for group in OUT_OF_SCOPE.values():
        names.update(group["names"])
        prefixes.extend(group["prefixes"])
    prefixes = tuple(prefixes)
    return lambda n: n in names or n.startswith(prefixes)


def _public_callables(obj, keep):
    out = []
    for name in dir(obj):
        if name.startswith("_"):
            continue
        try:
            value = getattr(obj, name)
        except Exception:       # a lazily imported attribute that fails to load
            continue
        if callable(value) and keep(value):
            out.append(name)
    return out


def _all_torch_functions(torch):
    return _public_callables(
        torch, lambda v: not inspect.isclass(v) and not isinstance(v, types.ModuleType))


def _in_scope(torch, names):
    """Drop the out-of-scope groups and the functional `<op>_copy` variants."""
    out_of_scope = _out_of_scope_test()
    ops = set(_all_torch_functions(torch)) | set(_public_callables(torch.Tensor, callable))
    return sorted(n for n in names if not out_of_scope(n) and
                  not (n.endswith("_copy") and n[:-5] in ops and n not in REAL_COPY_OPS))


def torch_functions(torch):
    return _in_scope(torch, _all_torch_functions(torch))


def tensor_methods(torch):
    return _in_scope(torch, _public_callables(torch.Tensor, callable))


def resolve(lib, dotted):
    """lib.a.b.c, or None where some part is missing."""
    obj = lib
    for part in dotted.split("."):
        try:
            obj = getattr(obj, part)
        except Exception:       # missing, or a submodule whose import fails
            return None
    return obj


def coverage(torch, torchlike):
    """{'functions': (implemented, total, missing), 'methods': ..., 'curated': ...}."""
    funcs = torch_functions(torch)
    meths = tensor_methods(torch)
    miss_f = [n for n in funcs if not hasattr(torchlike, n)]
    miss_m = [n for n in meths if not hasattr(torchlike.Tensor, n)]
    miss_c = curated_missing(torchlike)
    return {"functions": (len(funcs) - len(miss_f), len(funcs), miss_f),
            "methods": (len(meths) - len(miss_m), len(meths), miss_m),
            "curated": (len(CURATED) - len(miss_c), len(CURATED), miss_c)}


def curated_missing(torchlike):
    return [n for n in CURATED if resolve(torchlike, n) is None]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--missing", action="store_true", help="list the missing names")
    args = parser.parse_args()
    import torch
    import torchlike
    report = coverage(torch, torchlike)
    print(f"torch {torch.__version__} vs torchlike {torchlike.__version__}")
    for key, label in [("functions", "torch.* functions"), ("methods", "Tensor methods"),
                       ("curated", "curated tutorial names")]:
        have, total, missing = report[key]
        print(f"{label:24s} {have:4d} / {total:4d}  ({100.0 * have / total:5.1f}%)")
        if args.missing or key == "curated":
            print(f"  missing ({len(missing)}): {' '.join(missing) or '-'}")


if __name__ == "__main__":
    main()
