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
import time
import traceback
from typing import Any

from grader import wire
from grader.protocol import Build

MAX_MESSAGE = 200  # characters of an exception message sent back


def encode_message(message: dict[str, Any]) -> bytes:
    """A result message as plain data; a value that cannot travel becomes a WireError verdict."""
    try:
        return wire.encode(message, where="result")
    except (wire.WireError, RecursionError) as exc:
        text = str(exc).replace("result['value']", "the return value")
        return wire.encode({"t": "call", "i": message.get("i"), "ok": False, "raised": ["WireError"],
                            "message": text[:400]})


def send(fd: int, message: dict[str, Any]) -> None:
    data = encode_message(message)
    frame = struct.pack("<I", len(data)) + data
    view = memoryview(frame)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _short_traceback(exc: BaseException, module_name: str) -> str:
    """The learner's own frames only: the grader's frames tell them nothing."""
    here = os.getcwd() + os.sep  # the learner's module and the exercise's support files live here
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(here)]
    lines = [f"  line {f.lineno} in {f.name}: {f.line}" for f in frames[-3:]]
    head = f"{type(exc).__name__}: {str(exc)[:MAX_MESSAGE]}"
    return "\n".join([head, *lines])


def _build(value: Any) -> Any:
    if type(value) is Build:
        module = importlib.import_module(value.module)
        return getattr(module, value.attr)(*[_build(a) for a in value.args], **{k: _build(v) for k, v in value.kwargs.items()})
    if type(value) is list:
        return [_build(v) for v in value]
    if type(value) is tuple:
        return tuple(_build(v) for v in value)
    if type(value) is dict:
        return {k: _build(v) for k, v in value.items()}
    return value


def _invoke(module: Any, call: dict[str, Any]) -> Any:
    entry = call["entry"]
    if not hasattr(module, entry):
        raise AttributeError(f"your module does not define {entry!r}")
    target = getattr(module, entry)
    args = [_build(a) for a in call["args"]]
    kwargs = {k: _build(v) for k, v in call["kwargs"].items()}
    if call["init"] is not None:
        obj = target(**_build(call["init"]))
        if call["state_dict"] is not None:
            import torch

            state = {k: (v if isinstance(v, torch.Tensor) else torch.as_tensor(v)) for k, v in call["state_dict"].items()}
            with torch.no_grad():
                obj.load_state_dict(state, strict=True)
        target = getattr(obj, call["method"]) if call["method"] else obj
    elif call["method"]:
        target = getattr(target, call["method"])
    if not call["grad_wrt"]:
        return target(*args, **kwargs)

    import torch

    for i in call["grad_wrt"]:
        args[i] = args[i].detach().clone().requires_grad_(True)
    out = target(*args, **kwargs)
    picked = out[call["grad_output"]] if call["grad_output"] is not None else out
    cot = call["cotangent"]
    loss = (picked * cot).sum() if cot is not None else picked.sum()
    grads = torch.autograd.grad(loss, [args[i] for i in call["grad_wrt"]], allow_unused=True)
    grads = [g if g is not None else torch.zeros_like(args[i]) for g, i in zip(grads, call["grad_wrt"])]
    return (out, tuple(grads))


def run(job: dict[str, Any], result_fd: int) -> None:
    """Import the learner's module from the working directory and stream each call's result."""
    module_name = job["module"]
    sys.path.insert(0, os.getcwd())
    try:
        module = importlib.import_module(module_name)
    except BaseException as exc:  # noqa: BLE001 - SystemExit at import time is the learner's too
        send(result_fd, {"t": "import_error", "message": _short_traceback(exc, module_name)})
        return
    for i, call in job["calls"]:
        start = time.perf_counter()
        try:
            value = _invoke(module, call)
        except BaseException as exc:  # noqa: BLE001 - includes SystemExit and KeyboardInterrupt
            names = [c.__name__ for c in type(exc).__mro__]
            send(result_fd, {"t": "call", "i": i, "ok": False, "raised": names, "seconds": time.perf_counter() - start,
                             "message": _short_traceback(exc, module_name)})
            continue
        seconds = time.perf_counter() - start
        try:
            send(result_fd, {"t": "call", "i": i, "ok": True, "value": value, "seconds": seconds})
        except BaseException as exc:  # noqa: BLE001
            send(result_fd, {"t": "call", "i": i, "ok": False, "raised": ["WireError"], "seconds": seconds,
                             "message": f"could not send the result back: {str(exc)[:MAX_MESSAGE]}"})


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
