"""Takes the starts from np.arange, so start and end are NumPy integers instead of Python ints."""
import numpy as np


def chunk(text, size, overlap=0):
    if size < 1 or overlap < 0 or overlap >= size:
        raise ValueError("bad arguments")
    n = len(text)
    out = []
    for start in np.arange(0, max(n, 1), size - overlap):
        if start >= n:
            break
        end = min(start + size, n)
        out.append((start, end, text[start:end]))
        if end == n:
            break
    return out
