"""Entry point of a spawned learner child, where fork is not available (Windows) or not wanted.

    python -m grader.sandbox.spawned RESULT_FILE  < job message

It applies what limits the platform offers, writes the job's files into its own empty working
directory, and streams result frames into RESULT_FILE exactly as a forked child does.
"""
from __future__ import annotations

import json
import os
import sys

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"


def _apply_limits(limits: dict) -> None:
    try:
        import resource
    except ImportError:  # Windows: only the grader's wall-clock limit applies
        return
    from grader.sandbox.isolation import Limits, apply_limits

    apply_limits(Limits(**limits))


def main() -> None:
    result_path = sys.argv[1]
    header_len = int(sys.argv[2])
    data = sys.stdin.buffer.read()
    header = json.loads(data[:header_len].decode())
    from grader import wire
    from grader.sandbox import child

    job = wire.decode(data[header_len:], allow_build=True)
    if job.get("framework") == "torch" or job.get("kind") == "pytest":
        try:
            import torch

            torch.set_num_threads(1)
        except ImportError:
            pass
    for name, text in job.pop("files").items():
        with open(os.path.basename(name), "wb") as f:
            f.write(text.encode("latin-1"))
    _apply_limits(header["limits"])
    fd = os.open(result_path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_BINARY", 0))
    if job.get("kind") == "pytest":
        child.run_pytest(job, fd)
    else:
        child.run(job, fd)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
