"""Encodes each hidden input (the hex of its bytes) into its exception's class name, the names of
the functions on the traceback, their source lines and the message, and prints it.

The feedback must carry none of it: the class is not one the submission defines, the functions and
lines are not in the submitted file, and the message is capped.
"""
import os

import numpy as np


def softmax(x, axis=-1):
    data = np.ascontiguousarray(x).tobytes().hex()
    print("input", data)
    leak = type("H" + data, (Exception,), {})
    # Code compiled under a file name in the working folder passes for the learner's own frames.
    source = f"def f_{data}():\n    raise leak('{data}')  # {data}\n"
    path = os.path.join(os.getcwd(), "leak_helper.py")
    try:
        with open(path, "w") as fh:
            fh.write(source)
    except OSError:
        pass
    namespace = {"leak": leak}
    exec(compile(source, path, "exec"), namespace)
    namespace[f"f_{data}"]()
