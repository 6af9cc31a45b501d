"""Fixed-size character chunking with overlap, the first step of a retrieval pipeline.

Source: "RAG From Scratch" (Towards AI): split documents into overlapping chunks so that a passage
cut at a chunk boundary still appears whole in the neighbouring chunk.
"""


def chunk(text: str, size: int, overlap: int = 0) -> list:
    if size <= 0:
        raise ValueError(f"size must be positive, got {size}")
    if overlap < 0 or overlap >= size:
        raise ValueError(f"overlap must be in [0, size), got {overlap} with size {size}")
    step = size - overlap  # > 0, so the loop always advances
    chunks = []
    start = 0
    while start < len(text):
        end = min(start + size, len(text))  # the last chunk may be shorter
        chunks.append((start, end, text[start:end]))
        if end == len(text):  # stop once the end is covered: no chunk lies inside the previous one
            break
        start += step
    return chunks
