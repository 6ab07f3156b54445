"""Event summary over HTTP: counters kept with the comlog, the mailbox and call-back requests; events; modifiers."""

from __future__ import annotations

from tests.emulator.services_support import Env, check_error

EMPTY = {"missedCallsNb": 0, "voiceMessagesNb": 0, "callBackRequestsNb": 0, "faxNb": 0, "eventWaiting": False}


def test_initial_counters(env: Env) -> None:
    assert env.user("alice").ok("GET", "/eventSummary", status=200) == EMPTY
    # David has no mailbox: the server cannot tell his voice messages (L8711-8713).
    david = env.user("david").ok("GET", "/eventSummary", status=200)
    assert "voiceMessagesNb" not in david and david["missedCallsNb"] == 0


def test_callback_requests_are_counted(env: Env) -> None:
    alice, bruno = env.user("alice"), env.user("bruno")
    events = bruno.events("eventSummary")
    alice.ok("POST", "/telephony/outgoingCallbacks", {"callee": "70121"})
    summary = events.wait("OnEventSummaryUpdated")
    assert summary["loginName"] == "oxe70121"
    assert summary["eventSummary"] == {**EMPTY, "callBackRequestsNb": 1, "eventWaiting": True}
    alice.ok("POST", "/telephony/outgoingCallbacks", {"callee": "70121"})  # the same requester: still one
    assert events.drain() == []
    [callback] = bruno.ok("GET", "/telephony/incomingCallbacks", status=200)["callbacks"]
    bruno.ok("DELETE", f"/telephony/incomingCallbacks/{callback['callbackId']}")
    assert events.wait("OnEventSummaryUpdated")["eventSummary"] == EMPTY
    assert bruno.ok("GET", "/eventSummary", status=200) == EMPTY


def test_a_callback_asked_during_a_call(env: Env) -> None:
    alice, bruno = env.user("alice"), env.user("bruno")
    events = bruno.events("eventSummary")
    ref = alice.call("70120", "70121")
    alice.ok("POST", f"/telephony/calls/{ref}/callback")
    counters = [e["eventSummary"] for e in events.drain()]
    # The call-back request, then the unanswered call in the log.
    assert counters[0]["callBackRequestsNb"] == 1 and counters[-1] == {**counters[-1], "missedCallsNb": 1}
    bruno.ok("DELETE", "/telephony/incomingCallbacks")
    assert events.wait("OnEventSummaryUpdated")["eventSummary"]["callBackRequestsNb"] == 0


def test_only_the_user_gets_his_counters(env: Env) -> None:
    alice, admin = env.user("alice"), env.user("admin")
    assert alice.ok("GET", "/eventSummary", params={"loginName": "oxe70121"}, status=200) == EMPTY
    check_error(admin.get("/eventSummary"), 400, "BAD_PARAMETER")
    check_error(admin.get("/eventSummary", params={"loginName": "oxe79999"}), 400, "NOT_FOUND")
    admin_events = admin.events("eventSummary", ids=["oxe70120"])
    alice.ok("POST", "/telephony/outgoingCallbacks", {"callee": "70120"}, status=400)  # not to himself
    env.user("bruno").ok("POST", "/telephony/outgoingCallbacks", {"callee": "70120"})
    assert admin_events.wait("OnEventSummaryUpdated")["loginName"] == "oxe70120"
    assert admin.ok("GET", "/eventSummary", params={"loginName": "oxe70120"}, status=200)["callBackRequestsNb"] == 1


def test_set_field_modifier_changes_a_counter(env: Env) -> None:
    alice = env.user("alice")
    env.modifiers({"kind": "set_field", "op": "eventsummary.get", "path": "missedCallsNb", "value": 7})
    assert alice.ok("GET", "/eventSummary", status=200)["missedCallsNb"] == 7
    env.ctl("DELETE", "/modifiers")
    assert alice.ok("GET", "/eventSummary", status=200)["missedCallsNb"] == 0
