"""The tensor2tensor track's references against independent implementations (PyTorch built-ins)."""
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


def _heads(y, H):  # (B, T, D) -> (B, H, T, Dh), head h = columns h*Dh:(h+1)*Dh
    B, T, D = y.shape
    return y.view(B, T, H, D // H).transpose(1, 2)


def _merge(z):  # (B, H, T, Dh) -> (B, T, H*Dh)
    B, H, T, Dh = z.shape
    return z.transpose(1, 2).reshape(B, T, H * Dh)


def _attn_params(rng, D, s=None):
    p = {n: rng.normal(scale=D**-0.5, size=(D, D)) for n in ("W_Q", "W_K", "W_V", "W_O")}
    p["b_O"] = rng.normal(size=D)
    if s is not None:
        for n in ("conv_k", "conv_v"):
            p[n], p[n + "_b"] = rng.normal(scale=(s * D) ** -0.5, size=(s, D, D)), rng.normal(size=D)
    return p


@pytest.mark.parametrize("seed,stride,causal", [(0, 3, True), (1, 3, False), (2, 2, True), (3, 4, True), (4, 1, True)])
def test_memory_compressed_attention_matches_conv1d_and_sdpa(seed, stride, causal):
    """Does the reference match F.conv1d(stride=s) on K and V followed by F.scaled_dot_product_attention?"""
    ref = _ref("memory-compressed-attention")
    rng = np.random.default_rng(seed)
    H = int(rng.integers(1, 4))
    D, T, B = 2 * H, stride * int(rng.integers(1, 5)), 2
    p = _attn_params(rng, D, stride)
    x = rng.normal(size=(B, T, D))
    got = ref.memory_compressed_attention(x, p, stride=stride, causal=causal, n_heads=H)

    xt = _t(x)
    conv = lambda m, w, b: F.conv1d(m.transpose(1, 2), _t(w).permute(2, 1, 0), _t(b), stride=stride).transpose(1, 2)
    q = _heads(xt @ _t(p["W_Q"]), H)
    k = _heads(conv(xt @ _t(p["W_K"]), p["conv_k"], p["conv_k_b"]), H)
    v = _heads(conv(xt @ _t(p["W_V"]), p["conv_v"], p["conv_v_b"]), H)
    M = T // stride
    mask = (torch.arange(M) * stride + stride - 1)[None, :] <= torch.arange(T)[:, None] if causal else torch.ones(T, M, dtype=torch.bool)
    z = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)  # rows with no slot come back NaN
    want = (_merge(z) @ _t(p["W_O"]) + _t(p["b_O"])).numpy()
    seen = mask.any(-1).numpy()
    np.testing.assert_allclose(got[:, seen], want[:, seen], rtol=1e-9, atol=1e-10)
    np.testing.assert_allclose(got[:, ~seen], np.broadcast_to(p["b_O"], got[:, ~seen].shape), rtol=1e-12)


@pytest.mark.parametrize("seed,block,causal", [(0, 2, True), (1, 3, True), (2, 4, False), (3, 1, True), (4, 5, False), (5, 16, True)])
def test_local_block_attention_matches_masked_sdpa(seed, block, causal):
    """Does the blocked reference match F.scaled_dot_product_attention with the block mask over all T keys?"""
    ref = _ref("local-block-attention")
    rng = np.random.default_rng(10 + seed)
    H = int(rng.integers(1, 4))
    D, T = 2 * H, int(rng.integers(1, 14))
    p = _attn_params(rng, D)
    x = rng.normal(size=(2, T, D))
    got = ref.local_block_attention(x, p, block, causal=causal, n_heads=H)
    i, j = torch.arange(T)[:, None], torch.arange(T)[None, :]
    mask = (j // block >= i // block - 1) & (j // block <= i // block)
    if causal:
        mask &= j <= i
    xt = _t(x)
    z = F.scaled_dot_product_attention(*(_heads(xt @ _t(p[n]), H) for n in ("W_Q", "W_K", "W_V")), attn_mask=mask)
    np.testing.assert_allclose(got, (_merge(z) @ _t(p["W_O"]) + _t(p["b_O"])).numpy(), rtol=1e-9, atol=1e-10)


@pytest.mark.parametrize("seed", range(5))
def test_vq_bottleneck_matches_cdist_and_mse_loss(seed):
    """Do codes, z_q, the loss and its gradients match torch.cdist + F.mse_loss and the analytic VQ-VAE gradients?"""
    ref = _ref("vq-bottleneck")
    g = torch.Generator().manual_seed(seed)
    D, K = int(torch.randint(1, 6, (1,), generator=g)), int(torch.randint(1, 9, (1,), generator=g))
    z = torch.randn(3, 4, D, generator=g, dtype=torch.float64, requires_grad=True)
    cb = torch.randn(K, D, generator=g, dtype=torch.float64, requires_grad=True)
    beta = 0.3
    z_q, codes, loss = ref.vq_bottleneck(z, cb, beta)
    want_codes = torch.cdist(z.detach().reshape(-1, D), cb.detach()).argmin(-1).reshape(3, 4)
    assert codes.dtype == torch.int64 and torch.equal(codes, want_codes)
    e = cb.detach()[want_codes]
    torch.testing.assert_close(z_q.detach(), e)
    torch.testing.assert_close(loss.detach(), (1 + beta) * F.mse_loss(z.detach(), e))
    gz, gcb = torch.autograd.grad(loss, (z, cb))
    n = z.numel()
    torch.testing.assert_close(gz, beta * 2 * (z.detach() - e) / n)
    want_gcb = torch.zeros_like(cb).index_add_(0, want_codes.reshape(-1), (2 * (e - z.detach()) / n).reshape(-1, D))
    torch.testing.assert_close(gcb, want_gcb)
    w = torch.randn(z.shape, generator=g, dtype=torch.float64)
    z_q, _, _ = ref.vq_bottleneck(z, cb, beta)
    gz, gcb = torch.autograd.grad((z_q * w).sum(), (z, cb), allow_unused=True)
    torch.testing.assert_close(gz, w)
    assert gcb is None or torch.count_nonzero(gcb) == 0


@pytest.mark.parametrize("seed", range(5))
def test_depthwise_separable_matches_grouped_conv1d(seed):
    """Does the reference equal F.conv1d(groups=C_in) followed by a 1x1 F.conv1d?"""
    ref = _ref("depthwise-separable-conv")
    rng = np.random.default_rng(seed)
    B, C, Co, K = 2, int(rng.integers(1, 6)), int(rng.integers(1, 6)), int(rng.integers(1, 5))
    T = K + int(rng.integers(0, 8))
    x, dw, pw = rng.normal(size=(B, T, C)), rng.normal(size=(K, C)), rng.normal(size=(C, Co))
    d = F.conv1d(_t(x).transpose(1, 2), _t(dw).T.unsqueeze(1), groups=C)  # weight (C, 1, K)
    y = F.conv1d(d, _t(pw).T.unsqueeze(-1)).transpose(1, 2)  # weight (Co, C, 1)
    np.testing.assert_allclose(ref.depthwise_separable_conv1d(x, dw, pw), y.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("k,c_in,c_out", [(3, 512, 512), (7, 1024, 2048), (5, 3, 11), (1, 8, 2)])
def test_conv_param_counts_match_nn_conv1d(k, c_in, c_out):
    """Do the counts equal the parameters of nn.Conv1d layers (bias=False), depthwise via groups=c_in?"""
    ref = _ref("depthwise-separable-conv")
    with torch.device("meta"):
        sep = nn.Sequential(nn.Conv1d(c_in, c_in, k, groups=c_in, bias=False), nn.Conv1d(c_in, c_out, 1, bias=False))
        full = nn.Conv1d(c_in, c_out, k, bias=False)
    count = lambda m: sum(p.numel() for p in m.parameters())
    assert tuple(ref.conv_param_counts(k, c_in, c_out)) == (count(sep), count(full))


@pytest.mark.parametrize("seed", range(6))
def test_moe_layer_matches_torch_topk_gating(seed):
    """Does the reference match gating via torch.topk, a dense combine over all experts, and Normal.cdf for the load?"""
    ref = _ref("sparsely-gated-moe")
    rng = np.random.default_rng(seed)
    N, D, E, Hd = int(rng.integers(2, 12)), int(rng.integers(1, 6)), int(rng.integers(2, 7)), 4
    k = int(rng.integers(1, E + 1))
    x, Wg, Wn, noise = rng.normal(size=(N, D)), rng.normal(size=(D, E)), rng.normal(size=(D, E)), rng.normal(size=(N, E))
    ex = {"W1": rng.normal(size=(E, D, Hd)), "b1": rng.normal(size=(E, Hd)), "W2": rng.normal(size=(E, Hd, 3)),
          "b2": rng.normal(size=(E, 3))}
    y, gates, l_imp, l_load = ref.moe_layer(x, Wg, Wn, ex, k, noise)

    xt = _t(x)
    clean, std = xt @ _t(Wg), F.softplus(xt @ _t(Wn))
    h = clean + _t(noise) * std
    top = torch.topk(h, k, dim=1)
    want_gates = torch.zeros_like(h).scatter(1, top.indices, top.values.softmax(-1))
    outs = torch.einsum("neh,ehd->ned", F.relu(torch.einsum("nd,edh->neh", xt, _t(ex["W1"])) + _t(ex["b1"])),
                        _t(ex["W2"])) + _t(ex["b2"])  # (N, E, 3): every expert on every token
    want_y = (want_gates[:, :, None] * outs).sum(1)
    cv2 = lambda v: (v.var(unbiased=False) / v.mean() ** 2).item()
    # load via the (k+1)-th / k-th largest noisy logits, as Tensor2Tensor's _prob_in_top_k
    ranked = torch.sort(h, dim=1, descending=True).values
    if k == E:
        thr = torch.full_like(h, -float("inf"))  # every expert is always in the top k
    else:
        thr_in, thr_out = ranked[:, k:k + 1], ranked[:, k - 1:k]
        thr = torch.where(h > thr_in, thr_in, thr_out)  # Tensor2Tensor's is_in test (no ties with random inputs)
    prob = torch.distributions.Normal(0.0, 1.0).cdf((clean - thr) / std)
    np.testing.assert_allclose(gates, want_gates.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(y, want_y.numpy(), rtol=1e-9, atol=1e-10)
    assert l_imp == pytest.approx(cv2(want_gates.sum(0)), rel=1e-9)
    assert l_load == pytest.approx(cv2(prob.sum(0)), rel=1e-7)


def test_moe_layer_ties_among_twenty_experts_go_to_the_lower_index():
    """With 20 experts and integer logits, are the kept experts those of a (-h, index) sort, and the types exact?"""
    ref = _ref("sparsely-gated-moe")
    rng = np.random.default_rng(9)
    N, D, E, k = 8, 3, 20, 3
    x, Wg = rng.integers(-1, 2, size=(N, D)).astype(float), rng.integers(-1, 2, size=(D, E)).astype(float)
    ex = {"W1": rng.normal(size=(E, D, 4)), "b1": rng.normal(size=(E, 4)), "W2": rng.normal(size=(E, 4, 2)),
          "b2": rng.normal(size=(E, 2))}
    out = ref.moe_layer(x, Wg, rng.normal(size=(D, E)), ex, k, np.zeros((N, E)))
    assert type(out) is tuple and type(out[2]) is float and type(out[3]) is float
    h = x @ Wg
    for t in range(N):
        kept = sorted(range(E), key=lambda e: (-h[t, e], e))[:k]
        assert sorted(np.flatnonzero(out[1][t]).tolist()) == sorted(kept)


@pytest.mark.parametrize("dw_cols, pw_rows, C", [(1, 3, 3), (3, 4, 3), (3, 3, 1), (2, 3, 3)])
def test_depthwise_separable_refuses_every_channel_mismatch(dw_cols, pw_rows, C):
    """Is each channel mismatch refused on its own, even those NumPy would broadcast?"""
    ref = _ref("depthwise-separable-conv")
    with pytest.raises(ValueError):
        ref.depthwise_separable_conv1d(np.zeros((1, 6, C)), np.zeros((2, dw_cols)), np.zeros((pw_rows, 2)))


@pytest.mark.parametrize("which, taps, stride", [("conv_k", 4, 3), ("conv_v", 4, 3), ("conv_v", 1, 2), ("conv_k", 2, 3)])
def test_memory_compressed_attention_refuses_each_wrong_kernel(which, taps, stride):
    """Is a kernel with more or fewer taps than the stride refused, whichever of the two it is?"""
    rng = np.random.default_rng(3)
    p = _attn_params(rng, 4, stride)
    p[which] = rng.normal(size=(taps, 4, 4))
    with pytest.raises(ValueError):
        _ref("memory-compressed-attention").memory_compressed_attention(rng.normal(size=(1, 6, 4)), p, stride=stride)


def test_vq_bottleneck_ties_match_a_first_minimum_loop():
    """With 24 codes made of 6 repeated integer rows, is every code the first index of the minimum distance?"""
    g = torch.Generator().manual_seed(1)
    cb = torch.randint(-1, 2, (6, 3), generator=g).float()[torch.randint(0, 6, (24,), generator=g)]
    z = torch.randint(-1, 2, (30, 3), generator=g).float()
    _, codes, loss = _ref("vq-bottleneck").vq_bottleneck(z, cb)
    assert codes.dtype == torch.int64 and loss.dim() == 0
    for i in range(30):
        d = [float(((z[i] - cb[j]) ** 2).sum()) for j in range(24)]
        assert int(codes[i]) == d.index(min(d))
