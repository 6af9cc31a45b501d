"""Spends its time in C: huge matrix products."""
import numpy as np

def softmax(x, axis=-1):
    a = np.ones((1500, 1500))
    while True:
        a = a @ a / 1500.0
