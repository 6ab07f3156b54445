"""Steps of data on a call: associated data, DTMF, account info, recording (L2904-2948, L3467-3513, L3603-3663)."""

from __future__ import annotations

from typing import Any

from pytest_bdd import parsers

from o2g_conformance.checks import NonConformance
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import then, when

from .telephony import PARTIES, leg_device, parties, ref_of, send

#: How the features name CallData fields (L4971-5079; the field is spelled `associateData` there).
CALL_DATA = {
    "associated data": "associateData",
    "hexadecimal associated data": "hexaBinaryAssociatedData",
    "account info": "accountInfo",
    "record state": "recordState",
}


@when(
    parsers.re(
        r"user (?P<role>[A-Z]) attaches the (?P<kind>associated data|hexadecimal associated data) "
        rf"\"(?P<value>[^\"]*)\" to the call with (?P<others>{PARTIES})$"
    )
)
def attach_data(o2g: World, role: str, kind: str, value: str, others: str) -> None:
    """SendAssociatedDataRequest (L6283-6300): deviceId, associatedData or hexaBinaryAssociatedData."""
    ref = ref_of(o2g, role, parties(o2g, others))
    field = "associatedData" if kind == "associated data" else "hexaBinaryAssociatedData"
    body = {"deviceId": leg_device(o2g, role, ref), field: value}
    send(o2g, role, "telephony.calls.attachdata", path={"callRef": ref}, json=body)


@when(
    parsers.re(
        r"user (?P<role>[A-Z]) attaches (?P<size>\d+) bytes of associated data "
        rf"to the call with (?P<others>{PARTIES})$"
    )
)
def attach_data_sized(o2g: World, role: str, size: str, others: str) -> None:
    """User {role} attaches {size} bytes of associated data to the call with {others}.

    Sends telephony.calls.attachdata, telephony.calls.devicelegs.list.
    """
    ref = ref_of(o2g, role, parties(o2g, others))
    body = {"deviceId": leg_device(o2g, role, ref), "associatedData": "d" * int(size)}
    send(o2g, role, "telephony.calls.attachdata", path={"callRef": ref}, json=body)


@when(
    parsers.re(
        rf"user (?P<role>[A-Z]) sends the DTMF digits \"(?P<digits>[^\"]*)\" in the call with (?P<others>{PARTIES})$"
    )
)
def send_dtmf(o2g: World, role: str, digits: str, others: str) -> None:
    """User {role} sends the DTMF digits "{digits}" in the call with {others}; sends telephony.calls.senddtmf."""
    ref = ref_of(o2g, role, parties(o2g, others))
    body = {"deviceId": leg_device(o2g, role, ref), "number": digits}
    send(o2g, role, "telephony.calls.senddtmf", path={"callRef": ref}, json=body)


@when(
    parsers.re(
        rf"user (?P<role>[A-Z]) sends the account info \"(?P<info>[^\"]*)\" for the call with (?P<others>{PARTIES})$"
    )
)
def send_account_info(o2g: World, role: str, info: str, others: str) -> None:
    """User {role} sends the account info "{info}" for the call with {others}; sends telephony.calls.sendaccountinfo."""
    ref = ref_of(o2g, role, parties(o2g, others))
    body = {"deviceId": leg_device(o2g, role, ref), "accountInfo": info}
    send(o2g, role, "telephony.calls.sendaccountinfo", path={"callRef": ref}, json=body)


@when(
    parsers.re(
        r"user (?P<role>[A-Z]) (?P<action>starts|pauses|resumes|stops|asks to \"[a-z]*\") recording "
        rf"the call with (?P<others>{PARTIES})$"
    )
)
def recording(o2g: World, role: str, action: str, others: str) -> None:
    """POST .../recording?action=start|stop|pause|resume (L3467-3513)."""
    word = action.split('"')[1] if action.startswith("asks") else {"starts": "start"}.get(action, action[:-1])
    ref = ref_of(o2g, role, parties(o2g, others))
    send(o2g, role, "telephony.calls.recording", path={"callRef": ref}, query={"action": word})


def last_event(o2g: World, role: str) -> dict[str, Any]:
    event = o2g.values.get("tel.last", {}).get(o2g.account(role).login)
    if not isinstance(event, dict):
        raise AssertionError(f"no call event of user {role} was taken by a step yet")
    return event


@then(
    parsers.re(
        r"user (?P<role>[A-Z])'s last call event carries (?:the (?P<kind>[a-z ]+) \"(?P<value>[^\"]*)\"|"
        r"no (?P<absent>[a-z ]+))$"
    )
)
def last_event_carries(o2g: World, role: str, kind: str | None, value: str | None, absent: str | None) -> None:
    """The CallData of the event the previous step took for this user."""
    event = last_event(o2g, role)
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
