"""Event channels: the HTTP chunk stream at the polling URL and webhook delivery.

The stream's first line is always `{"eventName":"OnChannelInformation","text":"Chunk started"}`, then
one compact JSON object per line (wire-facts, events 2-5). The polling URL is its only credential: it
is opened by POST or GET without cookie. Webhook subscriptions get each event as a POST instead
(o2g-rest-api-reference.txt L2125-2128; wire-facts, events 7).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from ..core import errors
from ..core.dispatch import any_method_route, error_response
from ..core.registry import Backend
from ..services.subscriptions.models import Subscription, SubscriptionStore

log = logging.getLogger("o2g_conformance.emulator.events")
CHUNK_STARTED = {"eventName": "OnChannelInformation", "text": "Chunk started"}
POLLING_PATHS = ("/api/rest/1.0/OTEvents", "/api/rest/1.0/events", "/OTEvents", "/events")
#: A stream re-checks its queue at least this often even without a wake-up (events queued from
#: another thread cannot set an asyncio.Event safely).
STREAM_POLL = 0.5
#: The webhook worker looks for new webhook subscriptions (not yet wired to wake it) this often.
WEBHOOK_POLL = 0.1


def _line(event: dict[str, Any]) -> bytes:
    return (json.dumps(event, separators=(",", ":"), ensure_ascii=False) + "\n").encode("utf-8")


async def _stream(sub: Subscription, store: SubscriptionStore) -> AsyncIterator[bytes]:
    channel = store.attach(sub)
    wake = asyncio.Event()
    sub.subscriber.wake = wake.set
    try:
        yield _line(CHUNK_STARTED)
        while True:
            # Drain what was queued before a server-side close too; a replaced channel stops at once.
            while sub.subscriber.queue and not sub.ended and sub.channel is channel:
                event = sub.subscriber.queue.popleft()
                if event.get("eventName") != "OnChannelInformation":
                    store.activity(sub, channel)
                sub.subscriber.delivered += 1
                yield _line(event)
            if not channel.open or sub.ended:
                return
            wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), timeout=STREAM_POLL)
    finally:
        if sub.subscriber.wake is wake.set:
            sub.subscriber.wake = None
        store.detach(sub, channel)


def channel_routes(backend: Backend) -> list[Route]:
    async def poll(request: Request) -> Response:
        if request.method not in ("GET", "POST"):
            err = errors.not_supported(f"method {request.method} is not allowed on {request.url.path}", status=405)
            err.headers["Allow"] = "GET, POST"
            return error_response(err, None)
        sub_id = request.query_params.get("subscriptionId")
        if not sub_id:
            return error_response(errors.bad_parameter("query parameter 'subscriptionId' is mandatory"), None)
        store = backend.state(SubscriptionStore)
        sub = store.get(sub_id)
        if sub is None:
            return error_response(errors.not_found(f"no subscription {sub_id}", status=404), None)
        if sub.webhook_url:
            why = "this subscription delivers by webhook; chunk mode is exclusive (L2127)"
            return error_response(errors.not_expected(why, status=409), None)
        return StreamingResponse(
            _stream(sub, store),
            media_type="application/json",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    return [any_method_route(p, poll) for p in POLLING_PATHS]


class WebhookWorker:
    """POSTs webhook subscriptions' events to their URL, outside any request (no I/O in the bus).

    One delivery task per subscription keeps each receiver's events in order without letting a slow
    receiver hold up the others. A failed delivery is logged, counted and dropped: the reference
    defines no retry.
    """

    def __init__(self, backend: Backend, *, verify: bool | str = False, timeout: float = 5.0) -> None:
        self.backend = backend
        self.verify = verify
        self.timeout = timeout
        self._task: asyncio.Task[None] | None = None
        self._client: httpx.AsyncClient | None = None
        self._wake = asyncio.Event()
        self._drains: dict[str, asyncio.Task[None]] = {}

    def start(self) -> None:
        """Start on the running event loop (from the app's lifespan)."""
        self._client = httpx.AsyncClient(verify=self.verify, timeout=self.timeout)
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        tasks = [t for t in (self._task, *self._drains.values()) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._drains.clear()
        if self._client is not None:
            await self._client.aclose()

    async def _run(self) -> None:
        while True:
            for sub in self.backend.state(SubscriptionStore).all():
                if not sub.webhook_url:
                    continue
                if sub.subscriber.wake is None:
                    sub.subscriber.wake = self._wake.set
                if sub.subscriber.queue and sub.id not in self._drains:
                    self._drains[sub.id] = asyncio.create_task(self._drain(sub))
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=WEBHOOK_POLL)

    async def _drain(self, sub: Subscription) -> None:
        assert self._client is not None and sub.webhook_url is not None
        try:
            while sub.subscriber.queue and not sub.ended:
                event = sub.subscriber.queue.popleft()
                # "including as Cookie header the subscriptionId" (L2126); the example at L2254 shows the
                # AlcUserId cookie name.
                headers = {"Content-Type": "application/json", "Cookie": f"AlcUserId={sub.id}"}
                try:
                    body = json.dumps(event, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
                    resp = await self._client.post(sub.webhook_url, content=body, headers=headers)
                except httpx.HTTPError as exc:
                    sub.subscriber.failed += 1
                    log.warning("webhook delivery to %s failed: %s", sub.webhook_url, exc)
                    continue
                if resp.is_success:
                    sub.subscriber.delivered += 1
                else:
                    sub.subscriber.failed += 1
                    log.warning("webhook %s answered %s", sub.webhook_url, resp.status_code)
        finally:
            self._drains.pop(sub.id, None)
