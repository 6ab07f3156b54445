"""Control routes of the cross-cutting powers: licences, faults, start-up window, dropped streams, CTI links.

Under the control prefix (`/__emulator__`), listed in the table of `control/routes.py`:

- `GET /licences`: the installed licence file with, per licence, `used`, `users` and `valid`.
- `POST /licences` `{"file": "<path>"}` or an inline licence document `{"mode", "expiration"?, "licences":
  [...]}` (see `core/licence_file.py`): install it now; `/reset` restores the emulator's own licence file.
- `GET /faults`, `POST /faults` `{"kind": ...}` or `{"faults": [...]}` (all or none), `DELETE /faults`:
  latency and error faults (see `core/faults.py`); `/reset` clears them.
- `POST /startup` `{"seconds": N}`: the server starts again: NOT_READY for N virtual seconds, then
  OnPbxLoaded per node and OnServerStart to webhook subscriptions.
- `POST /streams/drop` `{"subscriptionId"?: id, "login"?: login}`: cut the open chunk channels (all, a
  subscription's or a login's); the subscription ends a minute later unless the client reopens one
  (L2145). Answers `{"dropped": n}`.
- `GET /cti`, `POST /cti` `{"state": "DISCONNECTED"|"CONNECTED_MAIN"|"CONNECTED_SECONDARY", "nodeId"?: n,
  "eventDelay"?: 30..60}`: drop or restore the CTI link of a node (all nodes without `nodeId`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request

from ..core import errors
from ..core.faults import MAX_LATENCY, Faults
from ..core.licence_file import LicenceFileError, load_licence_file, parse_licence_file
from ..core.licences import Licences
from ..core.registry import Backend
from ..core.sessions import iso
from ..services.subscriptions.models import SubscriptionStore
from ..services.system.models import LINK_DOWN_DELAY, SystemState
from .guard import describe_file_error

Route = Callable[[Request], Awaitable[Any]]


async def control_body(request: Request) -> dict[str, Any]:
    """The JSON object a control request carries ({} when empty); anything else is BAD_PARAMETER."""
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise errors.bad_parameter(f"malformed JSON body: {exc}") from None
    if not isinstance(data, dict):
        raise errors.bad_parameter("the control API takes a JSON object")
    return data


def _seconds(data: dict[str, Any], name: str, *, default: float | None = None, high: float = MAX_LATENCY) -> float:
    value = data.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise errors.bad_parameter(f"'{name}' must be a number of seconds from 0 to {high:g}")
    if not 0 <= value <= high:
        raise errors.bad_parameter(f"'{name}' must be a number of seconds from 0 to {high:g}")
    return float(value)


def power_routes(backend: Backend) -> dict[str, dict[str, Route]]:
    """Path -> method -> handler, merged into the control API's table."""

    async def licences(request: Request) -> dict[str, Any]:
        return backend.state(Licences).view()

    async def load_licences(request: Request) -> dict[str, Any]:
        data = await control_body(request)
        if "file" in data:
            source = str(data["file"])
            try:
                file = load_licence_file(source)
            except LicenceFileError as exc:  # never the file's lines (any file of the host may be named)
                raise errors.bad_parameter(describe_file_error("licence file", source, exc)) from None
        else:
            source = "(control API)"
            try:
                file = parse_licence_file(data, "given to the control API")
            except LicenceFileError as exc:  # the client's own document: its problems are told in full
                raise errors.bad_parameter(str(exc)) from None
        state = backend.state(Licences)
        state.load(file, source)
        return state.view()

    def faults_view() -> dict[str, Any]:
        faults = backend.state(Faults)
        until = faults.starting_until
        return {
            "faults": [r.as_dict() for r in faults.rules],
            "startingUntil": iso(until) if until is not None else None,
        }

    async def faults(request: Request) -> dict[str, Any]:
        return faults_view()

    async def add_faults(request: Request) -> dict[str, Any]:
        data = await control_body(request)
        raw = data.get("faults", [data])
        if not isinstance(raw, list):
            raise errors.bad_parameter("'faults' must be a list of fault objects")
        backend.state(Faults).add(raw)
        return faults_view()

    async def clear_faults(request: Request) -> dict[str, Any]:
        backend.state(Faults).clear()
        return faults_view()

    async def startup(request: Request) -> dict[str, Any]:
        data = await control_body(request)
        backend.state(Faults).start_window(_seconds(data, "seconds", default=30.0))
        return faults_view()

    async def drop_streams(request: Request) -> dict[str, Any]:
        data = await control_body(request)
        sub_id, login = data.get("subscriptionId"), data.get("login")
        store = backend.state(SubscriptionStore)
        dropped = 0
        for sub in store.all():
            if (sub_id is not None and sub.id != sub_id) or (login is not None and sub.owner != login):
                continue
            channel = sub.channel
            if channel is not None and channel.open:
                store.detach(sub, channel)  # the subscription ends a minute later unless reopened (L2145)
                if sub.subscriber.wake:
                    sub.subscriber.wake()
                dropped += 1
        return {"dropped": dropped}

    async def cti(request: Request) -> dict[str, Any]:
        return {"links": backend.state(SystemState).links_view()}

    async def set_cti(request: Request) -> dict[str, Any]:
        data = await control_body(request)
        node = data.get("nodeId")
        if node is not None and (isinstance(node, bool) or not isinstance(node, int)):
            raise errors.bad_parameter("'nodeId' must be the integer id of an OXE node")
        delay = _seconds(data, "eventDelay", default=LINK_DOWN_DELAY[0], high=LINK_DOWN_DELAY[1])
        links = backend.state(SystemState).set_link(node, str(data.get("state")), delay)
        return {"links": links}

    return {
        "/licences": {"GET": licences, "POST": load_licences},
        "/faults": {"GET": faults, "POST": add_faults, "DELETE": clear_faults},
        "/startup": {"POST": startup},
        "/streams/drop": {"POST": drop_streams},
        "/cti": {"GET": cti, "POST": set_cti},
    }
