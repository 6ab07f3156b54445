"""Steps asserting telephony events: a user sees a call created, changed or removed, and its user state."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from o2g_conformance.checks import NonConformance
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import CallState, Nth, Parties, PartyRef, Role, then

from .telephony import (
    Party,
    checked,
    device_of,
    follow,
    known_ref,
    last_call_event,
    leg_state,
    log_of,
    parties,
    party,
    ref_of,
    remember,
)


def _named(refs: Parties) -> str:
    """The parties of a `{parties}` word as a message names them: `user B and the external party`."""
    return " and ".join(ref.text for ref in refs)


@then("user {role} becomes (?P<state>FREE|BUSY)")
def becomes(o2g: World, role: Role, state: str) -> None:
    """Checks the user's OnUserStateModified (L6063-6086) with its new state FREE or BUSY."""
    login = o2g.account(role).login
    event = log_of(o2g, role).wait_for(
        "OnUserStateModified", where={"loginName": login, "state": state}, timeout=o2g.settings.event_timeout
    )
    checked(o2g, role, event)


def capable(event: Mapping[str, Any], capability: str) -> bool:
    """Whether the user's leg (LegCapabilities L5308) or the call (CallCapabilities L4885) allows `capability`."""
    for key in ("modifiedLegs", "addedLegs", "legs"):
        for leg in event.get(key) or []:
            if isinstance(leg, Mapping) and capability in (leg.get("capabilities") or {}):
                return (leg.get("capabilities") or {}).get(capability) is True
    data = event.get("callData")
    return isinstance(data, Mapping) and (data.get("capabilities") or {}).get(capability) is True


def _reached(state: str, device: str | None, abilities: list[tuple[bool, str]]) -> Callable[[dict[str, Any]], bool]:
    """An event where the user's leg is in `state` with the capabilities asked for (on and off)."""

    def match(event: dict[str, Any]) -> bool:
        if event.get("eventName") == "OnCallRemoved" or leg_state(event, device) != state:
            return False
        return all(capable(event, name) is wanted for wanted, name in abilities)

    return match


def _abilities(text: str | None) -> list[tuple[bool, str]]:
    """`able to retrieve and unable to answer` -> [(True, "retrieve"), (False, "answer")]."""
    found = re.findall(r"(un)?able to ([a-zA-Z]+)", text or "")
    return [(not un, name) for un, name in found]


def _expect(event: Mapping[str, Any], field_name: str, wanted: str | None, what: str) -> None:
    if wanted is not None and event.get(field_name) != wanted:
        raise NonConformance(what, documented=wanted, received=event)


ABLE = r"(?:un)?able to [a-zA-Z]+"


@then(
    "user {role} sees (?P<new>a new|the) call (?:to|from|with) {others:parties} {state:call_state}"
    "(?: on its {which:nth} device)?"
    rf"(?:, (?P<able>{ABLE}(?: and {ABLE})*))?(?:, cause (?P<cause>[A-Z_]+))?"
    "(?:, replacing its call with {replaced:parties})?"
)
def sees_call(
    o2g: World,
    role: Role,
    new: str,
    others: Parties,
    state: CallState,
    which: Nth | None,
    able: str | None,
    cause: str | None,
    replaced: Parties | None,
) -> None:
    """Checks the user is told of the call (OnCallCreated for a new one) and of its leg reaching `state`.

    The cause and previousCallRef are those of the event telling the state; `replacing its call with ...`:
    the call replaces that one, named by previousCallRef (L5654-5655).
    """
    with_ = parties(o2g, others)
    device = device_of(o2g, role, which.word) if which is not None else None
    what = f"the call with {_named(others)} {state}" + (f", {able}" if able else "")
    reached = _reached(state, device, _abilities(able))
    previous = ref_of(o2g, role, parties(o2g, replaced)) if replaced else None
    if new == "a new":
        event = _created(o2g, role, with_)
        if not reached(event):
            event = follow(o2g, role, str(event["callRef"]), reached, what)
    else:
        event = follow(o2g, role, ref_of(o2g, role, with_), reached, what)
        remember(o2g, role, with_, str(event["callRef"]))
    _expect(event, "cause", cause, f"the cause of the event telling user {role} of {what} (CallCause L4939)")
    if previous is not None:
        _expect(event, "previousCallRef", previous, "previousCallRef names the call replaced (L5654-5655)")


def _created(o2g: World, role: str, with_: list[Party]) -> dict[str, Any]:
    """The OnCallCreated of the user's call with `with_`: known by its callRef, its participants or its callee."""
    login = o2g.account(role).login
    known = known_ref(o2g, role, with_)

    def created(e: dict[str, Any]) -> bool:
        if e.get("eventName") != "OnCallCreated" or e.get("loginName") != login:
            return False
        called = (e.get("callData") or {}).get("initialCalled")
        return e.get("callRef") == known or all(p.in_call(e) or p.is_in(called) for p in with_)

    event = checked(o2g, role, log_of(o2g, role).wait_for(None, where=created, timeout=o2g.settings.event_timeout))
    remember(o2g, role, with_, str(event["callRef"]))
    return event


@then(
    "user {role} sees the call (?:to|from|with) {others:parties} removed"
    "(?:, cause (?P<cause>[A-Z_]+))?(?:, new destination {destination:party})?"
)
def sees_removed(o2g: World, role: Role, others: Parties, cause: str | None, destination: PartyRef | None) -> None:
    """Checks OnCallRemoved of the user's call (L5863-5888), with its cause and the new destination when named."""
    ref = ref_of(o2g, role, parties(o2g, others))

    def removed(e: dict[str, Any]) -> bool:
        return e.get("eventName") == "OnCallRemoved" and e.get("callRef") == ref

    event = follow(o2g, role, ref, removed, f"the removal of the call with {_named(others)}")
    _expect(event, "cause", cause, f"the cause of the removal of the call of user {role} (CallCause L4939)")
    if destination is not None:
        target = party(o2g, destination)
        received = event.get("newDestination")
        if received not in target.numbers and not (target.service and received):
            raise NonConformance(
                "newDestination names where a redirected call went (L5870-5872)",
                documented=target.label,
                received=event,
            )


@then("the participants in user {role}'s last call event carry no state")
def participants_without_state(o2g: World, role: Role) -> None:
    """Checks Participant.state is only filled when it changed to or from RINGING_INCOMING (L6094-6095)."""
    event = last_call_event(o2g, role)
    listed = [
        p
        for key in ("participants", "addedParticipants", "modifiedParticipants")
        for p in event.get(key) or []
        if isinstance(p, Mapping) and "state" in p
    ]
    if listed:
        raise NonConformance(
            "Participant.state is only filled when the participant's state changed to RINGING_INCOMING or from "
            "RINGING_INCOMING to ACTIVE (L6094-6095)",
            line=6094,
            documented="no state on participants whose state did not change from or to ringing",
            received=listed,
        )
