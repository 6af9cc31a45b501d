"""Pads the caller's token list in place with None at both ends (padded = tokens does not copy)."""


def _padded(tokens, window):
    padded = tokens  # meant as a copy, but it is the caller's list
    padded[:0] = [None] * window
    padded.extend([None] * window)
    return padded


def skipgram_pairs(tokens, window):
    if window < 1:
        raise ValueError("window must be at least 1")
    n = len(tokens)
    padded = _padded(tokens, window)
    pairs = []
    for i in range(window, window + n):
        for j in range(i - window, i + window + 1):
            if j != i and padded[j] is not None:
                pairs.append((padded[i], padded[j]))
    return pairs


def cbow_examples(tokens, window):
    if window < 1:
        raise ValueError("window must be at least 1")
    n = len(tokens)
    padded = _padded(tokens, window)
    out = []
    for i in range(window, window + n):
        ctx = [padded[j] for j in range(i - window, i + window + 1) if j != i and padded[j] is not None]
        if ctx:
            out.append((ctx, padded[i]))
    return out
