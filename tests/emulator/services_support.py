"""Helpers of the routing, communication log, event summary and voice mail tests: users, events, the simulated PBX.

Everything goes over real HTTP on loopback: O2G requests with the session cookie, events read from a
chunk stream, the PBX (external parties, phone sets, virtual clock, modifiers) driven through the
control API. `Events.drain()` needs no quiet period: it publishes a marker event through the control
API and reads up to it, since a subscription's events are delivered in publication order.
"""

from __future__ import annotations

import itertools
from http import HTTPStatus
from typing import Any

import httpx

from o2g_conformance.catalog import load_catalog
from tests.emulator.emulator_support import Api

API = "/api/rest/1.0"
CONTROL = "/__emulator__"
ACCOUNTS = {
    "admin": ("admin", "Adm1n-Pass"),
    "alice": ("oxe70120", "1201"),  # sets 70120 (ALE) and 70520 (SIP), voice mail
    "bruno": ("oxe70121", "1211"),  # voice mail
    "chloe": ("oxe70122", "1221"),  # voice mail
    "david": ("oxe70123", "1231"),  # no voice mail
    "emma": ("oxe70124", "1241"),  # voice mail
}
#: Event packages of the user-facing services (one selector each: packages cannot be mixed, L2108).
PACKAGES = ("routingManagement", "unifiedComLog", "eventSummary")
#: The event a drain marker is sent as, per package (one no modifier of these tests omits).
MARKERS = {
    "routingManagement": "OnRoutingStateChanged",
    "unifiedComLog": "OnComRecordsUnAck",
    "eventSummary": "OnEventSummaryUpdated",
    "telephony": "OnTelephonyState",
}


class Events:
    """One chunk stream; waits search what arrived first and consume each match once."""

    def __init__(self, env: Env, url: str, login: str, marker: str) -> None:
        self._env = env
        self._login = login
        self._marker = marker
        self._stream = env.api.stream(url, "POST")  # as SDK clients open it: POST, no cookie
        self._markers = itertools.count(1)
        self.history: list[dict[str, Any]] = []
        self._unconsumed: list[dict[str, Any]] = []
        first = self._stream.next()
        assert first == {"eventName": "OnChannelInformation", "text": "Chunk started"}, first

    def _pump(self, timeout: float) -> dict[str, Any] | None:
        event = self._stream.next(timeout)
        if event.get("eventName") == "OnChannelInformation":
            return None
        if "testMarker" in event:
            return event
        self.history.append(event)
        self._unconsumed.append(event)
        return None

    def drain(self, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Every unconsumed event published so far (consumed)."""
        token = f"marker-{next(self._markers)}"
        marker = {"eventName": self._marker, "loginName": self._login, "testMarker": token}
        self._env.ctl("POST", "/events", {"event": marker, "subject": self._login})
        while True:
            seen = self._pump(timeout)
            if seen is not None and seen.get("testMarker") == token:
                break
        out, self._unconsumed = self._unconsumed, []
        return out

    def wait(self, name: str, timeout: float = 5.0, **where: Any) -> dict[str, Any]:
        """The first unconsumed event `name` whose fields equal `where` (consumed)."""
        while True:
            for event in self._unconsumed:
                if event.get("eventName") == name and all(event.get(k) == v for k, v in where.items()):
                    self._unconsumed.remove(event)
                    return event
            self._pump(timeout)

    def named(self, *names: str) -> list[dict[str, Any]]:
        """The drained events with one of these names, in order (the others are dropped)."""
        return [e for e in self.drain() if e.get("eventName") in names]


class User:
    """A logged-in account: an httpx client with its session."""

    def __init__(self, env: Env, name: str) -> None:
        self.env = env
        self.login, password = ACCOUNTS[name]
        self.client = env.api.session((self.login, password))

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return self.client.get(API + path, **kw)

    def post(self, path: str, json: Any = None, **kw: Any) -> httpx.Response:
        return self.client.post(API + path, json=json, **kw)

    def put(self, path: str, json: Any = None, **kw: Any) -> httpx.Response:
        return self.client.put(API + path, json=json, **kw)

    def delete(self, path: str, **kw: Any) -> httpx.Response:
        return self.client.delete(API + path, **kw)

    def ok(self, method: str, path: str, json: Any = None, status: int = 204, **kw: Any) -> Any:
        """The request answers `status`; its JSON body (None without one)."""
        r = self.client.request(method, API + path, json=json, **kw)
        assert r.status_code == status, f"{method} {path}: {r.status_code} {r.text}"
        return r.json() if r.content and r.headers.get("content-type", "").startswith("application/json") else None

    def events(self, *packages: str, ids: list[str] | None = None) -> Events:
        """Subscribe to `packages` (default: routing, comlog, event summary) and open the chunk stream."""
        packages = packages or PACKAGES
        selectors: list[dict[str, Any]] = []
        for package in packages:
            selector: dict[str, Any] = {"names": [package]}
            if ids is not None:
                selector["ids"] = ids
            selectors.append(selector)
        sub = self.env.api.subscribe(self.client, *selectors, timeout=0)
        assert sub["status"] == "ACCEPTED", sub
        subject = self.login if ids is None else ids[0]
        return Events(self.env, sub["privatePollingUrl"], subject, MARKERS[packages[0]])

    def call(self, device: str, callee: str) -> str:
        """POST /telephony/calls with autoAnswer: the set dials at once; answers the callRef."""
        body = {"deviceId": device, "callee": callee, "autoAnswer": True}
        r = self.post("/telephony/calls", body)
        assert r.status_code == 201, r.text
        return str(r.headers["Location"].rsplit("/", 1)[1])


class Control:
    """The control API over `control`: requests checked for their status, the simulated PBX's parties and sets."""

    control: httpx.Client

    def ctl(self, method: str, path: str, body: Any = None, status: int = 200) -> Any:
        r = self.control.request(method, CONTROL + path, json=body)
        assert r.status_code == status, r.text
        return r.json()

    def call_in(self, caller: str, to: str, **extra: Any) -> dict[str, Any]:
        result: dict[str, Any] = self.ctl("POST", "/telephony/external/calls", {"from": caller, "to": to, **extra})
        return result

    def phone(self, number: str, action: str, **body: Any) -> dict[str, Any]:
        kind = "devices" if number.startswith("7") else "external"
        result: dict[str, Any] = self.ctl("POST", f"/telephony/{kind}/{number}/{action}", body)
        return result

    def configure(self, number: str, **settings: Any) -> dict[str, Any]:
        kind = "devices" if number.startswith("7") else "external"
        result: dict[str, Any] = self.ctl("PUT", f"/telephony/{kind}/{number}", settings)
        return result


class Env(Control):
    """The emulator as these tests see it: accounts, control API, error checks."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.control = api.control

    def user(self, name: str) -> User:
        return User(self, name)

    def advance(self, seconds: float) -> None:
        self.api.advance(seconds)

    def calls(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self.ctl("GET", "/telephony/state")["calls"]
        return result

    def modifiers(self, *mods: dict[str, Any]) -> None:
        self.ctl("POST", "/modifiers", {"modifiers": list(mods)})


def check_error_row(body: dict[str, Any], status: int, type_: str) -> None:
    """`body` has this status's name and the error table's row of `type_` (code, helpMessage, canRetry)."""
    row = load_catalog().error_table()[type_]
    assert body["httpStatus"] == HTTPStatus(status).name, body
    assert (body["type"], body["code"], body["helpMessage"], body["canRetry"]) == (
        type_,
        row["code"],
        row["helpMessage"],
        row["canRetry"],
    ), body


def check_error(r: httpx.Response, status: int, type_: str, detail: str | None = None) -> dict[str, Any]:
    """`r` is the RestErrorInfo (L311-320) with this status and type; with `detail`, that detail object too."""
    assert r.status_code == status, f"{r.status_code} {r.text}"
    assert r.headers.get("content-type", "").startswith("application/json"), r.headers
    body: dict[str, Any] = r.json()
    check_error_row(body, status, type_)
    assert isinstance(body["innerMessage"], str) and body["innerMessage"], body
    if detail is not None:
        assert isinstance(body.get(detail), dict), body
    return body


def routing_error(
    r: httpx.Response, status: int, type_: str, error_type: str, cause: str, destination: str | None = None
) -> dict[str, Any]:
    """A routing error: RestErrorInfo plus RoutingErrorInfo {errorType, destinationType?, errorCause, message}."""
    body = check_error(r, status, type_, "routing")
    detail: dict[str, Any] = body["routing"]
    assert set(detail) <= {"errorType", "destinationType", "errorCause", "message"}, detail
    assert (detail["errorType"], detail["errorCause"]) == (error_type, cause), detail
    assert isinstance(detail["message"], str) and detail["message"], detail
    if destination is not None:
        assert detail.get("destinationType") == destination, detail
    return detail
