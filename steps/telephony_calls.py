"""Steps of calls: make, answer, hold, retrieve, alternate, hang up, leave, basic calls (L2505-3196, L3563)."""

from __future__ import annotations

import re
from typing import Any

from o2g_conformance.checks import NonConformance, check_body, check_status
from o2g_conformance.client import ApiResponse
from o2g_conformance.plugin.world import Sender, World
from o2g_conformance.steplib import Nth, Parties, PartyRef, Role, given, then, when

from .common import body_of, target_version
from .telephony import (
    CallRefs,
    Party,
    answer_by,
    await_call,
    calls_of,
    desk_sharing_set,
    device_of,
    notes_of,
    on_leg,
    parties,
    party,
    ref_from_location,
    ref_of,
    require,
    settle,
    user_party,
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
    via: Sender,
    refs: CallRefs,
    role: str,
    callee: Party,
    *,
    device: str,
    auto_answer: bool = True,
    extra: str | None = None,
    op_id: str = "telephony.calls.make",
) -> ApiResponse:
    """Make the call; the reference of the new call (its Location) is remembered for the user and the callee."""
    body = _make_body(device, callee.number, auto_answer=auto_answer, extra=extra)
    response = via(role, op_id, json=body)
    ref = ref_from_location(response)
    if response.ok and ref:
        refs.remember(role, [callee], ref)
    return response


# -- making calls -------------------------------------------------------------------------------------------


@when(
    "user {role} calls {callee:party}"
    r"(?: (?P<how>from its second device|without auto-answer)| from user {owner:role}'s device)?",
    target_fixture="answer",
)
def make_call(
    o2g: World, call_refs: CallRefs, role: Role, callee: PartyRef, how: str | None, owner: Role | None
) -> ApiResponse:
    """Sends telephony.calls.make from the user's first device (or its second, or another user's)."""
    device = device_of(o2g, owner or role, 1 if how == "from its second device" else 0)
    return _place(
        o2g.send, call_refs, role, party(o2g, callee), device=device, auto_answer=how != "without auto-answer"
    )


@when("user {role} calls {callee:party} with (?P<extra>.+)", target_fixture="answer")
def make_call_with(o2g: World, call_refs: CallRefs, role: Role, callee: PartyRef, extra: str) -> ApiResponse:
    """Sends telephony.calls.make with the MakeCallRequest fields named (L5370-5458)."""
    return _place(o2g.send, call_refs, role, party(o2g, callee), device=device_of(o2g, role), extra=extra)


@when('user {role} calls the number "{number:text}"', target_fixture="answer")
def make_call_number(o2g: World, role: Role, number: str) -> ApiResponse:
    """Sends telephony.calls.make from the user's first device to the number as written."""
    return o2g.send(role, "telephony.calls.make", json=_make_body(device_of(o2g, role), number))


@given("user {role} has called {callee:party}")
def has_called(o2g: World, role: str, callee: PartyRef | str) -> None:
    """Precondition: telephony.calls.make from the user's first device succeeded (ha.py calls it with text)."""
    made = _place(o2g.aside, notes_of(o2g).refs, role, party(o2g, callee), device=device_of(o2g, role))
    require(made, f"make the call of user {role} to {callee}")
    settle(o2g)


@given("user {role} is in a call with {callee:party}")
def in_call(o2g: World, role: str, callee: PartyRef | str) -> None:
    """Precondition: telephony.calls.make succeeded and the callee answered (ha.py calls it with text)."""
    to = party(o2g, callee)
    made = _place(o2g.aside, notes_of(o2g).refs, role, to, device=device_of(o2g, role))
    require(made, f"make the call of user {role} to {callee}")
    caller = user_party(o2g, role)
    if to.login is not None:
        await_call(o2g, to.key, [caller])
    answered = answer_by(o2g, to, caller)
    if answered is not None:
        require(answered, f"answer the call of user {role}")
    settle(o2g)


@given("user {role} has answered the call from {caller:party}")
def has_answered(o2g: World, role: Role, caller: PartyRef) -> None:
    """Precondition: telephony.calls.answer of the call offered to the user succeeded."""
    others = [party(o2g, caller)]
    await_call(o2g, role, others)
    require(on_leg(o2g, o2g.aside, role, others, "telephony.calls.answer"), f"answer the call of user {role}")
    settle(o2g)


@given("user {role} has put the call with {others:parties} on hold")
def has_held(o2g: World, role: str, others: Parties | str) -> None:
    """Precondition: telephony.calls.hold of the user's leg succeeded (ha.py calls it with text)."""
    held = on_leg(o2g, o2g.aside, role, parties(o2g, others), "telephony.calls.hold")
    require(held, f"hold the call of user {role}")
    settle(o2g)


# -- answering, holding, releasing --------------------------------------------------------------------------------


@when("user {role} answers the call (?:to|from|with) {others:parties}", target_fixture="answer")
def answers(o2g: World, role: Role, others: Parties) -> ApiResponse:
    """Sends telephony.calls.answer with the device of the user's leg in the call."""
    return on_leg(o2g, o2g.send, role, parties(o2g, others), "telephony.calls.answer")


@when("user {role} puts the call with {others:parties} on hold", target_fixture="answer")
def hold(o2g: World, role: Role, others: Parties) -> ApiResponse:
    """Sends telephony.calls.hold with the device of the user's leg in the call."""
    return on_leg(o2g, o2g.send, role, parties(o2g, others), "telephony.calls.hold")


@when("user {role} retrieves the call with {others:parties}", target_fixture="answer")
def retrieve(o2g: World, role: Role, others: Parties) -> ApiResponse:
    """Sends telephony.calls.retrieve with the device of the user's leg in the call."""
    return on_leg(o2g, o2g.send, role, parties(o2g, others), "telephony.calls.retrieve")


@when("user {role} alternates to the call with {others:parties}", target_fixture="answer")
def alternate(o2g: World, role: Role, others: Parties) -> ApiResponse:
    """Sends telephony.calls.alternate: the path names the held call (L2842); the active one goes on hold."""
    return on_leg(o2g, o2g.send, role, parties(o2g, others), "telephony.calls.alternate")


@when("user {role} hangs up the call with {others:parties}", target_fixture="answer")
def release(o2g: World, role: Role, others: Parties) -> ApiResponse:
    """Sends telephony.calls.release of the user's call with the parties."""
    return o2g.send(role, "telephony.calls.release", path={"callRef": ref_of(o2g, role, parties(o2g, others))})


@when("user {role} leaves the call with {others:parties}", target_fixture="answer")
def dropme(o2g: World, role: Role, others: Parties) -> ApiResponse:
    """Sends telephony.calls.dropme of the user's call with the parties."""
    return o2g.send(role, "telephony.calls.dropme", path={"callRef": ref_of(o2g, role, parties(o2g, others))})


# -- basic calls (free) -----------------------------------------------------------------------------------------


@when(
    "user {role} makes a basic call to {callee:party}"
    r"(?: (?P<how>without auto-answer)| from user {owner:role}'s device)?",
    target_fixture="answer",
)
def basic_make(
    o2g: World, call_refs: CallRefs, role: Role, callee: PartyRef, how: str | None, owner: Role | None
) -> ApiResponse:
    """Sends telephony.basiccall.make from the user's first device (or another user's)."""
    return _place(
        o2g.send,
        call_refs,
        role,
        party(o2g, callee),
        device=device_of(o2g, owner or role),
        auto_answer=how != "without auto-answer",
        op_id="telephony.basiccall.make",
    )


@when('user {role} makes a basic call to the number "{number:text}"', target_fixture="answer")
def basic_make_number(o2g: World, role: Role, number: str) -> ApiResponse:
    """Sends telephony.basiccall.make from the user's first device to the number as written."""
    body = {"deviceId": device_of(o2g, role), "callee": number, "autoAnswer": True}
    return o2g.send(role, "telephony.basiccall.make", json=body)


@when("the administrator makes a basic call from the desk-sharing set to {callee:party}", target_fixture="answer")
def basic_make_from_set(o2g: World, callee: PartyRef) -> ApiResponse:
    """Sends telephony.basiccall.make from a set not associated to a user: administrator session (L2543-2550)."""
    body = {"deviceId": desk_sharing_set(o2g), "callee": party(o2g, callee).number, "autoAnswer": True}
    return o2g.send("administrator", "telephony.basiccall.make", json=body)


@when("user {role} answers with a basic answer(?: on its {which:nth} device)?", target_fixture="answer")
def basic_answer(o2g: World, role: Role, which: Nth | None) -> ApiResponse:
    """Sends telephony.basiccall.answer for the user's first device (or the one named)."""
    device = device_of(o2g, role, 0 if which is None else which)
    return o2g.send(role, "telephony.basiccall.answer", json={"deviceId": device})


@when("user {role} leaves its call with a basic dropme", target_fixture="answer")
def basic_dropme(o2g: World, role: Role) -> ApiResponse:
    """Sends telephony.basiccall.dropme for the user."""
    return o2g.send(role, "telephony.basiccall.dropme")


@given("user {role} is idle")
def idle(o2g: World, role: Role) -> None:
    """Precondition: the user has no call in progress (GET /telephony/calls lists none)."""
    calls = calls_of(o2g, role)
    if calls:
        raise AssertionError(f"user {role} is expected idle but has calls: {[c.get('callRef') for c in calls]}")


@then("the answer is 201 with the location of the new (?P<family>call|basic call)")
def created_with_location(o2g: World, answer: ApiResponse, family: str) -> None:
    """Checks 201 with a Location header naming the new call (L2540-2542, L2707-2708) and no other body."""
    op_id = answer.op_id or ""
    check_status(op_id, answer.status, 201)
    check_body(op_id, answer.status, body_of(answer), target_version(o2g))
    location = answer.headers.get("location") or ""
    resource = "basicCall" if family == "basic call" else "calls"
    if not re.search(rf"/telephony/{resource}/[^/?]+$", location):
        raise NonConformance(
            "the Location of the new call (examples L2542, L2708)",
            op_id=op_id,
            documented=f".../telephony/{resource}/{{callRef}}",
            received=location or "no Location header",
        )
