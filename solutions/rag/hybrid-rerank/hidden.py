"""Hidden cases for hybrid-rerank: RRF over random and partial rankings with ties, custom k; MMR with
lam = 1 equal to cosine top-k, near-duplicates, negative similarities, zero vectors."""
import numpy as np

from grader.protocol import Call, Case, Failure


def rrf_types(out):
    if type(out) is not list:
        raise Failure(f"reciprocal_rank_fusion should return a list of (doc_id, score) tuples, got a {type(out).__name__}")
    for item in out:
        if type(item) is not tuple or len(item) != 2:
            raise Failure(f"each fused entry should be a tuple (doc_id, score), got a {type(item).__name__}")
        if type(item[0]) is not int or type(item[1]) is not float:
            raise Failure(f"each fused entry should be (int, float), got ({type(item[0]).__name__}, {type(item[1]).__name__})")


def rrf_sorted(ctx):
    for out in ctx.outputs:
        rrf_types(out)
    out = ctx.outputs[0]
    ids = [d for d, _ in out]
    if len(set(ids)) != len(ids):
        raise Failure("a document id appears twice in the fused list")
    scores = [s for _, s in out]
    if any(b > a + 1e-12 for a, b in zip(scores, scores[1:])):
        raise Failure("the fused list is not sorted by score from high to low")


def mmr_int64(ctx):
    for picked in ctx.outputs:
        if type(picked) is not np.ndarray or picked.dtype != np.int64:
            raise Failure(f"mmr should return an np.ndarray of dtype int64, got {getattr(picked, 'dtype', type(picked).__name__)}")
        if len(set(picked.tolist())) != len(picked):
            raise Failure("mmr selected the same document twice")


def lam_one_is_top_k(ctx):
    mmr_int64(ctx)
    (picked,) = ctx.outputs
    q, docs, k = ctx.calls[0].args[:3]
    U = docs / np.linalg.norm(docs, axis=1, keepdims=True)
    rel = U @ (q / np.linalg.norm(q))
    expected = np.argsort(-rel, kind="stable")[:k]
    if list(np.asarray(picked)) != list(expected):
        raise Failure("with lam=1, MMR must return the cosine top-k in order")


def cases():
    rng = np.random.default_rng(52)
    for n_rankings, pool, length in [(2, 10, 6), (3, 30, 12), (5, 50, 20)]:
        rankings = [[int(x) for x in rng.permutation(pool)[:length]] for _ in range(n_rankings)]
        yield Case(f"rrf_random_{n_rankings}_rankings", Call("reciprocal_rank_fusion", rankings), check=rrf_sorted)
    yield Case("rrf_mirror_ties_to_smaller_id", Call("reciprocal_rank_fusion", [[7, 2, 9, 4], [4, 9, 2, 7]]), check=rrf_sorted)
    yield Case("rrf_custom_k_and_uneven_lengths", Call("reciprocal_rank_fusion", [[5, 1], [1, 3, 5, 8, 2], [8]], k=2), check=rrf_sorted)
    yield Case("rrf_k_zero", Call("reciprocal_rank_fusion", [[1, 2, 3], [3, 2, 1], [2]], k=0), check=rrf_sorted)
    yield Case("rrf_empty", Call("reciprocal_rank_fusion", []), Call("reciprocal_rank_fusion", [[], [4]]), check=rrf_sorted)
    # 30 documents, each the top of its own ranking, given in shuffled id order: 30 equal scores 1/61
    ids = [int(i) for i in rng.permutation(np.arange(100, 130))]
    yield Case("rrf_thirty_way_tie", Call("reciprocal_rank_fusion", [[i] for i in ids]), check=rrf_sorted)
    # two mirrored rankings of 24 documents: 12 pairs of tied scores
    ranking = [int(i) for i in rng.permutation(24)]
    yield Case("rrf_mirrored_24", Call("reciprocal_rank_fusion", [ranking, ranking[::-1]], k=5), check=rrf_sorted)
    for N, d, k in [(12, 5, 4), (40, 16, 8)]:
        q, docs = rng.normal(size=d), rng.normal(size=(N, d))
        yield Case(f"mmr_lam_one_is_top_k_N{N}", Call("mmr", q, docs, k, lam=1.0), check=lam_one_is_top_k)
        yield Case(f"mmr_lam_half_N{N}", Call("mmr", q, docs, k, lam=0.5), check=mmr_int64)
    base = rng.normal(size=(4, 6))
    near_dupes = np.concatenate([base, base + 0.01 * rng.normal(size=(4, 6))])
    yield Case("mmr_near_duplicates_lam_0_7", Call("mmr", base[0] + 0.1 * rng.normal(size=6), near_dupes, 5, lam=0.7), check=mmr_int64)
    yield Case("mmr_negative_similarities", Call("mmr", np.array([1.0, 0.0]), np.array([[1.0, 0.0], [-1.0, 0.2], [-1.0, -0.2], [0.1, 1.0]]), 4, lam=0.2), check=mmr_int64)
    docs = rng.normal(size=(6, 3))
    docs[2] = 0.0
    yield Case("mmr_zero_row_and_lam_zero", Call("mmr", rng.normal(size=3), docs, 6, lam=0.0), check=mmr_int64)
    yield Case("mmr_k_larger_than_n", Call("mmr", rng.normal(size=3), rng.normal(size=(3, 3)), 10), check=mmr_int64)
    q, docs = rng.normal(size=5), rng.normal(size=(15, 5))
    yield Case("mmr_default_lam_is_half", Call("mmr", q, docs, 6), check=mmr_int64)
    yield Case("mmr_k_one", Call("mmr", q, docs, 1, lam=0.3), check=mmr_int64)
    docs = rng.normal(size=(20, 4))
    docs[7] = 0.0
    yield Case("mmr_zero_query_lam_half", Call("mmr", np.zeros(4), docs, 8, lam=0.5), check=mmr_int64)
    yield Case("mmr_zero_query_lam_one", Call("mmr", np.zeros(4), docs, 5, lam=1.0), check=mmr_int64)
    yield Case("mmr_zero_query_default_lam", Call("mmr", np.zeros(4), docs, 20), check=mmr_int64)
