"""Steps of devices: device states, the MICRO/ITH key, desk sharing, acting on another user's set (L3703-3926)."""

from __future__ import annotations

import re

import pytest
from pytest_bdd import parsers

from o2g_conformance.checks import NonConformance
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import given, then, when

from .common import body_of, last
from .telephony import (
    PARTY,
    checked,
    desk_sharing_set,
    device_of,
    log_of,
    on_teardown,
    party,
    ref_of,
    require,
    send,
)

DEVICE = r"(?:its|user [A-Z]'s) (?:first|second) device|the desk-sharing set|the device \"[^\"]*\""


def device_named(o2g: World, role: str, text: str) -> str:
    """`its first device`, `user B's first device`, `the desk-sharing set`, `the device "79999"`."""
    if text == "the desk-sharing set":
        return desk_sharing_set(o2g)
    if text.startswith("the device "):
        return text.split('"')[1]
    m = re.fullmatch(r"(?:its|user (?P<owner>[A-Z])'s) (?P<which>first|second) device", text)
    if m is None:
        raise ValueError(f"cannot read the device {text!r}")
    return device_of(o2g, m["owner"] or role, m["which"])


@when(parsers.re(r"user (?P<role>[A-Z]) lists its devices$"))
def list_devices(o2g: World, role: str) -> None:
    """User {role} lists its devices; sends telephony.devices.list."""
    send(o2g, role, "telephony.devices.list")


@when(parsers.re(rf"user (?P<role>[A-Z]) gets the state of (?P<device>{DEVICE})$"))
def get_device(o2g: World, role: str, device: str) -> None:
    """User {role} gets the state of {device}; sends telephony.devices.get."""
    send(o2g, role, "telephony.devices.get", path={"deviceId": device_named(o2g, role, device)})


@when(parsers.re(rf"user (?P<role>[A-Z]) pushes the MICRO/ITH key of (?P<device>{DEVICE})$"))
def ithmicro(o2g: World, role: str, device: str) -> None:
    """PUT .../ithmicro (L3893-3926): a flip-flop in blind mode, no event is sent (L3898)."""
    send(o2g, role, "telephony.devices.ithmicro", path={"deviceId": device_named(o2g, role, device)})


@when(parsers.re(rf"user (?P<role>[A-Z]) answers the call from (?P<caller>{PARTY}) on user (?P<owner>[A-Z])'s device$"))
def answer_on_other_device(o2g: World, role: str, caller: str, owner: str) -> None:
    """User {role} answers the call from {caller} on user {owner}'s device; sends telephony.calls.answer."""
    ref = ref_of(o2g, owner, [party(o2g, caller)])
    send(o2g, role, "telephony.calls.answer", path={"callRef": ref}, json={"deviceId": device_of(o2g, owner)})


@when(parsers.re(r"user (?P<role>[A-Z]) answers with a basic answer on user (?P<owner>[A-Z])'s device$"))
def basic_answer_on_other_device(o2g: World, role: str, owner: str) -> None:
    """User {role} answers with a basic answer on user {owner}'s device; sends telephony.basiccall.answer."""
    send(o2g, role, "telephony.basiccall.answer", json={"deviceId": device_of(o2g, owner)})


@when(parsers.re(r"user (?P<role>[A-Z]) intrudes from user (?P<owner>[A-Z])'s device$"))
def intrusion_other_device(o2g: World, role: str, owner: str) -> None:
    """User {role} intrudes from user {owner}'s device; sends telephony.devices.intrusion."""
    send(o2g, role, "telephony.devices.intrusion", path={"deviceId": device_of(o2g, owner)})


# -- desk sharing ---------------------------------------------------------------------------------------------------


def logged_off_at_teardown(o2g: World, request: pytest.FixtureRequest, role: str) -> None:
    def undo() -> None:
        o2g.session(role).call("telephony.desksharing.logoff")

    on_teardown(o2g, request, f"desk-sharing:{role}", undo)


@when(parsers.re(rf"user (?P<role>[A-Z]) logs on (?P<device>{DEVICE})$"))
def ds_logon(o2g: World, request: pytest.FixtureRequest, role: str, device: str) -> None:
    """DSLogOnRequest (L5251-5256): the desk-sharing user logs on a desk-sharing set (L3703-3748)."""
    logged_off_at_teardown(o2g, request, role)
    body = {"dssDeviceNumber": device_named(o2g, role, device)}
    send(o2g, role, "telephony.desksharing.logon", json=body)


@given(parsers.re(r"user (?P<role>[A-Z]) has logged on the desk-sharing set$"))
def has_ds_logon(o2g: World, request: pytest.FixtureRequest, role: str) -> None:
    """Precondition: user {role} has logged on the desk-sharing set; set up with telephony.desksharing.logon."""
    ds_logon(o2g, request, role, "the desk-sharing set")
    require(last(o2g), f"log user {role} on the desk-sharing set")


@when(parsers.re(r"user (?P<role>[A-Z]) logs off the desk-sharing set$"))
def ds_logoff(o2g: World, role: str) -> None:
    """User {role} logs off the desk-sharing set; sends telephony.desksharing.logoff."""
    send(o2g, role, "telephony.desksharing.logoff")


# -- answers and events -------------------------------------------------------------------------------------------


@then(
    parsers.re(
        r"the answer lists the devices of user (?P<role>[A-Z])(?P<dss> and the desk-sharing set)? (?P<state>[A-Z_]+)$"
    )
)
def lists_devices(o2g: World, role: str, dss: str | None, state: str) -> None:
    """Checks that the answer lists the devices of user {role}[ and the desk-sharing set] {state}."""
    listed = (body_of(last(o2g)) or {}).get("deviceStates") or []
    got = {d.get("deviceId"): d.get("state") for d in listed if isinstance(d, dict)}
    wanted = {d.number: state for d in o2g.account(role).devices}
    if dss:
        wanted[desk_sharing_set(o2g)] = state
    if got != wanted:
        raise NonConformance(
            "DeviceStates lists the user's devices (L5239-5245)", op_id=last(o2g).op_id, documented=wanted, received=got
        )


@then(
    parsers.re(r"the answer is the state (?P<state>[A-Z_]+) of user (?P<role>[A-Z])'s (?P<which>first|second) device$")
)
def is_device_state(o2g: World, state: str, role: str, which: str) -> None:
    """Checks that the answer is the state {state} of user {role}'s (first|second) device."""
    body = body_of(last(o2g)) or {}
    wanted = {"deviceId": device_of(o2g, role, which), "state": state}
    if {k: body.get(k) for k in wanted} != wanted:
        raise NonConformance(
            "the DeviceState asked for (L5227-5238)", op_id=last(o2g).op_id, documented=wanted, received=body
        )


@then(
    parsers.re(
        r"user (?P<role>[A-Z]) sees its (?P<which>first|second) device (?P<state>IN_SERVICE|OUT_OF_SERVICE|UNKNOWN)$"
    )
)
def sees_device_state(o2g: World, role: str, which: str, state: str) -> None:
    """OnDeviceStateModified (L5889-5903) names the device and its new operational state."""
    number = device_of(o2g, role, which)
    login = o2g.account(role).login

    def about(e: dict[str, object]) -> bool:
        states = e.get("deviceStates")
        return (
            e.get("loginName") == login
            and isinstance(states, list)
            and any(isinstance(s, dict) and s.get("deviceId") == number and s.get("state") == state for s in states)
        )

    event = log_of(o2g, role).wait_for("OnDeviceStateModified", where=about, timeout=o2g.settings.event_timeout)
    checked(o2g, role, event)
