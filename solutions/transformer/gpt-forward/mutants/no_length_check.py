"""Never checks T against n_ctx and relies on NumPy's broadcasting error, which n_ctx = 1 does not raise."""
import numpy as np


def layer_norm(x, w, b, eps=1e-5):
    mu = x.mean(-1, keepdims=True)  # (B, T, 1)
    var = x.var(-1, keepdims=True)  # (B, T, 1), biased, as torch's LayerNorm
    return (x - mu) / np.sqrt(var + eps) * w + b


def gelu_tanh(x):
    return 0.5 * x * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (x + 0.044715 * x**3)))


def attention(x, W_Q, W_K, W_V, W_O, b_O, causal):
    T, Dh = x.shape[1], W_Q.shape[-1]
    q = np.einsum("btd,hde->bhte", x, W_Q)  # (B, H, T, Dh)
    k = np.einsum("btd,hde->bhte", x, W_K)  # (B, H, T, Dh)
    v = np.einsum("btd,hde->bhte", x, W_V)  # (B, H, T, Dh)
    att = q @ k.swapaxes(-2, -1) / np.sqrt(Dh)  # (B, H, T, T)
    if causal:
        allowed = np.tril(np.ones((T, T), dtype=bool))  # True = may attend
        att = np.where(allowed, att, -np.inf)
    att = np.exp(att - att.max(-1, keepdims=True))
    att = att / att.sum(-1, keepdims=True)  # rows sum to 1
    z = att @ v  # (B, H, T, Dh)
    return np.einsum("bhte,hed->btd", z, W_O) + b_O  # (B, T, D): sum of the heads' writes


def mlp(x, W_in, b_in, W_out, b_out):
    return gelu_tanh(x @ W_in + b_in) @ W_out + b_out  # (B, T, D)


def block(x: np.ndarray, params: dict, causal: bool = True) -> np.ndarray:
    p = params
    h = layer_norm(x, p["ln1_w"], p["ln1_b"])  # the residual stream itself is never normalised
    x = x + attention(h, p["W_Q"], p["W_K"], p["W_V"], p["W_O"], p["b_O"], causal)  # (B, T, D)
    h = layer_norm(x, p["ln2_w"], p["ln2_b"])
    x = x + mlp(h, p["W_in"], p["b_in"], p["W_out"], p["b_out"])  # (B, T, D)
    return x


def gpt_forward(tokens: np.ndarray, params: dict) -> np.ndarray:
    B, T = tokens.shape
    n_ctx = params["W_pos"].shape[0]
    W_E = params["W_E"]  # (V, D)
    x = W_E[tokens] + params["W_pos"][:T]  # (B, T, D): positions 0..T-1, broadcast over the batch
    for p in params["blocks"]:
        x = block(x, p, causal=True)  # (B, T, D)
    x = layer_norm(x, params["ln_f_w"], params["ln_f_b"])  # (B, T, D)
    return x @ W_E.T  # (B, T, V): the unembedding is the embedding, transposed (tied)
