"""The control API under a reserved prefix: powers only the emulator has (reset, clock, events, state).

Never extra parameters on O2G paths: everything test-only lives here (see README, "Control API").
Errors use the same RestErrorInfo body as the O2G routes.
"""

from __future__ import annotations

import json
import pathlib
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ...catalog import load_catalog
from ..core import errors
from ..core.dispatch import error_response
from ..core.registry import Backend
from ..core.sessions import SessionStore, iso
from ..core.topology import TopologyError, load_topology
from ..services.subscriptions.models import SubscriptionStore
from ..services.telephony.control import telephony_control_routes


async def _json(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise errors.bad_parameter(f"malformed JSON body: {exc.msg}") from None
    if not isinstance(data, dict):
        raise errors.bad_parameter("the control API takes a JSON object")
    return data


def clock_view(backend: Backend) -> dict[str, Any]:
    return {"now": backend.clock.now(), "iso": iso(backend.clock.now()), "running": backend.clock.running}


def state_view(backend: Backend) -> dict[str, Any]:
    sessions = backend.state(SessionStore)
    subs = backend.state(SubscriptionStore)
    return {
        "generation": backend.generation,
        "clock": clock_view(backend),
        "sessions": [
            {"id": s.id, "login": s.login, "admin": s.admin, "supervisor": s.supervisor, "application": s.application_name}
            for s in sessions.live()
        ],
        "subscriptions": [
            {
                "id": s.id,
                "owner": s.owner,
                "mode": s.mode,
                "channelOpen": bool(s.channel and s.channel.open),
                "queued": len(s.subscriber.queue),
            }
            for s in subs.all()
        ],
    }


def control_routes(backend: Backend, prefix: str) -> list[Route]:
    def guarded(fn: Any) -> Any:
        async def handler(request: Request) -> Response:
            try:
                result = await fn(request)
                return result if isinstance(result, Response) else JSONResponse(result)
            except errors.ApiError as err:
                return error_response(err, None)

        return handler

    async def reset(request: Request) -> dict[str, Any]:
        data = await _json(request)
        topology = None
        if "topology" in data:
            try:
                topology = load_topology(pathlib.Path(str(data["topology"])))
            except TopologyError as exc:
                raise errors.bad_parameter(str(exc)) from None
        backend.reset(topology)
        return state_view(backend)

    async def clock(request: Request) -> dict[str, Any]:
        return clock_view(backend)

    async def advance(request: Request) -> dict[str, Any]:
        data = await _json(request)
        seconds = data.get("seconds")
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
            raise errors.bad_parameter("'seconds' must be a non-negative number")
        backend.clock.advance(float(seconds))
        return clock_view(backend)

    async def publish(request: Request) -> dict[str, Any]:
        """Publish a documented event, e.g. {"event": {"eventName": "OnUserInfoChanged", ...}, "subject": "oxe70120"}."""
        data = await _json(request)
        event = data.get("event")
        if not isinstance(event, dict) or not isinstance(event.get("eventName"), str):
            raise errors.bad_parameter("'event' must be an object with an eventName")
        try:
            load_catalog().event(event["eventName"])
        except KeyError:
            raise errors.bad_parameter(f"{event['eventName']!r} is not a documented event") from None
        subject = data.get("subject")
        if subject is not None and not isinstance(subject, str):
            raise errors.bad_parameter("'subject' must be a login")
        reached = backend.bus.publish(event, subject=subject)
        return {"reached": reached}

    async def state(request: Request) -> dict[str, Any]:
        return state_view(backend)

    return [
        Route(f"{prefix}/reset", guarded(reset), methods=["POST"]),
        Route(f"{prefix}/clock", guarded(clock), methods=["GET"]),
        Route(f"{prefix}/clock/advance", guarded(advance), methods=["POST"]),
        Route(f"{prefix}/events", guarded(publish), methods=["POST"]),
        Route(f"{prefix}/state", guarded(state), methods=["GET"]),
        *telephony_control_routes(backend, prefix),
    ]
