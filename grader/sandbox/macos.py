"""macOS: the spawned child runs under sandbox-exec with a profile that keeps it in its folder.

The profile denies the network, writes anywhere but the child's own folder (and /dev/null), and
reads of the project's solutions/ and the grader's state (.dojo/: progress, gradebooks). It has not
been run on macOS by this project's tests (they run on Linux): the report says so, and a machine
without /usr/bin/sandbox-exec gets process limits only.
"""
from __future__ import annotations

import os
import sys

SANDBOX_EXEC = "/usr/bin/sandbox-exec"


def available() -> bool:
    return sys.platform == "darwin" and os.access(SANDBOX_EXEC, os.X_OK)


def _quote(path: str) -> str:
    return '"' + path.replace("\\", "\\\\").replace('"', '\\"') + '"'


def profile(workdir: str, project: str) -> str:
    """A Seatbelt profile (SBPL) for one job."""
    work, proj = _quote(os.path.realpath(workdir)), os.path.realpath(project)
    return "\n".join([
        "(version 1)",
        "(allow default)",
        "(deny network*)",
        "(deny file-write*)",
        f"(allow file-write* (subpath {work}) (literal \"/dev/null\"))",
        f"(deny file-read* (subpath {_quote(os.path.join(proj, 'solutions'))}))",
        f"(deny file-read* (subpath {_quote(os.path.join(proj, '.dojo'))}))",
        "(deny process-info* (target others))",
        "(deny mach-priv-task-port)",
    ])


def wrap(command: list[str], workdir: str, project: str) -> list[str]:
    """`command` under sandbox-exec where macOS has it, else unchanged."""
    if not available():
        return command
    return [SANDBOX_EXEC, "-p", profile(workdir, project), *command]
