"""Tries to write grades, progress, results and files all over the disk."""
import json
import os

TARGETS = ["{ROOT}/.dojo/progress.json", "{ROOT}/results.json", "{ROOT}/exercises/tracks.toml",
           "{ROOT}/solutions/foundations/stable-softmax/hidden.py", "/tmp/dojo-pwned-write", "/root/dojo-pwned"]

def softmax(x, axis=-1):
    for t in TARGETS:
        try:
            with open(t, "w") as f:
                json.dump({"stable-softmax": {"best": 10, "solved": True}, "score": 10}, f)
        except OSError:
            pass
    raise RuntimeError("wrote nothing useful")
