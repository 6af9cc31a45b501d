"""What Run, Submit and Custom input found, as JSON for the page: the same facts the CLI prints
(grader.console), with the learner's file named as the editor shows it and the lines an error
points at, for the editor to mark."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from grader.catalog import Exercise
from grader.feedback import Places, pytest_sections, summarize, tidy, warning_lines

if TYPE_CHECKING:
    from grader.grading import ExerciseResult
    from grader.tryout import Tryout
    from grader.visible import VisibleResult

CAPTURED_RE = re.compile(r"^-{3,} Captured (stdout|stderr) (?:call|setup|teardown) -{3,}$")
MAX_MARKS = 20


def places(ex: Exercise, code: bytes) -> Places:
    """Sandbox names shown as the bare file names the editor shows."""
    names = (ex.starter_path.name, ex.test_path.name, *ex.support_files)
    return Places({name: name for name in names}, module=ex.starter_path.name,
                  source=code.decode("utf-8", "replace"))


def line_marks(module_file: str, texts: list[str], n_lines: int) -> list[dict[str, Any]]:
    """The lines of the learner's file that these texts point at: `file.py:12`, `file.py", line 12`,
    `(file.py, line 12)` (a SyntaxError), each with the first text that names it."""
    pattern = re.compile(re.escape(module_file) + r'(?::(\d+)|"?,\s*line (\d+))')
    marks: dict[int, str] = {}
    for text in texts:
        for m in pattern.finditer(text or ""):
            line = int(m.group(1) or m.group(2))
            if 1 <= line <= n_lines and line not in marks:
                marks[line] = text.strip().splitlines()[0][:300] if text.strip() else ""
    return [{"line": line, "message": message} for line, message in list(marks.items())[:MAX_MARKS]]


def _captured(section: list[str]) -> str:
    """What a failed test printed, out of pytest's report section."""
    out: list[str] = []
    keep = False
    for line in section:
        if CAPTURED_RE.match(line):
            keep = True
            continue
        if keep and line.startswith("-" * 3) and line.endswith("-" * 3):
            keep = False
        if keep:
            out.append(line)
    return "\n".join(out).strip()


def visible_report(ex: Exercise, result: "VisibleResult", code: bytes, titles: dict[str, str]) -> dict[str, Any]:
    """Run: every visible test, passed or where and how it failed."""
    where = places(ex, code)
    module_file = ex.starter_path.name
    sections, warnings = pytest_sections(result.stdout)
    tests = []
    mark_texts: list[str] = []
    for test in result.tests:
        name = str(test["name"])
        passed = test["outcome"] == "passed"
        entry: dict[str, Any] = {"name": name, "title": titles.get(name, ""), "passed": passed}
        if name.startswith("collecting "):
            entry["title"] = f"importing {name.removeprefix('collecting ')} failed"
        if not passed:
            report = summarize(sections[name], module_file) if name in sections else None
            if report is not None and report.error:
                entry["location"] = where.localize(report.location) if report.location and not name.startswith("collecting ") else ""
                entry["error"] = "\n".join(where.localize(line) for line in report.error)
                entry["printed"] = where.localize(_captured(sections.get(name, [])))
            elif test.get("message"):
                entry["error"] = "\n".join(where.localize(line) for line in str(test["message"]).strip().splitlines()[-8:])
            mark_texts += [entry.get("location", ""), entry.get("error", "")]
        tests.append(entry)
    problem = tidy(result.problem) if result.problem else None
    lines = len(code.decode("utf-8", "replace").splitlines())
    return {
        "kind": "run",
        "passed": result.passed,
        "failed": result.failed,
        "all_passed": result.all_passed,
        "tests": tests,
        "warnings": [where.localize(w) for w in warning_lines(warnings)[:12]],
        "problem": problem,
        "report": where.localize(result.stdout)[-20000:],
        "marks": line_marks(module_file, mark_texts, lines),
    }


def grade_report(ex: Exercise, result: "ExerciseResult", code: bytes | None) -> dict[str, Any]:
    """Submit: the verdict, every hidden case by name with its first difference, what the code printed."""
    where = places(ex, code or b"")
    error = where.localize(result.error) if result.error else None
    ran = [c for c in result.cases if not (result.error and c.message.startswith("not run"))]
    cases = [{"name": c.name, "passed": c.passed, "message": where.localize(c.message) if c.message else ""} for c in ran]
    printed = where.localize((result.stdout + result.stderr).strip())
    texts = [error or "", *(c["message"] for c in cases if not c["passed"])]
    excerpt = where.excerpt(result.error) if result.error else []
    lines = len((code or b"").decode("utf-8", "replace").splitlines())
    marks = line_marks(ex.starter_path.name, texts, lines)
    if not marks and result.error and excerpt:  # a SyntaxError names its line as "(file, line N)"
        m = re.match(r"\s*(\d+) \|", excerpt[0])
        if m:
            marks = [{"line": int(m.group(1)), "message": result.error.splitlines()[0][:300]}]
    return {
        "kind": "submit",
        "passed": result.passed,
        "status": result.status,
        "points": result.points,
        "max_points": result.max_points,
        "cases_passed": sum(c.passed for c in result.cases),
        "cases_total": len(result.cases),
        "cases": cases,
        "error": error,
        "excerpt": excerpt,
        "printed": printed,
        "isolation": result.isolation,
        "seconds": round(result.total_seconds, 2),
        "marks": marks,
    }


def try_report(ex: Exercise, result: "Tryout", code: bytes, typed: str, entry: str) -> dict[str, Any]:
    """Custom input: the learner's output beside the reference's, and the first difference."""
    from grader.tryout import show

    where = places(ex, code)
    out: dict[str, Any] = {"kind": "try", "call": f"{entry}({typed})", "same": result.difference is None,
                           "reference": show(result.expected)}
    if result.import_error:
        out["import_error"] = where.localize(result.import_error)
        out["same"] = False
    answer = result.answer
    if isinstance(answer, str):
        out["yours"], out["yours_kind"] = where.localize(answer), "error"
    elif answer.get("ok"):
        out["yours"], out["yours_kind"] = show(answer.get("value")), "value"
    else:
        out["yours"], out["yours_kind"] = where.localize(str(answer.get("message", ""))), "raised"
    if result.difference is not None:
        out["difference"] = where.localize(result.difference)
    out["printed"] = where.localize((result.stdout + result.stderr).strip())
    lines = len(code.decode("utf-8", "replace").splitlines())
    out["marks"] = line_marks(ex.starter_path.name, [out.get("import_error", ""), out["yours"]], lines)
    return out
