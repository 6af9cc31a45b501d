"""Three processes of 700 MiB each: every one stays under a per-process limit of 1 GiB, together they
are twice it. If all three hold their memory at once the sandbox's memory bound is not real, and the
submission answers correctly."""
import os
import time

import numpy as np


def _hog():
    block = np.ones(700 * 1024 * 1024 // 8)  # touched: resident, not just reserved
    time.sleep(0.5)
    return int(block[-1])


HELD = []


def _all_three_held():
    if HELD:
        return HELD[0]
    pids = []
    for _ in range(3):
        pid = os.fork()
        if pid == 0:
            try:
                os._exit(0 if _hog() == 1 else 1)
            except BaseException:
                os._exit(1)
        pids.append(pid)
    HELD.append(all(os.waitpid(p, 0)[1] == 0 for p in pids))
    return HELD[0]


def softmax(x, axis=-1):
    if not _all_three_held():
        raise MemoryError("the sandbox bounded the memory of all its processes together")
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)
