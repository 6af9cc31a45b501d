"""Chunking with overlap. See README.md for the statement."""


def chunk(text: str, size: int, overlap: int = 0) -> list:
    """Cut `text` into character chunks of length `size` sharing `overlap` characters.

    Returns [(start, end, text[start:end]), ...] covering the whole text, in order.
    Raises ValueError unless size >= 1 and 0 <= overlap < size.
    """
    # TODO: validate, then step by size - overlap until a chunk reaches len(text).
    raise NotImplementedError("chunk is not implemented yet")
