"""Independent checks of the interpretability references against numpy.linalg and torch built-ins."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from grader.catalog import load_catalog
from grader.trusted import load_reference


@pytest.fixture(scope="module")
def ref():
    catalog = load_catalog()
    return lambda slug: load_reference(catalog.get(slug))


def test_head_scores_match_torch_diagonal(ref):
    """Do the three detectors agree with torch.diagonal on random patterns?"""
    rng = np.random.default_rng(0)
    pattern = rng.dirichlet(np.ones(9), size=(4, 9))
    prev, current, first = ref("head-detectors").head_scores(pattern)
    t = torch.from_numpy(pattern)
    np.testing.assert_allclose(prev, torch.diagonal(t, -1, 1, 2).mean(-1).numpy(), rtol=1e-12)
    np.testing.assert_allclose(current, torch.diagonal(t, 0, 1, 2).mean(-1).numpy(), rtol=1e-12)
    np.testing.assert_allclose(first, t[:, :, 0].mean(-1).numpy(), rtol=1e-12)


def test_induction_score_matches_explicit_loop(ref):
    """Is the induction score the mean of pattern[h, q, q-L+1] over q = L-1..2L?"""
    rng = np.random.default_rng(1)
    L = 6
    pattern = rng.random((3, 2 * L + 1, 2 * L + 1))
    want = [np.mean([pattern[h, q, q - L + 1] for q in range(L - 1, 2 * L + 1)]) for h in range(3)]
    np.testing.assert_allclose(ref("induction-score").induction_score(pattern, L), want, rtol=1e-12)


def test_full_circuits_match_per_token_forward(ref):
    """Do full_qk and full_ov equal the head run on one token pair at a time?"""
    mod = ref("qk-ov-circuits")
    rng = np.random.default_rng(2)
    V, D, Dh = 9, 6, 3
    W_E, W_U = rng.normal(size=(V, D)), rng.normal(size=(D, V))
    W_Q, W_K, W_V, W_O = (rng.normal(size=s) for s in [(D, Dh), (D, Dh), (D, Dh), (Dh, D)])
    qk, ov = mod.full_qk(W_E, W_Q, W_K), mod.full_ov(W_E, W_V, W_O, W_U)
    for i in range(V):
        onehot = np.eye(V)[i]
        np.testing.assert_allclose(ov[i], (onehot @ W_E) @ W_V @ W_O @ W_U, rtol=1e-10)
        for j in range(V):
            assert qk[i, j] == pytest.approx(float(np.dot(W_E[i] @ W_Q, W_E[j] @ W_K)), rel=1e-10)


@pytest.mark.parametrize("m,r,n", [(30, 4, 25), (5, 8, 6), (50, 1, 40), (12, 12, 12)])
def test_factored_svd_matches_numpy_svd(ref, m, r, n):
    """Does the QR-based SVD give np.linalg.svd(A @ B)'s leading singular values?"""
    rng = np.random.default_rng(m * 100 + r)
    A, B = rng.normal(size=(m, r)), rng.normal(size=(r, n))
    k = min(m, n, r)
    np.testing.assert_allclose(ref("factored-svd").factored_svd(A, B), np.linalg.svd(A @ B, compute_uv=False)[:k],
                               rtol=1e-9, atol=1e-10)


def test_copying_score_matches_full_vocab_eigvals(ref):
    """Does the small-matrix copying score equal the one from numpy.linalg.eigvals of the (V, V) circuit?"""
    rng = np.random.default_rng(3)
    for V, D, Dh in [(20, 8, 4), (35, 10, 2)]:
        W_E, W_V, W_O, W_U = rng.normal(size=(V, D)), rng.normal(size=(D, Dh)), rng.normal(size=(Dh, D)), rng.normal(size=(D, V))
        lam = np.linalg.eigvals(W_E @ W_V @ W_O @ W_U)
        want = lam.sum().real / np.abs(lam).sum()
        assert ref("copying-score").copying_score(W_E, W_V, W_O, W_U) == pytest.approx(want, rel=1e-7, abs=1e-9)


def test_composition_score_matches_torch_norms(ref):
    """Is the composition score the Frobenius-norm ratio computed by torch.linalg.matrix_norm?"""
    rng = np.random.default_rng(4)
    A, B = rng.normal(size=(7, 5)), rng.normal(size=(5, 6))
    a, b = torch.from_numpy(A), torch.from_numpy(B)
    want = (torch.linalg.matrix_norm(a @ b) / (torch.linalg.matrix_norm(a) * torch.linalg.matrix_norm(b))).item()
    assert ref("composition-scores").composition_score(A, B) == pytest.approx(want, rel=1e-12)


def test_path_expansion_sums_to_torch_sdpa_forward(ref):
    """Do direct + per-head terms equal a forward pass built on F.scaled_dot_product_attention?"""
    rng = np.random.default_rng(5)
    T, V, D, H, Dh = 8, 11, 8, 3, 4
    tokens = rng.integers(0, V, size=T)
    W_E, W_U = rng.normal(size=(V, D)), rng.normal(size=(D, V))
    heads = {"W_Q": rng.normal(size=(H, D, Dh)), "W_K": rng.normal(size=(H, D, Dh)),
             "W_V": rng.normal(size=(H, D, Dh)), "W_O": rng.normal(size=(H, Dh, D))}
    direct, per_head = ref("path-expansion").path_expansion(tokens, W_E, heads, W_U)
    x = torch.from_numpy(W_E[tokens])
    w = {k: torch.from_numpy(v) for k, v in heads.items()}
    q, k, v = (torch.einsum("td,hde->hte", x, w[n]) for n in ("W_Q", "W_K", "W_V"))
    z = F.scaled_dot_product_attention(q, k, v, is_causal=True)  # (H, T, Dh), scale 1/sqrt(Dh)
    logits = (x + torch.einsum("hte,hed->td", z, w["W_O"])) @ torch.from_numpy(W_U)
    np.testing.assert_allclose(direct + per_head.sum(0), logits.numpy(), rtol=1e-9, atol=1e-9)


def test_logit_attribution_sums_to_correct_logits(ref):
    """Do the attribution rows sum to the correct-token logits of the summed residual stream?"""
    rng = np.random.default_rng(6)
    T, H, D, V = 9, 3, 6, 13
    embed, l1, l2 = rng.normal(size=(T, D)), rng.normal(size=(T, H, D)), rng.normal(size=(T, H, D))
    W_U, tokens = rng.normal(size=(D, V)), rng.integers(0, V, size=T)
    out = ref("direct-logit-attribution").logit_attribution(embed, l1, l2, W_U, tokens)
    logits = torch.from_numpy(embed + l1.sum(1) + l2.sum(1)) @ torch.from_numpy(W_U)
    want = logits[:-1].gather(1, torch.from_numpy(tokens[1:])[:, None])[:, 0].numpy()
    np.testing.assert_allclose(out.sum(-1), want, rtol=1e-10)


def test_logit_diff_decomposition_matches_torch_layer_norm(ref):
    """With the real LN scale, does the decomposition sum to the logit difference through F.layer_norm?"""
    rng = np.random.default_rng(7)
    K, B, D, V, eps = 6, 5, 10, 20, 1e-5
    stack, W_U = rng.normal(size=(K, B, D)), rng.normal(size=(D, V))
    correct, wrong = rng.integers(0, V, size=B), rng.integers(0, V, size=B)
    x = stack.sum(0)
    ln_scale = np.sqrt(x.var(-1, keepdims=True) + eps)
    directions = (W_U[:, correct] - W_U[:, wrong]).T
    out = ref("logit-diff").residual_stack_to_logit_diff(stack, ln_scale, directions)
    logits = F.layer_norm(torch.from_numpy(x), (D,), eps=eps) @ torch.from_numpy(W_U)
    want = (logits[torch.arange(B), torch.from_numpy(correct)] - logits[torch.arange(B), torch.from_numpy(wrong)]).mean().item()
    assert out.sum() == pytest.approx(want, rel=1e-9)


def test_activation_patching_layer0_single_change_is_one_hot(ref):
    """When prompts differ at one position, does patching it before layer 0 restore everything (and nothing else)?"""
    mod = ref("activation-patching")  # loading the reference puts the exercise folder on sys.path
    import activation_patching_model as apm

    run = apm.make_run(11, V=9, L=3)
    clean, corrupt = np.array([1, 2, 3, 4, 5, 6]), np.array([1, 2, 3, 8, 5, 6])
    out = mod.patch_residual(run, run(clean), corrupt, apm.logit_diff_metric(4, 8))
    np.testing.assert_allclose(out[0], np.eye(6)[3], atol=1e-9)
    np.testing.assert_allclose(out[:, :3], 0.0, atol=1e-9)


def test_head_ablation_loss_matches_torch_cross_entropy(ref):
    """Is the ablation score a difference of F.cross_entropy next-token losses, computed by hand here?"""
    mod = ref("head-ablation")  # loading the reference puts the exercise folder on sys.path
    import head_ablation_model as ham

    run = ham.make_run(12, V=10, H=2)
    tokens = np.random.default_rng(8).integers(0, 10, size=(3, 7))

    def ce(logits):
        return F.cross_entropy(torch.from_numpy(logits[:, :-1]).reshape(-1, 10), torch.from_numpy(tokens[:, 1:]).reshape(-1)).item()

    clean = run(tokens)
    out = mod.ablation_scores(run, tokens, kind="zero")
    for layer in range(2):
        for head in range(2):
            ablated = run(tokens, patch={(layer, head): np.zeros((3, 7, clean["z"].shape[-1]))})
            assert out[layer, head] == pytest.approx(ce(ablated["logits"]) - ce(clean["logits"]), rel=1e-9, abs=1e-12)


# ---- the promises the statements make beyond the values (issue 16) ----


def test_references_return_the_promised_types(ref):
    """Tuples where a tuple is promised, Python floats where a float is, int64 tokens, plain dicts."""
    rng = np.random.default_rng(9)
    out = ref("head-detectors").head_scores(rng.dirichlet(np.ones(5), size=(2, 5)))
    assert type(out) is tuple and all(type(s) is np.ndarray and s.dtype == np.float64 for s in out)
    tokens = ref("induction-score").repeated_tokens(10, 3, 2, 0, 0)
    assert type(tokens) is np.ndarray and tokens.dtype == np.int64
    comp = ref("composition-scores")
    assert type(comp.composition_score(rng.normal(size=(3, 4)), rng.normal(size=(4, 2)))) is float
    layer = {k: rng.normal(size=s) for k, s in [("W_Q", (2, 4, 2)), ("W_K", (2, 4, 2)), ("W_V", (2, 4, 2)), ("W_O", (2, 2, 4))]}
    assert type(comp.composition_scores(layer, layer)) is dict
    assert type(ref("copying-score").copying_score(*(np.eye(3),) * 4)) is float
    heads = {k: rng.normal(size=s) for k, s in [("W_Q", (1, 3, 2)), ("W_K", (1, 3, 2)), ("W_V", (1, 3, 2)), ("W_O", (1, 2, 3))]}
    assert type(ref("path-expansion").path_expansion(np.array([0, 1]), rng.normal(size=(4, 3)), heads,
                                                     rng.normal(size=(3, 4)))) is tuple


def test_path_expansion_overflow_sized_scores_match_torch_softmax(ref):
    """Scores of order 1e4: does the max-shifted softmax agree with torch.softmax (no NaN)?"""
    rng = np.random.default_rng(10)
    T, V, D, H, Dh = 6, 5, 4, 2, 2
    W_E, W_U = rng.normal(size=(V, D)), rng.normal(size=(D, V))
    heads = {"W_Q": 3000.0 * rng.normal(size=(H, D, Dh)), "W_K": rng.normal(size=(H, D, Dh)),
             "W_V": rng.normal(size=(H, D, Dh)), "W_O": rng.normal(size=(H, Dh, D))}
    tokens = rng.integers(0, V, size=T)
    direct, per_head = ref("path-expansion").path_expansion(tokens, W_E, heads, W_U)
    x = torch.from_numpy(W_E[tokens])
    want = []
    for h in range(H):
        q, k, v = (x @ torch.from_numpy(heads[n][h]) for n in ("W_Q", "W_K", "W_V"))
        s = (q @ k.T / np.sqrt(Dh)).masked_fill(~torch.tril(torch.ones(T, T, dtype=torch.bool)), float("-inf"))
        assert s.abs()[torch.isfinite(s)].max() > 1000
        want.append((torch.softmax(s, -1) @ v @ torch.from_numpy(heads["W_O"][h]) @ torch.from_numpy(W_U)).numpy())
    assert np.isfinite(per_head).all()
    np.testing.assert_allclose(per_head, np.stack(want), rtol=1e-9, atol=1e-9)


def test_induction_score_raises_on_both_sides_of_the_length(ref):
    """T = 2L and T = 2L + 2 raise ValueError; T = 2L + 1 does not."""
    mod = ref("induction-score")
    for T in (8, 10):
        with pytest.raises(ValueError):
            mod.induction_score(np.ones((1, T, T)), 4)
    assert mod.induction_score(np.ones((1, 9, 9)), 4).shape == (1,)


def test_head_ablation_kind_is_case_sensitive(ref):
    """"Mean" is not "mean": does the reference raise ValueError as the statement says?"""
    import importlib.util

    ex = load_catalog().get("head-ablation")
    spec = importlib.util.spec_from_file_location("head_ablation_model_t", ex.dir / "head_ablation_model.py")
    model = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(model)
    for kind in ("Mean", "ZERO", "resample"):
        with pytest.raises(ValueError):
            ref("head-ablation").ablation_scores(model.make_run(0), np.array([[1, 2, 3]]), kind=kind)


def test_head_detectors_rows_that_do_not_sum_to_one(ref):
    """Unnormalised rows: are the scores the plain means of the entries (torch.diagonal)?"""
    pattern = np.random.default_rng(11).uniform(0, 1, size=(3, 6, 6))
    prev, current, first = ref("head-detectors").head_scores(pattern)
    t = torch.from_numpy(pattern)
    np.testing.assert_allclose(prev, torch.diagonal(t, -1, 1, 2).mean(-1).numpy(), rtol=1e-12)
    np.testing.assert_allclose(current, torch.diagonal(t, 0, 1, 2).mean(-1).numpy(), rtol=1e-12)
    np.testing.assert_allclose(first, t[:, :, 0].mean(-1).numpy(), rtol=1e-12)
