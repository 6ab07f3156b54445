"""Fixtures of the call-control tests: an emulator on loopback, users with a session and a chunk stream.

Everything goes over real HTTP: O2G requests with the session cookie, events read from the chunk stream
of each user's telephony subscription, the simulated PBX driven through the control API. Helpers reach
the test modules as fixtures only (`pbx`), so the tests do not depend on pytest's import mode.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from o2g_conformance.emulator.server import FROZEN, EmulatorServer
from tests.emulator.emulator_support import Stream
from tests.emulator.services_support import Control, check_error_row

API = "/api/rest/1.0"
ACCOUNTS = {
    "admin": ("admin", "Adm1n-Pass"),
    "alice": ("oxe70120", "1201"),
    "bruno": ("oxe70121", "1211"),
    "chloe": ("oxe70122", "1221"),
    "david": ("oxe70123", "1231"),  # no voice mail
    "emma": ("oxe70124", "1241"),
    "farid": ("oxe70125", "1251"),  # no voice mail
    "ines": ("oxe70128", "1281"),  # member of hunting group 79100, no voice mail
    "jules": ("oxe70129", "1291"),  # member of hunting group 79100
}


class Events:
    """One chunk stream read in a background thread; waits search what arrived first and consume each match once.

    `drain()` needs no quiet period: it publishes a marker event through the control API and reads up
    to it, since the emulator delivers the events of a subscription in publication order.
    """

    def __init__(self, url: str, sync: Callable[[str], None]) -> None:
        self._sync = sync
        self._markers = itertools.count(1)
        self.history: list[dict[str, Any]] = []
        self._unconsumed: list[dict[str, Any]] = []
        self._stream = Stream(url, "POST")
        first = self._get(5.0)
        assert first == {"eventName": "OnChannelInformation", "text": "Chunk started"}, first

    def _get(self, timeout: float) -> dict[str, Any]:
        return self._stream.next(timeout, self.names)

    def _pump(self, timeout: float) -> None:
        event = self._get(timeout)
        if event.get("eventName") != "OnChannelInformation" and "testMarker" not in event:
            self.history.append(event)
            self._unconsumed.append(event)

    def wait(self, name: str, timeout: float = 5.0, **where: Any) -> dict[str, Any]:
        """The first unconsumed event `name` whose fields equal `where` (consumed)."""
        while True:
            for event in self._unconsumed:
                if event.get("eventName") == name and all(event.get(k) == v for k, v in where.items()):
                    self._unconsumed.remove(event)
                    return event
            self._pump(timeout)

    def next(self, timeout: float = 5.0) -> dict[str, Any]:
        """The next unconsumed event, whatever it is."""
        if not self._unconsumed:
            self._pump(timeout)
        return self._unconsumed.pop(0)

    def sequence(self, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        """The next `count` events in arrival order."""
        return [self.next(timeout) for _ in range(count)]

    def drain(self, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Every unconsumed event published so far (consumed)."""
        token = f"marker-{next(self._markers)}"
        self._sync(token)
        while True:
            event = self._get(timeout)
            if event.get("testMarker") == token:
                break
            if event.get("eventName") != "OnChannelInformation" and "testMarker" not in event:
                self.history.append(event)
                self._unconsumed.append(event)
        out, self._unconsumed = self._unconsumed, []
        return out

    def names(self) -> list[str]:
        return [str(e.get("eventName")) for e in self._unconsumed]

    def close(self) -> None:
        self._stream.close()


class Party:
    """A logged-in account: an httpx client with its session and, optionally, its telephony event stream."""

    def __init__(self, pbx: Pbx, login: str, password: str, *, events: bool, ids: list[str] | None) -> None:
        self.login = login
        self.client = pbx.client()
        r = self.client.get("/api/rest/authenticate", params={"version": "1.0"}, auth=(login, password))
        assert r.status_code == 200, r.text
        r = self.client.post(f"{API}/sessions", json={"applicationName": "telephony-tests"})
        assert r.status_code == 200, r.text
        self.events: Events | None = None
        if events:
            selector: dict[str, Any] = {"names": ["telephony"]}
            if ids is not None:
                selector["ids"] = ids
            body = {"filter": {"selectors": [selector]}, "version": "1.0", "timeout": 0}
            r = self.client.post(f"{API}/subscriptions", json=body)
            assert r.status_code == 200 and r.json()["status"] == "ACCEPTED", r.text
            self.events = pbx.stream(r.json()["privatePollingUrl"], login)

    @property
    def ev(self) -> Events:
        assert self.events is not None, f"{self.login} has no event stream"
        return self.events

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return self.client.get(API + path, **kw)

    def post(self, path: str, json: Any = None, **kw: Any) -> httpx.Response:
        return self.client.post(API + path, json=json, **kw)

    def put(self, path: str, **kw: Any) -> httpx.Response:
        return self.client.put(API + path, **kw)

    def delete(self, path: str, **kw: Any) -> httpx.Response:
        return self.client.delete(API + path, **kw)

    def call(self, device: str, callee: str, *, auto_answer: bool = True, **extra: Any) -> str:
        """POST /telephony/calls; the new callRef (from the Location header)."""
        r = self.post("/telephony/calls", {"deviceId": device, "callee": callee, "autoAnswer": auto_answer, **extra})
        assert r.status_code == 201, r.text
        return r.headers["Location"].rsplit("/", 1)[1]


class Pbx(Control):
    """The emulator as the tests see it: accounts, control API, error checks."""

    def __init__(self, server: EmulatorServer) -> None:
        self.server = server
        self._clients: list[httpx.Client] = []
        self.streams: list[Events] = []
        self.control = self.client()

    def client(self) -> httpx.Client:
        c = httpx.Client(base_url=self.server.url, timeout=httpx.Timeout(10.0, read=None))
        self._clients.append(c)
        return c

    def stream(self, polling_url: str, login: str) -> Events:
        """Open a chunk channel as SDK clients do: POST, no cookie (wire-facts, events 2)."""

        def sync(token: str) -> None:
            marker = {"eventName": "OnTelephonyState", "loginName": login, "testMarker": token}
            self.ctl("POST", "/events", {"event": marker, "subject": login})

        events = Events(polling_url, sync)
        self.streams.append(events)
        return events

    def party(self, name: str, *, events: bool = True, ids: list[str] | None = None) -> Party:
        login, password = ACCOUNTS[name]
        if login == "admin" and events and ids is None:
            ids = ["*"]
        return Party(self, login, password, events=events, ids=ids)

    # -- control API --------------------------------------------------------------------------------
    def reset(self) -> None:
        self.ctl("POST", "/reset")

    def advance(self, seconds: float) -> None:
        self.ctl("POST", "/clock/advance", {"seconds": seconds})

    def dump(self) -> dict[str, Any]:
        result: dict[str, Any] = self.ctl("GET", "/telephony/state")
        return result

    # -- checks -------------------------------------------------------------------------------------
    @staticmethod
    def error(r: httpx.Response, status: int, type_: str, telephony: str | None = None) -> dict[str, Any]:
        """`r` is the RestErrorInfo (L311-320) with this status and type, and the telephony errorType."""
        assert r.status_code == status, f"{r.status_code} {r.text}"
        body: dict[str, Any] = r.json()
        check_error_row(body, status, type_)
        detail = body.get("telephony")
        assert isinstance(detail, dict) and set(detail) == {"errorType", "errorCause", "message"}, body
        if telephony is not None:
            assert detail["errorType"] == telephony, body
        return body

    def close(self) -> None:
        for s in self.streams:
            s.close()
        for c in self._clients:
            c.close()


@pytest.fixture(scope="session")
def telephony_server() -> Iterator[EmulatorServer]:
    """The emulator on 127.0.0.1, random port, frozen virtual clock."""
    server = EmulatorServer(port=0, **FROZEN).start()
    yield server
    server.stop()


@pytest.fixture
def pbx(telephony_server: EmulatorServer) -> Iterator[Pbx]:
    """The emulated PBX, reset to its topology before the test; streams and clients closed after it."""
    p = Pbx(telephony_server)
    p.reset()
    yield p
    p.close()
