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
