"""Steps of people outside the API (emulator control): the external party, people at their sets, sets' state."""

from __future__ import annotations

from typing import Any

from pytest_bdd import parsers

from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import given, when

from .telephony import EXTERNAL_NUMBER, PARTY, answer, await_call, device_of, party, remember, settle

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


@given(parsers.re(r"the external party calls user (?P<role>[A-Z])$"))
def given_external_calls(o2g: World, role: str) -> None:
    """Precondition: the external party calls user {role}."""
    external_calls(o2g, role)
    settle(o2g)


@when(parsers.re(r"the external party calls user (?P<role>[A-Z])$"))
def when_external_calls(o2g: World, role: str) -> None:
    """The external party calls user {role}."""
    external_calls(o2g, role)


@given(parsers.re(r"the external party is in a call with user (?P<role>[A-Z])$"))
def external_in_call(o2g: World, role: str) -> None:
    """The external party called the user, who answered through the API."""
    external = [party(o2g, "the external party")]
    external_calls(o2g, role)
    await_call(o2g, role, external)
    answer(o2g, role, external)
    settle(o2g)


@when(parsers.re(r"the external party (?P<action>answers|hangs up)$"))
def external_acts(o2g: World, action: str) -> None:
    """The external party (answers|hangs up)."""
    _control(o2g, f"/external/{EXTERNAL_NUMBER}/{'answer' if action == 'answers' else 'hangup'}")


@when(parsers.re(r"user (?P<role>[A-Z]) (?P<action>lifts|hangs up) the handset$"))
def handset(o2g: World, role: str, action: str) -> None:
    """The person at the user's set goes off-hook (answers a ringing call) or hangs up."""
    _control(o2g, f"/devices/{device_of(o2g, role)}/{'answer' if action == 'lifts' else 'hangup'}")


@when(parsers.re(rf"the person at user (?P<role>[A-Z])'s set dials (?P<callee>{PARTY})$"))
def dials(o2g: World, role: str, callee: str) -> None:
    """The person at user {role}'s set dials {callee}."""
    to = party(o2g, callee)
    result = _control(o2g, f"/devices/{device_of(o2g, role)}/dial", {"to": to.number})
    remember(o2g, role, [to], str(result["callRef"]))


@given(
    parsers.re(
        r"user (?P<role>[A-Z])'s set (?P<how>is busy|gives up ringing after (?P<ring>\d+) seconds"
        r"|answers after (?P<after>\d+) seconds)$"
    )
)
def set_behaviour(o2g: World, role: str, how: str, ring: str | None, after: str | None) -> None:
    """How the person at the set reacts when a call is offered (the emulator's configurable progression)."""
    body: dict[str, Any] = {"answer": "busy"} if how == "is busy" else {}
    if ring is not None:
        body["ringTimeout"] = int(ring)
    if after is not None:
        body["answerAfter"] = int(after)
    _put(o2g, f"/devices/{device_of(o2g, role)}", body)


@when(parsers.re(r"user (?P<role>[A-Z])'s device goes (?P<state>out of service|back in service)$"))
def device_service(o2g: World, role: str, state: str) -> None:
    """The set is unplugged or plugged again: OnDeviceStateModified for its user (L5889-5903)."""
    value = "OUT_OF_SERVICE" if state == "out of service" else "IN_SERVICE"
    _put(o2g, f"/devices/{device_of(o2g, role)}", {"state": value})
