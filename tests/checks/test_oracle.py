"""The call-state oracle: legal call flows pass, and every rule fires on the sequence that breaks it."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable, Sequence
from typing import Any

import pytest

from o2g_conformance.checks import (
    MEDIA_TRANSITIONS,
    ORACLE_RULES,
    CallStateOracle,
    CallStateViolation,
    NonConformance,
    check_sequence,
)

Event = dict[str, Any]
A, B, C, D = "oxe70120", "oxe70121", "oxe70122", "oxe70123"
DEV = {A: "70120", B: "70121", C: "70122", D: "70123"}
P = {A: "pA", B: "pB", C: "pC", D: "pD"}  # participant ids
X, Y = "2db0a00100010700", "2db0a00200010700"
RI, RO, ACT, HELD, DIAL, REL = "RINGING_INCOMING", "RINGING_OUTGOING", "ACTIVE", "HELD", "DIALING", "RELEASING"


def leg(login: str, state: str) -> Event:
    """A Leg (L5283-5307) of `login`'s device; ringingRemote as a real server sets it (L5289)."""
    return {
        "deviceId": DEV[login],
        "state": state,
        "ringingRemote": state == RO,
        "capabilities": {"answer": state == RI, "drop": True, "hold": state == ACT, "retrieve": state == HELD},
    }


def part(pid: str, login: str, state: str | None = None) -> Event:
    """A Participant (L6087-6116); `state` only where the reference fills it (L6094-6095)."""
    out: Event = {
        "participantId": pid,
        "identity": {"id": {"loginName": login, "phoneNumber": DEV[login]}, "type": {"main": "USER"}},
        "anonymous": False,
        "undroppable": False,
    }
    if state is not None:
        out["state"] = state
    return out


class Script:
    """Builds a sequence as real servers send it: OnCallModified carries the deltas and the full lists."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self._views: dict[tuple[str, str], tuple[list[Event], list[Event]]] = {}

    def _call_data(self, legs: list[Event], called: str) -> Event:
        return {
            "initialCalled": {"id": {"loginName": called, "phoneNumber": DEV[called]}, "firstName": "F"},
            "state": legs[0]["state"] if legs else "IDLE",
            "tags": [],
            "capabilities": {"dropMe": True},
        }

    def _add(self, event: Event) -> Event:
        self.events.append(event)
        return event

    def created(
        self, login: str, ref: str, legs: list[Event], parts: Sequence[Event] = (), *, called: str, **extra: Any
    ) -> Event:
        self._views[(login, ref)] = (legs, list(parts))
        return self._add(
            {
                "eventName": "OnCallCreated",
                "loginName": login,
                "callRef": ref,
                **extra,
                "callData": self._call_data(legs, called),
                "legs": legs,
                "participants": list(parts),
                "deviceCapabilities": [{"deviceId": DEV[login], "makeCall": True}],
            }
        )

    def modified(
        self,
        login: str,
        ref: str,
        legs: list[Event],
        parts: Sequence[Event] = (),
        *,
        called: str,
        previous: str | None = None,
        deltas_from: str | None = None,
        **extra: Any,
    ) -> Event:
        """OnCallModified with deltas against this user's view of `ref`, else of `previous` or `deltas_from`."""
        base = self._views.get((login, ref)) or self._views.get((login, previous or deltas_from or ""), ([], []))
        self._views.pop((login, previous or ""), None)
        self._views[(login, ref)] = (legs, list(parts))
        old_legs = {x["deviceId"]: x for x in base[0]}
        new_legs = {x["deviceId"]: x for x in legs}
        old_parts = {p["participantId"]: p for p in base[1]}
        new_parts = {p["participantId"]: p for p in parts}
        event: Event = {"eventName": "OnCallModified", "loginName": login, "callRef": ref, **extra}
        if previous:
            event["previousCallRef"] = previous
        event.update(
            callData=self._call_data(legs, called),
            legs=legs,
            participants=list(parts),
            modifiedLegs=[x for d, x in new_legs.items() if d in old_legs and old_legs[d] != x],
            addedLegs=[x for d, x in new_legs.items() if d not in old_legs],
            removedLegs=[x for d, x in old_legs.items() if d not in new_legs],
            modifiedParticipants=[p for i, p in new_parts.items() if i in old_parts and old_parts[i] != p],
            addedParticipants=[p for i, p in new_parts.items() if i not in old_parts],
            removedParticipantIds=[i for i in old_parts if i not in new_parts],
            deviceCapabilities=[{"deviceId": DEV[login], "makeCall": True}],
        )
        return self._add(event)

    def removed(self, login: str, ref: str, cause: str = "CLEARED") -> Event:
        self._views.pop((login, ref), None)
        return self._add({"eventName": "OnCallRemoved", "loginName": login, "callRef": ref, "cause": cause})

    def user(self, login: str, state: str) -> Event:
        return self._add({"eventName": "OnUserStateModified", "loginName": login, "state": state})

    def snapshot(self, login: str, refs: Sequence[str], called: str) -> Event:
        calls = []
        for ref in refs:
            legs, parts = self._views[(login, ref)]
            calls.append(
                {"callRef": ref, "callData": self._call_data(legs, called), "legs": legs, "participants": parts}
            )
        state = {"calls": calls, "deviceCapabilities": [{"deviceId": DEV[login], "makeCall": True}]}
        return self._add({"eventName": "OnTelephonyState", "loginName": login, "state": state})


# -- legal call flows -------------------------------------------------------------------------------------
def answered_call(s: Script, ref: str = X, caller: str = A, callee: str = B) -> None:
    """caller makes a call to callee, who answers (make call, answer L2863): 7 events."""
    s.created(caller, ref, [leg(caller, DIAL)], called=callee)
    s.user(caller, "BUSY")
    s.modified(caller, ref, [leg(caller, RO)], [part(P[callee], callee)], called=callee)
    s.created(callee, ref, [leg(callee, RI)], [part(P[caller], caller)], called=callee, initiator=P[caller])
    s.user(callee, "BUSY")
    s.modified(callee, ref, [leg(callee, ACT)], [part(P[caller], caller)], called=callee)
    s.modified(caller, ref, [leg(caller, ACT)], [part(P[callee], callee)], called=callee)


def basic_call(s: Script) -> None:
    answered_call(s)
    s.removed(A, X)
    s.user(A, "FREE")
    s.removed(B, X)
    s.user(B, "FREE")


def transfer_done(s: Script) -> None:
    """A holds B, consults C, transfers: X survives, C's Y is replaced by X (previousCallRef, L5654-5655): #0-#19."""
    answered_call(s, X, A, B)
    s.modified(A, X, [leg(A, HELD)], [part("pB", B)], called=B)
    answered_call(s, Y, A, C)
    s.removed(A, X, "TRANSFERRED")
    s.removed(A, Y, "TRANSFERRED")
    s.user(A, "FREE")
    s.modified(B, X, [leg(B, ACT)], [part("pC", C)], called=B, cause="TRANSFERRED")
    s.modified(C, X, [leg(C, ACT)], [part("pB", B)], called=B, cause="TRANSFERRED", previous=Y)


def consultation_transfer(s: Script) -> None:
    transfer_done(s)
    s.removed(B, X)
    s.removed(C, X)


def hold_retrieve(s: Script) -> None:
    answered_call(s)
    s.modified(A, X, [leg(A, HELD)], [part("pB", B)], called=B)
    s.modified(A, X, [leg(A, ACT)], [part("pB", B)], called=B)
    s.modified(A, X, [leg(A, HELD)], [part("pB", B)], called=B)
    s.modified(A, X, [leg(A, ACT)], [part("pB", B)], called=B, cause="UNKNOWN")
    s.removed(A, X)
    s.removed(B, X)


def conference_made(s: Script) -> None:
    """A merges X (B, held) into Y (C): Y survives (#0-#17); merged participants carry no state (L6094-6095)."""
    answered_call(s, X, A, B)
    s.modified(A, X, [leg(A, HELD)], [part("pB", B)], called=B)
    answered_call(s, Y, A, C)
    s.modified(A, Y, [leg(A, ACT)], [part("pC", C), part("pB", B)], called=C, cause="CONFERENCED", previous=X)
    s.modified(B, Y, [leg(B, ACT)], [part("pA", A), part("pC", C)], called=C, cause="CONFERENCED", previous=X)
    s.modified(C, Y, [leg(C, ACT)], [part("pA", A), part("pB", B)], called=C, cause="CONFERENCED")


def conference(s: Script) -> None:
    """Then D is added, rings and answers (Participant.state, L6094-6095), and B leaves."""
    conference_made(s)
    trio = [part("pC", C), part("pB", B)]
    s.modified(A, Y, [leg(A, ACT)], [*trio, part("pD", D, RI)], called=C)
    s.modified(A, Y, [leg(A, ACT)], [*trio, part("pD", D, ACT)], called=C)
    s.removed(B, Y)
    s.modified(A, Y, [leg(A, ACT)], [part("pC", C), part("pD", D)], called=C, cause="PARTICIPANT_LEFT")


def caller_set_rings_first(s: Script) -> None:
    """Without autoAnswer the caller's own set rings before the callee is called (L5359-5360)."""
    s.created(A, X, [leg(A, RI)], called=B)
    s.modified(A, X, [leg(A, DIAL)], called=B)
    s.modified(A, X, [leg(A, RO)], [part("pB", B)], called=B)
    s.created(B, X, [leg(B, RI)], [part("pA", A)], called=B)
    s.modified(B, X, [leg(B, ACT)], [part("pA", A)], called=B)
    s.modified(A, X, [leg(A, ACT)], [part("pB", B)], called=B)


def blind_transfer_pickup_park(s: Script) -> None:
    """B is blind-transferred to C (B hears C ring, L2951); D picks the call up (L3929), parks and unparks it."""
    answered_call(s)
    s.removed(A, X, "TRANSFERRED")
    s.modified(B, X, [leg(B, RO)], [part("pC", C)], called=B, cause="TRANSFERRED")
    s.created(C, X, [leg(C, RI)], [part("pB", B)], called=B, cause="TRANSFERRED")
    s.removed(C, X, "PICKED_UP")
    s.created(D, X, [leg(D, ACT)], [part("pB", B)], called=B, cause="PICKED_UP")
    s.modified(B, X, [leg(B, ACT)], [part("pD", D)], called=B)
    s.removed(D, X, "PARKED")
    s.created(D, X, [leg(D, ACT)], [part("pB", B)], called=D)  # unparked: the callRef is kept


def intrusion(s: Script) -> None:
    """C's call to busy B is RELEASING; C intrudes into A-B: C's Y is replaced by X (L3859)."""
    answered_call(s)
    s.created(C, Y, [leg(C, DIAL)], called=B)
    s.modified(C, Y, [leg(C, REL)], called=B, cause="BUSY")
    s.modified(C, X, [leg(C, ACT)], [part("pA", A), part("pB", B)], called=B, previous=Y)
    s.modified(A, X, [leg(A, ACT)], [part("pB", B), part("pC", C)], called=B)


def snapshot_flow(s: Script) -> None:
    answered_call(s)
    s.snapshot(A, [X], called=B)
    s.snapshot(C, [], called=B)


def repeated_participant_states(s: Script) -> None:
    """Participant.state repeated on every participant of a 3-party call is tolerated (read permissively)."""
    answered_call(s, X, A, B)
    s.modified(A, X, [leg(A, HELD)], [part("pB", B)], called=B)
    answered_call(s, Y, A, C)
    s.modified(A, Y, [leg(A, ACT)], [part("pC", C, ACT), part("pB", B, ACT)], called=C, previous=X)
    s.modified(A, Y, [leg(A, ACT)], [part("pC", C, ACT), part("pB", B, ACT)], called=C, cause="RECALL")


def events_of(*steps: Callable[[Script], None]) -> list[Event]:
    s = Script()
    for step in steps:
        step(s)
    return s.events


LEGAL: dict[str, Callable[[Script], None]] = {
    "basic call": basic_call,
    "consultation transfer": consultation_transfer,
    "hold and retrieve": hold_retrieve,
    "conference": conference,
    "caller set rings first": caller_set_rings_first,
    "blind transfer, pickup, park": blind_transfer_pickup_park,
    "intrusion": intrusion,
    "snapshot": snapshot_flow,
    "participant states repeated": repeated_participant_states,
}


@pytest.mark.parametrize("flow", LEGAL.values(), ids=LEGAL.keys())
def test_legal_flows_pass(flow: Callable[[Script], None]) -> None:
    oracle = CallStateOracle(strict_user_state=True)
    oracle.feed_all(events_of(flow))
    verdict = oracle.verdict()
    assert verdict.ok, verdict.timeline
    assert verdict.violations == ()


def test_deltas_alone_and_full_lists_alone_are_both_followed() -> None:
    events = events_of(basic_call)
    only_deltas = [{k: v for k, v in e.items() if k not in ("legs", "participants")} for e in events]
    for e, full in zip(only_deltas, events, strict=True):
        if e["eventName"] == "OnCallCreated":
            e.update(legs=full["legs"], participants=full["participants"])
    check_sequence(only_deltas)
    only_full = [{k: v for k, v in e.items() if "Legs" not in k and "Participant" not in k} for e in events]
    check_sequence(only_full)
    only_full[5]["legs"] = [leg(B, HELD)]  # without deltas the full list is the new view
    with pytest.raises(CallStateViolation, match="leg 70121 moves RINGING_INCOMING -> HELD"):
        check_sequence(only_full)


def test_real_on_call_created_and_other_events_are_followed(on_call_created: Event) -> None:
    oracle = CallStateOracle()
    oracle.feed({"eventName": "OnChannelInformation", "text": "Chunk started"})
    oracle.feed(on_call_created)
    oracle.feed({"eventName": "OnDeviceStateModified", "loginName": "oxe70020", "deviceStates": []})
    oracle.feed({"eventName": "OnDynamicStateChanged", "loginName": "oxe70020", "huntingGroupState": {"logon": True}})
    oracle.feed({"eventName": "OnUserInfoChanged", "loginName": "oxe70020"})
    oracle.feed(["not", "an", "event"])  # type: ignore[arg-type]
    verdict = oracle.verdict()
    assert verdict.ok
    assert (verdict.events, verdict.telephony_events) == (6, 3)
    assert "#1 OnCallCreated cause=UNKNOWN | legs: 70020 RINGING_OUTGOING | participants: 70022" in verdict.timeline
    assert '#3 OnDynamicStateChanged {"huntingGroupState":{"logon":true}}' in verdict.timeline


def test_timeline_follows_each_user_and_call() -> None:
    oracle = CallStateOracle()
    oracle.feed_all(events_of(consultation_transfer))
    timeline = oracle.verdict().timeline
    assert timeline.startswith("call-state oracle: 22 event(s), 22 telephony, 0 violation(s)\nuser oxe70120")
    assert f"  call {Y}: replaced by {X} at #19 (made to this user)" in timeline
    assert (
        f"#19 OnCallModified cause=TRANSFERRED previousCallRef={Y} | legs: 70122 ACTIVE | participants: pB" in timeline
    )
    assert f"  call {X}: removed at #15\n" in timeline
    assert "    #17 OnUserStateModified FREE" in timeline


def test_replaced_by_call_ref_announces_the_successor() -> None:
    """replacedByCallRef (L5656-5657) names the call that replaces this one, which may then be modified."""
    s = Script()
    answered_call(s)
    s.modified(B, X, [leg(B, ACT)], [part("pA", A)], called=B, replacedByCallRef=Y)
    s.modified(B, Y, [leg(B, ACT)], [part("pA", A)], called=B, deltas_from=X)
    s.removed(B, X)
    check_sequence(s.events)


# -- every rule fires, with its name, its reference line, the event index ------------------------------------
def _ringing_skipped(s: Script) -> None:
    s.created(B, X, [leg(B, ACT)], [part("pA", A)], called=B)


def _participant_answer_unrung(s: Script) -> None:
    conference_made(s)
    s.modified(C, Y, [leg(C, ACT)], [part("pA", A), part("pB", B, ACT)], called=C)


def _modified_after_removal(s: Script) -> None:
    answered_call(s)
    s.removed(B, X)
    s.modified(B, X, [leg(B, ACT)], [part("pA", A)], called=B)


def _removed_after_replacement(s: Script) -> None:
    transfer_done(s)
    s.removed(C, Y)


def _unknown_call(s: Script) -> None:
    s.modified(A, X, [leg(A, RO)], [part("pB", B)], called=B)


def _created_twice(s: Script) -> None:
    answered_call(s)
    s.created(B, X, [leg(B, RI)], [part("pA", A)], called=B)


def _two_legs_one_device(s: Script) -> None:
    s.created(A, X, [leg(A, DIAL), leg(A, RO)], called=B)


def _two_states_at_once(s: Script) -> None:
    answered_call(s)
    s.modified(A, X, [leg(A, HELD)], [part("pB", B)], called=B)["legs"] = [leg(A, ACT)]


def _participant_twice(s: Script) -> None:
    s.created(A, X, [leg(A, RO)], [part("pB", B), part("pB", B)], called=B)


def _unknown_participant_removed(s: Script) -> None:
    answered_call(s)
    s.modified(A, X, [leg(A, ACT)], [part("pB", B)], called=B)["removedParticipantIds"] = ["pZ"]


def _participant_state_two_party(s: Script) -> None:
    s.created(B, X, [leg(B, RI)], [part("pA", A, ACT)], called=B)


def _conferenced_two_party(s: Script) -> None:
    answered_call(s)
    s.modified(A, X, [leg(A, ACT)], [part("pB", B)], called=B, cause="CONFERENCED")


def _ringing_incoming_held(s: Script) -> None:
    s.created(B, X, [leg(B, RI)], [part("pA", A)], called=B)
    s.modified(B, X, [leg(B, HELD)], [part("pA", A)], called=B)


def _ringing_remote_active(s: Script) -> None:
    answered_call(s)
    s.events[-1]["legs"][0]["ringingRemote"] = True


def _call_state_disagrees(s: Script) -> None:
    s.created(B, X, [leg(B, RI)], [part("pA", A)], called=B)["callData"]["state"] = ACT


def _snapshot_forgets(s: Script) -> None:
    answered_call(s)
    s.snapshot(A, [], called=B)


def _busy_without_call(s: Script) -> None:
    s.user(A, "BUSY")


def _no_call_ref(s: Script) -> None:
    del s.created(A, X, [leg(A, DIAL)], called=B)["callRef"]


WRONG: list[tuple[str, Callable[[Script], None], int, int, str]] = [
    # rule, sequence, index of the offending event, reference line, words of the message
    ("leg-answered-without-ringing", _ringing_skipped, 0, 5469, "leg 70121 of a call made to oxe70121 is ACTIVE"),
    ("participant-answered-without-ringing", _participant_answer_unrung, 18, 6094, "participant pB of a multi-party"),
    ("event-after-removal", _modified_after_removal, 8, 5863, f"OnCallModified for call {X}, removed at #7"),
    ("replaced-call-used", _removed_after_replacement, 20, 5654, f"call {Y}, replaced by {X} at #19"),
    ("unknown-call", _unknown_call, 0, 5646, f"OnCallModified for call {X}, never created for oxe70120"),
    ("call-created-twice", _created_twice, 7, 5490, f"call {X} is already live for oxe70121"),
    ("duplicate-leg", _two_legs_one_device, 0, 5283, "legs lists 70120 twice (DIALING and RINGING_OUTGOING)"),
    ("leg-delta-conflict", _two_states_at_once, 7, 5659, "leg 70120 is HELD by the deltas, ACTIVE in legs"),
    ("duplicate-participant", _participant_twice, 0, 6090, "participants lists pB twice"),
    ("participant-delta-conflict", _unknown_participant_removed, 7, 5662, "participant pZ is modified or removed"),
    ("participant-state-two-party", _participant_state_two_party, 0, 6094, "state ACTIVE in a call of 2 parties"),
    ("conferenced-two-party", _conferenced_two_party, 7, 4947, "cause CONFERENCED while the call has 2 parties"),
    ("illegal-media-transition", _ringing_incoming_held, 1, 5459, "leg 70121 moves RINGING_INCOMING -> HELD"),
    ("ringing-remote-not-outgoing", _ringing_remote_active, 6, 5289, "ringingRemote true in state ACTIVE"),
    ("call-state-vs-leg", _call_state_disagrees, 0, 4979, "callData.state ACTIVE while the only leg 70121 is RINGING"),
    ("snapshot-missing-call", _snapshot_forgets, 7, 6325, f"call {X} is live for oxe70120, not in the snapshot"),
    ("user-state", _busy_without_call, 0, 6490, "oxe70120 is BUSY with no call in progress"),
    ("unplaceable-event", _no_call_ref, 0, 5494, "no callRef string"),
]


@pytest.mark.parametrize(("rule", "build", "index", "line", "words"), WRONG, ids=[w[0] for w in WRONG])
def test_each_rule_fires_with_its_name_line_and_event(
    rule: str, build: Callable[[Script], None], index: int, line: int, words: str
) -> None:
    events = events_of(build)
    oracle = CallStateOracle(strict_user_state=True)
    with pytest.raises(CallStateViolation) as caught:
        oracle.feed_all(events)
    found = caught.value
    assert isinstance(found, NonConformance)
    assert (found.rule, found.index, found.line) == (rule, index, line), str(found)
    assert words in str(found.received)
    assert found.event == events[index]
    message = str(found)
    assert message.startswith(f"o2g-rest-api-reference.txt L{line}: call-state rule {rule} broken by event #{index} ")
    assert f"offending event #{index}: " in message
    assert ORACLE_RULES[rule].documented in message


def test_every_rule_is_proven_to_fire() -> None:
    assert {w[0] for w in WRONG} == set(ORACLE_RULES)


# -- more ways to break the rules ------------------------------------------------------------------------------
def rules_of(events: list[Event], **options: bool) -> list[tuple[str, int]]:
    oracle = CallStateOracle(collect=True, **options)
    oracle.feed_all(events)
    return [(v.rule, v.index) for v in oracle.verdict().violations]


def test_incoming_call_created_idle_then_answered_never_rang() -> None:
    s = Script()
    s.created(B, X, [leg(B, "IDLE")], [part("pA", A)], called=B)
    s.modified(B, X, [leg(B, ACT)], [part("pA", A)], called=B)
    s.modified(B, X, [leg(B, HELD)], [part("pA", A)], called=B)
    assert rules_of(s.events) == [("leg-answered-without-ringing", 1)]  # reported once


def test_a_call_made_to_someone_else_may_start_active() -> None:
    """Pickup, unpark, a second device: a leg may join ACTIVE when the call was not made to this user."""
    s = Script()
    s.created(D, X, [leg(D, ACT)], [part("pA", A)], called=B, cause="PICKED_UP")
    s.modified(D, X, [leg(D, ACT), {**leg(D, ACT), "deviceId": "70133"}], [part("pA", A)], called=B)
    assert rules_of(s.events) == []


def test_removed_twice_and_snapshot_of_a_removed_call() -> None:
    s = Script()
    answered_call(s)
    s.snapshot(A, [X], called=B)
    s.removed(A, X)
    s.removed(A, X)
    s.events.append(copy.deepcopy(s.events[7]))
    assert rules_of(s.events) == [("event-after-removal", 9), ("event-after-removal", 10)]


def test_replaced_call_modified_or_named_as_previous_again() -> None:
    s = Script()
    transfer_done(s)
    s.modified(C, Y, [leg(C, ACT)], [part("pA", A)], called=C)
    assert rules_of(s.events) == [("replaced-call-used", 20)]
    s = Script()
    transfer_done(s)
    s.events.append(copy.deepcopy(s.events[19]))
    assert rules_of(s.events) == [("replaced-call-used", 20)]


def test_removed_unknown_call_cites_on_call_removed() -> None:
    with pytest.raises(CallStateViolation, match="L5863: call-state rule unknown-call") as caught:
        check_sequence([{"eventName": "OnCallRemoved", "loginName": A, "callRef": X}])
    assert (caught.value.call_ref, caught.value.login) == (X, A)


def test_delta_lists_are_judged_against_the_view() -> None:
    s = Script()
    answered_call(s)
    event = s.modified(A, X, [leg(A, HELD)], [part("pB", B)], called=B)
    event["addedLegs"] = [leg(A, HELD)]  # modified and added at once, and added while present
    event["modifiedParticipants"] = [part("pZ", B)]
    assert rules_of(s.events) == [
        ("leg-delta-conflict", 7),
        ("duplicate-leg", 7),
        ("participant-delta-conflict", 7),
        ("participant-delta-conflict", 7),
    ]


def test_full_list_must_agree_with_the_deltas() -> None:
    s = Script()
    answered_call(s)
    s.modified(A, X, [leg(A, ACT)], [part("pB", B), part("pC", C)], called=B)["addedParticipants"] = []
    oracle = CallStateOracle(collect=True)
    oracle.feed_all(s.events)
    assert [str(v.received) for v in oracle.violations] == [
        "participant pC is in participants but not in the call after the deltas"
    ]


def test_illegal_moves_of_legs_and_participants() -> None:
    s = Script()
    answered_call(s)
    s.modified(A, X, [leg(A, REL)], [part("pB", B)], called=B)
    s.modified(A, X, [leg(A, RO)], [part("pB", B)], called=B)
    s.modified(A, X, [leg(A, ACT)], [part("pB", B, ACT), part("pC", C, RI)], called=B)
    s.modified(A, X, [leg(A, ACT)], [part("pB", B, RI), part("pC", C, RI)], called=B)
    assert rules_of(s.events) == [("illegal-media-transition", 8), ("illegal-media-transition", 10)]


def test_user_state_is_only_judged_when_asked() -> None:
    s = Script()
    s.user(A, "BUSY")
    answered_call(s)
    s.user(A, "FREE")
    assert rules_of(s.events) == []
    assert rules_of(s.events, strict_user_state=True) == [("user-state", 0), ("user-state", 8)]


def test_event_without_login_name() -> None:
    oracle = CallStateOracle(collect=True)
    oracle.feed({"eventName": "OnUserStateModified", "state": "FREE"})
    verdict = oracle.verdict()
    assert [v.rule for v in verdict.violations] == ["unplaceable-event"]
    assert "#0 OnUserStateModified without loginName" in verdict.timeline


# -- the API -----------------------------------------------------------------------------------------------
def test_raising_oracle_can_go_on_after_a_violation() -> None:
    events = events_of(_created_twice)
    oracle = CallStateOracle()
    with pytest.raises(CallStateViolation):
        oracle.feed_all(events)
    oracle.feed({"eventName": "OnCallRemoved", "loginName": B, "callRef": X})
    assert [v.rule for v in oracle.violations] == ["call-created-twice"]


def test_collecting_oracle_reports_all_in_the_verdict() -> None:
    events = events_of(_modified_after_removal, _ringing_skipped)
    oracle = CallStateOracle(collect=True)
    oracle.feed_all(events)
    verdict = oracle.verdict()
    assert not verdict.ok
    assert [(v.rule, v.index) for v in verdict.violations] == [("event-after-removal", 8), ("call-created-twice", 9)]
    assert f"      !! event-after-removal (L5863): OnCallModified for call {X}, removed at #7" in verdict.timeline


def test_violation_survives_pickling() -> None:
    with pytest.raises(CallStateViolation) as caught:
        check_sequence(events_of(_ringing_skipped))
    restored = pickle.loads(pickle.dumps(caught.value))
    assert isinstance(restored, CallStateViolation)
    assert (restored.rule, restored.index, restored.login, restored.call_ref, restored.line) == (
        "leg-answered-without-ringing",
        0,
        B,
        X,
        5469,
    )
    assert str(restored) == str(caught.value)


def test_media_transition_table() -> None:
    states = set(MEDIA_TRANSITIONS)
    assert len(states) == 9
    for state, targets in MEDIA_TRANSITIONS.items():
        assert state in targets and "UNKNOWN" in targets and targets <= states
    assert {s for s, targets in MEDIA_TRANSITIONS.items() if HELD in targets} == {"UNKNOWN", ACT, HELD}
    assert RI not in MEDIA_TRANSITIONS[ACT] and RI in MEDIA_TRANSITIONS[HELD]  # recall, L4962
    assert ACT in MEDIA_TRANSITIONS[REL]  # intrusion from a busy call, L3859


def test_snapshot_without_state_tells_nothing_and_without_calls_lists_none() -> None:
    s = Script()
    answered_call(s)
    s.events.append({"eventName": "OnTelephonyState", "loginName": A})
    assert rules_of(s.events) == []
    s.events.append({"eventName": "OnTelephonyState", "loginName": A, "state": {"deviceCapabilities": []}})
    assert rules_of(s.events) == [("snapshot-missing-call", 8)]
