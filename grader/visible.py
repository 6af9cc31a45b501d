"""Run an exercise's visible examples (plain pytest) against some source, in the sandbox."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from grader.catalog import Exercise
from grader.sandbox.isolation import Limits
from grader.sandbox.parent import Sandbox


@dataclass
class VisibleResult:
    tests: list[dict[str, Any]] = field(default_factory=list)
    output: str = ""
    stdout: str = ""  # pytest's own report (short tracebacks, warnings summary)
    problem: str | None = None  # the run itself failed (timeout, crash)

    @property
    def passed(self) -> int:
        return sum(t["outcome"] == "passed" for t in self.tests)

    @property
    def failed(self) -> int:
        return sum(t["outcome"] != "passed" for t in self.tests)

    @property
    def all_passed(self) -> bool:
        return self.problem is None and bool(self.tests) and self.failed == 0


def run_visible(sandbox: Sandbox, ex: Exercise, code: bytes, files: dict[str, bytes] | None = None) -> VisibleResult:
    """Run the visible examples on `code`; `files` replaces the catalog's test and support files
    (a learner's workspace copies, which they may have extended)."""
    sent = {ex.test_path.name: ex.test_path.read_bytes(), **ex.support_sources(), **(files or {}),
            f"{ex.module}.py": code}
    # pytest runs in the zygote of the exercise's framework: a numpy exercise never waits for torch
    # to import (the child imports pytest itself, as plain pytest would).
    job = {"kind": "pytest", "module": ex.module, "files": sent, "calls": [], "test_file": ex.test_path.name,
           "framework": ex.framework}
    wall = max(30.0, ex.time_limit_s * 4)
    outcome = sandbox.run(job, Limits(wall_s=wall, cpu_s=wall, memory_mb=ex.memory_mb), per_call_s=wall,
                          output_cap=64 * 1024)
    result = VisibleResult(output=outcome.stdout + outcome.stderr, stdout=outcome.stdout)
    if outcome.pytest is None:
        result.problem = outcome.ended_badly() or "the test run sent no report"
    else:
        result.tests = list(outcome.pytest.get("tests", []))
    return result
