"""The mlp-facts references against independent implementations (torch modules, numpy.linalg,
explicit loops) and the hand-built geometries of the sources."""
import itertools

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from grader import trusted
from grader.catalog import load_catalog


def _ref(slug):
    return trusted.load_reference(load_catalog().get(slug))


# fact-neuron ---------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", range(3))
def test_fact_mlp_runs_as_a_torch_mlp(seed):
    """Does the built MLP, loaded into nn.Sequential(Linear, ReLU, Linear), store every fact and nothing else?"""
    ref = _ref("fact-neuron")
    rng = np.random.default_rng(seed)
    N, D = 9, 12
    dirs = np.linalg.qr(rng.normal(size=(D, D)))[0][:N]
    facts = [(0, 1, 2), (0, 3, 4), (5, 6, 7), (7, 8, 0)]
    W_in, b_in, W_out, b_out = ref.build_fact_mlp(dirs, facts)
    mlp = torch.nn.Sequential(torch.nn.Linear(D, W_in.shape[1]), torch.nn.ReLU(), torch.nn.Linear(W_in.shape[1], D)).double()
    with torch.no_grad():
        mlp[0].weight.copy_(torch.from_numpy(W_in.T))
        mlp[0].bias.copy_(torch.from_numpy(b_in))
        mlp[2].weight.copy_(torch.from_numpy(W_out.T))
        mlp[2].bias.copy_(torch.from_numpy(b_out))
    answer = {frozenset((a, b)): c for a, b, c in facts}
    with torch.no_grad():
        for i, j in itertools.combinations(range(N), 2):
            out = mlp(torch.from_numpy(dirs[i] + dirs[j])).numpy()
            target = dirs[answer[frozenset((i, j))]] if frozenset((i, j)) in answer else np.zeros(D)
            np.testing.assert_allclose(out, target, atol=1e-9)
        for i in range(N):
            np.testing.assert_allclose(mlp(torch.from_numpy(dirs[i])).numpy(), np.zeros(D), atol=1e-9)


# near-orthogonal -----------------------------------------------------------------------------

@pytest.mark.parametrize("seed", [100, 101, 102])
def test_packing_holds_for_unseen_seeds(seed):
    """On seeds the hidden cases never use, are the rows unit vectors with every pairwise cosine (by F.cosine_similarity) below 0.35?"""
    V = _ref("near-orthogonal").pack_directions(500, 50, seed)
    t = torch.from_numpy(V)
    np.testing.assert_allclose(t.norm(dim=1).numpy(), np.ones(500), atol=1e-9)
    cos = F.cosine_similarity(t[:, None, :], t[None, :, :], dim=-1)
    cos.fill_diagonal_(0.0)
    assert cos.abs().max().item() < 0.35
    welch = np.sqrt((500 - 50) / (50 * 499))  # no packing can beat the Welch bound
    assert cos.abs().max().item() >= welch


# linear-probe --------------------------------------------------------------------------------

@pytest.mark.parametrize("seed,l2", [(0, 0.0), (1, 0.3), (2, 5.0), (3, 100.0)])
def test_ridge_matches_lstsq_on_augmented_data(seed, l2):
    """Is the closed form the least-squares solution of [X 1; sqrt(l2) I 0] [w; b] = [y; 0]?"""
    rng = np.random.default_rng(seed)
    N, D = rng.integers(20, 60), rng.integers(1, 10)
    acts = rng.normal(size=(N, D)) * rng.uniform(0.5, 3.0, size=D) + rng.normal(size=D) * 4
    labels = rng.integers(0, 2, size=N)
    w, b = _ref("linear-probe").fit_probe(acts, labels, l2)
    A = np.block([[acts, np.ones((N, 1))], [np.sqrt(l2) * np.eye(D), np.zeros((D, 1))]])
    rhs = np.concatenate([2.0 * labels - 1.0, np.zeros(D)])
    theta = np.linalg.lstsq(A, rhs, rcond=None)[0]
    np.testing.assert_allclose(w, theta[:D], rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(b, theta[D], rtol=1e-8, atol=1e-10)


def test_ridge_gradient_vanishes():
    """Is the gradient of the ridge objective zero at the returned (w, b)?"""
    rng = np.random.default_rng(7)
    acts, labels, l2 = rng.normal(size=(40, 6)) + 2.0, rng.integers(0, 2, size=40), 3.0
    w, b = _ref("linear-probe").fit_probe(acts, labels, l2)
    wt = torch.tensor(w, requires_grad=True)
    bt = torch.tensor(b, requires_grad=True)
    X, y = torch.from_numpy(acts), torch.from_numpy(2.0 * labels - 1.0)
    loss = ((X @ wt + bt - y) ** 2).sum() + l2 * (wt ** 2).sum()
    loss.backward()
    assert wt.grad.abs().max().item() < 1e-6 and abs(bt.grad.item()) < 1e-6  # terms are O(100)


# tms-forward ---------------------------------------------------------------------------------

class TiedToyModel(torch.nn.Module):
    """The toy model written as torch layers: F.linear down with W, F.linear up with W^T, bias, ReLU."""

    def __init__(self, W, b):
        super().__init__()
        self.W = torch.nn.Parameter(W)
        self.b = torch.nn.Parameter(b)

    def forward(self, x):
        h = F.linear(x, self.W)  # (B, H)
        return F.relu(F.linear(h, self.W.T, self.b))  # (B, F)


@pytest.mark.parametrize("seed", range(4))
def test_tms_forward_and_loss_match_torch(seed):
    """Do tms_forward and tms_loss match a torch module and F.mse_loss(reduction='none')?"""
    ref = _ref("tms-forward")
    rng = np.random.default_rng(seed)
    B, Fe, H = rng.integers(1, 20), rng.integers(2, 12), rng.integers(1, 5)
    x, W, b = rng.random((B, Fe)), rng.normal(size=(H, Fe)), rng.normal(scale=0.5, size=Fe)
    imp = rng.random(Fe)
    model = TiedToyModel(torch.from_numpy(W), torch.from_numpy(b))
    with torch.no_grad():
        expected = model(torch.from_numpy(x))
    x_hat = ref.tms_forward(x, W, b)
    np.testing.assert_allclose(x_hat, expected.numpy(), rtol=1e-12, atol=1e-12)
    per = F.mse_loss(torch.from_numpy(x_hat), torch.from_numpy(x), reduction="none") * torch.from_numpy(imp)
    assert np.isclose(ref.tms_loss(x, x_hat, imp), per.sum(-1).mean().item(), rtol=1e-12)


@pytest.mark.parametrize("p", [0.0, 0.3, 0.9])
def test_sample_features_statistics(p):
    """Are about p of the entries zero and the rest uniform on [0, 1) (mean 1/2)?"""
    x = _ref("tms-forward").sample_features(4000, 25, p, 123)
    assert abs((x == 0).mean() - p) < 0.01
    if p < 1:
        kept = x[x > 0]
        assert kept.max() < 1.0 and abs(kept.mean() - 0.5) < 0.01


# feature-dimensionality ----------------------------------------------------------------------

def _polygon(n):
    a = 2 * np.pi * np.arange(n) / n
    return np.stack([np.cos(a), np.sin(a)])


@pytest.mark.parametrize("W,expected", [
    (np.eye(3), 1.0),                                   # a dimension each
    (np.array([[1.0, -1.0]]), 1 / 2),                   # antipodal pair
    (_polygon(3), 2 / 3),                               # triangle
    (np.array([[1, 1, -1, -1], [1, -1, 1, -1], [1, -1, -1, 1]]) / np.sqrt(3.0), 3 / 4),  # tetrahedron
    (_polygon(5), 2 / 5),                               # pentagon
])
def test_sticky_fractions_of_the_paper(W, expected):
    """Do the paper's geometries give their "sticky" dimensionalities 1, 1/2, 2/3, 3/4, 2/5?"""
    out = _ref("feature-dimensionality").feature_dimensionality(np.asarray(W, dtype=np.float64))
    np.testing.assert_allclose(out, np.full(out.shape, expected), rtol=1e-12)


@pytest.mark.parametrize("seed", range(3))
def test_dimensionality_matches_the_formula_with_loops(seed):
    """On random W with a zero column, does the vectorised reference equal the formula written with loops?"""
    rng = np.random.default_rng(seed)
    W = rng.normal(size=(3, 7)) * rng.uniform(0.1, 4.0, size=7)
    W[:, 4] = 0.0
    out = _ref("feature-dimensionality").feature_dimensionality(W)
    for i in range(W.shape[1]):
        n = np.linalg.norm(W[:, i])
        if n == 0:
            assert out[i] == 0.0
            continue
        denom = sum((W[:, i] / n @ W[:, j]) ** 2 for j in range(W.shape[1]))
        assert np.isclose(out[i], n ** 2 / denom, rtol=1e-12)
    assert out.sum() <= W.shape[0] + 1e-9


# train-tms -----------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("seed", [11, 13])
def test_trained_sparse_model_shares_both_dimensions(seed):
    """Does the sparse toy model store at least four features whose dimensionalities (pentagon 2/5 or
    antipodal 1/2 each) fill the two hidden dimensions?"""
    torch.set_num_threads(1)
    W, _ = _ref("train-tms").train_tms(F=5, H=2, p=0.95, importance=None, steps=300, seed=seed)
    dims = _ref("feature-dimensionality").feature_dimensionality(W.double().numpy())
    stored = dims > 0.3
    assert stored.sum() >= 4
    assert abs(dims.sum() - 2.0) < 0.05
    assert ((dims[stored] > 0.3) & (dims[stored] < 0.6)).all()


@pytest.mark.slow
def test_trained_dense_model_keeps_the_two_most_important():
    """With dense features, are the kept features exactly the two most important, and orthogonal?"""
    torch.set_num_threads(1)
    W, _ = _ref("train-tms").train_tms(F=5, H=2, p=0.0, importance=None, steps=300, seed=14)
    norms = W.norm(dim=0)
    assert set(torch.nonzero(norms > 0.5).flatten().tolist()) == {0, 1}
    assert abs(F.cosine_similarity(W[:, 0], W[:, 1], dim=0).item()) < 0.1


# sae-forward ---------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", range(4))
def test_sae_forward_matches_torch(seed):
    """Does sae_forward match a torch SAE built from F.linear, F.relu, F.mse_loss and F.l1_loss?"""
    rng = np.random.default_rng(seed)
    B, d_in, d_sae = rng.integers(1, 10), rng.integers(2, 8), rng.integers(4, 30)
    x = rng.normal(size=(B, d_in))
    W_enc, b_enc = rng.normal(size=(d_in, d_sae)), rng.normal(size=d_sae)
    W_dec, b_dec = rng.normal(size=(d_sae, d_in)), rng.normal(size=d_in)
    l1_coeff = float(rng.uniform(0, 1))
    x_hat, f, losses = _ref("sae-forward").sae_forward(x, W_enc, b_enc, W_dec, b_dec, l1_coeff)
    tx, tb_dec = torch.from_numpy(x), torch.from_numpy(b_dec)
    tf = F.relu(F.linear(tx - tb_dec, torch.from_numpy(W_enc.T), torch.from_numpy(b_enc)))
    tx_hat = F.linear(tf, torch.from_numpy(W_dec.T), tb_dec)
    l2 = F.mse_loss(tx_hat, tx).item()  # mean over batch and d_in = mean over d_in, then batch
    l1 = F.l1_loss(tf, torch.zeros_like(tf), reduction="sum").item() / B
    np.testing.assert_allclose(f, tf.numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(x_hat, tx_hat.numpy(), rtol=1e-12, atol=1e-12)
    assert np.isclose(losses["l2"], l2, rtol=1e-12) and np.isclose(losses["l1"], l1, rtol=1e-12)
    assert np.isclose(losses["loss"], l2 + l1_coeff * l1, rtol=1e-12)


# sae-resample --------------------------------------------------------------------------------

def test_resampling_follows_the_squared_loss():
    """Over many seeds, are inputs picked with frequency proportional to their squared loss?"""
    ref = _ref("sae-resample")
    x = np.eye(3) * np.array([1.0, 2.0, 3.0])[:, None]  # input k points along axis k
    losses = np.array([1.0, 2.0, 3.0])
    W_enc, W_dec, b_enc = np.ones((3, 2)), np.ones((2, 3)) / np.sqrt(3), np.zeros(2)
    counts = np.zeros(3)
    for seed in range(3000):
        _, new_dec, _ = ref.resample_dead(W_enc, W_dec, b_enc, np.array([0.0, 0.5]), x, losses, seed)
        counts[int(np.argmax(new_dec[0]))] += 1
    np.testing.assert_allclose(counts / counts.sum(), losses ** 2 / np.sum(losses ** 2), atol=0.03)


def test_resampling_with_a_single_candidate_is_fixed():
    """When one input has all the loss, does every dead latent get exactly that direction, scaled as stated?"""
    rng = np.random.default_rng(0)
    W_enc, W_dec, b_enc = rng.normal(size=(4, 6)), rng.normal(size=(6, 4)), rng.normal(size=6)
    frac = np.array([0.1, 0.0, 0.2, 0.0, 0.0, 0.3])
    x = rng.normal(size=(5, 4))
    losses = np.array([0.0, 0.0, 1.5, 0.0, 0.0])
    new_enc, new_dec, new_b = _ref("sae-resample").resample_dead(W_enc, W_dec, b_enc, frac, x, losses, 42, enc_scale=0.3)
    u = x[2] / np.linalg.norm(x[2])
    a = np.mean([np.linalg.norm(W_enc[:, i]) for i in (0, 2, 5)])
    for j in (1, 3, 4):
        np.testing.assert_allclose(new_dec[j], u, rtol=1e-12)
        np.testing.assert_allclose(new_enc[:, j], 0.3 * a * u, rtol=1e-12)
        assert new_b[j] == 0.0
    for j in (0, 2, 5):
        np.testing.assert_array_equal(new_dec[j], W_dec[j])
        np.testing.assert_array_equal(new_enc[:, j], W_enc[:, j])
        assert new_b[j] == b_enc[j]


# ---- the promises the statements make beyond the values (issue 16) ----


def test_train_tms_leaves_importance_unchanged_and_returns_detached_float32():
    """A short run: is the importance tensor untouched, and is (W, b) a tuple of detached float32 tensors?"""
    torch.set_num_threads(1)
    importance = 0.8 ** torch.arange(4, dtype=torch.float32)
    before = importance.clone()
    out = _ref("train-tms").train_tms(F=4, H=2, p=0.5, importance=importance, steps=5, seed=1)
    assert torch.equal(importance, before)
    assert type(out) is tuple and all(t.dtype == torch.float32 and not t.requires_grad for t in out)


def test_references_return_the_promised_types():
    """Tuples where a tuple is promised, Python floats where a float is, plain dicts."""
    rng = np.random.default_rng(5)
    w_b = _ref("linear-probe").fit_probe(rng.normal(size=(6, 2)), np.array([0, 1, 0, 1, 1, 0]), 0.1)
    assert type(w_b) is tuple and type(w_b[0]) is np.ndarray and type(w_b[1]) is float
    assert type(_ref("tms-forward").tms_loss(rng.random((3, 2)), rng.random((3, 2)), np.ones(2))) is float
    out = _ref("sae-forward").sae_forward(rng.normal(size=(2, 3)), rng.normal(size=(3, 4)), np.zeros(4),
                                          rng.normal(size=(4, 3)), np.zeros(3), 0.1)
    assert type(out) is tuple and type(out[2]) is dict and all(type(v) is float for v in out[2].values())
    weights = _ref("fact-neuron").build_fact_mlp(np.eye(3), [(0, 1, 2)])
    assert type(weights) is tuple and len(weights) == 4
    assert type(_ref("sae-resample").resample_dead(np.ones((2, 2)), np.eye(2), np.zeros(2), np.array([0.0, 1.0]),
                                                   np.eye(2), np.ones(2), 0)) is tuple


def test_probe_single_example_and_single_class():
    """N = 1 (l2 > 0) and a single class: w is zero and b is the class's +-1."""
    ref = _ref("linear-probe")
    w, b = ref.fit_probe(np.array([[0.3, -2.0, 5.0]]), np.array([1]), 0.5)
    np.testing.assert_array_equal(w, np.zeros(3))
    assert b == 1.0
    w, b = ref.fit_probe(np.random.default_rng(6).normal(size=(7, 2)), np.zeros(7, dtype=np.int64), 1.0)
    np.testing.assert_allclose(w, np.zeros(2), atol=1e-15)
    assert b == -1.0
