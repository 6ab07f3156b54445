"""Basic call control on the emulator over HTTP: make, answer, hold, retrieve, alternate, release, legs, data."""

from __future__ import annotations

from typing import Any

import pytest


def answered_call(pbx: Any, caller: Any, callee: Any, src: str, dst: str) -> str:
    """caller calls callee, who answers; both streams are drained."""
    ref = caller.call(src, dst)
    r = callee.post(f"/telephony/calls/{ref}/answer", {"deviceId": dst})
    assert r.status_code == 204, r.text
    caller.ev.drain()
    callee.ev.drain()
    return str(ref)


def test_make_answer_release_events_in_causal_order(pbx: Any) -> None:
    alice, bruno = pbx.party("alice"), pbx.party("bruno")
    r = alice.post("/telephony/calls", {"deviceId": "70120", "callee": "70121", "autoAnswer": True})
    assert r.status_code == 201 and r.content == b""
    location = r.headers["Location"]
    assert location.startswith(pbx.server.url + "/api/rest/1.0/telephony/calls/")
    ref = location.rsplit("/", 1)[1]

    created, busy, ringing = alice.ev.sequence(3)
    assert (created["eventName"], created["callRef"], created["callData"]["state"]) == ("OnCallCreated", ref, "DIALING")
    assert set(created) >= {"loginName", "callRef", "callData", "legs", "participants", "deviceCapabilities"}
    assert created["callData"]["initialCalled"]["id"] == {"loginName": "oxe70121", "phoneNumber": "70121"}
    assert busy == {"eventName": "OnUserStateModified", "loginName": "oxe70120", "state": "BUSY"}
    assert ringing["eventName"] == "OnCallModified"
    assert ringing["modifiedLegs"] == [ringing["legs"][0]]
    assert ringing["legs"][0]["state"] == "RINGING_OUTGOING" and ringing["legs"][0]["ringingRemote"] is True
    assert ringing["callData"]["capabilities"]["overflowToVoiceMail"] is True

    incoming = bruno.ev.wait("OnCallCreated", callRef=ref)
    assert incoming["legs"] == [incoming["legs"][0]] and incoming["legs"][0]["deviceId"] == "70121"
    assert incoming["legs"][0]["state"] == "RINGING_INCOMING"
    assert incoming["legs"][0]["capabilities"]["answer"] is True
    alice_part = incoming["participants"][0]
    assert alice_part["identity"]["id"]["loginName"] == "oxe70120"
    assert incoming["initiator"] == alice_part["participantId"]
    bruno.ev.wait("OnUserStateModified", state="BUSY")

    assert bruno.post(f"/telephony/calls/{ref}/answer", {"deviceId": "70121"}).status_code == 204
    assert bruno.ev.wait("OnCallModified", callRef=ref)["legs"][0]["state"] == "ACTIVE"
    assert alice.ev.wait("OnCallModified", callRef=ref)["callData"]["state"] == "ACTIVE"

    listed = alice.get("/telephony/calls").json()["calls"]
    assert [c["callRef"] for c in listed] == [ref]
    got = bruno.get(f"/telephony/calls/{ref}").json()
    assert got["legs"][0]["state"] == "ACTIVE"
    assert got["participants"][0]["participantId"] == alice_part["participantId"]

    assert alice.delete(f"/telephony/calls/{ref}").status_code == 204
    for party in (alice, bruno):
        removed = party.ev.wait("OnCallRemoved", callRef=ref)
        assert removed["cause"] == "CLEARED"
        party.ev.wait("OnUserStateModified", state="FREE")
    assert alice.get("/telephony/calls").json() == {"calls": []}
    assert pbx.dump()["calls"] == []


def test_make_call_without_auto_answer_rings_the_caller_set_first(pbx: Any) -> None:
    alice, bruno = pbx.party("alice"), pbx.party("bruno")
    ref = alice.call("70120", "70121", auto_answer=False)
    created = alice.ev.wait("OnCallCreated", callRef=ref)
    assert created["legs"][0]["state"] == "RINGING_INCOMING"
    assert created["callData"]["capabilities"]["redirect"] is False
    assert pbx.dump()["calls"][0]["connections"][0]["state"] == "RINGING_INCOMING"
    pbx.phone("70120", "answer")  # the person lifts the handset
    states = [alice.ev.wait("OnCallModified", callRef=ref)["legs"][0]["state"] for _ in range(2)]
    assert states == ["DIALING", "RINGING_OUTGOING"]
    assert bruno.ev.wait("OnCallCreated", callRef=ref)["legs"][0]["state"] == "RINGING_INCOMING"


def test_basic_call_make_answer_dropme(pbx: Any) -> None:
    alice, bruno = pbx.party("alice"), pbx.party("bruno")
    r = alice.post("/telephony/basicCall", {"deviceId": "70120", "callee": "70121", "autoAnswer": True})
    assert r.status_code == 201
    assert "/api/rest/1.0/telephony/basicCall/" in r.headers["Location"]  # L2542
    ref = r.headers["Location"].rsplit("/", 1)[1]
    assert bruno.post("/telephony/basicCall/answer", {"deviceId": "70121"}).status_code == 204
    alice.ev.wait("OnCallModified", callRef=ref)
    alice.ev.wait("OnCallModified", callRef=ref)
    assert bruno.post("/telephony/basicCall/dropme").status_code == 204
    assert alice.ev.wait("OnCallRemoved", callRef=ref)["cause"] == "CLEARED"
    r = bruno.post("/telephony/basicCall/answer", {"deviceId": "70121"})
    pbx.error(r, 400, "NOT_EXPECTED", "INCOMPATIBLE_WITH_STATE")


def test_hold_retrieve_alternate(pbx: Any) -> None:
    alice, bruno, chloe = pbx.party("alice"), pbx.party("bruno"), pbx.party("chloe")
    first = answered_call(pbx, alice, bruno, "70120", "70121")
    r = alice.post(f"/telephony/calls/{first}/hold", {"deviceId": "70120"})
    assert r.status_code == 204
    held = alice.ev.wait("OnCallModified", callRef=first)
    leg = held["legs"][0]
    assert leg["state"] == "HELD" and leg["capabilities"]["retrieve"] is True and leg["capabilities"]["answer"] is False
    bruno.ev.drain()
    assert bruno.get(f"/telephony/calls/{first}").json()["legs"][0]["state"] == "ACTIVE"

    pbx.error(alice.post(f"/telephony/calls/{first}/hold", {"deviceId": "70120"}), 400, "NOT_EXPECTED")
    assert alice.post(f"/telephony/calls/{first}/retrieve", {"deviceId": "70120"}).status_code == 204
    assert alice.ev.wait("OnCallModified", callRef=first)["legs"][0]["state"] == "ACTIVE"

    # A second call from a set in conversation puts the conversation on hold (enquiry call).
    second = alice.call("70120", "70122")
    assert alice.ev.wait("OnCallModified", callRef=first)["legs"][0]["state"] == "HELD"
    assert chloe.post(f"/telephony/calls/{second}/answer", {"deviceId": "70122"}).status_code == 204
    alice.ev.drain()
    pbx.error(alice.post(f"/telephony/calls/{first}/retrieve", {"deviceId": "70120"}), 400, "NOT_EXPECTED")
    assert alice.post(f"/telephony/calls/{first}/alternate", {"deviceId": "70120"}).status_code == 204
    order = [(e["callRef"], e["legs"][0]["state"]) for e in alice.ev.sequence(2)]
    assert order == [(second, "HELD"), (first, "ACTIVE")]


def test_release_before_answer_gives_abandoned_and_not_answered(pbx: Any) -> None:
    alice, bruno = pbx.party("alice"), pbx.party("bruno")
    ref = alice.call("70120", "70121")
    bruno.ev.wait("OnCallCreated", callRef=ref)
    assert alice.post(f"/telephony/calls/{ref}/dropme").status_code == 204
    assert alice.ev.wait("OnCallRemoved", callRef=ref)["cause"] == "NOT_ANSWERED"
    assert bruno.ev.wait("OnCallRemoved", callRef=ref)["cause"] == "ABANDONED"


def test_busy_callee_leaves_the_caller_releasing(pbx: Any) -> None:
    alice, bruno, chloe = pbx.party("alice"), pbx.party("bruno"), pbx.party("chloe")
    answered_call(pbx, alice, bruno, "70120", "70121")
    ref = chloe.call("70122", "70121")
    failed = chloe.ev.wait("OnCallModified", callRef=ref)
    assert failed["cause"] == "BUSY" and failed["legs"][0]["state"] == "RELEASING"
    assert failed["callData"]["capabilities"]["intrusion"] is True
    assert failed["callData"]["capabilities"]["callBack"] is True
    assert bruno.ev.drain() == []
    assert chloe.post("/telephony/basicCall/dropme").status_code == 204
    assert chloe.ev.wait("OnCallRemoved", callRef=ref)["cause"] == "BUSY"


def test_legs_and_participants(pbx: Any) -> None:
    alice, bruno = pbx.party("alice"), pbx.party("bruno")
    ref = answered_call(pbx, alice, bruno, "70120", "70121")
    legs = alice.get(f"/telephony/calls/{ref}/deviceLegs").json()["legs"]
    assert [leg["deviceId"] for leg in legs] == ["70120"]
    assert alice.get(f"/telephony/calls/{ref}/deviceLegs/70120").json() == legs[0]
    pbx.error(alice.get(f"/telephony/calls/{ref}/deviceLegs/70520"), 404, "NOT_FOUND", "LEG_NOT_FOUND")
    parts = alice.get(f"/telephony/calls/{ref}/participants").json()["participants"]
    assert len(parts) == 1 and parts[0]["identity"]["lastName"] == "Bernard"
    pid = parts[0]["participantId"]
    assert alice.get(f"/telephony/calls/{ref}/participants/{pid}").json() == parts[0]
    pbx.error(alice.get(f"/telephony/calls/{ref}/participants/nope"), 404, "NOT_FOUND", "BAD_PARAMETER_VALUE")
    pbx.error(alice.delete(f"/telephony/calls/{ref}/participants/nope"), 400, "BAD_PARAMETER", "BAD_PARAMETER_VALUE")
    assert alice.delete(f"/telephony/calls/{ref}/participants/{pid}").status_code == 204
    assert bruno.ev.wait("OnCallRemoved", callRef=ref)["cause"] == "CLEARED"


def test_switch_device_moves_the_leg(pbx: Any) -> None:
    alice, bruno = pbx.party("alice"), pbx.party("bruno")
    ref = answered_call(pbx, alice, bruno, "70120", "70121")
    r = alice.post(f"/telephony/calls/{ref}/deviceLegs/70120", {"otherDeviceId": "70122"})
    pbx.error(r, 403, "NOT_ALLOWED", "UNAUTHORIZED")
    assert alice.post(f"/telephony/calls/{ref}/deviceLegs/70120", {"otherDeviceId": "70520"}).status_code == 204
    moved = alice.ev.wait("OnCallModified", callRef=ref)
    assert [leg["deviceId"] for leg in moved["removedLegs"]] == ["70120"]
    assert [(leg["deviceId"], leg["state"]) for leg in moved["addedLegs"]] == [("70520", "ACTIVE")]
    assert bruno.ev.drain() == []  # same participant, same identity


def test_attach_data_limits_and_plain_form_wins(pbx: Any) -> None:
    alice, bruno = pbx.party("alice"), pbx.party("bruno")
    ref = alice.call("70120", "70121")
    bruno.ev.wait("OnCallCreated", callRef=ref)
    url = f"/telephony/calls/{ref}/attachdata"
    pbx.error(bruno.post(url, {"deviceId": "70121", "associatedData": "x" * 33}), 400, "BAD_PARAMETER")
    pbx.error(bruno.post(url, {"deviceId": "70121", "hexaBinaryAssociatedData": "f0a4f900b3"}), 400, "BAD_PARAMETER")
    pbx.error(bruno.post(url, {"deviceId": "70121", "hexaBinaryAssociatedData": "f0a"}), 400, "BAD_PARAMETER")
    r = bruno.post(url, {"deviceId": "70121", "associatedData": "é" * 16, "hexaBinaryAssociatedData": "00zz"})
    assert r.status_code == 204, r.text
    data = bruno.ev.wait("OnCallModified", callRef=ref)["callData"]
    assert data["associateData"] == "é" * 16 and "hexaBinaryAssociatedData" not in data
    assert alice.ev.wait("OnCallModified", callRef=ref, eventName="OnCallModified")
    assert bruno.post(url, {"hexaBinaryAssociatedData": "F1F2A0B3"}).status_code == 204
    got = alice.get(f"/telephony/calls/{ref}").json()["callData"]
    assert got["hexaBinaryAssociatedData"] == "f1f2a0b3" and "associateData" not in got


def test_make_call_parameter_rules(pbx: Any) -> None:
    alice = pbx.party("alice", events=False)
    base = {"deviceId": "70120", "callee": "70121"}
    r = alice.post("/telephony/calls", {**base, "associatedData": "a", "businessCode": "12"})
    pbx.error(r, 400, "BAD_PARAMETER")
    pbx.error(alice.post("/telephony/calls", {**base, "pin": "1"}), 400, "BAD_PARAMETER")
    pbx.error(alice.post("/telephony/calls", {**base, "pin": "1", "secretCode": "9999"}), 400, "BAD_PARAMETER")
    pbx.error(alice.post("/telephony/calls", {**base, "hexaBinaryAssociatedData": "f1f200a0b3"}), 400, "BAD_PARAMETER")
    pbx.error(alice.post("/telephony/calls", {"callee": "70121"}), 400, "BAD_PARAMETER", "BAD_PARAMETER_VALUE")
    r = alice.post("/telephony/calls", {**base, "pin": "01222", "secretCode": "1201"})
    assert r.status_code == 201, r.text


def test_send_dtmf_and_account_info(pbx: Any) -> None:
    alice, bruno = pbx.party("alice"), pbx.party("bruno")
    ref = answered_call(pbx, alice, bruno, "70120", "70121")
    assert alice.post(f"/telephony/calls/{ref}/sendDtmf", {"deviceId": "70120", "number": "12#*"}).status_code == 204
    r = alice.post(f"/telephony/calls/{ref}/sendDtmf", {"deviceId": "70120", "number": "1x"})
    pbx.error(r, 400, "BAD_PARAMETER")
    assert alice.ev.drain() == []  # no event for DTMF
    assert pbx.dump()["calls"][0]["dtmf"] == ["12#*"]
    url = f"/telephony/calls/{ref}/sendaccountinfo"
    pbx.error(alice.post(url, {"deviceId": "70120", "accountInfo": "12a"}), 400, "BAD_PARAMETER", "BAD_PARAMETER_VALUE")
    assert alice.post(url, {"deviceId": "70120", "accountInfo": "123"}).status_code == 204
    assert alice.ev.wait("OnCallModified", callRef=ref)["callData"]["accountInfo"] == "123"


def test_recording_lifecycle(pbx: Any) -> None:
    alice, bruno = pbx.party("alice"), pbx.party("bruno")
    ref = answered_call(pbx, alice, bruno, "70120", "70121")
    url = f"/telephony/calls/{ref}/recording"
    pbx.error(alice.post(url), 400, "BAD_PARAMETER", "BAD_PARAMETER_VALUE")
    pbx.error(alice.post(url, params={"action": "pause"}), 400, "NOT_EXPECTED", "INCOMPATIBLE_WITH_STATE")
    expected = {"start": "RECORDING", "pause": "PAUSED", "resume": "RECORDING", "stop": None}
    for action, state in expected.items():
        assert alice.post(url, params={"action": action}).status_code == 204
        data = alice.ev.wait("OnCallModified", callRef=ref)["callData"]
        assert data.get("recordState") == state
    assert "recordState" not in bruno.get(f"/telephony/calls/{ref}").json()["callData"]


def test_recording_without_voicemail_is_service_unavailable(pbx: Any) -> None:
    alice, david = pbx.party("alice"), pbx.party("david")
    ref = answered_call(pbx, alice, david, "70120", "70123")
    r = david.post(f"/telephony/calls/{ref}/recording", params={"action": "start"})
    pbx.error(r, 503, "SERVER_PROBLEM", "SERVICE_UNAVAILABLE")


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("GET", "/telephony/calls/{ref}", None, 404),
        ("DELETE", "/telephony/calls/{ref}", None, 404),
        ("POST", "/telephony/calls/{ref}/hold", {"deviceId": "70120"}, 400),
        ("POST", "/telephony/calls/{ref}/retrieve", {"deviceId": "70120"}, 404),
        ("POST", "/telephony/calls/{ref}/dropme", None, 400),
        ("GET", "/telephony/calls/{ref}/participants", None, 404),
    ],
)
def test_unknown_call_reference(pbx: Any, method: str, path: str, body: Any, status: int) -> None:
    """CALL_REFERENCE_NOT_FOUND: 404 where the operation lists it, else 400."""
    alice = pbx.party("alice", events=False)
    r = alice.client.request(method, "/api/rest/1.0" + path.format(ref="0badc0de00000700"), json=body)
    pbx.error(r, status, "NOT_FOUND", "CALL_REFERENCE_NOT_FOUND")


def test_a_user_acts_only_on_its_own_devices_and_calls(pbx: Any) -> None:
    alice, bruno = pbx.party("alice"), pbx.party("bruno")
    pbx.error(
        alice.post("/telephony/calls", {"deviceId": "70121", "callee": "70122"}), 403, "NOT_ALLOWED", "UNAUTHORIZED"
    )
    pbx.error(
        alice.post("/telephony/calls", {"deviceId": "70120", "callee": "70520"}), 403, "NOT_ALLOWED", "UNAUTHORIZED"
    )
    ref = answered_call(pbx, alice, bruno, "70120", "70121")
    chloe = pbx.party("chloe", events=False)
    pbx.error(chloe.get(f"/telephony/calls/{ref}"), 404, "NOT_FOUND", "CALL_REFERENCE_NOT_FOUND")
    r = chloe.post(f"/telephony/calls/{ref}/hold", {"deviceId": "70121"})
    pbx.error(r, 403, "NOT_ALLOWED", "UNAUTHORIZED")


def test_invalid_destinations(pbx: Any) -> None:
    alice = pbx.party("alice", events=False)
    pbx.error(alice.post("/telephony/calls", {"deviceId": "70120", "callee": "77777"}), 404, "NOT_FOUND")
    r = alice.post("/telephony/basicCall", {"deviceId": "70120", "callee": "77777"})
    pbx.error(r, 400, "NOT_FOUND", "BAD_PARAMETER_VALUE")
    body = pbx.error(alice.post("/telephony/calls", {"deviceId": "70120", "callee": "70x"}), 400, "BAD_PARAMETER")
    assert body["telephony"]["errorCause"] == "INVALID_DESTINATION"


def test_administrator_names_the_user(pbx: Any) -> None:
    admin = pbx.party("admin")
    bruno = pbx.party("bruno")
    pbx.error(admin.get("/telephony/calls"), 400, "BAD_PARAMETER", "BAD_PARAMETER_VALUE")
    body = {"deviceId": "70120", "callee": "70121", "autoAnswer": True}
    r = admin.post("/telephony/calls", body, params={"loginName": "oxe70120"})
    assert r.status_code == 201, r.text
    ref = r.headers["Location"].rsplit("/", 1)[1]
    assert admin.ev.wait("OnCallCreated", loginName="oxe70120")["callRef"] == ref
    # Operations without loginName name the device; the administrator may act on any.
    assert admin.post(f"/telephony/calls/{ref}/answer", {"deviceId": "70121"}).status_code == 204
    bruno.ev.wait("OnCallModified", callRef=ref)
    calls = admin.get("/telephony/calls", params={"loginName": "oxe70121"}).json()["calls"]
    assert [c["callRef"] for c in calls] == [ref]
    r = admin.get("/telephony/calls", params={"loginName": "oxe79999"})
    pbx.error(r, 400, "NOT_FOUND", "BAD_PARAMETER_VALUE")
    # A connected set not associated to a user (a free desk-sharing set): 204 (L2543-2550).
    r = admin.post("/telephony/basicCall", {"deviceId": "70600", "callee": "70122", "autoAnswer": True})
    assert r.status_code == 204, r.text


def test_body_errors_carry_the_telephony_detail(pbx: Any) -> None:
    alice = pbx.party("alice", events=False)
    r = alice.client.post("/api/rest/1.0/telephony/calls", content=b"{not json")
    pbx.error(r, 400, "BAD_PARAMETER", "BAD_PARAMETER_VALUE")
    pbx.error(alice.post("/telephony/calls/x/hold", {}), 400, "BAD_PARAMETER", "BAD_PARAMETER_VALUE")
