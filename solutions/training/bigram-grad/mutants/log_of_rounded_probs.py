"""Takes np.log of the softmax probabilities: a probability that rounds to 0 gives an infinite loss."""
import numpy as np


def bigram_loss_and_grad(W, x, y):
    N = x.shape[0]
    logits = W[x] - W[x].max(axis=1, keepdims=True)
    probs = np.exp(logits)
    probs /= probs.sum(axis=1, keepdims=True)
    loss = -np.log(probs[np.arange(N), y]).mean()
    dlogits = probs.copy()
    dlogits[np.arange(N), y] -= 1.0
    dlogits /= N
    dW = np.zeros_like(W)
    np.add.at(dW, x, dlogits)
    return float(loss), dW
