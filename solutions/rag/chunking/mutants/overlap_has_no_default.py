"""Declares overlap without its default 0, so chunk(text, size) fails with a TypeError."""


def chunk(text, size, overlap):
    if size < 1 or overlap < 0 or overlap >= size:
        raise ValueError("bad arguments")
    out, start = [], 0
    while start < len(text):
        end = min(start + size, len(text))
        out.append((start, end, text[start:end]))
        if end == len(text):
            break
        start += size - overlap
    return out
