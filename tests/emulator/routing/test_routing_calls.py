"""Routing acting on calls: forwards, overflow, do not disturb and loops, seen on telephony state and events."""

from __future__ import annotations

from typing import Any

from tests.emulator.services_support import Env


def _forward(user: Any, forward_type: str | None, dest: dict[str, Any]) -> None:
    route: dict[str, Any] = {"destinations": [dest]}
    if forward_type:
        route["forwardType"] = forward_type
    user.ok("POST", "/routing/forwardroute", {"forwardRoute": route})


def _overflow(user: Any, overflow_type: str, dest: dict[str, Any]) -> None:
    user.ok(
        "POST", "/routing/overflowroute", {"overflowRoutes": [{"overflowType": overflow_type, "destinations": [dest]}]}
    )


def _parties(env: Env, ref: str) -> dict[str, str]:
    """number -> connection state of the call `ref`, from the telephony control view."""
    call = next(c for c in env.calls() if c["callRef"] == ref)
    return {x["number"]: x["state"] for x in call["connections"]}


def test_immediate_forward_rings_the_destination(env: Env) -> None:
    alice, bruno, chloe = env.user("alice"), env.user("bruno"), env.user("chloe")
    _forward(alice, None, {"type": "NUMBER", "number": "70122"})
    tel = bruno.events("telephony")
    chloe_tel = chloe.events("telephony")
    ref = bruno.call("70121", "70120")
    assert _parties(env, ref) == {"70121": "RINGING_OUTGOING", "70122": "RINGING_INCOMING"}
    forwarded = tel.wait("OnCallModified", callRef=ref, cause="FORWARDED")
    assert forwarded["callData"]["lastRedirecting"]["id"]["loginName"] == "oxe70120"
    assert forwarded["callData"]["initialCalled"]["id"]["loginName"] == "oxe70120"
    created = chloe_tel.wait("OnCallCreated", callRef=ref)
    assert created["callData"]["lastRedirecting"]["id"]["loginName"] == "oxe70120"
    chloe.ok("POST", f"/telephony/calls/{ref}/answer", {"deviceId": "70122"})
    assert _parties(env, ref) == {"70121": "ACTIVE", "70122": "ACTIVE"}


def test_forward_to_an_external_number(env: Env) -> None:
    alice, bruno = env.user("alice"), env.user("bruno")
    _forward(alice, None, {"type": "NUMBER", "number": "0612345678"})
    ref = bruno.call("70121", "70120")
    assert _parties(env, ref) == {"70121": "RINGING_OUTGOING", "0612345678": "RINGING_INCOMING"}


def test_forward_on_busy_only_when_busy(env: Env) -> None:
    alice, bruno = env.user("alice"), env.user("bruno")
    _forward(alice, "BUSY", {"type": "NUMBER", "number": "70122"})
    ref = bruno.call("70121", "70120")
    assert _parties(env, ref) == {"70121": "RINGING_OUTGOING", "70120": "RINGING_INCOMING"}
    env.phone("70121", "hangup")
    env.configure("70120", answer="busy")
    ref = bruno.call("70121", "70120")
    assert _parties(env, ref) == {"70121": "RINGING_OUTGOING", "70122": "RINGING_INCOMING"}


def test_forward_on_no_answer_after_the_ringing_duration(env: Env) -> None:
    alice, bruno = env.user("alice"), env.user("bruno")
    _forward(alice, "NO_ANSWER", {"type": "VOICEMAIL"})
    tel = bruno.events("telephony")
    ref = bruno.call("70121", "70120")
    env.advance(19)
    assert _parties(env, ref) == {"70121": "RINGING_OUTGOING", "70120": "RINGING_INCOMING"}
    env.advance(1)
    assert _parties(env, ref) == {"70121": "ACTIVE", "79000": "ACTIVE"}
    assert tel.wait("OnCallModified", callRef=ref, cause="FORWARDED")["legs"][0]["state"] == "ACTIVE"


def test_an_answered_call_is_not_forwarded_on_no_answer(env: Env) -> None:
    alice, bruno = env.user("alice"), env.user("bruno")
    _forward(alice, "BUSY_NO_ANSWER", {"type": "NUMBER", "number": "70122"})
    ref = bruno.call("70121", "70120")
    env.advance(5)
    alice.ok("POST", f"/telephony/calls/{ref}/answer", {"deviceId": "70120"})
    env.advance(60)
    assert _parties(env, ref) == {"70121": "ACTIVE", "70120": "ACTIVE"}


def test_dnd_rejects_calls(env: Env) -> None:
    alice, bruno = env.user("alice"), env.user("bruno")
    alice.ok("POST", "/routing/dnd")
    tel = bruno.events("telephony")
    ref = bruno.call("70121", "70120")
    failed = tel.wait("OnCallModified", callRef=ref, cause="DO_NOT_DISTURB")
    assert failed["legs"][0]["state"] == "RELEASING"
    assert env.call_in("0612345678", "70120") == {"callRef": None, "cause": "DO_NOT_DISTURB"}
    alice.ok("DELETE", "/routing/dnd")
    assert env.call_in("0612345678", "70120")["callRef"]


def test_dnd_diverts_to_the_overflow_on_busy(env: Env) -> None:
    alice, bruno = env.user("alice"), env.user("bruno")
    alice.ok("POST", "/routing/dnd")
    _overflow(alice, "BUSY", {"type": "VOICEMAIL"})
    tel = bruno.events("telephony")
    ref = bruno.call("70121", "70120")
    assert _parties(env, ref) == {"70121": "ACTIVE", "79000": "ACTIVE"}
    assert tel.wait("OnCallModified", callRef=ref, cause="OVERFLOWN")["legs"][0]["state"] == "ACTIVE"


def test_immediate_forward_wins_over_dnd(env: Env) -> None:
    alice, bruno = env.user("alice"), env.user("bruno")
    alice.ok("POST", "/routing/dnd")
    _forward(alice, None, {"type": "NUMBER", "number": "70122"})
    ref = bruno.call("70121", "70120")
    assert _parties(env, ref)["70122"] == "RINGING_INCOMING"


def test_overflow_applies_only_while_no_forward_is_active(env: Env) -> None:
    alice, bruno = env.user("alice"), env.user("bruno")
    _overflow(alice, "NO_ANSWER", {"type": "VOICEMAIL"})
    _forward(alice, "NO_ANSWER", {"type": "NUMBER", "number": "70122"})
    ref = bruno.call("70121", "70120")
    env.advance(20)
    assert _parties(env, ref) == {"70121": "RINGING_OUTGOING", "70122": "RINGING_INCOMING"}
    env.phone("70121", "hangup")
    alice.ok("DELETE", "/routing/forwardroute")
    ref = bruno.call("70121", "70120")
    env.advance(20)
    assert _parties(env, ref) == {"70121": "ACTIVE", "79000": "ACTIVE"}


def test_overflow_to_the_associate(env: Env) -> None:
    alice = env.user("alice")
    _overflow(alice, "BUSY_NO_ANSWER", {"type": "NUMBER", "number": "70121"})
    ref = env.call_in("0612345678", "70120")["callRef"]
    env.advance(20)
    assert _parties(env, ref) == {"0612345678": "RINGING_OUTGOING", "70121": "RINGING_INCOMING"}


def test_forward_chain_and_a_loop_of_overflows_at_call_time(env: Env) -> None:
    alice, bruno = env.user("alice"), env.user("bruno")
    _forward(alice, None, {"type": "NUMBER", "number": "70121"})
    _forward(bruno, None, {"type": "NUMBER", "number": "70122"})
    ref = env.call_in("0612345678", "70120")["callRef"]
    assert _parties(env, ref) == {"0612345678": "RINGING_OUTGOING", "70122": "RINGING_INCOMING"}
    env.phone("0612345678", "hangup")
    for user in (alice, bruno):
        user.ok("DELETE", "/routing/forwardroute")
    # Overflows are not checked for loops when set; at call time a user the call was taken from is not
    # tried again: both busy, the call fails instead of going round.
    _overflow(alice, "BUSY", {"type": "NUMBER", "number": "70121"})
    _overflow(bruno, "BUSY", {"type": "NUMBER", "number": "70120"})
    env.configure("70120", answer="busy")
    env.configure("70121", answer="busy")
    assert env.call_in("0612345678", "70120") == {"callRef": None, "cause": "BUSY"}


def test_redirect_to_a_user_who_forwards(env: Env) -> None:
    alice, bruno = env.user("alice"), env.user("bruno")
    _forward(bruno, None, {"type": "NUMBER", "number": "70122"})
    ref = env.call_in("0612345678", "70120")["callRef"]
    alice.ok("POST", f"/telephony/calls/{ref}/redirect", {"redirectTo": "70121"})
    assert _parties(env, ref) == {"0612345678": "RINGING_OUTGOING", "70122": "RINGING_INCOMING"}
