"""Steps of devices: device states, the MICRO/ITH key, desk sharing, acting on another user's set (L3703-3926)."""

from __future__ import annotations

import re

import pytest

from o2g_conformance.checks import NonConformance
from o2g_conformance.client import ApiResponse
from o2g_conformance.plugin.world import Sender, World
from o2g_conformance.steplib import Nth, PartyRef, Role, given, then, when

from .common import body_of
from .telephony import checked, desk_sharing_set, device_of, log_of, on_teardown, party, ref_of, require

#: How a helper sends: `o2g.send` (the answer a When step hands on) or `o2g.aside` (a Given step's setup).

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


@when("user {role} lists its devices", target_fixture="answer")
def list_devices(o2g: World, role: Role) -> ApiResponse:
    """Sends telephony.devices.list as the user (its devices and their states, L5239-5245)."""
    return o2g.send(role, "telephony.devices.list")


@when(f"user {{role}} gets the state of (?P<device>{DEVICE})", target_fixture="answer")
def get_device(o2g: World, role: Role, device: str) -> ApiResponse:
    """Sends telephony.devices.get as the user for the device named (L5227-5238)."""
    return o2g.send(role, "telephony.devices.get", path={"deviceId": device_named(o2g, role, device)})


@when(f"user {{role}} pushes the MICRO/ITH key of (?P<device>{DEVICE})", target_fixture="answer")
def ithmicro(o2g: World, role: Role, device: str) -> ApiResponse:
    """Sends PUT .../ithmicro (L3893-3926): a flip-flop in blind mode, no event is sent (L3898)."""
    return o2g.send(role, "telephony.devices.ithmicro", path={"deviceId": device_named(o2g, role, device)})


@when("user {role} answers the call from {caller:party} on user {owner:role}'s device", target_fixture="answer")
def answer_on_other_device(o2g: World, role: Role, caller: PartyRef, owner: Role) -> ApiResponse:
    """Sends telephony.calls.answer as the user for the owner's call from the caller, on the owner's device."""
    ref = ref_of(o2g, owner, [party(o2g, caller)])
    return o2g.send(role, "telephony.calls.answer", path={"callRef": ref}, json={"deviceId": device_of(o2g, owner)})


@when("user {role} answers with a basic answer on user {owner:role}'s device", target_fixture="answer")
def basic_answer_on_other_device(o2g: World, role: Role, owner: Role) -> ApiResponse:
    """Sends telephony.basiccall.answer as the user, naming the owner's device."""
    return o2g.send(role, "telephony.basiccall.answer", json={"deviceId": device_of(o2g, owner)})


@when("user {role} intrudes from user {owner:role}'s device", target_fixture="answer")
def intrusion_other_device(o2g: World, role: Role, owner: Role) -> ApiResponse:
    """Sends telephony.devices.intrusion as the user, from the owner's device."""
    return o2g.send(role, "telephony.devices.intrusion", path={"deviceId": device_of(o2g, owner)})


# -- desk sharing ---------------------------------------------------------------------------------------------------


def logged_off_at_teardown(o2g: World, request: pytest.FixtureRequest, role: str) -> None:
    def undo() -> None:
        o2g.session(role).call("telephony.desksharing.logoff")

    on_teardown(o2g, request, f"desk-sharing:{role}", undo)


def desk_sharing_logon(o2g: World, request: pytest.FixtureRequest, via: Sender, role: str, device: str) -> ApiResponse:
    """DSLogOnRequest (L5251-5256) sent `via` o2g.send or o2g.aside; logged off again at teardown."""
    logged_off_at_teardown(o2g, request, role)
    body = {"dssDeviceNumber": device_named(o2g, role, device)}
    return via(role, "telephony.desksharing.logon", json=body)


@when(f"user {{role}} logs on (?P<device>{DEVICE})", target_fixture="answer")
def ds_logon(o2g: World, request: pytest.FixtureRequest, role: Role, device: str) -> ApiResponse:
    """Sends DSLogOnRequest (L5251-5256): the desk-sharing user logs on a desk-sharing set (L3703-3748)."""
    return desk_sharing_logon(o2g, request, o2g.send, role, device)


@given("user {role} has logged on the desk-sharing set")
def has_ds_logon(o2g: World, request: pytest.FixtureRequest, role: Role) -> None:
    """Precondition: the user has logged on the desk-sharing set (telephony.desksharing.logon succeeded)."""
    response = desk_sharing_logon(o2g, request, o2g.aside, role, "the desk-sharing set")
    require(response, f"log user {role} on the desk-sharing set")


@when("user {role} logs off the desk-sharing set", target_fixture="answer")
def ds_logoff(o2g: World, role: Role) -> ApiResponse:
    """Sends telephony.desksharing.logoff as the user."""
    return o2g.send(role, "telephony.desksharing.logoff")


# -- answers and events -------------------------------------------------------------------------------------------


@then("the answer lists the devices of user {role}(?P<dss> and the desk-sharing set)? (?P<state>[A-Z_]+)")
def lists_devices(o2g: World, answer: ApiResponse, role: Role, dss: str | None, state: str) -> None:
    """Checks DeviceStates lists exactly the user's devices (and the desk-sharing set) in that state (L5239-5245)."""
    listed = (body_of(answer) or {}).get("deviceStates") or []
    got = {d.get("deviceId"): d.get("state") for d in listed if isinstance(d, dict)}
    wanted = {d.number: state for d in o2g.account(role).devices}
    if dss:
        wanted[desk_sharing_set(o2g)] = state
    if got != wanted:
        raise NonConformance(
            "DeviceStates lists the user's devices (L5239-5245)", op_id=answer.op_id, documented=wanted, received=got
        )


@then("the answer is the state (?P<state>[A-Z_]+) of user {role}'s {which:nth} device")
def is_device_state(o2g: World, answer: ApiResponse, state: str, role: Role, which: Nth) -> None:
    """Checks the answer is the DeviceState of the user's first or second device, in that state (L5227-5238)."""
    body = body_of(answer) or {}
    wanted = {"deviceId": device_of(o2g, role, which.word), "state": state}
    if {k: body.get(k) for k in wanted} != wanted:
        raise NonConformance(
            "the DeviceState asked for (L5227-5238)", op_id=answer.op_id, documented=wanted, received=body
        )


@then("user {role} sees its {which:nth} device (?P<state>IN_SERVICE|OUT_OF_SERVICE|UNKNOWN)")
def sees_device_state(o2g: World, role: Role, which: Nth, state: str) -> None:
    """Checks the user's OnDeviceStateModified (L5889-5903) names the device and its new operational state."""
    number = device_of(o2g, role, which.word)
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
