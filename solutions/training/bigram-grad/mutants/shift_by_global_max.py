"""Subtracts the maximum of the whole matrix instead of each row's: a row far below it underflows to 0 / 0."""
import numpy as np


def bigram_loss_and_grad(W, x, y):
    N = x.shape[0]
    logits = W[x] - W.max()
    probs = np.exp(logits)
    probs = probs / probs.sum(axis=1, keepdims=True)
    log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    loss = -log_probs[np.arange(N), y].mean()
    dlogits = probs.copy()
    dlogits[np.arange(N), y] -= 1.0
    dlogits /= N
    dW = np.zeros_like(W)
    np.add.at(dW, x, dlogits)
    return float(loss), dW
