"""Grade one exercise: run the learner's calls in the sandbox, compare in the trusted process."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field, replace
from typing import Any

from grader import trusted
from grader.catalog import Exercise
from grader.calls import has_build
from grader.compare import describe_exact_type, exact_kind, first_change, first_difference
from grader.learner_text import LearnerText
from grader.sandbox.isolation import Limits
from grader.protocol import Call, Case, CheckContext, Failure, Raised
from grader.sandbox.outcome import RunOutcome
from grader.sandbox.parent import Sandbox
from grader.submission import Source

MAX_RESTARTS = 3  # after a crash, a fresh child runs the remaining calls
MAX_TIMEOUTS = 2  # each costs a full time limit: after two, the remaining calls are not run


@dataclass
class CaseResult:
    name: str
    passed: bool
    message: str = ""
    seconds: float = 0.0


@dataclass
class ExerciseResult:
    slug: str
    title: str
    max_points: float
    points: float = 0.0
    cases: list[CaseResult] = field(default_factory=list)
    error: str | None = None  # the submission could not be graded at all (missing, import error)
    stdout: str = ""
    stderr: str = ""
    isolation: str = ""
    learner_seconds: float = 0.0
    reference_seconds: float = 0.0
    check_seconds: float = 0.0  # the exercise's property checks, run in the trusted process
    total_seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return self.error is None and bool(self.cases) and all(c.passed for c in self.cases)

    @property
    def first_failure(self) -> CaseResult | None:
        return next((c for c in self.cases if not c.passed), None)

    @property
    def status(self) -> str:
        if self.passed:
            return "passed"
        if self.error:
            return "error"
        return "partial" if any(c.passed for c in self.cases) else "failed"


def _limits(ex: Exercise, cases: list[Case]) -> tuple[Limits, list[float]]:
    """A wall-clock limit per call (a case may tighten or loosen its own), and the run's totals."""
    per_call = [c.time_limit_s or ex.time_limit_s for c in cases for _ in c.calls]
    total = sum(sorted(per_call, reverse=True)[:8]) + 5.0
    return Limits(wall_s=total, cpu_s=total, memory_mb=ex.memory_mb), per_call


IMPORT_HANG = ("TimeoutError: the module did not finish importing within {seconds:.0f} s: an infinite loop (or a long "
               "computation) at import time? Code at the top level of the file runs when the module is imported")


def run_learner(sandbox: Sandbox, ex: Exercise, code: bytes, cases: list[Case],
                budget_s: float | None = None) -> tuple[dict[int, dict[str, Any] | str], RunOutcome]:
    """Every call's result (a dict from the child, or why it has none), restarting after a crash.

    `budget_s` bounds the wall-clock time of all the runs together (restarts after a timeout
    included); calls not run when it is spent say so."""
    calls = [call.to_wire() for case in cases for call in case.calls]
    files = {f"{ex.module}.py": code, **ex.support_sources()}
    limits, per_call = _limits(ex, cases)
    results: dict[int, dict[str, Any] | str] = {}
    pending = list(range(len(calls)))
    merged = RunOutcome()
    timeouts = 0
    started = time.monotonic()
    for attempt in range(MAX_RESTARTS + 1):
        run_limits, run_per_call = limits, [per_call[i] for i in pending]
        if budget_s is not None:
            left = budget_s - (time.monotonic() - started)
            if left <= 0.5:
                for i in pending:
                    results[i] = f"not run: the exercise's time budget ({budget_s:g} s) ran out"
                return results, merged
            run_limits = replace(limits, wall_s=min(limits.wall_s, left), cpu_s=min(limits.cpu_s, left))
            run_per_call = [min(s, left) for s in run_per_call]
        job = {"module": ex.module, "files": files, "calls": [(i, calls[i]) for i in pending], "framework": ex.framework}
        outcome = sandbox.run(job, run_limits, run_per_call)
        merged.stdout += outcome.stdout
        merged.stderr += outcome.stderr
        merged.dropped_output += outcome.dropped_output
        merged.isolation = outcome.isolation  # the sandbox's own word, whatever the child sent
        merged.status = outcome.status
        if outcome.import_error:
            merged.import_error = outcome.import_error
            return results, merged
        if (outcome.killed or "").startswith("timed out") and not outcome.imported and not outcome.results:
            # The child never said "imported": the module itself hangs, not the first call.
            merged.import_error = IMPORT_HANG.format(seconds=outcome.seconds)
            return results, merged
        results.update(outcome.results)
        pending = [i for i in pending if i not in results]
        if not pending:
            break
        why = outcome.ended_badly() or "the process stopped before this call returned"
        results[pending[0]] = why  # the call that was running when the child died
        pending = pending[1:]
        timeouts += (outcome.killed or "").startswith("timed out")
        if not pending or timeouts >= MAX_TIMEOUTS:
            break
    for i in pending:
        results[i] = ("not run: earlier calls timed out" if timeouts >= MAX_TIMEOUTS
                      else "not run: the process crashed too many times")
    return results, merged


def _label(call: Call) -> str:
    return f"{call.entry}.{call.method}(...)" if call.method else f"{call.entry}(...)"


def _argument_name(ex: Exercise, call: Call, position: int) -> str:
    names = trusted.parameter_names(ex, call)
    return names[position] if names is not None and position < len(names) else f"argument {position}"


def modified_argument(ex: Exercise, call: Call, got: dict[str, Any]) -> str | None:
    """Which argument the call modified in place, in words, from the arguments its answer sent
    back (grader.calls.arguments_after); None if every argument is as it was sent, or the call
    declares that it may modify it (`Call(..., mutates=...)`)."""
    declared = set(call.mutates)
    seen: list[tuple[int | str, Any]] = []  # (position or keyword, value after the call)
    after, kw_after = got.get("args_after"), got.get("kwargs_after")
    if type(after) is dict:
        seen += [(i, v) for i, v in after.items() if type(i) is int and 0 <= i < len(call.args)]
    if type(kw_after) is dict:
        seen += [(k, v) for k, v in kw_after.items() if type(k) is str and k in call.kwargs]
    lost = [i for i in (got.get("unsendable_args") or []) if type(i) is int and 0 <= i < len(call.args)]
    lost += [k for k in (got.get("unsendable_kwargs") or []) if type(k) is str and k in call.kwargs]
    for key in lost:
        if key not in declared:
            name = key if type(key) is str else _argument_name(ex, call, key)
            return f"`{_label(call)}` modified its argument `{name}` in place (it now holds something that cannot be sent back)"
    for key, value in seen:
        before = call.kwargs[key] if type(key) is str else call.args[key]
        if key in declared or has_build(before):
            continue
        found = first_change(before, value, "")
        if found:
            name = key if type(key) is str else _argument_name(ex, call, key)
            path, why = found
            return f"`{_label(call)}` modified its argument `{name}` in place ({f'{name}{path}: ' if path else ''}{why})"
    return None


def _type_words(value: Any) -> str:
    """A value's exact type without its sizes (shapes may legitimately differ from the reference's)."""
    words = describe_exact_type(value)
    if exact_kind(value) in ("ndarray", "tensor"):
        return f"{words.split(' of shape')[0]} of dtype {str(value.dtype).removeprefix('torch.')}"
    return words.split(" of length")[0]


def _output_types(case: Case, outputs: list[Any], expected: list[Any] | None) -> str:
    """Where the learner's output types differ from the reference's: what a broken check most
    likely tripped on (a Python float where an array was asked)."""
    for k, (call, out) in enumerate(zip(case.calls, outputs)):
        exp = expected[k] if expected is not None and k < len(expected) else None
        if isinstance(out, Raised) or isinstance(exp, Raised):
            continue
        if exp is None and expected is None:
            return f"; `{_label(call)}` returned {_type_words(out)}"
        if _type_words(out) != _type_words(exp):
            return f"; `{_label(call)}` returned {_type_words(out)}, expected {_type_words(exp)}"
    return ""


def judge_case(ex: Exercise, case: Case, actual: list[dict[str, Any] | str], expected: list[Any] | None) -> str | None:
    rtol = ex.rtol if case.rtol is None else case.rtol
    atol = ex.atol if case.atol is None else case.atol
    outputs: list[Any] = []
    for k, (call, got) in enumerate(zip(case.calls, actual)):
        label = call.describe()
        exp = expected[k] if expected is not None else None
        if isinstance(got, str):
            return f"{label}: {got}"
        if not got.get("ok"):
            raised = got.get("raised") or []
            if isinstance(exp, Raised) and exp.type_name in raised:
                # The check sees the learner's own exception, so it can test what its message says.
                text = got.get("error_text")
                outputs.append(Raised(str(raised[0]), text if type(text) is str else ""))
                if (changed := modified_argument(ex, call, got)) is not None:
                    return changed
                continue
            message = str(got.get("message", "")).strip()
            if raised == ["WireError"]:
                return f"{label} returned a value the grader cannot accept: {message}"
            if isinstance(exp, Raised):
                return f"{label} should raise {exp.type_name}, but raised {message}"
            return f"{label} raised {message}"
        value = got.get("value")
        if isinstance(exp, Raised):
            return f"{label} should raise {exp.type_name} ({exp.message}), but returned normally"
        outputs.append(value)
        if case.compare and exp is not None:
            diff = first_difference(exp, value, rtol, atol, where="output", exact_types=case.exact_types)
            if diff:
                return f"{label}: {diff}"
        if (changed := modified_argument(ex, call, got)) is not None:
            return changed
    if case.check is not None:
        try:
            case.check(CheckContext(case, outputs, expected, rtol, atol))
        except Failure as exc:
            return str(exc)
        except Exception as exc:  # noqa: BLE001 - a malformed output can break the property code
            return (f"the property check could not read your output ({type(exc).__name__}: {str(exc)[:200]})"
                    f"{_output_types(case, outputs, expected)}")
    return None


def grade(sandbox: Sandbox, source: Source, budget_s: float | None = None) -> ExerciseResult:
    """Grade one exercise; never raises for anything the learner's code does. `budget_s` bounds the
    wall-clock time the learner's runs may take together (see run_learner)."""
    ex = source.exercise
    started = time.perf_counter()
    result = ExerciseResult(ex.slug, ex.title, ex.points)
    if source.code is None:
        result.error = source.error or "no submission"
        return result
    trusted.fingerprint(ex)
    cases = trusted.hidden_cases(ex)
    reference = trusted.load_reference(ex)
    # The learner's child runs while this process computes the expected values: on two cores the
    # reference's time hides behind the sandbox's.
    learner: dict[str, Any] = {}

    def run() -> None:
        try:
            learner["calls"], learner["outcome"] = run_learner(sandbox, ex, source.code, cases, budget_s)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the calling thread below
            learner["error"] = exc

    thread = threading.Thread(target=run, name=f"learner-{ex.slug}")
    thread.start()
    expected_by_case: list[list[Any] | None] = []
    for case in cases:
        if case.reference:
            expected, ref_seconds = trusted.run_reference(reference, case)
            result.reference_seconds += ref_seconds
            expected_by_case.append(expected)
        else:
            expected_by_case.append(None)
    thread.join()
    if "error" in learner:  # the sandbox itself failed: not the learner's fault, not a verdict
        raise learner["error"]
    actual_by_call, outcome = learner["calls"], learner["outcome"]
    try:  # the learner's code has run: score only against the files loaded before it did
        trusted.verify_unchanged(ex)
    except trusted.TamperedError as exc:
        result.error = str(exc)
        result.cases = [CaseResult(c.name, False, "not scored: the grader's files changed") for c in cases]
        result.total_seconds = time.perf_counter() - started
        return result
    result.isolation = outcome.isolation
    # Everything below reads what the learner's child sent: it may fail that exercise, never the run.
    view = LearnerText({f"{ex.module}.py": source.code, **ex.support_sources()})
    try:
        _score(ex, cases, expected_by_case, actual_by_call, outcome, view, result)
    except Exception as exc:  # noqa: BLE001 - a grader bug met on learner data costs this exercise only
        result.error = f"the grader could not judge this submission ({type(exc).__name__}); please report it"
        result.cases = [CaseResult(c.name, False, "not judged") for c in cases]
        result.points = 0.0
    result.total_seconds = time.perf_counter() - started
    return result


def grade_or_error(sandbox: Sandbox, source: Source) -> ExerciseResult:
    """`grade`, where a failure of the grader on this one exercise (a broken reference or hidden
    case, a bug) becomes that exercise's error result, so a run over several exercises reports on
    every one. A sandbox that has stopped still raises: no later verdict could be trusted."""
    try:
        return grade(sandbox, source)
    except Exception as exc:  # noqa: BLE001 - reported as this exercise's result, not lost
        if not sandbox.alive():
            raise
        ex = source.exercise
        return ExerciseResult(ex.slug, ex.title, ex.points,
                              error=f"the grader failed on this exercise ({type(exc).__name__}: {str(exc)[:300]}); "
                                    "please report it")


RAISE_ONLY = ("raised as expected, but earns nothing until a case where no exception is expected "
              "passes (a function that only raises scores 0)")


def _import_failure_type(text: str) -> list[str]:
    name = text.split(":", 1)[0].strip()
    return [name] if name.isidentifier() else ["Exception"]


def _with_text(got: dict[str, Any] | str, view: LearnerText, full: bool) -> dict[str, Any] | str:
    """A call's result with its exception text as the learner may see it (see grader.learner_text)."""
    if isinstance(got, str) or got.get("ok"):
        return got
    return {**got, "message": view.exception(got["raised"], str(got.get("message", "")), full)}


def _score(ex: Exercise, cases: list[Case], expected_by_case: list[list[Any] | None],
           actual_by_call: dict[int, dict[str, Any] | str], outcome: RunOutcome, view: LearnerText,
           result: ExerciseResult) -> None:
    """Judge every case on what the child sent; the learner's text is bounded as it goes in."""
    result.stdout, result.stderr = view.printed(outcome.stdout), view.printed(outcome.stderr)
    if outcome.dropped_output:
        result.stdout += f"\n[... {outcome.dropped_output} more bytes of output not kept]"
    if outcome.import_error:
        text = view.exception(_import_failure_type(outcome.import_error), outcome.import_error, view.take_full_case())
        result.error = view.case_message(f"your module failed to import: {text}", True)
        result.cases = [CaseResult(c.name, False, "not run: the module failed to import") for c in cases]
        return
    index = 0
    for case, expected in zip(cases, expected_by_case):
        actual = [actual_by_call[i] for i in range(index, index + len(case.calls))]
        index += len(case.calls)
        seconds = sum(a.get("seconds", 0.0) for a in actual if isinstance(a, dict) and type(a.get("seconds")) is float)
        result.learner_seconds += seconds
        # The first FULL_TEXT_CASES failing cases (in case order, whatever made them fail) show the
        # learner's exception text in full; later ones only its type and line.
        full = view.full_cases_left > 0
        judged = time.perf_counter()
        try:
            message = judge_case(ex, case, [_with_text(a, view, full) for a in actual], expected)
        except Exception as exc:  # noqa: BLE001 - comparing a hostile value must not stop the grading
            message = f"the grader could not compare your output ({type(exc).__name__})"
        if case.check is not None:  # property code is the exercise's own work, like the reference
            result.check_seconds += time.perf_counter() - judged
        if message is not None:
            message = view.case_message(message, full and view.take_full_case())
        result.cases.append(CaseResult(case.name, message is None, message or "", seconds))
    _no_credit_for_raising_only(expected_by_case, result)
    result.points = round(ex.points * sum(c.passed for c in result.cases) / len(cases), 2)


def _no_credit_for_raising_only(expected_by_case: list[list[Any] | None], result: ExerciseResult) -> None:
    """Cases where the reference only raises earn points only once a case where it returns passes.

    Otherwise a stub that raises on every input collects every "raises" case. A correct solution
    passes the returning cases too, so it keeps every point."""
    raises_only = [bool(exp) and all(isinstance(e, trusted.Raised) for e in exp) for exp in expected_by_case]
    if not any(raises_only) or all(raises_only):
        return
    if any(c.passed for c, only in zip(result.cases, raises_only) if not only):
        return
    for case, only in zip(result.cases, raises_only):
        if only and case.passed:
            case.passed, case.message = False, RAISE_ONLY
