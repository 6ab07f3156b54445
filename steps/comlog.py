"""Steps of the Communication log: records of calls, search, acknowledgement, deletion and events (L7781-8643)."""

from __future__ import annotations

from typing import Any

from pytest_bdd import parsers

from o2g_conformance.checks import NonConformance
from o2g_conformance.client import ApiResponse
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import given, then, when

from .common import ACTOR, actor_name, last
from .telephony import answer, device_of, forget, known_ref, party, ref_from_location, require, send
from .users import UNKNOWN_LOGIN, aux, body_dict

LIST, IDS, GET, DELETE = (
    "comlog.records.list",
    "comlog.records.recordids.get",
    "comlog.record.get",
    "comlog.records.delete",
)
DELETE_ONE, ACK = "comlog.record.delete", "comlog.records.acknowledge"
#: A record id no log holds (the value is the point).
UNKNOWN_RECORD = "987654321"
#: `its missed call from user B`, `user A's answered call to user C`.
RECORD = (
    r"(?:its|user (?P<owner>[A-Z])'s) (?P<kind>missed|answered|unanswered) call (?P<way>from|to) user (?P<other>[A-Z])"
)
#: `the missed call of user A from user B`.
CALL = (
    r"(?:the|a) (?P<kind>missed|answered|unanswered) call of user (?P<owner>[A-Z])"
    r" (?P<way>from|to) user (?P<other>[A-Z])"
)


# -- calls that leave records --------------------------------------------------------------------------------------


def call_between(o2g: World, caller: str, callee: str, *, answered: bool) -> None:
    """`caller` calls `callee`, who answers or not; then `caller` hangs up."""
    body = {"deviceId": device_of(o2g, caller), "callee": o2g.account(callee).number, "autoAnswer": True}
    ref = ref_from_location(require(send(o2g, caller, "telephony.calls.make", json=body), f"call from user {caller}"))
    if ref is None:
        raise AssertionError(f"the call of user {caller} to user {callee} has no Location")
    if answered:
        answer(o2g, callee, [party(o2g, f"user {caller}")])
        require(last(o2g), f"answer the call of user {caller} at user {callee}")
    require(send(o2g, caller, "telephony.calls.release", path={"callRef": ref}), f"hang up the call of user {caller}")
    forget(o2g, caller, ref)
    stale = known_ref(o2g, callee, [party(o2g, f"user {caller}")])
    if stale is not None:
        forget(o2g, callee, stale)


@given(parsers.re(r"user (?P<owner>[A-Z]) has missed a call from user (?P<other>[A-Z])$"))
def has_missed(o2g: World, owner: str, other: str) -> None:
    """Precondition: user {owner} has missed a call from user {other}.

    Set up with telephony.calls.make, telephony.calls.release.
    """
    call_between(o2g, other, owner, answered=False)


@given(parsers.re(r"user (?P<owner>[A-Z]) has talked with user (?P<other>[A-Z])$"))
def has_talked(o2g: World, owner: str, other: str) -> None:
    """Precondition: user {owner} has talked with user {other}."""
    call_between(o2g, owner, other, answered=True)


# -- records -------------------------------------------------------------------------------------------------------


def records_of(o2g: World, role: str, query: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The records of a user, read by its own session (not the scenario's answer)."""
    response = aux(o2g, role, LIST, query=query)
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


def _owner(actor: str, owner: str | None) -> str:
    return owner or actor_name(actor)


def _send(o2g: World, actor: str, op_id: str, owner: str | None = None, **kwargs: Any) -> ApiResponse:
    """A request of the actor; an administrator names the owner with loginName (L7840-7842)."""
    query = dict(kwargs.pop("query", None) or {})
    if actor_name(actor) == "administrator" and owner:
        query["loginName"] = o2g.account(owner).login
    o2g.response = o2g.session(actor_name(actor)).call(op_id, query=query or None, **kwargs)
    return o2g.response


# -- when ------------------------------------------------------------------------------------------------------------


@when(
    parsers.re(
        ACTOR + r" lists (?:its|the) communication log(?: of user (?P<owner>[A-Z]))?(?: with \"(?P<q>[^\"]*)\")?$"
    )
)
def lists(o2g: World, actor: str, owner: str | None, q: str | None) -> None:
    """The actor lists (its|the) communication log[ of user {owner}][ with "{q}"]; sends comlog.records.list."""
    query = dict(p.split("=", 1) for p in (q or "").split("&") if p)
    if owner and actor_name(actor) != "administrator":
        query["loginName"] = o2g.account(owner).login  # ignored for a user session (L7840-7842)
    _send(o2g, actor, LIST, owner, query=query)


@when(parsers.re(ACTOR + r" lists its records with user (?P<other>[A-Z])$"))
def lists_with(o2g: World, actor: str, other: str) -> None:
    """The actor lists its records with user {other}; sends comlog.records.list."""
    _send(o2g, actor, LIST, query={"remotePartyId": o2g.account(other).login})


@when(parsers.re(ACTOR + r" lists the identifiers of (?:its records|the records of user (?P<owner>[A-Z]))$"))
def lists_ids(o2g: World, actor: str, owner: str | None) -> None:
    """The actor lists the identifiers of (its records|the records of user {owner}).

    Sends comlog.records.recordids.get.
    """
    _send(o2g, actor, IDS, owner)


@when(parsers.re(ACTOR + r" (?P<act>reads|deletes) the record of " + RECORD + "$"))
def on_record(o2g: World, actor: str, act: str, owner: str | None, kind: str, way: str, other: str) -> None:
    """The actor reads or deletes the communication log record of the call described.

    Sends comlog.record.delete, comlog.record.get, comlog.records.list.
    """
    who = _owner(actor, owner)
    rid = o2g.values["comlog.id"] = record_id(o2g, who, kind, way, other)
    _send(o2g, actor, GET if act == "reads" else DELETE_ONE, owner, path={"recordId": rid})


@when(parsers.re(ACTOR + r" reads an unknown record$"))
def reads_unknown(o2g: World, actor: str) -> None:
    """The actor reads an unknown record; sends comlog.record.get."""
    _send(o2g, actor, GET, path={"recordId": UNKNOWN_RECORD})


@when(parsers.re(ACTOR + r" deletes the records of its answered calls to users (?P<a>[A-Z]) and (?P<b>[A-Z])$"))
def deletes_named(o2g: World, actor: str, a: str, b: str) -> None:
    """The actor deletes the records of its answered calls to users {a} and {b}.

    Sends comlog.records.delete, comlog.records.list.
    """
    owner = actor_name(actor)
    ids = o2g.values["comlog.ids"] = [record_id(o2g, owner, "answered", "to", r) for r in (a, b)]
    _send(o2g, actor, DELETE, query={"recordIdList": ",".join(map(str, ids))})


@when(parsers.re(ACTOR + r" deletes (?P<what>its whole communication log|an unknown record among its records)$"))
def deletes_all(o2g: World, actor: str, what: str) -> None:
    """The actor deletes (its whole communication log|an unknown record among its records).

    Sends comlog.records.delete, comlog.records.list.
    """
    if what.startswith("its whole"):
        o2g.values["comlog.ids"] = [int(r["recordId"]) for r in records_of(o2g, actor_name(actor))]
        _send(o2g, actor, DELETE)
    else:
        _send(o2g, actor, DELETE, query={"recordIdList": UNKNOWN_RECORD})


@when(parsers.re(ACTOR + r" deletes its records with \"(?P<q>[^\"]*)\"$"))
def deletes_matching(o2g: World, actor: str, q: str) -> None:
    """The actor deletes its records with "{q}"; sends comlog.records.delete."""
    _send(o2g, actor, DELETE, query=dict(p.split("=", 1) for p in q.split("&") if p))


@given(parsers.re(ACTOR + r" has (?P<act>acknowledged|unacknowledged) its missed call from user (?P<other>[A-Z])$"))
@when(
    parsers.re(
        ACTOR + r" (?P<act>acknowledges|unacknowledges) (?:its|the) missed call(?: of user (?P<owner>[A-Z]))? "
        r"from user (?P<other>[A-Z])(?: with \"(?P<q>[^\"]*)\")?$"
    )
)
def acknowledges(o2g: World, actor: str, act: str, other: str, owner: str | None = None, q: str | None = None) -> None:
    """PUT /comlog/records?acknowledge=true|false with UpdateComRecordsRequest (L7812-7842, L8636-8643)."""
    who = _owner(actor, owner)
    rid = o2g.values["comlog.id"] = record_id(o2g, who, "missed", "from", other)
    query = {"acknowledge": "true" if act.startswith("ack") else "false"}
    if q is not None:
        query = dict(p.split("=", 1) for p in q.split("&") if p)
    _send(o2g, actor, ACK, owner, query=query, json={"recordIds": [rid]})
    if act.endswith("ed"):
        require(last(o2g), f"{act.removesuffix('d')} the missed call of {actor}")


@when(parsers.re(r"user (?P<role>[A-Z]) acknowledges " + RECORD + r", naming user (?P<named>[A-Z])$"))
def acknowledges_other(o2g: World, role: str, owner: str, kind: str, way: str, other: str, named: str) -> None:
    """A user session's loginName is ignored (L7840-7842): the ids are looked for in its own log."""
    rid = record_id(o2g, owner, kind, way, other)
    query = {"acknowledge": "true", "loginName": o2g.account(named).login}
    o2g.response = o2g.session(role).call(ACK, query=query, json={"recordIds": [rid]})


ADMIN_ACTIONS: dict[str, tuple[str, dict[str, Any]]] = {
    "lists the communication log": (LIST, {}),
    "lists the identifiers of records": (IDS, {}),
    "reads a record": (GET, {"path": {"recordId": UNKNOWN_RECORD}}),
    "deletes a record": (DELETE_ONE, {"path": {"recordId": UNKNOWN_RECORD}}),
    "deletes records": (DELETE, {"query": {"recordIdList": UNKNOWN_RECORD}}),
    "acknowledges records": (ACK, {"query": {"acknowledge": "true"}, "json": {"recordIds": [int(UNKNOWN_RECORD)]}}),
}


@when(
    parsers.re(
        rf"the administrator (?P<action>{'|'.join(ADMIN_ACTIONS)}) (?P<how>with no loginName|for an unknown user)$"
    )
)
def admin_without_user(o2g: World, action: str, how: str) -> None:
    """The administrator uses a communication log operation without naming a user (an error is expected)."""
    op_id, kwargs = ADMIN_ACTIONS[action]
    query = dict(kwargs.get("query") or {})
    if how.startswith("for"):
        query["loginName"] = UNKNOWN_LOGIN
    extra = {k: v for k, v in kwargs.items() if k != "query"}
    o2g.response = o2g.session("administrator").call(op_id, query=query or None, **extra)


# -- then: answers -----------------------------------------------------------------------------------------------------


def _listed(o2g: World) -> list[dict[str, Any]]:
    found = body_dict(o2g, "ComHistoryRecords").get("comHistoryRecords") or []
    return [r for r in found if isinstance(r, dict)]


@then(parsers.re(r"the log in the answer holds " + CALL + "$"))
def holds(o2g: World, kind: str, owner: str, way: str, other: str) -> None:
    """Checks that the communication log in the answer holds a record of the call described."""
    require_record(o2g, _listed(o2g), owner, kind, way, other, op_id=last(o2g).op_id)


@then(parsers.re(r"the record in the answer is " + CALL + "$"))
def record_is(o2g: World, kind: str, owner: str, way: str, other: str) -> None:
    """Checks that the record in the answer is the record of the call described."""
    require_record(o2g, [body_dict(o2g, "ComHistoryRecord")], owner, kind, way, other, op_id=GET)


@then(parsers.re(r"the log in the answer holds no record of user (?P<other>[A-Z])$"))
def holds_none(o2g: World, other: str) -> None:
    """A record's owner is the participant with a role (L8489-8495): none of them is the other user."""
    found = [r for r in _listed(o2g) if "role" in (participant(o2g, r, other) or {})]
    if found:
        raise NonConformance(
            "a user session reads its own log: loginName is ignored (L7840-7842)",
            op_id=LIST,
            documented=f"no record of user {other}",
            received=found,
        )


@then(
    parsers.re(
        r"every record in the answer is (?P<kind>a missed call of|an unacknowledged call of|a call made by"
        r"|a call received by|a call of) user (?P<owner>[A-Z])(?: with user (?P<other>[A-Z]))?$"
    )
)
def every_record(o2g: World, kind: str, owner: str, other: str | None) -> None:
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

    wrong = [r for r in _listed(o2g) if not keeps(r)]
    if wrong:
        raise NonConformance(
            "the search criteria select the records (L7853-7871)", op_id=LIST, documented=kind, received=wrong
        )


@then(
    parsers.re(
        r"the answer is a page of (?P<n>\d+) records? at offset (?P<offset>\d+)"
        r" of the whole log of user (?P<owner>[A-Z])$"
    )
)
def page(o2g: World, n: str, offset: str, owner: str) -> None:
    """Checks that the answer is a page of {n} record[s] at offset {offset} of the whole log of user {owner}.

    Reads comlog.records.list.
    """
    body = body_dict(o2g, "ComHistoryRecords")
    total = len(records_of(o2g, owner))
    received = (len(body.get("comHistoryRecords") or []), body.get("offset"), body.get("totalCount"))
    if received != (int(n), int(offset), total):
        raise NonConformance(
            "offset and limit page the log; totalCount counts it whole (L7874-7886, L8258-8262)",
            op_id=LIST,
            documented=f"{n} record(s), offset {offset}, totalCount {total}",
            received=body,
        )


@then(parsers.re(r"the identifiers in the answer are those of the records of user (?P<owner>[A-Z])$"))
def identifiers(o2g: World, owner: str) -> None:
    """Checks that the identifiers in the answer are those of the records of user {owner} (via comlog.records.list)."""
    ids = body_dict(o2g, "ComHistoryRecordIds").get("recordIds") or []
    listed = [int(r.get("recordId") or 0) for r in records_of(o2g, owner)]
    if sorted(map(int, ids)) != sorted(listed):
        raise NonConformance("the ids of the whole log (L8252-8256)", op_id=IDS, documented=listed, received=ids)


@then(parsers.re(r"user (?P<other>[A-Z]) is named in full only the first time it occurs in the answer$"))
def named_once(o2g: World, other: str) -> None:
    """optimized=true: later occurrences carry the phone number only (L7887-7891, L8517-8520)."""
    seen = [(participant(o2g, r, other) or {}).get("identity") or {} for r in _listed(o2g)]
    seen = [i for i in seen if i]
    full = [bool(i.get("id", {}).get("loginName") or i.get("lastName")) for i in seen]
    if len(seen) < 2 or full != [True] + [False] * (len(seen) - 1):
        raise NonConformance(
            "with optimized=true a participant is identified in full the first time only (L8517-8520)",
            op_id=LIST,
            documented="full identity first, then the phone number only",
            received=seen,
        )
