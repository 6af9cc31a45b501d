"""Tries to reach the network: a local server and an outside address."""
import socket

def softmax(x, axis=-1):
    for host, port in (("127.0.0.1", {PORT}), ("1.1.1.1", 53)):
        try:
            s = socket.create_connection((host, port), timeout=1)
            s.sendall(b"leak")
            s.close()
        except OSError:
            pass
    raise RuntimeError("no network")
