"""Steps joining or moving calls: transfer, merge, blind transfer, reconnect, redirect, overflow, park (L2951-3700)."""

from __future__ import annotations

from pytest_bdd import parsers

from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import given, when

from .common import last
from .telephony import (
    PARTIES,
    PARTY,
    UNKNOWN_REF,
    device_of,
    leg_device,
    parties,
    party,
    ref_of,
    require,
    send,
    settle,
)


@when(
    parsers.re(
        rf"user (?P<role>[A-Z]) transfers (?:its held call with (?P<held>{PARTIES})|an unknown held call) "
        rf"to its call with (?P<active>{PARTIES})$"
    )
)
def transfer(o2g: World, role: str, held: str | None, active: str) -> None:
    """The path names the active call, the body the held one (TransferRequest, L3666-3700)."""
    active_ref = ref_of(o2g, role, parties(o2g, active))
    body = {"heldCallRef": ref_of(o2g, role, parties(o2g, held)) if held else UNKNOWN_REF}
    send(o2g, role, "telephony.calls.transfer", path={"callRef": active_ref}, json=body)


@when(
    parsers.re(
        rf"user (?P<role>[A-Z]) merges its call with (?P<active>{PARTIES}) "
        rf"and (?:its held call with (?P<held>{PARTIES})|an unknown held call)$"
    )
)
def merge(o2g: World, role: str, active: str, held: str | None) -> None:
    """The path names the active call, the body the held one (MergeRequest, L3199-3234)."""
    active_ref = ref_of(o2g, role, parties(o2g, active))
    body = {"heldCallRef": ref_of(o2g, role, parties(o2g, held)) if held else UNKNOWN_REF}
    send(o2g, role, "telephony.calls.merge", path={"callRef": active_ref}, json=body)


@when(
    parsers.re(
        rf"user (?P<role>[A-Z]) blind-transfers the call with (?P<others>{PARTIES}) "
        rf"to (?P<target>{PARTY}|the number \"[^\"]*\")$"
    )
)
def blind_transfer(o2g: World, role: str, others: str, target: str) -> None:
    """User {role} blind-transfers the call with {others} to {target}; sends telephony.calls.blindtransfer."""
    ref = ref_of(o2g, role, parties(o2g, others))
    number = target.split('"')[1] if target.startswith("the number") else party(o2g, target).number
    send(o2g, role, "telephony.calls.blindtransfer", path={"callRef": ref}, json={"transferTo": number})


@when(
    parsers.re(
        rf"user (?P<role>[A-Z]) reconnects to its held call with (?P<held>{PARTIES}), "
        rf"releasing its call with (?P<enquiry>{PARTIES})$"
    )
)
def reconnect(o2g: World, role: str, held: str, enquiry: str) -> None:
    """The path names the held call; the body the enquiry call to release (ReconnectRequest, L3420-3464)."""
    held_ref = ref_of(o2g, role, parties(o2g, held))
    body = {"deviceId": leg_device(o2g, role, held_ref), "enquiryCallRef": ref_of(o2g, role, parties(o2g, enquiry))}
    send(o2g, role, "telephony.calls.reconnect", path={"callRef": held_ref}, json=body)


@when(
    parsers.re(
        rf"user (?P<role>[A-Z]) redirects the call from (?P<caller>{PARTY}) "
        rf"to (?P<target>{PARTY}|the number \"[^\"]*\")$"
    )
)
def redirect(o2g: World, role: str, caller: str, target: str) -> None:
    """RedirectRequest (L3516-3560); the voice mail is named "VOICEMAIL"."""
    ref = ref_of(o2g, role, [party(o2g, caller)])
    number = target.split('"')[1] if target.startswith("the number") else party(o2g, target).number
    send(o2g, role, "telephony.calls.redirect", path={"callRef": ref}, json={"redirectTo": number})


@when(parsers.re(rf"user (?P<role>[A-Z]) overflows its call to (?P<callee>{PARTY}) to the voice mail$"))
def overflow(o2g: World, role: str, callee: str) -> None:
    """User {role} overflows its call to {callee} to the voice mail; sends telephony.calls.overflowtovoicemail."""
    ref = ref_of(o2g, role, [party(o2g, callee)])
    send(o2g, role, "telephony.calls.overflowtovoicemail", path={"callRef": ref})


@when(
    parsers.re(
        rf"user (?P<role>[A-Z]) parks the call with (?P<others>{PARTIES})(?: on user (?P<owner>[A-Z])'s device)?$"
    )
)
def park(o2g: World, role: str, others: str, owner: str | None) -> None:
    """ParkRequest (L6144-6150): without parkTo the call is parked on the user's own device."""
    ref = ref_of(o2g, role, parties(o2g, others))
    body = {"parkTo": device_of(o2g, owner)} if owner else {}
    send(o2g, role, "telephony.calls.park", path={"callRef": ref}, json=body)


@when(parsers.re(r"user (?P<role>[A-Z]) unparks the call parked on (?P<where>its|user [A-Z]'s) device$"))
def unpark(o2g: World, role: str, where: str) -> None:
    """UnParkRequest (L6484-6489): unParkFrom is left out when the call waits on the user's own device."""
    body = {} if where == "its" else {"unParkFrom": device_of(o2g, where[len("user ")])}
    path = {"deviceId": device_of(o2g, role)}
    send(o2g, role, "telephony.devices.unpark", path=path, json=body)


@when(
    parsers.re(
        r"user (?P<role>[A-Z]) picks up the call ringing "
        r"(?:on (?P<owner>its own|user [A-Z]'s) device|in its (?P<group>group))$"
    )
)
def pickup(o2g: World, role: str, owner: str | None, group: str | None) -> None:
    """PickupRequest (L6176-6183): otherPhoneNumber for a direct pickup, nothing for a group pickup."""
    body = {}
    if owner is not None:
        body = {"otherPhoneNumber": device_of(o2g, role if owner == "its own" else owner[len("user ")])}
    send(o2g, role, "telephony.devices.pickup", path={"deviceId": device_of(o2g, role)}, json=body)


@when(parsers.re(r"user (?P<role>[A-Z]) intrudes into the call of user (?P<busy>[A-Z])$"))
def intrusion(o2g: World, role: str, busy: str) -> None:
    """From its busy call to `busy`, the device joins `busy`'s conversation (L3857-3890)."""
    send(o2g, role, "telephony.devices.intrusion", path={"deviceId": device_of(o2g, role)})


@given(
    parsers.re(
        rf"user (?P<role>[A-Z]) has merged its call with (?P<active>{PARTIES}) "
        rf"and its held call with (?P<held>{PARTIES})$"
    )
)
def has_merged(o2g: World, role: str, active: str, held: str) -> None:
    """Precondition: user {role} has merged its call with {active} and its held call with {held}.

    Set up with telephony.calls.merge, telephony.state.snapshot.
    """
    merge(o2g, role, active, held)
    require(last(o2g), f"merge the calls of user {role}")
    settle(o2g)
