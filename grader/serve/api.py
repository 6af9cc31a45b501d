"""The JSON API behind the problem pages of `dojo serve` (all under /api/, all behind the Guard).

    GET  /api/file/SLUG              the learner's file: text and version (sha256 of its bytes)
    GET  /api/file/SLUG/version      the version only (the page polls it to notice edits on disk)
    PUT  /api/file/SLUG              save {text, base}; 409 if the file changed since `base`
    POST /api/run/SLUG               the visible examples        -> 202 {job}
    POST /api/submit/SLUG            the hidden grade, recorded  -> 202 {job}
    POST /api/try/SLUG               {entry, args}: own input    -> 202 {job}
    GET  /api/jobs/ID                a job's phase, elapsed time and, once done, its result
    POST /api/jobs/ID/cancel         end a running job
    GET  /api/progress               every exercise's status from the recorded grades
    GET  /api/hints/SLUG, POST {seen} how many hints were opened (the same record as `dojo hint`)
    GET  /api/solution/SLUG          the reference, once a grade has passed (as `dojo solution`)

Every run reads the file from disk, as the CLI does: the page saves before it asks for one.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from grader import wire
from grader.catalog import Catalog, Exercise, solutions_open
from grader.errors import DojoError
from grader.progress import Progress, grade_of, next_exercise, updating
from grader.serve import reports
from grader.serve.jobs import Board, Busy, Job
from grader.workspace import Workspace, write_file

MAX_FILE_BYTES = 2 * 1024 * 1024  # as grader.submission reads a source
MAX_BODY_BYTES = MAX_FILE_BYTES * 2 + 4096  # JSON escapes may double a file's size
MAX_TRY_CHARS = 20_000


@dataclass
class State:
    catalog: Catalog
    workspace: Workspace
    board: Board
    titles: dict[str, dict[str, str]]  # slug -> visible test name -> card title


def version_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status, headers={"cache-control": "no-store"})


def _ok(data: dict[str, Any], status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers={"cache-control": "no-store"})


def _state(request: Request) -> State:
    return request.app.state.dojo


def _exercise(request: Request) -> Exercise | None:
    slug = request.path_params["slug"]
    return next((ex for ex in _state(request).catalog.exercises if ex.slug == slug), None)


async def _json(request: Request) -> dict[str, Any] | None:
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return None  # a form post from another site cannot set this type without a CORS preflight
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        return None
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


# ---------------------------------------------------------------- the learner's file


def _file(state: State, ex: Exercise) -> tuple[Path, bytes | None]:
    path = state.workspace.learner_file(ex)
    try:
        if path.is_symlink():
            return path, None
        return path, path.read_bytes()
    except OSError:
        return path, None


def _missing(state: State, ex: Exercise) -> JSONResponse:
    path = state.workspace.learner_file(ex)
    return _error(404, f"{state.workspace.rel(path)} is missing or unreadable: `dojo init` puts back the starter of any exercise you do not have")


def _learner_file(request: Request) -> "tuple[State, Exercise, Path, bytes] | JSONResponse":
    """The exercise's workspace file as it is on disk, or the error response saying why not."""
    ex = _exercise(request)
    if ex is None:
        return _error(404, "no such exercise")
    state = _state(request)
    path, data = _file(state, ex)
    if data is None:
        return _missing(state, ex)
    return state, ex, path, data


def get_file(request: Request) -> JSONResponse:
    found = _learner_file(request)
    if isinstance(found, JSONResponse):
        return found
    state, ex, path, data = found
    return _ok({"text": data.decode("utf-8", "replace"), "version": version_of(data),
                "path": state.workspace.rel(path), "untouched": state.workspace.is_untouched(ex)})


def get_version(request: Request) -> JSONResponse:
    found = _learner_file(request)
    if isinstance(found, JSONResponse):
        return found
    return _ok({"version": version_of(found[3])})


async def put_file(request: Request) -> JSONResponse:
    ex = _exercise(request)
    if ex is None:
        return _error(404, "no such exercise")
    data = await _json(request)
    if data is None or not isinstance(data.get("text"), str):
        return _error(400, 'send JSON {"text": ..., "base": VERSION} with Content-Type application/json')
    text: str = data["text"]
    encoded = text.encode("utf-8")
    if len(encoded) > MAX_FILE_BYTES:
        return _error(413, f"the file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB")
    state = _state(request)
    path, current = _file(state, ex)
    if path.is_symlink():
        return _error(409, f"{state.workspace.rel(path)} is a symbolic link: the editor does not write through links")
    if current is not None and data.get("base") != version_of(current) and not data.get("force"):
        # Changed on disk since the page loaded it (another editor, `dojo reset`): never overwrite silently.
        return _error(409, "the file changed on disk", text=current.decode("utf-8", "replace"), version=version_of(current))
    path.parent.mkdir(parents=True, exist_ok=True)
    write_file(path, encoded)
    return _ok({"version": version_of(encoded), "untouched": state.workspace.is_untouched(ex)})


# ---------------------------------------------------------------- jobs


def _start(request: Request, kind: str, work: Any) -> JSONResponse:
    ex = _exercise(request)
    assert ex is not None
    try:
        job = _state(request).board.start(ex.slug, ex.module, kind, work)
    except Busy as busy:
        return _error(409, f"a {busy.job.kind} of {ex.slug} is still running: wait for it or cancel it", job=busy.job.view())
    return _ok({"job": job.view()}, status=202)


def _code(state: State, ex: Exercise) -> bytes:
    _, data = _file(state, ex)
    if data is None:
        raise DojoError(f"{state.workspace.rel(state.workspace.learner_file(ex))} is missing: `dojo init` puts it back")
    return data


async def post_run(request: Request) -> JSONResponse:
    ex = _exercise(request)
    if ex is None:
        return _error(404, "no such exercise")
    state = _state(request)
    sandbox = state.board.sandbox

    def work(job: Job) -> dict[str, Any]:
        from grader.visible import run_visible

        code = _code(state, ex)
        job.phase = "running the visible examples in the sandbox"
        result = run_visible(sandbox, ex, code, state.workspace.visible_files(ex))  # type: ignore[arg-type]
        return reports.visible_report(ex, result, code, state.titles.get(ex.slug, {}))

    return _start(request, "run", work)


async def post_submit(request: Request) -> JSONResponse:
    ex = _exercise(request)
    if ex is None:
        return _error(404, "no such exercise")
    state = _state(request)
    sandbox = state.board.sandbox

    def work(job: Job) -> dict[str, Any]:
        from grader import trusted
        from grader.grading import grade_or_error
        from grader.submission import source_from_path

        ws = state.workspace
        path = ws.learner_file(ex)
        source = source_from_path(ex, path)
        job.phase = "loading the hidden cases"
        n = len(trusted.hidden_cases(ex))
        job.phase = f"grading {n} hidden case{'s' if n != 1 else ''} in the sandbox"
        result = grade_or_error(sandbox, source)  # type: ignore[arg-type]
        report = reports.grade_report(ex, result, source.code)
        job.phase = "recording the grade"
        recorded = False
        if source.code is not None and not ws.is_untouched(ex):  # an untouched starter is not an attempt (as the CLI)
            with updating(ws.state_dir) as progress:
                progress.record(ex.slug, grade_of(result, source))
            recorded = True
        report["recorded"] = recorded
        if result.passed:
            nxt = next_exercise(state.catalog, Progress(ws.state_dir), ex)
            report["next"] = {"slug": nxt.slug, "title": nxt.title, "number": nxt.number,
                              "url": f"problems/{nxt.slug}.html"} if nxt else None
        return report

    return _start(request, "submit", work)


async def post_try(request: Request) -> JSONResponse:
    ex = _exercise(request)
    if ex is None:
        return _error(404, "no such exercise")
    data = await _json(request)
    if data is None or not isinstance(data.get("args"), str):
        return _error(400, 'send JSON {"entry": NAME, "args": "..."}')
    typed: str = data["args"]
    entry = data.get("entry") or ex.entry[0]
    if entry not in ex.entry:
        return _error(400, f"{ex.slug} has no function {entry!r} to try (it has {', '.join(ex.entry)})")
    if len(typed) > MAX_TRY_CHARS:
        return _error(413, f"the input is longer than {MAX_TRY_CHARS} characters: a .npy file and `dojo try --input` suit it better")
    from grader import tryout

    try:
        args, kwargs = tryout.parse_args(typed)  # read, never evaluated; refused here before any job starts
    except DojoError as exc:
        return _error(400, str(exc))
    state = _state(request)
    sandbox = state.board.sandbox

    def work(job: Job) -> dict[str, Any]:
        code = _code(state, ex)
        job.phase = "running your function in the sandbox and the reference beside it"
        try:
            result = tryout.run(sandbox, ex, code, entry, args, kwargs)  # type: ignore[arg-type]
        except wire.WireError as exc:
            raise DojoError(f"this input cannot be sent to your code: {exc}") from None
        return reports.try_report(ex, result, code, typed, entry)

    return _start(request, "try", work)


def get_job(request: Request) -> JSONResponse:
    job = _state(request).board.get(request.path_params["job"])
    if job is None:
        return _error(404, "no such job (finished jobs are kept for a while only)")
    return _ok(job.view())


def cancel_job(request: Request) -> JSONResponse:
    job = _state(request).board.cancel(request.path_params["job"])
    if job is None:
        return _error(404, "no such job")
    return _ok(job.view())


# ---------------------------------------------------------------- progress, hints, solution


def get_progress(request: Request) -> JSONResponse:
    state = _state(request)
    ws = state.workspace
    progress = Progress(ws.state_dir)
    manifest = ws.manifest()
    out: dict[str, Any] = {}
    for ex in state.catalog.exercises:
        latest = progress.latest(ex.slug)
        entry: dict[str, Any] = {"status": progress.status(ex.slug, edited=not ws.is_untouched(ex, manifest)),
                                 "passed_ever": progress.ever_passed(ex.slug)}
        if latest is not None:
            entry.update(points=latest.points, max_points=latest.max_points, at=latest.at)
        out[ex.slug] = entry
    return _ok({"exercises": out})


def _hint_count(ex: Exercise) -> int:
    from grader.site.markdown import split_hints

    return len(split_hints(ex.hints_path.read_text(encoding="utf-8"))) if ex.hints_path.is_file() else 0


def get_hints(request: Request) -> JSONResponse:
    ex = _exercise(request)
    if ex is None:
        return _error(404, "no such exercise")
    return _ok({"seen": Progress(_state(request).workspace.state_dir).hints_seen(ex.slug), "total": _hint_count(ex)})


async def post_hints(request: Request) -> JSONResponse:
    ex = _exercise(request)
    if ex is None:
        return _error(404, "no such exercise")
    data = await _json(request)
    seen = data.get("seen") if data else None
    total = _hint_count(ex)
    if type(seen) is not int or not 1 <= seen <= total:
        return _error(400, f"send JSON {{\"seen\": N}} with N from 1 to {total}")
    with updating(_state(request).workspace.state_dir) as progress:
        progress.saw_hint(ex.slug, seen)
        now = progress.hints_seen(ex.slug)
    return _ok({"seen": now, "total": total})


def get_solution(request: Request) -> JSONResponse:
    ex = _exercise(request)
    if ex is None:
        return _error(404, "no such exercise")
    state = _state(request)
    if not solutions_open(state.catalog.root):
        return _error(403, "this course keeps its reference solutions to itself (learner-solutions = false)")
    if not Progress(state.workspace.state_dir).ever_passed(ex.slug):
        return _error(403, "the reference opens once your code passes Submit")
    if not ex.reference_path.is_file():
        return _error(404, f"this installation has no reference for {ex.slug}")
    from grader.site.highlight import code_block

    text = ex.reference_path.read_text(encoding="utf-8")
    return _ok({"text": text, "html": code_block(text, "python", numbered=True, label=f"Reference solution, {ex.reference_path.name}")})


ROUTES = [
    Route("/api/file/{slug}", get_file, methods=["GET"]),
    Route("/api/file/{slug}", put_file, methods=["PUT"]),
    Route("/api/file/{slug}/version", get_version, methods=["GET"]),
    Route("/api/run/{slug}", post_run, methods=["POST"]),
    Route("/api/submit/{slug}", post_submit, methods=["POST"]),
    Route("/api/try/{slug}", post_try, methods=["POST"]),
    Route("/api/jobs/{job}", get_job, methods=["GET"]),
    Route("/api/jobs/{job}/cancel", cancel_job, methods=["POST"]),
    Route("/api/progress", get_progress, methods=["GET"]),
    Route("/api/hints/{slug}", get_hints, methods=["GET"]),
    Route("/api/hints/{slug}", post_hints, methods=["POST"]),
    Route("/api/solution/{slug}", get_solution, methods=["GET"]),
]
