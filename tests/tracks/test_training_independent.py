"""Independent checks of the training track's reference solutions against PyTorch's own implementations.

Each test loads a reference from solutions/training/ and compares it with something written by others:
autograd, F.cross_entropy, torch.optim.AdamW, torch.optim.Adafactor, torch's LR schedulers and
torch.optim.swa_utils.AveragedModel.
"""
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from grader.catalog import load_catalog
from grader.trusted import load_reference


def _ref(slug):
    return load_reference(load_catalog().get(slug))


@pytest.mark.parametrize("V,N,seed", [(5, 12, 0), (27, 64, 1), (3, 1, 2)])
def test_bigram_grad_matches_autograd(V, N, seed):
    """Do the reference's loss and dW match F.cross_entropy and autograd?"""
    ref = _ref("bigram-grad")
    rng = np.random.default_rng(seed)
    W, x, y = rng.normal(scale=2.0, size=(V, V)), rng.integers(V, size=N), rng.integers(V, size=N)
    loss, dW = ref.bigram_loss_and_grad(W, x, y)
    Wt = torch.tensor(W, requires_grad=True)
    lt = F.cross_entropy(Wt[torch.tensor(x)], torch.tensor(y))
    lt.backward()
    assert math.isclose(loss, lt.item(), rel_tol=1e-12)
    np.testing.assert_allclose(dW, Wt.grad.numpy(), rtol=1e-10, atol=1e-14)


def test_bigram_grad_matches_finite_differences_everywhere():
    """Does every entry of the reference's dW match central finite differences of its loss?"""
    ref = _ref("bigram-grad")
    rng = np.random.default_rng(3)
    V = 4
    W, x, y = rng.normal(size=(V, V)), rng.integers(V, size=9), rng.integers(V, size=9)
    _, dW = ref.bigram_loss_and_grad(W, x, y)
    h = 1e-6
    fd = np.zeros_like(W)
    for a in range(V):
        for b in range(V):
            Wp, Wm = W.copy(), W.copy()
            Wp[a, b] += h
            Wm[a, b] -= h
            fd[a, b] = (ref.bigram_loss_and_grad(Wp, x, y)[0] - ref.bigram_loss_and_grad(Wm, x, y)[0]) / (2 * h)
    np.testing.assert_allclose(dW, fd, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("eps", [0.0, 0.1, 0.37, 1.0])
def test_label_smoothing_uniform_matches_torch(eps):
    """Does mode="uniform" equal F.cross_entropy(..., label_smoothing=eps)?"""
    ref = _ref("label-smoothing")
    rng = np.random.default_rng(int(eps * 100))
    logits, y = rng.normal(scale=3.0, size=(13, 9)), rng.integers(9, size=13)
    want = F.cross_entropy(torch.tensor(logits), torch.tensor(y), label_smoothing=eps).item()
    assert math.isclose(ref.smoothed_cross_entropy(logits, y, eps), want, rel_tol=1e-12)


def test_label_smoothing_huge_logits_match_torch():
    """Does the reference stay finite and equal torch where probabilities underflow?"""
    ref = _ref("label-smoothing")
    logits, y = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, 1e4]]), np.array([0, 1])
    want = F.cross_entropy(torch.tensor(logits), torch.tensor(y), label_smoothing=0.1).item()
    assert math.isclose(ref.smoothed_cross_entropy(logits, y, 0.1), want, rel_tol=1e-12)


@pytest.mark.parametrize("eps", [0.0, 0.1, 0.5])
def test_label_smoothing_t2t_matches_soft_target_cross_entropy(eps):
    """Does mode="t2t" equal F.cross_entropy with the probability targets 1-eps / eps/(V-1)?"""
    ref = _ref("label-smoothing")
    rng = np.random.default_rng(7)
    N, V = 6, 5
    logits, y = rng.normal(size=(N, V)), rng.integers(V, size=N)
    q = torch.full((N, V), eps / (V - 1), dtype=torch.float64)
    q[torch.arange(N), torch.tensor(y)] = 1 - eps
    want = F.cross_entropy(torch.tensor(logits), q).item()
    assert math.isclose(ref.smoothed_cross_entropy(logits, y, eps, mode="t2t"), want, rel_tol=1e-12)


@pytest.mark.parametrize("shape,hp", [
    ((3, 4), dict(lr=3e-2, betas=(0.9, 0.95), eps=1e-8, weight_decay=0.1)),
    ((7,), dict(lr=0.5, betas=(0.5, 0.9), eps=0.1, weight_decay=0.3)),
    ((2, 3, 2), dict(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2)),
])
def test_adamw_trajectory_matches_torch(shape, hp):
    """Does chaining the reference's own (p, m, v) for 10 steps follow torch.optim.AdamW's trajectory?"""
    ref = _ref("adamw")
    rng = np.random.default_rng(5)
    p0 = rng.normal(size=shape)
    pt = torch.tensor(p0, requires_grad=True)
    opt = torch.optim.AdamW([pt], foreach=False, **hp)
    p, m, v = p0, np.zeros(shape), np.zeros(shape)
    for t in range(1, 11):
        g = rng.normal(size=shape)
        pt.grad = torch.tensor(g)
        opt.step()
        p, m, v = ref.adamw_step(p, g, m, v, t, **hp)
        np.testing.assert_allclose(p, pt.detach().numpy(), rtol=1e-10, atol=1e-13, err_msg=f"p at step {t}")
        np.testing.assert_allclose(m, opt.state[pt]["exp_avg"].numpy(), rtol=1e-10, atol=1e-13)
        np.testing.assert_allclose(v, opt.state[pt]["exp_avg_sq"].numpy(), rtol=1e-10, atol=1e-13)


def test_adamw_defaults_are_torchs():
    """Are the reference's default hyperparameters those of torch.optim.AdamW?"""
    ref = _ref("adamw")
    rng = np.random.default_rng(6)
    p0, g = rng.normal(size=5), rng.normal(size=5)
    pt = torch.tensor(p0, requires_grad=True)
    opt = torch.optim.AdamW([pt])
    pt.grad = torch.tensor(g)
    opt.step()
    p, _, _ = ref.adamw_step(p0, g, np.zeros(5), np.zeros(5), 1)
    np.testing.assert_allclose(p, pt.detach().numpy(), rtol=1e-12)


@pytest.mark.parametrize("shape,hp", [
    ((4, 6), {}),
    ((5,), {}),
    ((3, 2), dict(lr=1e-3, d=2.0)),
    ((1, 8), dict(beta2_decay=-0.5)),
])
def test_adafactor_trajectory_matches_torch(shape, hp):
    """Does chaining the reference's own state for 12 steps follow torch.optim.Adafactor (weight_decay=0)?"""
    ref = _ref("adafactor")
    rng = np.random.default_rng(8)
    W0 = rng.normal(size=shape)
    Wt = torch.tensor(W0, requires_grad=True)
    opt = torch.optim.Adafactor([Wt], weight_decay=0.0, foreach=False, **hp)
    W = W0
    state = {"row": np.zeros(shape[0]), "col": np.zeros(shape[1])} if len(shape) == 2 else {"v": np.zeros(shape)}
    for t in range(1, 13):
        G = rng.normal(size=shape) * (25.0 if t == 6 else 1.0)  # one jump makes update clipping bind
        Wt.grad = torch.tensor(G)
        opt.step()
        W, state = ref.adafactor_step(W, G, state, t, **hp)
        np.testing.assert_allclose(W, Wt.detach().numpy(), rtol=1e-10, atol=1e-13, err_msg=f"W at step {t}")
        s = opt.state[Wt]
        if len(shape) == 2:
            np.testing.assert_allclose(state["row"], s["row_var"].numpy().ravel(), rtol=1e-10, atol=1e-14)
            np.testing.assert_allclose(state["col"], s["col_var"].numpy().ravel(), rtol=1e-10, atol=1e-14)
        else:
            np.testing.assert_allclose(state["v"], s["variance"].numpy(), rtol=1e-10, atol=1e-14)


def test_cosine_schedule_matches_torch_schedulers():
    """Does the warmup follow torch's LinearLR and the decay torch's CosineAnnealingLR?"""
    ref = _ref("cosine-schedule")
    warmup, decay_iters, lr_max, lr_min = 10, 50, 6e-4, 6e-5
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=lr_max)
    warm = torch.optim.lr_scheduler.LinearLR(opt, start_factor=1 / (warmup + 1), end_factor=warmup / (warmup + 1),
                                             total_iters=warmup - 1)
    for it in range(warmup):
        assert math.isclose(ref.cosine_lr(it, warmup, decay_iters, lr_max, lr_min), opt.param_groups[0]["lr"],
                            rel_tol=1e-9), f"warmup iteration {it}"
        opt.step()
        warm.step()
    opt = torch.optim.SGD([p], lr=lr_max)
    cos = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=decay_iters - warmup, eta_min=lr_min)
    for it in range(warmup, decay_iters + 1):
        assert math.isclose(ref.cosine_lr(it, warmup, decay_iters, lr_max, lr_min), opt.param_groups[0]["lr"],
                            rel_tol=1e-9, abs_tol=1e-15), f"decay iteration {it}"
        opt.step()
        cos.step()


def test_noam_schedule_matches_lambda_lr_peak_and_shape():
    """Does torch's LambdaLR driven by the reference peak at warmup with the paper's value (d * w)^-0.5?"""
    ref = _ref("noam-schedule")
    d, w = 512, 40
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=1.0)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda e: ref.noam_lr(e + 1, d, w))
    rates = []
    for _ in range(4 * w):
        rates.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    assert int(np.argmax(rates)) + 1 == w
    assert math.isclose(max(rates), (d * w) ** -0.5, rel_tol=1e-12)
    assert math.isclose(rates[4 * w - 1], (d * 4 * w) ** -0.5, rel_tol=1e-12)  # 1/sqrt(step) after warmup
    assert math.isclose(rates[w // 2 - 1], (w // 2) * d ** -0.5 * w ** -1.5, rel_tol=1e-12)  # linear before


def test_checkpoint_averaging_matches_swa_averaged_model():
    """Does the reference's float average equal torch.optim.swa_utils.AveragedModel's running mean?"""
    ref = _ref("checkpoint-averaging")
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.Tanh(), torch.nn.Linear(3, 2)).double()
    swa = torch.optim.swa_utils.AveragedModel(model)
    checkpoints = []
    for _ in range(5):
        with torch.no_grad():
            for prm in model.parameters():
                prm.add_(torch.randn_like(prm))
        checkpoints.append({k: v.clone() for k, v in model.state_dict().items()})
        swa.update_parameters(model)
    out = ref.average_checkpoints(checkpoints)
    for key, value in swa.module.state_dict().items():
        torch.testing.assert_close(out[key], value, rtol=1e-12, atol=1e-12)


def test_adamw_example_2_moves_the_second_coordinate_up():
    """Does Example 2's second coordinate rise by about 0.04 (its momentum points against its gradient)?"""
    ref = _ref("adamw")
    p, m, v = ref.adamw_step(np.array([1.0, -2.0]), np.array([0.5, 0.5]), np.array([0.1, -0.2]),
                             np.array([0.01, 0.04]), 3, lr=0.1, betas=(0.9, 0.99), eps=1e-8, weight_decay=0.5)
    decayed = np.array([0.95, -1.9])
    np.testing.assert_allclose(decayed - p, [0.0800, -0.0403], atol=5e-5)
    np.testing.assert_allclose(p, [0.8700472453317865, -1.8597080259328176], rtol=1e-12)


def _snapshot(value):
    if isinstance(value, dict):
        return {k: _snapshot(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_snapshot(v) for v in value)
    if isinstance(value, (np.ndarray, torch.Tensor)):
        return value.clone() if isinstance(value, torch.Tensor) else value.copy()
    return value


def _same(a, b):
    if isinstance(a, dict):
        return type(a) is type(b) and sorted(a) == sorted(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, torch.Tensor):
        return isinstance(b, torch.Tensor) and a.dtype == b.dtype and torch.equal(a, b)
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and np.array_equal(a, b)
    return a == b


def _training_calls():
    rng = np.random.default_rng(9)
    g = torch.Generator().manual_seed(9)
    return [
        ("adamw", "adamw_step", (rng.normal(size=(3, 2)), rng.normal(size=(3, 2)), rng.normal(size=(3, 2)),
                                 rng.uniform(0, 1, size=(3, 2)), 4), {"weight_decay": 0.1}),
        ("adafactor", "adafactor_step", (rng.normal(size=(3, 4)), rng.normal(size=(3, 4)),
                                         {"row": rng.uniform(0.1, 1, 3), "col": rng.uniform(0.1, 1, 4)}, 5), {}),
        ("adafactor", "adafactor_step", (rng.normal(size=5), rng.normal(size=5), {"v": rng.uniform(0.1, 1, 5)}, 2), {}),
        ("bigram-grad", "bigram_loss_and_grad", (rng.normal(size=(4, 4)), rng.integers(4, size=6),
                                                 rng.integers(4, size=6)), {}),
        ("label-smoothing", "smoothed_cross_entropy", (rng.normal(size=(3, 5)), rng.integers(5, size=3), 0.1), {}),
        ("checkpoint-averaging", "average_checkpoints",
         ([{"w": torch.randn(2, 2, generator=g, dtype=torch.float64), "n": torch.tensor(s)} for s in (3, 4, 9)],), {}),
    ]


@pytest.mark.parametrize("slug,entry,args,kwargs", _training_calls(), ids=lambda v: v if isinstance(v, str) else "")
def test_references_leave_their_inputs_alone(slug, entry, args, kwargs):
    """Does every reference leave its arguments exactly as it got them (the grader checks learners for this)?"""
    before = _snapshot(args)
    getattr(_ref(slug), entry)(*args, **kwargs)
    assert _same(before, args), f"{entry} modified an argument in place"


def test_references_return_the_promised_types():
    """Do the references return exactly the types their statements name (the grader compares types exactly)?"""
    calls = _training_calls()
    adamw_args, adamw_kw = calls[0][2:]
    af_args, bg_args, ls_args, ck_args = calls[1][2], calls[3][2], calls[4][2], calls[5][2]
    out = _ref("adamw").adamw_step(*adamw_args, **adamw_kw)
    assert type(out) is tuple and all(type(a) is np.ndarray and a.dtype == np.float64 for a in out)
    out = _ref("adafactor").adafactor_step(*af_args)
    assert type(out) is tuple and type(out[0]) is np.ndarray and type(out[1]) is dict
    assert out[0].dtype == np.float64 and all(a.dtype == np.float64 for a in out[1].values())
    loss, dW = out = _ref("bigram-grad").bigram_loss_and_grad(*bg_args)
    assert type(out) is tuple and type(loss) is float and dW.dtype == np.float64
    assert type(_ref("label-smoothing").smoothed_cross_entropy(*ls_args)) is float
    avg = _ref("checkpoint-averaging").average_checkpoints(*ck_args)
    assert type(avg) is dict and avg["w"].dtype == torch.float64 and avg["n"].dtype == torch.int64
    assert type(_ref("noam-schedule").noam_lr(10, 64, 5)) is float
    assert all(type(_ref("cosine-schedule").cosine_lr(it, 2, 6, 1.0, 0)) is float for it in range(9))


def test_checkpoint_averaging_does_not_overflow_small_dtypes():
    """Are float16 and int8 keys summed in float64 / int64, so 3 x 60000 and 100 + 120 + 110 do not overflow?"""
    ref = _ref("checkpoint-averaging")
    sds = [{"h": torch.tensor([60000.0], dtype=torch.float16), "i": torch.tensor([v], dtype=torch.int8)}
           for v in (100, 120, 110)]
    out = ref.average_checkpoints(sds)
    assert out["h"].dtype == torch.float16 and out["h"].item() == 60000.0
    assert out["i"].dtype == torch.int8 and out["i"].item() == 110


@pytest.mark.parametrize("W", [np.array(0.5), np.ones((2, 2, 2))])
def test_adafactor_refuses_other_dimensions_whatever_the_state(W):
    """Does the reference raise ValueError for 0-d and 3-D W even when the state would fit a vector?"""
    with pytest.raises(ValueError):
        _ref("adafactor").adafactor_step(W, W, {"v": np.zeros(W.shape)}, 1)
