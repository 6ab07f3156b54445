"""External parties and phone sets driven through the control API; timed progressions on the virtual clock."""

from __future__ import annotations

from typing import Any


def test_external_party_calls_in_and_hangs_up(pbx: Any) -> None:
    alice = pbx.party("alice")
    ref = pbx.call_in("0612345678", "70120", name="ACME")["callRef"]
    created = alice.ev.wait("OnCallCreated", callRef=ref)
    caller = created["participants"][0]
    assert caller["identity"] == {
        "id": {"phoneNumber": "0612345678"},
        "displayName": "ACME",
        "type": {"main": "EXTERNAL", "subType": "public"},
    }
    assert created["initiator"] == caller["participantId"]
    assert created["callData"]["trunkIdentification"]["trunkNeqt"]
    assert created["callData"]["capabilities"]["park"] is False
    assert alice.post(f"/telephony/calls/{ref}/answer", {"deviceId": "70120"}).status_code == 204
    alice.ev.wait("OnCallModified", callRef=ref)
    assert pbx.phone("0612345678", "hangup") == {"callRef": ref}
    assert alice.ev.wait("OnCallRemoved", callRef=ref)["cause"] == "CLEARED"
    assert pbx.dump()["calls"] == []


def test_external_party_answers_or_is_busy(pbx: Any) -> None:
    alice = pbx.party("alice")
    ref = alice.call("70120", "0698765432")
    assert alice.ev.wait("OnCallModified", callRef=ref)["legs"][0]["state"] == "RINGING_OUTGOING"
    pbx.phone("0698765432", "answer")
    assert alice.ev.wait("OnCallModified", callRef=ref)["legs"][0]["state"] == "ACTIVE"
    pbx.phone("70120", "hangup")  # the person at the set hangs up
    assert alice.ev.wait("OnCallRemoved", callRef=ref)["cause"] == "CLEARED"

    pbx.configure("0698765432", answer="busy")
    ref = alice.call("70120", "0698765432")
    failed = alice.ev.wait("OnCallModified", callRef=ref, cause="BUSY")
    assert failed["legs"][0]["state"] == "RELEASING"


def test_external_party_answers_immediately(pbx: Any) -> None:
    alice = pbx.party("alice")
    pbx.configure("+33612345678", answer="immediate")
    ref = alice.call("70120", "+33612345678")
    states = [alice.ev.wait("OnCallModified", callRef=ref)["legs"][0]["state"] for _ in range(2)]
    assert states == ["RINGING_OUTGOING", "ACTIVE"]


def test_unanswered_call_is_released_after_the_ring_timeout(pbx: Any) -> None:
    alice = pbx.party("alice")
    pbx.configure("0611111111", ringTimeout=30)
    ref = alice.call("70120", "0611111111")
    alice.ev.wait("OnCallModified", callRef=ref)
    pbx.advance(29)
    assert alice.get(f"/telephony/calls/{ref}").status_code == 200
    pbx.advance(1)
    assert alice.ev.wait("OnCallRemoved", callRef=ref)["cause"] == "NOT_ANSWERED"


def test_timed_answer_on_the_virtual_clock(pbx: Any) -> None:
    alice, bruno = pbx.party("alice"), pbx.party("bruno")
    assert pbx.configure("70121", answerAfter=5) == {"answer": "manual", "answerAfter": 5.0, "ringTimeout": None}
    ref = alice.call("70120", "70121")
    bruno.ev.wait("OnCallCreated", callRef=ref)
    pbx.advance(4)
    assert bruno.get(f"/telephony/calls/{ref}").json()["legs"][0]["state"] == "RINGING_INCOMING"
    pbx.advance(1)
    assert bruno.ev.wait("OnCallModified", callRef=ref)["legs"][0]["state"] == "ACTIVE"


def test_a_set_that_answers_by_itself_and_a_person_who_rejects(pbx: Any) -> None:
    alice, bruno, chloe = pbx.party("alice"), pbx.party("bruno"), pbx.party("chloe")
    pbx.configure("70121", answer="immediate")
    ref = alice.call("70120", "70121")
    assert bruno.ev.wait("OnCallModified", callRef=ref)["legs"][0]["state"] == "ACTIVE"
    ref2 = alice.call("70520", "70122")
    chloe.ev.wait("OnCallCreated", callRef=ref2)
    pbx.phone("70122", "hangup")  # rejects the ringing call
    assert alice.ev.wait("OnCallRemoved", callRef=ref2)["cause"] == "NOT_ANSWERED"


def test_device_out_of_service(pbx: Any) -> None:
    alice, bruno = pbx.party("alice"), pbx.party("bruno")
    pbx.configure("70121", state="OUT_OF_SERVICE")
    event = bruno.ev.wait("OnDeviceStateModified")
    assert event == {
        "eventName": "OnDeviceStateModified",
        "loginName": "oxe70121",
        "deviceStates": [{"deviceId": "70121", "state": "OUT_OF_SERVICE"}],
    }
    assert bruno.get("/telephony/devices/70121").json() == {"deviceId": "70121", "state": "OUT_OF_SERVICE"}
    ref = alice.call("70120", "70121")
    assert alice.ev.wait("OnCallModified", callRef=ref)["cause"] == "DESTINATION_NOT_OBTAINABLE"
    r = bruno.post("/telephony/calls", {"deviceId": "70121", "callee": "70120", "autoAnswer": True})
    body = pbx.error(r, 400, "NOT_EXPECTED", "CALL_SERVER_ERROR")
    assert body["telephony"]["errorCause"] == "DEVICE_OUT_OF_SERVICE"
    pbx.configure("70121", state="IN_SERVICE")
    assert bruno.ev.wait("OnDeviceStateModified")["deviceStates"][0]["state"] == "IN_SERVICE"


def test_external_call_to_a_busy_user_or_a_hunting_group(pbx: Any) -> None:
    alice, bruno, ines = pbx.party("alice"), pbx.party("bruno"), pbx.party("ines")
    ref = alice.call("70120", "70121")
    bruno.ev.wait("OnCallCreated", callRef=ref)
    assert pbx.call_in("0612345678", "70121") == {"callRef": None, "cause": "BUSY"}
    ref = pbx.call_in("0612345678", "79100")["callRef"]  # first logged-on member of the group with a free set
    assert ines.ev.wait("OnCallCreated", callRef=ref)["legs"][0]["deviceId"] == "70128"


def test_dial_from_the_set(pbx: Any) -> None:
    alice, bruno = pbx.party("alice"), pbx.party("bruno")
    ref = pbx.phone("70120", "dial", to="70121")["callRef"]
    assert bruno.ev.wait("OnCallCreated", callRef=ref)["legs"][0]["state"] == "RINGING_INCOMING"
    assert alice.ev.wait("OnCallCreated", callRef=ref)


def test_control_errors_are_rest_error_info(pbx: Any) -> None:
    r = pbx.control.post("/__emulator__/telephony/external/calls", json={"from": "70120", "to": "70121"})
    pbx.error(r, 400, "BAD_PARAMETER", "BAD_PARAMETER_VALUE")
    r = pbx.control.post("/__emulator__/telephony/external/calls", json={"to": "70121"})
    pbx.error(r, 400, "BAD_PARAMETER", "BAD_PARAMETER_VALUE")
    r = pbx.control.post("/__emulator__/telephony/devices/70120/answer", json={})
    pbx.error(r, 400, "NOT_EXPECTED", "INCOMPATIBLE_WITH_STATE")
    r = pbx.control.put("/__emulator__/telephony/devices/70120", json={"answer": "sometimes"})
    pbx.error(r, 400, "BAD_PARAMETER", "BAD_PARAMETER_VALUE")


def test_a_set_going_out_of_service_leaves_its_calls(pbx: Any) -> None:
    alice, bruno = pbx.party("alice"), pbx.party("bruno")
    ref = alice.call("70120", "70121")
    assert bruno.post(f"/telephony/calls/{ref}/answer", {"deviceId": "70121"}).status_code == 204
    bruno.ev.drain()
    pbx.configure("70121", state="OUT_OF_SERVICE")
    assert alice.ev.wait("OnCallRemoved", callRef=ref)["cause"] == "CLEARED"
    names = [e["eventName"] for e in bruno.ev.drain()]
    assert names == ["OnCallRemoved", "OnUserStateModified", "OnDeviceStateModified"]
    r = bruno.post("/telephony/basicCall/answer", {"deviceId": "70121"})
    pbx.error(r, 400, "NOT_EXPECTED", "INCOMPATIBLE_WITH_STATE")
