"""nn.functional layers of the tutorial CNNs and embeddings (conv1d/2d/3d, max/avg/adaptive
pools, batch_norm, layer_norm, group_norm, embedding, one_hot) and the distances dist and
cdist. All are composites in torchlike, so the gradient checks test the composition."""
import numpy as np

from harness import Case, Err, T, rand

X4 = rand(2, 4, 7, 6)          # (N, C, H, W)
W4 = rand(6, 2, 3, 2, seed=1)  # groups=2 weight
B6 = rand(6, seed=2)
IDX = np.array([[1, 2, 4], [0, 1, 3]])


def F(L):
    return L.nn.functional


def _conv2d(**kw):
    return lambda L, x, w, b: F(L).conv2d(x, w, b, **kw)


def _pool(name, *args, **kw):
    return lambda L, x: getattr(F(L), name)(x, *args, **kw)


MEAN4, VAR4 = rand(4, seed=3), rand(4, seed=4, positive=True)


def _stats(L):
    """Running statistics (constants: PyTorch refuses running stats that require grad)."""
    return L.from_numpy(MEAN4.copy()), L.from_numpy(VAR4.copy())


def _bn_train(L, x, w, b):
    rm, rv = _stats(L)
    return F(L).batch_norm(x, rm, rv, w, b, training=True, momentum=0.3)


def _bn_running(L, x):
    """The running statistics a training step leaves (updated with the unbiased variance)."""
    rm, rv = _stats(L)
    F(L).batch_norm(x, rm, rv, training=True, momentum=0.3)
    return rm, rv


# gradcheck=False below: PyTorch gives the padding row (and repeated rows, with
# scale_grad_by_freq) a gradient that is deliberately not the derivative of the values.
CASES = [
    # ---- convolutions ----
    Case("conv2d", _conv2d(), rand(2, 3, 6, 5), rand(4, 3, 3, 3, seed=1), rand(4, seed=2)),
    Case("conv2d", _conv2d(stride=(2, 1), padding=(1, 2), dilation=(1, 2), groups=2),
         X4, W4, B6, id="conv2d_stride_pad_dil_groups"),
    Case("conv2d", _conv2d(padding="same", dilation=2, groups=2), X4, W4, B6, id="conv2d_same"),
    Case("conv2d", _conv2d(padding="valid", stride=3, groups=2), X4, W4, B6, id="conv2d_valid"),
    Case("conv2d", lambda L, x, w: F(L).conv2d(x, w, padding=1), T(rand(2, 3, 5, 6)),
         rand(4, 3, 3, 3, seed=1), id="conv2d_T_nobias"),
    Case("conv2d", lambda L, x, w: F(L).conv2d(x, w, stride=2), rand(3, 5, 5),
         rand(2, 3, 2, 2, seed=1), id="conv2d_unbatched"),
    Case("conv2d", _conv2d(padding=1), rand(2, 3, 6, 6, dtype="float32"),
         rand(4, 3, 3, 3, seed=1, dtype="float32"), rand(4, seed=2, dtype="float32"),
         id="conv2d_float32", atol=1e-5),
    Case("conv1d", lambda L, x, w, b: F(L).conv1d(x, w, b, stride=2, padding=2, dilation=2),
         rand(2, 3, 9), rand(4, 3, 3, seed=1), rand(4, seed=2)),
    Case("conv1d", lambda L, x, w: F(L).conv1d(x, w, groups=3), T(rand(2, 3, 9)),
         rand(6, 1, 2, seed=1), id="conv1d_T_depthwise"),
    Case("conv3d", lambda L, x, w: F(L).conv3d(x, w, padding=(1, 0, 1)), rand(1, 2, 3, 4, 3),
         rand(2, 2, 2, 2, 2, seed=1)),
    Case("Conv2d_module_reflect", lambda L, x: _module_conv(L, x), rand(1, 2, 5, 5)),
    # ---- pools ----
    Case("max_pool2d", _pool("max_pool2d", 2), X4),
    Case("max_pool2d", _pool("max_pool2d", 3, 2, 1, return_indices=True), X4,
         id="max_pool2d_indices"),
    Case("max_pool2d", _pool("max_pool2d", (3, 2), (2, 1), (1, 0), dilation=(1, 2),
                             ceil_mode=True, return_indices=True), T(rand(2, 4, 6, 7)),
         id="max_pool2d_ceil_dil_T"),
    Case("max_pool2d", _pool("max_pool2d", 2), rand(3, 5, 5), id="max_pool2d_unbatched"),
    Case("max_pool2d", _pool("max_pool2d", 2, padding=1), np.arange(32).reshape(2, 4, 4) - 9,
         id="max_pool2d_int"),
    Case("max_pool1d", _pool("max_pool1d", 3, 2, 1, ceil_mode=True, return_indices=True),
         rand(2, 3, 8)),
    Case("avg_pool2d", _pool("avg_pool2d", 2), X4),
    Case("avg_pool2d", _pool("avg_pool2d", 3, 2, 1), X4, id="avg_pool2d_pad"),
    Case("avg_pool2d", _pool("avg_pool2d", 3, 2, 1, ceil_mode=True, count_include_pad=False),
         T(rand(2, 4, 6, 7)), id="avg_pool2d_ceil_exclude_T"),
    Case("avg_pool2d", _pool("avg_pool2d", 3, 2, 1, ceil_mode=True), X4,
         id="avg_pool2d_ceil_include"),
    Case("avg_pool2d", _pool("avg_pool2d", 2, divisor_override=3), X4, id="avg_pool2d_divisor"),
    Case("avg_pool1d", _pool("avg_pool1d", 3, 2, 1, ceil_mode=True), rand(2, 3, 8)),
    Case("adaptive_avg_pool2d", _pool("adaptive_avg_pool2d", (3, 4)), X4),
    Case("adaptive_avg_pool2d", _pool("adaptive_avg_pool2d", 1), X4, id="adaptive_global"),
    Case("adaptive_avg_pool2d", _pool("adaptive_avg_pool2d", (None, 5)), rand(4, 7, 6),
         id="adaptive_none_unbatched"),
    Case("adaptive_avg_pool1d", _pool("adaptive_avg_pool1d", 4), rand(2, 3, 9)),
    # ---- normalisation ----
    Case("batch_norm_train", _bn_train, X4, rand(4, seed=1), rand(4, seed=2)),
    Case("batch_norm_train", _bn_train, rand(5, 4), rand(4, seed=1), rand(4, seed=2),
         id="batch_norm_train_2d"),
    Case("batch_norm_running", _bn_running, X4, grad=False),
    Case("batch_norm_running", _bn_running, T(rand(3, 4, 5)), id="batch_norm_running_3d_T",
         grad=False),
    Case("batch_norm_eval", lambda L, x: F(L).batch_norm(x, *_stats(L), eps=1e-3), X4),
    Case("batch_norm_no_stats", lambda L, x: F(L).batch_norm(x, None, None, training=True),
         T(rand(3, 4, 5))),
    Case("BatchNorm2d_module", lambda L, x: L.nn.BatchNorm2d(4).double()(x), X4),
    Case("layer_norm", lambda L, x, w, b: F(L).layer_norm(x, (7, 6), w, b), X4,
         rand(7, 6, seed=1), rand(7, 6, seed=2)),
    Case("layer_norm", lambda L, x: F(L).layer_norm(x, [5], eps=1e-3), T(rand(3, 4, 5)),
         id="layer_norm_noaffine_T"),
    Case("group_norm", lambda L, x, w, b: F(L).group_norm(x, 2, w, b), X4, rand(4, seed=1),
         rand(4, seed=2)),
    Case("group_norm", lambda L, x: F(L).group_norm(x, 4), rand(2, 4, 5), id="group_norm_1d"),
    # ---- embedding, one_hot ----
    Case("embedding", lambda L, i, w: F(L).embedding(i, w), IDX, rand(5, 3)),
    Case("embedding", lambda L, i, w: F(L).embedding(i, w, padding_idx=1), IDX, rand(5, 3),
         id="embedding_padding_idx", gradcheck=False),
    Case("embedding", lambda L, i, w: F(L).embedding(i, w, padding_idx=-1), IDX, rand(5, 3),
         id="embedding_padding_idx_neg", gradcheck=False),
    Case("embedding", lambda L, i, w: F(L).embedding(i, w, scale_grad_by_freq=True), IDX,
         rand(5, 3), id="embedding_scale_grad", gradcheck=False),
    Case("embedding", lambda L, i, w: F(L).embedding(i.int(), w), np.array(3), rand(5, 3),
         id="embedding_0d_int32"),
    Case("embedding_max_norm", lambda L, i, w: (F(L).embedding(i, w.clone(), max_norm=1.0)),
         IDX, rand(5, 3) * 2, grad=False),
    Case("one_hot", lambda L, i: F(L).one_hot(i), IDX),
    Case("one_hot", lambda L, i: F(L).one_hot(i, 6), np.array(2), id="one_hot_0d"),
    Case("one_hot", lambda L, i: F(L).one_hot(i, 3), np.zeros(0, dtype="int64"),
         id="one_hot_empty"),
    # ---- distances ----
    Case("dist", lambda L, a, b: L.dist(a, b), rand(3, 4), rand(4, seed=1)),
    Case("dist", lambda L, a, b: a.dist(b, 1), T(rand(3, 4)), rand(3, 4, seed=1), id="dist_p1_T"),
    Case("dist", lambda L, a, b: L.dist(a, b, 3.5), rand(3, 4), rand(3, 4, seed=1), id="dist_p3"),
    Case("dist", lambda L, a, b: L.dist(a, b, float("inf")), rand(5), rand(5, seed=1),
         id="dist_inf"),
    Case("dist", lambda L, a, b: L.dist(a, b, 0), rand(5), np.zeros(1), id="dist_p0",
         grad=False),
    Case("dist", lambda L, a, b: L.dist(a, b), rand(3, dtype="float32"), rand(3),
         id="dist_promote", gradcheck=False),
    Case("dist", lambda L, a: L.dist(a, a.detach()), rand(3), id="dist_zero", gradcheck=False),
    Case("cdist", lambda L, a, b: L.cdist(a, b), rand(4, 3), rand(5, 3, seed=1)),
    Case("cdist", lambda L, a, b: L.cdist(a, b, p=1), rand(2, 4, 3), T(rand(1, 5, 3)),
         id="cdist_p1_batched_T"),
    Case("cdist", lambda L, a, b: L.cdist(a, b, p=float("inf")), rand(4, 3), rand(2, 3, seed=1),
         id="cdist_inf"),
    Case("cdist", lambda L, a, b: L.cdist(a, b, p=3), rand(2, 4, 3), rand(2, 2, 3, seed=1),
         id="cdist_p3"),
    Case("cdist", lambda L, a, b: L.cdist(a, b, compute_mode="use_mm_for_euclid_dist"),
         rand(4, 3), rand(5, 3, seed=1), id="cdist_mm"),
    Case("cdist", lambda L, a, b: L.cdist(a, b), rand(40, 30), rand(60, 30, seed=1),
         id="cdist_large"),
    Case("cdist", lambda L, a: L.cdist(a, a), rand(4, 3), id="cdist_zero", gradcheck=False),
    Case("cdist", lambda L, a, b: L.cdist(a, b), rand(0, 3), rand(2, 3), id="cdist_empty"),
    # ---- errors ----
    Err("conv2d", lambda L, x, w: F(L).conv2d(x, w), rand(2, 3), rand(4, 3, 3, 3),
        match="Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of "
              "size: [2, 3]", id="conv2d_ndim"),
    Err("conv2d", lambda L, x, w: F(L).conv2d(x, w), rand(2, 3, 5, 5), rand(4, 2, 3, 3),
        match="Given groups=1, weight of size [4, 2, 3, 3], expected input[2, 3, 5, 5] to have "
              "2 channels, but got 3 channels instead", id="conv2d_channels"),
    Err("conv2d", lambda L, x, w: F(L).conv2d(x, w), rand(2, 3, 5, 5), rand(4, 3, 7, 7),
        match="Kernel size can't be greater than actual input size", id="conv2d_kernel_big"),
    Err("conv2d", lambda L, x, w: F(L).conv2d(x, w, stride=2, padding="same"),
        rand(2, 3, 5, 5), rand(4, 3, 3, 3),
        match="padding='same' is not supported for strided convolutions", id="conv2d_same_s2"),
    Err("conv2d", lambda L, x, w: F(L).conv2d(x, w, padding="foo"), rand(2, 3, 5, 5),
        rand(4, 3, 3, 3), match="Invalid padding string: 'foo'", id="conv2d_pad_str"),
    Err("conv2d", lambda L, x, w, b: F(L).conv2d(x, w, b), rand(2, 3, 5, 5), rand(4, 3, 3, 3),
        rand(3), match="expected bias to be 1-dimensional with 4 elements", id="conv2d_bias"),
    Err("conv2d", lambda L, x, w: F(L).conv2d(x, w, groups=3), rand(2, 3, 5, 5),
        rand(4, 1, 3, 3), match="expected weight to be divisible by 3 at dimension 0",
        id="conv2d_groups"),
    Err("conv2d", lambda L, x, w: F(L).conv2d(x, w, stride=0), rand(2, 3, 5, 5),
        rand(4, 3, 3, 3), match="non-positive stride is not supported", id="conv2d_stride0"),
    Err("conv2d", lambda L, x, w: F(L).conv2d(x, w, padding=-1), rand(2, 3, 5, 5),
        rand(4, 3, 3, 3), match="negative padding is not supported", id="conv2d_negpad"),
    Err("conv1d", lambda L, x, w: F(L).conv1d(x, w), rand(2, 3, 5, 5), rand(4, 3, 3),
        match="Expected 2D (unbatched) or 3D (batched) input to conv1d", id="conv1d_ndim"),
    Err("Conv2d", lambda L: L.nn.Conv2d(3, 4, 3, groups=2), exc=ValueError,
        match="in_channels must be divisible by groups", id="Conv2d_groups"),
    Err("Conv2d", lambda L: L.nn.Conv2d(4, 4, 3, padding_mode="foo"), exc=ValueError,
        match="padding_mode must be one of", id="Conv2d_padding_mode"),
    Err("max_pool2d", _pool("max_pool2d", 2, padding=2), X4,
        match="pad should be at most half of effective kernel size, but got pad=2, "
              "kernel_size=2 and dilation=1", id="max_pool2d_pad"),
    Err("max_pool2d", _pool("max_pool2d", 7), rand(2, 3, 5, 5),
        match="Given input size: (3x5x5). Calculated output size: (3x0x0). Output size is "
              "too small", id="max_pool2d_small"),
    Err("max_pool2d", _pool("max_pool2d", 2), rand(3),
        match="non-empty 3D or 4D (batch mode) tensor expected for input", id="max_pool2d_1d"),
    Err("avg_pool2d", _pool("avg_pool2d", 7), rand(2, 3, 5, 5), match="Output size is too small",
        id="avg_pool2d_small"),
    Err("batch_norm", lambda L, x: F(L).batch_norm(x, None, None, training=True), rand(1, 3),
        exc=ValueError, match="Expected more than 1 value per channel when training, got input "
                              "size torch.Size([1, 3])", id="batch_norm_one_value"),
    Err("batch_norm", lambda L, x, m, v: F(L).batch_norm(x, m, v), rand(2, 4), rand(3),
        rand(3), match="running_mean should contain 4 elements not 3", id="batch_norm_stats"),
    Err("BatchNorm1d", lambda L, x: L.nn.BatchNorm1d(3).double()(x), rand(2, 3, 4, 5),
        exc=ValueError, match="expected 2D or 3D input (got 4D input)", id="BatchNorm1d_ndim"),
    Err("BatchNorm2d", lambda L, x: L.nn.BatchNorm2d(3).double()(x), rand(2, 3, 4),
        exc=ValueError, match="expected 4D input (got 3D input)", id="BatchNorm2d_ndim"),
    Err("layer_norm", lambda L, x: F(L).layer_norm(x, (3,)), rand(2, 4),
        match="Given normalized_shape=[3], expected input with shape [*, 3], but got input of "
              "size[2, 4]", id="layer_norm_shape"),
    Err("GroupNorm", lambda L: L.nn.GroupNorm(3, 4), exc=ValueError,
        match="num_channels (4) must be divisible by num_groups (3)", id="GroupNorm_groups"),
    Err("group_norm", lambda L, x: F(L).group_norm(x, 3), rand(2, 4, 3),
        match="Expected number of channels in input to be divisible by num_groups",
        id="group_norm_groups"),
    Err("embedding", lambda L, i, w: F(L).embedding(i, w), np.array([1, 5]), rand(5, 3),
        exc=IndexError, match="index out of range in self", id="embedding_range"),
    Err("embedding", lambda L, i, w: F(L).embedding(i, w), np.array([1, -1]), rand(5, 3),
        exc=IndexError, match="index out of range in self", id="embedding_negative"),
    Err("embedding", lambda L, i, w: F(L).embedding(i, w), np.array([1.0, 2.0]), rand(5, 3),
        match="Expected tensor for argument #1 'indices' to have one of the following scalar "
              "types: Long, Int; but got torch.DoubleTensor instead", id="embedding_float"),
    Err("Embedding", lambda L: L.nn.Embedding(10, 3, padding_idx=10), exc=AssertionError,
        match="Padding_idx must be within num_embeddings", id="Embedding_padding_idx"),
    Err("Embedding", lambda L, w: L.nn.Embedding.from_pretrained(w), rand(3),
        exc=AssertionError, match="Embeddings parameter is expected to be 2-dimensional",
        id="Embedding_pretrained_1d"),
    Err("one_hot", lambda L, i: F(L).one_hot(i), np.array([1.0]),
        match="one_hot is only applicable to index tensor of type LongTensor.",
        id="one_hot_float"),
    Err("one_hot", lambda L, i: F(L).one_hot(i), np.array([1, -2]),
        match="Class values must be non-negative.", id="one_hot_negative"),
    Err("one_hot", lambda L, i: F(L).one_hot(i, 3), np.array([1, 5]),
        match="Class values must be smaller than num_classes.", id="one_hot_big"),
    Err("one_hot", lambda L, i: F(L).one_hot(i), np.zeros(0, dtype="int64"),
        match="Can not infer total number of classes from empty tensor.", id="one_hot_empty_infer"),
    Err("dist", lambda L, a, b: L.dist(a, b), rand(3), rand(4),
        match="The size of tensor a (3) must match the size of tensor b (4) at non-singleton "
              "dimension 0", id="dist_shape"),
    Err("dist", lambda L, a, b: L.dist(a, b), np.array([1, 2]), np.array([1, 3]),
        match="norm(): input dtype should be either floating point or complex. Got Long "
              "instead.", id="dist_int"),
    Err("cdist", lambda L, a, b: L.cdist(a, b), rand(3, 2), rand(4, 3),
        match="X1 and X2 must have the same number of columns. X1: 2 X2: 3", id="cdist_cols"),
    Err("cdist", lambda L, a, b: L.cdist(a, b), rand(3), rand(4),
        match="cdist only supports at least 2D tensors, X1 got: 1D", id="cdist_1d"),
    Err("cdist", lambda L, a, b: L.cdist(a, b, p=-1), rand(3, 2), rand(4, 2),
        match="cdist only supports non-negative p values", id="cdist_negative_p"),
    Err("cdist", lambda L, a, b: L.cdist(a, b), np.array([[1, 2]]), np.array([[1, 3]]),
        match="cdist only supports floating-point dtypes, X1 got: Long", id="cdist_int"),
    Err("cdist", lambda L, a, b: L.cdist(a, b), rand(3, 2), rand(4, 2, dtype="float32"),
        match="expected scalar type Double but found Float", id="cdist_dtypes"),
    Err("cdist", lambda L, a, b: L.cdist(a, b), rand(2, 3, 2), rand(3, 4, 2),
        match="The size of tensor a (2) must match the size of tensor b (3) at non-singleton "
              "dimension 0", id="cdist_batch"),
]


def _module_conv(L, x):
    """A Conv2d with reflect padding and fixed weights (PyTorch pads, then convolves)."""
    conv = L.nn.Conv2d(2, 3, 3, padding=1, padding_mode="reflect").double()
    with L.no_grad():
        conv.weight.copy_(L.from_numpy(rand(3, 2, 3, 3, seed=4)))
        conv.bias.copy_(L.from_numpy(rand(3, seed=5)))
    return conv(x)

# F.unfold / F.fold (im2col / col2im: the 2-d convolution's own path), each other's adjoint
CASES += [
    Case("unfold", lambda L, x: F(L).unfold(x, (2, 3), dilation=1, padding=1, stride=2),
         rand(2, 3, 5, 6)),
    Case("unfold", lambda L, x: F(L).unfold(x, 2, dilation=2), rand(3, 6, 7), id="unfold_unbatched_dilated"),
    Case("unfold", lambda L, x: F(L).unfold(x, 3, padding=1), T(rand(2, 1, 4, 5)), id="unfold_transposed_input"),
    Case("fold", lambda L, c: F(L).fold(c, (5, 6), (2, 3), padding=1, stride=2), rand(2, 18, 9)),
    Case("fold", lambda L, c: F(L).fold(c, (4, 5), 2, dilation=(1, 2)), rand(8, 9),
         id="fold_unbatched_dilated"),
    Case("conv2d", _conv2d(padding=2, stride=3), rand(2, 3, 9, 8), rand(5, 3, 4, 2, seed=4),
         rand(5, seed=5), id="conv2d_im2col_stride3"),
    Err("unfold", lambda L, x: F(L).unfold(x, 2), rand(3, 5, 6, 7, 8),
        match="Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other "
              "non-zero dimensions for input, but got: [3, 5, 6, 7, 8]", id="unfold_5d"),
    Err("fold", lambda L, c: F(L).fold(c, (4, 4), 2), rand(1, 12, 5),
        match="expected size of input's dimension 2 to match the calculated number of sliding "
              "blocks 3 * 3 = 9, but got input.size(2)=5.", id="fold_block_count"),
    Err("fold", lambda L, c: F(L).fold(c, (1, 1), 3), rand(1, 9, 1),
        match="Given output_size=(1, 1), kernel_size=(3, 3), dilation=(1, 1), padding=(0, 0), "
              "stride=(1, 1), calculated shape of the array of sliding blocks as (-1, -1), "
              "which is too small (non-positive)", id="fold_no_blocks"),
    Err("fold", lambda L, c: F(L).fold(c, (3, 3), 1), rand(1, 9, 0),
        match="Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and "
              "non-zero dimensions for input, but got: [1, 9, 0]", id="fold_empty_dim"),
    Err("unfold", lambda L, x: F(L).unfold(x, 3), rand(1, 1, 2, 5),
        match="Given input with spatial size (2, 5), kernel_size=(3, 3), dilation=(1, 1), "
              "padding=(0, 0), calculated shape of the array of sliding blocks as (0, 3), but its "
              "components must be at least one.", id="unfold_no_blocks"),
]
