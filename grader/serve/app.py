"""The web app of `dojo serve`: the site's pages (rendered by grader.site.build.Pages with
serve=True), its static files and the editor, and the JSON API of grader.serve.api, behind the
Guard of grader.serve.security. Served by uvicorn on 127.0.0.1 only."""
from __future__ import annotations

import contextlib
import socket
import threading
from typing import Any, AsyncIterator, Callable

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from grader.catalog import Catalog
from grader.serve import api
from grader.serve.jobs import Board, CancellableSandbox
from grader.serve.security import Guard
from grader.site.build import SITE_SRC, Pages
from grader.site.examples import visible_tests
from grader.site.highlight import style_css
from grader.workspace import Workspace

HOST = "127.0.0.1"
DEFAULT_PORT = 8765


class PageCache:
    """Pages rendered on first request and kept: they come from the catalog, not the workspace
    (the editor fetches the learner's file itself)."""

    def __init__(self, catalog: Catalog) -> None:
        self.pages = Pages(catalog, serve=True)
        self.catalog = catalog
        self.cache: dict[str, str] = {}
        self.lock = threading.Lock()
        self.tracks = {t["slug"]: t for t in self.pages.common["tracks"]}
        self.exercises = {ex.slug: ex for ex in catalog.exercises}

    def get(self, path: str) -> str | None:
        with self.lock:
            if path not in self.cache:
                html = self._render(path)
                if html is None:
                    return None
                self.cache[path] = html
            return self.cache[path]

    def _render(self, path: str) -> str | None:
        if path in ("", "index.html"):
            return self.pages.index()
        if path == "about.html":
            return self.pages.about()
        folder, _, name = path.partition("/")
        slug = name.removesuffix(".html") if name.endswith(".html") else None
        if folder == "problems" and slug in self.exercises:
            return self.pages.problem(self.exercises[slug])
        if folder == "tracks" and slug in self.tracks:
            return self.pages.track(self.tracks[slug])
        return None

    def not_found(self) -> str:
        with self.lock:
            if " 404" not in self.cache:  # a key no request path can be
                self.cache[" 404"] = self.pages.not_found()
            return self.cache[" 404"]


def _titles(catalog: Catalog) -> dict[str, dict[str, str]]:
    """Each exercise's visible test names -> the titles its Test Cases tab shows."""
    out: dict[str, dict[str, str]] = {}
    for ex in catalog.exercises:
        source = ex.test_path.read_text(encoding="utf-8") if ex.test_path.is_file() else ""
        out[ex.slug] = {t.name.rsplit(".", 1)[-1]: t.title for t in visible_tests(source)}
    return out


def create_app(catalog: Catalog, workspace: Workspace, token: str, port: int,
               sandbox_factory: Callable[[], Any] | None = None) -> Guard:
    """The whole app, guarded. The sandbox opens when the app starts (its zygotes warm up while
    the browser loads the first page) and closes when it stops."""
    pages = PageCache(catalog)

    async def page(request: Request) -> Response:
        path = request.path_params.get("path", "")
        if path == "":
            return RedirectResponse("/index.html", status_code=307)
        html = pages.get(path)
        if html is None:
            return HTMLResponse(pages.not_found(), status_code=404, headers={"cache-control": "no-store"})
        return HTMLResponse(html, headers={"cache-control": "no-store"})

    def pygments_css(request: Request) -> Response:
        return Response(style_css(), media_type="text/css")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        from grader.sandbox.parent import open_sandbox

        inner = (sandbox_factory or open_sandbox)()
        board = Board(CancellableSandbox(inner))
        app.state.dojo = api.State(catalog=catalog, workspace=workspace, board=board, titles=_titles(catalog))
        try:
            yield
        finally:
            board.cancel_all()
            inner.close()

    app = Starlette(
        routes=[
            *api.ROUTES,
            Route("/static/pygments.css", pygments_css, methods=["GET", "HEAD"]),
            Mount("/static", app=StaticFiles(directory=SITE_SRC / "static"), name="static"),
            Route("/{path:path}", page, methods=["GET", "HEAD"]),
        ],
        lifespan=lifespan,
    )
    return Guard(app, token, port)


def bind(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1:port; port 0, or a busy default port, takes a free one."""
    def listen(p: int) -> socket.socket:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, p))
        except OSError:
            sock.close()
            raise
        sock.listen(128)
        sock.set_inheritable(True)
        return sock

    try:
        return listen(port)
    except OSError:
        if port != DEFAULT_PORT:
            raise
        return listen(0)


def url_of(port: int, token: str, path: str = "/index.html") -> str:
    return f"http://{HOST}:{port}{path}?token={token}"


def run(catalog: Catalog, workspace: Workspace, token: str, sock: socket.socket,
        on_ready: Callable[[], None] | None = None) -> None:
    """Serve until interrupted (Ctrl-C)."""
    import uvicorn

    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(catalog, workspace, token, port), log_level="warning", lifespan="on",
                            access_log=False, server_header=False, date_header=False)
    server = uvicorn.Server(config)
    if on_ready is not None:
        def watch() -> None:
            while not server.started and not server.should_exit:
                threading.Event().wait(0.05)
            if server.started:
                on_ready()
        threading.Thread(target=watch, daemon=True).start()
    server.run(sockets=[sock])

