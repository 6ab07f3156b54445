"""Fixtures of the User information, User Management and Directory search tests (real HTTP on loopback).

Helpers reach the test modules as fixtures only (`emu`, `check_error`, sessions), so the tests do not
depend on pytest's import mode.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from http import HTTPStatus
from typing import Any

import httpx
import pytest

from o2g_conformance.catalog import load_catalog
from o2g_conformance.emulator.server import FROZEN, EmulatorServer

API = "/api/rest/1.0"
ADMIN = ("admin", "Adm1n-Pass")
ALICE = ("oxe70120", "1201")
BRUNO = ("oxe70121", "1211")
TOPOLOGY_LOGINS = [f"oxe7012{i}" for i in range(10)]
NOT_YET_USERS = [f"oxe7013{i}" for i in range(5)]  # UNPROVISIONED_SUBSCRIBERS of the users service
CheckError = Callable[[httpx.Response, int, str], dict[str, Any]]


def _check_error(r: httpx.Response, status: int, type_: str) -> dict[str, Any]:
    """`r` is the documented RestErrorInfo (error table L311-320) with this HTTP status and error type."""
    assert r.status_code == status, f"{r.status_code} {r.text}"
    body = r.json()
    row = load_catalog().error_table()[type_]
    assert body["httpStatus"] == HTTPStatus(status).name, body
    assert body["type"] == type_, body
    assert (body["code"], body["helpMessage"], body["canRetry"]) == (row["code"], row["helpMessage"], row["canRetry"])
    assert isinstance(body["innerMessage"], str) and body["innerMessage"], body
    return dict(body)


class Emulator:
    """A client view of one emulator: sessions, control API, event channels; closes what it opened."""

    def __init__(self, server: EmulatorServer) -> None:
        self.server = server
        self.url = server.url
        self._clients: list[httpx.Client] = []
        self.control = self.client()

    def client(self) -> httpx.Client:
        c = httpx.Client(base_url=self.url, timeout=httpx.Timeout(5.0))
        self._clients.append(c)
        return c

    def authenticate(self, login: str, password: str) -> httpx.Response:
        return self.client().get("/api/rest/authenticate", params={"version": "1.0"}, auth=(login, password))

    def session(self, account: tuple[str, str] = ALICE) -> httpx.Client:
        """A client with an open session of `account` (its AlcUserId cookie in the jar)."""
        c = self.client()
        r = c.get("/api/rest/authenticate", params={"version": "1.0"}, auth=account)
        assert r.status_code == 200, r.text
        r = c.post(f"{API}/sessions", json={"applicationName": "users-tests"})
        assert r.status_code == 200, r.text
        return c

    def reset(self) -> None:
        assert self.control.post("/__emulator__/reset").status_code == 200

    def advance(self, seconds: float) -> None:
        r = self.control.post("/__emulator__/clock/advance", json={"seconds": seconds})
        assert r.status_code == 200, r.text

    def marker(self, subject: str | None, name: str = "OnUserInfoChanged") -> dict[str, Any]:
        """Publish a recognisable event through the control API: reading it next proves nothing came before."""
        event = {"eventName": name, "loginName": "marker", "user": {"loginName": "marker"}}
        r = self.control.post("/__emulator__/events", json={"event": event, "subject": subject})
        assert r.status_code == 200, r.text
        return event

    @contextlib.contextmanager
    def events(self, c: httpx.Client, *selectors: dict[str, Any]) -> Iterator[Iterator[dict[str, Any]]]:
        """Subscribe `c` (chunk mode) and open its polling URL; yields the events after "Chunk started"."""
        body = {"filter": {"selectors": list(selectors)}, "version": "1.0"}
        r = c.post(f"{API}/subscriptions", json=body)
        assert r.status_code == 200 and r.json()["status"] == "ACCEPTED", r.text
        with (
            httpx.Client(timeout=httpx.Timeout(5.0)) as poller,
            poller.stream("POST", r.json()["privatePollingUrl"]) as resp,
        ):
            assert resp.status_code == 200
            lines = (json.loads(line) for line in resp.iter_lines() if line)
            first = next(lines)
            assert first == {"eventName": "OnChannelInformation", "text": "Chunk started"}, first
            yield lines

    def close(self) -> None:
        for c in self._clients:
            c.close()


@pytest.fixture(scope="session")
def users_server() -> Iterator[EmulatorServer]:
    """One emulator on 127.0.0.1 with a random port and a frozen virtual clock."""
    server = EmulatorServer(port=0, **FROZEN).start()
    yield server
    server.stop()


@pytest.fixture
def emu(users_server: EmulatorServer) -> Iterator[Emulator]:
    """The emulator reset to its topology before the test."""
    e = Emulator(users_server)
    e.reset()
    yield e
    e.close()


@pytest.fixture
def alice(emu: Emulator) -> httpx.Client:
    """A user session of oxe70120 (secret code 1201)."""
    return emu.session(ALICE)


@pytest.fixture
def admin(emu: Emulator) -> httpx.Client:
    """An administrator session (admin / Adm1n-Pass)."""
    return emu.session(ADMIN)


@pytest.fixture
def check_error() -> CheckError:
    """`check_error(response, status, type)`: the documented RestErrorInfo answer (L311-320), returned as a dict."""
    return _check_error
