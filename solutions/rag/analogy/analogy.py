"""Word analogies by vector arithmetic ("3CosAdd"): man is to king as woman is to ?

Source: Mikolov et al. 2013, "Efficient Estimation of Word Representations in Vector Space"
(arXiv 1301.3781), section 4.1: X = vector("king") - vector("man") + vector("woman"), then the word
closest to X by cosine distance. Vectors are unit-normalised first and the query words are
excluded, as gensim's KeyedVectors.most_similar does.
"""
import numpy as np


def _unit_rows(E):
    norms = np.linalg.norm(E, axis=-1, keepdims=True)  # (V, 1)
    return np.divide(E, norms, out=np.zeros_like(E, dtype=np.float64), where=norms > 0)  # zero rows stay zero


def analogy(E: np.ndarray, vocab: list, a: str, b: str, c: str, topn: int = 1) -> list:
    index = {w: i for i, w in enumerate(vocab)}
    for w in (a, b, c):
        if w not in index:
            raise KeyError(f"{w!r} is not in the vocabulary")
    U = _unit_rows(np.asarray(E, dtype=np.float64))  # (V, d)
    target = U[index[b]] - U[index[a]] + U[index[c]]  # (d,): "king - man + woman"
    t_norm = np.linalg.norm(target)
    scores = U @ target / t_norm if t_norm > 0 else np.zeros(len(vocab))  # (V,) cosines
    banned = {index[a], index[b], index[c]}  # the answer is never one of the question words
    order = np.argsort(-scores, kind="stable")  # descending, ties to the lower index
    picked = [int(i) for i in order if int(i) not in banned][:topn]
    return [(vocab[i], float(scores[i])) for i in picked]
