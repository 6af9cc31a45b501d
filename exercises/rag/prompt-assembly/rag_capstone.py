"""Capstone of the rag track: a working retriever over this course's own exercise statements.

It chains YOUR solutions of the track (run it once they pass their tests):
    chunking.chunk                          cut every exercises/*/*/README.md into overlapping chunks
    bm25.bm25_scores                        lexical ranking of the chunks for the question
    cosine_top_k.top_k_cosine               dense ranking with a tiny hashed bag-of-words embedding
    hybrid_rerank.reciprocal_rank_fusion    fuse the two rankings
    hybrid_rerank.mmr                       re-rank the fused candidates for diversity
    prompt_assembly.assemble_prompt         build the cited prompt within a token budget

Usage (from the project root):
    python exercises/rag/prompt-assembly/rag_capstone.py "how does reciprocal rank fusion work"
    python exercises/rag/prompt-assembly/rag_capstone.py --top 3 --budget 300 "negative sampling noise"

The printed prompt is what you would send to a language model; the source list says where each
[n] came from. Nothing is downloaded: the embedding is `embed()` below, not a trained model.
"""
from __future__ import annotations

import argparse
import importlib.util
import re
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import numpy as np

HERE = Path(__file__).resolve().parent
RAG_DIR = HERE.parent  # exercises/rag: the folders holding your solutions
CORPUS_ROOT = HERE.parents[1]  # exercises/: its */*/README.md statements are the corpus
PARTS = {  # attribute name -> (exercise folder, module file)
    "chunking": ("chunking", "chunking.py"),
    "bm25": ("bm25", "bm25.py"),
    "cosine_top_k": ("cosine-top-k", "cosine_top_k.py"),
    "hybrid_rerank": ("hybrid-rerank", "hybrid_rerank.py"),
    "prompt_assembly": ("prompt-assembly", "prompt_assembly.py"),
}
EMBED_DIM = 512
STOPWORDS = frozenset("""a an and are as at be by does for from how in is it its of on or the this to
was what when which with you your""".split())


def tokenize(text: str) -> list:
    """Lower-case words and numbers: "BM25's k1=1.5" -> ["bm25", "s", "k1", "1", "5"]."""
    return re.findall(r"[a-z0-9]+", text.lower())


def embed(text: str, dim: int = EMBED_DIM) -> np.ndarray:
    """Hashed bag of words: each token t that is not a stopword adds 1 to coordinate crc32(t) mod dim.

    Deterministic and download-free: a stand-in for a trained embedding model.
    """
    v = np.zeros(dim)
    for tok in tokenize(text):
        if tok in STOPWORDS:
            continue
        v[zlib.crc32(tok.encode("utf-8")) % dim] += 1.0
    return v


@dataclass
class Parts:
    chunking: ModuleType
    bm25: ModuleType
    cosine_top_k: ModuleType
    hybrid_rerank: ModuleType
    prompt_assembly: ModuleType


def load_parts(rag_dir: Path = RAG_DIR) -> Parts:
    """Import the five modules from rag_dir/<exercise>/<module>.py (your solutions by default)."""
    modules = {}
    for attr, (folder, filename) in PARTS.items():
        path = Path(rag_dir) / folder / filename
        spec = importlib.util.spec_from_file_location(f"rag_capstone_{attr}", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        modules[attr] = module
    return Parts(**modules)


@dataclass
class Chunk:
    source: str  # "track/slug" of the statement it comes from
    start: int
    end: int
    text: str


def build_index(parts: Parts, corpus_root: Path = CORPUS_ROOT, size: int = 800, overlap: int = 200):
    """Chunk every statement; precompute the BM25 token lists and the embeddings."""
    chunks = []
    for path in sorted(Path(corpus_root).glob("*/*/README.md")):
        source = f"{path.parent.parent.name}/{path.parent.name}"
        text = path.read_text(encoding="utf-8")
        chunks.extend(Chunk(source, s, e, t) for s, e, t in parts.chunking.chunk(text, size, overlap))
    if not chunks:
        raise SystemExit(f"no README.md statements found under {corpus_root}")
    tokens = [tokenize(c.text) for c in chunks]
    vectors = np.stack([embed(c.text) for c in chunks])  # (N, EMBED_DIM)
    return chunks, tokens, vectors


def retrieve(question: str, parts: Parts, index, top: int = 5, candidates: int = 20, lam: float = 0.7) -> list:
    """Indices of the `top` chunks for the question: BM25 + dense, fused by RRF, diversified by MMR."""
    chunks, tokens, vectors = index
    scores = parts.bm25.bm25_scores(tokenize(question), tokens)  # (N,)
    lexical = [int(i) for i in np.argsort(-scores, kind="stable")[:candidates] if scores[i] > 0]
    q = embed(question)
    dense, _ = parts.cosine_top_k.top_k_cosine(q, vectors, candidates)
    fused = parts.hybrid_rerank.reciprocal_rank_fusion([lexical, [int(i) for i in dense]])
    pool = [doc for doc, _ in fused[:candidates]]  # best fused candidates, in fused order
    picked = parts.hybrid_rerank.mmr(q, vectors[pool], min(top, len(pool)), lam=lam)
    return [pool[int(i)] for i in picked]


def answer_prompt(question: str, parts: Parts, index, top: int = 5, budget: int = 400):
    """The cited prompt and, for each [n], the chunk it quotes."""
    sys.path.insert(0, str(HERE))
    from prompt_assembly_tokens import WhitespaceTokens

    chunks = index[0]
    hits = retrieve(question, parts, index, top=top)
    prompt, used = parts.prompt_assembly.assemble_prompt(question, [chunks[i].text for i in hits], budget, WhitespaceTokens())
    return prompt, [chunks[hits[j]] for j in used]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Ask the course's own statements a question.")
    parser.add_argument("question", nargs="+")
    parser.add_argument("--top", type=int, default=5, help="chunks to retrieve (default 5)")
    parser.add_argument("--budget", type=int, default=400, help="prompt budget in whitespace tokens (default 400)")
    parser.add_argument("--size", type=int, default=800, help="chunk size in characters (default 800)")
    parser.add_argument("--overlap", type=int, default=200, help="chunk overlap in characters (default 200)")
    parser.add_argument("--modules", type=Path, default=RAG_DIR, help="folder holding the rag exercise folders")
    args = parser.parse_args(argv)
    question = " ".join(args.question)
    try:
        parts = load_parts(args.modules)
        index = build_index(parts, size=args.size, overlap=args.overlap)
        prompt, sources = answer_prompt(question, parts, index, top=args.top, budget=args.budget)
    except NotImplementedError as exc:
        print(f"Not yet: {exc}. Finish that exercise of the rag track first.", file=sys.stderr)
        return 1
    print(prompt)
    print("\nSources:")
    for n, c in enumerate(sources, start=1):
        print(f"  [{n}] {c.source}/README.md, characters {c.start}-{c.end}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
