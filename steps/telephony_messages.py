"""Steps of call-back requests and mini messages (L2988-3019, L4194-4436)."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_bdd import parsers

from o2g_conformance.checks import NonConformance
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import given, then, when

from .common import body_of, last
from .telephony import PARTY, UNKNOWN_REF, on_teardown, party, ref_of, require, send

CALLBACKS = "telephony.incomingcallbacks"


def callbacks_of(o2g: World, role: str) -> list[dict[str, Any]]:
    response = o2g.session(role).call(f"{CALLBACKS}.list")
    found = (response.json or {}).get("callbacks") if response.status == 200 else None
    return [c for c in found or [] if isinstance(c, dict)]


def callbacks_cleared(o2g: World, request: pytest.FixtureRequest, role: str) -> None:
    """At teardown, the callee's incoming call-back requests are deleted."""

    def undo() -> None:
        o2g.session(role).call(f"{CALLBACKS}.deleteall")

    on_teardown(o2g, request, f"callbacks:{role}", undo)


@when(parsers.re(rf"user (?P<role>[A-Z]) asks (?P<callee>{PARTY}|the number \"[^\"]*\"|itself) to call back$"))
def request_callback(o2g: World, request: pytest.FixtureRequest, role: str, callee: str) -> None:
    """CallbackRequest (L4404-4436): from an idle device, the callee's number."""
    if callee == "itself":
        number = o2g.account(role).number
    elif callee.startswith("the number"):
        number = callee.split('"')[1]
    else:
        to = party(o2g, callee)
        number = to.number
        if to.login is not None:
            callbacks_cleared(o2g, request, to.key)
    send(o2g, role, "telephony.outgoingcallbacks.request", json={"callee": number})


@given(parsers.re(rf"user (?P<role>[A-Z]) has asked (?P<callee>{PARTY}) to call back$"))
def has_requested_callback(o2g: World, request: pytest.FixtureRequest, role: str, callee: str) -> None:
    """Precondition: user {role} has asked {callee} to call back; set up with telephony.outgoingcallbacks.request."""
    request_callback(o2g, request, role, callee)
    require(last(o2g), f"ask {callee} to call user {role} back")


@when(parsers.re(rf"user (?P<role>[A-Z]) asks (?P<callee>{PARTY}) to call back during their call$"))
def callback_in_call(o2g: World, request: pytest.FixtureRequest, role: str, callee: str) -> None:
    """POST /calls/{callRef}/callback (L2988-3019): while the callee rings or is busy."""
    to = party(o2g, callee)
    if to.login is not None:
        callbacks_cleared(o2g, request, to.key)
    send(o2g, role, "telephony.calls.callback", path={"callRef": ref_of(o2g, role, [to])})


@when(parsers.re(r"user (?P<role>[A-Z]) lists its call-back requests$"))
def list_callbacks(o2g: World, role: str) -> None:
    """User {role} lists its call-back requests; sends telephony.incomingcallbacks.list."""
    send(o2g, role, f"{CALLBACKS}.list")


@when(
    parsers.re(
        rf"user (?P<role>[A-Z]) deletes the call-back request (?:from (?P<requester>{PARTY})|(?P<unknown>unknown))$"
    )
)
def delete_callback(o2g: World, role: str, requester: str | None, unknown: str | None) -> None:
    """User {role} deletes the call-back request (from {requester}|unknown).

    Sends telephony.incomingcallbacks.delete, telephony.incomingcallbacks.list.
    """
    callback_id = UNKNOWN_REF
    if requester is not None:
        who = party(o2g, requester)
        found = [c for c in callbacks_of(o2g, role) if who.is_in(c.get("partyInfo"))]
        if not found:
            raise AssertionError(f"user {role} has no call-back request from {requester}")
        callback_id = str(found[0]["callbackId"])
    send(o2g, role, f"{CALLBACKS}.delete", path={"callbackId": callback_id})


@when(parsers.re(r"user (?P<role>[A-Z]) deletes all its call-back requests$"))
def delete_callbacks(o2g: World, role: str) -> None:
    """User {role} deletes all its call-back requests; sends telephony.incomingcallbacks.deleteall."""
    send(o2g, role, f"{CALLBACKS}.deleteall")


@then(parsers.re(rf"the call-back requests listed are (?:from (?P<requesters>{PARTY}(?: and {PARTY})?)|none)$"))
def callbacks_listed(o2g: World, requesters: str | None) -> None:
    """Checks that the call-back requests listed are (from {requesters}|none)."""
    listed = (body_of(last(o2g)) or {}).get("callbacks") or []
    wanted = [party(o2g, p) for p in requesters.split(" and ")] if requesters else []
    matched = len(listed) == len(wanted) and all(any(p.is_in(c.get("partyInfo")) for c in listed) for p in wanted)
    if not matched or not all(c.get("callbackId") for c in listed):
        raise NonConformance(
            "Callbacks lists the user's call-back requests, each with its id and requester (L4876-4884)",
            op_id=last(o2g).op_id,
            documented=requesters or "none",
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


@when(
    parsers.re(
        r"user (?P<role>[A-Z]) sends (?:the mini message \"(?P<text>[^\"]*)\"|a mini message of (?P<size>\d+) "
        rf"characters) to (?P<recipient>{PARTY}|the number \"[^\"]*\")$"
    )
)
def send_message(
    o2g: World, request: pytest.FixtureRequest, role: str, text: str | None, size: str | None, recipient: str
) -> None:
    """MiniMessageRequest (L5347-5351): up to 128 characters (L4368)."""
    if recipient.startswith("the number"):
        number = recipient.split('"')[1]
    else:
        to = party(o2g, recipient)
        number = to.number
        messages_read(o2g, request, to.key)
    message = text if text is not None else "m" * int(size or 0)
    send(o2g, role, "telephony.minimessages.send", json={"recipient": number, "message": message})


@given(parsers.re(rf"user (?P<role>[A-Z]) has sent the mini message \"(?P<text>[^\"]*)\" to (?P<recipient>{PARTY})$"))
def has_sent_message(o2g: World, request: pytest.FixtureRequest, role: str, text: str, recipient: str) -> None:
    """Precondition: user {role} has sent the mini message "{text}" to {recipient}.

    Set up with telephony.minimessages.send.
    """
    send_message(o2g, request, role, text, None, recipient)
    require(last(o2g), f"send a mini message to {recipient}")


@when(parsers.re(r"user (?P<role>[A-Z]) reads its mini message$"))
def read_message(o2g: World, role: str) -> None:
    """User {role} reads its mini message; sends telephony.minimessages.get."""
    send(o2g, role, "telephony.minimessages.get")


@then(parsers.re(r"the mini message is \"(?P<text>[^\"]*)\" from user (?P<sender>[A-Z])$"))
def message_is(o2g: World, text: str, sender: str) -> None:
    """MiniMessage (L5341-5346): the sender's number, a date and the text."""
    body = body_of(last(o2g)) or {}
    wanted = {"sender": o2g.account(sender).number, "message": text}
    if {k: body.get(k) for k in wanted} != wanted or not body.get("date"):
        raise NonConformance(
            "the MiniMessage read (L5341-5346)", op_id=last(o2g).op_id, documented=wanted, received=body
        )
