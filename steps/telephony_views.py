"""Steps reading calls: list, get, legs, participants, and moving a leg to another device (L2760-2800, L3025-3417)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from o2g_conformance.checks import NonConformance
from o2g_conformance.client import ApiResponse
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import CallState, Nth, Parties, PartyRef, Role, then, when

from .common import body_of
from .telephony import (
    UNKNOWN_REF,
    Party,
    device_of,
    leg_device,
    leg_state,
    named,
    parties,
    party,
    ref_of,
)

# -- requests ---------------------------------------------------------------------------------------------------


@when("user {role} lists its calls", target_fixture="answer")
def list_calls(o2g: World, role: Role) -> ApiResponse:
    """Sends telephony.calls.list in the user's session."""
    return o2g.send(role, "telephony.calls.list")


@when("the administrator lists the calls of user {role}", target_fixture="answer")
def admin_list_calls(o2g: World, role: Role) -> ApiResponse:
    """Sends telephony.calls.list as the administrator, naming the user with loginName."""
    return o2g.send("administrator", "telephony.calls.list", query={"loginName": o2g.account(role).login})


@when("user {role} gets the call with {others:parties}", target_fixture="answer")
def get_call(o2g: World, role: Role, others: Parties) -> ApiResponse:
    """Sends telephony.calls.get of the user's call with the parties."""
    return o2g.send(role, "telephony.calls.get", path={"callRef": ref_of(o2g, role, parties(o2g, others))})


@when("user {role} gets the call of user {owner:role} with {others:parties}", target_fixture="answer")
def get_other_call(o2g: World, role: Role, owner: Role, others: Parties) -> ApiResponse:
    """Sends telephony.calls.get of another user's call with the parties."""
    return o2g.send(role, "telephony.calls.get", path={"callRef": ref_of(o2g, owner, parties(o2g, others))})


@when("user {role} gets the legs of the call with {others:parties}", target_fixture="answer")
def get_legs(o2g: World, role: Role, others: Parties) -> ApiResponse:
    """Sends telephony.calls.devicelegs.list of the user's call with the parties."""
    ref = ref_of(o2g, role, parties(o2g, others))
    return o2g.send(role, "telephony.calls.devicelegs.list", path={"callRef": ref})


@when(
    "user {role} gets the leg of (?:its|user {owner:role}'s) {which:nth} device in the call with {others:parties}",
    target_fixture="answer",
)
def get_leg(o2g: World, role: Role, owner: Role | None, which: Nth, others: Parties) -> ApiResponse:
    """Sends telephony.calls.devicelegs.get of the leg of the device named (its own, or another user's)."""
    device = device_of(o2g, owner or role, which)
    ref = ref_of(o2g, role, parties(o2g, others))
    return o2g.send(role, "telephony.calls.devicelegs.get", path={"callRef": ref, "legId": device})


@when(
    "user {role} switches the call with {others:parties} to (?:its|user {owner:role}'s) {which:nth} device",
    target_fixture="answer",
)
def switch_device(o2g: World, role: Role, others: Parties, owner: Role | None, which: Nth) -> ApiResponse:
    """Sends telephony.calls.devicelegs.switch: the leg (its device) moves to another device (L3095-3130)."""
    ref = ref_of(o2g, role, parties(o2g, others))
    other = device_of(o2g, owner or role, which)
    path = {"callRef": ref, "legId": leg_device(o2g, role, ref)}
    return o2g.send(role, "telephony.calls.devicelegs.switch", path=path, json={"otherDeviceId": other})


@when("user {role} gets the participants of the call with {others:parties}", target_fixture="answer")
def get_participants(o2g: World, role: Role, others: Parties) -> ApiResponse:
    """Sends telephony.calls.participants.list of the user's call with the parties."""
    ref = ref_of(o2g, role, parties(o2g, others))
    return o2g.send(role, "telephony.calls.participants.list", path={"callRef": ref})


def participant_id(o2g: World, role: str, ref: str, who: Party) -> str:
    """The participantId of `who` in the user's call (Participant L6087-6116), read from the API."""
    response = o2g.aside(role, "telephony.calls.participants.list", path={"callRef": ref})
    for p in (response.json or {}).get("participants") or [] if response.status == 200 else []:
        if who.is_in(p.get("identity")):
            return str(p["participantId"])
    raise AssertionError(f"{who.label} is not a participant of call {ref} of user {role}: {response.text[:300]}")


@when(
    "user {role} gets the participant (?:{who:party}|unknown to the call) of the call with {others:parties}",
    target_fixture="answer",
)
def get_participant(o2g: World, role: Role, who: PartyRef | None, others: Parties) -> ApiResponse:
    """Sends telephony.calls.participants.get of the party named (or of a participantId unknown to the call)."""
    ref = ref_of(o2g, role, parties(o2g, others))
    pid = UNKNOWN_REF if who is None else participant_id(o2g, role, ref, party(o2g, who))
    return o2g.send(role, "telephony.calls.participants.get", path={"callRef": ref, "participantId": pid})


@when(
    "user {role} drops (?:{who:party}|a participant unknown to the call) from the call with {others:parties}",
    target_fixture="answer",
)
def drop_participant(o2g: World, role: Role, who: PartyRef | None, others: Parties) -> ApiResponse:
    """Sends telephony.calls.participants.drop of the party named (or of a participantId unknown to the call)."""
    ref = ref_of(o2g, role, parties(o2g, others))
    pid = UNKNOWN_REF if who is None else participant_id(o2g, role, ref, party(o2g, who))
    return o2g.send(role, "telephony.calls.participants.drop", path={"callRef": ref, "participantId": pid})


# -- answers ----------------------------------------------------------------------------------------------------


def _body(answer: ApiResponse) -> dict[str, Any]:
    body = body_of(answer)
    if not isinstance(body, dict):
        raise AssertionError(f"the answer has no JSON object body: {answer.text[:200]}")
    return body


def _fail(answer: ApiResponse, requirement: str, documented: object, received: object) -> NonConformance:
    return NonConformance(requirement, op_id=answer.op_id, documented=documented, received=received)


def _check_call(answer: ApiResponse, call: dict[str, Any], others: Sequence[Party], state: str, role: str) -> None:
    missing = [p.label for p in others if not p.in_call(call)]
    if missing:
        raise _fail(answer, "the call's participants", named(others), call)
    if leg_state(call) != state:
        raise _fail(
            answer, f"the state of the call of user {role} (Leg.state L5290, CallData.state L4979)", state, call
        )


@then("the answer lists the call of user {role} with {others:parties} {state:call_state}")
def lists_call(o2g: World, answer: ApiResponse, role: Role, others: Parties, state: CallState) -> None:
    """Checks that Calls lists one call of the user with the parties, in that state (L4838)."""
    calls = _body(answer).get("calls") or []
    with_ = parties(o2g, others)
    found = [c for c in calls if isinstance(c, dict) and all(p.in_call(c) for p in with_)]
    if len(found) != 1:
        raise _fail(answer, "Calls lists the user's calls in progress (L4838)", f"one call with {named(with_)}", calls)
    _check_call(answer, found[0], with_, state, role)


@then("the answer lists no call")
def lists_no_call(answer: ApiResponse) -> None:
    """Checks that Calls lists no call (L4838)."""
    calls = _body(answer).get("calls")
    if calls:
        raise _fail(answer, "Calls of a user with no call in progress (L4838)", "an empty list", calls)


@then("the answer is the call of user {role} with {others:parties} {state:call_state}")
def is_call(o2g: World, answer: ApiResponse, role: Role, others: Parties, state: CallState) -> None:
    """Checks that the Call is the one asked for (callRef, L4698), with the parties, in that state."""
    call = _body(answer)
    with_ = parties(o2g, others)
    ref = ref_of(o2g, role, with_)
    if call.get("callRef") != ref:
        raise _fail(answer, "Call.callRef is the reference asked for (L4698)", ref, call.get("callRef"))
    _check_call(answer, call, with_, state, role)


@then("the answer lists the leg of user {role}'s {which:nth} device {state:call_state}")
def lists_leg(o2g: World, answer: ApiResponse, role: Role, which: Nth, state: CallState) -> None:
    """Checks that Legs lists the one leg of that device, in that state (L5283-5307)."""
    legs = _body(answer).get("legs") or []
    device = device_of(o2g, role, which)
    if [(leg.get("deviceId"), leg.get("state")) for leg in legs] != [(device, state)]:
        raise _fail(answer, "Legs lists the user's legs in the call, by device (L5283-5307)", f"{device} {state}", legs)


@then("the answer is the leg of user {role}'s {which:nth} device {state:call_state}")
def is_leg(o2g: World, answer: ApiResponse, role: Role, which: Nth, state: CallState) -> None:
    """Checks the Leg of that device and state (L5283-5307); an active leg allows hold (L5308-5320)."""
    leg = _body(answer)
    device = device_of(o2g, role, which)
    if (leg.get("deviceId"), leg.get("state")) != (device, state):
        raise _fail(answer, "the Leg asked for (L5283-5307)", f"{device} {state}", leg)
    capabilities = leg.get("capabilities") or {}
    if state == "ACTIVE" and capabilities.get("hold") is not True:
        raise _fail(answer, "LegCapabilities of an active leg allow hold (L5308-5320)", "hold true", capabilities)


@then("the participants listed are {others:parties}")
def participants_listed(o2g: World, answer: ApiResponse, others: Parties) -> None:
    """Checks that Participants lists exactly the other parties of the call (L6117-6143)."""
    listed = _body(answer).get("participants") or []
    with_ = parties(o2g, others)
    if len(listed) != len(with_) or not all(any(p.is_in(x.get("identity")) for x in listed) for p in with_):
        raise _fail(answer, "Participants lists the other parties of the call (L6117-6143)", named(with_), listed)


@then("the answer is the participant {who:party}")
def is_participant(o2g: World, answer: ApiResponse, who: PartyRef) -> None:
    """Checks that the Participant is the party named and has a participantId (L6087-6116)."""
    found = _body(answer)
    asked = party(o2g, who)
    if not asked.is_in(found.get("identity")) or not found.get("participantId"):
        raise _fail(answer, "the Participant asked for (L6087-6116)", asked.label, found)
