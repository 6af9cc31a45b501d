"""Tries to read or import the reference solution and the hidden tests."""
import glob
import importlib.util
import os
import time

FOUND = []
for root in ["{ROOT}", "/work", "/root", os.path.expanduser("~")]:
    FOUND += glob.glob(os.path.join(root, "solutions/foundations/stable-softmax/stable_softmax.py"))
# A search of the whole file system, as an attacker would, skipping what is not files.
deadline = time.monotonic() + 2.0
for dirpath, dirnames, filenames in os.walk("/"):
    dirnames[:] = [d for d in dirnames if not (dirpath == "/" and d in ("proc", "sys", "dev"))]
    if dirpath.endswith("solutions/foundations/stable-softmax") and "stable_softmax.py" in filenames:
        FOUND.append(os.path.join(dirpath, "stable_softmax.py"))
    if time.monotonic() > deadline:
        break


def softmax(x, axis=-1):
    for path in FOUND:
        spec = importlib.util.spec_from_file_location("ref", path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return mod.softmax(x, axis)
    import solutions  # noqa: F401 - not importable from the sandbox either
    raise RuntimeError("nothing found")
