"""Hidden cases for analogy: planted analogies, unequal norms, zero rows, ties, topn, errors."""
import numpy as np

from grader.protocol import Call, Case, Failure


def no_query_words(ctx):
    (out,) = ctx.outputs
    if type(out) is not list:
        raise Failure(f"analogy should return a list of (word, score) tuples, got a {type(out).__name__}")
    for item in out:
        if type(item) is not tuple or len(item) != 2:
            raise Failure(f"each answer should be a tuple (word, score), got a {type(item).__name__}")
        if type(item[0]) is not str or type(item[1]) is not float:
            raise Failure(f"each answer should be (str, float), got ({type(item[0]).__name__}, {type(item[1]).__name__})")
    _, _, a, b, c = ctx.calls[0].args[:5]
    words = [w for w, _ in out]
    if {a, b, c} & set(words):
        raise Failure(f"the answer contains a question word: {sorted({a, b, c} & set(words))}")
    scores = [s for _, s in out]
    if any(x < y for x, y in zip(scores, scores[1:])):
        raise Failure("the answers are not sorted by score from high to low")


def planted(rng, V, d):
    """Random words plus a planted pair of directions: capital = country + 'capital' offset."""
    E = rng.normal(size=(V, d))
    offset = 3.0 * rng.normal(size=d)
    E[1] = E[0] + offset  # vocab 0 -> 1 is the relation
    E[3] = E[2] + offset  # vocab 2 -> 3 is the same relation
    return E


def cases():
    rng = np.random.default_rng(48)
    for V, d, topn in [(12, 8, 1), (30, 16, 3), (50, 5, 5)]:
        vocab = [f"w{i}" for i in range(V)]
        yield Case(f"planted_V{V}_d{d}_top{topn}", Call("analogy", planted(rng, V, d), vocab, "w0", "w1", "w2", topn=topn), check=no_query_words)
    vocab = [f"w{i}" for i in range(10)]
    E = rng.normal(size=(10, 6)) * rng.uniform(0.1, 20.0, size=(10, 1))  # very different norms
    yield Case("unequal_norms_need_normalising", Call("analogy", E, vocab, "w4", "w7", "w1", topn=4), check=no_query_words)
    E = rng.normal(size=(8, 4))
    E[5] = 0.0
    yield Case("zero_row_scores_zero", Call("analogy", E, vocab[:8], "w0", "w1", "w2", topn=5), check=no_query_words)
    E = np.array([[1, 0, 0], [0, 1, 0], [1, 0, 0], [0, 1, 1], [0, 1, 1], [2, 2, 2]], dtype=float)
    yield Case("exact_ties_go_to_lower_index", Call("analogy", E, list("abcdef"), "a", "b", "c", topn=3), check=no_query_words)
    yield Case("topn_larger_than_vocab", Call("analogy", rng.normal(size=(6, 3)), list("uvwxyz"), "u", "v", "w", topn=10), check=no_query_words)
    yield Case("repeated_question_word", Call("analogy", rng.normal(size=(6, 3)), list("uvwxyz"), "u", "v", "u", topn=4), check=no_query_words)
    yield Case("unknown_word_raises", Call("analogy", rng.normal(size=(4, 3)), list("abcd"), "a", "b", "zebra"))
    yield Case("unknown_first_word_raises", Call("analogy", rng.normal(size=(4, 3)), list("abcd"), "yak", "b", "c"))
    vocab = [f"w{i}" for i in range(12)]
    yield Case("default_topn_is_one", Call("analogy", planted(rng, 12, 6), vocab, "w0", "w1", "w2"), check=no_query_words)
    # 40 words built from 6 non-parallel integer rows: many exact ties, where an unstable sort breaks them differently
    base = np.array([[1, 2, 0, 0], [0, 1, -1, 2], [2, 0, 1, 1], [-1, 1, 1, 0], [0, 0, 2, -1], [1, -1, 0, 1]], dtype=float)
    E = base[rng.integers(0, 6, size=40)]
    E[:3] = np.eye(4)[:3]
    vocab = [f"v{i}" for i in range(40)]
    yield Case("many_ties_forty_words", Call("analogy", E, vocab, "v0", "v1", "v2", topn=30), check=no_query_words)
    # a == b and c is a zero row: the target is the zero vector, every score is 0
    E = rng.normal(size=(20, 5))
    E[3] = 0.0
    vocab = [f"z{i}" for i in range(20)]
    yield Case("zero_target_all_scores_zero", Call("analogy", E, vocab, "z7", "z7", "z3", topn=6), check=no_query_words)
