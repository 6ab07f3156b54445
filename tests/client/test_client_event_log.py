"""EventLog: history first, consume once, waits across threads, absence, readable timeouts."""

from __future__ import annotations

import threading

import pytest

from o2g_conformance.client import EventLog, EventTimeout, UnexpectedEvent, describe_event

STARTED = {"eventName": "OnChannelInformation", "text": "Chunk started"}


def created(ref: str, login: str = "oxe1000") -> dict:
    return {"eventName": "OnCallCreated", "loginName": login, "callRef": ref, "callData": {"state": "RINGING"}}


def test_wait_for_finds_history_and_consumes_each_match_once():
    log = EventLog()
    first, second = created("c1"), created("c2")
    for event in (STARTED, first, second):
        log.append(event)
    assert log.wait_for("OnCallCreated", timeout=0) is first
    assert log.wait_for("OnCallCreated", timeout=0) is second
    with pytest.raises(EventTimeout):
        log.wait_for("OnCallCreated", timeout=0)
    assert log.history == [STARTED, first, second]


def test_where_as_dict_nested_dict_or_predicate():
    log = EventLog()
    for event in (created("c1"), created("c2", "oxe2000"), created("c3")):
        log.append(event)
    assert log.wait_for("OnCallCreated", where={"loginName": "oxe2000"}, timeout=0)["callRef"] == "c2"
    assert log.wait_for(None, where={"callData": {"state": "RINGING"}, "callRef": "c3"}, timeout=0)["callRef"] == "c3"
    assert log.wait_for("OnCallCreated", where=lambda e: e["callRef"].endswith("1"), timeout=0)["callRef"] == "c1"


def test_a_predicate_that_raises_on_other_shapes_does_not_match_them():
    log = EventLog()
    log.append(STARTED)
    log.append({"eventName": "OnCallModified", "legs": [{"state": "ACTIVE"}]})
    event = log.wait_for(None, where=lambda e: e["legs"][0]["state"] == "ACTIVE", timeout=0)
    assert event["eventName"] == "OnCallModified"


def test_wait_for_waits_for_an_event_from_another_thread():
    log = EventLog()
    timer = threading.Timer(0.02, log.append, args=(created("late"),))
    timer.start()
    try:
        assert log.wait_for("OnCallCreated", where={"callRef": "late"}, timeout=2.0)["callRef"] == "late"
    finally:
        timer.cancel()


def test_timeout_message_lists_the_events_seen():
    log = EventLog()
    log.append(STARTED)
    log.append(created("c1"))
    log.wait_for("OnChannelInformation", timeout=0)
    with pytest.raises(EventTimeout) as info:
        log.wait_for("OnCallRemoved", where={"callRef": "c1"}, timeout=0.01)
    message = str(info.value)
    assert message.startswith("no OnCallRemoved matching {'callRef': 'c1'} within 0.01 s; 2 events seen")
    assert "*OnChannelInformation(text='Chunk started')" in message
    assert "OnCallCreated(loginName='oxe1000', callRef='c1')" in message
    assert isinstance(info.value, AssertionError)
    assert info.value.name == "OnCallRemoved"
    assert len(info.value.seen) == 2


def test_timeout_message_with_no_events():
    with pytest.raises(EventTimeout, match="no any event within 0 s; no events seen"):
        EventLog().wait_for(None, timeout=0)


def test_assert_absent_ignores_consumed_and_fails_on_new_matches():
    log = EventLog()
    log.append(created("c1"))
    log.wait_for("OnCallCreated", timeout=0)
    log.assert_absent("OnCallCreated")
    log.append(created("c2"))
    log.assert_absent("OnCallCreated", where={"callRef": "c3"})
    with pytest.raises(UnexpectedEvent, match=r"unexpected OnCallCreated\(loginName='oxe1000', callRef='c2'\)") as info:
        log.assert_absent("OnCallCreated")
    assert info.value.event["callRef"] == "c2"


def test_assert_absent_within_catches_a_late_arrival():
    log = EventLog()
    timer = threading.Timer(0.01, log.append, args=(created("late"),))
    timer.start()
    try:
        with pytest.raises(UnexpectedEvent, match="within 2 s"):
            log.assert_absent("OnCallCreated", within=2.0)
    finally:
        timer.cancel()


def test_unconsumed_count_clear():
    log = EventLog()
    for event in (STARTED, {"eventName": "OnChannelInformation", "text": "keepalive"}, created("c1"), created("c2")):
        log.append(event)
    log.wait_for("OnCallCreated", timeout=0)
    assert log.unconsumed() == [created("c2")]
    assert len(log.unconsumed(ignore=())) == 3
    assert log.count("OnCallCreated") == 2
    assert log.count(None, where={"text": "keepalive"}) == 1
    assert len(log) == 4
    log.clear()
    assert log.history == []
    log.append(created("c3"))
    assert log.wait_for("OnCallCreated", timeout=0)["callRef"] == "c3"


def test_describe_event_is_compact():
    event = {"eventName": "OnUserStateModified", "loginName": "oxe1", "state": "FREE", "legs": [1], "x": "y" * 80}
    text = describe_event(event)
    assert text.startswith("OnUserStateModified(loginName='oxe1', state='FREE', x='yyy")
    assert text.endswith("...)")
