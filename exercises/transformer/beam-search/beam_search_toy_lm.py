"""A toy language model for beam-search: the next token depends only on the previous one (a Markov chain).

`MarkovLM(table)` is a callable: `lm(prefix)` takes the list of tokens so far (starting with the bos token)
and returns `table[prefix[-1]]`, the log-probabilities of every next token, as a float array of shape (V,).
"""
import numpy as np


class MarkovLM:
    def __init__(self, table):
        self.table = np.asarray(table, dtype=np.float64)  # (V, V): row = previous token, column = next token
        assert self.table.ndim == 2 and self.table.shape[0] == self.table.shape[1], "table must be (V, V)"
        self.calls = 0  # how many times the model was asked, for the curious

    @property
    def vocab_size(self) -> int:
        return self.table.shape[1]

    def __call__(self, prefix) -> np.ndarray:
        self.calls += 1
        return self.table[int(prefix[-1])].copy()  # (V,)


def log_softmax_rows(logits) -> np.ndarray:
    """Turn any (V, V) array of scores into a valid table of log-probabilities (each row sums to 1 in prob)."""
    logits = np.asarray(logits, dtype=np.float64)
    m = logits.max(axis=1, keepdims=True)
    return logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
