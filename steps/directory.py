"""Steps of Directory search: start, read and stop phone book searches, by criteria or DTMF (reference L6496-6837)."""

from __future__ import annotations

import json
import re
import time
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import pytest

from o2g_conformance.checks import NonConformance, check_body, check_status
from o2g_conformance.client import ApiResponse
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import Actor, Role, Roles, given, then, when

from .common import body_of, precondition, target_version
from .users import UNKNOWN_LOGIN, user_record

SEARCH = "directory.search.create"
RESULTS = "directory.search.get"
STOP = "directory.search.delete"
BY_DTMF = "directory.searchbydtmf.create"

#: The attributes of a criterion (L6704-6715), as the steps name them.
ATTRIBUTES = {
    "last name": "lastName",
    "first name": "firstName",
    "login name": "id.loginName",
    "phone number": "id.phoneNumber",
}
COMPARISONS = "EQUAL_IGNORE_CASE|BEGIN_WITH|CONTAIN|END_WITH"
#: The ITU keypad (E.161): KeyboardType ITU of the DTMF search (example L6694-6700: "5" finds names in L).
ITU_KEYS = {
    ch: key
    for key, letters in {
        "2": "ABC",
        "3": "DEF",
        "4": "GHI",
        "5": "JKL",
        "6": "MNO",
        "7": "PQRS",
        "8": "TUV",
        "9": "WXYZ",
    }.items()
    for ch in letters
}
#: A bound on the polls of one search; the reading ends earlier at FINISH/TIMEOUT or after the event timeout.
MAX_POLLS = 500
#: "displaynumber"<dialable number> (L6709-6714).
DISPLAY_DIALABLE = re.compile(r'^\s*"[^"]*"\s*<([^>]*)>\s*$')
#: A last name no phone book has (the value is the point: a search without match).
NOBODY = "Zzyzx-Nobody-Here"


@dataclass
class DirectoryNotes:
    """What the steps of a directory scenario hand on: the criterion and DTMF keys sent, the results read."""

    #: The filter of the last search started with one (Criterion, L6704-6754).
    criterion: dict[str, Any] | None = None
    #: The keys of the last DTMF search: (last name keys, first name keys or None).
    keys: tuple[str, str | None] | None = None
    #: The answers of the last reading of the results until the search ended, in order.
    polls: list[ApiResponse] = field(default_factory=list)


@pytest.fixture
def directory_notes() -> DirectoryNotes:
    """The scenario's directory search notes (empty at its start)."""
    return DirectoryNotes()


def _value_of(o2g: World, reader: str, role: str, field: str) -> str:
    """The value of a criterion attribute for `role`, from its User representation (L1639-1651)."""
    account = o2g.account(role)
    record = user_record(o2g, role, via=reader)
    value = {
        "lastName": record.get("lastName") or account.last_name,
        "firstName": record.get("firstName") or account.first_name,
        "id.loginName": account.login,
        "id.phoneNumber": record.get("companyPhone") or account.company_phone,
    }[field]
    if not value:
        precondition(f"user {role} has no {field} on this target: the scenario needs one")
    return str(value)


def operand_for(value: str, operation: str) -> str:
    """A part of `value` that the comparison must find: swapped case for EQUAL_IGNORE_CASE (it ignores case)."""
    if operation == "EQUAL_IGNORE_CASE":
        return value.swapcase()
    if operation == "BEGIN_WITH":
        return value[:3]
    if operation == "END_WITH":
        return value[-3:]
    return value[1:-1] if len(value) > 2 else value


def dialable(number: str) -> str:
    m = DISPLAY_DIALABLE.match(number)
    return m.group(1) if m else number


def contact_value(contact: dict[str, Any], field: str) -> str | None:
    ident = contact.get("id") if isinstance(contact.get("id"), dict) else {}
    assert isinstance(ident, dict)
    value = {
        "lastName": contact.get("lastName"),
        "firstName": contact.get("firstName"),
        "id.loginName": ident.get("loginName"),
        "id.phoneNumber": ident.get("phoneNumber"),
    }[field]
    if not isinstance(value, str):
        return None
    return dialable(value) if field == "id.phoneNumber" else value


def satisfies(criterion: dict[str, Any], contact: dict[str, Any]) -> bool:
    """Whether a PartyInfo meets a Criterion (L6716-6754); compared without case, as a phone book does."""
    operation = criterion["operation"]
    if operation in ("AND", "OR"):
        results = [satisfies(c, contact) for c in criterion["operand"]]
        return all(results) if operation == "AND" else any(results)
    value = contact_value(contact, criterion["field"])
    if value is None:
        return False
    operand = str(criterion["operand"])
    if criterion["field"] == "id.phoneNumber":
        operand = dialable(operand)
    value, operand = value.casefold(), operand.casefold()
    return {
        "EQUAL_IGNORE_CASE": value == operand,
        "BEGIN_WITH": value.startswith(operand),
        "END_WITH": value.endswith(operand),
        "CONTAIN": operand in value,
    }[operation]


def keys_of(name: str) -> str:
    """The ITU keys a caller types for `name` (accents folded; other signs have no key)."""
    plain = unicodedata.normalize("NFKD", name).upper()
    return "".join(ch if ch.isdigit() else ITU_KEYS.get(ch, "") for ch in plain)


def _query(o2g: World, behalf: str | None) -> dict[str, str] | None:
    """loginName names the user an administrator acts for (L6521-6524); a user session sends none."""
    return {"loginName": o2g.account(behalf).login} if behalf else None


# -- directory.search.create -------------------------------------------------------------------------------------------


def _note_criterion(notes: DirectoryNotes, body: Any) -> None:
    """Keep the filter a search is started with: the results are checked against it."""
    if isinstance(body, dict) and isinstance(body.get("filter"), dict):
        notes.criterion = body["filter"]


def _leaf(field: str, operation: str, operand: str) -> dict[str, str]:
    return {"field": field, "operation": operation, "operand": operand}


SEARCH_ON = (
    "directory search on the (?P<attribute>last name|first name|login name|phone number) of {role:user}"
    " with (?P<operation>" + COMPARISONS + ")(?: for user {behalf:role})?"
)


@given("{actor} has started a " + SEARCH_ON, target_fixture="answer")
@when("{actor} starts a " + SEARCH_ON, target_fixture="answer")
def start_search(
    o2g: World,
    directory_notes: DirectoryNotes,
    actor: Actor,
    attribute: str,
    role: Role,
    operation: str,
    behalf: Role | None,
) -> ApiResponse:
    """Sends directory.search.create comparing a part of the user's name or number (L6704-6754)."""
    field = ATTRIBUTES[attribute]
    operand = operand_for(_value_of(o2g, actor, role, field), operation)
    body = {"filter": _leaf(field, operation, operand)}
    _note_criterion(directory_notes, body)
    return o2g.send(actor, SEARCH, json=body, query=_query(o2g, behalf))


@when("{actor} starts a directory search on the last name of {role:user} for an unknown user", target_fixture="answer")
def start_search_for_unknown(o2g: World, directory_notes: DirectoryNotes, actor: Actor, role: Role) -> ApiResponse:
    """Sends directory.search.create on the user's last name with loginName an unknown user (L6521-6524)."""
    operand = _value_of(o2g, actor, role, "lastName")
    body = {"filter": _leaf("lastName", "EQUAL_IGNORE_CASE", operand)}
    _note_criterion(directory_notes, body)
    return o2g.send(actor, SEARCH, json=body, query={"loginName": UNKNOWN_LOGIN})


@when("{actor} starts a directory search on the first name and the last name of {role:user}", target_fixture="answer")
def start_search_and(o2g: World, directory_notes: DirectoryNotes, actor: Actor, role: Role) -> ApiResponse:
    """Sends directory.search.create with an AND of the user's first and last names (L6716-6754)."""
    both = [
        _leaf(field, "EQUAL_IGNORE_CASE", _value_of(o2g, actor, role, field)) for field in ("firstName", "lastName")
    ]
    body = {"filter": {"operation": "AND", "operand": both}}
    _note_criterion(directory_notes, body)
    return o2g.send(actor, SEARCH, json=body)


@when(
    "{actor} starts a directory search on the last name of {role:user} or of user {other:role}"
    "(?: limited to {limit:count} results?)?",
    target_fixture="answer",
)
def start_search_or(
    o2g: World, directory_notes: DirectoryNotes, actor: Actor, role: Role, other: Role, limit: int | None
) -> ApiResponse:
    """Sends directory.search.create with an OR of two users' last names (and the limit given)."""
    either = [_leaf("lastName", "EQUAL_IGNORE_CASE", _value_of(o2g, actor, r, "lastName")) for r in (role, other)]
    body: dict[str, Any] = {"filter": {"operation": "OR", "operand": either}}
    if limit is not None:
        body["limit"] = limit
    _note_criterion(directory_notes, body)
    return o2g.send(actor, SEARCH, json=body)


@when("{actor} starts a directory search on a last name nobody has", target_fixture="answer")
def start_search_nobody(o2g: World, directory_notes: DirectoryNotes, actor: Actor) -> ApiResponse:
    """Sends directory.search.create on a last name no phone book has."""
    body = {"filter": _leaf("lastName", "EQUAL_IGNORE_CASE", NOBODY)}
    _note_criterion(directory_notes, body)
    return o2g.send(actor, SEARCH, json=body)


@when(r"{actor} starts a directory search with the body (?P<body>\{.*\})", target_fixture="answer")
def start_search_body(o2g: World, directory_notes: DirectoryNotes, actor: Actor, body: str) -> ApiResponse:
    """Sends directory.search.create with the JSON body as written."""
    sent = json.loads(body)
    _note_criterion(directory_notes, sent)
    return o2g.send(actor, SEARCH, json=sent)


@given("{actor} has started {count} directory searches", target_fixture="answer")
def started_searches(o2g: World, directory_notes: DirectoryNotes, actor: Actor, count: int) -> ApiResponse:
    """Precondition: that many directory.search.create on the actor's own login each answered 201."""
    login = o2g.account(actor).login
    response: ApiResponse | None = None
    for i in range(count):
        body = {"filter": _leaf("id.loginName", "EQUAL_IGNORE_CASE", login)}
        _note_criterion(directory_notes, body)
        response = o2g.send(actor, SEARCH, json=body)
        if response.status != 201:
            raise AssertionError(f"directory search {i + 1} of {actor} was not started: {response.status}")
    if response is None:
        raise AssertionError("harness error: no directory search started: the step names at least one")
    return response


# -- directory.searchbydtmf.create -------------------------------------------------------------------------------------


@when(
    "{actor} starts a DTMF search on the (?P<keyboard>ITU|CCITT) keypad for the first {n:count} letters? of "
    "the last name(?: and the first {m:count} letters? of the first name)? of {role:user}",
    target_fixture="answer",
)
def start_dtmf(
    o2g: World,
    directory_notes: DirectoryNotes,
    actor: Actor,
    keyboard: str,
    n: int,
    m: int | None,
    role: Role,
) -> ApiResponse:
    """Sends directory.searchbydtmf.create with the keys of the first letters of the user's names (L6664-6700)."""
    last_keys = keys_of(_value_of(o2g, actor, role, "lastName"))[:n]
    body: dict[str, Any] = {"keyboardType": keyboard, "lastName": last_keys}
    if m is not None:
        body["firstName"] = keys_of(_value_of(o2g, actor, role, "firstName"))[:m]
    directory_notes.keys = (body["lastName"], body.get("firstName"))
    return o2g.send(actor, BY_DTMF, json=body)


@when(
    "{actor} starts a DTMF search on the (?P<keyboard>ITU|CCITT) keypad for the last name of {role:user}"
    " and the first name of user {other:role}",
    target_fixture="answer",
)
def start_dtmf_mixed(
    o2g: World, directory_notes: DirectoryNotes, actor: Actor, keyboard: str, role: Role, other: Role
) -> ApiResponse:
    """Sends directory.searchbydtmf.create with another user's first name: found only if the first name counts."""
    last_keys = keys_of(_value_of(o2g, actor, role, "lastName"))
    first_keys = keys_of(_value_of(o2g, actor, other, "firstName"))
    if keys_of(_value_of(o2g, actor, role, "firstName")).startswith(first_keys):
        precondition(f"the first names of users {role} and {other} are typed with the same keys")
    directory_notes.keys = (last_keys, first_keys)
    body = {"keyboardType": keyboard, "lastName": last_keys, "firstName": first_keys}
    return o2g.send(actor, BY_DTMF, json=body)


@when(r"{actor} starts a DTMF search with the body (?P<body>\{.*\})", target_fixture="answer")
def start_dtmf_body(o2g: World, actor: Actor, body: str) -> ApiResponse:
    """Sends directory.searchbydtmf.create with the JSON body as written."""
    return o2g.send(actor, BY_DTMF, json=json.loads(body))


# -- directory.search.get ----------------------------------------------------------------------------------------------


@when("{actor} reads the search results", target_fixture="answer")
def read_results(o2g: World, actor: Actor) -> ApiResponse:
    """Sends directory.search.get once."""
    return o2g.send(actor, RESULTS)


@when("{actor} reads the search results(?: of user {behalf:role})? until the search ends", target_fixture="answer")
def read_until_end(o2g: World, directory_notes: DirectoryNotes, actor: Actor, behalf: Role | None) -> ApiResponse:
    """Polls directory.search.get as the reference describes: on while NOK or OK, stop at FINISH/TIMEOUT (L6555-6571).

    Each poll waits for its answer only; the reading gives up after the event timeout (the Then step says so).
    The last poll is the answer; every poll is kept for the Then steps.
    """
    deadline = time.monotonic() + o2g.settings.event_timeout
    polls: list[ApiResponse] = []
    while len(polls) < MAX_POLLS:
        response = o2g.send(actor, RESULTS, query=_query(o2g, behalf))
        polls.append(response)
        code = response.json.get("resultCode") if isinstance(response.json, dict) else None
        if response.status != 200 or code not in ("NOK", "OK") or time.monotonic() > deadline:
            break
    directory_notes.polls = polls
    return polls[-1]


def _polls(notes: DirectoryNotes) -> list[ApiResponse]:
    if not notes.polls:
        raise AssertionError("no search results were read until the end in this scenario")
    return list(notes.polls)


def _contacts(response: ApiResponse) -> list[dict[str, Any]]:
    body = response.json if isinstance(response.json, dict) else {}
    elements = body.get("resultElements") or []
    return [
        contact
        for element in elements
        if isinstance(element, dict)
        for contact in element.get("contacts") or []
        if isinstance(contact, dict)
    ]


def found(notes: DirectoryNotes) -> list[dict[str, Any]]:
    """Every contact of every poll read until the search ended."""
    return [c for r in _polls(notes) for c in _contacts(r)]


# -- directory.search.delete -------------------------------------------------------------------------------------------


@given("{actor} has stopped its directory search", target_fixture="answer")
@when("{actor} stops its directory search", target_fixture="answer")
def stop_search(o2g: World, actor: Actor) -> ApiResponse:
    """Sends directory.search.delete."""
    return o2g.send(actor, STOP)


# -- answers -----------------------------------------------------------------------------------------------------------


@then("the answer is 201 and locates the search results")
def created(o2g: World, answer: ApiResponse) -> None:
    """Checks 201, the body against its schema and a Location of the search results (L6701-6702)."""
    response = answer
    if response.op_id is None:
        raise AssertionError(f"the last request ({response.request}) matches no catalog operation")
    check_status(response.op_id, response.status, 201)
    check_body(response.op_id, response.status, body_of(response), target_version(o2g))
    location = next((v for k, v in response.headers.items() if k.lower() == "location"), None)
    if not location or "/directory/search" not in location:
        raise NonConformance(
            "a started search answers 201 with the Location of its results (L6701-6702)",
            op_id=response.op_id,
            documented="Location: .../api/rest/1.0/directory/search/",
            received=location,
        )


@then("every answer is 200 with a SearchResult body")
def every_poll_ok(o2g: World, directory_notes: DirectoryNotes) -> None:
    """Checks that every poll of the results answered 200 with a SearchResult body (schema checked)."""
    for response in _polls(directory_notes):
        check_status(RESULTS, response.status, 200)
        check_body(RESULTS, response.status, body_of(response), target_version(o2g))


@then("the result codes follow the search lifecycle ending with (?P<code>FINISH|TIMEOUT)")
def lifecycle(o2g: World, directory_notes: DirectoryNotes, code: str) -> None:
    """Checks the result codes: NOK or OK while running, then the code named; NOK empty, OK not (L6555-6571)."""
    polls = _polls(directory_notes)
    codes = [r.json.get("resultCode") if isinstance(r.json, dict) else r.status for r in polls]
    if codes[-1] != code:
        raise NonConformance(
            "getNextResults answers NOK or OK while the search runs, then FINISH or TIMEOUT (L6555-6571, L6762-6770)",
            op_id=RESULTS,
            documented=f"... ending with {code} within {o2g.settings.event_timeout:g} s",
            received=codes,
        )
    for response, result in zip(polls, codes, strict=True):
        contacts = _contacts(response)
        if (result == "NOK" and contacts) or (result == "OK" and not contacts):
            raise NonConformance(
                "NOK brings no result, OK brings results (L6766-6767)",
                op_id=RESULTS,
                documented=f"{result} with {'no ' if result == 'NOK' else ''}contacts",
                received=body_of(response),
            )


@then("the results include {roles:users}")
def results_include(o2g: World, directory_notes: DirectoryNotes, roles: Roles) -> None:
    """Checks that the results have a contact for each user, by login or company phone (L6496-6502)."""
    contacts = found(directory_notes)
    for role in roles:
        account = o2g.account(role)
        if not any(
            contact_value(c, "id.loginName") == account.login
            or (account.company_phone and contact_value(c, "id.phoneNumber") == account.company_phone)
            for c in contacts
        ):
            raise NonConformance(
                "the search finds the phone book entries that match (L6496-6502)",
                op_id=RESULTS,
                documented=f"a contact for {account.login}",
                received=contacts,
            )


@then("the results do not include {role:user}")
def results_exclude(o2g: World, directory_notes: DirectoryNotes, role: Role) -> None:
    """Checks that the results have no contact for the user: only the entries that match (L6771-6774)."""
    account = o2g.account(role)
    hits = [c for c in found(directory_notes) if contact_value(c, "id.loginName") == account.login]
    if hits:
        raise NonConformance(
            "the search finds only the entries that match (L6771-6774)",
            op_id=RESULTS,
            documented=f"no contact for {account.login}",
            received=hits,
        )


@then("every result satisfies the search criterion")
def results_satisfy(directory_notes: DirectoryNotes) -> None:
    """Checks that every contact found meets the criterion the search was started with (L6771-6774)."""
    criterion = directory_notes.criterion
    if criterion is None:
        raise AssertionError("no search criterion was sent in this scenario")
    wrong = [c for c in found(directory_notes) if not satisfies(criterion, c)]
    if wrong:
        raise NonConformance(
            "ResultElement gives results which match the criterion (L6771-6774)",
            op_id=RESULTS,
            documented=criterion,
            received=wrong,
        )


@then("every result's names are typed with those keys")
def results_typed(directory_notes: DirectoryNotes) -> None:
    """Checks that every contact's names begin with the DTMF keys sent (L6664-6700, L6788-6801)."""
    if directory_notes.keys is None:
        raise AssertionError("harness error: no DTMF search was started in this scenario")
    last_keys, first_keys = directory_notes.keys
    wrong = [
        c
        for c in found(directory_notes)
        if not keys_of(str(c.get("lastName", ""))).startswith(last_keys)
        or (first_keys is not None and not keys_of(str(c.get("firstName", ""))).startswith(first_keys))
    ]
    if wrong:
        raise NonConformance(
            "a DTMF search finds the names typed with the keys given (L6664-6700, L6788-6801)",
            op_id=RESULTS,
            documented={"lastName": last_keys, "firstName": first_keys},
            received=wrong,
        )


@then(r"the search found (?P<count>no|\d+) contacts?")
def found_count(directory_notes: DirectoryNotes, count: str) -> None:
    """Checks the number of contacts found: the number of results (the search limit, L6806-6807)."""
    wanted = 0 if count == "no" else int(count)
    contacts = found(directory_notes)
    if len(contacts) != wanted:
        raise NonConformance(
            "the number of results (the search limit, L6806-6807)",
            op_id=RESULTS,
            documented=f"{wanted} contact(s)",
            received=contacts,
        )
