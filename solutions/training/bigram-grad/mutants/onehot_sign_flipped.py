"""Uses onehot - softmax as the logit gradient: the gradient of the log-likelihood, not of the loss."""
import numpy as np


def bigram_loss_and_grad(W, x, y):
    N = x.shape[0]
    logits = W[x] - W[x].max(axis=1, keepdims=True)
    log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    loss = -log_probs[np.arange(N), y].mean()
    probs = np.exp(log_probs)
    dlogits = -probs
    dlogits[np.arange(N), y] += 1.0
    dlogits /= N
    dW = np.zeros_like(W)
    np.add.at(dW, x, dlogits)
    return float(loss), dW
