"""Serve an HA pair: the emulator on an internal socket, three front doors, the HA control routes.

    pair = HaEmulatorServer(tls=True).start()
    pair.url("primary"), pair.url("secondary"), pair.url("global"), pair.control_url

The primary and secondary servers and the global address each listen on their own port with their own
certificate (one CA signs all three; each names 127.0.0.1, ::1, localhost and its own FQDN). The
control API answers on every door and on `control_url` (the internal socket, up whatever fails).

Control routes (prefix `/__emulator__`), all on the virtual clock:

- `GET /ha`: the pair (roles, URLs, FQDNs, licence).
- `POST /ha/switchover`: graceful switchover to the standby server.
- `POST /ha/fail` `{"server": "active"|"standby"|"primary"|"secondary", "takeoverSeconds"?: N}`: abrupt
  failure; the standby takes over after N virtual seconds (default 0: at once).
- `POST /ha/restore` `{"server": ...}`: a failed server returns, as standby.
- `POST /ha/failback`: the primary server becomes active again.
- `POST /ha/oxe-switchover` `{"nodeId"?, "downSeconds"?: 45, "eventDelay"?: 30}`: OXE call-server
  switchover (CTI link DISCONNECTED, then CONNECTED_SECONDARY).
- `POST /reset` also brings both servers back, the primary active.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import pathlib
import ssl
import tempfile
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from ..control.powers import control_body
from ..core import errors
from ..core.dispatch import error_response
from ..core.registry import REQUEST_BASE_URL
from ..server import EmulatorServer
from .pair import NODES, OXE_SWITCHOVER_DOWN, HaPair
from .proxy import Listener

CONTROL_PREFIX = "/__emulator__"
T = TypeVar("T")
#: FQDNs of the two servers and of the pair's global address (in /system/status and the certificates).
DEFAULT_FQDNS = {
    "primary": "o2g-primary.localdomain",
    "secondary": "o2g-secondary.localdomain",
    "global": "o2g.localdomain",
}


class HaMiddleware:
    """Routes each request by the door it came through: its base URL, the server behind it, its role."""

    def __init__(self, app: ASGIApp, pair: HaPair) -> None:
        self.app = app
        self.pair = pair

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        door = self.pair.doors.name_of(scope.get("client"))
        path: str = scope["path"]
        if path.startswith(CONTROL_PREFIX):
            if path == CONTROL_PREFIX + "/reset" and scope["method"] == "POST":
                await self.pair.reset()
            await self.app(scope, receive, send)
            return
        node = self.pair.serving(door)
        if node is None or node.role != "active":
            why = f"the {node.name} server is {node.role}" if node else "no server of the pair is active"
            # The standby runs no O2G service (documented choice, see pair.py): NOT_READY (L313).
            await error_response(errors.not_ready(why + "; retry later"), None)(scope, receive, send)
            return
        token = REQUEST_BASE_URL.set(self.pair.url(door or "global"))
        try:
            await self.app(scope, receive, send)
        finally:
            REQUEST_BASE_URL.reset(token)


def _seconds(data: dict[str, Any], name: str, default: float) -> float:
    value = data.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise errors.bad_parameter(f"'{name}' must be a number of seconds (0 or more)")
    return float(value)


def _server(data: dict[str, Any]) -> str:
    name = data.get("server", "active")
    if name not in (*NODES, "active", "standby", "failed"):
        raise errors.bad_parameter("'server' must be active, standby, failed, primary or secondary")
    return str(name)


def ha_control_routes(pair: HaPair) -> list[Route]:
    """The HA routes of the control API (see the module docstring)."""

    def guarded(fn: Callable[[Request], Awaitable[dict[str, Any]]]) -> Callable[[Request], Awaitable[Response]]:
        async def handler(request: Request) -> Response:
            try:
                return JSONResponse(await fn(request))
            except errors.ApiError as err:
                return error_response(err, None)

        return handler

    async def view(request: Request) -> dict[str, Any]:
        return pair.view()

    async def switchover(request: Request) -> dict[str, Any]:
        return pair.switchover()

    async def failback(request: Request) -> dict[str, Any]:
        return pair.failback()

    async def fail(request: Request) -> dict[str, Any]:
        data = await control_body(request)
        return await pair.fail(_server(data), _seconds(data, "takeoverSeconds", 0.0))

    async def restore(request: Request) -> dict[str, Any]:
        data = await control_body(request)
        return await pair.restore(_server({"server": data.get("server", "standby"), **data}))

    async def oxe(request: Request) -> dict[str, Any]:
        data = await control_body(request)
        node = data.get("nodeId")
        if node is not None and (isinstance(node, bool) or not isinstance(node, int)):
            raise errors.bad_parameter("'nodeId' must be an OXE node number")
        down = _seconds(data, "downSeconds", OXE_SWITCHOVER_DOWN)
        return pair.oxe_switchover(node, down, _seconds(data, "eventDelay", 30.0))

    p = CONTROL_PREFIX + "/ha"
    return [
        Route(p, guarded(view), methods=["GET"]),
        Route(p + "/switchover", guarded(switchover), methods=["POST"]),
        Route(p + "/failback", guarded(failback), methods=["POST"]),
        Route(p + "/fail", guarded(fail), methods=["POST"]),
        Route(p + "/restore", guarded(restore), methods=["POST"]),
        Route(p + "/oxe-switchover", guarded(oxe), methods=["POST"]),
    ]


@dataclass(frozen=True)
class PairTls:
    """One CA and a certificate per door."""

    ca: pathlib.Path
    contexts: dict[str, ssl.SSLContext]


def make_pair_certificates(directory: pathlib.Path, fqdns: dict[str, str], hosts: list[str]) -> PairTls:
    """A CA and one server certificate per door, naming the loopback, `hosts` and the door's own FQDN."""
    import trustme

    ca = trustme.CA()
    directory.mkdir(parents=True, exist_ok=True)
    ca_path = directory / "emulator-ca.pem"
    ca.cert_pem.write_to_path(str(ca_path))
    contexts = {}
    for door, fqdn in fqdns.items():
        cert = ca.issue_cert(*dict.fromkeys(["127.0.0.1", "::1", "localhost", *hosts, fqdn]))
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        cert.configure_cert(ctx)
        for blob, name in ((cert.private_key_and_cert_chain_pem, f"emulator-{door}.pem"),):
            blob.write_to_path(str(directory / name))
        contexts[door] = ctx
    return PairTls(ca_path, contexts)


class HaEmulatorServer:
    """An emulated O2G HA pair on real sockets, in a background thread (tests, the plugin, `--ha`)."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        ports: tuple[int, int, int] = (0, 0, 0),  # global, primary, secondary
        tls: bool = False,
        tls_dir: pathlib.Path | None = None,
        topology: str | pathlib.Path | None = None,
        licences: str | pathlib.Path | None = None,
        clock_running: bool = False,
        public_host: str | None = None,
        fqdns: dict[str, str] | None = None,
    ) -> None:
        self.inner = EmulatorServer(
            host="127.0.0.1", topology=topology, licences=licences, clock_running=clock_running, public_host=None
        )
        self.host = host
        self.ports = ports
        self.fqdns = dict(fqdns or DEFAULT_FQDNS)
        advertised = public_host or ("127.0.0.1" if host in ("0.0.0.0", "") else "::1" if host == "::" else host)
        self.pair = HaPair(self.inner.backend, scheme="https" if tls else "http", host=advertised, fqdns=self.fqdns)
        self.tls: PairTls | None = None
        if tls:
            directory = tls_dir or pathlib.Path(tempfile.mkdtemp(prefix="o2g-ha-tls-"))
            self.tls = make_pair_certificates(directory, self.fqdns, [h for h in (host, public_host) if h])
        app = self.inner.app
        app.router.routes[0:0] = ha_control_routes(self.pair)
        app.add_middleware(HaMiddleware, pair=self.pair)

    @property
    def ca_file(self) -> pathlib.Path | None:
        return self.tls.ca if self.tls else None

    def url(self, door: str) -> str:
        return self.pair.url(door)

    @property
    def control_url(self) -> str:
        return self.inner.url

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 10.0) -> T:
        return self.inner.run(coro, timeout)

    def start(self) -> HaEmulatorServer:
        self.inner.start()
        upstream = ("127.0.0.1", self.inner.config.port)

        def door(name: str, port: int) -> Listener:
            ctx = self.tls.contexts[name] if self.tls else None
            return Listener(name, self.host, port, upstream, self.pair.doors, tls=ctx)

        doors = [door("primary", self.ports[1]), door("secondary", self.ports[2]), door("global", self.ports[0])]

        async def open_all() -> None:
            for listener in doors:
                await listener.open()

        try:
            self.run(open_all())
        except BaseException:
            self.inner.stop()
            raise
        self.pair.add_doors(*doors)
        return self

    def stop(self) -> None:
        async def close_all() -> None:
            listeners = [n.listener for n in self.pair.nodes.values()]
            if self.pair.global_door is not None:
                listeners.append(self.pair.global_door)
            await asyncio.gather(*(listener.close(abort=True) for listener in listeners))

        with contextlib.suppress(RuntimeError):  # not running
            self.run(close_all())
        self.inner.stop()

    def __enter__(self) -> HaEmulatorServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve_pair(args: Any) -> int:
    """`o2g-emulator --ha`: serve a pair until interrupted (args as parsed by the emulator's command)."""
    import sys
    import threading

    port = int(args.port)
    ports = (port, port + 1, port + 2) if port else (0, 0, 0)
    server = HaEmulatorServer(
        host=args.host,
        ports=ports,
        tls=bool(args.tls),
        tls_dir=pathlib.Path(args.tls_dir),
        topology=args.topology,
        licences=args.licences,
        clock_running=not args.frozen_clock,
        public_host=args.public_host,
    )
    try:
        server.start()
    except OSError as exc:
        print(f"o2g-emulator: error: cannot listen on {args.host}:{ports}: {exc.strerror}", file=sys.stderr)
        return 2
    for door in ("global", "primary", "secondary"):
        print(f"o2g-emulator: {door:9} {server.url(door)}/api/rest ({server.fqdns[door]})", file=sys.stderr)
    print(f"o2g-emulator: control  {server.control_url}/__emulator__/ha", file=sys.stderr)
    if server.ca_file:
        print(f"o2g-emulator: trust the pair's CA with --o2g-ca-file {server.ca_file}", file=sys.stderr, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0
