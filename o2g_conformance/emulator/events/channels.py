"""Event channels: the HTTP chunk stream at the polling URL (and webhook delivery).

The stream's first line is always `{"eventName":"OnChannelInformation","text":"Chunk started"}`, then
one compact JSON object per line (wire-facts, events 2-5). The polling URL is its only credential: it
is opened by POST or GET without cookie.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from ..core import errors
from ..core.dispatch import error_response
from ..core.registry import Backend
from ..services.subscriptions.models import Subscription, SubscriptionStore

log = logging.getLogger("o2g_conformance.emulator.events")
CHUNK_STARTED = {"eventName": "OnChannelInformation", "text": "Chunk started"}


def _line(event: dict[str, Any]) -> bytes:
    return (json.dumps(event, separators=(",", ":"), ensure_ascii=False) + "\n").encode("utf-8")


async def _stream(backend: Backend, sub: Subscription, store: SubscriptionStore) -> AsyncIterator[bytes]:
    channel = store.attach(sub)
    wake = asyncio.Event()
    sub.subscriber.wake = wake.set
    try:
        yield _line(CHUNK_STARTED)
        while True:
            while sub.subscriber.queue and channel.open and not sub.ended:
                event = sub.subscriber.queue.popleft()
                if event.get("eventName") != "OnChannelInformation":
                    store.activity(sub, channel)
                sub.subscriber.delivered += 1
                yield _line(event)
            if not channel.open or sub.ended:
                return
            wake.clear()
            try:
                await asyncio.wait_for(wake.wait(), timeout=0.5)
            except TimeoutError:
                backend.clock.tick()  # lets real time fire timers when the clock is running
    finally:
        if sub.subscriber.wake is wake.set:
            sub.subscriber.wake = None
        store.detach(sub, channel)


def channel_routes(backend: Backend) -> list[Route]:
    async def poll(request: Request) -> Response:
        sub_id = request.query_params.get("subscriptionId")
        if not sub_id:
            return error_response(errors.bad_parameter("query parameter 'subscriptionId' is mandatory"), None)
        store = backend.state(SubscriptionStore)
        sub = store.get(sub_id)
        if sub is None:
            return error_response(errors.not_found(f"no subscription {sub_id}", status=404), None)
        if sub.webhook_url:
            return error_response(
                errors.not_expected("this subscription delivers by webhook; chunk mode is exclusive (L2127)", status=409), None
            )
        return StreamingResponse(
            _stream(backend, sub, store),
            media_type="application/json",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    paths = ["/api/rest/1.0/OTEvents", "/api/rest/1.0/events", "/OTEvents", "/events"]
    return [Route(p, poll, methods=["GET", "POST"]) for p in paths]


class WebhookWorker:
    """Delivers webhook subscriptions' queues by POST, outside any request (no I/O in the bus)."""

    def __init__(self, backend: Backend, verify: bool | str = False) -> None:
        self.backend = backend
        self.verify = verify
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()

    async def _run(self) -> None:
        async with httpx.AsyncClient(verify=self.verify, timeout=5.0) as client:
            while True:
                store = self.backend.state(SubscriptionStore)
                for sub in store.all():
                    if not sub.webhook_url:
                        continue
                    while sub.subscriber.queue and not sub.ended:
                        event = sub.subscriber.queue.popleft()
                        try:
                            await client.post(sub.webhook_url, json=event, headers={"Cookie": f"AlcUserId={sub.id}"})
                            sub.subscriber.delivered += 1
                        except httpx.HTTPError as exc:
                            log.warning("webhook delivery to %s failed: %s", sub.webhook_url, exc)
                            break
                await asyncio.sleep(0.05)
