"""Builds each skip-gram pair and CBOW example as a list [a, b] where the statement asks for a tuple."""


def skipgram_pairs(tokens, window):
    if window < 1:
        raise ValueError("window must be at least 1")
    n = len(tokens)
    return [[tokens[i], tokens[j]] for i in range(n) for j in range(max(0, i - window), min(n, i + window + 1)) if j != i]


def cbow_examples(tokens, window):
    if window < 1:
        raise ValueError("window must be at least 1")
    n = len(tokens)
    out = []
    for i in range(n):
        ctx = [tokens[j] for j in range(max(0, i - window), min(n, i + window + 1)) if j != i]
        if ctx:
            out.append([ctx, tokens[i]])
    return out
