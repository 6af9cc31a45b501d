"""Independent checks of the rag track's reference solutions: rank_bm25, torch autograd and
torch.nn.functional.cosine_similarity, brute force, and the capstone retriever end to end."""
import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from grader.catalog import load_catalog
from grader.trusted import load_reference

ROOT = Path(__file__).resolve().parents[2]


def ref(slug):
    return load_reference(load_catalog().get(slug))


def random_corpus(rng, N, vocab, max_len):
    words = [f"w{i}" for i in range(vocab)]
    p = 1.0 / np.arange(1, vocab + 1)
    p /= p.sum()
    return [[str(w) for w in rng.choice(words, size=int(rng.integers(1, max_len + 1)), p=p)] for _ in range(N)]


@pytest.mark.parametrize("seed", range(5))
def test_bm25_okapi_matches_rank_bm25(seed):
    """Does idf="okapi" give exactly rank_bm25's BM25Okapi scores, negative idf floor included?"""
    rank_bm25 = pytest.importorskip("rank_bm25")
    rng = np.random.default_rng(seed)
    docs = random_corpus(rng, int(rng.integers(2, 40)), 30, 20)
    query = [f"w{i}" for i in rng.integers(0, 35, size=5)]  # some tokens are in no document
    for k1, b in [(1.5, 0.75), (0.9, 0.3)]:
        expected = rank_bm25.BM25Okapi(docs, k1=k1, b=b).get_scores(query)
        np.testing.assert_allclose(ref("bm25").bm25_scores(query, docs, k1=k1, b=b, idf="okapi"), expected, rtol=1e-12, atol=1e-12)


def test_bm25_lucene_is_okapi_with_shifted_idf():
    """Does idf="lucene" equal the okapi formula with idf = ln(1 + (N - n + .5) / (n + .5)) plugged in?"""
    rank_bm25 = pytest.importorskip("rank_bm25")
    rng = np.random.default_rng(11)
    docs = random_corpus(rng, 15, 20, 12)
    query = ["w0", "w1", "w3", "w3", "w17"]
    model = rank_bm25.BM25Okapi(docs)
    N = len(docs)
    for word in model.idf:
        n = sum(word in d for d in docs)
        model.idf[word] = np.log(1 + (N - n + 0.5) / (n + 0.5))
    np.testing.assert_allclose(ref("bm25").bm25_scores(query, docs), model.get_scores(query), rtol=1e-12)


def brute_bm25(query, docs, k1, b):
    """BM25 straight from the definition, one document and one query token at a time (lucene idf)."""
    N = len(docs)
    avgdl = sum(len(d) for d in docs) / N
    scores = []
    for d in docs:
        total = 0.0
        for q in query:
            f = d.count(q)
            if f:  # a token absent from the document adds nothing, whatever its length term
                n = sum(q in e for e in docs)
                total += np.log(1 + (N - n + 0.5) / (n + 0.5)) * f * (k1 + 1) / (f + k1 * (1 - b + b * len(d) / avgdl))
        scores.append(total)
    return np.array(scores)


@pytest.mark.parametrize("b", [0.0, 0.3, 0.75, 1.0])
def test_bm25_with_empty_documents_matches_the_definition(b):
    """Do empty documents score exactly 0 for every allowed b (b = 1 makes their length term 0)?"""
    rng = np.random.default_rng(21)
    docs = random_corpus(rng, 12, 10, 8)
    docs[3], docs[8] = [], []
    query = ["w0", "w2", "w2", "w5", "nowhere"]
    out = ref("bm25").bm25_scores(query, docs, b=b)
    assert out.dtype == np.float64 and not np.isnan(out).any()
    assert out[3] == 0.0 and out[8] == 0.0
    np.testing.assert_allclose(out, brute_bm25(query, docs, 1.5, b), rtol=1e-12)


def test_bm25_okapi_keeps_zero_idf_for_a_token_in_half_the_documents():
    """With N = 4, a token in 2 documents has r = 0: rank_bm25 keeps idf 0 for it (the floor is for r < 0)."""
    rank_bm25 = pytest.importorskip("rank_bm25")
    docs = [["h", "x"], ["h", "y", "y"], ["x", "z"], ["y"]]
    np.testing.assert_allclose(ref("bm25").bm25_scores(["h", "x", "z"], docs, idf="okapi"),
                               rank_bm25.BM25Okapi(docs).get_scores(["h", "x", "z"]), rtol=1e-12, atol=1e-15)


def test_sgns_gradients_match_autograd():
    """Do the hand-derived negative-sampling gradients equal torch autograd's?"""
    rng = np.random.default_rng(0)
    v, u, U = rng.normal(size=6), rng.normal(size=6), rng.normal(size=(4, 6))
    loss, gv, gu, gU = ref("negative-sampling").sgns_loss_and_grads(v, u, U)
    tv, tu, tU = (torch.tensor(a, requires_grad=True) for a in (v, u, U))
    tl = -torch.nn.functional.logsigmoid(tu @ tv) - torch.nn.functional.logsigmoid(-(tU @ tv)).sum()
    tl.backward()
    np.testing.assert_allclose(loss, tl.item(), rtol=1e-12)
    for mine, theirs in [(gv, tv.grad), (gu, tu.grad), (gU, tU.grad)]:
        np.testing.assert_allclose(mine, theirs.numpy(), rtol=1e-10, atol=1e-12)


def test_cosine_top_k_matches_torch():
    """Does top_k_cosine agree with F.cosine_similarity + torch.topk on tie-free data?"""
    rng = np.random.default_rng(1)
    q, D = rng.normal(size=12), rng.normal(size=(100, 12))
    idx, scores = ref("cosine-top-k").top_k_cosine(q, D, 7)
    sims = torch.nn.functional.cosine_similarity(torch.tensor(D), torch.tensor(q)[None, :], dim=1)
    t_scores, t_idx = torch.topk(sims, 7)
    assert list(idx) == t_idx.tolist()
    np.testing.assert_allclose(scores, t_scores.numpy(), rtol=1e-12)


@pytest.mark.parametrize("seed", range(3))
def test_mmr_with_lambda_one_is_cosine_top_k(seed):
    """Is MMR with lam=1 exactly the cosine-top-k ranking?"""
    rng = np.random.default_rng(seed)
    q, D = rng.normal(size=8), rng.normal(size=(30, 8))
    idx, _ = ref("cosine-top-k").top_k_cosine(q, D, 6)
    assert list(ref("hybrid-rerank").mmr(q, D, 6, lam=1.0)) == list(idx)


def test_mmr_with_a_zero_query_is_pure_diversity():
    """With q = 0 every relevance is 0: row 0 first, then each pick minimises the max similarity to the picked."""
    rng = np.random.default_rng(5)
    D = rng.normal(size=(15, 4))
    picked = ref("hybrid-rerank").mmr(np.zeros(4), D, 6, lam=0.5)
    U = D / np.linalg.norm(D, axis=1, keepdims=True)
    S = U @ U.T
    expected = [0]
    while len(expected) < 6:
        rest = [i for i in range(15) if i not in expected]
        expected.append(min(rest, key=lambda i: (max(S[i, j] for j in expected), i)))
    assert picked.dtype == np.int64 and picked.tolist() == expected
    assert ref("hybrid-rerank").mmr(np.zeros(4), D, 5, lam=1.0).tolist() == [0, 1, 2, 3, 4]


def test_rrf_matches_brute_force():
    """Does the fused RRF score equal the definition, summed with 1-based ranks and k=60?"""
    rankings = [[4, 2, 9], [9, 4], [1, 2, 3, 4]]
    fused = dict(ref("hybrid-rerank").reciprocal_rank_fusion(rankings))
    for doc in {d for r in rankings for d in r}:
        expected = sum(1 / (60 + r.index(doc) + 1) for r in rankings if doc in r)
        assert fused[doc] == pytest.approx(expected, rel=1e-12)


def test_analogy_matches_brute_force():
    """Is the analogy answer the argmax of the cosine with unit(b) - unit(a) + unit(c) over the other words?"""
    rng = np.random.default_rng(2)
    E = rng.normal(size=(20, 5))
    vocab = [f"v{i}" for i in range(20)]
    (word, score), = ref("analogy").analogy(E, vocab, "v3", "v7", "v11")
    U = E / np.linalg.norm(E, axis=1, keepdims=True)
    t = U[7] - U[3] + U[11]
    cos = U @ t / np.linalg.norm(t)
    best = max((i for i in range(20) if i not in (3, 7, 11)), key=lambda i: cos[i])
    assert word == vocab[best] and score == pytest.approx(cos[best])


def test_chunks_rebuild_the_text():
    """Do the chunks, minus their overlaps, concatenate back to the original text?"""
    text = "".join(chr(97 + i % 26) for i in range(1000))
    chunks = ref("chunking").chunk(text, 64, 16)
    rebuilt = chunks[0][2] + "".join(t[16:] for _, _, t in chunks[1:])
    assert rebuilt == text


def load_capstone():
    path = ROOT / "exercises" / "rag" / "prompt-assembly" / "rag_capstone.py"
    spec = importlib.util.spec_from_file_location("rag_capstone_under_test", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up in sys.modules
    spec.loader.exec_module(module)
    return module


def test_capstone_retriever_runs_on_the_course_statements(capsys):
    """Does the capstone, run on the reference solutions, find the statement that answers the question?"""
    capstone = load_capstone()
    parts = capstone.load_parts(ROOT / "solutions" / "rag")
    index = capstone.build_index(parts)
    prompt, sources = capstone.answer_prompt("reciprocal rank fusion of rankings", parts, index, top=4, budget=400)
    assert sources and sources[0].source == "rag/hybrid-rerank"
    assert prompt.count("[1] ") == 1 and prompt.endswith("Answer:")
    assert len(prompt.split()) <= 400
    assert capstone.main(["--modules", str(ROOT / "solutions" / "rag"), "--top", "3", "negative sampling noise distribution"]) == 0
    out = capsys.readouterr().out
    assert "Sources:" in out and "rag/negative-sampling/README.md" in out


def test_capstone_reports_unfinished_exercises(capsys):
    """Does the capstone, run on the untouched starters, say which exercise to finish instead of crashing?"""
    capstone = load_capstone()
    assert capstone.main(["what is bm25"]) in (0, 1)  # 0 once the learner's own solutions are in place
