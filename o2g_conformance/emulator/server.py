"""Run the emulator: the `o2g-emulator` command and a threaded runner (port 0) for tests.

With `--tls` and no certificate, a certificate is issued by a throw-away CA (trustme) for
127.0.0.1, ::1 and localhost (plus the public host), and the CA is written to a PEM file that clients
can trust.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import pathlib
import socket
import ssl
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Coroutine, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NoReturn, TypeVar

import uvicorn

from .app import create_app
from .control.guard import TOKEN_ENV, is_loopback, token_from_env
from .core.clock import EPOCH
from .core.licence_file import LicenceFileError, load_licence_file
from .core.licences import CONFIG_KEY
from .core.registry import Backend, EmulatorConfig
from .core.topology import TopologyError, default_topology_path, load_topology

T = TypeVar("T")
#: The test suite's clock: frozen, from the fixed EPOCH (reproducible runs); pass as `EmulatorServer(**FROZEN)`.
FROZEN: dict[str, Any] = {"clock_running": False, "clock_start": EPOCH}


@dataclass(frozen=True)
class TlsFiles:
    cert: pathlib.Path
    key: pathlib.Path
    ca: pathlib.Path | None


def make_certificate(directory: pathlib.Path, hosts: Sequence[str]) -> TlsFiles:
    """Issue a server certificate for `hosts` from a fresh CA; write cert, key and CA as PEM files."""
    import trustme

    ca = trustme.CA()
    names = list(dict.fromkeys(["127.0.0.1", "::1", "localhost", *hosts]))
    cert = ca.issue_cert(*names)
    directory.mkdir(parents=True, exist_ok=True)
    files = TlsFiles(directory / "emulator-cert.pem", directory / "emulator-key.pem", directory / "emulator-ca.pem")
    cert.private_key_pem.write_to_path(str(files.key))
    with open(files.cert, "wb") as f:
        for blob in cert.cert_chain_pems:
            f.write(blob.bytes())
    ca.cert_pem.write_to_path(str(files.ca))
    return files


def _bound_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to host:port (0 = a free port), for uvicorn to listen on."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets that say they are TCP, and
    # without it every response waits ~40 ms for the client's delayed ACK (Nagle).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def licence_config(path: str | pathlib.Path) -> dict[str, Any]:
    """The EmulatorConfig.extra entries of a licence file, validated now (LicenceFileError otherwise)."""
    return {CONFIG_KEY: load_licence_file(path), CONFIG_KEY + "_source": str(path)}


class _Server(uvicorn.Server):
    """uvicorn's server, ending the emulator's event streams first when it stops.

    An open chunk stream never ends by itself (wire-facts, events 4): without this, a stop would wait
    for the graceful-shutdown timeout and then cancel the app, skipping its lifespan shutdown.
    """

    def __init__(self, config: uvicorn.Config, backend: Backend) -> None:
        super().__init__(config)
        self.backend = backend

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self.backend.shutdown()
        await super().shutdown(sockets)


class EmulatorServer:
    """The emulator on a real socket in a background thread; used by the test plugin and tests.

    State lives on the server's event loop: read or change it from another thread with `invoke`, or
    better through the control API, as a real client would.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        tls: bool = False,
        topology: str | pathlib.Path | None = None,
        clock_running: bool = True,
        clock_start: float | None = None,
        tls_dir: pathlib.Path | None = None,
        public_host: str | None = None,
        licences: str | pathlib.Path | None = None,
    ) -> None:
        self.config = EmulatorConfig(
            host=host, port=port, public_host=public_host, tls=tls, clock_running=clock_running, clock_start=clock_start
        )
        if licences is not None:  # read once: a reset restores this file, not the bundled one
            self.config.extra.update(licence_config(licences))
        self.topology_path = pathlib.Path(topology) if topology else default_topology_path()
        self.app = create_app(self.config, load_topology(self.topology_path))
        self.tls_files: TlsFiles | None = None
        if tls:
            hosts = [h for h in (host, public_host) if h]
            self.tls_files = make_certificate(tls_dir or pathlib.Path(tempfile.mkdtemp(prefix="o2g-tls-")), hosts)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def backend(self) -> Backend:
        backend: Backend = self.app.state.backend
        return backend

    @property
    def url(self) -> str:
        return self.config.base_url

    def start(self, timeout: float = 10.0) -> EmulatorServer:
        """Listen (port 0 picks a free port, then `url` names it) and return once requests are served."""
        sock = _bound_socket(self.config.host, self.config.port)
        self.config.port = sock.getsockname()[1]
        config = uvicorn.Config(
            self.app,
            log_level="warning",
            access_log=False,
            ssl_certfile=str(self.tls_files.cert) if self.tls_files else None,
            ssl_keyfile=str(self.tls_files.key) if self.tls_files else None,
            timeout_graceful_shutdown=1,
            lifespan="on",  # starts the clock ticker and the webhook worker (see lifespan.py)
        )
        server = self._server = _Server(config, self.backend)  # no signal handlers outside the main thread

        async def serve() -> None:
            self._loop = asyncio.get_running_loop()
            await server.serve(sockets=[sock])

        self._thread = threading.Thread(target=asyncio.run, args=(serve(),), name="o2g-emulator", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                server.should_exit = True
                sock.close()
                raise RuntimeError(f"the emulator did not start on {self.url}")
            time.sleep(0.005)
        return self

    def invoke(self, fn: Callable[[], T], timeout: float = 5.0) -> T:
        """Run `fn` on the server's event loop (where all state lives) and return its result."""
        if self._loop is None or self._thread is None or not self._thread.is_alive():
            raise RuntimeError("the emulator is not running")

        async def call() -> T:
            return fn()

        return asyncio.run_coroutine_threadsafe(call(), self._loop).result(timeout)

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 10.0) -> T:
        """Run a coroutine on the server's event loop and return its result (e.g. opening HA listeners)."""
        if self._loop is None or self._thread is None or not self._thread.is_alive():
            coro.close()
            raise RuntimeError("the emulator is not running")
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    def stop(self) -> None:
        """Stop serving: streams end, then the lifespan shutdown stops the ticker and the webhook worker."""
        if self._server:
            self._server.should_exit = True
        if self._thread:
            self._thread.join(timeout=5)
            if self._thread.is_alive() and self._server:
                self._server.force_exit = True
                self._thread.join(timeout=5)

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextlib.contextmanager
def running_emulator(**kwargs: object) -> Iterator[EmulatorServer]:
    server = EmulatorServer(**kwargs)  # type: ignore[arg-type]
    with server:
        yield server


class _UsageError(Exception):
    """A command-line mistake: `main` prints it with the usage line and returns 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def _parser() -> _Parser:
    p = _Parser(prog="o2g-emulator", description="A stateful O2G REST API emulator.")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8443, help="port to listen on; 0 picks a free one (default 8443)")
    p.add_argument("--public-host", help="host name put in the URLs the emulator returns (default: --host)")
    p.add_argument("--topology", help="topology YAML file (default: the bundled fixtures/topology.yaml)")
    p.add_argument("--tls", action="store_true", help="serve HTTPS; without --cert/--key a certificate is generated")
    p.add_argument("--cert", help="PEM certificate chain (implies --tls; goes with --key)")
    p.add_argument("--key", help="PEM private key (implies --tls; goes with --cert)")
    p.add_argument("--tls-dir", default=".o2g-tls", help="where a generated certificate and its CA are written")
    p.add_argument("--frozen-clock", action="store_true", help="virtual time moves only through the control API")
    p.add_argument(
        "--clock-start",
        type=_instant,
        help="where virtual time starts: an ISO 8601 UTC instant, or 'fixed' for the test suite's "
        "2026-01-05T09:00:00Z (default: the real current time)",
    )
    p.add_argument(
        "--control-token",
        default=token_from_env(),
        help=f"token the control API requires (Authorization: Bearer ...); default ${TOKEN_ENV}. Without one, "
        "the control API answers loopback clients only",
    )
    p.add_argument("--licences", help="licence file YAML (default: the bundled one, every licence installed)")
    p.add_argument(
        "--ha",
        action="store_true",
        help="serve an HA pair: --port is the global address, the primary and secondary servers listen on the "
        "next two ports (all free ports with --port 0); see the README's High availability section",
    )
    return p


def _instant(text: str) -> float:
    """--clock-start: 'fixed' (the test suite's start) or an ISO 8601 instant (UTC unless it names a zone)."""
    if text == "fixed":
        return EPOCH
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 instant or 'fixed': {text!r}") from None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()


def _check_tls_files(cert: str, key: str) -> str | None:
    """None when the pair loads, else why not (so a bad file is a usage error, not a traceback)."""
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(cert, key)
    except FileNotFoundError as exc:
        return f"cannot read {exc.filename}"
    except (OSError, ssl.SSLError) as exc:
        return f"--cert {cert} and --key {key} are not a usable PEM certificate and key ({exc})"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """The `o2g-emulator` command; 2 on a usage error (with a message naming the option), 0 after a stop."""
    parser = _parser()

    def usage_error(message: str) -> int:
        print(parser.format_usage().rstrip(), file=sys.stderr)
        print(f"o2g-emulator: error: {message}", file=sys.stderr)
        return 2

    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        return usage_error(str(exc))
    if (args.cert is None) != (args.key is None):
        return usage_error("--cert and --key go together (PEM files)")
    if not 0 <= args.port <= 65535:
        return usage_error(f"--port must be 0..65535, not {args.port}")
    if args.ha and args.cert is not None:
        return usage_error("--ha issues its own certificates (one per server); drop --cert/--key")
    if args.ha and args.port > 65533:
        return usage_error(f"--ha needs --port and the next two ports: {args.port} is too high")
    tls = args.tls or args.cert is not None
    if args.cert is not None and (why := _check_tls_files(args.cert, args.key)):
        return usage_error(why)
    try:
        topology = load_topology(args.topology or default_topology_path())
    except TopologyError as exc:
        return usage_error(f"--topology: {exc}")
    extra: dict[str, Any] = {}
    if args.licences is not None:
        try:
            extra = licence_config(args.licences)
        except LicenceFileError as exc:
            return usage_error(f"--licences: {exc}")
    if args.ha:
        from .ha.server import serve_pair

        return serve_pair(args)
    try:
        sock = _bound_socket(args.host, args.port)
    except OSError as exc:
        return usage_error(f"cannot listen on {args.host}:{args.port}: {exc.strerror}")
    cert, key = args.cert, args.key
    if tls and cert is None:
        try:
            files = make_certificate(pathlib.Path(args.tls_dir), [h for h in (args.host, args.public_host) if h])
        except OSError as exc:
            sock.close()
            return usage_error(f"--tls-dir {args.tls_dir}: {exc.strerror}")
        cert, key = str(files.cert), str(files.key)
        print(f"o2g-emulator: generated a certificate; trust its CA with --o2g-ca-file {files.ca}", file=sys.stderr)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    config = EmulatorConfig(
        host=args.host,
        port=sock.getsockname()[1],
        public_host=args.public_host,
        tls=tls,
        clock_running=not args.frozen_clock,
        clock_start=args.clock_start,
        control_token=args.control_token or None,
        extra=extra,
    )
    app = create_app(config, topology)
    print(f"o2g-emulator: serving {config.base_url}/api/rest", file=sys.stderr, flush=True)
    if config.control_token is None and not is_loopback(args.host):
        print(f"o2g-emulator: the control API answers loopback clients only (set {TOKEN_ENV})", file=sys.stderr)
    if args.public_host is None and config.advertised_host != args.host:
        print("o2g-emulator: returned URLs name the loopback; remote clients need --public-host", file=sys.stderr)
    server = _Server(
        uvicorn.Config(
            app,
            ssl_certfile=cert,
            ssl_keyfile=key,
            log_level="info",
            access_log=False,
            lifespan="on",
            timeout_graceful_shutdown=2,
        ),
        app.state.backend,
    )
    asyncio.run(server.serve(sockets=[sock]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
