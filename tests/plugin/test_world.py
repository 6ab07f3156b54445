"""The scenario world: strict events and the leak check fail a scenario that leaves things behind."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]


def test_unconsumed_events_fail_the_scenario(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_strict="""
import pytest

@pytest.mark.op("subscriptions.subscription.create")
def test_leaves_an_event(o2g):
    log = o2g.collect("A", [{"names": ["telephony"]}]).log
    o2g.control.publish({"eventName": "OnUserStateModified", "loginName": "oxe70120", "state": "BUSY"}, "oxe70120")
    log.wait_for("OnUserStateModified", timeout=5)
    o2g.control.publish({"eventName": "OnUserStateModified", "loginName": "oxe70120", "state": "FREE"}, "oxe70120")
    log.wait_for(None, where={"state": "FREE"}, timeout=5)  # consumed: no leftover
    o2g.control.publish({"eventName": "OnUserStateModified", "loginName": "oxe70120", "state": "BUSY"}, "oxe70120")
    import time
    deadline = time.monotonic() + 5
    while len(log.history) < 4 and time.monotonic() < deadline:
        time.sleep(0.01)
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*unexpected events no step asserted (strict events):*", "*A: OnUserStateModified*"])


def test_strict_events_can_be_turned_off(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_lenient="""
import pytest

@pytest.mark.op("subscriptions.subscription.create")
def test_leaves_an_event(o2g):
    log = o2g.collect("A", [{"names": ["telephony"]}]).log
    o2g.control.publish({"eventName": "OnUserStateModified", "loginName": "oxe70120", "state": "BUSY"}, "oxe70120")
    log.wait_for("OnUserStateModified", timeout=5)
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--o2g-strict-events", "no")
    result.assert_outcomes(passed=1)


def test_a_session_left_open_is_a_leak(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_leak="""
import pytest
from o2g_conformance.client import O2GClient

@pytest.mark.op("sessions.session.open")
def test_opens_outside_the_world(o2g):
    account = o2g.account("B")
    O2GClient(o2g.target.url).login(account.login, account.password)  # never closed
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*cleanup failed: 1 session(s) still open: oxe70121*"])


def test_an_illegal_call_sequence_fails_the_scenario(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_oracle="""
import pytest

@pytest.mark.op("subscriptions.subscription.create")
def test_modified_before_created(o2g):
    log = o2g.collect("A", [{"names": ["telephony"]}]).log
    event = {"eventName": "OnCallModified", "loginName": "oxe70120", "callRef": "c-1", "legs": [], "participants": []}
    o2g.control.publish(event, "oxe70120")
    log.wait_for("OnCallModified", timeout=5)
    o2g.events("A")  # any step reading events runs the oracle first
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*call-state rule unknown-call broken by event #1 OnCallModified*"])


def test_typed_notes_are_one_instance_per_family_and_scenario() -> None:
    from dataclasses import dataclass, field
    from types import SimpleNamespace
    from typing import Any

    from o2g_conformance.plugin.world import World

    @dataclass
    class AgentNotes:
        skills: list[str] = field(default_factory=list)

    @dataclass
    class OtherNotes:
        seen: int = 0

    target: Any = SimpleNamespace()
    first, second = World(target, settings=SimpleNamespace()), World(target, settings=SimpleNamespace())  # type: ignore[arg-type]
    first.notes(AgentNotes).skills.append("french")
    assert first.notes(AgentNotes).skills == ["french"]  # the same instance, typed
    assert first.notes(OtherNotes) == OtherNotes() and second.notes(AgentNotes).skills == []  # per class, per world
