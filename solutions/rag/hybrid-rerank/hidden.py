"""Hidden cases for hybrid-rerank: RRF over random and partial rankings with ties, custom k; MMR with
lam = 1 equal to cosine top-k, near-duplicates, negative similarities, zero vectors."""
import numpy as np

from grader.protocol import Call, Case, Failure


def rrf_sorted(ctx):
    (out,) = ctx.outputs
    ids = [d for d, _ in out]
    if len(set(ids)) != len(ids):
        raise Failure("a document id appears twice in the fused list")
    scores = [s for _, s in out]
    if any(b > a + 1e-12 for a, b in zip(scores, scores[1:])):
        raise Failure("the fused list is not sorted by score from high to low")


def lam_one_is_top_k(ctx):
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
    yield Case("rrf_k_zero", Call("reciprocal_rank_fusion", [[1, 2, 3], [3, 2, 1], [2]], k=0))
    yield Case("rrf_empty", Call("reciprocal_rank_fusion", []), Call("reciprocal_rank_fusion", [[], [4]]))
    for N, d, k in [(12, 5, 4), (40, 16, 8)]:
        q, docs = rng.normal(size=d), rng.normal(size=(N, d))
        yield Case(f"mmr_lam_one_is_top_k_N{N}", Call("mmr", q, docs, k, lam=1.0), check=lam_one_is_top_k)
        yield Case(f"mmr_lam_half_N{N}", Call("mmr", q, docs, k, lam=0.5))
    base = rng.normal(size=(4, 6))
    near_dupes = np.concatenate([base, base + 0.01 * rng.normal(size=(4, 6))])
    yield Case("mmr_near_duplicates_lam_0_7", Call("mmr", base[0] + 0.1 * rng.normal(size=6), near_dupes, 5, lam=0.7))
    yield Case("mmr_negative_similarities", Call("mmr", np.array([1.0, 0.0]), np.array([[1.0, 0.0], [-1.0, 0.2], [-1.0, -0.2], [0.1, 1.0]]), 4, lam=0.2))
    docs = rng.normal(size=(6, 3))
    docs[2] = 0.0
    yield Case("mmr_zero_row_and_lam_zero", Call("mmr", rng.normal(size=3), docs, 6, lam=0.0))
    yield Case("mmr_k_larger_than_n", Call("mmr", rng.normal(size=3), rng.normal(size=(3, 3)), 10))
