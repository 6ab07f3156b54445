"""The control API under a reserved prefix: powers only the emulator has (reset, clock, events, state).

Never extra parameters on O2G paths: everything test-only lives here. Bodies are JSON objects (an empty
body counts as `{}`); errors use the same RestErrorInfo body as the O2G routes (400 BAD_PARAMETER for a
bad body, 404 for an unknown control path, 405 with `Allow` for a wrong method).

Routes (prefix `/__emulator__`):

- `POST /reset` `{"topology"?: "<path to a topology YAML>"}`: end every live stream, drop all sessions,
  credentials and subscriptions, rebuild all state from the topology (the current one, or the file
  given) and start a fresh virtual clock. Answers the state view.
- `GET /clock`: `{"now": <epoch seconds>, "iso": "<UTC ISO 8601>", "running": <bool>}`.
- `POST /clock/advance` `{"seconds": <number >= 0>}`: move virtual time forward, firing every timer
  that falls due on the way, in due order (session expiry, keepalives, channel timeouts, purges).
  Answers the clock view.
- `POST /events` `{"event": {"eventName": "<documented event>", ...}, "subject"?: "<login>"}`: publish
  an event as the PBX would; `subject` is the user it concerns (omit it to reach every subscription that
  selects the event). Answers `{"reached": <number of subscriptions>}`.
- `GET /state`: `{"generation", "clock", "sessions": [...live sessions], "subscriptions": [...], "calls": [...]}`
  with, per subscription, its mode, whether a chunk channel is open, and queued/delivered/failed counts;
  services add their own entries (`control_summary()`), e.g. telephony's live call references.
- `GET /modifiers`, `POST /modifiers` `{"kind": ..., ...}` or `{"modifiers": [...]}`, `DELETE /modifiers`:
  the defect-injecting modifiers (see `core/modifiers.py`); they survive `/reset`.
- `/licences`, `/faults`, `/startup`, `/streams/drop`, `/cti`: licences, fault injection, the start-up
  window, dropped chunk streams and CTI links (see `control/powers.py`); `/reset` restores them.
"""

from __future__ import annotations

import json
import pathlib
from typing import Any

from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ...catalog import load_catalog
from ..core import errors
from ..core.dispatch import any_method_route, error_response
from ..core.limits import client_went_away
from ..core.modifiers import parse as parse_modifier
from ..core.registry import Backend
from ..core.sessions import SessionStore, iso
from ..core.topology import TopologyError, load_topology
from ..services.subscriptions.models import SubscriptionStore
from ..services.telephony.control import telephony_control_routes
from .guard import describe_file_error
from .powers import power_routes

#: The longest single advance (400 days): periodic timers fire at every period on the way.
MAX_ADVANCE = 400 * 86400


async def _json(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise errors.bad_parameter(f"malformed JSON body: {exc.msg}") from None
    except (ValueError, RecursionError) as exc:  # undecodable bytes, giant integers, deep nesting
        raise errors.bad_parameter(f"unreadable JSON body: {type(exc).__name__}") from None
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
            {
                "id": s.id,
                "login": s.login,
                "admin": s.admin,
                "supervisor": s.supervisor,
                "application": s.application_name,
                "remaining": s.remaining(backend.clock.now()),
            }
            for s in sessions.live()
        ],
        "subscriptions": [
            {
                "id": s.id,
                "owner": s.owner,
                "mode": s.mode,
                "channelOpen": bool(s.channel and s.channel.open),
                "queued": len(s.subscriber.queue),
                "delivered": s.subscriber.delivered,
                "failed": s.subscriber.failed,
            }
            for s in subs.all()
        ],
        **{k: v for obj in backend.states() for k, v in _summary(obj).items()},
    }


def _summary(obj: Any) -> dict[str, Any]:
    """A service state's own contribution to the state view (e.g. telephony's live calls)."""
    summary = getattr(obj, "control_summary", None)
    return summary() if callable(summary) else {}


def control_routes(backend: Backend, prefix: str) -> list[Route]:
    def guarded(fn: Any) -> Any:
        async def handler(request: Request) -> Response:
            try:
                result = await fn(request)
                return result if isinstance(result, Response) else JSONResponse(result)
            except errors.ApiError as err:
                return error_response(err, None)
            except ClientDisconnect:  # nobody to answer: one log line, no traceback
                client_went_away(request.method, request.url.path)
                return Response(status_code=400)

        return handler

    async def reset(request: Request) -> dict[str, Any]:
        data = await _json(request)
        topology = None
        if "topology" in data:
            path = str(data["topology"])
            try:
                topology = load_topology(pathlib.Path(path))
            except TopologyError as exc:  # never the file's lines (any file of the host may be named)
                raise errors.bad_parameter(describe_file_error("topology file", path, exc)) from None
        backend.reset(topology)
        return state_view(backend)

    async def clock(request: Request) -> dict[str, Any]:
        return clock_view(backend)

    async def advance(request: Request) -> dict[str, Any]:
        data = await _json(request)
        seconds = data.get("seconds")
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not 0 <= seconds <= MAX_ADVANCE:
            # NaN and infinity fail the range test too: an endless advance would never return.
            raise errors.bad_parameter(f"'seconds' must be a number from 0 to {MAX_ADVANCE}")
        backend.clock.advance(float(seconds))
        return clock_view(backend)

    async def publish(request: Request) -> dict[str, Any]:
        """Publish a documented event: {"event": {"eventName": "OnUserInfoChanged", ...}, "subject": "oxe70120"}."""
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

    async def modifiers(request: Request) -> dict[str, Any]:
        return {"modifiers": [m.as_dict() for m in backend.modifiers.items]}

    async def add_modifiers(request: Request) -> dict[str, Any]:
        """Install one modifier {"kind": ...} or several {"modifiers": [...]}; all or none are installed."""
        data = await _json(request)
        raw = data.get("modifiers", [data])
        if not isinstance(raw, list):
            raise errors.bad_parameter("'modifiers' must be a list of modifier objects")
        parsed = [parse_modifier(m) for m in raw]
        backend.modifiers.items.extend(parsed)
        return await modifiers(request)

    async def clear_modifiers(request: Request) -> dict[str, Any]:
        backend.modifiers.clear()
        return await modifiers(request)

    table: dict[str, dict[str, Any]] = {
        "/reset": {"POST": reset},
        "/clock": {"GET": clock},
        "/clock/advance": {"POST": advance},
        "/events": {"POST": publish},
        "/state": {"GET": state},
        "/modifiers": {"GET": modifiers, "POST": add_modifiers, "DELETE": clear_modifiers},
        **power_routes(backend),  # licences, faults, start-up window, dropped streams, CTI links
    }

    async def other(request: Request) -> Any:
        """Anything else under the prefix: a trailing slash, 404, or 405 for a known path and wrong method."""
        path = request.url.path.removeprefix(prefix).rstrip("/")
        if path in table:
            methods = table[path]
            if request.method in methods:
                return await methods[request.method](request)
            err = errors.not_supported(f"method {request.method} is not allowed on {prefix}{path}", status=405)
            err.headers["Allow"] = ", ".join(methods)
            raise err
        raise errors.not_found(f"no control route {request.url.path}", status=404)

    routes = [
        Route(prefix + path, guarded(fn), methods=[method])
        for path, methods in table.items()
        for method, fn in methods.items()
    ]
    routes += telephony_control_routes(backend, prefix)
    return [*routes, any_method_route(prefix + "/{rest:path}", guarded(other))]
