"""A toy language model for beam-search: the next token depends only on the previous one (a Markov chain).

`MarkovLM(table)` is a callable: `lm(prefix)` takes the list of tokens so far (starting with the bos token)
and returns `table[prefix[-1]]`, the log-probabilities of every next token, as a float array of shape (V,).
`ContractLM(table, eos, max_calls)` is the same model that raises when the search breaks the statement's
calling contract (a prefix that is not a list, a finished hypothesis, more calls than live hypotheses).
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


class ContractLM(MarkovLM):
    """A MarkovLM that also holds beam search to its calling contract; some hidden cases use it.

    It raises TypeError when `prefix` is not a list, RuntimeError when it is asked about a finished hypothesis
    (a prefix after bos that ends with `eos`), and RuntimeError when it is called more than `max_calls` times
    (once per live hypothesis per step is what the search needs).
    """

    def __init__(self, table, eos=None, max_calls=None):
        super().__init__(table)
        self.eos = eos
        self.max_calls = max_calls

    def __call__(self, prefix) -> np.ndarray:
        if type(prefix) is not list:
            raise TypeError(f"logprob_fn takes the prefix as a list of ints, got a {type(prefix).__name__}")
        if self.eos is not None and len(prefix) > 1 and int(prefix[-1]) == self.eos:
            raise RuntimeError("logprob_fn was called for a finished hypothesis (its prefix ends with eos): "
                               "call it only for live hypotheses")
        if self.max_calls is not None and self.calls >= self.max_calls:
            raise RuntimeError(f"logprob_fn was called more than {self.max_calls} times: call it once per live "
                               "hypothesis per step, and only for live hypotheses")
        return super().__call__(prefix)


def log_softmax_rows(logits) -> np.ndarray:
    """Turn any (V, V) array of scores into a valid table of log-probabilities (each row sums to 1 in prob)."""
    logits = np.asarray(logits, dtype=np.float64)
    m = logits.max(axis=1, keepdims=True)
    return logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
