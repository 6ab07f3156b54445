"""Steps reading calls: list, get, legs, participants, and moving a leg to another device (L2760-2800, L3025-3417)."""

from __future__ import annotations

from typing import Any

from pytest_bdd import parsers

from o2g_conformance.checks import NonConformance
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import then, when

from .common import body_of, last
from .telephony import (
    PARTIES,
    PARTY,
    UNKNOWN_REF,
    Party,
    device_of,
    leg_device,
    leg_state,
    parties,
    party,
    ref_of,
    send,
)

# -- requests ---------------------------------------------------------------------------------------------------


@when(parsers.re(r"user (?P<role>[A-Z]) lists its calls$"))
def list_calls(o2g: World, role: str) -> None:
    """User {role} lists its calls; sends telephony.calls.list."""
    send(o2g, role, "telephony.calls.list")


@when(parsers.re(r"the administrator lists the calls of user (?P<role>[A-Z])$"))
def admin_list_calls(o2g: World, role: str) -> None:
    """The administrator lists the calls of user {role}; sends telephony.calls.list."""
    send(o2g, "administrator", "telephony.calls.list", query={"loginName": o2g.account(role).login})


@when(parsers.re(rf"user (?P<role>[A-Z]) gets the call with (?P<others>{PARTIES})$"))
def get_call(o2g: World, role: str, others: str) -> None:
    """User {role} gets the call with {others}; sends telephony.calls.get."""
    send(o2g, role, "telephony.calls.get", path={"callRef": ref_of(o2g, role, parties(o2g, others))})


@when(parsers.re(rf"user (?P<role>[A-Z]) gets the call of user (?P<owner>[A-Z]) with (?P<others>{PARTIES})$"))
def get_other_call(o2g: World, role: str, owner: str, others: str) -> None:
    """User {role} gets the call of user {owner} with {others}; sends telephony.calls.get."""
    send(o2g, role, "telephony.calls.get", path={"callRef": ref_of(o2g, owner, parties(o2g, others))})


@when(parsers.re(rf"user (?P<role>[A-Z]) gets the legs of the call with (?P<others>{PARTIES})$"))
def get_legs(o2g: World, role: str, others: str) -> None:
    """User {role} gets the legs of the call with {others}; sends telephony.calls.devicelegs.list."""
    ref = ref_of(o2g, role, parties(o2g, others))
    send(o2g, role, "telephony.calls.devicelegs.list", path={"callRef": ref})


@when(
    parsers.re(
        r"user (?P<role>[A-Z]) gets the leg of (?P<owner>its|user [A-Z]'s) (?P<which>first|second) device "
        rf"in the call with (?P<others>{PARTIES})$"
    )
)
def get_leg(o2g: World, role: str, owner: str, which: str, others: str) -> None:
    """User {role} gets the leg of {owner} (first|second) device in the call with {others}.

    Sends telephony.calls.devicelegs.get.
    """
    device = device_of(o2g, role if owner == "its" else owner[len("user ")], which)
    ref = ref_of(o2g, role, parties(o2g, others))
    send(o2g, role, "telephony.calls.devicelegs.get", path={"callRef": ref, "legId": device})


@when(
    parsers.re(
        rf"user (?P<role>[A-Z]) switches the call with (?P<others>{PARTIES}) "
        r"to (?P<owner>its|user [A-Z]'s) (?P<which>first|second) device$"
    )
)
def switch_device(o2g: World, role: str, others: str, owner: str, which: str) -> None:
    """The leg (its device) moves to another device of the user (L3095-3130)."""
    ref = ref_of(o2g, role, parties(o2g, others))
    other = device_of(o2g, role if owner == "its" else owner[len("user ")], which)
    path = {"callRef": ref, "legId": leg_device(o2g, role, ref)}
    send(o2g, role, "telephony.calls.devicelegs.switch", path=path, json={"otherDeviceId": other})


@when(parsers.re(rf"user (?P<role>[A-Z]) gets the participants of the call with (?P<others>{PARTIES})$"))
def get_participants(o2g: World, role: str, others: str) -> None:
    """User {role} gets the participants of the call with {others}; sends telephony.calls.participants.list."""
    ref = ref_of(o2g, role, parties(o2g, others))
    send(o2g, role, "telephony.calls.participants.list", path={"callRef": ref})


def participant_id(o2g: World, role: str, ref: str, who: Party) -> str:
    """The participantId of `who` in the user's call (Participant L6087-6116), read from the API."""
    response = o2g.session(role).call("telephony.calls.participants.list", path={"callRef": ref})
    for p in (response.json or {}).get("participants") or [] if response.status == 200 else []:
        if who.is_in(p.get("identity")):
            return str(p["participantId"])
    raise AssertionError(f"{who.label} is not a participant of call {ref} of user {role}: {response.text[:300]}")


@when(
    parsers.re(
        rf"user (?P<role>[A-Z]) gets the participant (?P<who>{PARTY}|unknown to the call) "
        rf"of the call with (?P<others>{PARTIES})$"
    )
)
def get_participant(o2g: World, role: str, who: str, others: str) -> None:
    """User {role} gets the participant {who} of the call with {others}; sends telephony.calls.participants.get."""
    ref = ref_of(o2g, role, parties(o2g, others))
    pid = UNKNOWN_REF if who == "unknown to the call" else participant_id(o2g, role, ref, party(o2g, who))
    send(o2g, role, "telephony.calls.participants.get", path={"callRef": ref, "participantId": pid})


@when(
    parsers.re(
        rf"user (?P<role>[A-Z]) drops (?P<who>{PARTY}|a participant unknown to the call) "
        rf"from the call with (?P<others>{PARTIES})$"
    )
)
def drop_participant(o2g: World, role: str, who: str, others: str) -> None:
    """User {role} drops {who} from the call with {others}; sends telephony.calls.participants.drop."""
    ref = ref_of(o2g, role, parties(o2g, others))
    pid = UNKNOWN_REF if who.startswith("a participant") else participant_id(o2g, role, ref, party(o2g, who))
    send(o2g, role, "telephony.calls.participants.drop", path={"callRef": ref, "participantId": pid})


# -- answers ----------------------------------------------------------------------------------------------------


def _body(o2g: World) -> dict[str, Any]:
    body = body_of(last(o2g))
    if not isinstance(body, dict):
        raise AssertionError(f"the answer has no JSON object body: {last(o2g).text[:200]}")
    return body


def _fail(o2g: World, requirement: str, documented: object, received: object) -> NonConformance:
    return NonConformance(requirement, op_id=last(o2g).op_id, documented=documented, received=received)


def _check_call(o2g: World, call: dict[str, Any], others: list[Party], state: str, role: str) -> None:
    missing = [p.label for p in others if not p.in_call(call)]
    if missing:
        raise _fail(o2g, "the call's participants", " and ".join(p.label for p in others), call)
    if leg_state(call) != state:
        raise _fail(o2g, f"the state of the call of user {role} (Leg.state L5290, CallData.state L4979)", state, call)


@then(parsers.re(rf"the answer lists the call of user (?P<role>[A-Z]) with (?P<others>{PARTIES}) (?P<state>[A-Z_]+)$"))
def lists_call(o2g: World, role: str, others: str, state: str) -> None:
    """Checks that the answer lists the call of user {role} with {others} {state}."""
    calls = _body(o2g).get("calls") or []
    with_ = parties(o2g, others)
    found = [c for c in calls if isinstance(c, dict) and all(p.in_call(c) for p in with_)]
    if len(found) != 1:
        raise _fail(o2g, "Calls lists the user's calls in progress (L4838)", f"one call with {others}", calls)
    _check_call(o2g, found[0], with_, state, role)


@then("the answer lists no call")
def lists_no_call(o2g: World) -> None:
    """Checks that the answer lists no call."""
    calls = _body(o2g).get("calls")
    if calls:
        raise _fail(o2g, "Calls of a user with no call in progress (L4838)", "an empty list", calls)


@then(parsers.re(rf"the answer is the call of user (?P<role>[A-Z]) with (?P<others>{PARTIES}) (?P<state>[A-Z_]+)$"))
def is_call(o2g: World, role: str, others: str, state: str) -> None:
    """Checks that the answer is the call of user {role} with {others} {state}."""
    call = _body(o2g)
    with_ = parties(o2g, others)
    ref = ref_of(o2g, role, with_)
    if call.get("callRef") != ref:
        raise _fail(o2g, "Call.callRef is the reference asked for (L4698)", ref, call.get("callRef"))
    _check_call(o2g, call, with_, state, role)


@then(
    parsers.re(r"the answer lists the leg of user (?P<role>[A-Z])'s (?P<which>first|second) device (?P<state>[A-Z_]+)$")
)
def lists_leg(o2g: World, role: str, which: str, state: str) -> None:
    """Checks that the answer lists the leg of user {role}'s (first|second) device {state}."""
    legs = _body(o2g).get("legs") or []
    device = device_of(o2g, role, which)
    if [(leg.get("deviceId"), leg.get("state")) for leg in legs] != [(device, state)]:
        raise _fail(o2g, "Legs lists the user's legs in the call, by device (L5283-5307)", f"{device} {state}", legs)


@then(parsers.re(r"the answer is the leg of user (?P<role>[A-Z])'s (?P<which>first|second) device (?P<state>[A-Z_]+)$"))
def is_leg(o2g: World, role: str, which: str, state: str) -> None:
    """Checks that the answer is the leg of user {role}'s (first|second) device {state}."""
    leg = _body(o2g)
    device = device_of(o2g, role, which)
    if (leg.get("deviceId"), leg.get("state")) != (device, state):
        raise _fail(o2g, "the Leg asked for (L5283-5307)", f"{device} {state}", leg)
    capabilities = leg.get("capabilities") or {}
    if state == "ACTIVE" and capabilities.get("hold") is not True:
        raise _fail(o2g, "LegCapabilities of an active leg allow hold (L5308-5320)", "hold true", capabilities)


@then(parsers.re(rf"the participants listed are (?P<others>{PARTIES})$"))
def participants_listed(o2g: World, others: str) -> None:
    """Checks that the participants listed are {others}."""
    listed = _body(o2g).get("participants") or []
    with_ = parties(o2g, others)
    if len(listed) != len(with_) or not all(any(p.is_in(x.get("identity")) for x in listed) for p in with_):
        raise _fail(o2g, "Participants lists the other parties of the call (L6117-6143)", others, listed)


@then(parsers.re(rf"the answer is the participant (?P<who>{PARTY})$"))
def is_participant(o2g: World, who: str) -> None:
    """Checks that the answer is the participant {who}."""
    found = _body(o2g)
    if not party(o2g, who).is_in(found.get("identity")) or not found.get("participantId"):
        raise _fail(o2g, "the Participant asked for (L6087-6116)", who, found)
