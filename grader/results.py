"""results.json in the Gradescope autograder format, written only by the trusted process."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from grader.text import printable

if TYPE_CHECKING:
    from grader.catalog import Exercise
    from grader.grading import ExerciseResult

OUTPUT_LIMIT = 4000


def split_points(total: float, passed: list[bool], points: float) -> tuple[list[int], list[int]]:
    """Each case's share of `total` and its score, in hundredths: the shares are as even as can be
    and add up to `total` exactly, and a passed case scores its whole share. The odd hundredths go
    to the passed cases first, so that their shares add up to `points` exactly."""
    n = len(passed)
    base, extra = divmod(round(total * 100), n)
    k, target = sum(passed), round(points * 100)
    to_passed = target - k * base
    if 0 <= to_passed <= min(k, extra) and extra - to_passed <= n - k:
        shares, given = [], {True: to_passed, False: extra - to_passed}
        for ok in passed:
            bonus = 1 if given[ok] > 0 else 0
            given[ok] -= bonus
            shares.append(base + bonus)
        return shares, [s if ok else 0 for ok, s in zip(passed, shares)]
    # Points not in proportion to the cases passed (a grader's note): even shares, scores fitted.
    shares = [base + (1 if i < extra else 0) for i in range(n)]
    scores = [s if ok else 0 for ok, s in zip(passed, shares)]
    diff = target - sum(scores)
    for i in range(n):
        if diff and passed[i]:
            step = max(-scores[i], min(diff, shares[i] - scores[i]))
            scores[i] += step
            diff -= step
    return shares, scores


def to_gradescope(graded: "list[ExerciseResult]", execution_time: float, isolation: str,
                  pending: "list[tuple[Exercise, str]]" = (), visibility: str = "visible") -> dict[str, Any]:
    """results.json with only fields of Gradescope's specification: one test per hidden case (feedback
    only, never hidden inputs), one per exercise that could not be graded or was not reached."""
    tests: list[dict] = []
    total = 0

    def test(name: str, score: int, max_score: int, passed: bool, output: str) -> None:
        tests.append({"name": name, "score": score / 100, "max_score": max_score / 100,
                      "status": "passed" if passed else "failed", "output": printable(output, OUTPUT_LIMIT),
                      "visibility": visibility})

    for r in graded:
        if not r.cases:
            test(r.slug, 0, round(r.max_points * 100), False, r.error or "no hidden case was run")
            continue
        shares, scores = split_points(r.max_points, [c.passed for c in r.cases], r.points)
        for c, share, score in zip(r.cases, shares, scores):
            test(f"{r.slug}: {c.name}", score, share, c.passed, "passed" if c.passed else c.message)
        total += sum(scores)
    for ex, why in pending:
        test(ex.slug, 0, round(ex.points * 100), False, why)
    return {
        "score": total / 100,
        "execution_time": round(execution_time, 3),
        "output": f"Graded {len(graded)} of {len(graded) + len(pending)} exercise(s); isolation: {isolation}.",
        "stdout_visibility": "hidden",
        "tests": tests,
    }
