"""Keeps stepping until start reaches the end, adding tail chunks inside the previous chunk."""


def chunk(text, size, overlap=0):
    if size <= 0 or overlap < 0 or overlap >= size:
        raise ValueError("bad arguments")
    out, start = [], 0
    while start < len(text):
        end = min(start + size, len(text))
        out.append((start, end, text[start:end]))
        start += size - overlap
    return out
