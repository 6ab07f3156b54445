"""Steps of calls: make, answer, hold, retrieve, alternate, hang up, leave, basic calls (L2505-3196, L3563)."""

from __future__ import annotations

import re
from typing import Any

from pytest_bdd import parsers

from o2g_conformance.checks import NonConformance, check_body, check_status
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import given, then, when

from .common import body_of, last, target_version
from .telephony import (
    PARTIES,
    PARTY,
    Party,
    answer,
    answer_by,
    await_call,
    calls_of,
    desk_sharing_set,
    device_of,
    leg_device,
    parties,
    party,
    ref_from_location,
    ref_of,
    remember,
    require,
    send,
    settle,
)

_DATA_FIELD = re.compile(r'(?P<name>[A-Za-z]+) (?:"(?P<value>[^"]*)"|of (?P<size>\d+) (?:bytes|characters))')


def _make_body(device: str, callee: str, *, auto_answer: bool = True, extra: str | None = None) -> dict[str, Any]:
    """MakeCallRequest (L5370-5458); `extra` adds fields: `associatedData "x" and businessCode "0124"`."""
    body: dict[str, Any] = {"deviceId": device, "callee": callee, "autoAnswer": auto_answer}
    for item in (extra or "").split(" and "):
        m = _DATA_FIELD.fullmatch(item.strip())
        if m is None:
            if item.strip():
                raise ValueError(f'cannot read the request field {item!r} (write: name "value" or name of N bytes)')
            continue
        body[m["name"]] = m["value"] if m["size"] is None else "x" * int(m["size"])
    return body


def _place(
    o2g: World,
    role: str,
    callee: Party,
    *,
    device: str,
    auto_answer: bool = True,
    extra: str | None = None,
    op_id: str = "telephony.calls.make",
) -> None:
    body = _make_body(device, callee.number, auto_answer=auto_answer, extra=extra)
    response = send(o2g, role, op_id, json=body)
    ref = ref_from_location(response)
    if response.ok and ref:
        remember(o2g, role, [callee], ref)


# -- making calls -------------------------------------------------------------------------------------------


@when(
    parsers.re(
        rf"user (?P<role>[A-Z]) calls (?P<callee>{PARTY})"
        r"(?: (?P<how>from its second device|without auto-answer|from user [A-Z]'s device))?$"
    )
)
def make_call(o2g: World, role: str, callee: str, how: str | None) -> None:
    """User {role} calls {callee}[ {how}]; sends telephony.calls.make."""
    device = device_of(o2g, role)
    if how == "from its second device":
        device = device_of(o2g, role, "second")
    elif how and how.startswith("from user "):
        device = device_of(o2g, how[len("from user ")])
    _place(o2g, role, party(o2g, callee), device=device, auto_answer=how != "without auto-answer")


@when(parsers.re(rf"user (?P<role>[A-Z]) calls (?P<callee>{PARTY}) with (?P<extra>.+)$"))
def make_call_with(o2g: World, role: str, callee: str, extra: str) -> None:
    """User {role} calls {callee} with {extra}; sends telephony.calls.make."""
    _place(o2g, role, party(o2g, callee), device=device_of(o2g, role), extra=extra)


@when(parsers.re(r"user (?P<role>[A-Z]) calls the number \"(?P<number>[^\"]*)\"$"))
def make_call_number(o2g: World, role: str, number: str) -> None:
    """User {role} calls the number "{number}"; sends telephony.calls.make."""
    send(o2g, role, "telephony.calls.make", json=_make_body(device_of(o2g, role), number))


@given(parsers.re(rf"user (?P<role>[A-Z]) has called (?P<callee>{PARTY})$"))
def has_called(o2g: World, role: str, callee: str) -> None:
    """Precondition: user {role} has called {callee}; set up with telephony.calls.make."""
    _place(o2g, role, party(o2g, callee), device=device_of(o2g, role))
    require(last(o2g), f"make the call of user {role} to {callee}")
    settle(o2g)


@given(parsers.re(rf"user (?P<role>[A-Z]) is in a call with (?P<callee>{PARTY})$"))
def in_call(o2g: World, role: str, callee: str) -> None:
    """Precondition: user {role} called {callee}, who answered."""
    to = party(o2g, callee)
    _place(o2g, role, to, device=device_of(o2g, role))
    require(last(o2g), f"make the call of user {role} to {callee}")
    if to.login is not None:
        await_call(o2g, to.key, [party(o2g, f"user {role}")])
    answer_by(o2g, to, party(o2g, f"user {role}"))
    if to.login is not None:
        require(last(o2g), f"answer the call of user {role}")
    settle(o2g)


@given(parsers.re(rf"user (?P<role>[A-Z]) has answered the call from (?P<caller>{PARTY})$"))
def has_answered(o2g: World, role: str, caller: str) -> None:
    """Precondition: user {role} has answered the call from {caller}."""
    await_call(o2g, role, [party(o2g, caller)])
    answer(o2g, role, [party(o2g, caller)])
    require(last(o2g), f"answer the call of user {role}")
    settle(o2g)


@given(parsers.re(rf"user (?P<role>[A-Z]) has put the call with (?P<others>{PARTIES}) on hold$"))
def has_held(o2g: World, role: str, others: str) -> None:
    """Precondition: user {role} has put the call with {others} on hold.

    Set up with telephony.calls.devicelegs.list, telephony.calls.hold, telephony.state.snapshot.
    """
    hold(o2g, role, others)
    require(last(o2g), f"hold the call of user {role}")
    settle(o2g)


# -- answering, holding, releasing --------------------------------------------------------------------------------


@when(parsers.re(rf"user (?P<role>[A-Z]) answers the call (?:to|from|with) (?P<others>{PARTIES})$"))
def answers(o2g: World, role: str, others: str) -> None:
    """User {role} answers the call (to|from|with) {others}.

    Sends telephony.calls.answer, telephony.calls.devicelegs.list, telephony.calls.list.
    """
    answer(o2g, role, parties(o2g, others))


def _on_leg(o2g: World, role: str, others: str, op_id: str) -> None:
    ref = ref_of(o2g, role, parties(o2g, others))
    send(o2g, role, op_id, path={"callRef": ref}, json={"deviceId": leg_device(o2g, role, ref)})


@when(parsers.re(rf"user (?P<role>[A-Z]) puts the call with (?P<others>{PARTIES}) on hold$"))
def hold(o2g: World, role: str, others: str) -> None:
    """User {role} puts the call with {others} on hold; sends telephony.calls.hold."""
    _on_leg(o2g, role, others, "telephony.calls.hold")


@when(parsers.re(rf"user (?P<role>[A-Z]) retrieves the call with (?P<others>{PARTIES})$"))
def retrieve(o2g: World, role: str, others: str) -> None:
    """User {role} retrieves the call with {others}; sends telephony.calls.retrieve."""
    _on_leg(o2g, role, others, "telephony.calls.retrieve")


@when(parsers.re(rf"user (?P<role>[A-Z]) alternates to the call with (?P<others>{PARTIES})$"))
def alternate(o2g: World, role: str, others: str) -> None:
    """The path names the held call (L2842); the active one goes on hold."""
    _on_leg(o2g, role, others, "telephony.calls.alternate")


@when(parsers.re(rf"user (?P<role>[A-Z]) hangs up the call with (?P<others>{PARTIES})$"))
def release(o2g: World, role: str, others: str) -> None:
    """User {role} hangs up the call with {others}; sends telephony.calls.release."""
    send(o2g, role, "telephony.calls.release", path={"callRef": ref_of(o2g, role, parties(o2g, others))})


@when(parsers.re(rf"user (?P<role>[A-Z]) leaves the call with (?P<others>{PARTIES})$"))
def dropme(o2g: World, role: str, others: str) -> None:
    """User {role} leaves the call with {others}; sends telephony.calls.dropme."""
    send(o2g, role, "telephony.calls.dropme", path={"callRef": ref_of(o2g, role, parties(o2g, others))})


# -- basic calls (free) -----------------------------------------------------------------------------------------


@when(
    parsers.re(
        rf"user (?P<role>[A-Z]) makes a basic call to (?P<callee>{PARTY})"
        r"(?: (?P<how>without auto-answer|from user [A-Z]'s device))?$"
    )
)
def basic_make(o2g: World, role: str, callee: str, how: str | None) -> None:
    """User {role} makes a basic call to {callee}[ {how}]; sends telephony.calls.make, telephony.basiccall.make."""
    device = device_of(o2g, how[len("from user ")]) if how and how.startswith("from user ") else device_of(o2g, role)
    _place(
        o2g,
        role,
        party(o2g, callee),
        device=device,
        auto_answer=how != "without auto-answer",
        op_id="telephony.basiccall.make",
    )


@when(parsers.re(r"user (?P<role>[A-Z]) makes a basic call to the number \"(?P<number>[^\"]*)\"$"))
def basic_make_number(o2g: World, role: str, number: str) -> None:
    """User {role} makes a basic call to the number "{number}"; sends telephony.basiccall.make."""
    body = {"deviceId": device_of(o2g, role), "callee": number, "autoAnswer": True}
    send(o2g, role, "telephony.basiccall.make", json=body)


@when(parsers.re(rf"the administrator makes a basic call from the desk-sharing set to (?P<callee>{PARTY})$"))
def basic_make_from_set(o2g: World, callee: str) -> None:
    """A call from a connected set not associated to a user: administrator session, 204 (L2543-2550)."""
    body = {"deviceId": desk_sharing_set(o2g), "callee": party(o2g, callee).number, "autoAnswer": True}
    send(o2g, "administrator", "telephony.basiccall.make", json=body)


@when(parsers.re(r"user (?P<role>[A-Z]) answers with a basic answer(?: on its (?P<which>first|second) device)?$"))
def basic_answer(o2g: World, role: str, which: str | None) -> None:
    """User {role} answers with a basic answer[ on its (first|second) device]; sends telephony.basiccall.answer."""
    send(o2g, role, "telephony.basiccall.answer", json={"deviceId": device_of(o2g, role, which or "first")})


@when(parsers.re(r"user (?P<role>[A-Z]) leaves its call with a basic dropme$"))
def basic_dropme(o2g: World, role: str) -> None:
    """User {role} leaves its call with a basic dropme; sends telephony.basiccall.dropme."""
    send(o2g, role, "telephony.basiccall.dropme")


@given(parsers.re(r"user (?P<role>[A-Z]) is idle$"))
def idle(o2g: World, role: str) -> None:
    """The user has no call in progress (GET /telephony/calls lists none)."""
    calls = calls_of(o2g, role)
    if calls:
        raise AssertionError(f"user {role} is expected idle but has calls: {[c.get('callRef') for c in calls]}")


@then(parsers.re(r"the answer is 201 with the location of the new (?P<family>call|basic call)$"))
def created_with_location(o2g: World, family: str) -> None:
    """201 with a Location header naming the new call (L2540-2542, L2707-2708) and no other body."""
    response = last(o2g)
    op_id = response.op_id or ""
    check_status(op_id, response.status, 201)
    check_body(op_id, response.status, body_of(response), target_version(o2g))
    location = response.headers.get("location") or ""
    resource = "basicCall" if family == "basic call" else "calls"
    if not re.search(rf"/telephony/{resource}/[^/?]+$", location):
        raise NonConformance(
            "the Location of the new call (examples L2542, L2708)",
            op_id=op_id,
            documented=f".../telephony/{resource}/{{callRef}}",
            received=location or "no Location header",
        )
