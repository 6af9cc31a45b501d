"""What runs inside the learner's sandboxed process: import their module, make the calls.

This module is imported by the zygote, so it must never import solutions/ or hidden tests.
Every result is streamed as one framed plain-data message as soon as it is known, so a crash
in call k keeps the results of calls before it.
"""
from __future__ import annotations

import importlib
import os
import struct
import sys
from typing import Any

from grader.calls import call_outcome, describe_exception, encode_outcome


def send(fd: int, message: dict[str, Any]) -> None:
    data = encode_outcome(message)
    frame = struct.pack("<I", len(data)) + data
    view = memoryview(frame)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def run(job: dict[str, Any], result_fd: int) -> None:
    """Import the learner's module from the working directory and stream each call's result."""
    sys.path.insert(0, os.getcwd())
    try:
        module = importlib.import_module(job["module"])
    except BaseException as exc:  # noqa: BLE001 - SystemExit at import time is the learner's too
        send(result_fd, {"t": "import_error", "message": describe_exception(exc)})
        return
    # Said before the first call, so a run that times out without it hung in the import itself.
    send(result_fd, {"t": "imported"})
    for i, call in job["calls"]:
        send(result_fd, call_outcome(module, i, call))


class _Collector:
    """A pytest plugin that records each test's outcome and a short reason."""

    def __init__(self) -> None:
        self.tests: list[dict[str, Any]] = []

    def pytest_runtest_logreport(self, report: Any) -> None:
        if report.when == "call" or (report.when == "setup" and not report.passed):
            message = ""
            if report.failed:
                crash = getattr(report.longrepr, "reprcrash", None)
                message = crash.message if crash is not None else str(report.longrepr)[-400:]
            self.tests.append({"name": report.nodeid.split("::")[-1], "outcome": report.outcome,
                               "message": message[:600]})

    def pytest_collectreport(self, report: Any) -> None:
        if report.failed:
            self.tests.append({"name": f"collecting {report.nodeid}", "outcome": "error",
                               "message": str(report.longrepr)[-800:]})


def run_pytest(job: dict[str, Any], result_fd: int) -> None:
    """Run the visible tests in the working directory; send one summary frame."""
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # third-party plugins only slow the run down
    import pytest

    collector = _Collector()
    args = [job["test_file"], "-q", "-p", "no:cacheprovider", "--tb=short", "-W", "ignore::DeprecationWarning",
            "--rootdir", os.getcwd(), "-c", os.devnull]
    try:
        code = pytest.main(args, plugins=[collector])
    except BaseException as exc:  # noqa: BLE001
        code = -1
        collector.tests.append({"name": "pytest", "outcome": "error", "message": f"{type(exc).__name__}: {exc}"[:400]})
    send(result_fd, {"t": "pytest", "exit": int(code), "tests": collector.tests})
