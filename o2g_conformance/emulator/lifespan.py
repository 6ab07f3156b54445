"""Background work of a serving emulator: the real-time clock ticker and the webhook worker."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

from .core.registry import Backend
from .events.channels import WebhookWorker

log = logging.getLogger("o2g_conformance.emulator")

#: How often a running clock fires the timers real time has made due (seconds of real time).
TICK_PERIOD = 0.1


async def tick_forever(backend: Backend, period: float = TICK_PERIOD) -> None:
    """Fire due timers while the clock follows real time; the clock is looked up anew after each reset."""
    while True:
        await asyncio.sleep(period)
        clock = backend.clock
        if clock.running:
            try:
                clock.tick()
            except Exception:  # a failing timer must not stop every later one
                log.exception("a timer of the virtual clock failed")


def make_lifespan(backend: Backend) -> Callable[[Any], contextlib.AbstractAsyncContextManager[None]]:
    """The app's lifespan: start the ticker (running clock only) and the webhook worker, stop both."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        # Idle with a frozen clock (time moves only through the control API); checked on every round
        # because a reset builds a new clock.
        ticker = asyncio.create_task(tick_forever(backend))
        worker = WebhookWorker(backend)
        worker.start()
        try:
            yield
        finally:
            await worker.stop()
            ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticker

    return lifespan
