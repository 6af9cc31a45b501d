"""The attention references against independent implementations (PyTorch built-ins, direct loops)."""
import copy
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from grader import trusted
from grader.catalog import load_catalog


def _ref(slug):
    return trusted.load_reference(load_catalog().get(slug))


def _t(a):
    return torch.from_numpy(np.ascontiguousarray(a))


@pytest.mark.parametrize("seed", range(3))
def test_sdpa_matches_torch(seed):
    """Does attention() match F.scaled_dot_product_attention, with and without a boolean mask (d != dv)?"""
    ref = _ref("sdpa")
    rng = np.random.default_rng(seed)
    Q, K, V = rng.normal(size=(2, 3, 5, 8)), rng.normal(size=(2, 3, 7, 8)), rng.normal(size=(2, 3, 7, 4))
    out, w = ref.attention(Q, K, V)
    np.testing.assert_allclose(out, F.scaled_dot_product_attention(_t(Q), _t(K), _t(V)).numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(w, torch.softmax(_t(Q) @ _t(K).transpose(-1, -2) / math.sqrt(8), -1).numpy(),
                               rtol=1e-10, atol=1e-12)
    mask = rng.random((5, 7)) < 0.5
    mask[:, 0] = True
    out, w = ref.attention(Q, K, V, mask=mask)
    expected = F.scaled_dot_product_attention(_t(Q), _t(K), _t(V), attn_mask=_t(mask)).numpy()
    np.testing.assert_allclose(out, expected, rtol=1e-10, atol=1e-12)
    assert (w[..., ~mask] == 0).all()


def test_causal_mask_matches_torch_is_causal():
    """Does causal_attention() match F.scaled_dot_product_attention(is_causal=True)?"""
    ref = _ref("causal-mask")
    rng = np.random.default_rng(1)
    Q, K, V = rng.normal(size=(2, 4, 9, 6)), rng.normal(size=(2, 4, 9, 6)), rng.normal(size=(2, 4, 9, 3))
    out, _ = ref.causal_attention(Q, K, V)
    expected = F.scaled_dot_product_attention(_t(Q), _t(K), _t(V), is_causal=True).numpy()
    np.testing.assert_allclose(out, expected, rtol=1e-10, atol=1e-12)


def test_prefix_mean_matches_cumsum():
    """Does prefix_mean() equal torch.cumsum divided by the prefix lengths?"""
    ref = _ref("prefix-mean")
    x = np.random.default_rng(2).normal(size=(3, 11, 4))
    expected = (torch.cumsum(_t(x), dim=1) / torch.arange(1, 12, dtype=torch.float64)[None, :, None]).numpy()
    np.testing.assert_allclose(ref.prefix_mean(x), expected, rtol=1e-10, atol=1e-12)


def _torch_mha(W_Q, W_K, W_V, W_O, b_O):
    """An nn.MultiheadAttention holding the same weights as the per-head (H, D, Dh) / (H, Dh, D) layout."""
    H, D, Dh = W_Q.shape
    m = torch.nn.MultiheadAttention(D, H, bias=True, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        flat = lambda W: _t(W.transpose(1, 0, 2).reshape(D, H * Dh).T)  # rows h*Dh:(h+1)*Dh = W[h].T
        m.in_proj_weight.copy_(torch.cat([flat(W_Q), flat(W_K), flat(W_V)]))
        m.in_proj_bias.zero_()
        m.out_proj.weight.copy_(_t(W_O.reshape(H * Dh, D).T))
        m.out_proj.bias.copy_(_t(b_O))
    return m


@pytest.mark.parametrize("causal", [False, True])
def test_mha_matches_torch_multihead_attention(causal):
    """Does multi_head_attention() match torch.nn.MultiheadAttention with the same weights?"""
    ref = _ref("mha")
    rng = np.random.default_rng(3)
    H, D, Dh, T = 3, 12, 4, 7
    W_Q, W_K, W_V = (rng.normal(size=(H, D, Dh)) / math.sqrt(D) for _ in range(3))
    W_O, b_O = rng.normal(size=(H, Dh, D)), rng.normal(size=D)
    x = rng.normal(size=(2, T, D))
    m = _torch_mha(W_Q, W_K, W_V, W_O, b_O)
    blocked = _t(~np.tril(np.ones((T, T), dtype=bool))) if causal else None  # torch: True = NOT allowed
    expected, _ = m(_t(x), _t(x), _t(x), attn_mask=blocked, need_weights=False)
    out = ref.multi_head_attention(x, W_Q, W_K, W_V, W_O, b_O, causal=causal)
    np.testing.assert_allclose(out, expected.detach().numpy(), rtol=1e-10, atol=1e-12)


def test_cross_attention_matches_torch_key_padding_mask():
    """Does cross_attention() match nn.MultiheadAttention(dec, enc, enc, key_padding_mask=pad), weights included?"""
    ref = _ref("cross-attention")
    rng = np.random.default_rng(4)
    H, D, Dh = 2, 8, 4
    params = {"W_Q": rng.normal(size=(H, D, Dh)), "W_K": rng.normal(size=(H, D, Dh)),
              "W_V": rng.normal(size=(H, D, Dh)), "W_O": rng.normal(size=(H, Dh, D)), "b_O": rng.normal(size=D)}
    dec, enc = rng.normal(size=(5, D)), rng.normal(size=(6, D))
    pad = np.array([False, False, True, False, True, True])
    m = _torch_mha(params["W_Q"], params["W_K"], params["W_V"], params["W_O"], params["b_O"])
    expected, w_expected = m(_t(dec)[None], _t(enc)[None], _t(enc)[None], key_padding_mask=_t(pad)[None],
                             need_weights=True, average_attn_weights=False)
    out, w = ref.cross_attention(dec, enc, params, pad=pad)
    np.testing.assert_allclose(out, expected[0].detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(w, w_expected[0].detach().numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("n,d", [(5, 2), (17, 8), (40, 6)])
def test_sinusoidal_pe_matches_the_formulas_entry_by_entry(n, d):
    """Do both layouts match the paper's formula and T2T's get_timing_signal_1d, written as plain loops?"""
    ref = _ref("sinusoidal-pe")
    paper = np.zeros((n, d))
    for p in range(n):
        for i in range(d // 2):
            paper[p, 2 * i] = math.sin(p / 10000 ** (2 * i / d))
            paper[p, 2 * i + 1] = math.cos(p / 10000 ** (2 * i / d))
    np.testing.assert_allclose(ref.sinusoidal_pe(n, d), paper, rtol=1e-10, atol=1e-12)
    m = d // 2  # tensor2tensor: log_timescale_increment = log(max/min) / max(num_timescales - 1, 1)
    inc = math.log(1e4 / 1.0) / max(m - 1, 1)
    t2t = np.zeros((n, d))
    for p in range(n):
        for i in range(m):
            t2t[p, i] = math.sin(p * math.exp(-i * inc))
            t2t[p, m + i] = math.cos(p * math.exp(-i * inc))
    np.testing.assert_allclose(ref.sinusoidal_pe(n, d, layout="concat"), t2t, rtol=1e-10, atol=1e-12)
    with pytest.raises(ValueError):
        ref.sinusoidal_pe(n, d + 1)


def test_relative_attention_matches_shaw_equations_by_loops():
    """Does relative_attention() match eqs. 3-5 of Shaw et al. computed pair by pair?"""
    ref = _ref("relative-position")
    rng = np.random.default_rng(5)
    T, D, dz, k = 7, 5, 3, 2
    x, Wq, Wk, Wv = rng.normal(size=(T, D)), rng.normal(size=(D, dz)), rng.normal(size=(D, dz)), rng.normal(size=(D, dz))
    aK, aV = rng.normal(size=(2 * k + 1, dz)), rng.normal(size=(2 * k + 1, dz))
    z = np.zeros((T, dz))
    for i in range(T):
        e = np.array([(x[i] @ Wq) @ (x[j] @ Wk + aK[max(-k, min(k, j - i)) + k]) / math.sqrt(dz) for j in range(T)])
        a = np.exp(e - e.max())
        a /= a.sum()
        z[i] = sum(a[j] * (x[j] @ Wv + aV[max(-k, min(k, j - i)) + k]) for j in range(T))
    np.testing.assert_allclose(ref.relative_attention(x, Wq, Wk, Wv, aK, aV, k), z, rtol=1e-10, atol=1e-12)
    zero = np.zeros_like(aK)
    plain = F.scaled_dot_product_attention(_t(x @ Wq), _t(x @ Wk), _t(x @ Wv)).numpy()
    np.testing.assert_allclose(ref.relative_attention(x, Wq, Wk, Wv, zero, zero, k), plain, rtol=1e-10, atol=1e-12)


def test_kv_cache_matches_torch_causal_multihead_attention():
    """Do T cached steps equal torch.nn.MultiheadAttention with a causal mask on the whole sequence?"""
    ref = _ref("kv-cache")
    rng = np.random.default_rng(6)
    H, D, Dh, T = 4, 8, 2, 10
    params = {"W_Q": rng.normal(size=(H, D, Dh)), "W_K": rng.normal(size=(H, D, Dh)),
              "W_V": rng.normal(size=(H, D, Dh)), "W_O": rng.normal(size=(H, Dh, D)), "b_O": rng.normal(size=D)}
    xs = rng.normal(size=(T, D))
    m = _torch_mha(params["W_Q"], params["W_K"], params["W_V"], params["W_O"], params["b_O"])
    blocked = _t(~np.tril(np.ones((T, T), dtype=bool)))
    expected, _ = m(_t(xs)[None], _t(xs)[None], _t(xs)[None], attn_mask=blocked, need_weights=False)
    ys, cache = ref.run_steps(xs, params)
    np.testing.assert_allclose(ys, expected[0].detach().numpy(), rtol=1e-10, atol=1e-12)
    assert cache["k"].shape == (H, T, Dh) and cache["v"].shape == (H, T, Dh)


# ---- the promises the statements make beyond the values (issue 16) ----


def test_kv_cache_reference_does_not_even_touch_the_cache():
    """The contract allows attend_step to update the cache dict; does the reference return a new one?"""
    ref = _ref("kv-cache")
    rng = np.random.default_rng(7)
    params = {n: rng.normal(size=(2, 4, 3)) for n in ("W_Q", "W_K", "W_V")} | {"W_O": rng.normal(size=(2, 3, 4)),
                                                                              "b_O": rng.normal(size=4)}
    cache = {"k": rng.normal(size=(2, 2, 3)), "v": rng.normal(size=(2, 2, 3))}
    before = copy.deepcopy(cache)
    out = ref.attend_step(rng.normal(size=4), cache, params)
    assert type(out) is tuple and type(out[1]) is dict and out[1] is not cache \
        and all(np.array_equal(before[k], cache[k]) for k in before)
    ys, final = ref.run_steps(rng.normal(size=(3, 4)), params)
    assert ys.dtype == np.float64 and type(final) is dict and set(final) == {"k", "v"}


def test_attention_outputs_are_tuples_of_float64_arrays():
    """Do sdpa, causal-mask and cross-attention return tuples of float64 arrays, the others float64 arrays?"""
    rng = np.random.default_rng(8)
    Q, K, V = rng.normal(size=(3, 4)), rng.normal(size=(3, 4)), rng.normal(size=(3, 2))
    params = {n: rng.normal(size=(2, 4, 2)) for n in ("W_Q", "W_K", "W_V")} | {"W_O": rng.normal(size=(2, 2, 4)),
                                                                              "b_O": rng.normal(size=4)}
    for out in (_ref("sdpa").attention(Q, K, V), _ref("causal-mask").causal_attention(Q, K, V),
                _ref("cross-attention").cross_attention(Q, K, params, pad=np.array([False, True, False]))):
        assert type(out) is tuple and len(out) == 2 and all(a.dtype == np.float64 for a in out)
    singles = [_ref("prefix-mean").prefix_mean(Q[None]), _ref("sinusoidal-pe").sinusoidal_pe(3, 4),
               _ref("mha").multi_head_attention(Q, *(params[n] for n in ("W_Q", "W_K", "W_V", "W_O", "b_O")))]
    assert all(type(a) is np.ndarray and a.dtype == np.float64 for a in singles)
    assert _ref("relative-position").relative_index(2, 3, 1).dtype.kind in "iu"


@pytest.mark.parametrize("d", [5, 1, 0, -2])
@pytest.mark.parametrize("layout", ["interleave", "concat"])
def test_sinusoidal_pe_refuses_odd_and_small_d(d, layout):
    """ValueError for odd d and for d < 2 in both layouts, while d = 2 works?"""
    ref = _ref("sinusoidal-pe")
    with pytest.raises(ValueError):
        ref.sinusoidal_pe(3, d, layout=layout)
    assert ref.sinusoidal_pe(3, 2, layout=layout).shape == (3, 2)


def test_sdpa_large_negative_scores_and_zero_queries_match_torch():
    """Scores near -5000 and zero queries under a mask: does attention() agree with torch?"""
    ref = _ref("sdpa")
    rng = np.random.default_rng(9)
    Q = 50.0 + rng.normal(size=(3, 4))
    K, V = -50.0 + rng.normal(size=(5, 4)), rng.normal(size=(5, 3))
    out, w = ref.attention(Q, K, V)
    np.testing.assert_allclose(out, F.scaled_dot_product_attention(_t(Q), _t(K), _t(V)).numpy(), rtol=1e-9, atol=1e-12)
    Qz = np.zeros((4, 3))
    Kz, Vz = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    mask = np.tril(np.ones((4, 5), dtype=bool), k=1)
    out, w = ref.attention(Qz, Kz, Vz, mask=mask)
    expected = F.scaled_dot_product_attention(_t(Qz), _t(Kz), _t(Vz), attn_mask=_t(mask)).numpy()
    np.testing.assert_allclose(out, expected, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(w, mask / mask.sum(-1, keepdims=True), rtol=1e-12)
