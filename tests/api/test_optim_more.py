"""RMSprop/Adagrad/Adadelta/Adamax/NAdam/RAdam and lr_scheduler, checked step by step against
PyTorch (same float64 start, same hyperparameters, same call pattern)."""
import copy
import math
import warnings

import numpy as np
import pytest

import torchlike as torch

RNG = np.random.default_rng(7)
X = RNG.standard_normal((6, 3))
Y = RNG.standard_normal((6, 2))
W0 = RNG.standard_normal((3, 2))
B0 = RNG.standard_normal(2)

OPTIMIZER_CASES = [
    ("RMSprop", {}),
    ("RMSprop", dict(lr=0.03, alpha=0.9, weight_decay=0.1)),
    ("RMSprop", dict(lr=0.01, momentum=0.9, centered=True)),
    ("RMSprop", dict(lr=0.02, momentum=0.5, centered=True, weight_decay=0.05, eps=1e-4)),
    ("RMSprop", dict(maximize=True, centered=True)),
    ("Adagrad", {}),
    ("Adagrad", dict(lr=0.1, lr_decay=0.05, weight_decay=0.1, initial_accumulator_value=0.5)),
    ("Adagrad", dict(eps=1e-6, maximize=True)),
    ("Adadelta", {}),
    ("Adadelta", dict(lr=0.5, rho=0.5, eps=1e-4, weight_decay=0.1)),
    ("Adamax", {}),
    ("Adamax", dict(lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)),
    ("NAdam", {}),
    ("NAdam", dict(lr=0.05, betas=(0.8, 0.95), weight_decay=0.1, momentum_decay=0.01)),
    ("NAdam", dict(lr=0.05, weight_decay=0.1, decoupled_weight_decay=True, maximize=True)),
    ("RAdam", {}),
    ("RAdam", dict(lr=0.05, betas=(0.5, 0.9), weight_decay=0.1)),  # rectified after step 5
    ("RAdam", dict(lr=0.05, betas=(0.5, 0.9), weight_decay=0.1, decoupled_weight_decay=True)),
    ("Adam", dict(lr=0.05, amsgrad=True, weight_decay=0.1)),
    ("AdamW", dict(lr=0.05, amsgrad=True, maximize=True)),
    ("SGD", dict(lr=0.05, momentum=0.9, weight_decay=0.1, nesterov=True)),
]


def _params(lib):
    return (lib.tensor(W0.copy(), dtype=lib.float64, requires_grad=True),
            lib.tensor(B0.copy(), dtype=lib.float64, requires_grad=True))


def _make(lib, name, kwargs, w, b):
    # Two groups; the bias group overrides a hyperparameter to exercise per-group settings.
    groups = [{"params": [w]}, {"params": [b], "weight_decay": 0.0}]
    return getattr(lib.optim, name)(groups, **kwargs)


def _train(lib, opt, w, b, steps):
    x, y = lib.tensor(X), lib.tensor(Y)
    history = []
    for _ in range(steps):
        opt.zero_grad()
        loss = ((x @ w + b - y) ** 2).mean()
        loss.backward()
        opt.step()
        history.append((w.detach().numpy().copy(), b.detach().numpy().copy()))
    return history


@pytest.mark.parametrize("name,kwargs", OPTIMIZER_CASES)
def test_optimizer_matches_torch_each_step(name, kwargs, torch_ref):
    ours = _params(torch)
    theirs = _params(torch_ref)
    mine = _train(torch, _make(torch, name, kwargs, *ours), *ours, 10)
    ref = _train(torch_ref, _make(torch_ref, name, kwargs, *theirs), *theirs, 10)
    for (w, b), (rw, rb) in zip(mine, ref):
        np.testing.assert_allclose(w, rw, rtol=1e-10, atol=1e-10)
        np.testing.assert_allclose(b, rb, rtol=1e-10, atol=1e-10)
    assert not np.allclose(mine[-1][0], W0)  # the optimizer actually moved


@pytest.mark.parametrize("name,kwargs", OPTIMIZER_CASES)
def test_optimizer_state_keys_and_groups_as_torch(name, kwargs, torch_ref):
    opts = []
    for lib in (torch, torch_ref):
        params = _params(lib)
        opts.append(_make(lib, name, kwargs, *params))
        _train(lib, opts[-1], *params, 1)
    mine, ref = (o.state_dict() for o in opts)
    assert sorted(mine["state"]) == sorted(ref["state"])
    for i in ref["state"]:
        assert sorted(mine["state"][i]) == sorted(ref["state"][i])
    for group, ref_group in zip(mine["param_groups"], ref["param_groups"]):
        assert set(group) <= set(ref_group)
        assert {k: ref_group[k] for k in group} == group


@pytest.mark.parametrize("name,kwargs", OPTIMIZER_CASES)
def test_state_dict_roundtrip_resumes_exactly(name, kwargs):
    w, b = _params(torch)
    opt = _make(torch, name, kwargs, w, b)
    straight = _train(torch, opt, w, b, 8)

    w, b = _params(torch)
    opt = _make(torch, name, kwargs, w, b)
    _train(torch, opt, w, b, 4)
    saved = copy.deepcopy(opt.state_dict())
    w2, b2 = w.detach().clone().requires_grad_(True), b.detach().clone().requires_grad_(True)
    resumed = _make(torch, name, {**kwargs, "lr": 123.0}, w2, b2)
    resumed.load_state_dict(saved)
    assert resumed.param_groups[0]["lr"] == opt.param_groups[0]["lr"]
    rest = _train(torch, resumed, w2, b2, 4)
    np.testing.assert_array_equal(rest[-1][0], straight[-1][0])
    np.testing.assert_array_equal(rest[-1][1], straight[-1][1])


@pytest.mark.parametrize("name", sorted({n for n, _ in OPTIMIZER_CASES}))
def test_step_is_in_place_without_graph_and_zero_grad(name):
    w, b = _params(torch)
    opt = _make(torch, name, {}, w, b)
    ptr, version = w.data_ptr(), w._version
    _train(torch, opt, w, b, 1)
    assert w.data_ptr() == ptr and w._version > version
    assert w.is_leaf and w.requires_grad and w.grad_fn is None
    assert w.grad is not None
    opt.zero_grad(set_to_none=False)
    np.testing.assert_array_equal(w.grad.numpy(), 0.0)
    opt.zero_grad()
    assert w.grad is None and b.grad is None


def test_step_returns_closure_loss_and_skips_params_without_grad():
    w, b = _params(torch)
    opt = torch.optim.RMSprop([w, b], lr=0.1)
    x, y = torch.tensor(X), torch.tensor(Y)

    def closure():
        opt.zero_grad()
        loss = ((x @ w - y) ** 2).mean()  # b gets no gradient
        loss.backward()
        return loss

    loss = opt.step(closure)
    assert loss.item() > 0 and b.grad is None
    np.testing.assert_array_equal(b.detach().numpy(), B0)
    assert b not in opt.state


def test_adagrad_state_exists_before_the_first_step():
    w = torch.zeros(3, requires_grad=True)
    opt = torch.optim.Adagrad([w], initial_accumulator_value=0.25)
    state = opt.state_dict()["state"][0]
    assert state["step"] == 0
    np.testing.assert_array_equal(state["sum"].numpy(), 0.25)


def test_nadam_mu_product_is_kept_in_the_default_dtype(torch_ref):
    """torch keeps mu_product in a 0-d default-dtype (float32) tensor; so do we."""
    mine, ref = [], []
    for lib, out in ((torch, mine), (torch_ref, ref)):
        w = lib.zeros(1, dtype=lib.float64, requires_grad=True)
        opt = lib.optim.NAdam([w])
        for _ in range(5):
            w.grad = lib.ones(1, dtype=lib.float64)
            opt.step()
            out.append(float(opt.state[w]["mu_product"]))
    assert mine == ref


OPTIMIZER_ERRORS = [
    ("SGD", dict(lr=-1)), ("Adam", dict(lr=float("nan"))), ("SGD", dict(momentum=-0.5)),
    ("SGD", dict(weight_decay=-1e-3)), ("SGD", dict(lr=0.1, nesterov=True)),
    ("Adam", dict(lr=-0.1)), ("Adam", dict(eps=-1.0)), ("Adam", dict(betas=(1.0, 0.999))),
    ("Adam", dict(betas=(0.9, -0.1))), ("Adam", dict(weight_decay=-1)),
    ("AdamW", dict(betas=(0.9, 1.0))),
    ("RMSprop", dict(lr=-1)), ("RMSprop", dict(eps=-1)), ("RMSprop", dict(momentum=-1)),
    ("RMSprop", dict(weight_decay=-1)), ("RMSprop", dict(alpha=-0.5)),
    ("Adagrad", dict(lr=-1)), ("Adagrad", dict(lr_decay=-1)), ("Adagrad", dict(weight_decay=-1)),
    ("Adagrad", dict(initial_accumulator_value=-1)), ("Adagrad", dict(eps=-1)),
    ("Adadelta", dict(lr=-1)), ("Adadelta", dict(rho=1.5)), ("Adadelta", dict(rho=-0.1)),
    ("Adadelta", dict(eps=-1)), ("Adadelta", dict(weight_decay=-1)),
    ("Adamax", dict(lr=-1)), ("Adamax", dict(eps=-1)), ("Adamax", dict(betas=(-0.1, 0.9))),
    ("Adamax", dict(betas=(0.9, 1.5))), ("Adamax", dict(weight_decay=-1)),
    ("NAdam", dict(lr=-1)), ("NAdam", dict(betas=(0.9, 1.0))), ("NAdam", dict(weight_decay=-1)),
    ("NAdam", dict(momentum_decay=-1)),
    ("RAdam", dict(lr=-1)), ("RAdam", dict(eps=-1)), ("RAdam", dict(betas=(1.0, 0.9))),
    ("RAdam", dict(weight_decay=-1)),
]


def _error_of(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the type is what is compared
        return type(e), str(e)
    return None


@pytest.mark.parametrize("name,kwargs", OPTIMIZER_ERRORS)
def test_invalid_hyperparameters_raise_as_torch(name, kwargs, torch_ref):
    mine = _error_of(lambda: getattr(torch.optim, name)([torch.zeros(1, requires_grad=True)],
                                                        **kwargs))
    ref = _error_of(lambda: getattr(torch_ref.optim, name)(
        [torch_ref.zeros(1, requires_grad=True)], **kwargs))
    assert ref is not None and mine == ref


def test_invalid_learning_rate_message():
    with pytest.raises(ValueError, match=r"^Invalid learning rate: -1$"):
        torch.optim.RMSprop([torch.zeros(1, requires_grad=True)], lr=-1)


# ---------------------------------------------------------------------- schedulers

def _sched_optimizer(lib, kind="SGD"):
    w = lib.zeros(2, requires_grad=True)
    b = lib.zeros(1, requires_grad=True)
    groups = [{"params": [w]}, {"params": [b], "lr": 0.05}]
    if kind == "SGD":
        return lib.optim.SGD(groups, lr=0.1, momentum=0.9)
    return getattr(lib.optim, kind)(groups, lr=0.1)


class Scale:
    """A callable object: LambdaLR saves its __dict__ in state_dict."""

    def __init__(self, base):
        self.base = base

    def __call__(self, epoch):
        return self.base ** epoch


SCHEDULER_CASES = {
    "step": lambda S, o: S.StepLR(o, step_size=7, gamma=0.3),
    "step_default_gamma": lambda S, o: S.StepLR(o, 1),
    "multistep": lambda S, o: S.MultiStepLR(o, milestones=[3, 8, 8, 20], gamma=0.5),
    "exponential": lambda S, o: S.ExponentialLR(o, gamma=0.9),
    "cosine": lambda S, o: S.CosineAnnealingLR(o, T_max=10),
    "cosine_eta_min": lambda S, o: S.CosineAnnealingLR(o, T_max=7, eta_min=0.01),
    "cosine_warm_restarts": lambda S, o: S.CosineAnnealingWarmRestarts(o, T_0=4, T_mult=2,
                                                                       eta_min=1e-3),
    "lambda": lambda S, o: S.LambdaLR(o, lambda e: 0.95 ** e),
    "lambda_per_group": lambda S, o: S.LambdaLR(o, [lambda e: 1 / (e + 1), Scale(0.9)]),
    "multiplicative": lambda S, o: S.MultiplicativeLR(o, lambda e: 0.97),
    "linear": lambda S, o: S.LinearLR(o, start_factor=0.25, total_iters=8),
    "linear_decay": lambda S, o: S.LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=12),
    "constant": lambda S, o: S.ConstantLR(o, factor=0.5, total_iters=4),
    "polynomial": lambda S, o: S.PolynomialLR(o, total_iters=20, power=2.0),
    "onecycle_cos": lambda S, o: S.OneCycleLR(o, max_lr=1.0, total_steps=30),
    "onecycle_linear": lambda S, o: S.OneCycleLR(o, max_lr=[1.0, 0.5], epochs=3,
                                                 steps_per_epoch=11, anneal_strategy="linear",
                                                 pct_start=0.25),
    "onecycle_three_phase": lambda S, o: S.OneCycleLR(o, max_lr=0.4, total_steps=35,
                                                      three_phase=True, div_factor=10.0),
    "sequential": lambda S, o: S.SequentialLR(
        o, [S.LinearLR(o, start_factor=0.1, total_iters=5), S.ExponentialLR(o, gamma=0.9),
            S.StepLR(o, step_size=3)], milestones=[5, 15]),
    "chained": lambda S, o: S.ChainedScheduler(
        [S.ConstantLR(o, factor=0.5, total_iters=3), S.ExponentialLR(o, gamma=0.95)]),
}


def _lr_history(lib, case, kind="SGD", epochs=30):
    opt = _sched_optimizer(lib, kind)
    sched = SCHEDULER_CASES[case](lib.optim.lr_scheduler, opt)
    lrs, momenta = [list(sched.get_last_lr())], []
    for _ in range(epochs):
        opt.step()
        sched.step()
        lrs.append(list(sched.get_last_lr()))
        momenta.append([g.get("momentum", g.get("betas")) for g in opt.param_groups])
    return lrs, momenta, sched


@pytest.mark.parametrize("case", sorted(SCHEDULER_CASES))
def test_scheduler_lrs_equal_torch(case, torch_ref):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the usual call order must not warn
        mine = _lr_history(torch, case)
    ref = _lr_history(torch_ref, case)
    assert mine[0] == ref[0]  # exactly: torch's own arithmetic
    assert mine[1] == ref[1]
    assert getattr(mine[2], "last_epoch", None) == getattr(ref[2], "last_epoch", None)


@pytest.mark.parametrize("case", ["onecycle_cos", "onecycle_three_phase"])
def test_onecycle_cycles_adam_betas_as_torch(case, torch_ref):
    mine = _lr_history(torch, case, kind="Adam")
    ref = _lr_history(torch_ref, case, kind="Adam")
    assert mine[0] == ref[0] and mine[1] == ref[1]


def test_scheduler_sets_initial_lr_and_base_lrs():
    opt = _sched_optimizer(torch)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2)
    assert [g["initial_lr"] for g in opt.param_groups] == [0.1, 0.05]
    assert sched.base_lrs == [0.1, 0.05] and sched.last_epoch == 0
    with pytest.raises(KeyError, match=r"param 'initial_lr' is not specified in param_groups\[0\]"):
        torch.optim.lr_scheduler.StepLR(_sched_optimizer(torch), step_size=2, last_epoch=3)


@pytest.mark.parametrize("case", ["step", "multistep", "cosine", "lambda_per_group",
                                  "multiplicative", "linear", "onecycle_cos", "sequential",
                                  "chained", "cosine_warm_restarts"])
def test_scheduler_state_dict_roundtrip_resumes(case):
    straight = _lr_history(torch, case, epochs=25)[0]
    lrs, _, sched = _lr_history(torch, case, epochs=10)
    opt_state = copy.deepcopy(sched.optimizer.state_dict())
    sched_state = sched.state_dict()
    assert "optimizer" not in sched_state
    assert sched_state.get("last_epoch", 10) == 10  # ChainedScheduler has none, as in torch

    opt = _sched_optimizer(torch)
    resumed = SCHEDULER_CASES[case](torch.optim.lr_scheduler, opt)
    opt.load_state_dict(opt_state)
    resumed.load_state_dict(sched_state)
    for _ in range(15):
        opt.step()
        resumed.step()
        lrs.append(resumed.get_last_lr())
    assert lrs == straight


def test_lambda_state_dict_keeps_callable_objects_state():
    opt = _sched_optimizer(torch)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, [lambda e: 1.0, Scale(0.5)])
    assert sched.state_dict()["lr_lambdas"] == [None, {"base": 0.5}]
    other = torch.optim.lr_scheduler.LambdaLR(_sched_optimizer(torch), [lambda e: 1.0, Scale(2)])
    other.load_state_dict(sched.state_dict())
    assert other.lr_lambdas[1].base == 0.5


def test_step_with_epoch_uses_closed_form(torch_ref):
    results = []
    for lib in (torch, torch_ref):
        opt = _sched_optimizer(lib)
        sched = lib.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)
        opt.step()
        with pytest.warns(UserWarning, match="The epoch parameter"):
            sched.step(7)
        results.append((sched.last_epoch, sched.get_last_lr()))
    assert results[0] == results[1] == (7, [0.1 * 0.25, 0.05 * 0.25])


def test_warns_when_scheduler_steps_before_optimizer():
    opt = _sched_optimizer(torch)
    sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.5)
    with pytest.warns(UserWarning, match="before `optimizer.step\\(\\)`"):
        sched.step()


def test_onecycle_refuses_to_step_past_total_steps():
    opt = _sched_optimizer(torch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=3)
    for _ in range(3):
        opt.step()
        sched.step()
    with pytest.raises(ValueError, match="Tried to step 4 times. The specified number of total "
                                         "steps is 3"):
        sched.step()


PLATEAU_METRICS = [1.0, 0.9, 0.9, 0.95, 0.91, 0.89999, 0.9, 0.8, 0.8, 0.8, 0.8, 0.8, 0.7, 0.75,
                   0.75, 0.75, 0.75, 0.69, 0.69, 0.69, 0.69, 0.69, 0.69, 0.69, 0.68, 0.7, 0.7,
                   0.7, 0.7, 0.7]

PLATEAU_CASES = [
    dict(),
    dict(patience=2),
    dict(patience=1, factor=0.5, cooldown=2),
    dict(patience=0, factor=0.5, min_lr=0.02),
    dict(patience=1, factor=0.3, min_lr=[0.01, 0.001], threshold=0.05),
    dict(patience=2, threshold_mode="abs", threshold=0.005),
    dict(mode="max", patience=1, factor=0.5),
    dict(mode="max", patience=1, threshold_mode="abs", threshold=0.0, cooldown=1),
    dict(patience=0, factor=0.99, eps=1e-3),
]


@pytest.mark.parametrize("kwargs", PLATEAU_CASES)
def test_reduce_lr_on_plateau_matches_torch(kwargs, torch_ref):
    histories = []
    for lib in (torch, torch_ref):
        opt = _sched_optimizer(lib)
        sched = lib.optim.lr_scheduler.ReduceLROnPlateau(opt, **kwargs)
        lrs = [list(sched.get_last_lr())]
        for metric in PLATEAU_METRICS:
            opt.step()
            sched.step(lib.tensor(metric) if metric == 0.8 else metric)  # 0-d tensors too
            lrs.append(list(sched.get_last_lr()))
        histories.append((lrs, sched.best, sched.num_bad_epochs, sched.cooldown_counter,
                          sched.last_epoch))
    assert histories[0][1:] == histories[1][1:]
    assert histories[0][0] == histories[1][0]


def test_reduce_lr_on_plateau_state_dict_roundtrip():
    opt = _sched_optimizer(torch)
    sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, patience=1, mode="max")
    for metric in (1.0, 0.5, 0.5):
        sched.step(metric)
    other = torch.optim.lr_scheduler.ReduceLROnPlateau(_sched_optimizer(torch))
    other.load_state_dict(sched.state_dict())
    assert (other.mode, other.mode_worse, other.best, other.patience) == ("max", -math.inf, 1.0, 1)


SCHEDULER_ERRORS = {
    "not_an_optimizer": lambda S, o: S.StepLR(3, step_size=1),
    "linear_start": lambda S, o: S.LinearLR(o, start_factor=0.0),
    "linear_end": lambda S, o: S.LinearLR(o, end_factor=1.5),
    "constant_factor": lambda S, o: S.ConstantLR(o, factor=2.0),
    "lambda_count": lambda S, o: S.LambdaLR(o, [lambda e: 1.0]),
    "multiplicative_callable": lambda S, o: S.MultiplicativeLR(o, 0.9),
    "warm_restarts_T0": lambda S, o: S.CosineAnnealingWarmRestarts(o, T_0=0),
    "warm_restarts_Tmult": lambda S, o: S.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=0),
    "onecycle_no_steps": lambda S, o: S.OneCycleLR(o, max_lr=1.0),
    "onecycle_total": lambda S, o: S.OneCycleLR(o, max_lr=1.0, total_steps=0),
    "onecycle_epochs": lambda S, o: S.OneCycleLR(o, max_lr=1.0, epochs=2.5, steps_per_epoch=2),
    "onecycle_pct": lambda S, o: S.OneCycleLR(o, max_lr=1.0, total_steps=5, pct_start=1.5),
    "onecycle_pct_int": lambda S, o: S.OneCycleLR(o, max_lr=1.0, total_steps=5, pct_start=1),
    "onecycle_anneal": lambda S, o: S.OneCycleLR(o, max_lr=1.0, total_steps=5,
                                                 anneal_strategy="exp"),
    "onecycle_max_lr_len": lambda S, o: S.OneCycleLR(o, max_lr=[1.0], total_steps=5),
    "plateau_factor": lambda S, o: S.ReduceLROnPlateau(o, factor=1.0),
    "plateau_mode": lambda S, o: S.ReduceLROnPlateau(o, mode="mean"),
    "plateau_threshold_mode": lambda S, o: S.ReduceLROnPlateau(o, threshold_mode="pct"),
    "plateau_min_lr": lambda S, o: S.ReduceLROnPlateau(o, min_lr=[0.1]),
    "sequential_milestones": lambda S, o: S.SequentialLR(o, [S.StepLR(o, 2)], milestones=[3]),
    "sequential_empty": lambda S, o: S.SequentialLR(o, [], milestones=[]),
    "sequential_plateau": lambda S, o: S.SequentialLR(
        o, [S.StepLR(o, 2), S.ReduceLROnPlateau(o)], milestones=[3]),
}


@pytest.mark.parametrize("case", sorted(SCHEDULER_ERRORS))
def test_scheduler_errors_as_torch(case, torch_ref):
    mine = _error_of(lambda: SCHEDULER_ERRORS[case](torch.optim.lr_scheduler,
                                                    _sched_optimizer(torch)))
    ref = _error_of(lambda: SCHEDULER_ERRORS[case](torch_ref.optim.lr_scheduler,
                                                   _sched_optimizer(torch_ref)))
    assert ref is not None and mine == ref


def test_onecycle_cycle_momentum_needs_momentum_as_torch(torch_ref):
    mine = _error_of(lambda: torch.optim.lr_scheduler.OneCycleLR(
        _sched_optimizer(torch, "Adagrad"), max_lr=1.0, total_steps=5))
    ref = _error_of(lambda: torch_ref.optim.lr_scheduler.OneCycleLR(
        _sched_optimizer(torch_ref, "Adagrad"), max_lr=1.0, total_steps=5))
    assert ref is not None and mine == ref


def test_checkpoint_through_save_and_load(tmp_path):
    """The tutorial checkpoint: optimizer and scheduler state_dicts through torch.save/load."""
    w = torch.zeros(2, requires_grad=True)
    opt = torch.optim.NAdam([w], lr=0.1)
    sched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[1, 2])
    w.grad = torch.ones(2)
    opt.step()
    sched.step()
    torch.save({"opt": opt.state_dict(), "sched": sched.state_dict()}, tmp_path / "ckpt.pt")
    ckpt = torch.load(tmp_path / "ckpt.pt")
    opt2 = torch.optim.NAdam([w], lr=0.1)
    sched2 = torch.optim.lr_scheduler.MultiStepLR(opt2, milestones=[1, 2])
    opt2.load_state_dict(ckpt["opt"])
    sched2.load_state_dict(ckpt["sched"])
    assert opt2.state[w]["mu_product"] == opt.state[w]["mu_product"]
    assert sched2.get_last_lr() == sched.get_last_lr() and sched2.last_epoch == 1
    opt2.step()
    sched2.step()
    assert sched2.get_last_lr() == [0.1 * 0.1 * 0.1]
