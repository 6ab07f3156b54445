"""Sessions (L665-1124): TTL on the virtual clock, keepalive, single open, supervision, otherSessions."""

from __future__ import annotations

import httpx
import pytest

from o2g_conformance.emulator.core.sessions import EXPIRY_GRACE, PURGE_PERIOD
from tests.emulator.emulator_support import ADMIN, ALICE, OPERATOR, Api

SESSIONS = "/api/rest/1.0/sessions"
KEEPALIVE = SESSIONS + "/keepalive"


def _alive(c: httpx.Client) -> bool:
    r = c.get(SESSIONS)
    if r.status_code == 403:
        Api.check_error(r, 403, "INVALID_SESSION")
        return False
    assert r.status_code == 200, r.text
    return True


def test_a_user_session_describes_itself(api: Api) -> None:
    body = api.session(ALICE).get(SESSIONS).json()
    assert body["admin"] is False and body["login"] == "oxe70120"
    assert body["timeToLive"] == 1800  # default (L269, L994)
    assert body["creationDate"] == "2026-01-05T09:00:00.000Z"
    assert body["publicBaseUrl"] == f"{api.url}/api/rest/1.0"
    names = {s["serviceName"].lower() for s in body["services"]}
    assert {"subscriptions", "telephony", "users"} <= names  # wire-facts, start-up 3
    assert "usermanagement" not in names
    assert body["otherSessions"] == []


def test_an_administrator_session_lists_the_administration_services(api: Api) -> None:
    body = api.session(ADMIN).get(SESSIONS).json()
    assert body["admin"] is True and body["login"] == "admin"
    names = {s["serviceName"].lower() for s in body["services"]}
    assert {"subscriptions", "usermanagement", "maintenance"} <= names


def test_a_session_expires_after_its_ttl_plus_a_grace(api: Api) -> None:
    c = api.session(ALICE)
    api.advance(1800)  # Java and C# clients keep alive at exactly the TTL (wire-facts, start-up 4)
    assert c.post(KEEPALIVE).status_code == 204
    api.advance(1800 + EXPIRY_GRACE)
    Api.check_error(c.get(SESSIONS), 403, "INVALID_SESSION")
    assert api.state()["sessions"] == []


def test_the_expiry_timer_fires_without_any_request(api: Api) -> None:
    api.session(ALICE)
    assert len(api.state()["sessions"]) == 1
    api.advance(1800 + EXPIRY_GRACE)
    assert api.state()["sessions"] == []


def test_a_custom_time_to_live(api: Api) -> None:
    c = api.session(ALICE, timeToLive=60)
    assert c.get(SESSIONS).json()["timeToLive"] == 60
    api.advance(60 + EXPIRY_GRACE - 1)
    assert _alive(c)
    api.advance(60 + EXPIRY_GRACE)
    assert not _alive(c)


@pytest.mark.parametrize("request_kind", ["keepalive", "get"])
def test_keepalive_and_any_request_restart_the_timer(api: Api, request_kind: str) -> None:
    c = api.session(ALICE)
    for _ in range(3):
        api.advance(1500)
        r = c.post(KEEPALIVE) if request_kind == "keepalive" else c.get(SESSIONS)
        assert r.status_code in (200, 204)
    assert api.state()["sessions"][0]["remaining"] == 1800
    api.advance(1800 + EXPIRY_GRACE)
    assert not _alive(c)


def test_keepalive_accepts_a_json_content_type_without_body(api: Api) -> None:
    c = api.session(ALICE)
    assert c.post(KEEPALIVE, headers={"Content-Type": "application/json"}).status_code == 204


def test_a_session_opens_only_once_per_credential(api: Api) -> None:
    c = api.session(ALICE)
    r = c.post(SESSIONS, json={"applicationName": "again"})
    Api.check_error(r, 403, "NOT_ALLOWED")


def test_opening_without_credential_or_with_an_unknown_one_is_403(api: Api) -> None:
    r = api.client().post(SESSIONS, json={"applicationName": "t"})
    Api.check_error(r, 403, "INVALID_SESSION")
    forged = api.client(cookies={"AlcUserId": "eyJhbGciOiJIUzI1NiJ9.e30.forged"})
    r = forged.post(SESSIONS, json={"applicationName": "t"})
    Api.check_error(r, 403, "INVALID_SESSION")


def test_a_closed_session_refuses_every_request(api: Api) -> None:
    c = api.session(ALICE)
    assert c.delete(SESSIONS).status_code == 204
    for method, path in (("GET", SESSIONS), ("POST", KEEPALIVE), ("DELETE", SESSIONS)):
        Api.check_error(c.request(method, path), 403, "INVALID_SESSION")
    sub = c.post("/api/rest/1.0/subscriptions", json={"version": "1.0", "filter": {"selectors": []}})
    Api.check_error(sub, 403, "INVALID_SESSION")


@pytest.mark.parametrize(
    ("kind", "ident", "login"),
    [("LOGIN_NAME", "oxe70121", "oxe70121"), ("PHONE_NUMBER", "70520", "oxe70120")],
)
def test_a_supervisor_opens_a_session_on_behalf_of_a_user(api: Api, kind: str, ident: str, login: str) -> None:
    c = api.session(ADMIN, supervisedAccount={"type": kind, "id": ident})
    body = c.get(SESSIONS).json()
    assert body["login"] == login and body["admin"] is False
    # The supervised session acts as the user: a user subscription without ids is its own.
    assert api.subscribe(c, {"names": ["telephony"]})["status"] == "ACCEPTED"


def test_an_administrator_without_the_supervisor_role_cannot_supervise(api: Api) -> None:
    c = api.authenticate(*OPERATOR)
    r = c.post(SESSIONS, json={"applicationName": "t", "supervisedAccount": {"type": "LOGIN_NAME", "id": "oxe70121"}})
    Api.check_error(r, 403, "NOT_ALLOWED")


def test_a_user_cannot_supervise(api: Api) -> None:
    c = api.authenticate(*ALICE)
    r = c.post(SESSIONS, json={"applicationName": "t", "supervisedAccount": {"type": "LOGIN_NAME", "id": "oxe70121"}})
    Api.check_error(r, 403, "NOT_ALLOWED")


def test_supervising_an_unknown_user_is_refused(api: Api) -> None:
    c = api.authenticate(*ADMIN)
    r = c.post(SESSIONS, json={"applicationName": "t", "supervisedAccount": {"type": "PHONE_NUMBER", "id": "99999"}})
    Api.check_error(r, 400, "NOT_FOUND")  # 404 is not documented for POST /sessions: 400 with type NOT_FOUND


def test_other_sessions_of_the_same_user_until_the_purge(api: Api) -> None:
    first = api.session(ALICE)
    second = api.session(ALICE)
    api.session(("oxe70121", "1211"))  # someone else: never listed
    second_id = second.cookies["JSESSIONID"]
    api.advance(200)
    others = first.get(SESSIONS).json()["otherSessions"]
    assert [(o["sessionId"], o["timeToLive"]) for o in others] == [(second_id, 1600)]
    assert others[0]["creationDate"] == "2026-01-05T09:00:00.000Z"
    assert [o["timeToLive"] for o in second.get(SESSIONS).json()["otherSessions"]] == [1800]  # first just acted
    api.advance(PURGE_PERIOD - 200)  # a purge falls here, with nothing finished to purge
    assert second.delete(SESSIONS).status_code == 204
    others = first.get(SESSIONS).json()["otherSessions"]
    assert [(o["sessionId"], o["timeToLive"]) for o in others] == [(second_id, 0)]
    api.advance(PURGE_PERIOD)
    assert first.get(SESSIONS).json()["otherSessions"] == []
