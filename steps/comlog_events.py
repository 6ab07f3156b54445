"""Steps checking a communication log read back and its events: ack state, deletions, re-routed calls (L7781-8643)."""

from __future__ import annotations

import contextlib
from typing import Any

from pytest_bdd import parsers

from o2g_conformance.checks import NonConformance, check_event
from o2g_conformance.client import EventTimeout
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import then

from .comlog import ACK, DELETE, LIST, RECORD, find_record, participant, records_of, require_record
from .common import ACTOR, actor_name, last, target_version
from .events import log_of

# -- then: the log read back -------------------------------------------------------------------------------------------


@then(parsers.re(r"the record of " + RECORD + r" is (?P<state>acknowledged|unacknowledged)$"))
def record_state(o2g: World, owner: str, kind: str, way: str, other: str, state: str) -> None:
    """Checks that the record of the call described is acknowledged or not, as the phrase says.

    Reads comlog.records.list.
    """
    record = find_record(o2g, records_of(o2g, owner), owner, kind, way, other)
    if record is None or record.get("acknowledged") is not (state == "acknowledged"):
        raise NonConformance("ComHistoryRecord.acknowledged (L8189)", op_id=ACK, documented=state, received=record)


@then(
    parsers.re(
        r"the log of user (?P<owner>[A-Z]) (?P<how>no longer|still) holds its (?P<kind>missed|answered) call "
        r"(?P<way>from|to) user (?P<other>[A-Z])$"
    )
)
def log_holds(o2g: World, owner: str, how: str, kind: str, way: str, other: str) -> None:
    """Checks that the log of user {owner} (no longer|still) holds its (missed|answered) call (from|to) user {other}.

    Reads comlog.records.list.
    """
    found = find_record(o2g, records_of(o2g, owner), owner, kind, way, other)
    if (found is None) != (how == "no longer"):
        raise NonConformance(f"the log {how} holds the record", op_id=last(o2g).op_id, documented=how, received=found)


@then(parsers.re(r"the log of user (?P<owner>[A-Z]) no longer holds the records? deleted$"))
def log_without_deleted(o2g: World, owner: str) -> None:
    """Checks that the log of user {owner} no longer holds the record[s] deleted (via comlog.records.list)."""
    deleted = set(o2g.values.get("comlog.ids") or [o2g.values.get("comlog.id")])
    found = [r for r in records_of(o2g, owner) if r.get("recordId") in deleted]
    if found:
        raise NonConformance("a deleted record is gone (L8008-8010, L8148)", op_id=last(o2g).op_id, received=found)


@then(parsers.re(r"the log of user (?P<owner>[A-Z]) is empty$"))
def log_empty(o2g: World, owner: str) -> None:
    """Checks that the log of user {owner} is empty: every record is deleted (L8008-8010) (via comlog.records.list)."""
    found = records_of(o2g, owner)
    if found:
        raise NonConformance("every record is deleted (L8008-8010)", op_id=DELETE, documented=[], received=found)


@then(
    parsers.re(
        r"the communication log of user (?P<owner>[A-Z]) shows (?:its call to user (?P<to>[A-Z]) forwarded to user "
        r"(?P<dest>[A-Z])|the call from user (?P<caller>[A-Z]) forwarded (?P<how>to|by) user (?P<x>[A-Z])), answered$"
    )
)
def shows_forwarded(
    o2g: World, owner: str, to: str | None, dest: str | None, caller: str | None, how: str | None, x: str | None
) -> None:
    """A re-routed call: the user it was taken from is no participant; the one who speaks for the called side
    carries role, answered and initialCalled; the forwarding user's own record gives the reason (L8497-8507)."""
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


def _event(o2g: World, actor: str, name: str) -> dict[str, Any]:
    login = o2g.account(actor_name(actor)).login
    event = log_of(o2g, actor).wait_for(name, where={"loginName": login}, timeout=o2g.settings.event_timeout)
    check_event(event, target_version(o2g))
    return event


@then(
    parsers.re(
        ACTOR + r" receives the new record of its (?P<kind>missed|answered|unanswered) call"
        r" (?P<way>from|to) user (?P<other>[A-Z])$"
    )
)
def receives_record(o2g: World, actor: str, kind: str, way: str, other: str) -> None:
    """In events the owner is identified by its loginName only (L8514-8515). A full log (100 records, L7789)
    drops its oldest record: that OnComRecordsDeleted, if any, is taken too."""
    record = _event(o2g, actor, "OnComRecordCreated").get("record")
    require_record(o2g, [record] if isinstance(record, dict) else [], actor_name(actor), kind, way, other, op_id=None)
    login = o2g.account(actor_name(actor)).login
    with contextlib.suppress(EventTimeout):
        check_event(
            log_of(o2g, actor).wait_for("OnComRecordsDeleted", where={"loginName": login}, timeout=0.1),
            target_version(o2g),
        )


@then(
    parsers.re(
        ACTOR + r" receives the new record of its conference with users (?P<a>[A-Z]) and (?P<b>[A-Z]), not yet ended$"
    )
)
def receives_conference(o2g: World, actor: str, a: str, b: str) -> None:
    """A first participant leaving initializes a record on all the participants (L7794-7795)."""
    record = _event(o2g, actor, "OnComRecordCreated").get("record") or {}
    o2g.values["comlog.id"] = record.get("recordId")
    missing = [r for r in (a, b) if participant(o2g, record, r) is None]
    if missing or "endDate" in record:
        raise NonConformance(
            "the record of a conference in progress (L7794-7795)",
            documented=f"users {a} and {b}, no endDate yet",
            received=record,
        )


@then(parsers.re(ACTOR + r" receives that record completed with its end date$"))
def receives_completed(o2g: World, actor: str) -> None:
    """Updated on the last participants when the call is completely released (L7795-7796)."""
    record = _event(o2g, actor, "OnComRecordModified").get("record") or {}
    if record.get("recordId") != o2g.values.get("comlog.id") or not record.get("endDate"):
        raise NonConformance(
            "OnComRecordModified completes the record created (L7795-7796, L8400-8409)",
            documented=f"recordId {o2g.values.get('comlog.id')} with its endDate",
            received=record,
        )


@then(
    parsers.re(
        ACTOR + r" receives that its missed call from user (?P<other>[A-Z]) was (?P<state>acknowledged|unacknowledged)$"
    )
)
def receives_ack(o2g: World, actor: str, other: str, state: str) -> None:
    """Checks that {actor} receives that its missed call from user {other} was (acknowledged|unacknowledged)."""
    name = "OnComRecordsAck" if state == "acknowledged" else "OnComRecordsUnAck"
    ids = _event(o2g, actor, name).get("recordIds") or []
    if o2g.values.get("comlog.id") not in ids:
        raise NonConformance(f"{name}.recordIds (L8478-8484)", documented=o2g.values.get("comlog.id"), received=ids)


@then(
    parsers.re(
        ACTOR + r" receives that (?P<what>its records? of .+ (?:was|were) deleted|all its records were deleted)$"
    )
)
def receives_deleted(o2g: World, actor: str, what: str) -> None:
    """recordIds lists the records destroyed; absent, it means all the user's records (L8470-8477)."""
    ids = _event(o2g, actor, "OnComRecordsDeleted").get("recordIds")
    wanted = o2g.values.get("comlog.ids") or [o2g.values.get("comlog.id")]
    if what.startswith("all") and ids is None:
        return
    if sorted(ids or []) != sorted(wanted):
        raise NonConformance("OnComRecordsDeleted.recordIds (L8470-8477)", documented=wanted, received=ids)
