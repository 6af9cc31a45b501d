"""A tiny attention-only transformer whose heads' outputs can be overwritten (ablated).

Support file of the head-ablation exercise: the hidden tests build models with `make_run(seed)`
and pass you their `run` function. Row-vector convention (x @ W); no MLPs, no LayerNorm, no
biases; causal attention with scores scaled by 1/sqrt(Dh).
"""
import numpy as np


class AttnOnlyModel:
    """Weights are drawn from `np.random.default_rng(seed)`; heads listed in `silent` get W_O = 0."""

    def __init__(self, seed: int, V: int = 10, D: int = 8, H: int = 2, Dh: int = 4, L: int = 2, n_ctx: int = 16,
                 silent=()):
        rng = np.random.default_rng(seed)
        self.L, self.H = L, H
        self.W_E = rng.normal(size=(V, D))  # (V, D)
        self.W_pos = rng.normal(size=(n_ctx, D)) * 0.5  # (n_ctx, D)
        self.W_Q = rng.normal(size=(L, H, D, Dh)) * 0.7
        self.W_K = rng.normal(size=(L, H, D, Dh)) * 0.7
        self.W_V = rng.normal(size=(L, H, D, Dh)) / np.sqrt(D)
        self.W_O = rng.normal(size=(L, H, Dh, D)) / np.sqrt(Dh)
        self.W_U = rng.normal(size=(D, V)) / np.sqrt(D)  # (D, V)
        for layer, head in silent:
            self.W_O[layer, head] = 0.0  # this head writes nothing into the stream

    def run(self, tokens, patch=None) -> dict:
        """Forward pass on a batch `tokens` (B, T) of ints.

        patch: None, or a dict {(layer, head): array (B, T, Dh)}: that head's z (its attention-weighted
        values, before W_O) is replaced by the array.
        Returns {"logits": (B, T, V), "z": (L, B, T, H, Dh) every head's z as computed (before any patch)}.
        """
        tokens = np.asarray(tokens)
        B, T = tokens.shape
        x = self.W_E[tokens] + self.W_pos[:T]  # (B, T, D)
        causal = np.tril(np.ones((T, T), dtype=bool))
        zs = []
        for layer in range(self.L):
            q = np.einsum("btd,hde->bhte", x, self.W_Q[layer])  # (B, H, T, Dh)
            k = np.einsum("btd,hde->bhte", x, self.W_K[layer])
            v = np.einsum("btd,hde->bhte", x, self.W_V[layer])
            scores = np.where(causal, q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1]), -np.inf)  # (B, H, T, T)
            A = np.exp(scores - scores.max(-1, keepdims=True))
            A /= A.sum(-1, keepdims=True)
            z = np.swapaxes(A @ v, 1, 2)  # (B, T, H, Dh)
            zs.append(z)
            z = z.copy()
            for head in range(self.H):
                if patch is not None and (layer, head) in patch:
                    z[:, :, head] = np.broadcast_to(np.asarray(patch[(layer, head)], dtype=z.dtype), z[:, :, head].shape)
            x = x + np.einsum("bthe,hed->btd", z, self.W_O[layer])  # heads add to the stream
        return {"logits": x @ self.W_U, "z": np.stack(zs)}


def make_run(seed: int, silent=(), **sizes):
    """The `run` function of a model with weights from `seed`; `silent` lists (layer, head) pairs with W_O = 0."""
    return AttnOnlyModel(seed, silent=[tuple(p) for p in silent], **sizes).run
