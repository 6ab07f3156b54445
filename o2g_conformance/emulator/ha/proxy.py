"""The listeners of an HA pair: TCP (optionally TLS) front doors forwarding to the emulator's own socket.

Each server of the pair (primary, secondary) and the pair's global address is one `Listener` with its own
port and certificate. Bytes are forwarded unchanged to the emulator's internal address; the local port of
each forwarding connection is recorded first, so the application knows which door a request came through
(`Doors.name_of`). A listener can stop listening (connections are then refused), abort its live
connections (streams end uncleanly: no terminating chunk, a reset) and listen again on the same port.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
from collections.abc import Callable

log = logging.getLogger("o2g_conformance.emulator.ha")

#: Bytes read at a time on either side of a forwarded connection.
CHUNK = 65536


class Doors:
    """Which listener each forwarding connection came from, by its local port on the internal side."""

    def __init__(self) -> None:
        self._by_port: dict[int, str] = {}

    def add(self, port: int, name: str) -> None:
        self._by_port[port] = name

    def remove(self, port: int) -> None:
        self._by_port.pop(port, None)

    def name_of(self, client: tuple[str, int] | None) -> str | None:
        """The listener of a request whose peer (ASGI `client`) is a forwarding connection, else None."""
        if not client:
            return None
        return self._by_port.get(client[1])


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(CHUNK):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError, asyncio.IncompleteReadError):
        pass
    finally:
        with contextlib.suppress(Exception):
            if writer.can_write_eof():
                writer.write_eof()


class Listener:
    """One front door: listens on (host, port), forwards each connection to `upstream`."""

    def __init__(
        self,
        name: str,
        host: str,
        port: int,
        upstream: tuple[str, int],
        doors: Doors,
        *,
        tls: ssl.SSLContext | None = None,
        admit: Callable[[], bool] = lambda: True,
    ) -> None:
        self.name = name
        self.host = host
        self.port = port
        self.upstream = upstream
        self.doors = doors
        self.tls = tls
        #: Asked at each new connection: False = the connection is reset at once (no server behind the address).
        self.admit = admit
        self._server: asyncio.Server | None = None
        self._live: set[tuple[asyncio.StreamWriter, asyncio.StreamWriter | None]] = set()

    @property
    def listening(self) -> bool:
        return self._server is not None

    async def open(self) -> None:
        """Listen (again) on the listener's port; port 0 picks a free one the first time."""
        if self._server is not None:
            return
        self._server = await asyncio.start_server(
            self._handle,
            self.host,
            self.port,
            ssl=self.tls,
            reuse_address=True,
            ssl_handshake_timeout=5 if self.tls else None,
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def close(self, *, abort: bool) -> None:
        """Stop listening (new connections are refused); with `abort`, reset every live connection too."""
        server, self._server = self._server, None
        if server is not None:
            server.close()
        if abort:
            self.abort_all()
        if server is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(server.wait_closed(), 1.0)

    def abort_all(self) -> int:
        """Reset every live connection on both sides (the client sees its stream cut, not ended)."""
        live = list(self._live)
        for client, upstream in live:
            client.transport.abort()
            if upstream is not None:
                upstream.transport.abort()
        return len(live)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self._server is None or not self.admit():
            writer.transport.abort()
            return
        entry: tuple[asyncio.StreamWriter, asyncio.StreamWriter | None] = (writer, None)
        self._live.add(entry)
        port = None
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
            self._live.discard(entry)
            entry = (writer, up_writer)
            self._live.add(entry)
            port = up_writer.get_extra_info("sockname")[1]
            self.doors.add(port, self.name)
            upward = asyncio.ensure_future(_pipe(reader, up_writer))
            # The emulator closing its side (keep-alive timeout, a stream's end) closes the client's side
            # too: a TLS client cannot be told by a half-close, and would reuse a dead connection.
            await _pipe(up_reader, writer)
            upward.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await upward
        except (ConnectionError, OSError) as exc:
            log.debug("%s: forwarding failed: %s", self.name, exc)
        finally:
            self._live.discard(entry)
            if port is not None:
                self.doors.remove(port)
            for w in entry:
                if w is not None:
                    w.close()
