"""Hidden cases for cosine-top-k: random corpora, exact ties, zero rows and query, k > N, k = 1."""
import numpy as np

from grader.protocol import Call, Case, Failure


def sorted_and_consistent(ctx):
    idx, scores = ctx.outputs[0]
    if len(set(np.asarray(idx).tolist())) != len(idx):
        raise Failure("an index appears twice")
    if np.any(np.diff(np.asarray(scores)) > 1e-12):
        raise Failure("the scores are not sorted from high to low")
    if np.isnan(np.asarray(scores)).any():
        raise Failure("a score is nan: the cosine with a zero vector is 0")


def cases():
    rng = np.random.default_rng(50)
    for N, d, k in [(10, 4, 3), (50, 16, 5), (7, 3, 7), (200, 32, 10)]:
        yield Case(f"random_N{N}_d{d}_k{k}", Call("top_k_cosine", rng.normal(size=d), rng.normal(size=(N, d)), k), check=sorted_and_consistent)
    D = rng.integers(-3, 4, size=(12, 5)).astype(float)
    D[[2, 7, 9]] = D[4]  # exact duplicates of row 4: bitwise-equal cosines
    D[5] = 0.0
    yield Case("exact_ties_lower_index_first", Call("top_k_cosine", D[4].copy(), D, 6), check=sorted_and_consistent)
    D = rng.normal(size=(6, 3))
    D[[1, 3]] = 0.0
    yield Case("zero_rows_score_zero", Call("top_k_cosine", rng.normal(size=3), D, 6), check=sorted_and_consistent)
    yield Case("zero_query_keeps_index_order", Call("top_k_cosine", np.zeros(4), rng.normal(size=(5, 4)), 3), check=sorted_and_consistent)
    yield Case("k_larger_than_n", Call("top_k_cosine", rng.normal(size=4), rng.normal(size=(3, 4)), 8), check=sorted_and_consistent)
    yield Case("k_one_single_row", Call("top_k_cosine", rng.normal(size=2), rng.normal(size=(1, 2)), 1))
    yield Case("scale_does_not_matter", Call("top_k_cosine", 1e3 * rng.normal(size=6), 1e-3 * rng.normal(size=(20, 6)), 4))
    yield Case("k_zero_raises", Call("top_k_cosine", rng.normal(size=3), rng.normal(size=(4, 3)), 0))
