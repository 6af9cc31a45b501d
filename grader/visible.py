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


def run_visible(sandbox: Sandbox, ex: Exercise, code: bytes) -> VisibleResult:
    files = {f"{ex.module}.py": code, ex.test_path.name: ex.test_path.read_bytes(), **ex.support_sources()}
    # The torch zygote has pytest imported: every exercise's visible tests run there.
    job = {"kind": "pytest", "module": ex.module, "files": files, "calls": [], "test_file": ex.test_path.name,
           "framework": "torch"}
    wall = max(30.0, ex.time_limit_s * 4)
    outcome = sandbox.run(job, Limits(wall_s=wall, cpu_s=wall, memory_mb=ex.memory_mb), per_call_s=wall,
                          output_cap=64 * 1024)
    result = VisibleResult(output=outcome.stdout + outcome.stderr)
    if outcome.pytest is None:
        result.problem = outcome.ended_badly() or "the test run sent no report"
    else:
        result.tests = list(outcome.pytest.get("tests", []))
    return result
