"""`dojo serve` as learners meet it: the real command in its own process, on a temporary workspace,
driven over HTTP (security, the file, jobs, progress) and in Chromium (edit, Run, Submit).

The server is started with `python -m grader serve --port 0 --workspace TMP`; the test reads the
address it prints, token included. Never the developer's own workspace.
"""
from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pytest

from grader.catalog import Catalog, load_catalog
from grader.serve.app import bind
from grader.workspace import Workspace, init_workspace

NUMPY_SLUG = "stable-softmax"
TORCH_SLUG = "moh-balance-loss"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@dataclass
class Served:
    proc: subprocess.Popen
    url: str  # the address printed, with its token
    port: int
    token: str
    workspace: Workspace
    catalog: Catalog

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def cookie(self) -> str:
        return f"dojo-token-{self.port}={self.token}"

    def request(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None,
                token: bool = True, origin: str | None = "own") -> tuple[int, dict[str, str], bytes]:
        """One HTTP request as a browser page of this app would send it (cookie, Origin), with the
        parts a test wants to leave out or forge."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"Host": f"127.0.0.1:{self.port}"}
        if token:
            sent["Cookie"] = self.cookie
        if origin == "own":
            sent["Origin"] = self.base
        elif origin is not None:
            sent["Origin"] = origin
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        sent.update(headers or {})
        conn.request(method, path, body=data, headers=sent)
        response = conn.getresponse()
        out = response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        conn.close()
        return out

    def json(self, method: str, path: str, body: Any = None, **kwargs: Any) -> tuple[int, dict[str, Any]]:
        status, _, raw = self.request(method, path, body, **kwargs)
        return status, json.loads(raw or b"{}")

    def wait_job(self, job_id: str, timeout: float = 180) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status, job = self.json("GET", f"/api/jobs/{job_id}")
            assert status == 200, job
            if job["state"] != "running":
                return job
            time.sleep(0.2)
        raise AssertionError(f"job {job_id} still running after {timeout} s")

    def run_job(self, kind: str, slug: str, body: Any = None) -> dict[str, Any]:
        status, data = self.json("POST", f"/api/{kind}/{slug}", body if body is not None else {})
        assert status == 202, data
        return self.wait_job(data["job"]["id"])


def start_server(tmp: Path) -> Served:
    catalog = load_catalog()
    ws, _ = init_workspace(catalog, tmp / "workspace")
    env = {k: v for k, v in os.environ.items() if k != "DOJO_WORKSPACE"}
    proc = subprocess.Popen([sys.executable, "-m", "grader", "serve", "--port", "0", "--workspace", str(ws.root)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=tmp)
    assert proc.stdout is not None
    deadline = time.monotonic() + 60
    seen = []
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        seen.append(line)
        m = re.search(r"(http://127\.0\.0\.1:(\d+)/index\.html\?token=([\w-]+))", line)
        if m:
            return Served(proc, m.group(1), int(m.group(2)), m.group(3), ws, catalog)
    proc.kill()
    raise AssertionError("dojo serve printed no address:\n" + "".join(seen))


def stop_server(served: Served) -> None:
    served.proc.terminate()
    try:
        served.proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        served.proc.kill()
        served.proc.wait()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    s = start_server(tmp_path_factory.mktemp("serve"))
    yield s
    stop_server(s)


def reference(served: Served, slug: str) -> str:
    return served.catalog.get(slug).reference_path.read_text(encoding="utf-8")


def write_learner(served: Served, slug: str, code: str) -> Path:
    path = served.workspace.learner_file(served.catalog.get(slug))
    path.write_text(code, encoding="utf-8")
    return path


# ---------------------------------------------------------------- who may talk to it


def test_binds_loopback_only(served: Served) -> None:
    sock = bind(0)
    try:
        assert sock.getsockname()[0] == "127.0.0.1"
    finally:
        sock.close()
    # Another loopback address of this machine reaches nothing: the server listens on 127.0.0.1 alone.
    with pytest.raises(OSError):
        socket.create_connection(("127.0.1.1", served.port), timeout=3).close()


def test_a_request_without_the_token_is_refused(served: Served) -> None:
    for path in ("/index.html", f"/problems/{NUMPY_SLUG}.html", "/api/progress", f"/api/file/{NUMPY_SLUG}"):
        status, _, body = served.request("GET", path, token=False)
        assert status == 403, path
        assert b"token" in body
    status, _, _ = served.request("GET", "/index.html?token=not-the-token", token=False)
    assert status == 403
    status, _, _ = served.request("GET", "/api/progress", token=False, headers={"Cookie": f"dojo-token-{served.port}=guess"})
    assert status == 403
    # The package's own CSS and scripts need no token (they hold nothing of the learner's).
    assert served.request("GET", "/static/style.css", token=False)[0] == 200


def test_the_token_in_the_url_becomes_a_strict_cookie(served: Served) -> None:
    status, headers, _ = served.request("GET", f"/problems/{NUMPY_SLUG}.html?token={served.token}", token=False)
    assert status == 303 and headers["location"] == f"/problems/{NUMPY_SLUG}.html", "the token leaves the address bar"
    cookie = headers["set-cookie"]
    assert cookie.startswith(f"dojo-token-{served.port}={served.token};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    status, headers, body = served.request("GET", f"/problems/{NUMPY_SLUG}.html")
    assert status == 200 and b"data-serve" in body
    assert "script-src 'self'" in headers["content-security-policy"] and headers["x-frame-options"] == "DENY"


def test_a_foreign_origin_cannot_change_anything(served: Served) -> None:
    ex = served.catalog.get(NUMPY_SLUG)
    path = served.workspace.learner_file(ex)
    before = path.read_bytes()
    _, current = served.json("GET", f"/api/file/{NUMPY_SLUG}")
    for origin in ("http://evil.example", f"http://127.0.0.1:{served.port + 1}", "null", None):
        status, _, body = served.request("PUT", f"/api/file/{NUMPY_SLUG}", {"text": "owned = 1\n", "base": current["version"]},
                                         origin=origin)
        assert status == 403, origin
        assert b"Origin" in body
        status, _, _ = served.request("POST", f"/api/run/{NUMPY_SLUG}", {}, origin=origin)
        assert status == 403, origin
    assert path.read_bytes() == before, "a refused request wrote the learner's file"
    # A form post from another site could not set the JSON type; even from the app's own origin it is refused.
    status, _, _ = served.request("PUT", f"/api/file/{NUMPY_SLUG}", None, headers={"Content-Type": "text/plain"})
    assert status == 400


def test_dns_rebinding_host_is_refused(served: Served) -> None:
    for host in (f"evil.example:{served.port}", "evil.example", f"127.0.0.1.nip.io:{served.port}", f"[::1]:{served.port}"):
        status, _, _ = served.request("GET", "/api/progress", headers={"Host": host})
        assert status == 403, host
        status, _, _ = served.request("POST", f"/api/run/{NUMPY_SLUG}", {}, headers={"Host": host})
        assert status == 403, host
    assert served.request("GET", "/api/progress", headers={"Host": f"localhost:{served.port}"},
                          origin=f"http://localhost:{served.port}")[0] == 200


# ---------------------------------------------------------------- the file, jobs, progress


def test_the_editor_file_is_the_workspace_file(served: Served) -> None:
    ex = served.catalog.get(TORCH_SLUG)
    path = served.workspace.learner_file(ex)
    status, data = served.json("GET", f"/api/file/{TORCH_SLUG}")
    assert status == 200 and data["text"] == path.read_text(encoding="utf-8") and data["untouched"]
    status, saved = served.json("PUT", f"/api/file/{TORCH_SLUG}", {"text": data["text"] + "# edited\n", "base": data["version"]})
    assert status == 200 and path.read_text(encoding="utf-8").endswith("# edited\n") and not saved["untouched"]
    path.write_text("changed elsewhere\n", encoding="utf-8")  # another editor, or `dojo reset`
    assert served.json("GET", f"/api/file/{TORCH_SLUG}/version")[1]["version"] != saved["version"]
    status, conflict = served.json("PUT", f"/api/file/{TORCH_SLUG}", {"text": "mine\n", "base": saved["version"]})
    assert status == 409 and conflict["text"] == "changed elsewhere\n", "a stale save must not overwrite the file"
    assert path.read_text(encoding="utf-8") == "changed elsewhere\n"
    status, _ = served.json("PUT", f"/api/file/{TORCH_SLUG}", {"text": "mine\n", "base": saved["version"], "force": True})
    assert status == 200 and path.read_text(encoding="utf-8") == "mine\n"
    path.write_bytes(ex.starter_path.read_bytes())


def test_run_submit_progress_and_solution(served: Served) -> None:
    slug = NUMPY_SLUG
    status, _ = served.json("GET", f"/api/solution/{slug}")
    assert status == 403, "the reference stays closed before a passing grade"
    write_learner(served, slug, "import numpy as np\n\n\ndef softmax(x, axis=-1):\n    e = np.exp(x)\n"
                                "    return e / e.sum(axis=axis, keepdims=True)\n")
    run = served.run_job("run", slug)
    assert run["state"] == "done" and not run["result"]["all_passed"]
    failed = [t for t in run["result"]["tests"] if not t["passed"]]
    assert failed and all(t["title"] for t in run["result"]["tests"])
    graded = served.run_job("submit", slug)["result"]
    assert graded["kind"] == "submit" and not graded["passed"] and graded["recorded"]
    assert any(not c["passed"] and c["message"] for c in graded["cases"])
    assert served.json("GET", "/api/progress")[1]["exercises"][slug]["status"] == "attempted"

    write_learner(served, slug, reference(served, slug))
    graded = served.run_job("submit", slug)["result"]
    assert graded["passed"] and graded["points"] == graded["max_points"] and graded["next"]["slug"] != slug
    progress = json.loads((served.workspace.state_dir / "progress.json").read_text())
    assert progress["exercises"][slug]["history"][-1]["passed"] is True, "recorded where `dojo list` reads it"
    assert served.json("GET", "/api/progress")[1]["exercises"][slug]["status"] == "passed"
    status, solution = served.json("GET", f"/api/solution/{slug}")
    assert status == 200 and solution["text"] == reference(served, slug) and 'class="hl numbered"' in solution["html"]


def test_an_error_names_its_line(served: Served) -> None:
    slug = NUMPY_SLUG
    write_learner(served, slug, "import numpy as np\n\n\ndef softmax(x, axis=-1):\n    m = x.max(axis=axis, keepdims=True)\n"
                                "    return np.exp(x - m) / undefined_total\n")
    result = served.run_job("run", slug)["result"]
    assert [m["line"] for m in result["marks"]] == [6], result["marks"]
    graded = served.run_job("submit", slug)["result"]
    assert [m["line"] for m in graded["marks"]] == [6]
    tried = served.run_job("try", slug, {"args": "np.array([1.0, 2.0])"})["result"]
    assert tried["yours_kind"] == "raised" and "NameError" in tried["yours"] and not tried["same"]
    assert "[0.268941 0.731059]" in tried["reference"]


def test_custom_input_is_read_never_evaluated(served: Served) -> None:
    write_learner(served, NUMPY_SLUG, reference(served, NUMPY_SLUG))
    status, data = served.json("POST", f"/api/try/{NUMPY_SLUG}", {"args": "__import__('os').system('true')"})
    assert status == 400 and ("not a literal" in data["error"] or "only np.array" in data["error"]), data
    status, data = served.json("POST", f"/api/try/{NUMPY_SLUG}", {"args": "np.array([1.0]), axis=0", "entry": "nope"})
    assert status == 400 and "no function 'nope'" in data["error"]
    tried = served.run_job("try", NUMPY_SLUG, {"args": "np.array([1000.0, 0.0])"})["result"]
    assert tried["same"] and tried["call"] == "softmax(np.array([1000.0, 0.0]))"


def test_hints_are_recorded_one_at_a_time(served: Served) -> None:
    ex = next(e for e in served.catalog.exercises if e.hints_path.is_file())
    status, data = served.json("GET", f"/api/hints/{ex.slug}")
    assert status == 200 and data["seen"] == 0 and data["total"] >= 1
    assert served.json("POST", f"/api/hints/{ex.slug}", {"seen": 1}) == (200, {"seen": 1, "total": data["total"]})
    assert served.json("POST", f"/api/hints/{ex.slug}", {"seen": data["total"] + 1})[0] == 400
    progress = json.loads((served.workspace.state_dir / "progress.json").read_text())
    assert progress["exercises"][ex.slug]["hints_seen"] == 1, "the same record `dojo hint` keeps"


def test_one_job_per_exercise_and_cancel(served: Served) -> None:
    """A second Run of the same exercise waits for the first; Cancel ends a long one at once."""
    slug = NUMPY_SLUG
    write_learner(served, slug, "import time\n\n\ndef softmax(x, axis=-1):\n    time.sleep(600)\n    return x\n")
    status, first = served.json("POST", f"/api/run/{slug}", {})
    assert status == 202
    job = first["job"]["id"]
    time.sleep(1.0)
    status, busy = served.json("POST", f"/api/submit/{slug}", {})
    assert status == 409 and busy["job"]["id"] == job
    other = served.run_job("run", TORCH_SLUG)  # another exercise is not held up
    assert other["state"] == "done"
    started = time.monotonic()
    status, cancelled = served.json("POST", f"/api/jobs/{job}/cancel", {})
    assert status == 200
    finished = served.wait_job(job, timeout=30)
    assert finished["state"] == "cancelled"
    assert time.monotonic() - started < 10, "cancel must end the sandboxed run, not wait for its time limit"
    write_learner(served, slug, reference(served, slug))
    assert served.run_job("run", slug)["result"]["all_passed"], "after a cancel the exercise runs again"


def test_pages_and_not_found(served: Served) -> None:
    status, _, body = served.request("GET", "/index.html")
    assert status == 200 and b"data-serve" in body and b"Mark as solved" not in body
    status, _, body = served.request("GET", "/problems/no-such-problem.html")
    assert status == 404 and b"This page does not exist" in body
    status, _, body = served.request("GET", "/static/vendor/codemirror.js", token=False)
    assert status == 200 and b"DojoEditor" in body


# ---------------------------------------------------------------- in the browser


def _wait(page: Any, expression: str, timeout: float = 30) -> None:
    """Poll a page expression from here: the app's CSP forbids the eval that wait_for_function uses."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        time.sleep(0.1)


def _editor_text(page: Any) -> str:
    return page.evaluate("window.DojoPage.editor.getText()")


def _type_code(page: Any, code: str) -> None:
    page.click(".cm-content")
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(code)


def _walk(served: Served, browser: Any, slug: str, wrong: str, submit_key: bool, error_line: int | None) -> None:
    ex = served.catalog.get(slug)
    ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    errors: list[str] = []
    try:
        page = ctx.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(served.url)
        page.click(f'.row[data-slug="{slug}"] a.title')
        page.wait_for_url(f"**/problems/{slug}.html")
        _wait(page, "document.querySelector('[data-save-state]').textContent.startsWith('Saved')")
        assert _editor_text(page) == served.workspace.learner_file(ex).read_text(encoding="utf-8")

        _type_code(page, wrong)
        page.click('[data-action="run"]')
        page.wait_for_selector("[data-result] [data-verdict]", timeout=120_000)
        assert page.get_attribute("[data-result] [data-verdict]", "data-verdict") == "failed"
        assert page.locator('[data-result] [data-outcome="failed"]').count() >= 1
        assert page.locator('[data-result] [data-outcome="failed"] .msg').first.is_visible()
        assert served.workspace.learner_file(ex).read_text(encoding="utf-8") == wrong, "Run saves the editor to the workspace file"
        if error_line is not None:
            page.wait_for_selector(".cm-error-line")
            marked = page.evaluate("""() => { const v = window.DojoPage.editor.view; const el = document.querySelector('.cm-error-line');
                return v.state.doc.lineAt(v.posAtDOM(el)).number; }""")
            assert marked == error_line
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"serve-{slug}-run.png"))

        _type_code(page, reference(served, slug))
        if submit_key:
            page.click(".cm-content")
            page.keyboard.press("Control+Shift+Enter")
        else:
            page.click('[data-action="submit"]')
        _wait(page, "!!document.querySelector('[data-result] [data-verdict]') && "
                    "document.querySelector('[data-result] .verdict strong').textContent === 'Passed'", timeout=180)
        assert page.locator('[data-result] [data-outcome="failed"]').count() == 0
        assert page.locator('[data-result] [data-outcome="passed"]').count() >= 1
        page.screenshot(path=str(ARTIFACTS / f"serve-{slug}-submit.png"))
        page.click("#tab-solution")
        page.wait_for_selector("[data-solution] .hl")

        page.goto(f"{served.base}/index.html")
        page.reload()
        row = page.locator(f'.row[data-slug="{slug}"]')
        row.wait_for()
        _wait(page, f"document.querySelector('.row[data-slug=\"{slug}\"]').classList.contains('solved')")
        assert int(page.inner_text("[data-solved-count]")) >= 1
        assert not errors, errors
    finally:
        ctx.close()


def in_browser(test: Any) -> Any:
    """Marks a test that drives Chromium (slow, skipped where Chromium is absent)."""
    for mark in (pytest.mark.browser, pytest.mark.slow,
                 pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium (CI installs it)")):
        test = mark(test)
    return test


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Served]:
    """A server of its own: the walk starts from a workspace where nothing is solved."""
    s = start_server(tmp_path)
    yield s
    stop_server(s)


@in_browser
def test_browser_walk_numpy(fresh: Served, browser: Any) -> None:
    """Open a NumPy problem, type a softmax that overflows, Run (a failing example), type the
    fix, Submit (passed), and find it solved on the index after a reload."""
    naive = "import numpy as np\n\n\ndef softmax(x, axis=-1):\n    e = np.exp(x)\n    return e / e.sum(axis=axis, keepdims=True)\n"
    _walk(fresh, browser, NUMPY_SLUG, naive, submit_key=False, error_line=None)


@in_browser
def test_browser_walk_torch(fresh: Served, browser: Any) -> None:
    """The same with a PyTorch problem, a mistake that raises (its line marked in the editor) and
    Submit by Ctrl+Shift+Enter."""
    wrong = ("import torch\n\n\ndef moh_balance_loss(gate_probs, mask):\n    h_r = gate_probs.shape[-1]\n"
             "    return h_r * (gate_probs.mean(0) * mask.float().mean(0)).sum() / total\n")
    _walk(fresh, browser, TORCH_SLUG, wrong, submit_key=True, error_line=6)


@in_browser
def test_browser_notices_the_file_changing_on_disk(served: Served, browser: Any) -> None:
    ex = served.catalog.get(TORCH_SLUG)
    path = served.workspace.learner_file(ex)
    path.write_bytes(ex.starter_path.read_bytes())
    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        page.goto(f"{served.base}/problems/{TORCH_SLUG}.html?token={served.token}")
        _wait(page, "document.querySelector('[data-save-state]').textContent.startsWith('Saved')")
        path.write_text("# changed by another editor\n", encoding="utf-8")
        _wait(page, "window.DojoPage.editor.getText() === '# changed by another editor\\n'", timeout=10)
        # Unsaved edits, and the disk changes before they are saved: the page must ask, not overwrite.
        _type_code(page, "# typed here")
        path.write_text("# changed again\n", encoding="utf-8")
        page.wait_for_selector("[data-disk-notice]:not([hidden])", timeout=10_000)
        assert path.read_text(encoding="utf-8") == "# changed again\n", "unsaved edits never overwrite a change on disk"
        page.click('[data-disk="load"]')
        assert _editor_text(page) == "# changed again\n"
    finally:
        ctx.close()
        path.write_bytes(ex.starter_path.read_bytes())


@in_browser
def test_browser_a_foreign_page_cannot_drive_the_grader(served: Served, browser: Any, tmp_path: Path) -> None:
    """Another site open in the same browser (here another port of 127.0.0.1, the same *site* for
    cookies) tries to save the learner's file and start a run with the learner's cookie: refused,
    and nothing runs."""
    import functools
    import http.server
    import threading

    (tmp_path / "evil.html").write_text("<!doctype html><title>another site</title><p>hello", encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *a, **k: None  # type: ignore[assignment]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    ex = served.catalog.get(NUMPY_SLUG)
    path = served.workspace.learner_file(ex)
    before = path.read_bytes()
    first = served.json("POST", f"/api/run/{NUMPY_SLUG}", {})[1]["job"]["id"]
    served.wait_job(first)
    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        page.goto(served.url)  # the learner is in: the cookie is set in this browser
        assert page.evaluate("document.body.hasAttribute('data-serve')")
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/evil.html")
        outcomes = page.evaluate("""async (base) => {
            const out = [];
            const tries = [["PUT", "/api/file/stable-softmax", '{"text": "owned = 1\\\\n", "force": true}', "application/json"],
                           ["POST", "/api/run/stable-softmax", "{}", "application/json"],
                           ["POST", "/api/run/stable-softmax", "{}", "text/plain"]];
            for (const [method, path, body, type] of tries) {
                try {
                    const r = await fetch(base + path, {method, body, credentials: "include", headers: {"Content-Type": type}});
                    out.push(r.status);
                } catch (e) { out.push("blocked"); }
                try {  // no-cors: the request leaves, its answer is opaque
                    await fetch(base + path, {method: "POST", mode: "no-cors", credentials: "include", body});
                } catch (e) {}
            }
            return out;
        }""", served.base)
        assert all(o in ("blocked", 403) for o in outcomes), outcomes
    finally:
        ctx.close()
        httpd.shutdown()
        httpd.server_close()
    assert path.read_bytes() == before, "a foreign page wrote the learner's file"
    second = served.json("POST", f"/api/run/{NUMPY_SLUG}", {})[1]["job"]["id"]
    served.wait_job(second)
    assert int(second) == int(first) + 1, "a foreign page started a job"


@in_browser
@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_browser_serve_page_contrast(served: Served, browser: Any, scheme: str, contrast_failures: Any) -> None:
    """The editor's code colours, the results of a failing Run and of a custom input, the gutter
    and the buttons: WCAG AA in both themes."""
    write_learner(served, NUMPY_SLUG, "import numpy as np\n\n\ndef softmax(x, axis=-1):\n    # TODO: the max\n"
                                      "    return np.exp(x) / np.exp(x).sum(axis=axis, keepdims=True) + 0.5\n")
    ctx = browser.new_context(viewport={"width": 1440, "height": 900}, color_scheme=scheme)
    try:
        page = ctx.new_page()
        page.goto(f"{served.base}/problems/{NUMPY_SLUG}.html?token={served.token}")
        _wait(page, "document.querySelector('[data-save-state]').textContent.startsWith('Saved')")
        page.click('[data-action="run"]')
        page.wait_for_selector("[data-result] [data-verdict]", timeout=120_000)
        failures = [f"run: {f}" for f in contrast_failures(page)]
        page.click("#tab-try")
        page.fill("[data-try-args]", "np.array([1.0, 2.0])")
        page.click('[data-try-form] button[type="submit"]')
        page.wait_for_selector("[data-try-result] [data-verdict]", timeout=60_000)
        failures += [f"try: {f}" for f in contrast_failures(page)]
        assert page.locator(".cm-content .tok-comment").count() >= 1 and page.locator(".cm-content .tok-number").count() >= 1
        assert not failures, "\n".join(sorted(set(failures)))
    finally:
        ctx.close()


def test_cli_refuses_what_it_cannot_serve(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from grader.cli import main

    assert main(["serve", "--workspace", str(tmp_path / "not-a-workspace")]) == 2
    assert "not a dojo workspace" in capsys.readouterr().err
    catalog = load_catalog()
    ws, _ = init_workspace(catalog, tmp_path / "ws")
    assert main(["serve", "--workspace", str(ws.root), "--port", "70000"]) == 2
    assert "0 to 65535" in capsys.readouterr().err
    taken = bind(0)
    try:
        assert main(["serve", "--workspace", str(ws.root), "--port", str(taken.getsockname()[1])]) == 2
        assert "choose another --port" in capsys.readouterr().err
    finally:
        taken.close()


def test_a_busy_default_port_falls_back_to_a_free_one() -> None:
    from grader.serve.app import DEFAULT_PORT

    try:
        holder = bind(DEFAULT_PORT)
    except OSError:
        holder = None  # something else holds it already: the fallback is exercised all the same
    try:
        sock = bind(DEFAULT_PORT)
        try:
            assert sock.getsockname()[0] == "127.0.0.1" and sock.getsockname()[1] != DEFAULT_PORT
        finally:
            sock.close()
    finally:
        if holder is not None:
            holder.close()
