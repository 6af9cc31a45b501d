"""Independent checks of the mixture-of-heads track's reference solutions: torch.nn.MultiheadAttention,
F.scaled_dot_product_attention, and per-token brute force of the routing and the losses."""
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from grader.catalog import load_catalog
from grader.trusted import load_reference


def ref(slug):
    return load_reference(load_catalog().get(slug))


@pytest.mark.parametrize("causal", [False, True])
def test_moh_with_all_gates_one_equals_torch_multihead_attention(causal):
    """With zero routers and k = h_r, is MoH exactly torch.nn.MultiheadAttention?"""
    torch.manual_seed(0)
    B, T, D, H, h_s = 2, 6, 12, 4, 1
    Dh = D // H
    mha = torch.nn.MultiheadAttention(D, H, batch_first=True)
    with torch.no_grad():
        mha.in_proj_bias.zero_()
        mha.out_proj.bias.normal_()
    Wq, Wk, Wv = mha.in_proj_weight.detach().chunk(3, dim=0)  # (D, D) each, rows = output features
    per_head = lambda W: W.T.reshape(D, H, Dh).permute(1, 0, 2).contiguous()  # (H, D, Dh)
    params = {"W_Q": per_head(Wq), "W_K": per_head(Wk), "W_V": per_head(Wv),
              "W_O": mha.out_proj.weight.detach().T.reshape(H, Dh, D).contiguous(), "b_O": mha.out_proj.bias.detach()}
    gates = {"W_s": torch.zeros(D, h_s), "W_r": torch.zeros(D, H - h_s), "W_h": torch.zeros(D, 2)}
    x = torch.randn(B, T, D)
    mask = torch.ones(T, T, dtype=torch.bool).triu(1) if causal else None  # True = may NOT attend
    expected, _ = mha(x, x, x, attn_mask=mask, need_weights=False)
    got = ref("moh-attention").moh_attention(x, params, gates, H - h_s, causal=causal)
    torch.testing.assert_close(got, expected.detach(), rtol=1e-5, atol=1e-5)


def test_moh_gates_match_a_per_token_loop():
    """Do the batched MoH gates equal the SkyworkAI formulas applied token by token?"""
    torch.manual_seed(1)
    D, h_s, h_r, k = 8, 2, 5, 2
    x, W_s, W_r, W_h = torch.randn(3, 4, D), torch.randn(D, h_s), torch.randn(D, h_r), torch.randn(D, 2)
    g = ref("moh-gates").moh_gates(x, W_s, W_r, W_h, k)
    for b in range(3):
        for t in range(4):
            xt = x[b, t]
            p = torch.softmax(xt @ W_r, 0)
            keep = p.argsort(descending=True)[:k]
            routed = torch.zeros(h_r)
            routed[keep] = p[keep] / p[keep].sum() * k
            a = 2 * torch.softmax(xt @ W_h, 0)
            expected = torch.cat([h_s * torch.softmax(xt @ W_s, 0) * a[0], routed * a[1]])
            torch.testing.assert_close(g[b, t], expected, rtol=1e-5, atol=1e-6)
            assert int((g[b, t] != 0).sum()) == h_s + k


def test_moh_balance_loss_matches_loops():
    """Is the MoH balance loss h_r * sum_i P_i f_i computed with explicit loops?"""
    torch.manual_seed(2)
    probs = torch.softmax(torch.randn(5, 3, 6), -1)
    mask = torch.zeros_like(probs, dtype=torch.bool).scatter(-1, probs.topk(2, -1).indices, True)
    flat_p, flat_m = probs.reshape(-1, 6).tolist(), mask.reshape(-1, 6).tolist()
    N = len(flat_p)
    expected = 6 * sum((sum(r[i] for r in flat_p) / N) * (sum(r[i] for r in flat_m) / N) for i in range(6))
    assert ref("moh-balance-loss").moh_balance_loss(probs, mask).item() == pytest.approx(expected, rel=1e-5)


def test_moa_with_one_expert_is_sdpa():
    """With E = 1 (gate 1), is MoA F.scaled_dot_product_attention followed by W_o?"""
    torch.manual_seed(3)
    D, dh = 8, 4
    x, W_g = torch.randn(2, 5, D), torch.randn(D, 1)
    W_q, W_o, W_k, W_v = torch.randn(1, D, dh), torch.randn(1, dh, D), torch.randn(D, dh), torch.randn(D, dh)
    for causal in (False, True):
        expected = F.scaled_dot_product_attention(x @ W_q[0], x @ W_k, x @ W_v, is_causal=causal) @ W_o[0]
        got = ref("moa-forward").moa(x, W_g, W_q, W_o, W_k, W_v, 1, causal=causal)
        torch.testing.assert_close(got, expected, rtol=1e-5, atol=1e-5)


def test_moa_matches_a_per_token_loop():
    """Does batched MoA equal a loop over tokens and their top-k experts with SDPA on shared K, V?"""
    torch.manual_seed(4)
    B, T, D, dh, E, k = 2, 5, 6, 3, 5, 2
    x, W_g = torch.randn(B, T, D), torch.randn(D, E)
    W_q, W_o, W_k, W_v = torch.randn(E, D, dh), torch.randn(E, dh, D), torch.randn(D, dh), torch.randn(D, dh)
    got = ref("moa-forward").moa(x, W_g, W_q, W_o, W_k, W_v, k, causal=True)
    for b in range(B):
        for t in range(T):
            p = torch.softmax(x[b, t] @ W_g, 0)
            gates, experts = p.topk(k)
            K, V = x[b, : t + 1] @ W_k, x[b, : t + 1] @ W_v
            y = sum(g * F.scaled_dot_product_attention((x[b, t] @ W_q[e])[None, :], K, V)[0] @ W_o[e] for g, e in zip(gates, experts))
            torch.testing.assert_close(got[b, t], y, rtol=1e-5, atol=1e-5)


def test_moa_losses_match_numpy():
    """Do switch, cv (unbiased) and z equal their definitions computed in NumPy?"""
    torch.manual_seed(5)
    logits = 2 * torch.randn(30, 6)
    k = 2
    out = ref("moa-losses").moa_losses(logits, k)
    L = logits.double().numpy()
    p = np.exp(L - L.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    top = np.argsort(-p, axis=1)[:, :k]
    chosen = np.zeros_like(p)
    np.put_along_axis(chosen, top, 1.0, axis=1)
    gates = p * chosen
    switch = 6 * np.sum(p.mean(0) * chosen.sum(0) / (30 * k))
    G = gates.sum(0) / gates.sum()
    cv = np.var(G, ddof=1) / np.mean(G) ** 2
    z = np.mean((np.log(np.exp(L).sum(1))) ** 2)
    assert out["switch"].item() == pytest.approx(switch, rel=1e-5)
    assert out["cv"].item() == pytest.approx(cv, rel=1e-4)
    assert out["z"].item() == pytest.approx(z, rel=1e-5)
    assert math.isclose(ref("moa-losses").moa_losses(torch.full((4, 3), 0.5), 3)["switch"].item(), 1.0, rel_tol=1e-6)


@pytest.mark.parametrize("h_s, h_r, H", [(0, 3, 3), (2, 0, 2), (2, 3, 4), (2, 3, 6)])
def test_moh_attention_refuses_bad_head_splits(h_s, h_r, H):
    """Does moh-attention raise ValueError without a shared head, without a routed head, or when h_s + h_r != H?"""
    D, Dh = 6, 3
    params = {"W_Q": torch.randn(H, D, Dh), "W_K": torch.randn(H, D, Dh), "W_V": torch.randn(H, D, Dh),
              "W_O": torch.randn(H, Dh, D), "b_O": torch.randn(D)}
    gates = {"W_s": torch.randn(D, h_s), "W_r": torch.randn(D, h_r), "W_h": torch.randn(D, 2)}
    with pytest.raises(ValueError):
        ref("moh-attention").moh_attention(torch.randn(1, 3, D), params, gates, 1)


def test_moh_balance_loss_gradient_is_h_r_f_over_n():
    """Is d L_b / d p[t, i] = h_r * f_i / N, by autograd on the reference and by the formula?"""
    torch.manual_seed(3)
    probs = torch.softmax(torch.randn(4, 3, 5, dtype=torch.float64), -1).requires_grad_(True)
    mask = torch.zeros_like(probs, dtype=torch.bool).scatter(-1, probs.detach().topk(2, -1).indices, True)
    loss = ref("moh-balance-loss").moh_balance_loss(probs, mask)
    assert loss.dtype == torch.float64 and loss.dim() == 0
    loss.backward()
    f = mask.reshape(-1, 5).double().mean(0)
    torch.testing.assert_close(probs.grad, (5 * f / 12).expand(4, 3, 5))


@pytest.mark.parametrize("slug, call", [
    ("moh-gates", lambda m, x: m.moh_gates(x, torch.randn(4, 2, dtype=x.dtype), torch.randn(4, 3, dtype=x.dtype),
                                           torch.randn(4, 2, dtype=x.dtype), 2)),
    ("moa-losses", lambda m, x: m.moa_losses(x[..., :3], 2)["cv"]),
])
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_outputs_keep_the_input_dtype(slug, call, dtype):
    """Do the references return the dtype they were given, as their statements promise?"""
    assert call(ref(slug), torch.randn(2, 5, 4, dtype=dtype)).dtype == dtype
