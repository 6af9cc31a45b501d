"""Training examples for word2vec: skip-gram (center, context) pairs and CBOW (context, center) examples.

Source: Mikolov et al. 2013, "Efficient Estimation of Word Representations in Vector Space"
(arXiv 1301.3781), section 3: CBOW predicts the current word from its neighbours, skip-gram predicts
the neighbours from the current word. We use a fixed window (no random shrinking).
"""


def skipgram_pairs(tokens: list, window: int) -> list:
    if window < 1:
        raise ValueError(f"window must be >= 1, got {window}")
    n = len(tokens)
    pairs = []
    for i in range(n):  # centers in text order
        for j in range(max(0, i - window), min(n, i + window + 1)):  # neighbours left to right
            if j != i:  # a word is not its own context
                pairs.append((tokens[i], tokens[j]))
    return pairs


def cbow_examples(tokens: list, window: int) -> list:
    if window < 1:
        raise ValueError(f"window must be >= 1, got {window}")
    n = len(tokens)
    examples = []
    for i in range(n):
        context = [tokens[j] for j in range(max(0, i - window), min(n, i + window + 1)) if j != i]
        if context:  # a lone token has nothing to predict it from
            examples.append((context, tokens[i]))
    return examples
