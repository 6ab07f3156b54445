"""The Call Center Real Time backend: RTI identifiers, one context per administrator, snapshot and changes.

Flow (L14646-14652): an administrator subscribes to the `rti` package ("*" or object numbers as ids),
creates its context (POST /acd/rti/ctx), asks a snapshot (every filtered attribute of every filtered
object), then receives an event each time attributes change, with the changed attributes only (and
the identity fields every event needs). Events go to the subscriptions of the context's administrator.

Readings chosen where the reference is silent or disagrees with itself:
- POST with a body creates or replaces the context and activates it; without a body it activates the
  existing one (L14751-14752), NOT_FOUND 404 when there is none; PUT replaces an existing context
  (404 when none) and keeps its activation; GET and DELETE answer 404 when there is no context, snapshot
  when there is no active one (404 is documented for every RTI operation).
- obsPeriod is 15..60 minutes and notifFrequency at least 5 s (L15536-15537): outside, BAD_PARAMETER.
  Defaults: 60 and 10.
- Attribute names are read case-insensitively, and a name the object does not have is ignored: the
  reference's own examples send "nbOfRefusedACDCalls" (L14779) for NbOfRefusedACDCalls (L15160) and
  "CurrentPG" in a pilot filter (L14783), which PilotAttribute does not list (L15477-15495). An object
  number that is not one of the call center is a bad parameter; "*" stands for all, "ALL" for every
  attribute (L15148). GET ?extended=true replaces them by the actual numbers and attributes (L14866).
- The "Associated notifications" (L14796-14799) name events that exist nowhere else (OnRtiPilotChanged,
  OnRtiWaitingQueue ...): the emulator sends the documented events OnAgentRtiChanged ... OnQueueRtiChanged.
- notifFrequency paces "only pilot quality attributes" (L15537); the emulator notifies every change at
  once, which a frequency cannot delay below its minimum.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .....catalog import load_catalog
from ....core import errors
from ....core.registry import Backend, state
from ...subscriptions.models import SubscriptionStore
from ...telephony.models import TelephonyState
from ..agent.models import AcdAgents
from ..ccd import CallCenter
from ..pilot.models import AcdPilots
from .attributes import EVENTS, FIELDS, KINDS, Figures

OBS_PERIOD = (15, 60)
MIN_FREQUENCY = 5
FILTERS = {kind: f"{kind}Filter" for kind in KINDS}
LISTS = {"agent": "agents", "pilot": "pilots", "queue": "queues", "pgAgent": "pgAgents", "pgOther": "pgOthers"}
ENUMS = {
    "agent": "AgentAttribute",
    "pilot": "PilotAttribute",
    "queue": "QueueAttribute",
    "pgAgent": "PGAgentAttribute",
    "pgOther": "PGOtherAttribute",
}


def attribute_names(kind: str) -> list[str]:
    """The documented attributes of a kind of object, ALL excluded."""
    rep = load_catalog().representation("Call Center Real Time", ENUMS[kind])
    assert rep is not None
    return [v for v in rep.values if v != "ALL"]


@dataclass
class ObjectFilter:
    numbers: list[str]
    attributes: list[str]


@dataclass
class RtiContext:
    obs_period: int
    notif_frequency: int
    filters: dict[str, ObjectFilter]
    active: bool = False
    last: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)


@state
class AcdRealTime:
    """RTI contexts of the administrators and the events they receive."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.contexts: dict[str, RtiContext] = {}

    def start(self) -> None:
        self.backend.state(CallCenter).listeners.append(self.refresh)

    def _figures(self) -> Figures:
        b = self.backend
        return Figures(b.state(CallCenter), b.state(AcdAgents), b.state(AcdPilots), b.state(TelephonyState))

    # -- identifiers ----------------------------------------------------------------------------------
    def identifiers(self, kinds: tuple[str, ...] = KINDS) -> dict[str, Any]:
        """RtiIdentifiers (L15587-15620): RtiObjectIdentifier {number, name, firstName (agents)}."""
        figures = self._figures()
        out: dict[str, Any] = {}
        for kind in kinds:
            rows = []
            for number in figures.numbers(kind):
                ident = figures.identity(kind, number)
                row = {"number": number, "name": ident["name"]}
                if "firstName" in ident:
                    row["firstName"] = ident["firstName"]
                rows.append(row)
            out[LISTS[kind]] = rows
        return out

    # -- the context ----------------------------------------------------------------------------------
    def _parse(self, body: dict[str, Any]) -> RtiContext:
        obs = body.get("obsPeriod")
        obs = OBS_PERIOD[1] if obs is None else obs
        if not OBS_PERIOD[0] <= obs <= OBS_PERIOD[1]:
            raise errors.bad_parameter(f"obsPeriod is {OBS_PERIOD[0]}..{OBS_PERIOD[1]} minutes (L15536), not {obs}")
        frequency = body.get("notifFrequency")
        frequency = 10 if frequency is None else frequency
        if frequency < MIN_FREQUENCY:
            raise errors.bad_parameter(f"notifFrequency is at least {MIN_FREQUENCY} seconds (L15537), not {frequency}")
        figures = self._figures()
        filters: dict[str, ObjectFilter] = {}
        for kind in KINDS:
            raw = (body.get("filter") or {}).get(FILTERS[kind])
            if raw is None:
                continue
            known = figures.numbers(kind)
            numbers = list(dict.fromkeys(raw.get("numbers") or []))
            unknown = [n for n in numbers if n != "*" and n not in known]
            if unknown:
                raise errors.bad_parameter(f"{FILTERS[kind]}: no {kind} {', '.join(unknown)} in the call center")
            names = {a.lower(): a for a in [*attribute_names(kind), "ALL"]}
            attributes = [names[a.lower()] for a in raw.get("attributes") or [] if a.lower() in names]
            filters[kind] = ObjectFilter(numbers, list(dict.fromkeys(attributes)))
        return RtiContext(obs, frequency, filters)

    def _context(self, login: str) -> RtiContext:
        ctx = self.contexts.get(login)
        if ctx is None:
            raise errors.not_found(f"{login} has no RTI context", status=404)
        return ctx

    def create(self, login: str, body: dict[str, Any] | None) -> None:
        if body is None:
            ctx = self._context(login)
        else:
            ctx = self._parse(body)
            self.contexts[login] = ctx
        ctx.active = True
        ctx.last = self._current(ctx)

    def modify(self, login: str, body: dict[str, Any]) -> None:
        old = self._context(login)
        ctx = self._parse(body)
        ctx.active = old.active
        ctx.last = self._current(ctx)
        self.contexts[login] = ctx

    def view(self, login: str, *, extended: bool) -> dict[str, Any]:
        """RtiContext (L15529-15586), compact ("*", "ALL" as given) or extended (actual values)."""
        ctx = self._context(login)
        figures = self._figures()
        filters: dict[str, Any] = {}
        for kind, f in ctx.filters.items():
            numbers, attributes = f.numbers, f.attributes
            if extended:
                numbers = figures.numbers(kind) if "*" in numbers else numbers
                attributes = attribute_names(kind) if "ALL" in attributes else attributes
            filters[FILTERS[kind]] = {"numbers": list(numbers), "attributes": list(attributes)}
        return {
            "active": ctx.active,
            "obsPeriod": ctx.obs_period,
            "notifFrequency": ctx.notif_frequency,
            "filter": filters,
        }

    def delete(self, login: str) -> None:
        self._context(login)
        del self.contexts[login]

    # -- events ---------------------------------------------------------------------------------------
    @staticmethod
    def _selected(ctx: RtiContext, kind: str, figures: Figures) -> tuple[list[str], list[str]]:
        """The numbers and event fields a context selects for a kind of object."""
        f = ctx.filters.get(kind)
        if f is None:
            return [], []
        numbers = figures.numbers(kind) if "*" in f.numbers else f.numbers
        attributes = list(FIELDS[kind]) if "ALL" in f.attributes else f.attributes
        return numbers, [name for a in attributes for name in FIELDS[kind].get(a, ())]

    def _current(self, ctx: RtiContext) -> dict[tuple[str, str], dict[str, Any]]:
        figures = self._figures()
        out: dict[tuple[str, str], dict[str, Any]] = {}
        for kind in KINDS:
            numbers, fields = self._selected(ctx, kind, figures)
            for number in numbers:
                values = figures.values(kind, number)
                out[(kind, number)] = {name: values[name] for name in fields if name in values}
        return out

    def _send(self, login: str, kind: str, number: str, changes: dict[str, Any]) -> None:
        event = {"eventName": EVENTS[kind], **self._figures().identity(kind, number), **changes}
        keys = [s.id for s in self.backend.state(SubscriptionStore).all() if s.owner == login]
        if keys:
            self.backend.bus.publish(event, subject=number, only=keys)

    def snapshot(self, login: str) -> None:
        ctx = self._context(login)
        if not ctx.active:
            raise errors.not_found(f"the RTI context of {login} is not active", status=404)
        ctx.last = self._current(ctx)
        for (kind, number), values in ctx.last.items():
            self._send(login, kind, number, values)

    def refresh(self) -> None:
        """CallCenter listener: each active context is told what changed since its last notification."""
        for login, ctx in self.contexts.items():
            if not ctx.active:
                continue
            now = self._current(ctx)
            for key, values in now.items():
                before = ctx.last.get(key, {})
                changes = {name: v for name, v in values.items() if before.get(name) != v}
                if changes:
                    self._send(login, key[0], key[1], changes)
            ctx.last = now
