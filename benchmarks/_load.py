"""A small asyncio load generator on aiohttp (keep-alive connections) and the O2G steps it needs.

Latencies are kept per request (monotonic clock); `summary` gives p50, p95, p99, max (ms) and errors.
Every load is bounded by a request count and a duration.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp

API = "/api/rest/1.0"


@dataclass
class Recorder:
    """Latencies (seconds) of successful requests and the count of failed ones."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    def add(self, seconds: float) -> None:
        self.latencies.append(seconds)

    def summary(self, prefix: str) -> dict[str, float]:
        values = sorted(self.latencies)
        out = {f"{prefix}_count": float(len(values)), f"{prefix}_errors": float(self.errors)}
        for name, q in (("p50", 0.50), ("p95", 0.95), ("p99", 0.99)):
            out[f"{prefix}_{name}_ms"] = round(percentile(values, q) * 1000, 2)
        out[f"{prefix}_max_ms"] = round((values[-1] if values else math.nan) * 1000, 2)
        return out


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of already sorted values (nan when empty)."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(q * len(sorted_values)))
    return sorted_values[rank - 1]


def http(connections: int = 100, *, headers: dict[str, str] | None = None, jar: bool = True) -> aiohttp.ClientSession:
    """A client keeping its connections alive; its cookie jar accepts the loopback address's cookies
    (`jar=False`: no cookie handling at all, the caller sends its own Cookie header)."""
    connector = aiohttp.TCPConnector(limit=connections, force_close=False)
    timeout = aiohttp.ClientTimeout(total=30)
    cookies: aiohttp.abc.AbstractCookieJar = aiohttp.CookieJar(unsafe=True) if jar else aiohttp.DummyCookieJar()
    return aiohttp.ClientSession(connector=connector, timeout=timeout, cookie_jar=cookies, headers=headers)


async def closed_loop(
    request: Callable[[], Awaitable[bool]], *, concurrency: int, seconds: float, max_requests: int
) -> tuple[Recorder, float]:
    """`concurrency` workers call `request` back to back for `seconds` (or `max_requests` in all): requests/s."""
    rec = Recorder()
    deadline = time.monotonic() + seconds
    budget = [max_requests]

    async def worker() -> None:
        while time.monotonic() < deadline and budget[0] > 0:
            budget[0] -= 1
            t0 = time.perf_counter()
            try:
                ok = await request()
            except (TimeoutError, aiohttp.ClientError):
                ok = False
            if ok:
                rec.add(time.perf_counter() - t0)
            else:
                rec.errors += 1

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - start
    return rec, len(rec.latencies) / elapsed if elapsed > 0 else 0.0


async def open_session(client: aiohttp.ClientSession, base: str, login: str, password: str) -> None:
    """Authenticate (Basic, AlcUserId cookie) and open a session, as any O2G client does."""
    auth = aiohttp.BasicAuth(login, password)
    async with client.get(f"{base}/api/rest/authenticate", params={"version": "1.0"}, auth=auth) as r:
        if r.status != 200:
            raise RuntimeError(f"authentication of {login} failed: {r.status} {await r.text()}")
    async with client.post(f"{base}{API}/sessions", json={"applicationName": "o2g-bench"}) as r:
        if r.status != 200:
            raise RuntimeError(f"session of {login} failed: {r.status} {await r.text()}")


class EventStream:
    """A telephony subscription's chunk channel, read line by line into a queue of (arrival time, event)."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[tuple[float, dict[str, Any]]] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._stream_client: aiohttp.ClientSession | None = None

    async def open(self, client: aiohttp.ClientSession, base: str) -> None:
        body = {"filter": {"selectors": [{"names": ["telephony"]}]}, "version": "1.0"}
        async with client.post(f"{base}{API}/subscriptions", json=body) as r:
            if r.status != 200:
                raise RuntimeError(f"subscription failed: {r.status} {await r.text()}")
            url = (await r.json())["publicPollingUrl"]
        # Its own connection: a chunk channel never ends, it would hold a pooled connection forever.
        self._stream_client = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=None, sock_read=None))
        ready = asyncio.get_running_loop().create_future()
        self._task = asyncio.create_task(self._read(url, ready))
        await asyncio.wait_for(ready, 30)

    async def _read(self, url: str, ready: asyncio.Future[None]) -> None:
        assert self._stream_client is not None
        async with self._stream_client.get(url) as r:
            while True:
                line = await r.content.readline()
                if not line:
                    return
                at = time.perf_counter()
                if not ready.done():
                    ready.set_result(None)  # the first line: "Chunk started"
                    continue
                with contextlib.suppress(ValueError):
                    self.queue.put_nowait((at, json.loads(line)))

    async def wait_for(self, name: str, timeout: float = 10.0) -> float:
        """Arrival time of the next event called `name` (others are skipped)."""
        deadline = time.monotonic() + timeout
        while True:
            at, event = await asyncio.wait_for(self.queue.get(), max(0.001, deadline - time.monotonic()))
            if event.get("eventName") == name:
                return at

    def drain(self) -> None:
        while not self.queue.empty():
            self.queue.get_nowait()

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, aiohttp.ClientError):
                await self._task
        if self._stream_client is not None:
            await self._stream_client.close()


async def make_call(client: aiohttp.ClientSession, base: str, device: str, callee: str) -> str | None:
    """POST /telephony/calls; the new callRef, None when refused."""
    async with client.post(f"{base}{API}/telephony/calls", json={"deviceId": device, "callee": callee}) as r:
        await r.read()
        if r.status not in (200, 201):
            return None
        return r.headers.get("Location", "").rstrip("/").rsplit("/", 1)[-1] or None


async def release_call(client: aiohttp.ClientSession, base: str, ref: str) -> bool:
    async with client.delete(f"{base}{API}/telephony/calls/{ref}") as r:
        await r.read()
        return r.status in (200, 204)
