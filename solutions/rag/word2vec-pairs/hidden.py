"""Hidden cases for word2vec-pairs: random texts and windows, text ends, repeats, bad windows."""
import numpy as np

from grader.protocol import Call, Case, Failure


def skipgram_count_and_symmetry(ctx):
    (pairs,) = ctx.outputs
    tokens, window = ctx.calls[0].args
    n = len(tokens)
    expected = sum(min(n - 1, i + window) - max(0, i - window) for i in range(n))
    if len(pairs) != expected:
        raise Failure(f"got {len(pairs)} pairs; a text of {n} tokens with window {window} has {expected}")
    swapped = sorted((str(b), str(a)) for a, b in pairs)
    if swapped != sorted((str(a), str(b)) for a, b in pairs):
        raise Failure("the pairs are not symmetric: each (a, b) within the window needs its (b, a)")


def cases():
    rng = np.random.default_rng(46)
    for n, window in [(9, 1), (12, 2), (7, 3), (15, 4)]:
        tokens = [int(t) for t in rng.integers(0, 6, size=n)]
        yield Case(f"skipgram_random_n{n}_w{window}", Call("skipgram_pairs", tokens, window), check=skipgram_count_and_symmetry)
        yield Case(f"cbow_random_n{n}_w{window}", Call("cbow_examples", tokens, window))
    words = "a rose is a rose is a rose".split()
    yield Case("skipgram_words_window_2", Call("skipgram_pairs", words, 2))
    yield Case("window_longer_than_text", Call("skipgram_pairs", ["x", "y", "z"], 10), Call("cbow_examples", ["x", "y", "z"], 10))
    yield Case("single_token", Call("skipgram_pairs", ["solo"], 2), Call("cbow_examples", ["solo"], 2))
    yield Case("empty_text", Call("skipgram_pairs", [], 1), Call("cbow_examples", [], 1))
    yield Case("window_zero_raises_skipgram", Call("skipgram_pairs", ["a", "b"], 0))
    yield Case("window_zero_raises_cbow", Call("cbow_examples", ["a", "b"], 0))
