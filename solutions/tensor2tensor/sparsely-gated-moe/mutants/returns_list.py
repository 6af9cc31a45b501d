"""Returns [y, gates, importance_loss, load_loss] as a list where the statement asks for a tuple."""
import math

import numpy as np

_erf = np.vectorize(math.erf, otypes=[float])


def normal_cdf(z):
    return 0.5 * (1.0 + _erf(z / math.sqrt(2.0)))


def cv_squared(v):
    return float(np.var(v) / np.mean(v) ** 2)  # population variance, as Tensor2Tensor's cv_squared


def moe_layer(x, W_gate, W_noise, experts, k, noise):
    N, D = x.shape
    E = W_gate.shape[1]
    if not 1 <= k <= E:
        raise ValueError(f"k must be between 1 and the number of experts {E}, got {k}")
    clean = x @ W_gate  # (N, E)
    std = np.logaddexp(0.0, x @ W_noise)  # (N, E) softplus, written so it never overflows
    h = clean + noise * std  # (N, E) the noisy logits
    order = np.argsort(-h, axis=1, kind="stable")  # (N, E) best first, ties to the lower index
    top = order[:, :k]  # (N, k)
    rows = np.arange(N)[:, None]
    kept = h[rows, top]  # (N, k)
    w = np.exp(kept - kept.max(1, keepdims=True))
    gates = np.zeros((N, E))
    gates[rows, top] = w / w.sum(1, keepdims=True)  # softmax over the kept k, exactly 0 elsewhere

    # dispatch: each expert only sees the tokens routed to it; combine: weight its output by the gate
    y = np.zeros((N, experts["W2"].shape[2]))
    for i in range(E):
        idx = np.flatnonzero(gates[:, i])
        if idx.size == 0:
            continue
        hid = np.maximum(x[idx] @ experts["W1"][i] + experts["b1"][i], 0.0)  # (n_i, H) ReLU FFN expert
        y[idx] += gates[idx, i:i + 1] * (hid @ experts["W2"][i] + experts["b2"][i])  # (n_i, D_out)

    importance = gates.sum(0)  # (E,)
    # P(x, i): probability that expert i stays in the top k if only its own noise is redrawn.
    # The bar to clear is the k-th largest of the *other* noisy logits: the (k+1)-th overall for a kept
    # expert, the k-th overall for the others.
    h_sorted = h[rows, order]  # (N, E) descending
    is_kept = np.zeros((N, E), dtype=bool)
    is_kept[rows, top] = True  # chosen by the ranking, even where the gate underflowed to 0.0
    thr_out = h_sorted[:, k - 1:k]  # (N, 1) k-th largest
    thr_in = h_sorted[:, k:k + 1] if k < E else np.full((N, 1), -np.inf)  # (N, 1) (k+1)-th largest
    thr = np.where(is_kept, thr_in, thr_out)  # (N, E)
    prob = normal_cdf((clean - thr) / std)  # (N, E)
    load = prob.sum(0)  # (E,)
    return [y, gates, cv_squared(importance), cv_squared(load)]
