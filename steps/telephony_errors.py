"""Steps of the error matrices of call control: unknown call references, the administrator's loginName rule."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from o2g_conformance.checks import check_error_body
from o2g_conformance.client import ApiResponse
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import Role, then, when

from .common import body_of, target_version
from .telephony import UNKNOWN_REF, device_of

Body = Callable[[World, str], dict[str, Any]]


def _device(o2g: World, role: str) -> dict[str, Any]:
    return {"deviceId": device_of(o2g, role)}


#: An operation on a call, the request it sends for the call UNKNOWN_REF: (operation id, extra path, query, body).
ON_CALL: dict[str, tuple[str, dict[str, str], dict[str, str] | None, Body | None]] = {
    "gets": ("telephony.calls.get", {}, None, None),
    "hangs up": ("telephony.calls.release", {}, None, None),
    "answers": ("telephony.calls.answer", {}, None, _device),
    "holds": ("telephony.calls.hold", {}, None, _device),
    "retrieves": ("telephony.calls.retrieve", {}, None, _device),
    "alternates to": ("telephony.calls.alternate", {}, None, _device),
    "attaches data to": ("telephony.calls.attachdata", {}, None, lambda o, r: {**_device(o, r), "associatedData": "x"}),
    "blind-transfers": ("telephony.calls.blindtransfer", {}, None, lambda o, r: {"transferTo": device_of(o, "C")}),
    "asks a call-back on": ("telephony.calls.callback", {}, None, None),
    "lists the legs of": ("telephony.calls.devicelegs.list", {}, None, None),
    "gets its leg in": ("telephony.calls.devicelegs.get", {"legId": "*"}, None, None),
    "switches to its second device": (
        "telephony.calls.devicelegs.switch",
        {"legId": "*"},
        None,
        lambda o, r: {"otherDeviceId": device_of(o, r, "second")},
    ),
    "leaves": ("telephony.calls.dropme", {}, None, None),
    "merges a held call into": ("telephony.calls.merge", {}, None, lambda o, r: {"heldCallRef": UNKNOWN_REF + "1"}),
    "overflows to the voice mail": ("telephony.calls.overflowtovoicemail", {}, None, None),
    "parks": ("telephony.calls.park", {}, None, lambda o, r: {}),
    "lists the participants of": ("telephony.calls.participants.list", {}, None, None),
    "gets a participant of": ("telephony.calls.participants.get", {"participantId": "1"}, None, None),
    "drops a participant of": ("telephony.calls.participants.drop", {"participantId": "1"}, None, None),
    "reconnects to": (
        "telephony.calls.reconnect",
        {},
        None,
        lambda o, r: {**_device(o, r), "enquiryCallRef": UNKNOWN_REF + "1"},
    ),
    "starts recording": ("telephony.calls.recording", {}, {"action": "start"}, None),
    "redirects": ("telephony.calls.redirect", {}, None, lambda o, r: {"redirectTo": device_of(o, "C")}),
    "sends DTMF in": ("telephony.calls.senddtmf", {}, None, lambda o, r: {**_device(o, r), "number": "1"}),
    "sends account info for": (
        "telephony.calls.sendaccountinfo",
        {},
        None,
        lambda o, r: {**_device(o, r), "accountInfo": "1"},
    ),
    "transfers a held call into": (
        "telephony.calls.transfer",
        {},
        None,
        lambda o, r: {"heldCallRef": UNKNOWN_REF + "1"},
    ),
}


@when("user {role} (?P<action>.+?) an unknown call", target_fixture="answer")
def on_unknown_call(o2g: World, role: Role, action: str) -> ApiResponse:
    """Sends a call operation naming a callRef that no call has: CALL_REFERENCE_NOT_FOUND (L512)."""
    if action not in ON_CALL:
        raise ValueError(f"unknown call operation {action!r}; known: {', '.join(ON_CALL)}")
    op_id, extra, query, body = ON_CALL[action]
    path = {"callRef": UNKNOWN_REF, **{k: (device_of(o2g, role) if v == "*" else v) for k, v in extra.items()}}
    kwargs: dict[str, Any] = {"path": path, "query": query}
    if body is not None:
        kwargs["json"] = body(o2g, role)
    return o2g.send(role, op_id, **kwargs)


#: What an administrator asks for a user, with the operation id it uses.
FOR_A_USER = {
    "lists the calls": "telephony.calls.list",
    "gets the telephonic state": "telephony.state.get",
    "lists the devices": "telephony.devices.list",
    "gets the hunting group logon state": "telephony.huntinggrouplogon.get",
    "lists the hunting groups": "telephony.huntinggroups.list",
    "lists the call-back requests": "telephony.incomingcallbacks.list",
    "deletes all call-back requests": "telephony.incomingcallbacks.deleteall",
    "reads the mini message": "telephony.minimessages.get",
}


@when(
    'the administrator (?P<action>.+?) (?:without naming a user|of the user "(?P<login>[^"]+)")',
    target_fixture="answer",
)
def admin_for_user(o2g: World, action: str, login: str | None) -> ApiResponse:
    """Sends the administrator's request with or without loginName: it MUST name the user (e.g. L2576-2580)."""
    if action not in FOR_A_USER:
        raise ValueError(f"unknown operation {action!r}; known: {', '.join(FOR_A_USER)}")
    return o2g.send("administrator", FOR_A_USER[action], query={"loginName": login} if login else None)


@then("the telephony error is (?P<error_type>[A-Z_]+) caused by (?P<cause>[A-Z_]+)")
def telephony_error(o2g: World, answer: ApiResponse, error_type: str, cause: str) -> None:
    """Checks the telephony detail of the error body: its errorType and errorCause (L499-544)."""
    check_error_body(
        body_of(answer),
        answer.status,
        telephony={"errorType": error_type, "errorCause": cause},
        op_id=answer.op_id,
        target=target_version(o2g),
    )
