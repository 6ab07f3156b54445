"""Emulator `GET /telephony/state` throughput against a bare Starlette endpoint on the same uvicorn.

The bare app answers the very bytes the emulator answers; the two are loaded in alternate rounds with
the same keep-alive client, and the median of the per-round ratios is the figure.
"""

from __future__ import annotations

import asyncio
import statistics

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
    async with http(cfg.throughput_connections) as emu_client, http(cfg.throughput_connections) as bare_client:
        await open_session(emu_client, emu.url, *USER)
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
        for _ in range(cfg.throughput_rounds):
            b, b_rps = await closed_loop(bare_get, concurrency=conns, seconds=seconds, max_requests=cfg.max_requests)
            async with sampler:
                e, e_rps = await closed_loop(emu_get, concurrency=conns, seconds=seconds, max_requests=cfg.max_requests)
            bare_rec.latencies += b.latencies
            bare_rec.errors += b.errors
            emu_rec.latencies += e.latencies
            emu_rec.errors += e.errors
            bare_rps.append(b_rps)
            emu_rps.append(e_rps)
            ratios.append(e_rps / b_rps if b_rps else 0.0)
    return {
        "throughput_ratio": round(statistics.median(ratios), 3),
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
