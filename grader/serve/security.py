"""Who may talk to `dojo serve`: this machine's browser, holding the token, from the app's own pages.

The server runs the learner's code, so a web page from anywhere else open in the same browser must
not be able to drive it. Three checks, on every request, before any route runs:

- Host must be 127.0.0.1:PORT or localhost:PORT (DNS rebinding: evil.example resolving to 127.0.0.1
  still sends `Host: evil.example`);
- a request that changes state (anything but GET/HEAD/OPTIONS) must carry an Origin of this app
  (a cross-site form or fetch sends its own Origin; none at all is refused too);
- the token: in the URL once (`?token=...`, as Jupyter does), which sets an HttpOnly, SameSite=Strict
  cookie and redirects to the same page without it; then the cookie (or an X-Dojo-Token header)
  on every request. Only /static/ (the package's own CSS and scripts) is served without it.

Anything else gets 403. Responses carry a Content-Security-Policy that allows only this origin.
"""
from __future__ import annotations

import hmac
import json
import secrets
from typing import Any, Awaitable, Callable, Iterable
from urllib.parse import parse_qsl, urlencode

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
TOKEN_HEADER = "x-dojo-token"
PUBLIC_PREFIXES = ("/static/",)
SECURITY_HEADERS = (
    ("content-security-policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                                "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
                                "base-uri 'self'; form-action 'self'"),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    ("cross-origin-resource-policy", "same-origin"),
)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def cookie_name(port: int) -> str:
    # Cookies ignore ports: two servers on one machine must not overwrite each other's.
    return f"dojo-token-{port}"


def allowed_hosts(port: int) -> frozenset[str]:
    return frozenset({f"127.0.0.1:{port}", f"localhost:{port}"})


def allowed_origins(port: int) -> frozenset[str]:
    return frozenset({f"http://{host}" for host in allowed_hosts(port)})


def _headers(scope: Scope) -> dict[str, str]:
    out: dict[str, str] = {}
    for raw_name, raw_value in scope.get("headers", []):
        name = raw_name.decode("latin-1").lower()
        value = raw_value.decode("latin-1")
        out[name] = value if name not in out else out[name] + ("; " if name == "cookie" else ", ") + value
    return out


def _cookies(header: str) -> dict[str, str]:
    jar: dict[str, str] = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition("=")
        if name and name not in jar:
            jar[name] = value
    return jar


def _same(a: str | None, b: str) -> bool:
    return a is not None and hmac.compare_digest(a.encode(), b.encode())


class Guard:
    """ASGI middleware in front of the whole app: Host, Origin and token checks."""

    def __init__(self, app: ASGIApp, token: str, port: int) -> None:
        self.app = app
        self.token = token
        self.port = port
        self.hosts = allowed_hosts(port)
        self.origins = allowed_origins(port)
        self.cookie = cookie_name(port)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        method = scope["method"].upper()
        path = scope.get("path", "/")
        if headers.get("host", "").lower() not in self.hosts:
            await _refuse(send, path, "this server answers only to 127.0.0.1 and localhost (Host header refused)")
            return
        if method not in SAFE_METHODS and headers.get("origin", "") not in self.origins:
            await _refuse(send, path, "a request that changes something must come from this app's own pages (Origin refused)")
            return
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True))
        if "token" in query and method == "GET":
            if _same(query["token"], self.token):
                await self._welcome(send, path, query)
            else:
                await _refuse(send, path, "wrong token: open the address `dojo serve` printed")
            return
        if path.startswith(PUBLIC_PREFIXES) and method in SAFE_METHODS:
            await self.app(scope, receive, _with_headers(send))
            return
        presented = _cookies(headers.get("cookie", "")).get(self.cookie) or headers.get(TOKEN_HEADER)
        if not _same(presented, self.token):
            await _refuse(send, path, "no valid token: open the address `dojo serve` printed (it ends in ?token=...)")
            return
        await self.app(scope, receive, _with_headers(send))

    async def _welcome(self, send: Send, path: str, query: dict[str, str]) -> None:
        """The token in the URL becomes a cookie; the browser goes on to the same page without it,
        so the token stays out of the history and of anything the page shows."""
        rest = urlencode([(k, v) for k, v in query.items() if k != "token"])
        location = path + (f"?{rest}" if rest else "")
        cookie = f"{self.cookie}={self.token}; Path=/; HttpOnly; SameSite=Strict"
        await send({"type": "http.response.start", "status": 303,
                    "headers": _encode([("location", location), ("set-cookie", cookie), ("cache-control", "no-store"),
                                        *SECURITY_HEADERS])})
        await send({"type": "http.response.body", "body": b""})


def _encode(pairs: Iterable[tuple[str, str]]) -> list[tuple[bytes, bytes]]:
    return [(k.encode("latin-1"), v.encode("latin-1")) for k, v in pairs]


def _with_headers(send: Send) -> Send:
    async def wrapped(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            present = {k.lower() for k, _ in message.get("headers", [])}
            extra = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS if k.encode() not in present]
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)
    return wrapped


async def _refuse(send: Send, path: str, why: str) -> None:
    if path.startswith("/api/"):
        body = json.dumps({"error": why}).encode()
        kind = "application/json"
    else:
        page = (f"<!doctype html><meta charset=utf-8><title>Forbidden · dojo serve</title>"
                f"<h1>403: not allowed</h1><p>{why}.</p>")
        body = page.encode()
        kind = "text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": 403,
                "headers": _encode([("content-type", kind), ("content-length", str(len(body))), ("cache-control", "no-store"),
                                    *SECURITY_HEADERS])})
    await send({"type": "http.response.body", "body": body})
