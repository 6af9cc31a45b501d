"""Hidden cases for bm25: random corpora under both idf conventions, k1/b edge values, repeats,
unknown tokens, empty documents, and bad arguments."""
import numpy as np

from grader.protocol import Call, Case, Failure


def random_corpus(rng, N, vocab, max_len):
    words = [f"t{i}" for i in range(vocab)]
    p = 1.0 / np.arange(1, vocab + 1)  # Zipf-like: a few tokens are in most documents
    p /= p.sum()
    return [[str(w) for w in rng.choice(words, size=int(rng.integers(1, max_len + 1)), p=p)] for _ in range(N)]


def float64_scores(ctx):
    for out in ctx.outputs:
        if type(out) is not np.ndarray or out.dtype != np.float64:
            raise Failure(f"bm25_scores should return a float64 np.ndarray, got {getattr(out, 'dtype', type(out).__name__)}")
        if np.isnan(out).any():
            raise Failure("a score is nan: a document without the token (an empty one too) scores 0 for it")


def b_zero_ignores_length(ctx):
    float64_scores(ctx)
    short, padded = ctx.outputs
    ctx.assert_close(np.asarray(padded)[:2], np.asarray(short)[:2], "with b=0, padding another document changed these scores")


def cases():
    rng = np.random.default_rng(51)
    for N, vocab, max_len, idf in [(5, 8, 6, "lucene"), (12, 20, 15, "okapi"), (30, 40, 25, "lucene"), (30, 40, 25, "okapi")]:
        docs = random_corpus(rng, N, vocab, max_len)
        query = [f"t{i}" for i in rng.integers(0, vocab, size=4)]
        yield Case(f"random_N{N}_{idf}", Call("bm25_scores", query, docs, idf=idf), check=float64_scores)
    docs = random_corpus(rng, 8, 6, 10)
    yield Case("common_tokens_negative_okapi_idf", Call("bm25_scores", ["t0", "t1", "t5"], docs, idf="okapi"), check=float64_scores)
    yield Case("repeated_query_token_counts_twice", Call("bm25_scores", ["t1", "t1", "t2"], docs), check=float64_scores)
    yield Case("unknown_query_token_scores_zero", Call("bm25_scores", ["zzz", "t3"], docs, idf="okapi"), check=float64_scores)
    yield Case("custom_k1_b", Call("bm25_scores", ["t0", "t2"], docs, k1=0.9, b=0.4), check=float64_scores)
    yield Case("small_k1_nearly_binary", Call("bm25_scores", ["t0", "t2"], docs, k1=0.05, b=0.75), check=float64_scores)
    base = [["x", "y", "x"], ["y", "z"]]
    yield Case("b_zero_ignores_length",
               Call("bm25_scores", ["x", "z"], base + [["w"]], b=0.0),
               Call("bm25_scores", ["x", "z"], base + [["w"] * 50], b=0.0), check=b_zero_ignores_length)
    yield Case("empty_document_and_empty_query", Call("bm25_scores", ["a"], [["a", "b"], [], ["b"]]), Call("bm25_scores", [], [["a"], ["b"]]),
               check=float64_scores)
    with_empty = [["a", "b", "a"], [], ["b", "c"], [], ["a", "c", "c", "d"]]
    for b in (0.0, 0.5, 1.0):
        for idf in ("lucene", "okapi"):
            yield Case(f"empty_documents_b{b:g}_{idf}", Call("bm25_scores", ["a", "c", "b"], with_empty, b=b, idf=idf), check=float64_scores)
    yield Case("b_one_full_length_normalisation", Call("bm25_scores", ["t0", "t3"], docs, b=1.0), check=float64_scores)
    # "h" is in exactly half of the 4 documents: r = ln(2.5) - ln(2.5) = 0 is not negative, so its okapi idf stays 0
    half = [["h", "x"], ["h", "y", "y"], ["x", "z"], ["y"]]
    yield Case("token_in_exactly_half_okapi", Call("bm25_scores", ["h", "x", "z"], half, idf="okapi"), check=float64_scores)
    yield Case("token_in_exactly_half_lucene", Call("bm25_scores", ["h"], half), check=float64_scores)
    yield Case("tokens_are_case_sensitive", Call("bm25_scores", ["BM25", "the"], [["bm25", "the", "The"], ["BM25", "rank"], ["the"]]),
               check=float64_scores)
    yield Case("single_document_okapi", Call("bm25_scores", ["a"], [["a", "b", "a"]], idf="okapi"), check=float64_scores)
    yield Case("unknown_idf_raises", Call("bm25_scores", ["a"], [["a"]], idf="tfidf"))
    yield Case("capitalised_idf_raises", Call("bm25_scores", ["a"], [["a"], ["b"]], idf="Okapi"))
    yield Case("unknown_idf_with_empty_query_raises", Call("bm25_scores", [], [["a"], ["b"]], idf="bm25"))
    yield Case("no_documents_raises", Call("bm25_scores", ["a"], []))
    yield Case("all_documents_empty_raises", Call("bm25_scores", ["a"], [[], [], []]))
    yield Case("single_empty_document_raises", Call("bm25_scores", [], [[]], idf="okapi"))
