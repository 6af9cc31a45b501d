"""Loops forever in Python."""
def softmax(x, axis=-1):
    while True:
        pass
