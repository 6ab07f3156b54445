"""Client HA failover (FailoverSession) against the emulated pair: what triggers it, backoff, what it records."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from o2g_conformance.client import DEFAULT_BACKOFF, FailoverSession, O2GClient
from o2g_conformance.emulator.ha.server import HaEmulatorServer

LOGIN, PASSWORD = "oxe70120", "1201"
TELEPHONY = [{"names": ["telephony"]}]
WAIT = 10.0  # generous: the waits end on an event, never on this timeout


@pytest.fixture(scope="module")
def pair() -> Iterator[HaEmulatorServer]:
    with HaEmulatorServer() as server:
        yield server


@pytest.fixture
def ctl(pair: HaEmulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=pair.control_url + "/__emulator__", timeout=10) as client:
        client.post("/reset").raise_for_status()
        yield client
        client.post("/reset").raise_for_status()


def publish(ctl: httpx.Client, text: str) -> None:
    """A telephony event for the user, as the PBX would send it (OnUserStateModified)."""
    event = {"eventName": "OnUserStateModified", "loginName": LOGIN, "state": text}
    assert ctl.post("/events", json={"event": event, "subject": LOGIN}).json()["reached"] >= 1


def failover(pair: HaEmulatorServer, **kw: Any) -> FailoverSession:
    client = O2GClient(pair.url("primary"), secondary=pair.url("secondary"))
    return FailoverSession(client, LOGIN, PASSWORD, TELEPHONY, **kw)


def test_a_failure_of_the_active_server_moves_the_client_to_the_secondary_where_events_flow(
    pair: HaEmulatorServer, ctl: httpx.Client
) -> None:
    with failover(pair) as fs:
        publish(ctl, "BUSY")
        fs.log.wait_for("OnUserStateModified", where={"state": "BUSY"}, timeout=WAIT)
        ctl.post("/ha/fail", json={"server": "active"}).raise_for_status()
        assert fs.wait_recovered(1, WAIT)
        publish(ctl, "FREE")
        fs.log.wait_for("OnUserStateModified", where={"state": "FREE"}, timeout=WAIT)
        [record] = fs.report()
    assert record.reason == "broken channel"
    assert (record.from_host, record.to_host) == (pair.url("primary"), pair.url("secondary"))
    assert record.attempts == 1 and record.errors == []
    assert record.recovery_seconds is not None and record.recovery_seconds >= 0
    assert record.event_gap_seconds is not None and record.event_gap_seconds >= record.recovery_seconds
    assert record.duplicates == []
    assert len(fs.sessions) == 2  # the old session is not deleted (wire-facts); the new one is closed
    assert fs.missing([("OnUserStateModified", {"state": "BUSY"}), ("OnUserStateModified", {"state": "FREE"})]) == []
    assert fs.missing([("OnUserStateModified", {"state": "OUT_OF_SERVICE"})]) != []


def test_a_graceful_switchover_ends_the_channel_and_the_client_follows(
    pair: HaEmulatorServer, ctl: httpx.Client
) -> None:
    with failover(pair) as fs:
        ctl.post("/ha/switchover").raise_for_status()
        assert fs.wait_recovered(1, WAIT)
        assert fs.report()[0].reason == "channel ended"
        assert fs.client.active_host == pair.url("secondary")
        ctl.post("/ha/failback").raise_for_status()  # and back to the primary
        assert fs.wait_recovered(2, WAIT)
        assert fs.client.active_host == pair.url("primary")


def test_the_backoff_between_attempts_is_the_sdks_and_runs_on_the_given_sleep(
    pair: HaEmulatorServer, ctl: httpx.Client
) -> None:
    """The takeover needs 10 virtual seconds; each backoff sleep moves the emulator's clock instead of waiting."""

    def sleep(seconds: float) -> None:
        ctl.post("/clock/advance", json={"seconds": seconds}).raise_for_status()

    with failover(pair, sleep=sleep) as fs:
        ctl.post("/ha/fail", json={"server": "active", "takeoverSeconds": 10}).raise_for_status()
        assert fs.wait_recovered(1, WAIT)
        record = fs.report()[0]
    # immediate attempt (t=0), then 2 s (t=2), 4 s (t=6), 8 s (t=14): the secondary serves since t=10.
    assert fs.sleeps == list(DEFAULT_BACKOFF[:3])
    assert record.attempts == 4
    assert all("NOT_READY" in e for e in record.errors)


def test_a_refused_first_connection_fails_over_at_start(pair: HaEmulatorServer, ctl: httpx.Client) -> None:
    ctl.post("/ha/fail", json={"server": "primary"}).raise_for_status()
    with failover(pair) as fs:
        [record] = fs.report()
        assert record.reason.startswith("connection failed")
        assert fs.client.active_host == pair.url("secondary")


def test_a_refused_request_fails_over_and_is_retried(pair: HaEmulatorServer, ctl: httpx.Client) -> None:
    with failover(pair, max_attempts=5, watch=False) as fs:  # no watcher: only the request sees the failure
        ctl.post("/ha/fail", json={"server": "primary"}).raise_for_status()
        answer = fs.call("telephony.calls.list")
        assert answer.status == 200
        assert fs.report()[0].reason == "refused connection"


def test_a_failed_keepalive_reconnects(pair: HaEmulatorServer, ctl: httpx.Client) -> None:
    """The session is gone but the channel stays up: only the keepalive tells (here through the global address)."""
    client = O2GClient(pair.url("global"))
    with FailoverSession(client, LOGIN, PASSWORD, TELEPHONY, keepalive_interval=0.05) as fs:
        fault = {"kind": "error", "op": "sessions.keepalive.post", "type": "INVALID_SESSION", "count": 1}
        ctl.post("/faults", json=fault).raise_for_status()
        assert fs.wait_recovered(1, WAIT)
        assert fs.report()[0].reason == "failed keepalive"
        assert fs.client.active_host == pair.url("global")


def test_events_seen_twice_across_the_switch_are_recorded(pair: HaEmulatorServer, ctl: httpx.Client) -> None:
    """A server that replays an old event on the new subscription: the record names it."""
    with failover(pair) as fs:
        publish(ctl, "BUSY")
        fs.log.wait_for("OnUserStateModified", timeout=WAIT)
        ctl.post("/ha/switchover").raise_for_status()
        assert fs.wait_recovered(1, WAIT)
        publish(ctl, "BUSY")  # the same event again
        fs.log.wait_for("OnUserStateModified", timeout=WAIT)
        assert [e["eventName"] for e in fs.report()[0].duplicates] == ["OnUserStateModified"]


def test_a_bad_backoff_is_refused(pair: HaEmulatorServer) -> None:
    with pytest.raises(ValueError):
        failover(pair, backoff=())
    with pytest.raises(ValueError):
        failover(pair, backoff=(1.0, -1.0))
