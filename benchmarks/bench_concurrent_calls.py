"""Many clients making calls at once: request and event latency percentiles under load.

A generated topology of 2 users per client; client i logs in as user 2i, holds a telephony
subscription open and, until the time is up, calls user 2i+1, waits for OnCallCreated, keeps the call
`concurrent_hold` seconds, releases it, waits for OnCallRemoved and pauses `concurrent_pause` seconds
(clients start spread over one such cycle). Requests and events are timed from the request's sending.
"""

from __future__ import annotations

import asyncio
import pathlib
import tempfile
import time

import aiohttp

from . import _servers
from ._config import config
from ._load import EventStream, Recorder, http, make_call, open_session, release_call
from ._rss import RssSampler
from ._topology import FIRST_NUMBER, account, write_topology

GOALS = {"concurrent_request_p99_ms": ("<=", 40.0), "concurrent_event_p99_ms": ("<=", 40.0)}


async def _client(
    base: str, i: int, ready: asyncio.Barrier, timing: dict[str, float], budget: list[int], req: Recorder, ev: Recorder
) -> None:
    cfg = config()
    login, password = account(2 * i)
    device, callee = str(FIRST_NUMBER + 2 * i), str(FIRST_NUMBER + 2 * i + 1)
    stream = EventStream()
    async with http(2) as client:
        try:
            await open_session(client, base, login, password)
            await stream.open(client, base)
        except BaseException:
            await ready.abort()  # the others stop waiting for this client
            raise
        try:
            await ready.wait()  # every client has its session and stream: the load starts now
            deadline = timing.setdefault("deadline", time.monotonic() + timing["seconds"])
            cycle = cfg.concurrent_hold + cfg.concurrent_pause
            await asyncio.sleep(cycle * i / cfg.concurrent_clients)
            while time.monotonic() < deadline and budget[0] > 0:
                budget[0] -= 1
                await _one_call(client, base, stream, device, callee, req, ev, cfg.concurrent_hold)
                await asyncio.sleep(cfg.concurrent_pause)
        finally:
            await stream.close()


async def _one_call(
    client: aiohttp.ClientSession,
    base: str,
    stream: EventStream,
    device: str,
    callee: str,
    req: Recorder,
    ev: Recorder,
    hold: float,
) -> None:
    sent = time.perf_counter()
    try:
        ref = await make_call(client, base, device, callee)
    except (aiohttp.ClientError, TimeoutError):
        ref = None
    if ref is None:
        req.errors += 1
        await asyncio.sleep(0.1)  # a refused call: do not spin
        return
    req.add(time.perf_counter() - sent)
    try:
        ev.add(await stream.wait_for("OnCallCreated", timeout=10.0) - sent)
    except TimeoutError:
        ev.errors += 1
    await asyncio.sleep(hold)
    stream.drain()
    sent = time.perf_counter()
    try:
        released = await release_call(client, base, ref)
    except (aiohttp.ClientError, TimeoutError):
        released = False
    if not released:
        req.errors += 1
        return
    req.add(time.perf_counter() - sent)
    try:
        ev.add(await stream.wait_for("OnCallRemoved", timeout=10.0) - sent)
    except TimeoutError:
        ev.errors += 1
    stream.drain()


async def _load(emu: _servers.Server, clients: int, seconds: float, max_calls: int) -> dict[str, float]:
    req, ev = Recorder(), Recorder()
    sampler = RssSampler(emu)
    budget = [max_calls]
    ready = asyncio.Barrier(clients + 1)
    timing: dict[str, float] = {"seconds": seconds}
    tasks = [asyncio.create_task(_client(emu.url, i, ready, timing, budget, req, ev)) for i in range(clients)]
    # Sessions and subscriptions are not timed: the load runs `seconds` once every client is connected.
    await asyncio.wait_for(ready.wait(), 300)
    started = time.perf_counter()
    async with sampler:
        await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - started
    calls = len(req.latencies) / 2
    return {
        **req.summary("concurrent_request"),
        **ev.summary("concurrent_event"),
        "concurrent_calls_per_s": round(calls / elapsed, 1) if elapsed else 0.0,
        "concurrent_rss_during_mb": round(sampler.peak, 1),
    }


def run() -> dict[str, float | str]:
    cfg = config()
    clients = cfg.concurrent_clients
    with tempfile.TemporaryDirectory(prefix="o2g-bench-") as tmp:
        topology = write_topology(pathlib.Path(tmp) / "topology.yaml", 2 * clients)
        with _servers.emulator(topology=topology) as emu:
            before = emu.rss_mb()
            figures: dict[str, float | str] = dict(
                asyncio.run(_load(emu, clients, cfg.concurrent_seconds, cfg.max_requests // 2))
            )
            figures["concurrent_rss_before_mb"] = round(before, 1)
            figures["concurrent_rss_after_mb"] = round(emu.rss_mb(), 1)
    return figures
