"""Emulator `GET /telephony/state` throughput against a bare Starlette endpoint on the same uvicorn.

The bare app answers the very bytes the emulator answers; the two are loaded in alternate rounds with
the same keep-alive client, and the median of the per-round ratios is the figure.
"""

from __future__ import annotations

import asyncio
import statistics
from collections.abc import Awaitable, Callable

from . import _servers
from ._config import config
from ._load import API, Recorder, closed_loop, http, open_session
from ._rss import RssSampler

GOALS = {"throughput_ratio": (">=", 0.8)}
USER = ("oxe70120", "1201")


async def _rounds(emu: _servers.Server, bare: _servers.Server) -> dict[str, float]:
    cfg = config()
    ratios: list[float] = []
    emu_rec, bare_rec = Recorder(), Recorder()
    emu_rps: list[float] = []
    bare_rps: list[float] = []
    # Both clients send the same Cookie header and keep no cookie jar: the client does the same work for both.
    async with http(1) as login_client:
        await open_session(login_client, emu.url, *USER)
        cookie = "; ".join(f"{c.key}={c.value}" for c in login_client.cookie_jar)
    emu_client, bare_client = (
        http(cfg.throughput_connections, headers={"Cookie": cookie}, jar=False) for _ in range(2)
    )
    async with emu_client, bare_client:
        emu_url, bare_url = f"{emu.url}{API}/telephony/state", f"{bare.url}{API}/telephony/state"

        async def emu_get() -> bool:
            async with emu_client.get(emu_url) as r:
                await r.read()
                return r.status == 200

        async def bare_get() -> bool:
            async with bare_client.get(bare_url) as r:
                await r.read()
                return r.status == 200

        conns, seconds = cfg.throughput_connections, cfg.throughput_seconds
        await closed_loop(emu_get, concurrency=4, seconds=0.5, max_requests=500)  # warm both up
        await closed_loop(bare_get, concurrency=4, seconds=0.5, max_requests=500)
        sampler = RssSampler(emu)

        cpu = {"emulator": 0.0, "bare": 0.0}
        served = {"emulator": 0, "bare": 0}

        async def load(get: Callable[[], Awaitable[bool]]) -> tuple[Recorder, float]:
            name, server = ("emulator", emu) if get is emu_get else ("bare", bare)
            before = server.cpu_seconds()
            rec, rps = await closed_loop(get, concurrency=conns, seconds=seconds, max_requests=cfg.max_requests)
            cpu[name] += server.cpu_seconds() - before
            served[name] += len(rec.latencies)
            return rec, rps

        for i in range(cfg.throughput_rounds):
            if i % 2:  # alternate which goes first: a drift of the machine's load then cancels out
                b, b_rps = await load(bare_get)
            async with sampler:
                e, e_rps = await load(emu_get)
            if not i % 2:
                b, b_rps = await load(bare_get)
            bare_rec.latencies += b.latencies
            bare_rec.errors += b.errors
            emu_rec.latencies += e.latencies
            emu_rec.errors += e.errors
            bare_rps.append(b_rps)
            emu_rps.append(e_rps)
            ratios.append(e_rps / b_rps if b_rps else 0.0)
    per_request = {k: cpu[k] / served[k] if served[k] else float("nan") for k in cpu}
    busy = {k: cpu[k] / (seconds * cfg.throughput_rounds) for k in cpu}
    return {
        "throughput_ratio": round(statistics.median(ratios), 3),
        # Server CPU per request, bare / emulator: the ratio the servers would reach if they, and not the
        # load generator, were the limit (see *_cpu_busy: the fraction of a core each server used).
        "cpu_ratio": round(per_request["bare"] / per_request["emulator"], 3),
        "emulator_cpu_ms_per_request": round(per_request["emulator"] * 1000, 3),
        "bare_cpu_ms_per_request": round(per_request["bare"] * 1000, 3),
        "emulator_cpu_busy": round(busy["emulator"], 2),
        "bare_cpu_busy": round(busy["bare"], 2),
        "emulator_rps": round(statistics.median(emu_rps), 1),
        "bare_rps": round(statistics.median(bare_rps), 1),
        **emu_rec.summary("emulator_state"),
        **bare_rec.summary("bare_state"),
        "throughput_rss_during_mb": round(sampler.peak, 1),
    }


def run() -> dict[str, float | str]:
    with _servers.emulator() as emu:
        before = emu.rss_mb()
        payload = asyncio.run(_state_payload(emu.url))
        with _servers.bare(payload) as bare:
            figures: dict[str, float | str] = dict(asyncio.run(_rounds(emu, bare)))
        figures["throughput_rss_before_mb"] = round(before, 1)
        figures["throughput_rss_after_mb"] = round(emu.rss_mb(), 1)
    return figures


async def _state_payload(base: str) -> object:
    async with http(1) as client:
        await open_session(client, base, *USER)
        async with client.get(f"{base}{API}/telephony/state") as r:
            return await r.json()
