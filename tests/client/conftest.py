"""Fixtures for the client tests: an in-memory fake O2G (httpx.MockTransport) and a loopback chunk server."""

from __future__ import annotations

import http.server
import json
import ssl
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import trustme

from o2g_conformance.client import O2GClient, Session

CONFIGURED = "http://configured.test"
AUTH_URL = "https://auth.internal:8443/api/rest/authenticate?version=1.0"
PUBLIC_AUTH_URL = "https://public.example/api/rest/authenticate?version=1.0"
SESSIONS_URL = "https://sessions.internal:9443/api/rest/1.0/sessions"
PUBLIC_SESSIONS_URL = "https://public.example/api/rest/1.0/sessions"
PRIVATE_BASE = "https://api.internal:7443/api/rest/1.0"
PUBLIC_BASE = "https://public.example/api/rest/1.0"
TOKEN = "eyJhbGciOiJIUzI1NiJ9.COOKIE-TOKEN.sig"
BODY_TOKEN = "eyJhbGciOiJIUzI1NiJ9.BODY-TOKEN.sig"
PASSWORD = "s3cret-pw"

Handler = Callable[[httpx.Request], httpx.Response]


def rest_error(status: int, type_: str, code: int, can_retry: bool, **extra: Any) -> httpx.Response:
    body = {
        "httpStatus": httpx.codes(status).name,
        "code": code,
        "helpMessage": f"help for {type_}",
        "type": type_,
        "innerMessage": f"inner {type_}",
        "canRetry": can_retry,
        **extra,
    }
    return httpx.Response(status, json=body)


class FakeO2G:
    """Just enough O2G for client tests; every URL it gives points at another host, to prove they are followed."""

    CONFIGURED = CONFIGURED
    AUTH_URL = AUTH_URL
    PUBLIC_AUTH_URL = PUBLIC_AUTH_URL
    SESSIONS_URL = SESSIONS_URL
    PUBLIC_SESSIONS_URL = PUBLIC_SESSIONS_URL
    PRIVATE_BASE = PRIVATE_BASE
    PUBLIC_BASE = PUBLIC_BASE
    TOKEN = TOKEN
    BODY_TOKEN = BODY_TOKEN
    PASSWORD = PASSWORD
    error = staticmethod(rest_error)

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.routes: dict[tuple[str, str], Handler | list[Handler]] = {}
        self.set_cookie = True
        self.session_body: dict[str, Any] = {
            "timeToLive": "1800",
            "publicBaseUrl": PUBLIC_BASE,
            "privateBaseUrl": PRIVATE_BASE,
            "Services": [
                {"serviceName": "Subscriptions", "serviceVersion": "1.0", "relativeUrl": "/subscriptions"},
                {"serviceName": "Telephony", "serviceVersion": "1.0", "relativeUrl": "/telephony/calls"},
                {"serviceName": "ACD Statistics", "relativeUrl": "/acdstatistics"},
            ],
        }
        self.on("GET", "/api/rest", lambda r: httpx.Response(200, json=self.descriptor()))
        self.on("GET", "/api/rest/authenticate", self._authenticate)
        self.on("POST", "/api/rest/1.0/sessions", self._open_session)
        self.on("POST", "/api/rest/1.0/sessions/keepalive", lambda r: httpx.Response(204))
        self.on("DELETE", "/api/rest/1.0/sessions", lambda r: httpx.Response(204))

    def descriptor(self) -> dict[str, Any]:
        return {
            "serverInfo": {
                "productName": "O2G Solution",
                "productType": "O2G",
                "productVersion": {"major": "2.7", "minor": "004.000"},
                "haMode": True,
            },
            "versions": [{"id": "1.0", "status": "CURRENT", "publicUrl": PUBLIC_AUTH_URL, "internalUrl": AUTH_URL}],
            "custoFeatures": [{"CCD_LOAD_OPE_CCA": True}],
        }

    def _authenticate(self, request: httpx.Request) -> httpx.Response:
        if request.headers.get("authorization") is None:
            return rest_error(401, "NOT_ALLOWED", 1002, False)
        headers = {"Set-Cookie": f"AlcUserId={TOKEN}; Path=/"} if self.set_cookie else {}
        body = {
            "credential": BODY_TOKEN,
            "publicUrl": PUBLIC_SESSIONS_URL,
            "internalUrl": SESSIONS_URL,
            "expired": "false",
            "login": "oxe1000",
        }
        return httpx.Response(200, json=body, headers=headers)

    def _open_session(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=self.session_body, headers={"Set-Cookie": "JSESSIONID=88C0.tomcat; Path=/api"})

    def on(self, method: str, path: str, handler: Handler | list[Handler]) -> None:
        """Answer `method path` (any host) with `handler`, or with each of a list in turn (the last repeats)."""
        self.routes[(method, path)] = handler

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        handler = self.routes.get((request.method, request.url.path))
        if isinstance(handler, list):
            handler = handler.pop(0) if len(handler) > 1 else handler[0]
        if handler is None:
            return rest_error(404, "NOT_FOUND", 1003, True)
        return handler(request)

    def last(self, method: str | None = None) -> httpx.Request:
        return next(r for r in reversed(self.requests) if method is None or r.method == method)

    def hits(self, method: str, path: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.method == method and r.url.path == path]


@pytest.fixture
def fake() -> FakeO2G:
    return FakeO2G()


@pytest.fixture
def client(fake: FakeO2G) -> Iterator[O2GClient]:
    with O2GClient(CONFIGURED, transport=httpx.MockTransport(fake), backoff=0.0) as c:
        yield c


@pytest.fixture
def session(client: O2GClient) -> Session:
    return client.login("oxe1000", PASSWORD)


# -- loopback chunk server ------------------------------------------------------------------------------------


@dataclass
class ChunkScript:
    """What the server answers on one path: status, chunks (bytes, written one by one), then hold or end."""

    chunks: list[bytes] = field(default_factory=list)
    status: int = 200
    hold: bool = True
    delay_headers: float = 0.0


def chunk_lines(*events: dict[str, Any]) -> bytes:
    return b"".join(json.dumps(e, separators=(",", ":")).encode() + b"\n" for e in events)


@dataclass
class ChunkServer:
    """A loopback HTTP/1.1 server writing scripted chunked bodies; `seen` lists (method, path, headers)."""

    url: str
    scripts: dict[str, ChunkScript]
    seen: list[tuple[str, str, dict[str, str]]]
    release: threading.Event
    Script = ChunkScript
    lines = staticmethod(chunk_lines)


def _serve_chunks(tls: ssl.SSLContext | None) -> Iterator[ChunkServer]:
    scripts: dict[str, ChunkScript] = {}
    seen: list[tuple[str, str, dict[str, str]]] = []
    release = threading.Event()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            path = self.path.split("?", 1)[0]
            seen.append((self.command, self.path, dict(self.headers.items())))
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            script = scripts.get(path, ChunkScript(status=404, chunks=[b'{"type":"NOT_FOUND"}'], hold=False))
            if script.delay_headers and release.wait(script.delay_headers):
                return
            self.send_response(script.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for chunk in script.chunks:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.flush()
            if script.hold:
                release.wait(10)
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()

        do_GET = do_POST = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    scheme = "https" if tls is not None else "http"
    try:
        yield ChunkServer(f"{scheme}://127.0.0.1:{server.server_address[1]}", scripts, seen, release)
    finally:
        release.set()
        server.shutdown()
        server.server_close()


@pytest.fixture
def chunk_server() -> Iterator[ChunkServer]:
    """A plain-http loopback chunk server."""
    yield from _serve_chunks(None)


@pytest.fixture
def tls_ca(tmp_path: Path) -> tuple[trustme.CA, str]:
    """A throw-away CA and the path of its certificate file."""
    ca = trustme.CA()
    path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return ca, str(path)


@pytest.fixture
def tls_chunk_server(tls_ca: tuple[trustme.CA, str]) -> Iterator[ChunkServer]:
    """The same server over TLS, with a certificate for IP:127.0.0.1 issued by `tls_ca`."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls_ca[0].issue_cert("127.0.0.1").configure_cert(context)
    yield from _serve_chunks(context)
