"""Raises KeyboardInterrupt and a custom BaseException."""
class Escape(BaseException):
    pass

CALLS = [0]

def softmax(x, axis=-1):
    CALLS[0] += 1
    if CALLS[0] % 2:
        raise KeyboardInterrupt
    raise Escape("out")
