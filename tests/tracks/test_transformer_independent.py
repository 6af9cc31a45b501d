"""The transformer track's references against independent implementations (PyTorch built-ins, exhaustive search)."""
import itertools

import numpy as np
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from grader import trusted
from grader.catalog import load_catalog


def _ref(slug):
    return trusted.load_reference(load_catalog().get(slug))


def _t(a):
    return torch.from_numpy(np.asarray(a, dtype=np.float64))


def _block_params(rng, D, H, M):
    Dh = D // H
    return {
        "ln1_w": 1.0 + 0.3 * rng.normal(size=D), "ln1_b": 0.3 * rng.normal(size=D),
        "W_Q": rng.normal(scale=D**-0.5, size=(H, D, Dh)), "W_K": rng.normal(scale=D**-0.5, size=(H, D, Dh)),
        "W_V": rng.normal(scale=D**-0.5, size=(H, D, Dh)), "W_O": rng.normal(scale=Dh**-0.5, size=(H, Dh, D)),
        "b_O": 0.1 * rng.normal(size=D), "ln2_w": 1.0 + 0.3 * rng.normal(size=D), "ln2_b": 0.3 * rng.normal(size=D),
        "W_in": rng.normal(scale=D**-0.5, size=(D, M)), "b_in": 0.1 * rng.normal(size=M),
        "W_out": rng.normal(scale=M**-0.5, size=(M, D)), "b_out": 0.1 * rng.normal(size=D),
    }


def _torch_block(x, p, causal=True):
    """The same block written with F.layer_norm, F.scaled_dot_product_attention and F.gelu(approximate='tanh')."""
    B, T, D = x.shape
    H, _, Dh = p["W_Q"].shape
    fused = lambda W: _t(W).permute(1, 0, 2).reshape(D, H * Dh)  # (D, H*Dh), heads side by side
    h = F.layer_norm(x, (D,), _t(p["ln1_w"]), _t(p["ln1_b"]), eps=1e-5)
    q, k, v = (F.linear(h, fused(p[n]).T).view(B, T, H, Dh).transpose(1, 2) for n in ("W_Q", "W_K", "W_V"))
    z = F.scaled_dot_product_attention(q, k, v, is_causal=causal)  # (B, H, T, Dh)
    z = z.transpose(1, 2).reshape(B, T, H * Dh)
    x = x + z @ _t(p["W_O"]).reshape(H * Dh, D) + _t(p["b_O"])
    h = F.layer_norm(x, (D,), _t(p["ln2_w"]), _t(p["ln2_b"]), eps=1e-5)
    return x + F.gelu(h @ _t(p["W_in"]) + _t(p["b_in"]), approximate="tanh") @ _t(p["W_out"]) + _t(p["b_out"])


@pytest.mark.parametrize("seed", range(4))
def test_mlp_matches_torch_linear_and_gelu(seed):
    """Does the MLP reference match nn.Linear -> F.gelu(approximate='tanh') -> nn.Linear?"""
    ref = _ref("mlp-block")
    rng = np.random.default_rng(seed)
    D, M = int(rng.integers(2, 10)), int(rng.integers(4, 40))
    x = rng.normal(scale=2.0, size=(2, int(rng.integers(1, 8)), D))
    W_in, b_in, W_out, b_out = rng.normal(size=(D, M)), rng.normal(size=M), rng.normal(size=(M, D)), rng.normal(size=D)
    up, down = nn.Linear(D, M).double(), nn.Linear(M, D).double()
    with torch.no_grad():
        up.weight.copy_(_t(W_in).T), up.bias.copy_(_t(b_in)), down.weight.copy_(_t(W_out).T), down.bias.copy_(_t(b_out))
        expected = down(F.gelu(up(_t(x)), approximate="tanh")).numpy()
    np.testing.assert_allclose(ref.mlp(x, W_in, b_in, W_out, b_out), expected, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("seed,causal", [(0, True), (1, True), (2, False), (3, True)])
def test_block_matches_torch_sdpa(seed, causal):
    """Does the pre-LN block match one built from F.layer_norm and F.scaled_dot_product_attention?"""
    ref = _ref("pre-ln-block")
    rng = np.random.default_rng(seed)
    H = int(rng.integers(1, 5))
    D = H * int(rng.integers(1, 5))
    p = _block_params(rng, D, H, 4 * D)
    x = rng.normal(size=(int(rng.integers(1, 4)), int(rng.integers(1, 9)), D))
    np.testing.assert_allclose(ref.block(x, p, causal=causal), _torch_block(_t(x), p, causal).numpy(),
                               rtol=1e-9, atol=1e-10)


@pytest.mark.parametrize("seed", range(3))
def test_gpt_forward_matches_torch(seed):
    """Does gpt_forward match nn.Embedding lookups, the torch blocks, F.layer_norm and a tied F.linear head?"""
    ref = _ref("gpt-forward")
    rng = np.random.default_rng(100 + seed)
    V, n_ctx, H, L = int(rng.integers(3, 20)), 8, int(rng.integers(1, 4)), int(rng.integers(0, 4))
    D = 2 * H
    params = {"W_E": rng.normal(size=(V, D)), "W_pos": rng.normal(size=(n_ctx, D)),
              "blocks": [_block_params(rng, D, H, 4 * D) for _ in range(L)],
              "ln_f_w": 1.0 + 0.3 * rng.normal(size=D), "ln_f_b": 0.3 * rng.normal(size=D)}
    tokens = rng.integers(0, V, size=(2, int(rng.integers(1, n_ctx + 1))))
    wte, wpe = nn.Embedding(V, D).double(), nn.Embedding(n_ctx, D).double()
    with torch.no_grad():
        wte.weight.copy_(_t(params["W_E"])), wpe.weight.copy_(_t(params["W_pos"]))
        tok = torch.from_numpy(tokens)
        x = wte(tok) + wpe(torch.arange(tok.shape[1]))
        for p in params["blocks"]:
            x = _torch_block(x, p)
        x = F.layer_norm(x, (D,), _t(params["ln_f_w"]), _t(params["ln_f_b"]), eps=1e-5)
        expected = F.linear(x, wte.weight).numpy()
    np.testing.assert_allclose(ref.gpt_forward(tokens, params), expected, rtol=1e-9, atol=1e-10)
    with pytest.raises(ValueError):
        ref.gpt_forward(rng.integers(0, V, size=(1, n_ctx + 1)), params)


class _GPT2Layout(nn.Module):
    """GPT-2 / nanoGPT's parameter layout (bias=True), built on the meta device so GPT-2 sizes cost no memory."""

    def __init__(self, V, n_ctx, d, L, d_mlp, tied):
        super().__init__()
        self.wte, self.wpe = nn.Embedding(V, d), nn.Embedding(n_ctx, d)
        self.h = nn.ModuleList(nn.ModuleDict({
            "ln_1": nn.LayerNorm(d), "c_attn": nn.Linear(d, 3 * d), "c_proj": nn.Linear(d, d),
            "ln_2": nn.LayerNorm(d), "c_fc": nn.Linear(d, d_mlp), "mlp_proj": nn.Linear(d_mlp, d)}) for _ in range(L))
        self.ln_f = nn.LayerNorm(d)
        self.lm_head = nn.Linear(d, V, bias=False)
        if tied:
            self.lm_head.weight = self.wte.weight  # parameters() yields a shared tensor once


@pytest.mark.parametrize("config", [
    (50257, 1024, 768, 12, 3072, True), (50257, 1024, 1024, 24, 4096, True), (50257, 1024, 768, 12, 3072, False),
    (65, 256, 64, 4, 256, True), (7, 5, 4, 0, 10, False), (100, 64, 48, 3, 100, True),
])
def test_count_params_matches_a_torch_module(config):
    """Does count_params equal sum(p.numel()) of a torch module with the same layout?"""
    ref = _ref("param-count")
    with torch.device("meta"):
        model = _GPT2Layout(*config)
    expected = sum(p.numel() for p in model.parameters())
    got = ref.count_params(*config[:5], tied=config[5])
    assert type(got) is int and got == expected
    if config == (50257, 1024, 768, 12, 3072, True):
        assert got == 124_439_808


def _hf_style_probs(logits, temperature, top_k, top_p):
    """Hugging Face's warpers, re-expressed in torch: temperature, TopK (torch.topk), TopP (ascending cumsum)."""
    z = torch.from_numpy(logits) / temperature
    if top_k is not None:
        kth = torch.topk(z, min(top_k, z.numel())).values[-1]
        z = z.masked_fill(z < kth, -float("inf"))
    if top_p is not None:
        sorted_z, idx = torch.sort(z, descending=False)
        cum = sorted_z.softmax(-1).cumsum(-1)
        remove = cum <= 1 - top_p
        remove[-1] = False  # min_tokens_to_keep = 1
        z = z.masked_fill(remove.scatter(0, idx, remove), -float("inf"))
    return z.softmax(-1).numpy()


@pytest.mark.parametrize("seed", range(30))
def test_sampling_matches_hf_warpers(seed):
    """Without ties or boundary masses, does next_token_probs match the HF-style warper chain?"""
    ref = _ref("sampling")
    rng = np.random.default_rng(seed)
    V = int(rng.integers(2, 30))
    logits = rng.normal(scale=2.0, size=V)
    temperature = float(rng.uniform(0.3, 2.0))
    top_k = None if rng.random() < 0.3 else int(rng.integers(1, V + 3))
    top_p = None if rng.random() < 0.3 else float(rng.uniform(0.05, 1.0))
    got = ref.next_token_probs(logits, temperature, top_k, top_p)
    expected = _hf_style_probs(logits, temperature, top_k, top_p)
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-12)


def _log_softmax_rows(x):
    return x - np.log(np.exp(x - x.max(1, keepdims=True)).sum(1, keepdims=True)) - x.max(1, keepdims=True)


@pytest.mark.parametrize("seed", range(6))
def test_beam_search_full_width_is_exhaustive_and_width_one_is_greedy(seed):
    """On a random Markov LM, does full-width beam search find the exhaustive optimum, and width 1 the greedy path?"""
    ref = _ref("beam-search")  # puts the exercise folder, with its support module, on sys.path
    import beam_search_toy_lm
    rng = np.random.default_rng(seed)
    V, max_len = int(rng.integers(2, 5)), int(rng.integers(1, 4))
    table = _log_softmax_rows(2.0 * rng.normal(size=(V, V)))
    bos, eos = V - 1, (0 if seed % 2 else None)
    complete = []
    for n in range(1, max_len + 1):
        for seq in itertools.product(range(V), repeat=n):
            ends = eos is not None and seq[-1] == eos
            if (eos is not None and eos in seq[:-1]) or (n < max_len and not ends):
                continue
            prev, score = bos, 0.0
            for v in seq:
                score, prev = score + table[prev, v], v
            complete.append((list(seq), score))
    complete.sort(key=lambda h: (-h[1], h[0]))
    out = ref.beam_search(beam_search_toy_lm.MarkovLM(table), bos, V**max_len, max_len, eos)
    assert [s for s, _ in out] == [s for s, _ in complete][: V**max_len]
    np.testing.assert_allclose([sc for _, sc in out], [sc for _, sc in complete][: V**max_len], rtol=1e-12)

    seq, prev, score = [], bos, 0.0
    for _ in range(max_len):
        v = int(np.argmax(table[prev]))
        seq, score, prev = seq + [v], score + table[prev, v], v
        if v == eos:
            break
    (best,) = ref.beam_search(beam_search_toy_lm.MarkovLM(table), bos, 1, max_len, eos)
    assert best[0] == seq and best[1] == pytest.approx(score)


def test_sampling_example_3_keeps_two_tokens_in_either_order():
    """Does Example 3 keep tokens 0 and 1, and would top-p on the untempered top-3 also keep two (mass 0.910)?"""
    ref = _ref("sampling")
    logits = np.array([2.0, 1.0, 0.0, -1.0])
    out = ref.next_token_probs(logits, temperature=0.5, top_k=3, top_p=0.9)
    assert np.count_nonzero(out) == 2 and out.dtype == np.float64
    untempered = ref.next_token_probs(logits, top_k=3)
    assert untempered[0] + untempered[1] == pytest.approx(0.910, abs=1e-3)
    assert np.count_nonzero(ref.next_token_probs(logits, top_k=3, top_p=0.9)) == 2


def test_sampling_ties_beyond_sixteen_follow_the_stable_order():
    """With 40 tied logits, does top-k keep the lowest indices among the tied ones (a stable argsort)?"""
    ref = _ref("sampling")
    logits = np.zeros(40)
    logits[::3] = 1.0  # 14 tokens tie for the top
    out = ref.next_token_probs(logits, top_k=5)
    assert list(np.flatnonzero(out)) == [0, 3, 6, 9, 12]


def test_beam_search_impossible_hypotheses_fill_the_beam_and_are_returned():
    """Does the reference keep -inf hypotheses when fewer than width are possible, and call the model once per
    live hypothesis per step?"""
    ref = _ref("beam-search")
    import beam_search_toy_lm
    inf = np.inf
    table = np.array([[0.0, -inf, -inf], [0.0, -inf, -inf], [-inf, 0.0, -inf]])
    lm = beam_search_toy_lm.ContractLM(table, eos=0, max_calls=5)  # live: [] at step 1, [1], [2] at 2, [1, 1], [1, 2] at 3
    out = ref.beam_search(lm, 2, 3, 3, 0)
    assert out == [([1, 0], 0.0), ([0], -inf), ([1, 1, 0], -inf)]
    assert all(type(h) is tuple and type(h[1]) is float and all(type(t) is int for t in h[0]) for h in out)


@pytest.mark.parametrize("width,max_len", [(0, 3), (-1, 3), (2, 0), (2, -4)])
def test_beam_search_refuses_width_or_max_len_below_one(width, max_len):
    import beam_search_toy_lm
    with pytest.raises(ValueError):
        _ref("beam-search").beam_search(beam_search_toy_lm.MarkovLM(np.zeros((2, 2))), 0, width, max_len, 1)


def test_gpt_forward_refuses_too_long_input_even_when_positions_broadcast():
    """With n_ctx = 1, W_pos[:2] broadcasts: does the reference still raise ValueError for T = 2?"""
    ref = _ref("gpt-forward")
    params = {"W_E": np.eye(3), "W_pos": np.zeros((1, 3)), "blocks": [], "ln_f_w": np.ones(3), "ln_f_b": np.zeros(3)}
    assert ref.gpt_forward(np.array([[1]]), params).shape == (1, 1, 3)
    with pytest.raises(ValueError):
        ref.gpt_forward(np.array([[1, 2]]), params)


def test_transformer_references_leave_inputs_alone_and_keep_float64():
    """Do mlp, block, gpt_forward and next_token_probs leave their arguments unchanged and return float64?"""
    rng = np.random.default_rng(3)
    x = rng.normal(size=(2, 4, 8))
    p = _block_params(rng, 8, 2, 16)
    params = {"W_E": rng.normal(size=(5, 8)), "W_pos": rng.normal(size=(6, 8)), "blocks": [p],
              "ln_f_w": np.ones(8), "ln_f_b": np.zeros(8)}
    tokens = rng.integers(0, 5, size=(2, 4))
    logits = rng.normal(size=9)
    snapshot = (x.copy(), {k: v.copy() for k, v in p.items()}, tokens.copy(), logits.copy())
    outs = [_ref("mlp-block").mlp(x, p["W_in"], p["b_in"], p["W_out"], p["b_out"]), _ref("pre-ln-block").block(x, p),
            _ref("gpt-forward").gpt_forward(tokens, params),
            _ref("sampling").next_token_probs(logits, temperature=0.5, top_k=4, top_p=0.8)]
    assert all(o.dtype == np.float64 for o in outs)
    np.testing.assert_array_equal(x, snapshot[0])
    assert all(np.array_equal(p[k], snapshot[1][k]) for k in p)
    assert len(params["blocks"]) == 1 and params["blocks"][0] is p
    np.testing.assert_array_equal(tokens, snapshot[2])
    np.testing.assert_array_equal(logits, snapshot[3])
