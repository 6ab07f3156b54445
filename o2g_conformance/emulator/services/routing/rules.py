"""Routing values and the rules a route must follow: destination types, the number format, the dial plan, loops.

Readings chosen where the reference is silent or disagrees with itself:
- Destination types: DestinationType has OFFICE, MOBILE, VOICEMAIL, NUMBER, UNKNOWN (L7556-7564), while the
  error causes speak of USER, OTHER and ASSOCIATE destinations (L415, L423, L433, L461, L466). A forward goes to
  VOICEMAIL or a NUMBER (L7546, examples L7226-7288); an overflow goes to VOICEMAIL or the associate
  (L423, L6842), which the emulator reads as a NUMBER of another user of the PBX.
- Number format: `[+]?[0-9A-D*#\\(\\) ]{1,49}` (L405), else BAD_PHONE_NUMBER_FORMAT. Spaces and brackets
  are dropped; a number no dial-plan number starts with is UNKNOWN_PHONE_NUMBER, the start of a longer
  one INCOMPLETE_PHONE_NUMBER (L464-470).
- Unauthorized destinations (L431-437): one of the user's own sets, a service number (the voice mail
  number), VOICEMAIL for a user without a mailbox.
- Booleans sent as strings ("selected": "true", L6985, L7000) are accepted as booleans; answers carry real
  booleans as the representations say (Destination.selected, DNDState.activate L7569), not the string of
  the DND example (L7046).
- The destination lists of ForwardRoute and OverflowRoute are lost (L7572, L7640): the rules above stand
  in for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from ..telephony.core import EXTERNAL_NUMBER
from ..telephony.models import TelephonyState
from . import errors

NUMBER_FORMAT = re.compile(r"\+?[0-9A-D*#() ]{1,49}")  # L405
DESTINATION_TYPES = ("OFFICE", "MOBILE", "VOICEMAIL", "NUMBER", "UNKNOWN")
CONDITIONS = ("BUSY", "NO_ANSWER", "BUSY_NO_ANSWER")  # ForwardType (L7589-7596), OverflowType (L7657-7662)
RouteKind = Literal["forward", "overflow"]


class RequestBody(BaseModel):
    """A routing request body: numbers accepted where strings are documented (unknown fields: core/shapes.py)."""

    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)


class DestinationIn(RequestBody):
    """Destination (L7540-7555) as clients send it."""

    type: str | None = None
    number: str | None = None
    selected: bool | None = None
    deviceId: str | None = None


class ForwardRouteIn(RequestBody):
    forwardType: str | None = None
    destinations: list[DestinationIn] | None = None


class OverflowRouteIn(RequestBody):
    overflowType: str | None = None
    destinations: list[DestinationIn] | None = None


class PresentationRouteIn(RequestBody):
    destinations: list[DestinationIn] | None = None


@dataclass(frozen=True)
class Route:
    """A forward or overflow route of a user: its condition (None = immediate forward) and its destination."""

    kind: RouteKind
    condition: str | None
    destination: str  # VOICEMAIL | NUMBER
    number: str | None = None

    def view(self) -> dict[str, Any]:
        dest: dict[str, Any] = {"type": self.destination}
        if self.number is not None:
            dest["number"] = self.number
        out: dict[str, Any] = {}
        if self.condition is not None:
            out["forwardType" if self.kind == "forward" else "overflowType"] = self.condition
        out["destinations"] = [dest]
        return out


def _cause(kind: RouteKind) -> str:
    return "INVALID_FORWARD_ROUTE" if kind == "forward" else "INVALID_OVERFLOW_ROUTE"


def parse_route(
    tel: TelephonyState,
    login: str,
    kind: RouteKind,
    condition: str | None,
    destinations: list[DestinationIn] | None,
    forwards: dict[str, Route],
) -> Route:
    """Check one forward or overflow route of `login`; `forwards` are the users' forwards (loop detection)."""
    cause = _cause(kind)
    if kind == "overflow" and condition is None:
        raise errors.bad_value(cause, "the overflow type is not specified (L422)")
    if condition is not None and condition not in CONDITIONS:
        raise errors.bad_value(cause, f"{kind} type must be one of {', '.join(CONDITIONS)}, not {condition!r}")
    if not destinations:
        raise errors.bad_value("NULL_OR_EMPTY_PARAMETER", f"the {kind} route needs one destination")
    if len(destinations) > 1:
        raise errors.bad_value(cause, f"only one destination is acceptable in a {kind} route (L7578, L7645)")
    dest = destinations[0]
    if dest.type is None:
        raise errors.bad_value("NULL_PARAMETER", "the destination type is mandatory (L7543)")
    dest_type = dest.type if dest.type in DESTINATION_TYPES else "UNKNOWN"
    if dest.type not in ("VOICEMAIL", "NUMBER"):
        raise errors.bad_value(cause, f"a {kind} route goes to VOICEMAIL or a NUMBER, not {dest.type!r}", dest_type)
    if dest.type == "VOICEMAIL":
        if not tel.has_voicemail(login):
            raise errors.unauthorized("UNAUTHORIZED_PHONE_NUMBER", f"{login} has no voice mail (L436)", "VOICEMAIL")
        return Route(kind, condition, "VOICEMAIL")
    number = check_number(tel, login, kind, dest.number)
    if kind == "forward":
        _check_loop(tel, login, number, forwards)
    return Route(kind, condition, "NUMBER", number)


def check_number(tel: TelephonyState, login: str, kind: RouteKind, raw: str | None) -> str:
    """A NUMBER destination: format, then the dial plan; answers the number without spaces and brackets."""
    if raw is None or not raw.strip():
        raise errors.bad_value("NULL_OR_EMPTY_PARAMETER", "the number must be filled for a NUMBER (L7546)", "NUMBER")
    if not NUMBER_FORMAT.fullmatch(raw):
        raise errors.bad_value(
            "BAD_PHONE_NUMBER_FORMAT", f"{raw!r} does not match [+]?[0-9A-D*#\\(\\) ]{{1,49}} (L405)", "NUMBER"
        )
    number = re.sub(r"[ ()]", "", raw)
    if number in {d.number for d in tel.devices_of(login)}:
        raise errors.unauthorized(
            "UNAUTHORIZED_PHONE_NUMBER", f"{number} is one of {login}'s own sets (L434, L437)", "NUMBER"
        )
    if number in tel.voicemail_numbers():
        raise errors.unauthorized("UNAUTHORIZED_PHONE_NUMBER", f"{number} is a service number (L435)", "NUMBER")
    dev = tel.device(number)
    is_user = dev is not None and dev.owner is not None
    known = dev is not None or number in tel.hunting_groups or bool(EXTERNAL_NUMBER.fullmatch(number))
    if kind == "overflow" and known and not is_user:
        raise errors.bad_value(
            _cause(kind), f"an overflow goes to VOICEMAIL or the associate (a user), not {number} (L423)", "NUMBER"
        )
    if known:
        return number
    plan = [*tel.devices, *tel.hunting_groups, *tel.voicemail_numbers()]
    if any(n.startswith(number) for n in plan):
        raise errors.routing_error(
            "INCOMPLETE_PHONE_NUMBER", _cause(kind), f"{number} is only the start of a number (L464-466)", "NUMBER"
        )
    raise errors.routing_error(
        "UNKNOWN_PHONE_NUMBER", _cause(kind), f"{number} is not in the dial plan (L468-470)", "NUMBER"
    )


def _check_loop(tel: TelephonyState, login: str, number: str, forwards: dict[str, Route]) -> None:
    """Follow the forwards from `number`: coming back to `login` is a loop (INVALID_FORWARD_ROUTE, L417)."""
    chain = [login]
    current: str | None = number
    while current is not None:
        dev = tel.device(current)
        owner = dev.owner if dev is not None else None
        if owner is None:
            return
        if owner in chain:
            loop = " -> ".join([*chain, owner])
            raise errors.bad_value("INVALID_FORWARD_ROUTE", f"a loop in the forward chain: {loop} (L417)", "NUMBER")
        chain.append(owner)
        route = forwards.get(owner)
        current = route.number if route is not None else None
