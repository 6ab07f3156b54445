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
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import uvicorn

from .app import create_app
from .core.registry import Backend, EmulatorConfig
from .core.topology import TopologyError, default_topology_path, load_topology


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


class EmulatorServer:
    """The emulator on a real socket in a background thread; used by the test plugin and tests."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        tls: bool = False,
        topology: str | pathlib.Path | None = None,
        clock_running: bool = False,
        tls_dir: pathlib.Path | None = None,
    ) -> None:
        self.config = EmulatorConfig(host=host, port=port, tls=tls, clock_running=clock_running)
        self.topology_path = pathlib.Path(topology) if topology else default_topology_path()
        self.app = create_app(self.config, load_topology(self.topology_path))
        self.tls_files: TlsFiles | None = None
        if tls:
            self.tls_files = make_certificate(tls_dir or pathlib.Path(tempfile.mkdtemp(prefix="o2g-tls-")), [host])
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def backend(self) -> Backend:
        backend: Backend = self.app.state.backend
        return backend

    @property
    def url(self) -> str:
        return self.config.base_url

    def start(self, timeout: float = 10.0) -> EmulatorServer:
        sock = socket.socket(socket.AF_INET6 if ":" in self.config.host else socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.config.host, self.config.port))
        self.config.port = sock.getsockname()[1]
        config = uvicorn.Config(
            self.app,
            log_level="warning",
            access_log=False,
            ssl_certfile=str(self.tls_files.cert) if self.tls_files else None,
            ssl_keyfile=str(self.tls_files.key) if self.tls_files else None,
            timeout_graceful_shutdown=1,
            lifespan="off",
        )
        self._server = uvicorn.Server(config)
        self._server.install_signal_handlers = lambda: None  # type: ignore[method-assign]
        self._thread = threading.Thread(
            target=lambda: asyncio.run(self._server.serve(sockets=[sock])),  # type: ignore[union-attr]
            name="o2g-emulator",
            daemon=True,
        )
        self._thread.start()
        ready = threading.Event()
        while not ready.wait(0.01):
            if self._server.started:
                break
            timeout -= 0.01
            if timeout <= 0 or not self._thread.is_alive():
                raise RuntimeError(f"the emulator did not start on {self.url}")
        return self

    def stop(self) -> None:
        if self._server:
            self._server.should_exit = True
            self._server.force_exit = True
        if self._thread:
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


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="o2g-emulator", description="A stateful O2G REST API emulator.")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8443, help="port to listen on; 0 picks a free one (default 8443)")
    p.add_argument("--public-host", help="host name put in the URLs the emulator returns (default: --host)")
    p.add_argument("--topology", help="topology YAML file (default: the bundled fixtures/topology.yaml)")
    p.add_argument("--tls", action="store_true", help="serve HTTPS; without --cert/--key a certificate is generated")
    p.add_argument("--cert", help="PEM certificate chain for --tls")
    p.add_argument("--key", help="PEM private key for --tls")
    p.add_argument("--tls-dir", default=".o2g-tls", help="where a generated certificate and its CA are written")
    p.add_argument("--frozen-clock", action="store_true", help="virtual time moves only through the control API")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if (args.cert is None) != (args.key is None):
        print("o2g-emulator: --cert and --key go together (PEM files)", file=sys.stderr)
        return 2
    if not 0 <= args.port <= 65535:
        print(f"o2g-emulator: --port must be 0..65535, not {args.port}", file=sys.stderr)
        return 2
    try:
        topology = load_topology(args.topology or default_topology_path())
    except TopologyError as exc:
        print(f"o2g-emulator: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    sock = socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((args.host, args.port))
    except OSError as exc:
        print(f"o2g-emulator: cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr)
        return 2
    config = EmulatorConfig(
        host=args.host, port=sock.getsockname()[1], public_host=args.public_host, tls=args.tls,
        clock_running=not args.frozen_clock,
    )
    app = create_app(config, topology)
    cert, key = args.cert, args.key
    if args.tls and cert is None:
        files = make_certificate(pathlib.Path(args.tls_dir), [h for h in (args.host, args.public_host) if h])
        cert, key = str(files.cert), str(files.key)
        print(f"o2g-emulator: generated a certificate; trust its CA with --o2g-ca-file {files.ca}", file=sys.stderr)
    print(f"o2g-emulator: serving {config.base_url}/api/rest", file=sys.stderr)
    server = uvicorn.Server(
        uvicorn.Config(app, ssl_certfile=cert, ssl_keyfile=key, log_level="info", access_log=False, lifespan="off")
    )
    asyncio.run(server.serve(sockets=[sock]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
