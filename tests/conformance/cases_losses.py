"""nll_loss and cross_entropy: one op each in torch (NllLossBackward0 after
LogSoftmaxBackward0), with weights, ignore_index, reductions and extra dims."""
import numpy as np

from harness import Case, Err, rand

TARGET = np.array([2, 0, 4, 1, 4, 3])
IGNORED = np.array([2, -100, 4, 1, -100, 3])
W = np.abs(rand(5, seed=3)) + 0.1


def _ce(weighted=False, **kw):
    """cross_entropy; the class weights are a constant (torch has no gradient for them)."""
    return lambda L, x, t: L.nn.functional.cross_entropy(
        x, t, L.from_numpy(W.copy()) if weighted else None, **kw)


CASES = [
    Case("cross_entropy", _ce(), rand(6, 5), TARGET),
    Case("cross_entropy_sum", _ce(reduction="sum"), rand(6, 5), TARGET),
    Case("cross_entropy_none", _ce(reduction="none"), rand(6, 5), TARGET),
    Case("cross_entropy_weight", _ce(weighted=True), rand(6, 5), TARGET),
    Case("cross_entropy_ignore", _ce(), rand(6, 5), IGNORED),
    Case("cross_entropy_weight_ignore_none", _ce(True, reduction="none"), rand(6, 5), IGNORED),
    Case("cross_entropy_1d", _ce(), rand(5), np.array(3)),
    Case("cross_entropy_nd", _ce(), rand(2, 5, 3), np.array([[0, 4, 2], [1, 1, 3]])),
    Case("cross_entropy_smoothing", _ce(label_smoothing=0.2), rand(6, 5), TARGET),
    Case("cross_entropy_probs", _ce(), rand(6, 5), np.abs(rand(6, 5, seed=9))),
    Case("cross_entropy_float32", _ce(), rand(6, 5, dtype="float32"), TARGET, atol=1e-5),
    Case("nll_loss", lambda L, x, t: L.nn.functional.nll_loss(x.log_softmax(1), t),
         rand(6, 5), TARGET),
    Case("nll_loss_legacy_size_average",
         lambda L, x, t: L.nn.functional.nll_loss(x, t, size_average=False), rand(6, 5), TARGET),
    Case("CrossEntropyLoss_module", lambda L, x, t: L.nn.CrossEntropyLoss()(x, t), rand(6, 5),
         TARGET),
    Err("cross_entropy_target_range", _ce(), rand(6, 5), np.array([0, 1, 5, 0, 0, 0]),
        exc=IndexError, match="Target 5 is out of bounds."),
    Err("cross_entropy_batch", _ce(), rand(6, 5), np.array([0, 1]), exc=ValueError,
        match="Expected input batch_size (6) to match target batch_size (2)."),
    Err("nll_loss_float_target", lambda L, x, t: L.nn.functional.nll_loss(x, t), rand(6, 5),
        rand(6), match="expected scalar type Long but found Double"),
    # every target ignored: 0/0 = nan for 'mean' (silently), ignored positions +0. for 'none'
    Case("nll_loss", lambda L, x, t: L.nn.functional.nll_loss(x, t), rand(3, 5),
         np.array([-100, -100, -100]), id="nll_loss_all_ignored_mean"),
    Case("nll_loss", lambda L, x, t: L.nn.functional.nll_loss(x, t, reduction="none"),
         rand(6, 5), IGNORED, id="nll_loss_ignored_none"),
    Err("nll_loss", lambda L, x, t, w: L.nn.functional.nll_loss(x.float(), t, w), rand(6, 5),
        TARGET, W, match="expected scalar type Float but found Double", id="nll_loss_weight_dtype"),
]

# label smoothing and probability targets together with weights and ignore_index
CASES += [
    Case("cross_entropy", _ce(True, label_smoothing=0.2), rand(6, 5), TARGET,
         id="cross_entropy_weight_smoothing"),
    Case("cross_entropy", _ce(label_smoothing=0.2), rand(6, 5), IGNORED,
         id="cross_entropy_ignore_smoothing"),
    Case("cross_entropy", _ce(True, label_smoothing=0.1, reduction="none"), rand(6, 5), IGNORED,
         id="cross_entropy_weight_ignore_smoothing_none"),
    Case("cross_entropy", _ce(True, label_smoothing=0.1, reduction="sum"), rand(2, 5, 3),
         np.array([[0, 4, 2], [1, -100, 3]]), id="cross_entropy_nd_weight_ignore_smoothing_sum"),
    Case("cross_entropy", _ce(True), rand(6, 5), np.abs(rand(6, 5, seed=9)),
         id="cross_entropy_probs_weight"),
    Case("cross_entropy", _ce(label_smoothing=0.3), rand(6, 5), np.abs(rand(6, 5, seed=9)),
         id="cross_entropy_probs_smoothing"),
    Case("cross_entropy", _ce(True, label_smoothing=0.3, reduction="none"), rand(6, 5),
         np.abs(rand(6, 5, seed=9)), id="cross_entropy_probs_weight_smoothing_none"),
]

# ---- the elementwise losses (nn/_losses.py): composites, gradients through their ops ----

PROBS = 1 / (1 + np.exp(-rand(4, 3, seed=5)))          # in (0, 1)
LABELS = (rand(4, 3, seed=6) > 0).astype("float64")
SOFT = 1 / (1 + np.exp(-rand(4, 3, seed=7)))
LOGP = rand(4, 3, seed=8) - 2.0
PROB_T = np.abs(rand(4, 3, seed=9)) / 3


def _f(name, *args, target=LABELS, **kw):
    """F.<name>(x, target, ...) with a constant target (no gradient asked for it)."""
    return lambda L, x: getattr(L.nn.functional, name)(x, L.from_numpy(target.copy()), *args, **kw)


def _m(cls, *args, target=LABELS, **kw):
    return lambda L, x: getattr(L.nn, cls)(*args, **kw)(x, L.from_numpy(target.copy()))


CASES += [
    Case("binary_cross_entropy", _f("binary_cross_entropy"), PROBS),
    Case("binary_cross_entropy", _f("binary_cross_entropy", target=SOFT, reduction="none"), PROBS,
         id="bce_soft_none"),
    Case("binary_cross_entropy", lambda L, x: L.nn.functional.binary_cross_entropy(
        x, L.from_numpy(LABELS.copy()), L.from_numpy(W[:3].copy()), reduction="sum"), PROBS,
         id="bce_weight_sum"),
    Case("binary_cross_entropy", lambda L: L.nn.functional.binary_cross_entropy(
        L.tensor([0.0, 1.0, 1.0]), L.tensor([0.0, 1.0, 0.0]), reduction="none"), id="bce_clamped"),
    Case("binary_cross_entropy_with_logits", _f("binary_cross_entropy_with_logits"),
         rand(4, 3, seed=10) * 4),
    Case("binary_cross_entropy_with_logits", lambda L, x: L.nn.functional.binary_cross_entropy_with_logits(
        x, L.from_numpy(SOFT.copy()), pos_weight=L.from_numpy(W[:3].copy()), reduction="none"),
         rand(4, 3, seed=11) * 30, id="bce_logits_pos_weight_large"),
    Case("smooth_l1_loss", _f("smooth_l1_loss", target=SOFT), rand(4, 3, seed=12)),
    Case("smooth_l1_loss", _f("smooth_l1_loss", target=SOFT, beta=0.5, reduction="sum"),
         rand(4, 3, seed=13), id="smooth_l1_beta"),
    Case("smooth_l1_loss", _f("smooth_l1_loss", target=SOFT, beta=0.0), rand(4, 3, seed=14),
         id="smooth_l1_beta0"),
    Case("huber_loss", _f("huber_loss", target=SOFT, delta=0.7, reduction="none"),
         rand(4, 3, seed=15)),
    Case("kl_div", _f("kl_div", target=PROB_T, reduction="batchmean"), LOGP),
    Case("kl_div", _f("kl_div", target=LOGP, reduction="sum", log_target=True), LOGP,
         id="kl_div_log_target"),
    Case("kl_div", lambda L, x: L.nn.functional.kl_div(
        x, L.tensor([[0.0, 0.5, 0.5]]), reduction="none"), LOGP[:1], id="kl_div_zero_target"),
    Case("mse_loss", _f("mse_loss", target=SOFT, size_average=False), rand(4, 3, seed=16),
         id="mse_legacy_size_average"),
    Case("l1_loss", _f("l1_loss", target=SOFT, reduce=False), rand(4, 3, seed=17),
         id="l1_legacy_reduce"),
    Case("BCELoss", _m("BCELoss"), PROBS),
    Case("BCEWithLogitsLoss", _m("BCEWithLogitsLoss", reduction="sum"), rand(4, 3, seed=18)),
    Case("SmoothL1Loss", _m("SmoothL1Loss", beta=2.0, target=SOFT), rand(4, 3, seed=19)),
    Case("HuberLoss", _m("HuberLoss", delta=0.5, target=SOFT), rand(4, 3, seed=20)),
    Case("KLDivLoss", _m("KLDivLoss", reduction="batchmean", target=PROB_T), LOGP),
    Case("MSELoss_legacy", _m("MSELoss", reduce=False, target=SOFT), rand(4, 3, seed=21)),
    Case("cosine_similarity", lambda L, a, b: L.nn.functional.cosine_similarity(a, b),
         rand(4, 3, seed=22), rand(4, 3, seed=23)),
    Case("cosine_similarity", lambda L, a, b: L.nn.CosineSimilarity(dim=-1)(a, b),
         rand(3, seed=24), rand(2, 3, seed=25), id="cosine_similarity_broadcast"),
    Case("pairwise_distance", lambda L, a, b: L.nn.functional.pairwise_distance(a, b),
         rand(4, 3, seed=26), rand(4, 3, seed=27)),
    Case("pairwise_distance", lambda L, a, b: L.nn.PairwiseDistance(p=1.0, keepdim=True)(a, b),
         rand(4, 3, seed=28), rand(4, 3, seed=29), id="pairwise_distance_p1"),
    Err("binary_cross_entropy", lambda L: L.nn.functional.binary_cross_entropy(
        L.tensor([0.5, 1.5]), L.tensor([0.0, 1.0])),
        match="all elements of input should be between 0 and 1", id="bce_range"),
    Err("binary_cross_entropy", lambda L: L.nn.functional.binary_cross_entropy(
        L.tensor([0.5, 0.5]), L.tensor([[0.0, 1.0]])), exc=ValueError,
        match="is different to the input size", id="bce_size"),
    Err("binary_cross_entropy_with_logits", lambda L: L.nn.functional.binary_cross_entropy_with_logits(
        L.tensor([0.5, 0.5]), L.tensor([1.0])), exc=ValueError,
        match="Target size (torch.Size([1])) must be the same as input size (torch.Size([2]))",
        id="bce_logits_size"),
    Err("smooth_l1_loss", lambda L: L.nn.functional.smooth_l1_loss(
        L.ones(2), L.ones(2), beta=-1.0), match="does not support negative values for beta"),
    Err("mse_loss", lambda L: L.nn.functional.mse_loss(L.ones(2), L.ones(2), reduction="avg"),
        exc=ValueError, match="avg is not a valid value for reduction"),
]
