"""Prints tens of megabytes, then returns a wrong answer."""
import sys
import numpy as np

def softmax(x, axis=-1):
    line = "spam " * 200 + "\n"
    for _ in range(20000):
        sys.stdout.write(line)
        sys.stderr.write(line)
    return np.zeros_like(x)
