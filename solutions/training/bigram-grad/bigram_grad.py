"""Bigram language model: mean cross-entropy and its gradient, by hand.

Source: Karpathy, "The spelled-out intro to language modeling: building makemore" (the bigram
model as one weight matrix W whose row x holds the logits of the token after x) and "Becoming a
Backprop Ninja" (d loss / d logits = (softmax - onehot) / N).
"""
import numpy as np


def bigram_loss_and_grad(W: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    N = x.shape[0]
    logits = W[x]  # (N, V): row x_i of W scores every possible next token
    logits = logits - logits.max(axis=1, keepdims=True)  # shift: softmax unchanged, exp cannot overflow
    log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))  # (N, V), log-softmax
    loss = -log_probs[np.arange(N), y].mean()  # not log(probs): a tiny probability would round to 0
    probs = np.exp(log_probs)  # (N, V)
    dlogits = probs.copy()  # (N, V)
    dlogits[np.arange(N), y] -= 1.0  # softmax - onehot(y)
    dlogits /= N  # the loss is a mean over the N pairs
    dW = np.zeros_like(W)  # (V, V): rows never used as context get zero gradient
    np.add.at(dW, x, dlogits)  # accumulate: a token that appears twice as context gets both rows
    return float(loss), dW
