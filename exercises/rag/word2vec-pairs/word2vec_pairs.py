"""Skip-gram pairs and CBOW examples for word2vec. See README.md for the statement."""


def skipgram_pairs(tokens: list, window: int) -> list:
    """All (center, context) pairs with |i - j| <= window, j != i.

    tokens: list of n tokens. window: int >= 1 (else ValueError).
    Returns a list of tuples, centers in text order, contexts left to right.
    """
    # TODO: loop over centers i, then over j in [max(0, i-window), min(n-1, i+window)], skipping j == i.
    raise NotImplementedError("skipgram_pairs is not implemented yet")


def cbow_examples(tokens: list, window: int) -> list:
    """One (context_list, center) tuple per position with a non-empty context.

    tokens: list of n tokens. window: int >= 1 (else ValueError).
    Returns a list of tuples; each context is a list in increasing position order.
    """
    # TODO: same window as skipgram_pairs, but gather the neighbours of i into one list.
    raise NotImplementedError("cbow_examples is not implemented yet")
