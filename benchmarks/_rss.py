"""Peak resident memory of a server process while a load runs (sampled every 100 ms)."""

from __future__ import annotations

import asyncio
import contextlib
import math

from ._servers import Server


class RssSampler:
    """`async with RssSampler(server):` samples the server's RSS during the block; `peak` is the highest (MB)."""

    def __init__(self, server: Server, period: float = 0.1) -> None:
        self.server = server
        self.period = period
        self.peak = math.nan
        self._task: asyncio.Task[None] | None = None

    async def _sample(self) -> None:
        while True:
            rss = self.server.rss_mb()
            self.peak = rss if math.isnan(self.peak) else max(self.peak, rss)
            await asyncio.sleep(self.period)

    async def __aenter__(self) -> RssSampler:
        self._task = asyncio.create_task(self._sample())
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
