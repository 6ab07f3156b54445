"""Directory search over HTTP: asynchronous lifecycle, criteria, DTMF, limits and purge on the virtual clock."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx
import pytest

from o2g_conformance.emulator.services.directory.models import DirectoryService

if TYPE_CHECKING:
    from .conftest import CheckError, Emulator

ADMIN = ("admin", "Adm1n-Pass")
ALICE = ("oxe70120", "1201")
API = "/api/rest/1.0"
BRUNO = ("oxe70121", "1211")
SEARCH = f"{API}/directory/search"
DTMF = f"{API}/directory/searchbydtmf"
L_NAMES = ["Lambert", "Lefebvre", "Lemoine", "Leroy", "Lucas"]


def leaf(field: str, operation: str, operand: str) -> dict[str, str]:
    return {"field": field, "operation": operation, "operand": operand}


def start(c: httpx.Client, filter_: dict[str, Any], **extra: Any) -> httpx.Response:
    r = c.post(SEARCH, json={"filter": filter_, **extra})
    assert r.status_code == 201, r.text
    return r


def collect(c: httpx.Client, **params: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Poll until FINISH or TIMEOUT: the result codes seen and every contact received."""
    codes: list[str] = []
    contacts: list[dict[str, Any]] = []
    for _ in range(50):
        r = c.get(SEARCH, params=params)
        assert r.status_code == 200, r.text
        body = r.json()
        codes.append(body["resultCode"])
        for element in body["resultElements"]:
            contacts.extend(element["contacts"])
        if body["resultCode"] in ("FINISH", "TIMEOUT"):
            return codes, contacts
    raise AssertionError(f"the search never ended: {codes}")


def last_names(c: httpx.Client, **params: str) -> list[str]:
    return [contact["lastName"] for contact in collect(c, **params)[1]]


# -- lifecycle ------------------------------------------------------------------------------------------------------


def test_search_lifecycle(emu: Emulator, alice: httpx.Client, check_error: CheckError) -> None:
    r = start(alice, leaf("lastName", "BEGIN_WITH", "L"))
    assert r.headers["location"] == f"{emu.url}{SEARCH}/"
    assert not r.content
    codes, contacts = collect(alice)
    assert codes == ["NOK", "OK", "FINISH"]
    assert [c["lastName"] for c in contacts] == L_NAMES
    # O2G users carry their login; OXE subscribers that are not O2G users only their number.
    assert contacts[3] == {
        "id": {"loginName": "oxe70128", "phoneNumber": "70128"},
        "firstName": "Ines",
        "lastName": "Leroy",
    }
    assert contacts[0] == {"id": {"phoneNumber": "70130"}, "firstName": "Karim", "lastName": "Lambert"}
    assert alice.get(SEARCH).json() == {"resultCode": "FINISH", "resultElements": []}  # stays ended
    assert alice.delete(SEARCH).status_code == 204
    check_error(alice.get(SEARCH), 400, "NOT_FOUND")
    check_error(alice.delete(SEARCH), 400, "NOT_FOUND")


def test_results_come_in_pages(alice: httpx.Client) -> None:
    start(alice, leaf("id.phoneNumber", "BEGIN_WITH", "701"))
    assert alice.get(SEARCH).json()["resultCode"] == "NOK"
    first = alice.get(SEARCH).json()
    second = alice.get(SEARCH).json()
    assert (first["resultCode"], len(first["resultElements"])) == ("OK", 10)
    assert (second["resultCode"], len(second["resultElements"])) == ("OK", 5)
    assert alice.get(SEARCH).json()["resultCode"] == "FINISH"


def test_search_without_match(alice: httpx.Client) -> None:
    start(alice, leaf("lastName", "EQUAL_IGNORE_CASE", "Nobody"))
    assert collect(alice) == (["NOK", "FINISH"], [])


def test_search_timeout(emu: Emulator, alice: httpx.Client) -> None:
    start(alice, leaf("id.phoneNumber", "BEGIN_WITH", "701"))
    assert alice.get(SEARCH).json()["resultCode"] == "NOK"
    assert alice.get(SEARCH).json()["resultCode"] == "OK"
    emu.advance(31)
    assert alice.get(SEARCH).json() == {"resultCode": "TIMEOUT", "resultElements": []}
    assert alice.get(SEARCH).json()["resultCode"] == "TIMEOUT"


def test_unused_search_is_purged_after_a_minute(emu: Emulator, alice: httpx.Client, check_error: CheckError) -> None:
    start(alice, leaf("lastName", "BEGIN_WITH", "L"))
    emu.advance(59)
    assert alice.get(SEARCH).status_code == 200  # used: the minute starts again
    emu.advance(59)
    assert alice.get(SEARCH).status_code == 200
    emu.advance(61)
    check_error(alice.get(SEARCH), 400, "NOT_FOUND")


def test_search_without_session(emu: Emulator, check_error: CheckError) -> None:
    c = emu.client()
    check_error(c.post(SEARCH, json={"filter": leaf("lastName", "BEGIN_WITH", "L")}), 403, "INVALID_SESSION")
    check_error(c.get(SEARCH), 403, "INVALID_SESSION")
    check_error(c.delete(SEARCH), 403, "INVALID_SESSION")
    check_error(c.post(DTMF, json={"keyboardType": "ITU", "lastName": "5"}), 403, "INVALID_SESSION")


def test_closing_the_session_frees_its_searches(emu: Emulator, alice: httpx.Client) -> None:
    start(alice, leaf("lastName", "BEGIN_WITH", "L"))
    start(alice, leaf("lastName", "BEGIN_WITH", "M"))
    assert emu.server.backend.state(DirectoryService).count() == 2
    assert alice.delete(f"{API}/sessions").status_code == 204
    assert emu.server.backend.state(DirectoryService).count() == 0


# -- criteria ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filter_", "expected"),
    [
        (leaf("lastName", "EQUAL_IGNORE_CASE", "leroy"), ["Leroy"]),
        (leaf("lastName", "CONTAIN", "ER"), ["Bernard", "Lambert", "Leroy", "Robert"]),
        (leaf("lastName", "END_WITH", "ard"), ["Bernard", "Richard"]),
        (leaf("firstName", "BEGIN_WITH", "ma"), ["Lemoine"]),
        (leaf("id.loginName", "EQUAL_IGNORE_CASE", "oxe70121"), ["Bernard"]),
        (leaf("id.loginName", "BEGIN_WITH", "oxe7013"), []),  # not O2G users: no login to match
        (leaf("id.phoneNumber", "EQUAL_IGNORE_CASE", "70133"), ["Garcia"]),
        (leaf("id.phoneNumber", "EQUAL_IGNORE_CASE", '"Reception"<70122>'), ["Dubois"]),
        (
            {
                "operation": "AND",
                "operand": [leaf("firstName", "BEGIN_WITH", "l"), leaf("lastName", "BEGIN_WITH", "l")],
            },
            ["Lefebvre"],
        ),
        (
            {
                "operation": "OR",
                "operand": [
                    leaf("lastName", "EQUAL_IGNORE_CASE", "petit"),
                    leaf("firstName", "EQUAL_IGNORE_CASE", "hugo"),
                ],
            },
            ["Durand", "Petit"],
        ),
        (
            {
                "operation": "AND",
                "operand": [
                    leaf("id.phoneNumber", "BEGIN_WITH", "7012"),
                    {
                        "operation": "OR",
                        "operand": [leaf("lastName", "BEGIN_WITH", "M"), leaf("lastName", "BEGIN_WITH", "D")],
                    },
                ],
            },
            ["Dubois", "Durand", "Martin", "Moreau"],
        ),
    ],
)
def test_criteria(alice: httpx.Client, filter_: dict[str, Any], expected: list[str]) -> None:
    start(alice, filter_)
    assert last_names(alice) == expected


@pytest.mark.parametrize(("limit", "count"), [(1, 1), (3, 3), (100, 15)])
def test_limit(alice: httpx.Client, limit: int, count: int) -> None:
    start(alice, leaf("id.phoneNumber", "BEGIN_WITH", "70"), limit=limit)
    assert len(collect(alice)[1]) == count


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"limit": 5},
        {"filter": leaf("lastName", "BEGIN_WITH", "L"), "limit": 0},
        {"filter": leaf("lastName", "BEGIN_WITH", "L"), "limit": 101},
        {"filter": leaf("lastName", "BEGIN_WITH", "L"), "limit": "5"},
        {"filter": leaf("nickName", "BEGIN_WITH", "L")},
        {"filter": leaf("lastName", "LIKE", "L")},
        {"filter": {"operation": "BEGIN_WITH", "operand": "L"}},
        {"filter": {"field": "lastName", "operation": "BEGIN_WITH", "operand": ["L"]}},
        {"filter": {"operation": "AND", "operand": "L"}},
        {"filter": {"operation": "OR", "operand": []}},
        {"filter": "lastName=L"},
    ],
)
def test_search_bad_request(alice: httpx.Client, body: dict[str, Any], check_error: CheckError) -> None:
    check_error(alice.post(SEARCH, json=body), 400, "BAD_PARAMETER")
    check_error(alice.get(SEARCH), 400, "NOT_FOUND")  # nothing was started


def test_search_too_deep_filter(alice: httpx.Client, check_error: CheckError) -> None:
    filter_: dict[str, Any] = leaf("lastName", "BEGIN_WITH", "L")
    for _ in range(8):
        filter_ = {"operation": "AND", "operand": [filter_]}
    check_error(alice.post(SEARCH, json={"filter": filter_}), 400, "BAD_PARAMETER")


# -- search by DTMF ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"keyboardType": "ITU", "lastName": "5"}, L_NAMES),  # the reference example, L6694-6700
        ({"keyboardType": "ITU", "lastName": "53"}, ["Lefebvre", "Lemoine", "Leroy"]),
        ({"keyboardType": "ITU", "lastName": "53", "firstName": "4"}, ["Leroy"]),
        ({"keyboardType": "CCITT", "lastName": "5"}, L_NAMES),
        ({"keyboardType": "ITU", "lastName": "5", "limit": 2}, ["Lambert", "Lefebvre"]),
        ({"keyboardType": "ITU", "lastName": "999"}, []),
    ],
)
def test_search_by_dtmf(emu: Emulator, alice: httpx.Client, body: dict[str, Any], expected: list[str]) -> None:
    r = alice.post(DTMF, json=body)
    assert r.status_code == 201, r.text
    assert r.headers["location"] == f"{emu.url}{SEARCH}/"
    assert last_names(alice) == expected


@pytest.mark.parametrize(
    "body",
    [
        {"lastName": "5"},
        {"keyboardType": "AZERTY", "lastName": "5"},
        {"keyboardType": "ITU"},
        {"keyboardType": "ITU", "lastName": "L"},
        {"keyboardType": "ITU", "lastName": ""},
        {"keyboardType": "ITU", "lastName": 5},
        {"keyboardType": "ITU", "lastName": "5", "firstName": "A"},
        {"keyboardType": "ITU", "lastName": "5", "limit": 0},
    ],
)
def test_search_by_dtmf_bad_request(alice: httpx.Client, body: dict[str, Any], check_error: CheckError) -> None:
    check_error(alice.post(DTMF, json=body), 400, "BAD_PARAMETER")


# -- limits -----------------------------------------------------------------------------------------------------


def test_five_searches_per_session(emu: Emulator, alice: httpx.Client, check_error: CheckError) -> None:
    for _ in range(5):
        start(alice, leaf("lastName", "BEGIN_WITH", "L"))
    check_error(alice.post(SEARCH, json={"filter": leaf("lastName", "BEGIN_WITH", "L")}), 400, "NOT_EXPECTED")
    check_error(alice.post(DTMF, json={"keyboardType": "ITU", "lastName": "5"}), 400, "NOT_EXPECTED")
    # Another session of the system is not affected.
    start(emu.session(BRUNO), leaf("lastName", "BEGIN_WITH", "L"))
    # Stopping the current search frees it and the ones it superseded.
    assert alice.delete(SEARCH).status_code == 204
    for _ in range(5):
        start(alice, leaf("lastName", "BEGIN_WITH", "L"))


def test_superseded_searches_are_purged_after_a_minute(emu: Emulator, alice: httpx.Client) -> None:
    for _ in range(5):
        start(alice, leaf("lastName", "BEGIN_WITH", "L"))
    emu.advance(61)
    start(alice, leaf("lastName", "BEGIN_WITH", "M"))
    assert last_names(alice) == ["Martin", "Moreau"]


def test_hundred_searches_in_the_system(emu: Emulator, check_error: CheckError) -> None:
    for _ in range(20):
        admin = emu.session(ADMIN)
        for _ in range(5):
            start(admin, leaf("lastName", "BEGIN_WITH", "L"))
    alice = emu.session(ALICE)
    check_error(alice.post(SEARCH, json={"filter": leaf("lastName", "BEGIN_WITH", "L")}), 503, "SERVER_PROBLEM")
    emu.advance(61)  # every context is unused for a minute: all freed
    start(alice, leaf("lastName", "BEGIN_WITH", "L"))


# -- administrators ---------------------------------------------------------------------------------------------


def test_admin_searches_for_itself_and_for_users(emu: Emulator, admin: httpx.Client, check_error: CheckError) -> None:
    start(admin, leaf("lastName", "BEGIN_WITH", "M"))
    r = admin.post(SEARCH, params={"loginName": "oxe70121"}, json={"filter": leaf("lastName", "BEGIN_WITH", "D")})
    assert r.status_code == 201
    assert r.headers["location"] == f"{emu.url}{SEARCH}/?loginName=oxe70121"
    assert last_names(admin, loginName="oxe70121") == ["Dubois", "Durand"]
    assert last_names(admin) == ["Martin", "Moreau"]
    check_error(admin.get(SEARCH, params={"loginName": "oxe70122"}), 400, "NOT_FOUND")
    assert admin.delete(SEARCH, params={"loginName": "oxe70121"}).status_code == 204
    check_error(admin.get(SEARCH, params={"loginName": "oxe70121"}), 400, "NOT_FOUND")


def test_admin_names_an_unknown_user(admin: httpx.Client, check_error: CheckError) -> None:
    r = admin.post(SEARCH, params={"loginName": "oxe79999"}, json={"filter": leaf("lastName", "BEGIN_WITH", "L")})
    check_error(r, 400, "NOT_FOUND")


def test_user_session_ignores_login_name(alice: httpx.Client) -> None:
    # loginName "is ignored if the Session identifier matches a user account" (L6521-6524).
    r = alice.post(SEARCH, params={"loginName": "oxe70121"}, json={"filter": leaf("lastName", "BEGIN_WITH", "L")})
    assert r.status_code == 201 and r.headers["location"].endswith(f"{SEARCH}/")
    assert last_names(alice) == L_NAMES
