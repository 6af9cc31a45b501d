"""Raises the exception the reference raises on bad arguments, on every input: it must score 0,
not collect the points of the cases where raising is the right answer."""


def chunk(*args, **kwargs):
    raise ValueError("not implemented")
