"""Hidden cases for bm25: random corpora under both idf conventions, k1/b edge values, repeats,
unknown tokens, empty documents, and bad arguments."""
import numpy as np

from grader.protocol import Call, Case, Failure


def random_corpus(rng, N, vocab, max_len):
    words = [f"t{i}" for i in range(vocab)]
    p = 1.0 / np.arange(1, vocab + 1)  # Zipf-like: a few tokens are in most documents
    p /= p.sum()
    return [[str(w) for w in rng.choice(words, size=int(rng.integers(1, max_len + 1)), p=p)] for _ in range(N)]


def b_zero_ignores_length(ctx):
    short, padded = ctx.outputs
    ctx.assert_close(np.asarray(padded)[:2], np.asarray(short)[:2], "with b=0, padding another document changed these scores")


def cases():
    rng = np.random.default_rng(51)
    for N, vocab, max_len, idf in [(5, 8, 6, "lucene"), (12, 20, 15, "okapi"), (30, 40, 25, "lucene"), (30, 40, 25, "okapi")]:
        docs = random_corpus(rng, N, vocab, max_len)
        query = [f"t{i}" for i in rng.integers(0, vocab, size=4)]
        yield Case(f"random_N{N}_{idf}", Call("bm25_scores", query, docs, idf=idf))
    docs = random_corpus(rng, 8, 6, 10)
    yield Case("common_tokens_negative_okapi_idf", Call("bm25_scores", ["t0", "t1", "t5"], docs, idf="okapi"))
    yield Case("repeated_query_token_counts_twice", Call("bm25_scores", ["t1", "t1", "t2"], docs))
    yield Case("unknown_query_token_scores_zero", Call("bm25_scores", ["zzz", "t3"], docs, idf="okapi"))
    yield Case("custom_k1_b", Call("bm25_scores", ["t0", "t2"], docs, k1=0.9, b=0.4))
    yield Case("small_k1_nearly_binary", Call("bm25_scores", ["t0", "t2"], docs, k1=0.05, b=0.75))
    base = [["x", "y", "x"], ["y", "z"]]
    yield Case("b_zero_ignores_length",
               Call("bm25_scores", ["x", "z"], base + [["w"]], b=0.0),
               Call("bm25_scores", ["x", "z"], base + [["w"] * 50], b=0.0), check=b_zero_ignores_length)
    yield Case("empty_document_and_empty_query", Call("bm25_scores", ["a"], [["a", "b"], [], ["b"]]), Call("bm25_scores", [], [["a"], ["b"]]))
    yield Case("single_document_okapi", Call("bm25_scores", ["a"], [["a", "b", "a"]], idf="okapi"))
    yield Case("unknown_idf_raises", Call("bm25_scores", ["a"], [["a"]], idf="tfidf"))
    yield Case("no_documents_raises", Call("bm25_scores", ["a"], []))
