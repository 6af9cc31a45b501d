"""Returns each chunk as a list [start, end, text] where the statement asks for a tuple."""


def chunk(text, size, overlap=0):
    if size < 1 or overlap < 0 or overlap >= size:
        raise ValueError("bad arguments")
    out, start = [], 0
    while start < len(text):
        end = min(start + size, len(text))
        out.append([start, end, text[start:end]])
        if end == len(text):
            break
        start += size - overlap
    return out
