"""Bigram loss and its gradient by hand. See README.md for the statement."""
import numpy as np


def bigram_loss_and_grad(W: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean cross-entropy of softmax(W[x]) against y, and its gradient with respect to W.

    W: (V, V) float array; row a holds the logits of the token that follows token a.
    x: (N,) int array of context tokens in [0, V).
    y: (N,) int array of next tokens in [0, V).
    Returns (loss, dW): loss a Python float, dW a (V, V) float array.
    """
    # TODO: logits = W[x] (N, V); stable softmax; loss = mean of -log p[i, y_i];
    #       dlogits = (p - onehot(y)) / N; scatter-add dlogits into the rows x of dW.
    raise NotImplementedError("bigram_loss_and_grad is not implemented yet")
