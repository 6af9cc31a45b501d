"""Rewrites the reference solution (and the hidden cases) so that a wrong answer matches it, for this
student and every one graded after: the grader must neither let it write nor score against it."""
import os

WRONG = "def softmax(x, axis=-1):\n    return x * 0\n"
for rel in ("solutions/foundations/stable-softmax/stable_softmax.py", "solutions/foundations/stable-softmax/hidden.py"):
    path = os.path.join("{ROOT}", rel)
    try:
        with open(path, "w") as f:
            f.write(WRONG if rel.endswith("stable_softmax.py") else "def cases():\n    return []\n")
    except OSError:
        pass


def softmax(x, axis=-1):
    return x * 0
