"""Call a learner's entry point on one hidden call, and describe what happened as plain data.

One module for the three places that run learner-shaped code: the sandboxed child (the learner's
code), the trusted reference runner (the reference, same calling convention) and the nbgrader hidden
cell (the learner's notebook namespace). It imports only the wire format and the protocol, so the
sandbox can use it without ever importing the trusted side.
"""
from __future__ import annotations

import importlib
import os
import time
import traceback
from typing import Any

import numpy as np

from grader import wire
from grader.protocol import Build

# Caps on each piece of an exception summary: the learner's code sees the hidden inputs and
# controls every one of these strings (the trusted side caps them again, see grader.learner_text).
MAX_MESSAGE = 200  # characters of an exception message sent back
MAX_TYPE_NAME = 60
MAX_FUNCTION_NAME = 40
MAX_SOURCE_LINE = 100
MAX_FRAMES = 3


def build(value: Any) -> Any:
    """Turn `Build` placeholders into the objects they describe (support modules are importable here)."""
    if type(value) is Build:
        module = importlib.import_module(value.module)
        return getattr(module, value.attr)(*[build(a) for a in value.args], **{k: build(v) for k, v in value.kwargs.items()})
    if type(value) is list:
        return [build(v) for v in value]
    if type(value) is tuple:
        return tuple(build(v) for v in value)
    if type(value) is dict:
        return {k: build(v) for k, v in value.items()}
    return value


def invoke(module: Any, call: dict[str, Any], passed: dict[str, Any] | None = None) -> Any:
    """Make one call (a `Call.to_wire()` dict) on `module`; exceptions propagate to the caller.

    `passed`, if given, receives the very objects handed to the entry point ("args", "kwargs"), so
    the caller can send them back after the call and the trusted side can see what was modified.
    """
    entry = call["entry"]
    if not hasattr(module, entry):
        raise AttributeError(f"your module does not define {entry!r}")
    target = getattr(module, entry)
    args = [build(a) for a in call["args"]]
    kwargs = {k: build(v) for k, v in call["kwargs"].items()}
    if passed is not None:
        passed["args"], passed["kwargs"] = args, kwargs
    if call["init"] is not None:
        obj = target(**build(call["init"]))
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


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def describe_exception(exc: BaseException, learner_dir: str | None = None) -> str:
    """The exception and the learner's own frames only: the grader's frames tell them nothing.

        TypeName: message
          line 7 in softmax: return e / e.sum()

    Every piece is capped (type name, message, function names, source lines, at most 3 frames).
    """
    # The learner's module and the exercise's support files sit directly in this folder (never below
    # it: the grader's own files may live in a sub-folder of a same-named path, e.g. /work/main/grader).
    here = os.path.realpath(learner_dir or os.getcwd())
    try:
        frames = [f for f in traceback.extract_tb(exc.__traceback__)
                  if os.path.dirname(os.path.realpath(f.filename)) == here]
    except Exception:  # noqa: BLE001 - a traceback of learner objects may not be readable
        frames = []
    lines = [f"  line {f.lineno} in {_cut(str(f.name), MAX_FUNCTION_NAME)}: {_cut(str(f.line or '').strip(), MAX_SOURCE_LINE)}"
             for f in frames[-MAX_FRAMES:]]
    try:
        message = str(exc)
    except Exception:  # noqa: BLE001 - a learner's __str__ may raise
        message = "(the exception's message could not be read)"
    head = f"{_cut(type(exc).__name__, MAX_TYPE_NAME)}: {_cut(message, MAX_MESSAGE)}"
    return "\n".join([head, *lines])


def _exception_text(exc: BaseException) -> str:
    try:
        return _cut(str(exc), MAX_MESSAGE)
    except Exception:  # noqa: BLE001 - a learner's __str__ may raise
        return ""


def call_outcome(module: Any, index: int, call: dict[str, Any], learner_dir: str | None = None) -> dict[str, Any]:
    """Run one call and describe it: {"t": "call", "i", "ok", "value" or "raised" + "message" +
    "error_text", "seconds"}, plus the arguments as they are after the call (see `arguments_after`)."""
    start = time.perf_counter()
    passed: dict[str, Any] = {}
    try:
        value = invoke(module, call, passed)
    except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt are the learner's too
        message = {"t": "call", "i": index, "ok": False, "raised": [c.__name__ for c in type(exc).__mro__],
                   "seconds": time.perf_counter() - start, "message": describe_exception(exc, learner_dir),
                   "error_text": _exception_text(exc)}
    else:
        message = {"t": "call", "i": index, "ok": True, "value": value, "seconds": time.perf_counter() - start}
    message.update(arguments_after(call, passed))
    return message


# ---------------------------------------------------------------- arguments after the call
#
# The trusted side compares every argument, after the call, with what it sent: the contract of most
# exercises is that inputs are left as they were. Only what may have changed is sent back: not
# Build objects (built here, never sent), not init or state_dict, not immutable scalars, and not
# what the call declares it may modify (`Call(..., mutates=...)`).


def has_build(value: Any) -> bool:
    if type(value) is Build:
        return True
    if type(value) in (list, tuple):
        return any(has_build(v) for v in value)
    if type(value) is dict:
        return any(has_build(v) for v in value.values())
    return False


def _can_change(value: Any) -> bool:
    """Whether a call could have modified `value` in place (a tuple of numbers cannot)."""
    if value is None or isinstance(value, (int, float, str, bytes, np.generic)):
        return False
    if type(value) is tuple:
        return any(_can_change(v) for v in value)
    return True


def arguments_after(call: dict[str, Any], passed: dict[str, Any]) -> dict[str, Any]:
    """{"args_after": {position: value}, "kwargs_after": {name: value}}, for each argument that was
    handed to the entry point, may have changed, and is not declared in `mutates`."""
    if "args" not in passed:  # the call failed before any argument was handed over
        return {}
    declared = set(call.get("mutates") or ())
    args_after = {i: now for i, (sent, now) in enumerate(zip(call["args"], passed["args"]))
                  if i not in declared and not has_build(sent) and _can_change(sent)}
    kwargs_after = {k: passed["kwargs"][k] for k, sent in call["kwargs"].items()
                    if k not in declared and k in passed["kwargs"] and not has_build(sent) and _can_change(sent)}
    return {"args_after": args_after, "kwargs_after": kwargs_after}


def _drop_unsendable(message: dict[str, Any]) -> dict[str, Any] | None:
    """`message` with each argument that can no longer be encoded moved to "unsendable_args" /
    "unsendable_kwargs" (the call put something into it that cannot travel: it was modified);
    None if every argument encodes, so the failure lies elsewhere."""
    out = dict(message)
    changed = False
    for key, names in (("args_after", "unsendable_args"), ("kwargs_after", "unsendable_kwargs")):
        after = message.get(key)
        if type(after) is not dict:
            continue
        kept, dropped = {}, []
        for name, value in after.items():
            try:
                wire.encode(value)
            except BaseException:  # noqa: BLE001 - whatever encoding this value raises, it cannot travel
                dropped.append(name)
                continue
            kept[name] = value
        if dropped:
            out[key], out[names], changed = kept, dropped, True
    return out if changed else None


def encode_outcome(message: dict[str, Any]) -> bytes:
    """A call's description as wire bytes; a value that cannot travel becomes a WireError verdict."""
    try:
        try:
            return wire.encode(message, where="result")
        except (wire.WireError, RecursionError):
            smaller = _drop_unsendable(message)
            if smaller is None:
                raise
            return wire.encode(smaller, where="result")
    except (wire.WireError, RecursionError) as exc:
        text = str(exc).replace("result['value']", "the return value")
        return wire.encode({"t": "call", "i": message.get("i"), "ok": False, "raised": ["WireError"],
                            "seconds": message.get("seconds", 0.0), "message": text[:400]})
    except BaseException as exc:  # noqa: BLE001 - encoding a learner value may run learner code
        return wire.encode({"t": "call", "i": message.get("i"), "ok": False, "raised": ["WireError"],
                            "seconds": message.get("seconds", 0.0),
                            "message": f"could not send the result back: {str(exc)[:MAX_MESSAGE]}"})
