"""Fixtures of the call center tests: operators' and administrators' sessions, event streams, pilot calls.

Everything goes over real HTTP on loopback (the `api` fixture of tests/emulator: one emulator, reset
before each test, frozen virtual clock). The emulated CCD is the constant of services/acd/ccd.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.emulator.emulator_support import ADMIN, Api, Stream

API = "/api/rest/1.0"
#: The operators of the emulated call center (ccd.py) and their secret codes.
AGENT_F = ("oxe70125", "1251")  # agent of 79220 (preferred) and 79221, set 70125
AGENT_G = ("oxe70126", "1261")  # agent of 79220, set 70126
AGENT_H = ("oxe70127", "1271")  # agent of 79221, set 70127
SUPERVISOR = ("oxe70128", "1281")  # supervisor of 79220 and 79221, set 70128
NOT_OPERATOR = ("oxe70120", "1201")
CALLER = "0612345678"
CheckError = Callable[[httpx.Response, int, str], dict[str, Any]]


class Acd:
    """The emulator as the call center tests use it."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.check_error: CheckError = api.check_error

    def session(self, account: tuple[str, str]) -> httpx.Client:
        return self.api.session(account)

    def admin(self) -> httpx.Client:
        return self.api.session(ADMIN)

    def events(self, c: httpx.Client, *selectors: dict[str, Any]) -> Stream:
        """Subscribe `c` and open its chunk stream, past "Chunk started"."""
        sub = self.api.subscribe(c, *selectors)
        assert sub["status"] == "ACCEPTED", sub
        stream = self.api.stream(sub["privatePollingUrl"])
        assert stream.next() == {"eventName": "OnChannelInformation", "text": "Chunk started"}
        return stream

    def nothing_more(self, stream: Stream, event_name: str) -> None:
        """Nothing is queued on the stream: a marker published now is the next event read."""
        marker = {"eventName": event_name, "marker": True}
        self.api.publish(marker)
        assert stream.next() == marker

    def logon(self, c: httpx.Client, device: str, group: str | None = None) -> None:
        body: dict[str, Any] = {"proAcdDeviceNumber": device}
        if group is not None:
            body["pgGroupNumber"] = group
        r = c.post(f"{API}/acd/agent/logon", json=body)
        assert r.status_code == 204, r.text

    def state(self, c: httpx.Client) -> dict[str, Any]:
        r = c.get(f"{API}/acd/agent/state")
        assert r.status_code == 200, r.text
        result: dict[str, Any] = r.json()
        return result

    def control(self, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        r = self.api.control.post(f"/__emulator__/telephony{path}", json=body or {})
        assert r.status_code == 200, r.text
        result: dict[str, Any] = r.json()
        return result

    def call_in(self, to: str, caller: str = CALLER) -> str:
        """An external party calls `to` (a pilot or a set); returns the callRef."""
        ref = self.control("/external/calls", {"from": caller, "to": to})["callRef"]
        assert ref, "the external call failed"
        return str(ref)

    def calls(self) -> list[str]:
        return list(self.api.state()["calls"])


@pytest.fixture
def acd(api: Api) -> Acd:
    return Acd(api)
