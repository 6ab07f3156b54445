"""Steps of people outside the API (emulator control): the external party, people at their sets, sets' state."""

from __future__ import annotations

from typing import Any

from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import PartyRef, Role, given, when

from .telephony import EXTERNAL_NUMBER, await_call, device_of, leg_device, party, ref_of, remember, settle

BASE = "/telephony"


def _control(o2g: World, path: str, body: dict[str, Any] | None = None) -> Any:
    """A control route of the simulated PBX (o2g_conformance/emulator/services/telephony/control.py)."""
    return o2g.control.post(BASE + path, body or {})


def _put(o2g: World, path: str, body: dict[str, Any]) -> Any:
    """The PUT control routes (settings of a set)."""
    return o2g.control.put(BASE + path, body)


def external_calls(o2g: World, role: str) -> None:
    result = _control(o2g, "/external/calls", {"from": EXTERNAL_NUMBER, "to": device_of(o2g, role)})
    if result.get("callRef") is None:
        raise AssertionError(f"the external call to user {role} failed: {result}")


@given("the external party calls user {role}")
def given_external_calls(o2g: World, role: Role) -> None:
    """Precondition: the external party calls the user (control API), the listeners' events are settled."""
    external_calls(o2g, role)
    settle(o2g)


@when("the external party calls user {role}")
def when_external_calls(o2g: World, role: Role) -> None:
    """The external party calls the user's first device (control API POST /telephony/external/calls)."""
    external_calls(o2g, role)


@given("the external party is in a call with user {role}")
def external_in_call(o2g: World, role: Role) -> None:
    """Precondition: the external party called the user, who answered through the API (telephony.calls.answer)."""
    external = [party(o2g, "the external party")]
    external_calls(o2g, role)
    await_call(o2g, role, external)
    ref = ref_of(o2g, role, external)
    o2g.aside(role, "telephony.calls.answer", path={"callRef": ref}, json={"deviceId": leg_device(o2g, role, ref)})
    settle(o2g)


@when("the external party (?P<action>answers|hangs up)")
def external_acts(o2g: World, action: str) -> None:
    """The external party answers or hangs up at its end (control API /telephony/external/{number}/...)."""
    _control(o2g, f"/external/{EXTERNAL_NUMBER}/{'answer' if action == 'answers' else 'hangup'}")


@when("user {role} (?P<action>lifts|hangs up) the handset")
def handset(o2g: World, role: Role, action: str) -> None:
    """The person at the user's set goes off-hook (answers a ringing call) or hangs up."""
    _control(o2g, f"/devices/{device_of(o2g, role)}/{'answer' if action == 'lifts' else 'hangup'}")


@when("the person at user {role}'s set dials {callee:party}")
def dials(o2g: World, role: Role, callee: PartyRef) -> None:
    """The person at the user's set dials the party (control API .../dial); the call's reference is remembered."""
    to = party(o2g, callee)
    result = _control(o2g, f"/devices/{device_of(o2g, role)}/dial", {"to": to.number})
    remember(o2g, role, [to], str(result["callRef"]))


@given(
    "user {role}'s set (?P<how>is busy|gives up ringing after {ring:count} seconds|answers after {after:count} seconds)"
)
def set_behaviour(o2g: World, role: Role, how: str, ring: int | None, after: int | None) -> None:
    """How the person at the set reacts when a call is offered (the emulator's configurable progression)."""
    body: dict[str, Any] = {"answer": "busy"} if how == "is busy" else {}
    if ring is not None:
        body["ringTimeout"] = ring
    if after is not None:
        body["answerAfter"] = after
    _put(o2g, f"/devices/{device_of(o2g, role)}", body)


@when("user {role}'s device goes (?P<state>out of service|back in service)")
def device_service(o2g: World, role: Role, state: str) -> None:
    """The set is unplugged or plugged again: OnDeviceStateModified for its user (L5889-5903)."""
    value = "OUT_OF_SERVICE" if state == "out of service" else "IN_SERVICE"
    _put(o2g, f"/devices/{device_of(o2g, role)}", {"state": value})
