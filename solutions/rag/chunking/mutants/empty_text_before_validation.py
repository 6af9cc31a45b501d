"""Returns [] for an empty text before validating size and overlap, so bad arguments go unnoticed there."""


def chunk(text, size, overlap=0):
    if not text:
        return []
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
