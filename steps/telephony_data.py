"""Steps of data on a call: associated data, DTMF, account info, recording (L2904-2948, L3467-3513, L3603-3663)."""

from __future__ import annotations

from o2g_conformance.checks import NonConformance
from o2g_conformance.client import ApiResponse
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import Parties, Role, then, when

from .telephony import last_call_event, leg_device, parties, ref_of

#: How the features name CallData fields (L4971-5079; the field is spelled `associateData` there).
CALL_DATA = {
    "associated data": "associateData",
    "hexadecimal associated data": "hexaBinaryAssociatedData",
    "account info": "accountInfo",
    "record state": "recordState",
}


@when(
    'user {role} attaches the (?P<kind>associated data|hexadecimal associated data) "{value:text}" '
    "to the call with {others:parties}",
    target_fixture="answer",
)
def attach_data(o2g: World, role: Role, kind: str, value: str, others: Parties) -> ApiResponse:
    """Sends telephony.calls.attachdata: SendAssociatedDataRequest (L6283-6300), deviceId and the data named."""
    ref = ref_of(o2g, role, parties(o2g, others))
    field = "associatedData" if kind == "associated data" else "hexaBinaryAssociatedData"
    body = {"deviceId": leg_device(o2g, role, ref), field: value}
    return o2g.send(role, "telephony.calls.attachdata", path={"callRef": ref}, json=body)


@when(
    "user {role} attaches {size:count} bytes of associated data to the call with {others:parties}",
    target_fixture="answer",
)
def attach_data_sized(o2g: World, role: Role, size: int, others: Parties) -> ApiResponse:
    """Sends telephony.calls.attachdata with associatedData of that many bytes (L6283-6300)."""
    ref = ref_of(o2g, role, parties(o2g, others))
    body = {"deviceId": leg_device(o2g, role, ref), "associatedData": "d" * size}
    return o2g.send(role, "telephony.calls.attachdata", path={"callRef": ref}, json=body)


@when('user {role} sends the DTMF digits "{digits:text}" in the call with {others:parties}', target_fixture="answer")
def send_dtmf(o2g: World, role: Role, digits: str, others: Parties) -> ApiResponse:
    """Sends telephony.calls.senddtmf with the digits, from the device of the user's leg."""
    ref = ref_of(o2g, role, parties(o2g, others))
    body = {"deviceId": leg_device(o2g, role, ref), "number": digits}
    return o2g.send(role, "telephony.calls.senddtmf", path={"callRef": ref}, json=body)


@when('user {role} sends the account info "{info:text}" for the call with {others:parties}', target_fixture="answer")
def send_account_info(o2g: World, role: Role, info: str, others: Parties) -> ApiResponse:
    """Sends telephony.calls.sendaccountinfo with the account info, from the device of the user's leg."""
    ref = ref_of(o2g, role, parties(o2g, others))
    body = {"deviceId": leg_device(o2g, role, ref), "accountInfo": info}
    return o2g.send(role, "telephony.calls.sendaccountinfo", path={"callRef": ref}, json=body)


@when(
    'user {role} (?P<action>starts|pauses|resumes|stops|asks to "[a-z]*") recording the call with {others:parties}',
    target_fixture="answer",
)
def recording(o2g: World, role: Role, action: str, others: Parties) -> ApiResponse:
    """Sends telephony.calls.recording: POST .../recording?action=start|stop|pause|resume (L3467-3513)."""
    word = action.split('"')[1] if action.startswith("asks") else {"starts": "start"}.get(action, action[:-1])
    ref = ref_of(o2g, role, parties(o2g, others))
    return o2g.send(role, "telephony.calls.recording", path={"callRef": ref}, query={"action": word})


@then('user {role}\'s last call event carries (?:the (?P<kind>[a-z ]+) "{value:text}"|no (?P<absent>[a-z ]+))')
def last_event_carries(o2g: World, role: Role, kind: str | None, value: str | None, absent: str | None) -> None:
    """Checks the CallData field (L4971-5079) of the call event the previous step took for this user."""
    event = last_call_event(o2g, role)
    data = event.get("callData") or {}
    name = CALL_DATA[kind or absent or ""]
    received = data.get(name)
    wanted = value if kind else None
    if received != wanted:
        raise NonConformance(
            f"CallData.{name} in {event.get('eventName')} (L4971-5079)",
            documented=wanted if wanted is not None else "absent",
            received=event,
        )
