"""Voicemail backend: mailboxes of the users with voice mail, messages deposited by calls, one method per operation.

Readings chosen where the reference is silent or disagrees with itself:
- Mailboxes: a user with `voicemail: true` in the topology has one 4645 mailbox, id
  `<companyPhone>-<nodeId>-MAILBOX` and name "Embedded", with the example's capabilities (L9254-9262);
  the others have none (an empty list).
- Connecting (L9266-9320) is "the mandatory step to access all voice mail feature" (L9267): listing,
  deleting and downloading without it is NOT_EXPECTED (the user's state), answered 400 as these
  operations list no 409; listing states no such precondition (L9322-9347) but the presentation's rule
  applies to it too. A connection belongs to the session and ends with it. With `withUserPwd` the answer
  is the same MailBoxInfo as with a password (the example shows none, L9318-9320).
- Passwords: the OXE administrator makes the mailbox password match the user's (L9287-9289), so the
  mailbox password is the user's current password; `?withUserPwd` (no value, L9287) uses it without a
  body. A wrong password is a bad credential, NOT_ALLOWED 403 (error table L315); no password and no
  withUserPwd is BAD_PARAMETER. Another user's mailbox is NOT_ALLOWED.
- Deposits: a call diverted to a user's mailbox (routing forward or overflow, redirect or
  overflowToVoiceMail) leaves a message when it ends; its duration is the time the caller spent there.
- Downloading a message marks it read, as the vendor's Node SDK reads a message with this GET; the
  counters change (OnEventSummaryUpdated). Deleting sends OnEventSummaryUpdated "if successful"
  (L9370, L9419), whether or not a counter changed; unknown ids are "by nature non-existent" (L9371).
- msgIds is comma separated (L9382-9383); ';' (the Node SDK's separator) is accepted too. Paging follows
  this section's convention, limit -1 = no limit (L9337), not the comlog's 0 (L7879).
- Download errors, whose rows give no media type (L9486-9491), are RestErrorInfo JSON like every error.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...core import errors
from ...core.registry import Backend, state
from ...core.sessions import Session, SessionStore, iso
from ..telephony import views
from ..telephony.hooks import CallReport, PartyReport
from ..telephony.models import TelephonyState
from . import wav

CAPABILITIES = {
    "listMessages": True,
    "getMessages": True,
    "getRecord": True,
    "play": False,
    "pause": False,
    "hangup": False,
    "record": False,
    "resume": True,
    "cancel": False,
    "forward": False,
    "callback": False,
    "send": True,
    "events": True,
}
FIRST_MESSAGE_ID = 19458  # the example's id (L9411)


@dataclass
class Message:
    """A voice message in a mailbox."""

    id: str
    sender: dict[str, Any]
    duration: int
    date: float
    unread: bool = True
    high_priority: bool = False

    def view(self) -> dict[str, Any]:
        """Voicemail (L9663-9689)."""
        return {
            "voicemailId": self.id,
            "from": self.sender,
            "duration": self.duration,
            "date": iso(self.date),
            "unread": self.unread,
            "highPriority": self.high_priority,
        }


@state
class MessagingService:
    """Messages of every mailbox and the sessions connected to them; rebuilt empty on reset."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self._messages: dict[str, list[Message]] = {}
        self._connected: set[tuple[str, str]] = set()  # (session id, mailbox id)
        self._ids = itertools.count(FIRST_MESSAGE_ID)
        #: Told (login, announce) when a mailbox changed; `announce`: send the counters even if unchanged.
        self.on_change: list[Callable[[str, bool], None]] = []

    def start(self) -> None:
        self.backend.state(TelephonyState).hooks.call_listeners.append(self.call_reported)
        self.backend.state(SessionStore).on_close.append(self._session_closed)

    def _session_closed(self, session: Session) -> None:
        self._connected = {c for c in self._connected if c[0] != session.id}

    # -- mailboxes --------------------------------------------------------------------------------------
    def mailbox_of(self, login: str) -> str | None:
        user = self.backend.user(login)
        if user is None or not user.voicemail:
            return None
        node = self.backend.topology.node_of(login)
        return f"{user.companyPhone}-{node.id if node else 0}-MAILBOX"

    def unread_count(self, login: str) -> int | None:
        """Unread messages (EventSummary.voiceMessagesNb); None for a user without a mailbox."""
        if self.mailbox_of(login) is None:
            return None
        return sum(1 for m in self._messages.get(login, []) if m.unread)

    def mailboxes(self, login: str) -> dict[str, Any]:
        box = self.mailbox_of(login)
        if box is None:
            return {"mailboxes": []}
        return {"mailboxes": [{"id": box, "name": "Embedded", "capabilities": dict(CAPABILITIES)}]}

    def _own_box(self, login: str, mailbox_id: str) -> None:
        if mailbox_id == self.mailbox_of(login):
            return
        if any(mailbox_id == self.mailbox_of(u.login) for u in self.backend.users()):
            raise errors.not_allowed(f"mailbox {mailbox_id} is not a mailbox of {login}")
        raise errors.not_found(f"no mailbox {mailbox_id!r} for {login}")

    def _require_connected(self, session: Session, login: str, mailbox_id: str) -> list[Message]:
        self._own_box(login, mailbox_id)
        if (session.id, mailbox_id) not in self._connected:
            raise errors.not_expected(
                f"connect to mailbox {mailbox_id} first: POST /messaging/mailboxes/{mailbox_id} (L9267, L9368)"
            )
        return self._messages.setdefault(login, [])

    # -- messaging.mailbox.connect ---------------------------------------------------------------------
    def connect(
        self, session: Session, login: str, mailbox_id: str, password: str | None, with_user_pwd: bool
    ) -> dict[str, Any]:
        self._own_box(login, mailbox_id)
        if not with_user_pwd:
            if password is None:
                raise errors.bad_parameter("a ConnectRequest body with the password, or ?withUserPwd, is required")
            if password != self._password(login):
                raise errors.not_allowed(f"wrong password for mailbox {mailbox_id}")
        self._connected.add((session.id, mailbox_id))
        box = self._messages.get(login, [])
        return {"totalVoiceMsg": len(box), "newVoiceMsg": sum(1 for m in box if m.unread), "storageUsage": -1}

    def _password(self, login: str) -> str | None:
        store = self.backend.state(SessionStore)
        changed = next((p for lookup in store.password_lookups if (p := lookup(login)) is not None), None)
        user = self.backend.user(login)
        return changed or (user.secretCode if user else None)

    # -- messaging.voicemails.list ---------------------------------------------------------------------
    def voicemails(
        self, session: Session, login: str, mailbox_id: str, offset: int, limit: int, new_only: bool
    ) -> dict[str, Any]:
        box = self._require_connected(session, login, mailbox_id)
        found = [m for m in reversed(box) if m.unread or not new_only]  # newest first
        page = found[offset:] if limit < 0 else found[offset : offset + limit]
        return {"voicemails": [m.view() for m in page]}

    # -- messaging.voicemails.delete / voicemail.delete -------------------------------------------------
    def delete(self, session: Session, login: str, mailbox_id: str, ids: list[str] | None) -> None:
        box = self._require_connected(session, login, mailbox_id)
        wanted = None if ids is None else set(ids)
        self._messages[login] = [m for m in box if wanted is not None and m.id not in wanted]
        self._changed(login, announce=True)

    # -- messaging.voicemail.download ------------------------------------------------------------------
    def download(self, session: Session, login: str, mailbox_id: str, voicemail_id: str) -> tuple[str, bytes]:
        box = self._require_connected(session, login, mailbox_id)
        found = next((m for m in box if m.id == voicemail_id), None)
        if found is None:
            raise errors.not_found(f"no voice message {voicemail_id} in mailbox {mailbox_id}")
        if found.unread:
            found.unread = False
            self._changed(login, announce=False)
        return f"voicefile{found.id}.wav", wav.tone(found.duration)

    # -- deposits ---------------------------------------------------------------------------------------
    def call_reported(self, report: CallReport) -> None:
        """A finished call that was diverted to a mailbox leaves a message there."""
        if not report.final:
            return
        for deposit in report.deposits():
            owner = deposit.endpoint.login
            if owner is None or self.mailbox_of(owner) is None:
                continue
            sender = self._sender(report, deposit)
            seconds = round((deposit.end if deposit.end is not None else report.at) - deposit.begin)
            message = Message(str(next(self._ids)), sender, seconds, deposit.begin)
            self._messages.setdefault(owner, []).append(message)
            self._changed(owner, announce=False)

    def _sender(self, report: CallReport, deposit: PartyReport) -> dict[str, Any]:
        """PartyInfo of the voicemail section (L9655-9662): its Identifier adds companyEmail (L9543-9549)."""
        caller = next((p for p in report.parties if p.role == "CALLER"), None)
        if caller is None:
            caller = next((p for p in report.parties if p is not deposit), None)
        if caller is None or caller.anonymous:
            return {"id": {}, "displayName": "Anonymous"}
        user = self.backend.user(caller.login) if caller.login else None
        if user is not None:
            ident: dict[str, Any] = {"loginName": user.login, "phoneNumber": user.companyPhone}
            if user.email:
                ident["companyEmail"] = user.email
            return {"id": ident, "firstName": user.firstName, "lastName": user.lastName}
        info = views.party_info(self.backend.state(TelephonyState), caller.endpoint)
        return {k: v for k, v in info.items() if k != "type"}

    def _changed(self, login: str, *, announce: bool) -> None:
        for listener in list(self.on_change):
            listener(login, announce)


def parse_ids(raw: str | None) -> list[str] | None:
    """msgIds: comma (or ';') separated voicemail ids; absent = every message (L9382-9383)."""
    if raw is None:
        return None
    return [p.strip() for p in re.split(r"[,;]", raw) if p.strip()]
