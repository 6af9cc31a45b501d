"""Stops the window one position early on the right (range end i + window)."""


def skipgram_pairs(tokens, window):
    if window < 1:
        raise ValueError("window")
    n = len(tokens)
    return [(tokens[i], tokens[j]) for i in range(n) for j in range(max(0, i - window), min(n, i + window)) if j != i]


def cbow_examples(tokens, window):
    if window < 1:
        raise ValueError("window")
    n = len(tokens)
    out = []
    for i in range(n):
        ctx = [tokens[j] for j in range(max(0, i - window), min(n, i + window)) if j != i]
        if ctx:
            out.append((ctx, tokens[i]))
    return out
