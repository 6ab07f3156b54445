"""The one place telephony events leave the emulator: an emitter that batches each operation's events.

Every telephony event is built here and handed to `Emitter.emit`. Within `Emitter.batch()` (one per
request, control action or timer) events are collected in causal order; when the outermost batch ends
the emitter publishes the whole list, in order. Deliberate defects come from one place only, the control
API's modifiers (core/modifiers.py): `reorder_events` reverses a batch here, the event bus applies the others.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from ...core.modifiers import Modifiers
from ...events.bus import EventBus


@dataclass(frozen=True)
class Outgoing:
    """One event about to be published: the login it concerns and, for a snapshot, the subscriptions it goes to."""

    subject: str
    event: dict[str, Any]
    only: frozenset[str] | None = None

    @property
    def name(self) -> str:
        return str(self.event.get("eventName", ""))


class _Batch:
    """`with emitter.batch():` (a plain class: this runs on every telephony request)."""

    __slots__ = ("emitter",)

    def __init__(self, emitter: Emitter) -> None:
        self.emitter = emitter

    def __enter__(self) -> None:
        self.emitter._depth += 1

    def __exit__(self, *exc: object) -> None:
        self.emitter._end_batch()


class Emitter:
    """Collects and publishes the telephony events of the emulator, one batch per operation."""

    def __init__(self, bus: EventBus, modifiers: Modifiers) -> None:
        self.bus = bus
        self.modifiers = modifiers  # the backend's installed defects (control API)
        self.sent: deque[Outgoing] = deque(maxlen=1000)  # the latest published, after reordering
        self.count = 0  # how many were published since the last reset
        self._pending: list[Outgoing] = []
        self._depth = 0

    @property
    def active(self) -> bool:
        """True inside a batch: what happens now is published when the outermost batch ends."""
        return self._depth > 0

    def emit(self, subject: str, event: dict[str, Any], *, only: frozenset[str] | None = None) -> None:
        self._pending.append(Outgoing(subject, event, only))
        if self._depth == 0:
            self._flush()

    def batch(self) -> _Batch:
        """Group the events of one operation; they are published when the outermost batch ends."""
        return _Batch(self)

    def _end_batch(self) -> None:
        self._depth -= 1
        if self._depth == 0:
            self._flush()

    def _flush(self) -> None:
        batch, self._pending = self._pending, []
        if self.modifiers.items and self.modifiers.reorders([o.name for o in batch]):
            batch.reverse()
        for out in batch:
            self.sent.append(out)
            self.count += 1
            self.bus.publish(out.event, subject=out.subject, only=out.only)


# -- event bodies (o2g-rest-api-reference.txt L5490-6074; field names as real servers send them) ------------


def on_call_created(
    login: str, view: dict[str, Any], caps: list[dict[str, Any]], *, cause: str | None, initiator: str | None
) -> dict[str, Any]:
    event: dict[str, Any] = {"eventName": "OnCallCreated", "loginName": login, "callRef": view["callRef"]}
    if cause:
        event["cause"] = cause
    event["callData"] = view["callData"]
    if initiator:
        event["initiator"] = initiator
    event.update(legs=view["legs"], participants=view["participants"], deviceCapabilities=caps)
    return event


def _changed(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """A participant changed, not counting a `state` that is merely no longer reported (L6094-6095)."""
    if "state" in old and "state" not in new:
        old = {k: v for k, v in old.items() if k != "state"}
    return old != new


def on_call_modified(
    login: str,
    view: dict[str, Any],
    before: dict[str, Any],
    caps: list[dict[str, Any]],
    *,
    cause: str | None,
    previous: str | None,
) -> dict[str, Any]:
    """OnCallModified with its deltas against the user's previous view of the call (L5646-5862).

    Real servers also repeat the full `legs` and `participants` (wire-facts, events 6); the delta lists
    are always present, empty when nothing of that kind changed.
    """
    old_legs = {leg["deviceId"]: leg for leg in before["legs"]}
    new_legs = {leg["deviceId"]: leg for leg in view["legs"]}
    old_parts = {p["participantId"]: p for p in before["participants"]}
    new_parts = {p["participantId"]: p for p in view["participants"]}
    event: dict[str, Any] = {"eventName": "OnCallModified", "loginName": login, "callRef": view["callRef"]}
    if cause:
        event["cause"] = cause
    if previous:
        event["previousCallRef"] = previous
    event.update(
        callData=view["callData"],
        legs=view["legs"],
        participants=view["participants"],
        modifiedLegs=[leg for d, leg in new_legs.items() if d in old_legs and old_legs[d] != leg],
        addedLegs=[leg for d, leg in new_legs.items() if d not in old_legs],
        removedLegs=[leg for d, leg in old_legs.items() if d not in new_legs],
        modifiedParticipants=[p for i, p in new_parts.items() if i in old_parts and _changed(old_parts[i], p)],
        addedParticipants=[p for i, p in new_parts.items() if i not in old_parts],
        removedParticipantIds=[i for i in old_parts if i not in new_parts],
        deviceCapabilities=caps,
    )
    return event


def on_call_removed(
    login: str, ref: str, caps: list[dict[str, Any]], *, cause: str | None, new_destination: str | None
) -> dict[str, Any]:
    event: dict[str, Any] = {"eventName": "OnCallRemoved", "loginName": login, "callRef": ref}
    if cause:
        event["cause"] = cause
    if new_destination:
        event["newDestination"] = new_destination
    event["deviceCapabilities"] = caps
    return event


def on_user_state_modified(login: str, state: str) -> dict[str, Any]:
    return {"eventName": "OnUserStateModified", "loginName": login, "state": state}


def on_device_state_modified(login: str, states: list[dict[str, Any]]) -> dict[str, Any]:
    return {"eventName": "OnDeviceStateModified", "loginName": login, "deviceStates": states}


def on_dynamic_state_changed(login: str, logon: bool) -> dict[str, Any]:
    return {"eventName": "OnDynamicStateChanged", "loginName": login, "huntingGroupState": {"logon": logon}}


def on_telephony_state(login: str, state: dict[str, Any]) -> dict[str, Any]:
    return {"eventName": "OnTelephonyState", "loginName": login, "state": state}
