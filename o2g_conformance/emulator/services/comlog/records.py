"""Communication log records: what a finished call leaves in the log of each user it concerned, and its views.

How a record is built from a telephony `CallReport` (rules of Participant, L8485-8520):
- Every user who took part gets a record; so does every user the call was taken from (forward, overflow,
  redirection, pick-up, voice mail), even when his set never rang.
- A user the call was taken from is not a participant of any record of that call: his own record holds
  the caller(s) and the last destination, which carries role CALLEE, its answered status, initialCalled
  and the reason (L8497-8507). The other records name the parties that remained.
- The owner's participant carries role CALLER or CALLEE, answered, and initialCalled when the call was
  rerouted; other participants carry neither role nor answered status (L8491-8495).
- A missed call is an incoming call the owner's side never answered; a call that ended in a voice
  mailbox was not answered by its owner (reason VOICEMAIL). Only missed calls start unacknowledged
  (ComHistoryRecord.acknowledged, L8189).
- Reason (L8610-8623): the reroute (FORWARDED, REDIRECTED, PICKUP, VOICEMAIL) when there was one, else
  TRANSFERRED for a transferred call (whose record also names the transferring user in transferredBy,
  2.7.4, L8196), NORMAL for an answered call, BUSY for a call that met a busy set or do not
  disturb, ABANDONED otherwise.
  The prose spells PICKED_UP and VOICEMAILDEPOSIT (L8599-8607); the value table's PICKUP and VOICEMAIL win.
- Field names are the representation's (comRef, acknowledged; L8187-8199), not the example's comref,
  acknowledge, archived, attachments (L7914-7971). Role is CALLER or CALLEE: the "masterconf" of the
  Participant text (L8523) is not a Role value (L8624-8629). Identities carry loginName and phoneNumber,
  what the comlog Identifier has (L8321-8325), not the email and IM ids the Participant text names (L8516).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ...core.sessions import iso
from ..telephony.entities import Endpoint, presence_key
from ..telephony.hooks import CallReport, PartyReport

Identity = Callable[[Endpoint], dict[str, Any]]


@dataclass
class Entry:
    """A participant of a record."""

    key: str
    identity: dict[str, Any]
    anonymous: bool = False
    owner: bool = False  # the record owner's own participant
    role: str | None = None
    answered: bool | None = None
    initial_called: dict[str, Any] | None = None
    reason: str | None = None

    def view(self, identity: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.role is not None:
            out["role"] = self.role
        if self.answered is not None:
            out["answered"] = self.answered
        out["identity"] = identity
        out["anonymous"] = self.anonymous
        if self.initial_called is not None:
            out["initialCalled"] = self.initial_called
        if self.reason is not None:
            out["reason"] = self.reason
        return out


@dataclass
class Record:
    """One ComHistoryRecord of one user."""

    id: int
    owner: str
    ref: str
    role: str  # the owner's side: CALLER | CALLEE
    answered: bool
    begin: float
    conv: float | None
    end: float | None
    entries: list[Entry] = field(default_factory=list)
    acknowledged: bool = True
    associated_data: str | None = None
    transferred_by: str | None = None

    @property
    def missed(self) -> bool:
        return self.role == "CALLEE" and not self.answered

    def remote_keys(self) -> set[str]:
        return {e.key for e in self.entries if not e.owner and e.key != self.owner}

    def remote_ids(self) -> set[str]:
        """Login names and phone numbers of the other participants (remotePartyId)."""
        out: set[str] = set()
        for e in self.entries:
            if e.owner or e.key == self.owner:
                continue
            ident = e.identity.get("id", {})
            out.update(str(v) for k, v in ident.items() if k in ("loginName", "phoneNumber"))
        return out

    def view(self, *, event: bool = False, seen: set[str] | None = None) -> dict[str, Any]:
        """ComHistoryRecord (L8184-8249).

        In events the owner is identified by his loginName only (L8515); with `seen` (optimized=true) a
        participant met before is identified by its phone number only (L8517-8520).
        """
        participants = []
        for e in self.entries:
            identity = e.identity
            if event and e.owner:
                identity = {"id": {"loginName": self.owner}}
            elif seen is not None:
                if e.key in seen:
                    ident = e.identity.get("id", {})
                    short = {"phoneNumber": ident["phoneNumber"]} if "phoneNumber" in ident else dict(ident)
                    identity = {"id": short}
                seen.add(e.key)
            participants.append(e.view(identity))
        out: dict[str, Any] = {"recordId": self.id, "comRef": self.ref, "acknowledged": self.acknowledged}
        out["participants"] = participants
        out["beginDate"] = iso(self.begin)
        if self.end is not None:
            out["endDate"] = iso(self.end)
        if self.conv is not None:
            out["convDate"] = iso(self.conv)
        if self.transferred_by is not None:
            out["transferredBy"] = self.transferred_by
        if self.associated_data is not None:
            out["associatedData"] = self.associated_data
        out["medias"] = ["AUDIO"]
        return out


@dataclass(frozen=True)
class Draft:
    """A record about to be created (or to update the one created when a party first left)."""

    owner: str
    role: str
    answered: bool
    begin: float
    conv: float | None
    end: float | None
    entries: list[Entry]
    associated_data: str | None
    transferred_by: str | None = None


def _reason(report: CallReport, answered: bool) -> str:
    if report.reroutes:
        return report.reroutes[-1].reason
    if report.transferred_by is not None:
        return "TRANSFERRED"
    if answered:
        return "NORMAL"
    if report.failure in ("BUSY", "DO_NOT_DISTURB"):
        return "BUSY"
    return "ABANDONED"


def drafts(report: CallReport, identity: Identity) -> list[Draft]:
    """The record of every user concerned by the reported call."""
    victims = report.victims()
    initial = identity(report.initial_called) if report.reroutes and report.initial_called else None
    staying = [p for p in report.parties if p.key not in victims]
    owners = list(dict.fromkeys([*(p.login for p in report.parties if p.login), *(r.victim for r in report.reroutes)]))
    out = []
    for owner in owners:
        own = report.party(owner)
        if owner in victims:
            out.append(_victim_draft(report, owner, own, staying, identity, initial))
            continue
        assert own is not None
        answered = own.conv is not None
        entries = []
        for p in staying:
            entry = Entry(p.key, identity(p.endpoint), p.anonymous)
            if p.key == owner:
                entry.owner, entry.role, entry.answered = True, own.role, answered
                entry.initial_called = initial
                entry.reason = _reason(report, answered)
            entries.append(entry)
        end = own.end if own.end is not None or not report.final else report.at
        out.append(
            Draft(
                owner,
                own.role,
                answered,
                own.begin,
                own.conv,
                end,
                entries,
                report.associated_data,
                report.transferred_by,
            )
        )
    return out


def _victim_draft(
    report: CallReport,
    owner: str,
    own: PartyReport | None,
    staying: list[PartyReport],
    identity: Identity,
    initial: dict[str, Any] | None,
) -> Draft:
    """The record of a user the call was taken from: the last destination speaks for his side (L8497-8507)."""
    reroute = next(r for r in reversed(report.reroutes) if r.victim == owner)
    dest = report.destination
    dest_key = presence_key(dest) if dest is not None else None
    dest_party = report.party(dest_key) if dest_key is not None else None
    # A voice mail recording the caller is not the user answering.
    answered = bool(dest_party and dest_party.conv is not None and dest_party.endpoint.kind != "service")
    entries = []
    for p in staying:
        entry = Entry(p.key, identity(p.endpoint), p.anonymous)
        if p.key == dest_key:
            entry.role, entry.answered, entry.initial_called, entry.reason = "CALLEE", answered, initial, reroute.reason
        entries.append(entry)
    if dest is not None and dest_key is not None and dest_party is None:  # the destination failed (busy...)
        entries.append(Entry(dest_key, identity(dest), False, False, "CALLEE", False, initial, reroute.reason))
    begin = own.begin if own is not None else reroute.at
    end = report.at if report.final else None
    return Draft(owner, "CALLEE", answered, begin, None, end, entries, report.associated_data, report.transferred_by)
