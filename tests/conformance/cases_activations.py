"""Activation functions of nn.functional and their modules (issue 4)."""
import numpy as np

from harness import Case, Err, T, rand

# values away from the kinks at 0 (and at the clamp bounds), so gradients are defined
X = rand(3, 4) * 3
X[np.abs(X) < 0.05] = 0.3
X[np.abs(np.abs(X) - 3) < 0.05] = 2.5
X[np.abs(X - 1) < 0.05] = 0.8
X[np.abs(X + 1) < 0.05] = -0.8
X[np.abs(X - 6) < 0.05] = 5.5
BIG = np.array([-50.0, -19.0, 0.5, 21.0, 40.0, 100.0])     # off the threshold 20


def _f(name, *args, x=X, id=None, **kw):
    return Case(name, lambda L, a: getattr(L.nn.functional, name)(a, *args, **kw), x,
                id=id or name)


def _m(cls, *args, x=X, id=None, **kw):
    return Case(cls, lambda L, a: getattr(L.nn, cls)(*args, **kw)(a), x, id=id or f"nn.{cls}")


CASES = [
    _f("softplus"),
    _f("softplus", 2.0, 3.0, id="softplus_beta"),
    _f("softplus", x=BIG, id="softplus_big"),
    _f("silu"),
    _f("elu"),
    _f("elu", 0.5, id="elu_alpha"),
    _f("elu", x=BIG, id="elu_big"),
    _f("selu"),
    _f("celu", 2.0, id="celu"),
    _f("hardtanh"),
    _f("hardtanh", -2.0, 0.5, id="hardtanh_bounds"),
    _f("relu6"),
    _f("hardsigmoid"),
    _f("hardswish"),
    _f("mish"),
    _f("mish", x=BIG, id="mish_big"),
    _f("softsign"),
    _f("logsigmoid"),
    _f("logsigmoid", x=BIG, id="logsigmoid_big"),
    _f("glu", x=rand(3, 4)),
    _f("glu", 0, x=T(rand(4, 3)), id="glu_dim0"),
    _f("normalize", x=rand(3, 4)),
    _f("normalize", 1.0, 0, x=rand(3, 4), id="normalize_p1"),
    Case("normalize", lambda L, a: L.nn.functional.normalize(a), np.zeros((2, 3)),
         id="normalize_zero", grad=False),
    _f("gelu"),
    _f("gelu", approximate="tanh", id="gelu_tanh"),
    _f("leaky_relu"),
    _f("leaky_relu", 0.2, id="leaky_relu_slope"),
    _f("softmax", 1, x=T(rand(4, 3)), id="softmax_F"),
    _f("log_softmax", 0, id="log_softmax_F"),
    Case("elu_inplace", lambda L, a: L.nn.functional.elu(a.clone(), inplace=True), X),
    Case("float32", lambda L, a: L.nn.functional.mish(a.float()), X, id="mish_f32",
         gradcheck=False),
    _m("Softplus", beta=0.5),
    _m("SiLU"),
    _m("ELU", 2.0),
    _m("CELU", 0.5),
    _m("SELU"),
    _m("Hardtanh", -0.5, 0.5),
    _m("ReLU6"),
    _m("Hardsigmoid"),
    _m("Hardswish"),
    _m("Mish"),
    _m("Softsign"),
    _m("LogSigmoid"),
    _m("GLU", 0, x=rand(4, 3)),
    _m("GELU"),
    _m("LeakyReLU", 0.1),
    _m("Softmax", 0),
    _m("LogSoftmax", 1),
    _m("Identity", 3, k=4),
    _m("Flatten", x=rand(2, 3, 4)),
    _m("Flatten", 0, 1, x=rand(2, 3, 4), id="nn.Flatten_dims"),
    Case("module_repr", lambda L: [repr(m) for m in (
        L.nn.Softplus(), L.nn.ELU(alpha=0.5, inplace=True), L.nn.Hardtanh(), L.nn.ReLU6(True),
        L.nn.CELU(), L.nn.SELU(), L.nn.GLU(), L.nn.SiLU(), L.nn.Mish(), L.nn.Hardsigmoid(),
        L.nn.Hardswish(), L.nn.Softsign(), L.nn.LogSigmoid(), L.nn.GELU(), L.nn.LeakyReLU(),
        L.nn.Identity(), L.nn.Flatten())], id="module_repr"),
    Err("glu", lambda L, a: L.nn.functional.glu(a), rand(2, 3),
        match="Halving dimension must be even, but dimension 1 is size 3"),
    Err("glu", lambda L, a: L.nn.functional.glu(a), np.array(1.0),
        match="glu does not support scalars because halving size must be even", id="glu_0d"),
    Err("hardtanh", lambda L: L.nn.Hardtanh(1.0, -1.0), exc=AssertionError,
        match="max_val (-1.0) must be greater than min_val (1.0)"),
]

# ---- the third session's additions -------------------------------------------------------
IMG = rand(2, 8, 3, 2, seed=4)

CASES += [
    _f("softmin", 1),
    _m("Softmin", 0, id="nn.Softmin"),
    _f("threshold", 0.5, -2.0),
    _m("Threshold", 0.5, 7.0, id="nn.Threshold"),
    Case("prelu", lambda L, a, w: L.nn.functional.prelu(a, w), rand(2, 3, 4, seed=1),
         np.array([0.1, -0.3, 0.25])),
    Case("prelu", lambda L, a, w: L.nn.functional.prelu(a, w), X, np.array([0.2]),
         id="prelu_shared"),
    _m("PReLU", x=rand(3, 5, seed=2, dtype="float32"), id="nn.PReLU"),
    Err("PReLU", lambda L, a: L.nn.PReLU()(a), rand(3, 5, seed=2),
        match="prelu: Type promoting not supported. Got Double and Float", id="nn.PReLU_dtype"),
    Case("pixel_shuffle", lambda L, a: L.nn.functional.pixel_shuffle(a, 2), IMG),
    Case("pixel_unshuffle", lambda L, a: L.nn.PixelUnshuffle(3)(a), rand(2, 2, 6, 3, seed=5),
         id="nn.PixelUnshuffle"),
    Case("pixel_shuffle", lambda L, a: L.nn.functional.pixel_unshuffle(
        L.nn.functional.pixel_shuffle(a, 2), 2), IMG, id="pixel_round_trip"),
    Err("pixel_shuffle", lambda L, a: L.nn.functional.pixel_shuffle(a, 3), IMG,
        match="is not divisible by 9", id="pixel_shuffle_channels"),
    Err("pixel_unshuffle", lambda L, a: L.nn.functional.pixel_unshuffle(a, 2), IMG,
        match="input.size(-2)=3 is not divisible by 2", id="pixel_unshuffle_height"),
]

# interpolate / Upsample: PyTorch's source-coordinate rules for each mode
SIG = rand(2, 3, 5, seed=6)
IMG2 = rand(1, 2, 4, 5, seed=7)


def _resize(x, **kw):
    return Case("interpolate", lambda L, a: L.nn.functional.interpolate(a, **kw), x,
                id="interpolate_" + "_".join(f"{k}{v}" for k, v in kw.items()))


CASES += [
    _resize(SIG, size=8),
    _resize(SIG, scale_factor=2),
    _resize(SIG, size=11, mode="linear"),
    _resize(IMG2, size=(7, 3)),
    _resize(IMG2, scale_factor=1.7),
    _resize(IMG2, size=(7, 9), mode="bilinear"),
    _resize(IMG2, size=(7, 9), mode="bilinear", align_corners=True),
    _resize(IMG2, scale_factor=0.5, mode="bilinear"),
    _resize(IMG2, scale_factor=1.3, mode="bilinear", recompute_scale_factor=True),
    _resize(rand(1, 1, 3, 4, 5, seed=8), scale_factor=2, mode="trilinear"),
    Case("Upsample", lambda L, a: L.nn.Upsample(scale_factor=2, mode="bilinear")(a), IMG2,
         id="nn.Upsample"),
    Case("UpsamplingBilinear2d", lambda L, a: L.nn.UpsamplingBilinear2d(size=(6, 6))(a), IMG2,
         id="nn.UpsamplingBilinear2d"),
    Err("interpolate", lambda L, a: L.nn.functional.interpolate(a, size=4, align_corners=True),
        SIG, exc=ValueError, match="align_corners option can only be set with the interpolating "
        "modes", id="interpolate_nearest_align"),
    Err("interpolate", lambda L, a: L.nn.functional.interpolate(a, size=4, scale_factor=2), SIG,
        exc=ValueError, match="only one of size or scale_factor should be defined",
        id="interpolate_both"),
]

# the review's edge cases: prelu at 0 and its channel check, feature dropout's layouts,
# interpolate's argument checks, pixel_shuffle on too few dims
CASES += [
    Case("prelu", lambda L, a, w: L.nn.functional.prelu(a, w), np.array([[0.0, -1.0, 2.0]]),
         np.array([0.1, 0.2, 0.3]), id="prelu_at_zero", gradcheck=False),
    Err("prelu", lambda L: L.nn.functional.prelu(L.ones(2, 3), L.tensor([0.1, 0.2])),
        match="Found parameter numbers = 2 and channel size = 3.", id="prelu_channels"),
    Err("prelu", lambda L: L.nn.functional.prelu(L.ones(3), L.tensor([0.1, 0.2, 0.3])),
        match="Found parameter numbers = 3 and channel size = 1.", id="prelu_1d_channels"),
    Err("pixel_shuffle", lambda L: L.nn.functional.pixel_shuffle(L.ones(3, 3), 2),
        match="pixel_shuffle expects input to have at least 3 dimensions", id="pixel_shuffle_2d"),
    Err("interpolate", lambda L: L.nn.functional.interpolate(L.ones(1, 1, 4, 5), size=(3,)),
        exc=ValueError, match="Input and output must have the same number of spatial dimensions, "
        "but got input with spatial dimensions of [4, 5] and output size of (3,).",
        id="interpolate_size_dims"),
    Err("interpolate", lambda L: L.nn.functional.interpolate(L.ones(1, 1, 4, 5),
                                                             scale_factor=(2.0,)),
        exc=ValueError, match="scale_factor of shape (2.0,)", id="interpolate_scale_dims"),
]
