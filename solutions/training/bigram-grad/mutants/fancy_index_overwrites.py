"""Scatters with dW[x] += dlogits: a repeated context token keeps only one of its rows."""
import numpy as np


def bigram_loss_and_grad(W, x, y):
    N = x.shape[0]
    logits = W[x] - W[x].max(axis=1, keepdims=True)
    log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    loss = -log_probs[np.arange(N), y].mean()
    probs = np.exp(log_probs)
    dlogits = probs.copy()
    dlogits[np.arange(N), y] -= 1.0
    dlogits /= N
    dW = np.zeros_like(W)
    dW[x] += dlogits
    return float(loss), dW
