"""Hidden cases for cosine-top-k: random corpora, exact ties, zero rows and query, k > N, k = 1."""
import numpy as np

from grader.protocol import Call, Case, Failure


def exact_types(out):
    if type(out) is not tuple or len(out) != 2:
        raise Failure(f"top_k_cosine should return a tuple (indices, scores), got a {type(out).__name__}")
    idx, scores = out
    if type(idx) is not np.ndarray or idx.dtype != np.int64:
        raise Failure(f"indices should be an np.ndarray of dtype int64, got {getattr(idx, 'dtype', type(idx).__name__)}")
    if type(scores) is not np.ndarray or scores.dtype != np.float64:
        raise Failure(f"scores should be an np.ndarray of dtype float64, got {getattr(scores, 'dtype', type(scores).__name__)}")


def sorted_and_consistent(ctx):
    exact_types(ctx.outputs[0])
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
    yield Case("k_one_single_row", Call("top_k_cosine", rng.normal(size=2), rng.normal(size=(1, 2)), 1), check=sorted_and_consistent)
    yield Case("scale_does_not_matter", Call("top_k_cosine", 1e3 * rng.normal(size=6), 1e-3 * rng.normal(size=(20, 6)), 4),
               check=sorted_and_consistent)
    yield Case("k_zero_raises", Call("top_k_cosine", rng.normal(size=3), rng.normal(size=(4, 3)), 0))
    yield Case("k_negative_raises", Call("top_k_cosine", rng.normal(size=3), rng.normal(size=(4, 3)), -1))
    # 40 rows drawn from 5 non-parallel integer rows: many exact ties, where an unstable sort breaks them differently
    base = np.array([[1, 2, 0], [0, 1, -1], [2, 0, 1], [-1, 1, 1], [0, 0, 2]], dtype=float)
    D = base[rng.integers(0, 5, size=40)]
    D[[6, 17, 31]] = 0.0
    yield Case("many_ties_forty_rows", Call("top_k_cosine", np.array([1.0, 1.0, 0.0]), D, 25), check=sorted_and_consistent)
    yield Case("zero_query_thirty_rows", Call("top_k_cosine", np.zeros(4), rng.normal(size=(30, 4)), 20), check=sorted_and_consistent)
    yield Case("k_equals_n", Call("top_k_cosine", rng.normal(size=5), rng.normal(size=(9, 5)), 9), check=sorted_and_consistent)
