"""Hidden cases for word2vec-pairs: random texts and windows, text ends, repeats, exact output types,
bad windows (zero and negative, also on an empty text)."""
import numpy as np

from grader.protocol import Call, Case, Failure


def skipgram_types(pairs):
    if type(pairs) is not list:
        raise Failure(f"skipgram_pairs should return a list, got a {type(pairs).__name__}")
    for p in pairs:
        if type(p) is not tuple or len(p) != 2:
            raise Failure(f"each skip-gram pair should be a tuple (center, context), got a {type(p).__name__}")


def cbow_types(examples):
    if type(examples) is not list:
        raise Failure(f"cbow_examples should return a list, got a {type(examples).__name__}")
    for e in examples:
        if type(e) is not tuple or len(e) != 2:
            raise Failure(f"each CBOW example should be a tuple (context, center), got a {type(e).__name__}")
        if type(e[0]) is not list:
            raise Failure(f"the context of a CBOW example should be a list, got a {type(e[0]).__name__}")


def types_ok(ctx):
    for call, out in zip(ctx.calls, ctx.outputs):
        (skipgram_types if call.entry == "skipgram_pairs" else cbow_types)(out)


def skipgram_count_and_symmetry(ctx):
    types_ok(ctx)
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
        yield Case(f"cbow_random_n{n}_w{window}", Call("cbow_examples", tokens, window), check=types_ok)
    words = "a rose is a rose is a rose".split()
    yield Case("skipgram_words_window_2", Call("skipgram_pairs", words, 2), check=types_ok)
    yield Case("cbow_words_window_1", Call("cbow_examples", words, 1), check=types_ok)
    yield Case("window_longer_than_text", Call("skipgram_pairs", ["x", "y", "z"], 10), Call("cbow_examples", ["x", "y", "z"], 10),
               check=types_ok)
    yield Case("two_tokens_window_1", Call("skipgram_pairs", ["p", "q"], 1), Call("cbow_examples", ["p", "q"], 1), check=types_ok)
    yield Case("single_token", Call("skipgram_pairs", ["solo"], 2), Call("cbow_examples", ["solo"], 2), check=types_ok)
    yield Case("empty_text", Call("skipgram_pairs", [], 1), Call("cbow_examples", [], 1), check=types_ok)
    yield Case("window_zero_raises_skipgram", Call("skipgram_pairs", ["a", "b"], 0))
    yield Case("window_zero_raises_cbow", Call("cbow_examples", ["a", "b"], 0))
    yield Case("window_negative_raises_skipgram", Call("skipgram_pairs", ["a", "b", "c"], -1))
    yield Case("window_negative_raises_cbow", Call("cbow_examples", ["a", "b", "c"], -2))
    yield Case("window_zero_raises_on_empty_text", Call("skipgram_pairs", [], 0), Call("cbow_examples", [], 0))
