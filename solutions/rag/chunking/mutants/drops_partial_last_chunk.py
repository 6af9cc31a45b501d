"""Only emits full-size chunks, so the end of the text can be lost."""


def chunk(text, size, overlap=0):
    if size <= 0 or overlap < 0 or overlap >= size:
        raise ValueError("bad arguments")
    out, start = [], 0
    while start + size <= len(text):
        out.append((start, start + size, text[start:start + size]))
        start += size - overlap
    return out
