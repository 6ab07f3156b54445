"""Steps of call-back requests and mini messages (L2988-3019, L4194-4436)."""

from __future__ import annotations

from typing import Any

import pytest

from o2g_conformance.checks import NonConformance
from o2g_conformance.client import ApiResponse
from o2g_conformance.plugin.world import Sender, World
from o2g_conformance.steplib import Parties, PartyRef, Role, given, then, when

from .common import body_of
from .telephony import UNKNOWN_REF, on_teardown, parties, party, ref_of, require

CALLBACKS = "telephony.incomingcallbacks"
#: How a helper sends: `o2g.send` (the answer a When step hands on) or `o2g.aside` (a Given step's setup).


def callbacks_of(o2g: World, role: str) -> list[dict[str, Any]]:
    """The incoming call-back requests of the user now (a lookup, never the answer)."""
    response = o2g.aside(role, f"{CALLBACKS}.list")
    found = (response.json or {}).get("callbacks") if response.status == 200 else None
    return [c for c in found or [] if isinstance(c, dict)]


def callbacks_cleared(o2g: World, request: pytest.FixtureRequest, role: str) -> None:
    """At teardown, the callee's incoming call-back requests are deleted."""

    def undo() -> None:
        o2g.session(role).call(f"{CALLBACKS}.deleteall")

    on_teardown(o2g, request, f"callbacks:{role}", undo)


def ask_callback(
    o2g: World,
    request: pytest.FixtureRequest,
    via: Sender,
    role: str,
    callee: PartyRef | None,
    number: str | None = None,
) -> ApiResponse:
    """CallbackRequest (L4404-4436) sent `via` o2g.send or o2g.aside: to a party, a number, or itself (both None)."""
    if callee is not None:
        to = party(o2g, callee)
        number = to.number
        if to.login is not None:
            callbacks_cleared(o2g, request, to.key)
    elif number is None:
        number = o2g.account(role).number
    return via(role, "telephony.outgoingcallbacks.request", json={"callee": number})


@when(
    'user {role} asks (?:{callee:party}|the number "{number:text}"|itself) to call back',
    target_fixture="answer",
)
def request_callback(
    o2g: World, request: pytest.FixtureRequest, role: Role, callee: PartyRef | None, number: str | None
) -> ApiResponse:
    """Sends CallbackRequest (L4404-4436): from an idle device, the callee's number."""
    return ask_callback(o2g, request, o2g.send, role, callee, number)


@given("user {role} has asked {callee:party} to call back")
def has_requested_callback(o2g: World, request: pytest.FixtureRequest, role: Role, callee: PartyRef) -> None:
    """Precondition: the user has asked the party to call back (telephony.outgoingcallbacks.request succeeded)."""
    response = ask_callback(o2g, request, o2g.aside, role, callee)
    require(response, f"ask {callee.text} to call user {role} back")


@when("user {role} asks {callee:party} to call back during their call", target_fixture="answer")
def callback_in_call(o2g: World, request: pytest.FixtureRequest, role: Role, callee: PartyRef) -> ApiResponse:
    """Sends POST /calls/{callRef}/callback (L2988-3019): while the callee rings or is busy."""
    to = party(o2g, callee)
    if to.login is not None:
        callbacks_cleared(o2g, request, to.key)
    return o2g.send(role, "telephony.calls.callback", path={"callRef": ref_of(o2g, role, [to])})


@when("user {role} lists its call-back requests", target_fixture="answer")
def list_callbacks(o2g: World, role: Role) -> ApiResponse:
    """Sends telephony.incomingcallbacks.list as the user."""
    return o2g.send(role, f"{CALLBACKS}.list")


@when(
    "user {role} deletes the call-back request (?:from {requester:party}|(?P<unknown>unknown))",
    target_fixture="answer",
)
def delete_callback(o2g: World, role: Role, requester: PartyRef | None, unknown: str | None) -> ApiResponse:
    """Sends telephony.incomingcallbacks.delete for the request from the party (looked up in the list) or unknown."""
    callback_id = UNKNOWN_REF
    if requester is not None:
        who = party(o2g, requester)
        found = [c for c in callbacks_of(o2g, role) if who.is_in(c.get("partyInfo"))]
        if not found:
            raise AssertionError(f"user {role} has no call-back request from {who.label}")
        callback_id = str(found[0]["callbackId"])
    return o2g.send(role, f"{CALLBACKS}.delete", path={"callbackId": callback_id})


@when("user {role} deletes all its call-back requests", target_fixture="answer")
def delete_callbacks(o2g: World, role: Role) -> ApiResponse:
    """Sends telephony.incomingcallbacks.deleteall as the user."""
    return o2g.send(role, f"{CALLBACKS}.deleteall")


@then("the call-back requests listed are (?:from {requesters:parties}|none)")
def callbacks_listed(o2g: World, answer: ApiResponse, requesters: Parties | None) -> None:
    """Checks Callbacks lists exactly the requests of those parties (or none), each with its id (L4876-4884)."""
    listed = (body_of(answer) or {}).get("callbacks") or []
    wanted = parties(o2g, requesters) if requesters else []
    matched = len(listed) == len(wanted) and all(any(p.is_in(c.get("partyInfo")) for c in listed) for p in wanted)
    if not matched or not all(c.get("callbackId") for c in listed):
        raise NonConformance(
            "Callbacks lists the user's call-back requests, each with its id and requester (L4876-4884)",
            op_id=answer.op_id,
            documented=" and ".join(p.label for p in wanted) or "none",
            received=listed,
        )


# -- mini messages -------------------------------------------------------------------------------------------------


def messages_read(o2g: World, request: pytest.FixtureRequest, role: str) -> None:
    """At teardown, the recipient's unread mini messages are read (a read erases them, L4331-4334)."""

    def undo() -> None:
        session = o2g.session(role)
        for _ in range(20):
            if session.call("telephony.minimessages.get").status != 200:
                return

    on_teardown(o2g, request, f"messages:{role}", undo)


def send_mini_message(
    o2g: World,
    request: pytest.FixtureRequest,
    via: Sender,
    role: str,
    message: str,
    recipient: PartyRef | None,
    number: str | None = None,
) -> ApiResponse:
    """MiniMessageRequest (L5347-5351) sent `via` o2g.send or o2g.aside, to a party or to a number."""
    if recipient is not None:
        to = party(o2g, recipient)
        number = to.number
        messages_read(o2g, request, to.key)
    return via(role, "telephony.minimessages.send", json={"recipient": number, "message": message})


@when(
    'user {role} sends (?:the mini message "{text}"|a mini message of {size:count} characters) '
    'to (?:{recipient:party}|the number "{number:text}")',
    target_fixture="answer",
)
def send_message(
    o2g: World,
    request: pytest.FixtureRequest,
    role: Role,
    text: str | None,
    size: int | None,
    recipient: PartyRef | None,
    number: str | None,
) -> ApiResponse:
    """Sends MiniMessageRequest (L5347-5351): up to 128 characters (L4368)."""
    message = text if text is not None else "m" * (size or 0)
    return send_mini_message(o2g, request, o2g.send, role, message, recipient, number)


@given('user {role} has sent the mini message "{text}" to {recipient:party}')
def has_sent_message(o2g: World, request: pytest.FixtureRequest, role: Role, text: str, recipient: PartyRef) -> None:
    """Precondition: the user has sent the mini message to the party (telephony.minimessages.send succeeded)."""
    response = send_mini_message(o2g, request, o2g.aside, role, text, recipient)
    require(response, f"send a mini message to {recipient.text}")


@when("user {role} reads its mini message", target_fixture="answer")
def read_message(o2g: World, role: Role) -> ApiResponse:
    """Sends telephony.minimessages.get as the user (a read erases the message, L4331-4334)."""
    return o2g.send(role, "telephony.minimessages.get")


@then('the mini message is "{text}" from user {sender:role}')
def message_is(o2g: World, answer: ApiResponse, text: str, sender: Role) -> None:
    """Checks the MiniMessage read (L5341-5346): the sender's number, a date and the text."""
    body = body_of(answer) or {}
    wanted = {"sender": o2g.account(sender).number, "message": text}
    if {k: body.get(k) for k in wanted} != wanted or not body.get("date"):
        raise NonConformance("the MiniMessage read (L5341-5346)", op_id=answer.op_id, documented=wanted, received=body)
