"""Property-based fuzzing of the emulator from the catalog (hypothesis).

Requests are generated from the documented operations: documented or odd methods, path parameters of any
text, query parameters, bodies of the documented shape with values of any type, bodies of any JSON shape,
bytes that are not JSON, valid, stale or forged session cookies and authorisation headers. Properties:

- no answer is a 500 (an emulator failure), and every 5xx carries a RestErrorInfo;
- every error answer is the documented RestErrorInfo (L311-320) with `httpStatus` naming the status line;
- the process stays up (the root descriptor answers after the run).

The normal test run sends FUZZ_EXAMPLES (300) requests, derandomised (the same ones every run). The long
run: `O2G_FUZZ_EXAMPLES=10000 pytest tests/fuzz -s` prints its counts per status class.
"""

from __future__ import annotations

import collections
import json
import os
import string
from collections.abc import Iterator
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from o2g_conformance.catalog import Operation, load_catalog
from o2g_conformance.emulator.server import FROZEN, EmulatorServer

FUZZ_EXAMPLES = int(os.environ.get("O2G_FUZZ_EXAMPLES", "300"))
API = "/api/rest/1.0"
REST_ERROR_KEYS = {"httpStatus", "code", "helpMessage", "type", "innerMessage", "canRetry"}
ODD_METHODS = ("PATCH", "OPTIONS", "HEAD", "PROPFIND", "TRACE", "CONNECT", "FOO")
ACCOUNTS = {"user": ("oxe70120", "1201"), "admin": ("admin", "Adm1n-Pass"), "agent": ("oxe70125", "1251")}
KNOWN_VALUES = (
    "oxe70120", "oxe70121", "oxe70125", "oxe70128", "70120", "70121", "7", "79200", "79000", "1", "0", "-1",
    "Subscriber", "monday", "20261225", "",
)  # fmt: skip
ASCII = string.ascii_letters + string.digits + string.punctuation + " "


def _operations() -> list[Operation]:
    return [op for op in load_catalog().operations() if op.section != "Introduction"]


def _json_values() -> st.SearchStrategy[Any]:
    leaves = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
    return st.recursive(
        leaves,
        lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
        max_leaves=12,
    )


def _documented_body(op: Operation) -> st.SearchStrategy[Any]:
    """An object with the fields of the operation's body representation (nested ones too), values of any type."""
    rep = load_catalog().representation(op.section, op.body) if op.body else None
    if rep is None or rep.kind != "object":
        return _json_values()
    names = [f.name.strip() for f in rep.fields]
    return st.dictionaries(st.sampled_from(names), _json_values(), max_size=len(names))


@st.composite
def requests(draw: st.DrawFn) -> dict[str, Any]:
    op = draw(st.sampled_from(_operations()))
    method = draw(st.sampled_from((op.method,) * 40 + ODD_METHODS))
    params = {
        name: draw(st.sampled_from(KNOWN_VALUES) | st.sampled_from(KNOWN_VALUES) | st.text(max_size=40))
        for name in op.path_params
    }
    path = op.url_path
    for name, value in params.items():
        path = path.replace("{" + name + "}", quote(value, safe="") or "%20")
    query = draw(
        st.dictionaries(
            st.sampled_from([p.name for p in op.query_params] + ["loginName", "x"]),
            st.sampled_from(KNOWN_VALUES) | st.text(alphabet=ASCII, max_size=20),
            max_size=3,
        )
    )
    body_kind = draw(st.sampled_from(["none", "documented", "any", "bytes"]))
    content: bytes | None = None
    if body_kind == "documented":
        content = json.dumps(draw(_documented_body(op))).encode()
    elif body_kind == "any":
        content = json.dumps(draw(_json_values())).encode()
    elif body_kind == "bytes":
        content = draw(st.binary(max_size=64))
    return {
        "method": method,
        "path": path,
        "query": query,
        "content": content,
        "who": draw(st.sampled_from(["user", "admin", "agent"] * 4 + ["none", "forged", "stale"])),
        # Any visible text: h11 refuses to send a header value with blanks at its ends.
        "authorization": draw(st.none() | st.none() | st.text(alphabet=ASCII, min_size=1, max_size=40).map(str.strip)),
        "content_type": draw(st.sampled_from(["application/json", "text/plain", "", "application/json; charset=x"])),
    }


class Sessions:
    """Session cookies of a few accounts, reopened when the fuzzing closed them (or deleted their user)."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client
        self.cookies: dict[str, str] = {}
        self.stale = self._open(*ACCOUNTS["user"])  # the credential of a closed session
        self.client.cookies.set("AlcUserId", self.stale)
        closed = self.client.delete(f"{API}/sessions")
        self.client.cookies.clear()
        assert closed.status_code == 204, closed.text

    def cookie(self, who: str) -> str | None:
        if who == "none":
            return None
        if who == "forged":
            return "forged-" + "x" * 40
        if who == "stale":
            return self.stale
        if who not in self.cookies:
            self.cookies[who] = self._open(*ACCOUNTS[who])
        return self.cookies[who]

    def answered(self, who: str, r: httpx.Response) -> None:
        """A session the fuzzing closed (or whose user it deleted) is reopened for the next request."""
        if who in self.cookies and r.status_code == 403 and '"INVALID_SESSION"' in r.text:
            del self.cookies[who]

    def _open(self, login: str, password: str) -> str:
        c = self.client
        c.cookies.clear()
        r = c.get("/api/rest/authenticate", params={"version": "1.0"}, auth=(login, password))
        if r.status_code != 200:  # the fuzzing deleted or changed the account: start again
            c.post("/__emulator__/reset")
            self.cookies.clear()
            r = c.get("/api/rest/authenticate", params={"version": "1.0"}, auth=(login, password))
        assert r.status_code == 200, r.text
        credential = str(r.json()["credential"])  # the client's jar holds it as the AlcUserId cookie
        opened = c.post(f"{API}/sessions", json={"applicationName": "fuzz", "timeToLive": 86400})
        assert opened.status_code == 200, opened.text
        c.cookies.clear()
        return credential


@pytest.fixture(scope="module")
def fuzz_server() -> Iterator[EmulatorServer]:
    server = EmulatorServer(port=0, **FROZEN).start()
    yield server
    server.stop()


def check(r: httpx.Response, method: str) -> str | None:
    """What is wrong with an answer (None: nothing)."""
    if r.status_code == 500:
        return "500: an emulator failure"
    if r.status_code < 400 or method == "HEAD":
        return None
    try:
        body = r.json()
    except ValueError:
        return f"{r.status_code} without a JSON RestErrorInfo body: {r.text[:200]!r}"
    if not isinstance(body, dict) or not set(body) >= REST_ERROR_KEYS:
        return f"{r.status_code} with a body that is not a RestErrorInfo: {r.text[:200]}"
    if body["httpStatus"] != HTTPStatus(r.status_code).name:
        return f"status line {r.status_code} but httpStatus {body['httpStatus']!r}"
    row = load_catalog().error_table().get(body["type"])
    if row is None or row["code"] != body["code"]:
        return f"undocumented error type or code: {body['type']!r} {body['code']!r}"
    return None


def test_generated_requests_get_documented_answers(
    fuzz_server: EmulatorServer, capsys: pytest.CaptureFixture[str]
) -> None:
    counts: collections.Counter[str] = collections.Counter()
    client = httpx.Client(base_url=fuzz_server.url, timeout=30.0)
    sessions = Sessions(client)

    @settings(
        max_examples=FUZZ_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(req=requests())
    def one(req: dict[str, Any]) -> None:
        headers = {"Content-Type": req["content_type"]} if req["content_type"] else {}
        if req["authorization"]:
            headers["Authorization"] = req["authorization"]
        cookie = sessions.cookie(req["who"])
        client.cookies.clear()
        if cookie:
            client.cookies.set("AlcUserId", cookie)
        r = client.request(req["method"], req["path"], params=req["query"], content=req["content"], headers=headers)
        client.cookies.clear()  # what the answer set (a new session id) is not carried over
        sessions.answered(req["who"], r)
        counts["requests"] += 1
        counts[f"{r.status_code // 100}xx"] += 1
        problem = check(r, req["method"])
        if problem is not None:
            counts["problems"] += 1
        assert problem is None, f"{req['method']} {req['path']} {req['query']}: {problem}"

    try:
        one()
    finally:
        client.close()
        with capsys.disabled():
            print(f"\nfuzz: {dict(sorted(counts.items()))}")
    root = httpx.get(f"{fuzz_server.url}/api/rest")  # the process is still up and serving
    assert root.status_code == 200
    assert counts["requests"] >= FUZZ_EXAMPLES and counts["5xx"] == 0 and counts["problems"] == 0


def test_the_checks_fail_on_wrong_answers() -> None:
    """The property's checks are not vacuous: each wrong answer is caught."""
    ok = {"httpStatus": "BAD_REQUEST", "code": 1006, "helpMessage": "h", "type": "BAD_PARAMETER"}
    ok |= {"innerMessage": "i", "canRetry": True}
    assert check(httpx.Response(400, json=ok), "GET") is None
    assert check(httpx.Response(500, json={**ok, "httpStatus": "INTERNAL_SERVER_ERROR"}), "GET") is not None
    assert check(httpx.Response(404, json=ok), "GET") is not None  # httpStatus does not name 404
    assert check(httpx.Response(400, text="oops"), "GET") is not None
    assert check(httpx.Response(400, json={"error": "x"}), "GET") is not None
    assert check(httpx.Response(400, json={**ok, "code": 9999}), "GET") is not None
