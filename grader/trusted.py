"""The trusted side of an exercise: its reference solution and hidden cases, loaded in-process.

Only the grader process imports these; the zygote and the learner's children never do.
"""
from __future__ import annotations

import copy
import hashlib
import importlib.util
import inspect
import sys
import threading
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from grader import wire
from grader.calls import call_outcome, encode_outcome, invoke
from grader.catalog import Exercise
from grader.errors import CatalogError
from grader.protocol import Call, Case, Raised, collect_cases  # Raised re-exported: older imports name it here


def load_module(path: Path, name: str, search: list[Path]) -> ModuleType:
    if not path.is_file():
        raise CatalogError(path, "file is missing")
    for folder in search:
        if str(folder) not in sys.path:
            sys.path.insert(0, str(folder))
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        # Run exactly the bytes that were fingerprinted: the file is read once, never again.
        source = path.read_bytes()
        _record(path, source)
        exec(compile(source, str(path), "exec"), module.__dict__)
    except Exception as exc:
        sys.modules.pop(name, None)
        raise CatalogError(path, f"failed to import: {type(exc).__name__}: {exc}") from exc
    return module


class TamperedError(Exception):
    """A reference, hidden case or support file changed after the grader loaded it."""


_fingerprints: dict[Path, str] = {}
_fingerprint_lock = threading.Lock()


def _record(path: Path, data: bytes) -> None:
    with _fingerprint_lock:
        _fingerprints.setdefault(path.resolve(), hashlib.sha256(data).hexdigest())


def protected_files(ex: Exercise) -> list[Path]:
    """What decides a score besides the learner's code: references, hidden cases, support files."""
    files = [p for p in sorted(ex.solution_dir.rglob("*.py")) if "mutants" not in p.relative_to(ex.solution_dir).parts]
    return files + [ex.dir / name for name in getattr(ex, "support_files", ())]


def fingerprint(ex: Exercise) -> None:
    """Hash every protected file of `ex` now (before any learner code runs), if not done yet."""
    for path in protected_files(ex):
        try:
            _record(path, path.read_bytes())
        except OSError:
            continue


def verify_unchanged(ex: Exercise) -> None:
    """Raise TamperedError if a protected file of `ex` differs from what was hashed at load time."""
    with _fingerprint_lock:
        known = dict(_fingerprints)
    for path in protected_files(ex):
        want = known.get(path.resolve())
        if want is None:
            continue
        try:
            now = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            now = "missing"
        if now != want:
            raise TamperedError(f"{path.name} of {ex.slug} changed while grading (refusing to score: "
                                "a submission may have rewritten it; restore it from version control)")


def preload(exercises: "list[Exercise]") -> None:
    """Load and hash the references and hidden cases of `exercises` before any learner code runs."""
    for ex in exercises:
        fingerprint(ex)
        hidden_cases(ex)
        load_reference(ex)


_hidden_cache: dict[Path, list[Case]] = {}
_hidden_lock = threading.Lock()


def hidden_cases(ex: Exercise) -> list[Case]:
    """The hidden cases, generated once per process (they are deterministic by their seeds)."""
    with _hidden_lock:
        return _hidden_cases(ex)


def _hidden_cases(ex: Exercise) -> list[Case]:
    if ex.hidden_path not in _hidden_cache:
        module = load_module(ex.hidden_path, f"dojo_hidden_{ex.module}", [ex.dir, ex.solution_dir])
        if not hasattr(module, "cases"):
            raise CatalogError(ex.hidden_path, "defines no cases() function")
        try:
            _hidden_cache[ex.hidden_path] = collect_cases(module.cases(), str(ex.hidden_path))
        except ValueError as exc:
            raise CatalogError(ex.hidden_path, str(exc)) from None
    return _hidden_cache[ex.hidden_path]


_reference_cache: dict[tuple[Path, int], ModuleType] = {}
_reference_lock = threading.Lock()


def load_reference(ex: Exercise, path: Path | None = None) -> ModuleType:
    """The reference module, imported once per process (again only if its file changed)."""
    path = path or ex.reference_path
    tag = path.stem if path != ex.reference_path else "ref"
    # Keyed by path alone: a file rewritten after loading is never picked up (verify_unchanged refuses it).
    key = (path, 0)
    with _reference_lock:
        if key not in _reference_cache:
            _reference_cache[key] = load_module(path, f"dojo_{tag}_{ex.module}", [ex.dir, ex.solution_dir])
        return _reference_cache[key]


def normalise(value: Any) -> Any:
    """Round-trip through the wire so reference and learner outputs have the same plain types."""
    return wire.decode(wire.encode(value, where="reference output"))


def run_reference(module: ModuleType, case: Case) -> tuple[list[Any], float]:
    """Expected values for one case, and the seconds the reference took."""
    out: list[Any] = []
    start = time.perf_counter()
    for call in case.calls:
        wire_call = copy.deepcopy(wire.decode(wire.encode(call.to_wire(), allow_build=True), allow_build=True))
        try:
            out.append(normalise(invoke(module, wire_call)))
        except Exception as exc:  # noqa: BLE001 - the reference raising is part of the spec
            out.append(Raised(type(exc).__name__, str(exc)))
    return out, time.perf_counter() - start


def parameter_names(ex: Exercise, call: Call) -> list[str] | None:
    """The positional parameter names of the reference's entry point for `call` (what feedback
    calls its arguments), or None when its signature cannot be read."""
    try:
        target: Any = getattr(load_reference(ex), call.entry)
        method = call.method
        if call.init is not None and method is None:  # module(x) runs forward (or __call__)
            method = "forward" if hasattr(target, "forward") else "__call__"
        unbound = call.init is not None and method is not None and not isinstance(
            inspect.getattr_static(target, method, None), (staticmethod, classmethod))
        if method is not None:
            target = getattr(target, method)
        params = list(inspect.signature(target).parameters.values())
    except (AttributeError, TypeError, ValueError, CatalogError):
        return None
    if unbound:
        params = params[1:]  # self
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return [p.name for p in params if p.kind in positional]


def reference_outcomes(module: ModuleType, case: Case) -> list[dict[str, Any]]:
    """Each call of `case` on the reference, answered as the learner's child answers it (value or
    exception, and the arguments after the call), through the wire: for `dojo dev check`."""
    answers = []
    for i, call in enumerate(case.calls):
        wire_call = wire.decode(wire.encode(call.to_wire(), allow_build=True), allow_build=True)
        answers.append(wire.decode(encode_outcome(call_outcome(module, i, wire_call))))
    return answers
