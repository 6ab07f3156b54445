"""Steps of Directory search: start, read and stop phone book searches, by criteria or DTMF (reference L6496-6837)."""

from __future__ import annotations

import json
import re
import time
import unicodedata
from typing import Any

from pytest_bdd import parsers

from o2g_conformance.checks import NonConformance, check_body, check_status
from o2g_conformance.client import ApiResponse
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import given, then, when

from .common import ACTOR, actor_name, body_of, last, precondition, target_version
from .users import ROLE, ROLES, UNKNOWN_LOGIN, roles_in, user_record

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


def _start(o2g: World, actor: str, body: Any, *, query: dict[str, str] | None = None) -> None:
    o2g.response = o2g.session(actor_name(actor)).call(SEARCH, json=body, query=query)
    if isinstance(body, dict) and isinstance(body.get("filter"), dict):
        o2g.values["directory:criterion"] = body["filter"]


def _leaf(field: str, operation: str, operand: str) -> dict[str, str]:
    return {"field": field, "operation": operation, "operand": operand}


@given(
    parsers.re(
        ACTOR + r" has started a directory search on the (?P<attribute>last name|first name|login name|phone number) "
        r"of " + ROLE + r" with (?P<operation>" + COMPARISONS + r")(?: for user (?P<behalf>[A-Z]))?$"
    )
)
@when(
    parsers.re(
        ACTOR + r" starts a directory search on the (?P<attribute>last name|first name|login name|phone number) "
        r"of " + ROLE + r" with (?P<operation>" + COMPARISONS + r")(?: for user (?P<behalf>[A-Z]))?$"
    )
)
def start_search(o2g: World, actor: str, attribute: str, role: str, operation: str, behalf: str | None) -> None:
    """The actor starts a directory search on a name or number of user {role}; sends directory.search.create."""
    field = ATTRIBUTES[attribute]
    operand = operand_for(_value_of(o2g, actor_name(actor), role, field), operation)
    _start(o2g, actor, {"filter": _leaf(field, operation, operand)}, query=_query(o2g, behalf))


@when(parsers.re(ACTOR + r" starts a directory search on the last name of " + ROLE + r" for an unknown user$"))
def start_search_for_unknown(o2g: World, actor: str, role: str) -> None:
    """The actor starts a directory search on the last name of user {role} for an unknown user.

    Sends directory.search.create.
    """
    operand = _value_of(o2g, actor_name(actor), role, "lastName")
    _start(o2g, actor, {"filter": _leaf("lastName", "EQUAL_IGNORE_CASE", operand)}, query={"loginName": UNKNOWN_LOGIN})


@when(parsers.re(ACTOR + r" starts a directory search on the first name and the last name of " + ROLE + r"$"))
def start_search_and(o2g: World, actor: str, role: str) -> None:
    """The actor starts a directory search on the first name and the last name of user {role}.

    Sends directory.search.create.
    """
    reader = actor_name(actor)
    both = [
        _leaf(field, "EQUAL_IGNORE_CASE", _value_of(o2g, reader, role, field)) for field in ("firstName", "lastName")
    ]
    _start(o2g, actor, {"filter": {"operation": "AND", "operand": both}})


@when(
    parsers.re(
        ACTOR + r" starts a directory search on the last name of " + ROLE + r" or of user (?P<other>[A-Z])"
        r"(?: limited to (?P<limit>\d+) results?)?$"
    )
)
def start_search_or(o2g: World, actor: str, role: str, other: str, limit: str | None) -> None:
    """The actor starts a directory search on the last names of two users; sends directory.search.create."""
    reader = actor_name(actor)
    either = [_leaf("lastName", "EQUAL_IGNORE_CASE", _value_of(o2g, reader, r, "lastName")) for r in (role, other)]
    body: dict[str, Any] = {"filter": {"operation": "OR", "operand": either}}
    if limit is not None:
        body["limit"] = int(limit)
    _start(o2g, actor, body)


@when(parsers.re(ACTOR + r" starts a directory search on a last name nobody has$"))
def start_search_nobody(o2g: World, actor: str) -> None:
    """The actor starts a directory search on a last name nobody has; sends directory.search.create."""
    _start(o2g, actor, {"filter": _leaf("lastName", "EQUAL_IGNORE_CASE", NOBODY)})


@when(parsers.re(ACTOR + r" starts a directory search with the body (?P<body>\{.*\})$"))
def start_search_body(o2g: World, actor: str, body: str) -> None:
    """The actor starts a directory search with the body {body}; sends directory.search.create."""
    _start(o2g, actor, json.loads(body))


@given(parsers.re(ACTOR + r" has started (?P<count>\d+) directory searches$"))
def started_searches(o2g: World, actor: str, count: str) -> None:
    """Precondition: {actor} has started {count} directory searches; set up with directory.search.create."""
    login = o2g.account(actor_name(actor)).login
    for i in range(int(count)):
        _start(o2g, actor, {"filter": _leaf("id.loginName", "EQUAL_IGNORE_CASE", login)})
        if o2g.response is None or o2g.response.status != 201:
            status = o2g.response.status if o2g.response else None
            raise AssertionError(f"directory search {i + 1} of {actor} was not started: {status}")


# -- directory.searchbydtmf.create -------------------------------------------------------------------------------------


@when(
    parsers.re(
        ACTOR + r" starts a DTMF search on the (?P<keyboard>ITU|CCITT) keypad for the first (?P<n>\d+) letters? of "
        r"the last name(?: and the first (?P<m>\d+) letters? of the first name)? of " + ROLE + r"$"
    )
)
def start_dtmf(o2g: World, actor: str, keyboard: str, n: str, m: str | None, role: str) -> None:
    """The actor starts a DTMF directory search on the keypad named for the first letters of a last name.

    Sends directory.searchbydtmf.create.
    """
    reader = actor_name(actor)
    last_keys = keys_of(_value_of(o2g, reader, role, "lastName"))[: int(n)]
    body: dict[str, Any] = {"keyboardType": keyboard, "lastName": last_keys}
    if m is not None:
        body["firstName"] = keys_of(_value_of(o2g, reader, role, "firstName"))[: int(m)]
    o2g.values["directory:keys"] = (body["lastName"], body.get("firstName"))
    o2g.response = o2g.session(reader).call(BY_DTMF, json=body)


@when(
    parsers.re(
        ACTOR
        + r" starts a DTMF search on the (?P<keyboard>ITU|CCITT) keypad for the last name of "
        + ROLE
        + r" and the first name of user (?P<other>[A-Z])$"
    )
)
def start_dtmf_mixed(o2g: World, actor: str, keyboard: str, role: str, other: str) -> None:
    """The first name of another user: an entry is found only if its first name is taken into account."""
    reader = actor_name(actor)
    last_keys = keys_of(_value_of(o2g, reader, role, "lastName"))
    first_keys = keys_of(_value_of(o2g, reader, other, "firstName"))
    if keys_of(_value_of(o2g, reader, role, "firstName")).startswith(first_keys):
        precondition(f"the first names of users {role} and {other} are typed with the same keys")
    o2g.values["directory:keys"] = (last_keys, first_keys)
    o2g.response = o2g.session(reader).call(
        BY_DTMF, json={"keyboardType": keyboard, "lastName": last_keys, "firstName": first_keys}
    )


@when(parsers.re(ACTOR + r" starts a DTMF search with the body (?P<body>\{.*\})$"))
def start_dtmf_body(o2g: World, actor: str, body: str) -> None:
    """The actor starts a DTMF search with the body {body}; sends directory.searchbydtmf.create."""
    o2g.response = o2g.session(actor_name(actor)).call(BY_DTMF, json=json.loads(body))


# -- directory.search.get ----------------------------------------------------------------------------------------------


@when(parsers.re(ACTOR + r" reads the search results$"))
def read_results(o2g: World, actor: str) -> None:
    """The actor reads the search results; sends directory.search.get."""
    o2g.response = o2g.session(actor_name(actor)).call(RESULTS)


@when(parsers.re(ACTOR + r" reads the search results(?: of user (?P<behalf>[A-Z]))? until the search ends$"))
def read_until_end(o2g: World, actor: str, behalf: str | None) -> None:
    """Poll as the reference describes (L6555-6571): go on while NOK or OK, stop at FINISH or TIMEOUT.

    Each poll waits for its answer only; the reading gives up after the event timeout (the Then step says so).
    """
    session = o2g.session(actor_name(actor))
    deadline = time.monotonic() + o2g.settings.event_timeout
    polls: list[ApiResponse] = []
    while len(polls) < MAX_POLLS:
        response = session.call(RESULTS, query=_query(o2g, behalf))
        polls.append(response)
        code = response.json.get("resultCode") if isinstance(response.json, dict) else None
        if response.status != 200 or code not in ("NOK", "OK") or time.monotonic() > deadline:
            break
    o2g.values["directory:polls"] = polls
    o2g.response = polls[-1]


def _polls(o2g: World) -> list[ApiResponse]:
    polls = o2g.values.get("directory:polls")
    if not polls:
        raise AssertionError("no search results were read until the end in this scenario")
    return list(polls)


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


def found(o2g: World) -> list[dict[str, Any]]:
    return [c for r in _polls(o2g) for c in _contacts(r)]


# -- directory.search.delete -------------------------------------------------------------------------------------------


@given(parsers.re(ACTOR + r" has stopped its directory search$"))
@when(parsers.re(ACTOR + r" stops its directory search$"))
def stop_search(o2g: World, actor: str) -> None:
    """The actor stops its directory search; sends directory.search.delete."""
    o2g.response = o2g.session(actor_name(actor)).call(STOP)


# -- answers -----------------------------------------------------------------------------------------------------------


@then("the answer is 201 and locates the search results")
def created(o2g: World) -> None:
    """Checks that the answer is 201 and locates the search results."""
    response = last(o2g)
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
def every_poll_ok(o2g: World) -> None:
    """Checks that every answer is 200 with a SearchResult body."""
    for response in _polls(o2g):
        check_status(RESULTS, response.status, 200)
        check_body(RESULTS, response.status, body_of(response), target_version(o2g))


@then(parsers.re(r"the result codes follow the search lifecycle ending with (?P<code>FINISH|TIMEOUT)$"))
def lifecycle(o2g: World, code: str) -> None:
    """Checks that the result codes follow the search lifecycle ending with (FINISH|TIMEOUT)."""
    polls = _polls(o2g)
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


@then(parsers.re(r"the results include " + ROLES + r"$"))
def results_include(o2g: World, roles: str) -> None:
    """Checks that the results include user[s] {roles}."""
    contacts = found(o2g)
    for role in roles_in(roles):
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


@then(parsers.re(r"the results do not include " + ROLE + r"$"))
def results_exclude(o2g: World, role: str) -> None:
    """Checks that the results do not include user {role}: the search finds only the entries that match (L6771-6774)."""
    account = o2g.account(role)
    hits = [c for c in found(o2g) if contact_value(c, "id.loginName") == account.login]
    if hits:
        raise NonConformance(
            "the search finds only the entries that match (L6771-6774)",
            op_id=RESULTS,
            documented=f"no contact for {account.login}",
            received=hits,
        )


@then("every result satisfies the search criterion")
def results_satisfy(o2g: World) -> None:
    """Checks that every result satisfies the search criterion."""
    criterion = o2g.values.get("directory:criterion")
    if criterion is None:
        raise AssertionError("no search criterion was sent in this scenario")
    wrong = [c for c in found(o2g) if not satisfies(criterion, c)]
    if wrong:
        raise NonConformance(
            "ResultElement gives results which match the criterion (L6771-6774)",
            op_id=RESULTS,
            documented=criterion,
            received=wrong,
        )


@then("every result's names are typed with those keys")
def results_typed(o2g: World) -> None:
    """Checks that every result's names are typed with those keys."""
    last_keys, first_keys = o2g.values["directory:keys"]
    wrong = [
        c
        for c in found(o2g)
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


@then(parsers.re(r"the search found (?P<count>no|\d+) contacts?$"))
def found_count(o2g: World, count: str) -> None:
    """Checks that the search found {count} contact[s]: the number of results (the search limit, L6806-6807)."""
    wanted = 0 if count == "no" else int(count)
    contacts = found(o2g)
    if len(contacts) != wanted:
        raise NonConformance(
            "the number of results (the search limit, L6806-6807)",
            op_id=RESULTS,
            documented=f"{wanted} contact(s)",
            received=contacts,
        )
