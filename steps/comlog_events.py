"""Steps checking a communication log read back and its events: ack state, deletions, re-routed calls (L7781-8643)."""

from __future__ import annotations

import contextlib
from typing import Any

from o2g_conformance.checks import NonConformance, check_event
from o2g_conformance.client import ApiResponse, EventTimeout
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import Actor, Role, then

from .comlog import ACK, DELETE, LIST, RECORD, ComlogNotes, find_record, participant, records_of, require_record
from .common import target_version
from .events import log_of

# -- then: the log read back -------------------------------------------------------------------------------------------


@then("the record of " + RECORD + " is (?P<state>acknowledged|unacknowledged)")
def record_state(o2g: World, owner: Role | None, kind: str, way: str, other: Role, state: str) -> None:
    """Checks ComHistoryRecord.acknowledged of the call's record, read with comlog.records.list (L8189)."""
    if owner is None:
        raise AssertionError("harness error: name the owner of the record (`user A's missed call ...`)")
    record = find_record(o2g, records_of(o2g, owner), owner, kind, way, other)
    if record is None or record.get("acknowledged") is not (state == "acknowledged"):
        raise NonConformance("ComHistoryRecord.acknowledged (L8189)", op_id=ACK, documented=state, received=record)


@then(
    "the log of user {owner:role} (?P<how>no longer|still) holds its (?P<kind>missed|answered) call "
    "(?P<way>from|to) user {other:role}"
)
def log_holds(o2g: World, answer: ApiResponse, owner: Role, how: str, kind: str, way: str, other: Role) -> None:
    """Checks that the log of user {owner}, read with comlog.records.list, (no longer|still) holds the call's record."""
    found = find_record(o2g, records_of(o2g, owner), owner, kind, way, other)
    if (found is None) != (how == "no longer"):
        raise NonConformance(f"the log {how} holds the record", op_id=answer.op_id, documented=how, received=found)


@then("the log of user {owner:role} no longer holds the records? deleted")
def log_without_deleted(o2g: World, answer: ApiResponse, comlog_notes: ComlogNotes, owner: Role) -> None:
    """Checks that the log of user {owner} no longer holds the record[s] deleted (via comlog.records.list)."""
    deleted = set(comlog_notes.deleted())
    found = [r for r in records_of(o2g, owner) if r.get("recordId") in deleted]
    if found:
        raise NonConformance("a deleted record is gone (L8008-8010, L8148)", op_id=answer.op_id, received=found)


@then("the log of user {owner:role} is empty")
def log_empty(o2g: World, owner: Role) -> None:
    """Checks that the log of user {owner} is empty: every record is deleted (L8008-8010) (via comlog.records.list)."""
    found = records_of(o2g, owner)
    if found:
        raise NonConformance("every record is deleted (L8008-8010)", op_id=DELETE, documented=[], received=found)


@then(
    "the communication log of user {owner:role} shows (?:its call to user {to:role} forwarded to user "
    "{dest:role}|the call from user {caller:role} forwarded (?P<how>to|by) user {x:role}), answered"
)
def shows_forwarded(
    o2g: World,
    owner: Role,
    to: Role | None,
    dest: Role | None,
    caller: Role | None,
    how: str | None,
    x: Role | None,
) -> None:
    """A re-routed call: the user it was taken from is no participant; the one who speaks for the called side
    carries role, answered and initialCalled; the forwarding user's own record gives the reason (L8497-8507)."""
    forwarder: str
    target: str
    speaker: str
    if to is not None:
        caller, forwarder, target, speaker = owner, to, str(dest), owner
    elif how == "to":
        forwarder, target, speaker = owner, str(x), str(x)
    else:
        forwarder, target, speaker = str(x), owner, owner
    assert caller is not None
    found = [
        r
        for r in records_of(o2g, owner)
        if participant(o2g, r, caller)
        and participant(o2g, r, target)
        and (participant(o2g, r, speaker) or {}).get("role")
    ]
    record = max(found, key=lambda r: int(r.get("recordId") or 0)) if found else {}
    own = participant(o2g, record, speaker) or {}
    initial = ((own.get("initialCalled") or {}).get("id") or {}).get("loginName")
    problems = [] if found else [f"no record with user {caller} and user {target}"]
    if participant(o2g, record, forwarder):
        problems.append(f"user {forwarder}, who forwarded, is a participant")
    if (own.get("role"), own.get("answered")) != ("CALLER" if speaker == caller else "CALLEE", True):
        problems.append(f"user {speaker}: role and answered {own.get('role')!r}, {own.get('answered')!r}")
    if initial != o2g.account(forwarder).login:
        problems.append(f"initialCalled names {initial!r}, not user {forwarder}")
    if owner == forwarder and own.get("reason") != "FORWARDED":
        problems.append(f"reason {own.get('reason')!r}, not FORWARDED (L8617)")
    if problems:
        raise NonConformance(
            f"the record of a forwarded call in the log of user {owner}",
            op_id=LIST,
            line=8497,
            received=record,
            problems=problems,
        )


# -- then: events --------------------------------------------------------------------------------------------------


def _event(o2g: World, actor: Actor, name: str) -> dict[str, Any]:
    """The actor's next event of that name about itself (loginName), checked against the reference."""
    login = o2g.account(actor).login
    event = log_of(o2g, actor).wait_for(name, where={"loginName": login}, timeout=o2g.settings.event_timeout)
    check_event(event, target_version(o2g))
    return event


@then(
    "{actor} receives the new record of its (?P<kind>missed|answered|unanswered) call"
    " (?P<way>from|to) user {other:role}"
)
def receives_record(o2g: World, actor: Actor, kind: str, way: str, other: Role) -> None:
    """In events the owner is identified by its loginName only (L8514-8515). A full log (100 records, L7789)
    drops its oldest record: that OnComRecordsDeleted, if any, is taken too."""
    record = _event(o2g, actor, "OnComRecordCreated").get("record")
    require_record(o2g, [record] if isinstance(record, dict) else [], actor, kind, way, other, op_id=None)
    login = o2g.account(actor).login
    with contextlib.suppress(EventTimeout):
        check_event(
            log_of(o2g, actor).wait_for("OnComRecordsDeleted", where={"loginName": login}, timeout=0.1),
            target_version(o2g),
        )


@then("{actor} receives the new record of its conference with users {a:role} and {b:role}, not yet ended")
def receives_conference(o2g: World, comlog_notes: ComlogNotes, actor: Actor, a: Role, b: Role) -> None:
    """A first participant leaving initializes a record on all the participants (L7794-7795)."""
    record = _event(o2g, actor, "OnComRecordCreated").get("record") or {}
    comlog_notes.record_id = record.get("recordId")
    missing = [r for r in (a, b) if participant(o2g, record, r) is None]
    if missing or "endDate" in record:
        raise NonConformance(
            "the record of a conference in progress (L7794-7795)",
            documented=f"users {a} and {b}, no endDate yet",
            received=record,
        )


@then("{actor} receives that record completed with its end date")
def receives_completed(o2g: World, comlog_notes: ComlogNotes, actor: Actor) -> None:
    """Updated on the last participants when the call is completely released (L7795-7796)."""
    record = _event(o2g, actor, "OnComRecordModified").get("record") or {}
    if record.get("recordId") != comlog_notes.record_id or not record.get("endDate"):
        raise NonConformance(
            "OnComRecordModified completes the record created (L7795-7796, L8400-8409)",
            documented=f"recordId {comlog_notes.record_id} with its endDate",
            received=record,
        )


@then("{actor} receives that its missed call from user {other:role} was (?P<state>acknowledged|unacknowledged)")
def receives_ack(o2g: World, comlog_notes: ComlogNotes, actor: Actor, other: Role, state: str) -> None:
    """Checks the actor's OnComRecordsAck / OnComRecordsUnAck names the record acknowledged (L8478-8484)."""
    name = "OnComRecordsAck" if state == "acknowledged" else "OnComRecordsUnAck"
    ids = _event(o2g, actor, name).get("recordIds") or []
    if comlog_notes.record_id not in ids:
        raise NonConformance(f"{name}.recordIds (L8478-8484)", documented=comlog_notes.record_id, received=ids)


@then("{actor} receives that (?P<what>its records? of .+ (?:was|were) deleted|all its records were deleted)")
def receives_deleted(o2g: World, comlog_notes: ComlogNotes, actor: Actor, what: str) -> None:
    """recordIds lists the records destroyed; absent, it means all the user's records (L8470-8477)."""
    ids = _event(o2g, actor, "OnComRecordsDeleted").get("recordIds")
    wanted = comlog_notes.deleted()
    if what.startswith("all") and ids is None:
        return
    if sorted(ids or []) != sorted(wanted):
        raise NonConformance("OnComRecordsDeleted.recordIds (L8470-8477)", documented=wanted, received=ids)
