"""results.json in the Gradescope autograder format, written only by the trusted process."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from grader.text import printable

if TYPE_CHECKING:
    from grader.grading import ExerciseResult

OUTPUT_LIMIT = 4000


def to_gradescope(results: "list[ExerciseResult]", execution_time: float, isolation: str) -> dict[str, Any]:
    """One test per hidden case (points split evenly), plus one entry per ungradable exercise."""
    tests: list[dict[str, Any]] = []
    for r in results:
        if r.error and not r.cases:
            tests.append({"name": f"{r.slug}", "score": 0.0, "max_score": r.max_points, "status": "failed",
                          "output": printable(r.error, OUTPUT_LIMIT), "visibility": "visible"})
            continue
        # Rounded shares whose sum is exactly the exercise's points: the last case takes the remainder.
        n = max(1, len(r.cases))
        shares = [round(r.max_points / n, 4)] * n
        shares[-1] = round(r.max_points - sum(shares[:-1]), 4)
        for c, share in zip(r.cases, shares):
            tests.append({
                "name": f"{r.slug}: {c.name}",
                "score": share if c.passed else 0.0,
                "max_score": share,
                "status": "passed" if c.passed else "failed",
                "output": printable(c.message, OUTPUT_LIMIT) if not c.passed else "passed",
                "visibility": "visible",
            })
    return {
        "score": round(sum(r.points for r in results), 2),
        "max_score": round(sum(r.max_points for r in results), 2),
        "execution_time": round(execution_time, 3),
        "output": f"Graded {len(results)} exercise(s); isolation: {isolation}.",
        "stdout_visibility": "hidden",
        "tests": tests,
    }
