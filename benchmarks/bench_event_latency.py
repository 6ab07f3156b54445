"""Event latency with one client: `POST /telephony/calls` sent -> its OnCallCreated line read on the stream.

Alice calls Bruno (bundled topology), the call is released and its OnCallRemoved awaited before the next.
"""

from __future__ import annotations

import asyncio
import time

from . import _servers
from ._config import config
from ._load import EventStream, Recorder, http, make_call, open_session, release_call

GOALS = {"event_p99_ms": ("<=", 3.0)}
CALLER, CALLER_DEVICE, CALLEE = ("oxe70120", "1201"), "70120", "70121"


async def _measure(emu: _servers.Server) -> dict[str, float]:
    cfg = config()
    events, requests = Recorder(), Recorder()
    stream = EventStream()
    async with http(2) as client:
        await open_session(client, emu.url, *CALLER)
        await stream.open(client, emu.url)
        try:
            for i in range(cfg.latency_calls + 10):  # the first 10 warm up
                sent = time.perf_counter()
                ref = await make_call(client, emu.url, CALLER_DEVICE, CALLEE)
                answered = time.perf_counter()
                if ref is None:
                    events.errors += 1
                    continue
                try:
                    arrived = await stream.wait_for("OnCallCreated", timeout=5.0)
                except TimeoutError:
                    events.errors += 1
                    arrived = None
                if i >= 10:
                    requests.add(answered - sent)
                    if arrived is not None:
                        events.add(arrived - sent)
                if not await release_call(client, emu.url, ref):
                    requests.errors += 1
                try:
                    await stream.wait_for("OnCallRemoved", timeout=5.0)
                except TimeoutError:
                    events.errors += 1
                stream.drain()
        finally:
            await stream.close()
    ev = events.summary("event")
    return {**ev, **requests.summary("event_request")}


def run() -> dict[str, float | str]:
    with _servers.emulator() as emu:
        return dict(asyncio.run(_measure(emu)))
