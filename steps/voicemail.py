"""Steps of Voicemail: mailboxes, connection, voice messages, WAV downloads, deposits on the clock (L9205-9714)."""

from __future__ import annotations

import json
from typing import Any

from pytest_bdd import parsers

from o2g_conformance.checks import NonConformance, check_body, check_status
from o2g_conformance.client import ApiResponse, Exchange
from o2g_conformance.plugin.fixtures import Undo
from o2g_conformance.plugin.world import World, unmet
from o2g_conformance.steplib import given, then, when

from .common import ACTOR, actor_name, last, precondition, raw_get, target_version
from .routing import FORWARD, guard, restore
from .telephony import device_of, ref_from_location, require, send
from .users import aux, body_dict

MAILBOXES, CONNECT, MESSAGES = "messaging.mailboxes.list", "messaging.mailbox.connect", "messaging.voicemails.list"
DELETE_ALL, DELETE, DOWNLOAD = (
    "messaging.voicemails.delete",
    "messaging.voicemail.delete",
    "messaging.voicemail.download",
)
#: A mailbox and a message no target has (the value is the point).
UNKNOWN_MAILBOX, UNKNOWN_MESSAGE = "00000-0-MAILBOX", "99999999"
BOX = r"(?: in the mailbox of user (?P<owner>[A-Z]))?"


def mailbox_of(o2g: World, role: str) -> str:
    """The id of the user's mailbox, as its own session lists it (the first one, L9229-9231)."""
    listed = aux(o2g, role, MAILBOXES).json
    boxes = listed.get("mailboxes") if isinstance(listed, dict) else None
    if not boxes and not o2g.account(role).voicemail:  # the profile says so: a precondition, not a defect
        unmet(f"user {role} has no voice mail on this target")
    if not boxes or not isinstance(boxes[0], dict) or not boxes[0].get("id"):
        raise AssertionError(f"user {role} has no mailbox on this target: {listed}")
    return str(boxes[0]["id"])


def _owner(actor: str, owner: str | None) -> str:
    return owner or actor_name(actor)


def _call(o2g: World, actor: str, op_id: str, owner: str, **kwargs: Any) -> ApiResponse:
    """A voicemail request of the actor on the owner's mailbox; an administrator names the owner (loginName)."""
    query = dict(kwargs.pop("query", None) or {})
    if actor_name(actor) == "administrator":
        query["loginName"] = o2g.account(owner).login
    return o2g.session(actor_name(actor)).call(op_id, query=query or None, **kwargs)


def messages_of(o2g: World, actor: str, owner: str) -> list[dict[str, Any]]:
    """The owner's messages, read by the actor's (connected) session; newest first."""
    response = _call(o2g, actor, MESSAGES, owner, path={"mailboxId": mailbox_of(o2g, owner)})
    found = response.json.get("voicemails") if response.status == 200 and isinstance(response.json, dict) else None
    if found is None:
        raise AssertionError(f"listing the messages of user {owner} failed: {response.status} {response.text[:200]}")
    return [m for m in found if isinstance(m, dict)]


def is_from(o2g: World, message: dict[str, Any], role: str) -> bool:
    ident = (message.get("from") or {}).get("id") or {}
    account = o2g.account(role)
    return bool(ident.get("loginName") == account.login or ident.get("phoneNumber") == account.company_phone)


def message_id(o2g: World, actor: str, owner: str, sender: str) -> str:
    found = [m for m in messages_of(o2g, actor, owner) if is_from(o2g, m, sender)]
    if not found:
        raise AssertionError(f"the mailbox of user {owner} holds no message from user {sender}")
    return str(found[0]["voicemailId"])


# -- given -----------------------------------------------------------------------------------------------------------


@given(parsers.re(r"user (?P<role>[A-Z]) has no voice mailbox$"))
def no_mailbox(o2g: World, role: str) -> None:
    """Precondition: user {role} has no voice mailbox."""
    try:
        account = o2g.account(role)
    except LookupError:
        precondition(f"the target has no user {role}: the scenario needs a user without voice mail")
    if account.voicemail:
        precondition(f"user {role} has a voice mailbox on this target: the scenario needs a user without one")


@given(parsers.re(r"user (?P<sender>[A-Z]) has left a message of (?P<seconds>\d+) seconds for user (?P<owner>[A-Z])$"))
def left_message(o2g: World, undo: Undo, sender: str, owner: str, seconds: str) -> None:
    """The owner forwards its calls to its voice mail for the time of a call that talks there (virtual clock)."""
    guard(o2g, undo, owner)
    voicemail = {"forwardRoute": {"destinations": [{"type": "VOICEMAIL"}]}}
    require(o2g.session(owner).call(FORWARD["set"], json=voicemail), f"forward user {owner} to its voice mail")
    body = {"deviceId": device_of(o2g, sender), "callee": o2g.account(owner).number, "autoAnswer": True}
    ref = ref_from_location(require(send(o2g, sender, "telephony.calls.make", json=body), f"call user {owner}"))
    o2g.control.advance(int(seconds))
    require(send(o2g, sender, "telephony.calls.release", path={"callRef": ref}), "hang up after the message")
    restore(o2g, owner, o2g.values[f"routing.saved:{owner}"])


@given(parsers.re(ACTOR + r" is connected to (?:its mailbox|the mailbox of user (?P<owner>[A-Z]))$"))
def is_connected(o2g: World, actor: str, owner: str | None) -> None:
    """Precondition: {actor} is connected to (its mailbox|the mailbox of user {owner}).

    Set up with messaging.mailbox.connect, messaging.mailboxes.list.
    """
    connects(o2g, actor, "its mailbox" if owner is None else f"the mailbox of user {owner}", None)
    require(last(o2g), f"connect {actor} to the mailbox")


@given(parsers.re(ACTOR + r" has downloaded the message from user (?P<sender>[A-Z])$"))
def has_downloaded(o2g: World, actor: str, sender: str) -> None:
    """Precondition: {actor} has downloaded the message from user {sender}.

    Set up with messaging.mailboxes.list, messaging.voicemail.download, messaging.voicemails.list.
    """
    downloads(o2g, actor, f"the message from user {sender}", None)
    require(last(o2g), f"download the message from user {sender}")


# -- when ------------------------------------------------------------------------------------------------------------


@when(parsers.re(ACTOR + r" lists (?:its|the) mailboxes(?: of user (?P<owner>[A-Z]))?$"))
def lists_mailboxes(o2g: World, actor: str, owner: str | None) -> None:
    """The actor lists (its|the) mailboxes[ of user {owner}]; sends messaging.mailboxes.list."""
    o2g.response = _call(o2g, actor, MAILBOXES, _owner(actor, owner))


@when(
    parsers.re(
        ACTOR + r" connects to (?P<box>its mailbox|the mailbox of user [A-Z]|an unknown mailbox)"
        r"(?: (?P<how>with its user password|with a wrong password|without password))?$"
    )
)
def connects(o2g: World, actor: str, box: str, how: str | None) -> None:
    """ConnectRequest with the password (L9500-9504), or ?withUserPwd without a body (L9285-9289).

    The mailbox password is the user's one: "the OXE administrator [makes] the voice mailbox password match".
    """
    owner = box[-1] if box.startswith("the mailbox of") else actor_name(actor)
    mailbox = UNKNOWN_MAILBOX if box == "an unknown mailbox" else mailbox_of(o2g, owner)
    kwargs: dict[str, Any] = {"path": {"mailboxId": mailbox}}
    password = o2g.account(owner).password
    if how == "with its user password":
        kwargs["query"] = {"withUserPwd": ""}
    elif how == "with a wrong password":
        kwargs["json"] = {"password": password + "9"}
    elif how is None:
        kwargs["json"] = {"password": password}
    o2g.response = _call(o2g, actor, CONNECT, owner, **kwargs)


@when(
    parsers.re(ACTOR + r" lists (?:its|the) voice messages(?: of user (?P<owner>[A-Z]))?(?: with \"(?P<q>[^\"]*)\")?$")
)
def lists_messages(o2g: World, actor: str, owner: str | None, q: str | None) -> None:
    """The actor lists (its|the) voice messages[ of user {owner}][ with "{q}"].

    Sends messaging.mailboxes.list, messaging.voicemails.list.
    """
    who = _owner(actor, owner)
    query = dict(p.split("=", 1) for p in (q or "").split("&") if p)
    o2g.response = _call(o2g, actor, MESSAGES, who, path={"mailboxId": mailbox_of(o2g, who)}, query=query)


def _download(o2g: World, actor: str, path: dict[str, str], query: dict[str, str] | None) -> ApiResponse:
    """GET of the WAV file keeping its bytes: the client's answers carry decoded text only.

    The exchange is recorded like the client's own (the session cookie masked).
    """
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
    o2g.values["voicemail.file"] = raw.content
    return ApiResponse(DOWNLOAD, raw.status_code, dict(raw.headers), text, parsed, elapsed, summary)


@when(parsers.re(ACTOR + r" downloads (?P<which>the message from user [A-Z]|an unknown message)" + BOX + "$"))
def downloads(o2g: World, actor: str, which: str, owner: str | None) -> None:
    """The actor downloads {which}[ in the mailbox of user {owner}].

    Sends messaging.mailboxes.list, messaging.voicemail.download, messaging.voicemails.list.
    """
    who = _owner(actor, owner)
    vid = UNKNOWN_MESSAGE if which.startswith("an unknown") else message_id(o2g, actor, who, which[-1])
    query = {"loginName": o2g.account(who).login} if actor_name(actor) == "administrator" else None
    o2g.response = _download(o2g, actor, {"mailboxId": mailbox_of(o2g, who), "voicemailId": vid}, query)


@when(parsers.re(ACTOR + r" deletes (?P<which>the message from user [A-Z]|an unknown message)" + BOX + "$"))
def deletes_one(o2g: World, actor: str, which: str, owner: str | None) -> None:
    """The actor deletes {which}[ in the mailbox of user {owner}].

    Sends messaging.mailboxes.list, messaging.voicemail.delete, messaging.voicemails.list.
    """
    who = _owner(actor, owner)
    vid = UNKNOWN_MESSAGE if which.startswith("an unknown") else message_id(o2g, actor, who, which[-1])
    o2g.response = _call(o2g, actor, DELETE, who, path={"mailboxId": mailbox_of(o2g, who), "voicemailId": vid})


@when(
    parsers.re(
        ACTOR + r" deletes (?:the messages from users (?P<a>[A-Z]) and (?P<b>[A-Z])"
        r"|all (?:its|the) messages(?: of user (?P<owner>[A-Z]))?)$"
    )
)
def deletes_many(o2g: World, actor: str, a: str | None, b: str | None, owner: str | None) -> None:
    """msgIds is a comma separated list, or absent for every message (L9382-9383)."""
    who = _owner(actor, owner)
    query = {"msgIds": ",".join(message_id(o2g, actor, who, r) for r in (a, b))} if a and b else None
    o2g.response = _call(o2g, actor, DELETE_ALL, who, path={"mailboxId": mailbox_of(o2g, who)}, query=query)


WITHOUT_CONNECTING = {
    "lists its voice messages": (MESSAGES, {}),
    "deletes all its messages": (DELETE_ALL, {}),
    "deletes an unknown message": (DELETE, {"voicemailId": UNKNOWN_MESSAGE}),
    "downloads an unknown message": (DOWNLOAD, {"voicemailId": UNKNOWN_MESSAGE}),
}


@when(
    parsers.re(rf"user (?P<role>[A-Z]) (?P<action>{'|'.join(WITHOUT_CONNECTING)}) without connecting to its mailbox$")
)
def without_connecting(o2g: World, role: str, action: str) -> None:
    """User {role} uses its voice mail (list, delete, download ...) without connecting to it first."""
    op_id, extra = WITHOUT_CONNECTING[action]
    path = {"mailboxId": mailbox_of(o2g, role), **extra}
    o2g.response = _download(o2g, role, path, None) if op_id == DOWNLOAD else o2g.session(role).call(op_id, path=path)


ADMIN_ACTIONS: dict[str, tuple[str, dict[str, str] | None, Any]] = {
    "lists the mailboxes": (MAILBOXES, None, None),
    "connects to a mailbox": (CONNECT, {}, {"password": "0000"}),
    "lists the voice messages": (MESSAGES, {}, None),
    "deletes the messages": (DELETE_ALL, {}, None),
    "deletes a message": (DELETE, {"voicemailId": UNKNOWN_MESSAGE}, None),
    "downloads a message": (DOWNLOAD, {"voicemailId": UNKNOWN_MESSAGE}, None),
}


@when(parsers.re(rf"the administrator (?P<action>{'|'.join(ADMIN_ACTIONS)}) with no loginName$"))
def admin_without_user(o2g: World, action: str) -> None:
    """loginName "MUST be specified" for an administrator session (L9240-9243); the mailbox is user A's."""
    op_id, extra, body = ADMIN_ACTIONS[action]
    path = None if extra is None else {"mailboxId": mailbox_of(o2g, "A"), **extra}
    kwargs: dict[str, Any] = {"path": path} if body is None else {"path": path, "json": body}
    if op_id == DOWNLOAD:
        o2g.response = _download(o2g, "the administrator", path or {}, None)
    else:
        o2g.response = o2g.session("administrator").call(op_id, **kwargs)


# -- then ------------------------------------------------------------------------------------------------------------


@then(parsers.re(r"the answer lists the mailbox of user (?P<role>[A-Z]) with its capabilities$"))
def lists_mailbox(o2g: World, role: str) -> None:
    """Checks that the answer lists the mailbox of user {role} with its capabilities (via messaging.mailboxes.list)."""
    boxes = body_dict(o2g, "MailBoxes").get("mailboxes") or []
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
def lists_no_mailbox(o2g: World) -> None:
    """Checks that the answer lists no mailbox: a user without voice mail has no mailbox."""
    boxes = body_dict(o2g, "MailBoxes").get("mailboxes")
    if boxes:
        raise NonConformance("a user without voice mail has no mailbox", op_id=MAILBOXES, documented=[], received=boxes)


@then(
    parsers.re(
        r"the mailbox information in the answer (?:is consistent|counts (?P<n>\d+) messages?, (?P<new>\d+) new)$"
    )
)
def mailbox_info(o2g: World, n: str | None, new: str | None) -> None:
    """Checks that the mailbox information in the answer (is consistent|counts {n} message[s], {new} new)."""
    info = body_dict(o2g, "MailBoxInfo")
    total, fresh, usage = info.get("totalVoiceMsg"), info.get("newVoiceMsg"), info.get("storageUsage")
    wrong = [] if n is None or (total, fresh) == (int(n), int(new or 0)) else [f"expected {n} and {new} new"]
    if isinstance(total, int) and isinstance(fresh, int) and not 0 <= fresh <= total:
        wrong.append("newVoiceMsg is more than totalVoiceMsg")
    if isinstance(usage, int) and not -1 <= usage <= 100:
        wrong.append("storageUsage is a ratio from 0 to 100, or -1 (L9614-9617)")
    if wrong:
        raise NonConformance("MailBoxInfo (L9609-9617)", op_id=CONNECT, received=info, problems=wrong)


def _messages(o2g: World) -> list[dict[str, Any]]:
    return [m for m in body_dict(o2g, "Voicemails").get("voicemails") or [] if isinstance(m, dict)]


@then(parsers.re(r"the answer lists a new message from user (?P<sender>[A-Z]) of (?P<seconds>\d+) seconds$"))
def lists_new_message(o2g: World, sender: str, seconds: str) -> None:
    """Checks that the answer lists a new message from user {sender} of {seconds} seconds."""
    found = [m for m in _messages(o2g) if is_from(o2g, m, sender)]
    if not any(m.get("unread") is True and m.get("duration") == int(seconds) for m in found):
        raise NonConformance(
            "the message left, unread, with its sender and duration (Voicemail L9663-9689)",
            op_id=MESSAGES,
            documented=f"unread, from user {sender}, {seconds} s",
            received=_messages(o2g),
        )


@then(
    parsers.re(r"the answer lists exactly (?P<which>the message from user [A-Z](?: and the message from user [A-Z])?)$")
)
def lists_exactly(o2g: World, which: str) -> None:
    """Checks that the answer lists exactly {which}."""
    wanted = [part[-1] for part in which.split(" and ")]
    received = _messages(o2g)
    if len(received) != len(wanted) or not all(is_from(o2g, m, r) for m, r in zip(received, wanted, strict=False)):
        raise NonConformance(
            "newOnly, offset and limit select the messages, newest first (L9332-9339)",
            op_id=MESSAGES,
            documented=[f"from user {r}" for r in wanted],
            received=received,
        )


@then("the answer is 200 with a WAV file sent as an attachment")
def wav_file(o2g: World) -> None:
    """200 application/octet-stream, Content-Disposition: attachment; filename=...wav (L9493-9497): RIFF/WAVE."""
    response = last(o2g)
    check_status(DOWNLOAD, response.status, 200)
    check_body(DOWNLOAD, response.status, response.text, target_version(o2g))
    data: bytes = o2g.values.get("voicemail.file", b"")
    headers = {k.lower(): v for k, v in response.headers.items()}
    problems = [] if data[:4] == b"RIFF" and data[8:12] == b"WAVE" else [f"the file starts with {data[:12]!r}"]
    if not headers.get("content-type", "").startswith("application/octet-stream"):
        problems.append(f"Content-Type {headers.get('content-type')!r}")
    disposition = headers.get("content-disposition", "")
    if not disposition.startswith("attachment") or not disposition.rstrip('"').endswith(".wav"):
        problems.append(f"Content-Disposition {disposition!r}")
    if problems:
        raise NonConformance("the voicemail WAV file (L9206-9207, L9493-9497)", op_id=DOWNLOAD, problems=problems)


@then(parsers.re(r"the mailbox of user (?P<owner>[A-Z]) holds (?P<which>no message|the message from user [A-Z] only)$"))
def mailbox_holds(o2g: World, owner: str, which: str) -> None:
    """Checks that the mailbox of user {owner} holds {which}: the messages deleted are gone (L9349-9441).

    Reads messaging.mailboxes.list, messaging.voicemails.list.
    """
    received = messages_of(o2g, owner, owner)
    wanted = [] if which == "no message" else [which.split()[-2]]
    if len(received) != len(wanted) or not all(is_from(o2g, m, r) for m, r in zip(received, wanted, strict=False)):
        raise NonConformance(
            "the messages deleted are gone (L9349-9441)", op_id=DELETE, documented=which, received=received
        )
