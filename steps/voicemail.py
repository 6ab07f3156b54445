"""Steps of Voicemail: mailboxes, connection, voice messages, WAV downloads, deposits on the clock (L9205-9714)."""

from __future__ import annotations

import json
from typing import Any

from o2g_conformance.checks import NonConformance, check_body, check_status
from o2g_conformance.client import UNSET, ApiResponse, Exchange
from o2g_conformance.plugin.fixtures import Undo
from o2g_conformance.plugin.world import World, unmet
from o2g_conformance.steplib import Actor, Role, given, then, when

from .common import answer_object, precondition, raw_get, target_version
from .routing import FORWARD, RoutingNotes, guard, restore
from .telephony import device_of, ref_from_location, require

MAILBOXES, CONNECT, MESSAGES = "messaging.mailboxes.list", "messaging.mailbox.connect", "messaging.voicemails.list"
DELETE_ALL, DELETE, DOWNLOAD = (
    "messaging.voicemails.delete",
    "messaging.voicemail.delete",
    "messaging.voicemail.download",
)
#: A mailbox and a message no target has (the value is the point).
UNKNOWN_MAILBOX, UNKNOWN_MESSAGE = "00000-0-MAILBOX", "99999999"
#: `in the mailbox of user B` after a message: whose mailbox (the actor's own when left out).
BOX = "(?: in the mailbox of user {owner:role})?"


def mailbox_of(o2g: World, role: str) -> str:
    """The id of the user's mailbox, as its own session lists it (the first one, L9229-9231)."""
    listed = o2g.aside(role, MAILBOXES).json
    boxes = listed.get("mailboxes") if isinstance(listed, dict) else None
    if not boxes and not o2g.account(role).voicemail:  # the profile says so: a precondition, not a defect
        unmet(f"user {role} has no voice mail on this target")
    if not boxes or not isinstance(boxes[0], dict) or not boxes[0].get("id"):
        raise AssertionError(f"user {role} has no mailbox on this target: {listed}")
    return str(boxes[0]["id"])


def _query(o2g: World, actor: Actor, owner: str, query: dict[str, str] | None = None) -> dict[str, str] | None:
    """The query of a voicemail request on the owner's mailbox: an administrator names the owner (loginName)."""
    named = dict(query or {})
    if actor.is_admin:
        named["loginName"] = o2g.account(owner).login
    return named or None


def messages_of(o2g: World, actor: Actor, owner: str) -> list[dict[str, Any]]:
    """The owner's messages, read by the actor's (connected) session; newest first."""
    path = {"mailboxId": mailbox_of(o2g, owner)}
    response = o2g.aside(actor, MESSAGES, path=path, query=_query(o2g, actor, owner))
    found = response.json.get("voicemails") if response.status == 200 and isinstance(response.json, dict) else None
    if found is None:
        raise AssertionError(f"listing the messages of user {owner} failed: {response.status} {response.text[:200]}")
    return [m for m in found if isinstance(m, dict)]


def is_from(o2g: World, message: dict[str, Any], role: str) -> bool:
    ident = (message.get("from") or {}).get("id") or {}
    account = o2g.account(role)
    return bool(ident.get("loginName") == account.login or ident.get("phoneNumber") == account.company_phone)


def message_id(o2g: World, actor: Actor, owner: str, sender: str) -> str:
    found = [m for m in messages_of(o2g, actor, owner) if is_from(o2g, m, sender)]
    if not found:
        raise AssertionError(f"the mailbox of user {owner} holds no message from user {sender}")
    return str(found[0]["voicemailId"])


# -- given -----------------------------------------------------------------------------------------------------------


@given("user {role} has no voice mailbox")
def no_mailbox(o2g: World, role: Role) -> None:
    """Precondition: user {role} exists and has no voice mail in the target's profile (else the scenario skips)."""
    try:
        account = o2g.account(role)
    except LookupError:
        precondition(f"the target has no user {role}: the scenario needs a user without voice mail")
    if account.voicemail:
        precondition(f"user {role} has a voice mailbox on this target: the scenario needs a user without one")


@given("user {sender:role} has left a message of {seconds:count} seconds for user {owner:role}")
def left_message(o2g: World, undo: Undo, routing_notes: RoutingNotes, sender: Role, owner: Role, seconds: int) -> None:
    """The owner forwards its calls to its voice mail for the time of a call that talks there (virtual clock).

    Set up with routing.forwardroute.set, telephony.calls.make, telephony.calls.release; the routing restored.
    """
    guard(o2g, undo, routing_notes, owner)
    voicemail = {"forwardRoute": {"destinations": [{"type": "VOICEMAIL"}]}}
    require(o2g.aside(owner, FORWARD["set"], json=voicemail), f"forward user {owner} to its voice mail")
    body = {"deviceId": device_of(o2g, sender), "callee": o2g.account(owner).number, "autoAnswer": True}
    ref = ref_from_location(require(o2g.aside(sender, "telephony.calls.make", json=body), f"call user {owner}"))
    o2g.control.advance(seconds)
    released = o2g.aside(sender, "telephony.calls.release", path={"callRef": ref})
    require(released, "hang up after the message")
    restore(o2g, owner, routing_notes.saved[owner])


def _connect(
    o2g: World, actor: Actor, owner: Role | None, unknown: str | None, how: str | None
) -> tuple[str, dict[str, Any]]:
    """The mailbox owner and the connect request: ConnectRequest with the password (L9500-9504), or
    ?withUserPwd without a body (L9285-9289); the mailbox password is the user's one ("the OXE administrator
    [makes] the voice mailbox password match")."""
    who = owner or actor
    mailbox = UNKNOWN_MAILBOX if unknown else mailbox_of(o2g, who)
    query: dict[str, str] | None = None
    body: Any = UNSET
    password = o2g.account(who).password
    if how == "with its user password":
        query = {"withUserPwd": ""}
    elif how == "with a wrong password":
        body = {"password": password + "9"}
    elif how is None:
        body = {"password": password}
    return who, {"path": {"mailboxId": mailbox}, "query": _query(o2g, actor, who, query), "json": body}


@given("{actor} is connected to (?:its mailbox|the mailbox of user {owner:role})")
def is_connected(o2g: World, actor: Actor, owner: Role | None) -> None:
    """Precondition: the actor is connected to the mailbox (messaging.mailbox.connect with the user's password)."""
    request = _connect(o2g, actor, owner, None, None)[1]
    require(o2g.aside(actor, CONNECT, **request), f"connect {actor} to the mailbox")


@given("{actor} has downloaded the message from user {sender:role}")
def has_downloaded(o2g: World, actor: Actor, sender: Role) -> None:
    """Precondition: the actor has downloaded the message (messaging.voicemail.download), so it is no longer new."""
    path = {"mailboxId": mailbox_of(o2g, actor), "voicemailId": message_id(o2g, actor, actor, sender)}
    require(_download(o2g, actor, path, _query(o2g, actor, actor)), f"download the message from user {sender}")


# -- when ------------------------------------------------------------------------------------------------------------


@when("{actor} lists (?:its|the) mailboxes(?: of user {owner:role})?", target_fixture="answer")
def lists_mailboxes(o2g: World, actor: Actor, owner: Role | None) -> ApiResponse:
    """Sends messaging.mailboxes.list; an administrator names the owner by loginName."""
    return o2g.send(actor, MAILBOXES, query=_query(o2g, actor, owner or actor))


@when(
    "{actor} connects to (?:its mailbox|the mailbox of user {owner:role}|(?P<unknown>an unknown mailbox))"
    "(?: (?P<how>with its user password|with a wrong password|without password))?",
    target_fixture="answer",
)
def connects(o2g: World, actor: Actor, owner: Role | None, unknown: str | None, how: str | None) -> ApiResponse:
    """Sends messaging.mailbox.connect: ConnectRequest with the password (L9500-9504), or ?withUserPwd (L9285-9289)."""
    return o2g.send(actor, CONNECT, **_connect(o2g, actor, owner, unknown, how)[1])


@when(
    '{actor} lists (?:its|the) voice messages(?: of user {owner:role})?(?: with "{q:text}")?',
    target_fixture="answer",
)
def lists_messages(o2g: World, actor: Actor, owner: Role | None, q: str | None) -> ApiResponse:
    """Sends messaging.voicemails.list on the owner's mailbox with the query given (mailbox looked up first)."""
    who = owner or actor
    query = dict(p.split("=", 1) for p in (q or "").split("&") if p)
    path = {"mailboxId": mailbox_of(o2g, who)}
    return o2g.send(actor, MESSAGES, path=path, query=_query(o2g, actor, who, query))


def _download(o2g: World, actor: str, path: dict[str, str], query: dict[str, str] | None) -> ApiResponse:
    """GET of the WAV file keeping its bytes (the answer's text is them, decoded latin-1): the client's answers
    carry decoded text only. The exchange is recorded like the client's own (the session cookie masked)."""
    raw, elapsed, summary = raw_get(o2g, actor, DOWNLOAD, path, query)
    text = raw.content.decode("latin-1")
    shown = (
        text if raw.headers.get("content-type", "").startswith("application/json") else f"<{len(raw.content)} bytes>"
    )
    o2g.exchanges.append(Exchange(summary, raw.status_code, dict(raw.headers), shown, elapsed, DOWNLOAD))
    try:
        parsed = json.loads(raw.text) if raw.content.strip().startswith(b"{") else None
    except ValueError:
        parsed = None
    return ApiResponse(DOWNLOAD, raw.status_code, dict(raw.headers), text, parsed, elapsed, summary)


@when(
    "{actor} downloads (?:the message from user {sender:role}|(?P<unknown>an unknown message))" + BOX,
    target_fixture="answer",
)
def downloads(o2g: World, actor: Actor, sender: Role | None, unknown: str | None, owner: Role | None) -> ApiResponse:
    """GETs messaging.voicemail.download keeping the file's bytes (the message looked up first; raw, not a session)."""
    who = owner or actor
    vid = UNKNOWN_MESSAGE if unknown or sender is None else message_id(o2g, actor, who, sender)
    query = {"loginName": o2g.account(who).login} if actor.is_admin else None
    return _download(o2g, actor, {"mailboxId": mailbox_of(o2g, who), "voicemailId": vid}, query)


@when(
    "{actor} deletes (?:the message from user {sender:role}|(?P<unknown>an unknown message))" + BOX,
    target_fixture="answer",
)
def deletes_one(o2g: World, actor: Actor, sender: Role | None, unknown: str | None, owner: Role | None) -> ApiResponse:
    """Sends messaging.voicemail.delete of the message named (looked up first with messaging.voicemails.list)."""
    who = owner or actor
    vid = UNKNOWN_MESSAGE if unknown or sender is None else message_id(o2g, actor, who, sender)
    path = {"mailboxId": mailbox_of(o2g, who), "voicemailId": vid}
    return o2g.send(actor, DELETE, path=path, query=_query(o2g, actor, who))


@when(
    "{actor} deletes (?:the messages from users {a:role} and {b:role}"
    "|all (?:its|the) messages(?: of user {owner:role})?)",
    target_fixture="answer",
)
def deletes_many(o2g: World, actor: Actor, a: Role | None, b: Role | None, owner: Role | None) -> ApiResponse:
    """Sends messaging.voicemails.delete: msgIds a comma separated list, or absent for every message (L9382-9383)."""
    who = owner or actor
    query = {"msgIds": ",".join(message_id(o2g, actor, who, r) for r in (a, b) if r)} if a and b else None
    path = {"mailboxId": mailbox_of(o2g, who)}
    return o2g.send(actor, DELETE_ALL, path=path, query=_query(o2g, actor, who, query))


WITHOUT_CONNECTING = {
    "lists its voice messages": (MESSAGES, {}),
    "deletes all its messages": (DELETE_ALL, {}),
    "deletes an unknown message": (DELETE, {"voicemailId": UNKNOWN_MESSAGE}),
    "downloads an unknown message": (DOWNLOAD, {"voicemailId": UNKNOWN_MESSAGE}),
}


@when(
    f"user {{role}} (?P<action>{'|'.join(WITHOUT_CONNECTING)}) without connecting to its mailbox",
    target_fixture="answer",
)
def without_connecting(o2g: World, role: Role, action: str) -> ApiResponse:
    """Sends the voicemail operation named (list, delete, download) without connecting to the mailbox first."""
    op_id, extra = WITHOUT_CONNECTING[action]
    path = {"mailboxId": mailbox_of(o2g, role), **extra}
    return _download(o2g, role, path, None) if op_id == DOWNLOAD else o2g.send(role, op_id, path=path)


ADMIN_ACTIONS: dict[str, tuple[str, dict[str, str] | None, Any]] = {
    "lists the mailboxes": (MAILBOXES, None, UNSET),
    "connects to a mailbox": (CONNECT, {}, {"password": "0000"}),
    "lists the voice messages": (MESSAGES, {}, UNSET),
    "deletes the messages": (DELETE_ALL, {}, UNSET),
    "deletes a message": (DELETE, {"voicemailId": UNKNOWN_MESSAGE}, UNSET),
    "downloads a message": (DOWNLOAD, {"voicemailId": UNKNOWN_MESSAGE}, UNSET),
}


@when(f"the administrator (?P<action>{'|'.join(ADMIN_ACTIONS)}) with no loginName", target_fixture="answer")
def admin_without_user(o2g: World, action: str) -> ApiResponse:
    """Sends the operation named on user A's mailbox: an administrator "MUST" specify loginName (L9240-9243)."""
    op_id, extra, body = ADMIN_ACTIONS[action]
    path = None if extra is None else {"mailboxId": mailbox_of(o2g, "A"), **extra}
    if op_id == DOWNLOAD:
        return _download(o2g, "administrator", path or {}, None)
    return o2g.send("administrator", op_id, path=path, json=body)


# -- then ------------------------------------------------------------------------------------------------------------


@then("the answer lists the mailbox of user {role} with its capabilities")
def lists_mailbox(o2g: World, answer: ApiResponse, role: Role) -> None:
    """Checks that the MailBoxes answer holds the user's mailbox (messaging.mailboxes.list), boolean capabilities."""
    boxes = answer_object(answer, "MailBoxes").get("mailboxes") or []
    box = next((b for b in boxes if isinstance(b, dict) and b.get("id") == mailbox_of(o2g, role)), None)
    capabilities = box.get("capabilities") if box else None
    if not isinstance(capabilities, dict) or not all(isinstance(v, bool) for v in capabilities.values()):
        raise NonConformance(
            "the user's mailbox with the capabilities it supports (L9229-9264, L9579-9591)",
            op_id=MAILBOXES,
            documented=f"mailbox {mailbox_of(o2g, role)} with boolean capabilities",
            received=boxes,
        )


@then("the answer lists no mailbox")
def lists_no_mailbox(answer: ApiResponse) -> None:
    """Checks that the MailBoxes answer lists no mailbox: a user without voice mail has no mailbox."""
    boxes = answer_object(answer, "MailBoxes").get("mailboxes")
    if boxes:
        raise NonConformance("a user without voice mail has no mailbox", op_id=MAILBOXES, documented=[], received=boxes)


@then(r"the mailbox information in the answer (?:is consistent|counts {n:count} messages?, {new:count} new)")
def mailbox_info(answer: ApiResponse, n: int | None, new: int | None) -> None:
    """Checks MailBoxInfo (L9609-9617): the counts named, new ones no more than all, storageUsage a ratio or -1."""
    info = answer_object(answer, "MailBoxInfo")
    total, fresh, usage = info.get("totalVoiceMsg"), info.get("newVoiceMsg"), info.get("storageUsage")
    wrong = [] if n is None or (total, fresh) == (n, new or 0) else [f"expected {n} and {new} new"]
    if isinstance(total, int) and isinstance(fresh, int) and not 0 <= fresh <= total:
        wrong.append("newVoiceMsg is more than totalVoiceMsg")
    if isinstance(usage, int) and not -1 <= usage <= 100:
        wrong.append("storageUsage is a ratio from 0 to 100, or -1 (L9614-9617)")
    if wrong:
        raise NonConformance("MailBoxInfo (L9609-9617)", op_id=CONNECT, received=info, problems=wrong)


def _messages(answer: ApiResponse) -> list[dict[str, Any]]:
    return [m for m in answer_object(answer, "Voicemails").get("voicemails") or [] if isinstance(m, dict)]


@then("the answer lists a new message from user {sender:role} of {seconds:count} seconds")
def lists_new_message(o2g: World, answer: ApiResponse, sender: Role, seconds: int) -> None:
    """Checks that the Voicemails answer holds an unread message from the sender of that duration (L9663-9689)."""
    found = [m for m in _messages(answer) if is_from(o2g, m, sender)]
    if not any(m.get("unread") is True and m.get("duration") == seconds for m in found):
        raise NonConformance(
            "the message left, unread, with its sender and duration (Voicemail L9663-9689)",
            op_id=MESSAGES,
            documented=f"unread, from user {sender}, {seconds} s",
            received=_messages(answer),
        )


@then("the answer lists exactly (?P<which>the message from user [A-Z](?: and the message from user [A-Z])?)")
def lists_exactly(o2g: World, answer: ApiResponse, which: str) -> None:
    """Checks that the Voicemails answer holds exactly the messages named, in that order (newest first, L9332-9339)."""
    wanted = [part[-1] for part in which.split(" and ")]
    received = _messages(answer)
    if len(received) != len(wanted) or not all(is_from(o2g, m, r) for m, r in zip(received, wanted, strict=False)):
        raise NonConformance(
            "newOnly, offset and limit select the messages, newest first (L9332-9339)",
            op_id=MESSAGES,
            documented=[f"from user {r}" for r in wanted],
            received=received,
        )


@then("the answer is 200 with a WAV file sent as an attachment")
def wav_file(o2g: World, answer: ApiResponse) -> None:
    """200 application/octet-stream, Content-Disposition: attachment; filename=...wav (L9493-9497): RIFF/WAVE."""
    response = answer
    check_status(DOWNLOAD, response.status, 200)
    check_body(DOWNLOAD, response.status, response.text, target_version(o2g))
    data = response.text.encode("latin-1")  # the file's bytes (`_download`)
    headers = {k.lower(): v for k, v in response.headers.items()}
    problems = [] if data[:4] == b"RIFF" and data[8:12] == b"WAVE" else [f"the file starts with {data[:12]!r}"]
    if not headers.get("content-type", "").startswith("application/octet-stream"):
        problems.append(f"Content-Type {headers.get('content-type')!r}")
    disposition = headers.get("content-disposition", "")
    if not disposition.startswith("attachment") or not disposition.rstrip('"').endswith(".wav"):
        problems.append(f"Content-Disposition {disposition!r}")
    if problems:
        raise NonConformance("the voicemail WAV file (L9206-9207, L9493-9497)", op_id=DOWNLOAD, problems=problems)


@then("the mailbox of user {owner:role} holds (?P<which>no message|the message from user [A-Z] only)")
def mailbox_holds(o2g: World, owner: Role, which: str) -> None:
    """Checks that the mailbox of the user holds the messages named: the messages deleted are gone (L9349-9441).

    Reads messaging.mailboxes.list, messaging.voicemails.list.
    """
    received = messages_of(o2g, Actor(f"user {owner}"), owner)
    wanted = [] if which == "no message" else [which.split()[-2]]
    if len(received) != len(wanted) or not all(is_from(o2g, m, r) for m, r in zip(received, wanted, strict=False)):
        raise NonConformance(
            "the messages deleted are gone (L9349-9441)", op_id=DELETE, documented=which, received=received
        )
