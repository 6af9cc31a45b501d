"""A tiny two-layer attention-only transformer with a residual-stream cache and a patch point.

Support file of the activation-patching exercise: the hidden tests build models with
`make_run(seed)` and pass you their `run` function. Row-vector convention (x @ W); no MLPs, no
LayerNorm, no biases; causal attention with scores scaled by 1/sqrt(Dh).
"""
import numpy as np


class AttnOnlyModel:
    """Weights are drawn from `np.random.default_rng(seed)`; sizes are keyword arguments."""

    def __init__(self, seed: int, V: int = 10, D: int = 8, H: int = 2, Dh: int = 4, L: int = 2, n_ctx: int = 16):
        rng = np.random.default_rng(seed)
        self.L, self.n_ctx = L, n_ctx
        self.W_E = rng.normal(size=(V, D))  # (V, D)
        self.W_pos = rng.normal(size=(n_ctx, D)) * 0.5  # (n_ctx, D)
        self.W_Q = rng.normal(size=(L, H, D, Dh)) * 0.7
        self.W_K = rng.normal(size=(L, H, D, Dh)) * 0.7
        self.W_V = rng.normal(size=(L, H, D, Dh)) / np.sqrt(D)
        self.W_O = rng.normal(size=(L, H, Dh, D)) / np.sqrt(Dh)
        self.W_U = rng.normal(size=(D, V)) / np.sqrt(D)  # (D, V)

    def run(self, tokens, patch=None) -> dict:
        """Forward pass on one sequence `tokens` (T,) of ints.

        patch: None, or (layer, pos, vector) with vector of shape (D,): just before layer `layer`
        reads the residual stream, the stream at position `pos` is replaced by `vector`.
        Returns {"resid_pre": (L, T, D) the stream entering each layer (after any patch),
                 "logits": (T, V)}.
        """
        tokens = np.asarray(tokens)
        T = len(tokens)
        x = self.W_E[tokens] + self.W_pos[:T]  # (T, D)
        causal = np.tril(np.ones((T, T), dtype=bool))
        resid_pre = []
        for layer in range(self.L):
            if patch is not None and int(patch[0]) == layer:
                x = x.copy()
                x[int(patch[1])] = np.asarray(patch[2], dtype=x.dtype)
            resid_pre.append(x)
            q = np.einsum("td,hde->hte", x, self.W_Q[layer])  # (H, T, Dh)
            k = np.einsum("td,hde->hte", x, self.W_K[layer])
            v = np.einsum("td,hde->hte", x, self.W_V[layer])
            scores = np.where(causal, q @ k.transpose(0, 2, 1) / np.sqrt(q.shape[-1]), -np.inf)  # (H, T, T)
            A = np.exp(scores - scores.max(-1, keepdims=True))
            A /= A.sum(-1, keepdims=True)
            x = x + np.einsum("hte,hed->td", A @ v, self.W_O[layer])  # (T, D): heads add to the stream
        return {"resid_pre": np.stack(resid_pre), "logits": x @ self.W_U}


def make_run(seed: int, **sizes):
    """The `run` function of a model with weights from `seed`."""
    return AttnOnlyModel(seed, **sizes).run


def logit_diff_metric(correct: int, wrong: int):
    """metric(logits) = logits[-1, correct] - logits[-1, wrong] at the final position."""
    def metric(logits):
        return float(logits[-1, correct] - logits[-1, wrong])
    return metric
