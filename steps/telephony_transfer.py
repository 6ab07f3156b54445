"""Steps joining or moving calls: transfer, merge, blind transfer, reconnect, redirect, overflow, park (L2951-3700)."""

from __future__ import annotations

from o2g_conformance.client import ApiResponse
from o2g_conformance.plugin.world import Sender, World
from o2g_conformance.steplib import Parties, PartyRef, Role, given, when

from .telephony import (
    UNKNOWN_REF,
    device_of,
    leg_device,
    parties,
    party,
    ref_of,
    require,
    settle,
)


def _number(o2g: World, to: PartyRef | None, number: str | None) -> str:
    """The destination: the number as written, or the party's number (the voice mail is "VOICEMAIL")."""
    if to is not None:
        return party(o2g, to).number
    return number or ""


@when(
    "user {role} transfers (?:its held call with {held:parties}|an unknown held call) "
    "to its call with {active:parties}",
    target_fixture="answer",
)
def transfer(o2g: World, role: Role, held: Parties | None, active: Parties) -> ApiResponse:
    """Sends telephony.calls.transfer: the path names the active call, the body the held one (L3666-3700)."""
    active_ref = ref_of(o2g, role, parties(o2g, active))
    body = {"heldCallRef": ref_of(o2g, role, parties(o2g, held)) if held else UNKNOWN_REF}
    return o2g.send(role, "telephony.calls.transfer", path={"callRef": active_ref}, json=body)


def _merge(o2g: World, via: Sender, role: str, active: Parties, held: Parties | None) -> ApiResponse:
    """telephony.calls.merge: the path names the active call, the body the held one (MergeRequest, L3199-3234)."""
    active_ref = ref_of(o2g, role, parties(o2g, active))
    body = {"heldCallRef": ref_of(o2g, role, parties(o2g, held)) if held else UNKNOWN_REF}
    return via(role, "telephony.calls.merge", path={"callRef": active_ref}, json=body)


@when(
    "user {role} merges its call with {active:parties} and (?:its held call with {held:parties}|an unknown held call)",
    target_fixture="answer",
)
def merge(o2g: World, role: Role, active: Parties, held: Parties | None) -> ApiResponse:
    """Sends telephony.calls.merge: the path names the active call, the body the held one (L3199-3234)."""
    return _merge(o2g, o2g.send, role, active, held)


@when(
    'user {role} blind-transfers the call with {others:parties} to (?:{to:party}|the number "{number:text}")',
    target_fixture="answer",
)
def blind_transfer(o2g: World, role: Role, others: Parties, to: PartyRef | None, number: str | None) -> ApiResponse:
    """Sends telephony.calls.blindtransfer with transferTo: the party's number, or the number as written."""
    ref = ref_of(o2g, role, parties(o2g, others))
    return o2g.send(
        role, "telephony.calls.blindtransfer", path={"callRef": ref}, json={"transferTo": _number(o2g, to, number)}
    )


@when(
    "user {role} reconnects to its held call with {held:parties}, releasing its call with {enquiry:parties}",
    target_fixture="answer",
)
def reconnect(o2g: World, role: Role, held: Parties, enquiry: Parties) -> ApiResponse:
    """Sends telephony.calls.reconnect: the path names the held call, the body the enquiry call (L3420-3464)."""
    held_ref = ref_of(o2g, role, parties(o2g, held))
    body = {"deviceId": leg_device(o2g, role, held_ref), "enquiryCallRef": ref_of(o2g, role, parties(o2g, enquiry))}
    return o2g.send(role, "telephony.calls.reconnect", path={"callRef": held_ref}, json=body)


@when(
    'user {role} redirects the call from {caller:party} to (?:{to:party}|the number "{number:text}")',
    target_fixture="answer",
)
def redirect(o2g: World, role: Role, caller: PartyRef, to: PartyRef | None, number: str | None) -> ApiResponse:
    """Sends telephony.calls.redirect: RedirectRequest (L3516-3560); the voice mail is named "VOICEMAIL"."""
    ref = ref_of(o2g, role, [party(o2g, caller)])
    return o2g.send(
        role, "telephony.calls.redirect", path={"callRef": ref}, json={"redirectTo": _number(o2g, to, number)}
    )


@when("user {role} overflows its call to {callee:party} to the voice mail", target_fixture="answer")
def overflow(o2g: World, role: Role, callee: PartyRef) -> ApiResponse:
    """Sends telephony.calls.overflowtovoicemail of the user's call to the callee."""
    ref = ref_of(o2g, role, [party(o2g, callee)])
    return o2g.send(role, "telephony.calls.overflowtovoicemail", path={"callRef": ref})


@when("user {role} parks the call with {others:parties}(?: on user {owner:role}'s device)?", target_fixture="answer")
def park(o2g: World, role: Role, others: Parties, owner: Role | None) -> ApiResponse:
    """Sends telephony.calls.park: ParkRequest (L6144-6150); without parkTo, on the user's own device."""
    ref = ref_of(o2g, role, parties(o2g, others))
    body = {"parkTo": device_of(o2g, owner)} if owner else {}
    return o2g.send(role, "telephony.calls.park", path={"callRef": ref}, json=body)


@when("user {role} unparks the call parked on (?:its|user {owner:role}'s) device", target_fixture="answer")
def unpark(o2g: World, role: Role, owner: Role | None) -> ApiResponse:
    """Sends telephony.devices.unpark: UnParkRequest (L6484-6489), unParkFrom left out for the user's own device."""
    body = {} if owner is None else {"unParkFrom": device_of(o2g, owner)}
    return o2g.send(role, "telephony.devices.unpark", path={"deviceId": device_of(o2g, role)}, json=body)


@when(
    "user {role} picks up the call ringing (?:on (?:its own|user {owner:role}'s) device|in its (?P<group>group))",
    target_fixture="answer",
)
def pickup(o2g: World, role: Role, owner: Role | None, group: str | None) -> ApiResponse:
    """Sends telephony.devices.pickup: PickupRequest (L6176-6183), otherPhoneNumber for a direct pickup only."""
    body = {} if group else {"otherPhoneNumber": device_of(o2g, owner or role)}
    return o2g.send(role, "telephony.devices.pickup", path={"deviceId": device_of(o2g, role)}, json=body)


@when("user {role} intrudes into the call of user {busy:role}", target_fixture="answer")
def intrusion(o2g: World, role: Role, busy: Role) -> ApiResponse:
    """Sends telephony.devices.intrusion: from its busy call to `busy`, the device joins it (L3857-3890)."""
    return o2g.send(role, "telephony.devices.intrusion", path={"deviceId": device_of(o2g, role)})


@given("user {role} has merged its call with {active:parties} and its held call with {held:parties}")
def has_merged(o2g: World, role: Role, active: Parties, held: Parties) -> None:
    """Precondition: telephony.calls.merge of the active and the held call succeeded, then every listener settled."""
    require(_merge(o2g, o2g.aside, role, active, held), f"merge the calls of user {role}")
    settle(o2g)
