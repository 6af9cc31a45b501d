"""Accepts window = 0 silently instead of raising ValueError."""


def skipgram_pairs(tokens, window):
    n = len(tokens)
    return [(tokens[i], tokens[j]) for i in range(n) for j in range(max(0, i - window), min(n, i + window + 1)) if j != i]


def cbow_examples(tokens, window):
    n = len(tokens)
    out = []
    for i in range(n):
        ctx = [tokens[j] for j in range(max(0, i - window), min(n, i + window + 1)) if j != i]
        if ctx:
            out.append((ctx, tokens[i]))
    return out
