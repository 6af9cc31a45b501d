"""Has a syntax error."""
def softmax(x, axis=-1)
    return x
