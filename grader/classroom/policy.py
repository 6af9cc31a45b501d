"""Which isolation may grade a class: every result names it, and a weak one is refused unless allowed.

`dojo grade-batch` and `dojo gradescope run` grade code written by others into files the grader
must keep honest (references, hidden cases, gradebook, results.json). Where the sandbox cannot keep
learner code away from them (limits only, spawned children), they refuse to start unless the
instructor says so: `--allow-weak-isolation`, or for the Gradescope bundle, which Gradescope starts
itself, DOJO_ALLOW_WEAK_ISOLATION=1 or the bundle's `allow_weak_isolation` key.
"""
from __future__ import annotations

import os
from typing import Any

from grader.errors import UsageError

ALLOW_ENV = "DOJO_ALLOW_WEAK_ISOLATION"


class WeakIsolation(UsageError):
    """The sandbox cannot protect the references and the gradebook, and no one allowed it."""


def mode(sandbox: Any) -> str:
    """The isolation mode in force ("namespaces", "userns", "uid", "landlock", "limits", "spawned")."""
    return str(getattr(sandbox, "mode", "") or "limits")


def label(sandbox: Any) -> str:
    """The mode and what it means, for every output: "limits: process limits only (...)"."""
    name = mode(sandbox)
    words = sandbox.describe_isolation()
    return words if words.split(" ", 1)[0].rstrip(":,") == name else f"{name}: {words}"


def weaker(reported: str, in_force: str | None) -> str:
    """The weaker of what a child reported and the sandbox's mode: a result never claims more."""
    from grader.sandbox.isolation import MODES

    if in_force not in MODES or reported not in MODES:
        return reported or (in_force or "")
    return max(reported, in_force, key=MODES.index)


def protects(sandbox: Any) -> bool:
    check = getattr(sandbox, "protects_references", None)
    return bool(check()) if callable(check) else False


def env_allows() -> bool:
    return os.environ.get(ALLOW_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def advice() -> str:
    from grader.sandbox.isolation import how_to_strengthen

    return how_to_strengthen()


def require_protection(sandbox: Any, allowed: bool, how_to_allow: str) -> None:
    """Raise WeakIsolation (saying how to get a stronger isolation) unless the sandbox protects the
    references and the gradebook, or weak isolation was allowed."""
    if allowed or protects(sandbox):
        return
    raise WeakIsolation(
        f"refusing to grade with isolation '{mode(sandbox)}' ({sandbox.describe_isolation()}): learner code "
        f"could read or rewrite the reference solutions, the hidden cases and the gradebook. For a stronger "
        f"isolation, {advice()}. To grade anyway (only code you trust), {how_to_allow}.")
