"""Malformed requests get the documented RestErrorInfo body (L307-320), never a framework page or a trace.

Each row: who sends it (nobody, a credential without session, a user session), the request, and the
documented answer. A second table lists odd but legitimate requests real clients send (wire-facts,
start-up 6), which must succeed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from tests.emulator.emulator_support import ALICE, Api

API = "/api/rest/1.0"
JSON = {"Content-Type": "application/json"}
DEEP = b"[" * 100_000 + b"]" * 100_000
GIANT_INT = b'{"applicationName": "x", "timeToLive": ' + b"9" * 5000 + b"}"


@dataclass(frozen=True)
class Bad:
    who: str  # "none" | "credential" | "user"
    method: str
    path: str
    status: int
    type: str
    content: bytes | None = None
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    allow: str | None = None


def _json(value: Any) -> bytes:
    return json.dumps(value).encode()


BAD: dict[str, Bad] = {
    # -- bodies that are not JSON, or not the JSON the operation takes
    "malformed JSON": Bad(
        "credential", "POST", f"{API}/sessions", 400, "BAD_PARAMETER", b'{"applicationName": ', headers=JSON
    ),
    "JSON array body": Bad("credential", "POST", f"{API}/sessions", 400, "BAD_PARAMETER", body=["applicationName"]),
    "JSON string body": Bad("credential", "POST", f"{API}/sessions", 400, "BAD_PARAMETER", body="applicationName"),
    "JSON null body": Bad("credential", "POST", f"{API}/sessions", 400, "BAD_PARAMETER", b"null", headers=JSON),
    "NaN body": Bad("credential", "POST", f"{API}/sessions", 400, "BAD_PARAMETER", b"NaN", headers=JSON),
    "empty body on POST /sessions": Bad(
        "credential", "POST", f"{API}/sessions", 400, "BAD_PARAMETER", b"", headers=JSON
    ),
    "not UTF-8": Bad("credential", "POST", f"{API}/sessions", 400, "BAD_PARAMETER", b"\xff\xfe\x00{", headers=JSON),
    "nested 100000 deep": Bad("credential", "POST", f"{API}/sessions", 400, "BAD_PARAMETER", DEEP, headers=JSON),
    "5000-digit integer": Bad("credential", "POST", f"{API}/sessions", 400, "BAD_PARAMETER", GIANT_INT, headers=JSON),
    "form-encoded body": Bad(
        "credential",
        "POST",
        f"{API}/sessions",
        400,
        "BAD_PARAMETER",
        b"applicationName=x",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    ),
    "XML body": Bad(
        "user",
        "POST",
        f"{API}/subscriptions",
        400,
        "BAD_PARAMETER",
        b"<filter/>",
        headers={"Content-Type": "application/xml"},
    ),
    "text/plain garbage": Bad(
        "user",
        "POST",
        f"{API}/subscriptions",
        400,
        "BAD_PARAMETER",
        b"subscribe me",
        headers={"Content-Type": "text/plain"},
    ),
    # -- wrong JSON types and missing mandatory fields
    "missing applicationName": Bad("credential", "POST", f"{API}/sessions", 400, "BAD_PARAMETER", body={}),
    "applicationName a number": Bad(
        "credential", "POST", f"{API}/sessions", 400, "BAD_PARAMETER", body={"applicationName": 42}
    ),
    "applicationName of 100k chars": Bad(
        "credential", "POST", f"{API}/sessions", 400, "BAD_PARAMETER", body={"applicationName": "é" * 100_000}
    ),
    "timeToLive a string": Bad(
        "credential",
        "POST",
        f"{API}/sessions",
        400,
        "BAD_PARAMETER",
        body={"applicationName": "x", "timeToLive": "long"},
    ),
    "timeToLive a boolean": Bad(
        "credential", "POST", f"{API}/sessions", 400, "BAD_PARAMETER", body={"applicationName": "x", "timeToLive": True}
    ),
    "timeToLive zero": Bad(
        "credential", "POST", f"{API}/sessions", 400, "BAD_PARAMETER", body={"applicationName": "x", "timeToLive": 0}
    ),
    "supervisedAccount a string": Bad(
        "credential",
        "POST",
        f"{API}/sessions",
        400,
        "BAD_PARAMETER",
        body={"applicationName": "x", "supervisedAccount": "oxe70121"},
    ),
    "supervisedAccount of an unknown type": Bad(
        "credential",
        "POST",
        f"{API}/sessions",
        400,
        "BAD_PARAMETER",
        body={"applicationName": "x", "supervisedAccount": {"type": "EMAIL", "id": "a@b"}},
    ),
    "subscription without version": Bad(
        "user", "POST", f"{API}/subscriptions", 400, "BAD_PARAMETER", body={"filter": {}}
    ),
    "subscription timeout a string": Bad(
        "user", "POST", f"{API}/subscriptions", 400, "BAD_PARAMETER", body={"version": "1.0", "timeout": "ten"}
    ),
    "update with a list": Bad(
        "user", "PUT", f"{API}/subscriptions", 400, "BAD_PARAMETER", body=[{"names": ["telephony"]}]
    ),
    # -- unknown paths, traversal-ish and odd paths
    "unknown path": Bad("user", "GET", f"{API}/nothing", 404, "NOT_FOUND"),
    "unknown API version": Bad("user", "GET", "/api/rest/2.0/sessions", 404, "NOT_FOUND"),
    "outside the API": Bad("none", "GET", "/index.html", 404, "NOT_FOUND"),
    "dot-dot traversal": Bad("none", "GET", f"{API}/%2e%2e/%2e%2e/%2e%2e/etc/passwd", 404, "NOT_FOUND"),
    "encoded slashes in an id": Bad("user", "DELETE", f"{API}/subscriptions/..%2F..%2Fsessions", 404, "NOT_FOUND"),
    "path parameter suffix": Bad("user", "GET", f"{API}/sessions;jsessionid=abc", 404, "NOT_FOUND"),
    "NUL byte in the path": Bad("user", "GET", f"{API}/sess%00ions", 404, "NOT_FOUND"),
    "4000-char path": Bad("user", "GET", f"{API}/" + "a" * 4000, 404, "NOT_FOUND"),
    "unicode subscription id": Bad("user", "DELETE", f"{API}/subscriptions/%F0%9F%98%80", 400, "NOT_FOUND"),
    # -- wrong methods
    "PUT /sessions": Bad("user", "PUT", f"{API}/sessions", 405, "NOT_SUPPORTED", allow="DELETE, GET, POST"),
    "GET /sessions/keepalive": Bad("user", "GET", f"{API}/sessions/keepalive", 405, "NOT_SUPPORTED", allow="POST"),
    "PATCH /subscriptions": Bad("user", "PATCH", f"{API}/subscriptions", 405, "NOT_SUPPORTED", allow="POST, PUT"),
    "POST /authenticate": Bad("none", "POST", "/api/rest/authenticate?version=1.0", 405, "NOT_SUPPORTED", allow="GET"),
    "unknown method FOO": Bad("none", "FOO", "/api/rest", 405, "NOT_SUPPORTED", allow="GET"),
    "OPTIONS": Bad("none", "OPTIONS", f"{API}/sessions", 405, "NOT_SUPPORTED", allow="DELETE, GET, POST"),
    # -- cookies and authorization
    "no cookie": Bad("none", "GET", f"{API}/sessions", 403, "INVALID_SESSION"),
    "garbage cookie": Bad(
        "none", "GET", f"{API}/sessions", 403, "INVALID_SESSION", headers={"Cookie": "AlcUserId=garbage"}
    ),
    "empty cookie": Bad(
        "none", "POST", f"{API}/sessions/keepalive", 403, "INVALID_SESSION", headers={"Cookie": "AlcUserId="}
    ),
    "mangled cookie header": Bad(
        "none", "GET", f"{API}/sessions", 403, "INVALID_SESSION", headers={"Cookie": ";;;===;AlcUserId"}
    ),
    "forged token": Bad(
        "none",
        "DELETE",
        f"{API}/sessions",
        403,
        "INVALID_SESSION",
        headers={"Cookie": "AlcUserId=eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9."},
    ),
    "credential without session": Bad("credential", "GET", f"{API}/sessions", 403, "INVALID_SESSION"),
    "garbage Authorization": Bad(
        "none", "GET", "/api/rest/authenticate?version=1.0", 401, "NOT_ALLOWED", headers={"Authorization": "Basic %%%"}
    ),
    # -- query parameters
    "authenticate version not a number": Bad(
        "none",
        "GET",
        "/api/rest/authenticate?version=abc",
        400,
        "BAD_PARAMETER",
        headers={"Authorization": "Basic eDp5"},
    ),
    "update names an unknown subscription": Bad(
        "user", "PUT", f"{API}/subscriptions?subscriptionId=nope", 400, "NOT_FOUND", body={"selectors": []}
    ),
    "polling without subscriptionId": Bad("none", "GET", f"{API}/OTEvents?subscriptionId[]=x", 400, "BAD_PARAMETER"),
    # -- the control API answers the same way
    "control: unknown route": Bad("none", "GET", "/__emulator__/nothing", 404, "NOT_FOUND"),
    "control: wrong method": Bad("none", "GET", "/__emulator__/reset", 405, "NOT_SUPPORTED", allow="POST"),
    "control: seconds a string": Bad(
        "none", "POST", "/__emulator__/clock/advance", 400, "BAD_PARAMETER", body={"seconds": "60"}
    ),
    "control: seconds negative": Bad(
        "none", "POST", "/__emulator__/clock/advance", 400, "BAD_PARAMETER", body={"seconds": -1}
    ),
    "control: seconds infinite": Bad(
        "none", "POST", "/__emulator__/clock/advance", 400, "BAD_PARAMETER", b'{"seconds": 1e999}', headers=JSON
    ),
    "control: malformed JSON": Bad(
        "none", "POST", "/__emulator__/clock/advance", 400, "BAD_PARAMETER", b"{", headers=JSON
    ),
    "control: body not an object": Bad("none", "POST", "/__emulator__/events", 400, "BAD_PARAMETER", body=[1]),
    "control: undocumented event": Bad(
        "none", "POST", "/__emulator__/events", 400, "BAD_PARAMETER", body={"event": {"eventName": "OnNope"}}
    ),
    "control: unreadable topology": Bad(
        "none", "POST", "/__emulator__/reset", 400, "BAD_PARAMETER", body={"topology": "/nonexistent.yaml"}
    ),
}


def _client(api: Api, who: str) -> httpx.Client:
    if who == "user":
        return api.session(ALICE)
    if who == "credential":
        return api.authenticate(*ALICE)
    return api.client()


@pytest.mark.parametrize("case", BAD.values(), ids=list(BAD))
def test_malformed_requests_get_the_documented_error_body(api: Api, case: Bad) -> None:
    c = _client(api, case.who)
    content = case.content if case.body is None else _json(case.body)
    headers = case.headers if case.body is None else {**JSON, **case.headers}
    r = c.request(case.method, case.path, content=content, headers=headers)
    body = Api.check_error(r, case.status, case.type)
    assert set(body) == {"httpStatus", "code", "helpMessage", "type", "innerMessage", "canRetry"}
    if case.allow is not None:
        assert r.headers["Allow"] == case.allow
    assert api.client().get("/api/rest").status_code == 200  # and the emulator is still fine


@dataclass(frozen=True)
class Odd:
    method: str
    path: str
    status: int
    content: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


ODD: dict[str, Odd] = {
    "{} body on GET": Odd("GET", f"{API}/sessions", 200, b"{}", JSON),
    "garbage body on GET": Odd("GET", f"{API}/sessions", 200, b"not json at all"),
    "{} body on DELETE subscription": Odd("DELETE", f"{API}/subscriptions/{{sub}}", 204, b"{}", JSON),
    "{} body on DELETE session": Odd("DELETE", f"{API}/sessions", 204, b"{}", JSON),
    "JSON content type on a bodiless keepalive": Odd("POST", f"{API}/sessions/keepalive", 204, None, JSON),
    "{} body on keepalive": Odd("POST", f"{API}/sessions/keepalive", 204, b"{}", JSON),
    "Accept */*": Odd("GET", f"{API}/sessions", 200, headers={"Accept": "*/*"}),
    "Accept text/plain": Odd("GET", f"{API}/sessions", 200, headers={"Accept": "text/plain"}),
    "trailing slash": Odd("GET", f"{API}/sessions/", 200),
    "JSON as text/plain": Odd(
        "POST",
        f"{API}/subscriptions",
        200,
        b'{"version":"1.0","filter":{"selectors":[{"names":["telephony"]}]}}',
        {"Content-Type": "text/plain"},
    ),
    "charset parameter": Odd(
        "PUT",
        f"{API}/subscriptions",
        204,
        b'{"selectors":[{"names":["telephony"]}]}',
        {"Content-Type": "application/json; charset=UTF-8"},
    ),
    "unicode values": Odd(
        "POST",
        f"{API}/subscriptions",
        200,
        _json({"version": "1.0", "filter": {"selectors": [{"names": ["user"]}]}, "sessionId": "Zoë 北京 🎉"}),
        JSON,
    ),
}


@pytest.mark.parametrize("case", ODD.values(), ids=list(ODD))
def test_odd_but_legitimate_requests_succeed(api: Api, case: Odd) -> None:
    c = api.session(ALICE)
    sub = api.subscribe(c, {"names": ["telephony"]})["subscriptionId"]
    r = c.request(case.method, case.path.format(sub=sub), content=case.content, headers=case.headers)
    assert r.status_code == case.status, r.text
