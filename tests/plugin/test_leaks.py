"""The leak check compares with the run's snapshot, never with emptiness."""

from __future__ import annotations

from o2g_conformance.plugin.leaks import Snapshot

BEFORE = {
    "sessions": [{"id": "s-1", "login": "oxe70129"}],
    "subscriptions": [{"id": "sub-1", "owner": "oxe70129"}],
    "calls": ["c-1"],
}


def test_what_was_there_at_the_start_is_no_leak() -> None:
    assert Snapshot.of(BEFORE).leaks(BEFORE) == []


def test_what_a_scenario_adds_is_a_leak() -> None:
    after = {
        "sessions": [*BEFORE["sessions"], {"id": "s-2", "login": "oxe70121"}],
        "subscriptions": [*BEFORE["subscriptions"], {"id": "sub-2", "owner": "oxe70121"}],
        "calls": ["c-1", "c-2", "c-3"],
    }
    assert Snapshot.of(BEFORE).leaks(after) == [
        "1 session(s) still open: oxe70121",
        "1 subscription(s) still alive: oxe70121",
        "2 call(s) still in progress",
    ]


def test_an_empty_snapshot_reports_everything() -> None:
    assert Snapshot.of({}).leaks(BEFORE) == [
        "1 session(s) still open: oxe70129",
        "1 subscription(s) still alive: oxe70129",
        "1 call(s) still in progress",
    ]
