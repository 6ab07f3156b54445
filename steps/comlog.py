"""Steps of the Communication log: records of calls, search, acknowledgement, deletion and events (L7781-8643)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from o2g_conformance.checks import NonConformance
from o2g_conformance.client import UNSET, ApiResponse
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import Actor, Role, given, then, when

from .common import answer_object
from .telephony import device_of, forget, known_ref, leg_device, party, ref_from_location, ref_of, require
from .users import UNKNOWN_LOGIN

LIST, IDS, GET, DELETE = (
    "comlog.records.list",
    "comlog.records.recordids.get",
    "comlog.record.get",
    "comlog.records.delete",
)
DELETE_ONE, ACK = "comlog.record.delete", "comlog.records.acknowledge"
#: A record id no log holds (the value is the point).
UNKNOWN_RECORD = "987654321"
#: `its missed call from user B`, `user A's answered call to user C` (a phrase fragment: owner, kind, way, other).
RECORD = "(?:its|user {owner:role}'s) (?P<kind>missed|answered|unanswered) call (?P<way>from|to) user {other:role}"
#: `the missed call of user A from user B` (a phrase fragment: kind, owner, way, other).
CALL = "(?:the|a) (?P<kind>missed|answered|unanswered) call of user {owner:role} (?P<way>from|to) user {other:role}"


@dataclass
class ComlogNotes:
    """The records a scenario's request was about, for the Then steps that look for them afterwards."""

    #: The record read, deleted or acknowledged (or created, as an event told).
    record_id: Any = None
    #: The records deleted at once (None: none were).
    record_ids: list[int] | None = None

    def deleted(self) -> list[Any]:
        """The records deleted: those deleted at once, else the one record."""
        return list(self.record_ids or [self.record_id])


@pytest.fixture
def comlog_notes() -> ComlogNotes:
    """The communication log steps' notes of the scenario (empty at its start)."""
    return ComlogNotes()


# -- calls that leave records --------------------------------------------------------------------------------------


def call_between(o2g: World, caller: str, callee: str, *, answered: bool) -> None:
    """`caller` calls `callee`, who answers or not; then `caller` hangs up (set-up requests, not the answer)."""
    body = {"deviceId": device_of(o2g, caller), "callee": o2g.account(callee).number, "autoAnswer": True}
    made = require(o2g.aside(caller, "telephony.calls.make", json=body), f"call from user {caller}")
    ref = ref_from_location(made)
    if ref is None:
        raise AssertionError(f"the call of user {caller} to user {callee} has no Location")
    if answered:
        leg = ref_of(o2g, callee, [party(o2g, f"user {caller}")])
        taken = o2g.aside(
            callee, "telephony.calls.answer", path={"callRef": leg}, json={"deviceId": leg_device(o2g, callee, leg)}
        )
        require(taken, f"answer the call of user {caller} at user {callee}")
    released = o2g.aside(caller, "telephony.calls.release", path={"callRef": ref})
    require(released, f"hang up the call of user {caller}")
    forget(o2g, caller, ref)
    stale = known_ref(o2g, callee, [party(o2g, f"user {caller}")])
    if stale is not None:
        forget(o2g, callee, stale)


@given("user {owner:role} has missed a call from user {other:role}")
def has_missed(o2g: World, owner: Role, other: Role) -> None:
    """Precondition: user {other} calls user {owner}, who does not answer, then hangs up.

    Set up with telephony.calls.make, telephony.calls.release.
    """
    call_between(o2g, other, owner, answered=False)


@given("user {owner:role} has talked with user {other:role}")
def has_talked(o2g: World, owner: Role, other: Role) -> None:
    """Precondition: user {owner} has talked with user {other} (telephony.calls.make, answer, release)."""
    call_between(o2g, owner, other, answered=True)


# -- records -------------------------------------------------------------------------------------------------------


def records_of(o2g: World, role: str, query: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The records of a user, read by its own session (not the scenario's answer)."""
    response = o2g.aside(role, LIST, query=query)
    if response.status != 200 or not isinstance(response.json, dict):
        raise AssertionError(f"listing the records of user {role} failed: {response.status} {response.text[:200]}")
    return [r for r in response.json.get("comHistoryRecords") or [] if isinstance(r, dict)]


def participant(o2g: World, record: dict[str, Any], role: str) -> dict[str, Any] | None:
    """The participant of a record that is the user: by loginName, else by company phone (Identifier L8321-8325)."""
    account = o2g.account(role)
    for p in record.get("participants") or []:
        ident = (p.get("identity") or {}).get("id") or {} if isinstance(p, dict) else {}
        if ident.get("loginName") == account.login or (
            account.company_phone and ident.get("phoneNumber") == account.number
        ):
            return dict(p)
    return None


def _selects(o2g: World, record: dict[str, Any], owner: str, kind: str, direction: str, other: str) -> bool:
    own = participant(o2g, record, owner)
    role = "CALLEE" if direction == "from" else "CALLER"
    answered = kind == "answered"
    return bool(own and own.get("role") == role and own.get("answered") is answered and participant(o2g, record, other))


def record_problems(o2g: World, record: dict[str, Any], other: str, kind: str) -> list[str]:
    """What a record of an ended call breaks: the other party carries neither role nor state (L8491-8495); only
    a missed call is unacknowledged (L8189); convDate tells the answer, endDate the end (L8192-8195)."""
    problems = []
    theirs = participant(o2g, record, other) or {}
    if "role" in theirs or "answered" in theirs:
        problems.append(f"the participant user {other} carries a role or an answered status: {theirs}")
    if (record.get("acknowledged") is False) != (kind == "missed"):
        problems.append(f"acknowledged {record.get('acknowledged')!r}: only a missed call is left unacknowledged")
    if ("convDate" in record) != (kind == "answered"):
        problems.append(f"convDate {record.get('convDate')!r}: only an answered call has a conversation date")
    if not record.get("endDate"):
        problems.append("no endDate for a call that is over")
    return problems


def find_record(
    o2g: World, found: list[dict[str, Any]], owner: str, kind: str, direction: str, other: str
) -> dict[str, Any] | None:
    """The newest record of the owner's call of that kind with the other user."""
    chosen = [r for r in found if _selects(o2g, r, owner, kind, direction, other)]
    return max(chosen, key=lambda r: int(r.get("recordId") or 0)) if chosen else None


def require_record(
    o2g: World, found: list[dict[str, Any]], owner: str, kind: str, direction: str, other: str, *, op_id: str | None
) -> dict[str, Any]:
    record = find_record(o2g, found, owner, kind, direction, other)
    what = f"the {kind} call of user {owner} {direction} user {other}"
    if record is None:
        raise NonConformance(
            f"the log holds {what}: the owner with its role and answered status, the other party (L8485-8495)",
            op_id=op_id,
            line=8485,
            documented=what,
            received=found,
        )
    problems = record_problems(o2g, record, other, kind)
    if problems:
        raise NonConformance(f"the record of {what}", op_id=op_id, line=8485, received=record, problems=problems)
    return record


def record_id(o2g: World, owner: str, kind: str, direction: str, other: str) -> int:
    record = find_record(o2g, records_of(o2g, owner), owner, kind, direction, other)
    if record is None or record.get("recordId") is None:
        raise AssertionError(f"user {owner} has no record of its {kind} call {direction} user {other}")
    return int(record["recordId"])


def _query(o2g: World, actor: Actor, owner: str | None, query: dict[str, str] | None = None) -> dict[str, str] | None:
    """The query of a request of the actor: an administrator names the owner with loginName (L7840-7842)."""
    named = dict(query or {})
    if actor.is_admin and owner:
        named["loginName"] = o2g.account(owner).login
    return named or None


def _search(q: str | None) -> dict[str, str]:
    """`unanswered=true&limit=2` -> the query's parameters."""
    return dict(p.split("=", 1) for p in (q or "").split("&") if p)


# -- when ------------------------------------------------------------------------------------------------------------


@when(
    '{actor} lists (?:its|the) communication log(?: of user {owner:role})?(?: with "{q:text}")?',
    target_fixture="answer",
)
def lists(o2g: World, actor: Actor, owner: Role | None, q: str | None) -> ApiResponse:
    """Sends comlog.records.list with the search given; loginName names the owner (ignored for a user, L7840-7842)."""
    query = _search(q)
    if owner and not actor.is_admin:
        query["loginName"] = o2g.account(owner).login  # ignored for a user session (L7840-7842)
    return o2g.send(actor, LIST, query=_query(o2g, actor, owner, query))


@when("{actor} lists its records with user {other:role}", target_fixture="answer")
def lists_with(o2g: World, actor: Actor, other: Role) -> ApiResponse:
    """Sends comlog.records.list with remotePartyId the other user's login."""
    return o2g.send(actor, LIST, query={"remotePartyId": o2g.account(other).login})


@when("{actor} lists the identifiers of (?:its records|the records of user {owner:role})", target_fixture="answer")
def lists_ids(o2g: World, actor: Actor, owner: Role | None) -> ApiResponse:
    """Sends comlog.records.recordids.get; an administrator names the owner with loginName."""
    return o2g.send(actor, IDS, query=_query(o2g, actor, owner))


@when("{actor} (?P<act>reads|deletes) the record of " + RECORD, target_fixture="answer")
def on_record(
    o2g: World,
    comlog_notes: ComlogNotes,
    actor: Actor,
    act: str,
    owner: Role | None,
    kind: str,
    way: str,
    other: Role,
) -> ApiResponse:
    """Sends comlog.record.get or comlog.record.delete of the record described (found with comlog.records.list)."""
    rid = comlog_notes.record_id = record_id(o2g, owner or actor, kind, way, other)
    op_id = GET if act == "reads" else DELETE_ONE
    return o2g.send(actor, op_id, path={"recordId": rid}, query=_query(o2g, actor, owner))


@when("{actor} reads an unknown record", target_fixture="answer")
def reads_unknown(o2g: World, actor: Actor) -> ApiResponse:
    """Sends comlog.record.get of a record id no log holds."""
    return o2g.send(actor, GET, path={"recordId": UNKNOWN_RECORD})


@when("{actor} deletes the records of its answered calls to users {a:role} and {b:role}", target_fixture="answer")
def deletes_named(o2g: World, comlog_notes: ComlogNotes, actor: Actor, a: Role, b: Role) -> ApiResponse:
    """Sends comlog.records.delete with recordIdList the two records (found with comlog.records.list)."""
    ids = comlog_notes.record_ids = [record_id(o2g, actor, "answered", "to", r) for r in (a, b)]
    return o2g.send(actor, DELETE, query={"recordIdList": ",".join(map(str, ids))})


@when(
    "{actor} deletes (?P<what>its whole communication log|an unknown record among its records)",
    target_fixture="answer",
)
def deletes_all(o2g: World, comlog_notes: ComlogNotes, actor: Actor, what: str) -> ApiResponse:
    """Sends comlog.records.delete without recordIdList (the records listed first), or with an unknown id."""
    if what.startswith("its whole"):
        comlog_notes.record_ids = [int(r["recordId"]) for r in records_of(o2g, actor)]
        return o2g.send(actor, DELETE)
    return o2g.send(actor, DELETE, query={"recordIdList": UNKNOWN_RECORD})


@when('{actor} deletes its records with "{q:text}"', target_fixture="answer")
def deletes_matching(o2g: World, actor: Actor, q: str) -> ApiResponse:
    """Sends comlog.records.delete with the search given."""
    return o2g.send(actor, DELETE, query=_search(q))


def _acknowledgement(
    o2g: World, notes: ComlogNotes, actor: Actor, act: str, other: str, owner: str | None, q: str | None
) -> dict[str, Any]:
    """PUT /comlog/records?acknowledge=true|false with UpdateComRecordsRequest (L7812-7842, L8636-8643)."""
    rid = notes.record_id = record_id(o2g, owner or actor, "missed", "from", other)
    query = {"acknowledge": "true" if act.startswith("ack") else "false"}
    if q is not None:
        query = _search(q)
    return {"query": _query(o2g, actor, owner, query), "json": {"recordIds": [rid]}}


@given("{actor} has (?P<act>acknowledged|unacknowledged) its missed call from user {other:role}")
def has_acknowledged(o2g: World, comlog_notes: ComlogNotes, actor: Actor, act: str, other: Role) -> None:
    """Precondition: comlog.records.acknowledge of the missed call has succeeded (L7812-7842)."""
    request = _acknowledgement(o2g, comlog_notes, actor, act, other, None, None)
    require(o2g.aside(actor, ACK, **request), f"{act.removesuffix('d')} the missed call of {actor}")


@when(
    "{actor} (?P<act>acknowledges|unacknowledges) (?:its|the) missed call(?: of user {owner:role})? "
    'from user {other:role}(?: with "{q:text}")?',
    target_fixture="answer",
)
def acknowledges(
    o2g: World, comlog_notes: ComlogNotes, actor: Actor, act: str, other: Role, owner: Role | None, q: str | None
) -> ApiResponse:
    """Sends comlog.records.acknowledge (PUT ?acknowledge=true|false) of the missed call (L7812-7842, L8636-8643)."""
    return o2g.send(actor, ACK, **_acknowledgement(o2g, comlog_notes, actor, act, other, owner, q))


@when("user {role} acknowledges " + RECORD + ", naming user {named:role}", target_fixture="answer")
def acknowledges_other(
    o2g: World, role: Role, owner: Role, kind: str, way: str, other: Role, named: Role
) -> ApiResponse:
    """Sends comlog.records.acknowledge: a user session's loginName is ignored (L7840-7842), ids of its own log."""
    rid = record_id(o2g, owner, kind, way, other)
    query = {"acknowledge": "true", "loginName": o2g.account(named).login}
    return o2g.send(role, ACK, query=query, json={"recordIds": [rid]})


ADMIN_ACTIONS: dict[str, tuple[str, dict[str, Any]]] = {
    "lists the communication log": (LIST, {}),
    "lists the identifiers of records": (IDS, {}),
    "reads a record": (GET, {"path": {"recordId": UNKNOWN_RECORD}}),
    "deletes a record": (DELETE_ONE, {"path": {"recordId": UNKNOWN_RECORD}}),
    "deletes records": (DELETE, {"query": {"recordIdList": UNKNOWN_RECORD}}),
    "acknowledges records": (ACK, {"query": {"acknowledge": "true"}, "json": {"recordIds": [int(UNKNOWN_RECORD)]}}),
}


@when(
    f"the administrator (?P<action>{'|'.join(ADMIN_ACTIONS)}) (?P<how>with no loginName|for an unknown user)",
    target_fixture="answer",
)
def admin_without_user(o2g: World, action: str, how: str) -> ApiResponse:
    """Sends the communication log operation named without naming a user, or naming an unknown one."""
    op_id, kwargs = ADMIN_ACTIONS[action]
    query = dict(kwargs.get("query") or {})
    if how.startswith("for"):
        query["loginName"] = UNKNOWN_LOGIN
    return o2g.send(
        "administrator", op_id, path=kwargs.get("path"), query=query or None, json=kwargs.get("json", UNSET)
    )


# -- then: answers -----------------------------------------------------------------------------------------------------


def _listed(answer: ApiResponse) -> list[dict[str, Any]]:
    found = answer_object(answer, "ComHistoryRecords").get("comHistoryRecords") or []
    return [r for r in found if isinstance(r, dict)]


@then("the log in the answer holds " + CALL)
def holds(o2g: World, answer: ApiResponse, kind: str, owner: Role, way: str, other: Role) -> None:
    """Checks that the ComHistoryRecords answer holds a record of the call described, its parties as documented."""
    require_record(o2g, _listed(answer), owner, kind, way, other, op_id=answer.op_id)


@then("the record in the answer is " + CALL)
def record_is(o2g: World, answer: ApiResponse, kind: str, owner: Role, way: str, other: Role) -> None:
    """Checks that the ComHistoryRecord answer is the record of the call described, its parties as documented."""
    require_record(o2g, [answer_object(answer, "ComHistoryRecord")], owner, kind, way, other, op_id=GET)


@then("the log in the answer holds no record of user {other:role}")
def holds_none(o2g: World, answer: ApiResponse, other: Role) -> None:
    """A record's owner is the participant with a role (L8489-8495): none of them is the other user."""
    found = [r for r in _listed(answer) if "role" in (participant(o2g, r, other) or {})]
    if found:
        raise NonConformance(
            "a user session reads its own log: loginName is ignored (L7840-7842)",
            op_id=LIST,
            documented=f"no record of user {other}",
            received=found,
        )


@then(
    "every record in the answer is (?P<kind>a missed call of|an unacknowledged call of|a call made by"
    "|a call received by|a call of) user {owner:role}(?: with user {other:role})?"
)
def every_record(o2g: World, answer: ApiResponse, kind: str, owner: Role, other: Role | None) -> None:
    """Checks that every record in the answer matches the filter named (missed, unacknowledged, made by ...)."""

    def keeps(record: dict[str, Any]) -> bool:
        own = participant(o2g, record, owner) or {}
        return {
            "a missed call of": own.get("role") == "CALLEE" and own.get("answered") is False,
            "an unacknowledged call of": record.get("acknowledged") is False,
            "a call made by": own.get("role") == "CALLER",
            "a call received by": own.get("role") == "CALLEE",
            "a call of": other is not None and participant(o2g, record, other) is not None,
        }[kind]

    wrong = [r for r in _listed(answer) if not keeps(r)]
    if wrong:
        raise NonConformance(
            "the search criteria select the records (L7853-7871)", op_id=LIST, documented=kind, received=wrong
        )


@then("the answer is a page of {n:count} records? at offset {offset:count} of the whole log of user {owner:role}")
def page(o2g: World, answer: ApiResponse, n: int, offset: int, owner: Role) -> None:
    """Checks the page's size, offset and totalCount against the whole log read with comlog.records.list."""
    body = answer_object(answer, "ComHistoryRecords")
    total = len(records_of(o2g, owner))
    received = (len(body.get("comHistoryRecords") or []), body.get("offset"), body.get("totalCount"))
    if received != (n, offset, total):
        raise NonConformance(
            "offset and limit page the log; totalCount counts it whole (L7874-7886, L8258-8262)",
            op_id=LIST,
            documented=f"{n} record(s), offset {offset}, totalCount {total}",
            received=body,
        )


@then("the identifiers in the answer are those of the records of user {owner:role}")
def identifiers(o2g: World, answer: ApiResponse, owner: Role) -> None:
    """Checks the ComHistoryRecordIds answer against the ids of the log read with comlog.records.list (L8252)."""
    ids = answer_object(answer, "ComHistoryRecordIds").get("recordIds") or []
    listed = [int(r.get("recordId") or 0) for r in records_of(o2g, owner)]
    if sorted(map(int, ids)) != sorted(listed):
        raise NonConformance("the ids of the whole log (L8252-8256)", op_id=IDS, documented=listed, received=ids)


@then("user {other:role} is named in full only the first time it occurs in the answer")
def named_once(o2g: World, answer: ApiResponse, other: Role) -> None:
    """optimized=true: later occurrences carry the phone number only (L7887-7891, L8517-8520)."""
    seen = [(participant(o2g, r, other) or {}).get("identity") or {} for r in _listed(answer)]
    seen = [i for i in seen if i]
    full = [bool(i.get("id", {}).get("loginName") or i.get("lastName")) for i in seen]
    if len(seen) < 2 or full != [True] + [False] * (len(seen) - 1):
        raise NonConformance(
            "with optimized=true a participant is identified in full the first time only (L8517-8520)",
            op_id=LIST,
            documented="full identity first, then the phone number only",
            received=seen,
        )
