"""Drops a context word equal to the center word (compares values instead of positions)."""


def skipgram_pairs(tokens, window):
    if window < 1:
        raise ValueError("window")
    n = len(tokens)
    return [(tokens[i], tokens[j]) for i in range(n) for j in range(max(0, i - window), min(n, i + window + 1)) if tokens[j] != tokens[i]]


def cbow_examples(tokens, window):
    if window < 1:
        raise ValueError("window")
    n = len(tokens)
    out = []
    for i in range(n):
        ctx = [tokens[j] for j in range(max(0, i - window), min(n, i + window + 1)) if tokens[j] != tokens[i]]
        if ctx:
            out.append((ctx, tokens[i]))
    return out
