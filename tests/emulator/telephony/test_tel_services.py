"""Device services, desk sharing, hunting groups, call-backs, mini messages, pilots, state and snapshot."""

from __future__ import annotations

from typing import Any

from o2g_conformance.catalog import load_catalog
from o2g_conformance.emulator.app import load_services
from o2g_conformance.emulator.core.dispatch import HANDLERS


def test_every_operation_of_the_section_has_a_handler() -> None:
    load_services()
    ops = [op.id for op in load_catalog().operations() if op.id.startswith("telephony.")]
    assert len(ops) == 53
    assert [op for op in ops if op not in HANDLERS] == []


def test_devices_list_and_get(pbx: Any) -> None:
    alice = pbx.party("alice", events=False)
    states = alice.get("/telephony/devices").json()["deviceStates"]
    assert states == [{"deviceId": "70120", "state": "IN_SERVICE"}, {"deviceId": "70520", "state": "IN_SERVICE"}]
    assert alice.get("/telephony/devices/70520").json() == states[1]
    pbx.error(alice.get("/telephony/devices/70121"), 403, "NOT_ALLOWED", "UNAUTHORIZED")
    pbx.error(alice.get("/telephony/devices/79999"), 404, "NOT_FOUND", "BAD_PARAMETER_VALUE")


def test_ithmicro_flips_without_event(pbx: Any) -> None:
    alice, bruno = pbx.party("alice"), pbx.party("bruno")
    before = pbx.dump()["eventsSent"]
    assert alice.put("/telephony/devices/70120/ithmicro").status_code == 204
    dev = next(d for d in pbx.dump()["devices"] if d["number"] == "70120")
    assert (dev["interphony"], dev["microMuted"]) == (True, False)
    assert pbx.dump()["eventsSent"] == before
    ref = alice.call("70120", "70121")
    assert bruno.post(f"/telephony/calls/{ref}/answer", {"deviceId": "70121"}).status_code == 204
    assert alice.put("/telephony/devices/70120/ithmicro").status_code == 204
    assert next(d for d in pbx.dump()["devices"] if d["number"] == "70120")["microMuted"] is True
    assert alice.delete(f"/telephony/calls/{ref}").status_code == 204
    assert next(d for d in pbx.dump()["devices"] if d["number"] == "70120")["microMuted"] is False  # L3898
    pbx.error(alice.put("/telephony/devices/70121/ithmicro"), 403, "NOT_ALLOWED", "UNAUTHORIZED")


def test_desk_sharing_logon_and_logoff(pbx: Any) -> None:
    alice, bruno = pbx.party("alice", events=False), pbx.party("bruno", events=False)
    pbx.error(alice.post("/telephony/deskSharing", {"dssDeviceNumber": "70121"}), 400, "BAD_PARAMETER")
    assert alice.post("/telephony/deskSharing", {"dssDeviceNumber": "70600"}).status_code == 204
    assert "70600" in [d["deviceId"] for d in alice.get("/telephony/devices").json()["deviceStates"]]
    r = bruno.post("/telephony/deskSharing", {"dssDeviceNumber": "70600"})
    assert pbx.error(r, 400, "NOT_EXPECTED")["telephony"]["errorCause"] == "RESOURCE_BUSY"
    alice.call("70600", "70121")
    assert bruno.get("/telephony/calls").json()["calls"][0]["participants"][0]["identity"]["id"]["loginName"] == (
        "oxe70120"
    )
    pbx.error(alice.delete("/telephony/deskSharing"), 400, "NOT_EXPECTED", "INCOMPATIBLE_WITH_STATE")
    assert bruno.post("/telephony/basicCall/answer", {"deviceId": "70121"}).status_code == 204
    assert bruno.post("/telephony/basicCall/dropme").status_code == 204
    r = alice.client.delete("/api/rest/1.0/telephony/deskSharing", headers={"Content-Type": "application/json"})
    assert r.status_code == 204, r.text  # the example sends a Content-Type and no body (L3781-3783)
    assert "70600" not in [d["deviceId"] for d in alice.get("/telephony/devices").json()["deviceStates"]]
    pbx.error(alice.delete("/telephony/deskSharing"), 400, "NOT_EXPECTED", "INCOMPATIBLE_WITH_STATE")


def test_hunting_group_logon_logoff_and_membership(pbx: Any) -> None:
    ines, alice = pbx.party("ines"), pbx.party("alice")
    assert ines.get("/telephony/huntingGroupLogOn").json() == {"logon": True}
    assert ines.delete("/telephony/huntingGroupLogOn").status_code == 204
    assert ines.ev.wait("OnDynamicStateChanged") == {
        "eventName": "OnDynamicStateChanged",
        "loginName": "oxe70128",
        "huntingGroupState": {"logon": False},
    }
    assert ines.get("/telephony/huntingGroupLogOn").json() == {"logon": False}
    assert ines.post("/telephony/huntingGroupLogOn").status_code == 204
    assert ines.ev.wait("OnDynamicStateChanged")["huntingGroupState"] == {"logon": True}
    assert ines.get("/telephony/huntingGroups").json() == {"hgList": ["79100", "79101", "79102"], "currentHg": "79100"}

    pbx.error(alice.post("/telephony/huntingGroupLogOn"), 400, "NOT_EXPECTED", "INCOMPATIBLE_WITH_STATE")
    assert alice.get("/telephony/huntingGroups").json() == {"hgList": ["79100", "79101", "79102"]}
    pbx.error(alice.post("/telephony/huntingGroupMember/79999"), 404, "NOT_FOUND", "BAD_PARAMETER_VALUE")
    for _ in range(2):  # idempotent
        assert alice.post("/telephony/huntingGroupMember/79101").status_code == 204
    assert alice.get("/telephony/huntingGroups").json()["currentHg"] == "79101"
    assert alice.post("/telephony/huntingGroupLogOn").status_code == 204
    for _ in range(2):
        assert alice.delete("/telephony/huntingGroupMember/79101").status_code == 204
    assert "currentHg" not in alice.get("/telephony/huntingGroups").json()


def test_callbacks(pbx: Any) -> None:
    alice, bruno = pbx.party("alice", events=False), pbx.party("bruno", events=False)
    assert bruno.get("/telephony/incomingCallbacks").json() == {"callbacks": []}
    assert alice.post("/telephony/outgoingCallbacks", {"callee": "70121"}).status_code == 204
    pbx.error(alice.post("/telephony/outgoingCallbacks", {"callee": "0612345678"}), 400, "BAD_PARAMETER")
    callbacks = bruno.get("/telephony/incomingCallbacks").json()["callbacks"]
    assert len(callbacks) == 1
    assert callbacks[0]["partyInfo"]["id"] == {"loginName": "oxe70120", "phoneNumber": "70120"}
    pbx.error(bruno.delete("/telephony/incomingCallbacks/nope"), 400, "BAD_PARAMETER", "BAD_PARAMETER_VALUE")
    assert bruno.delete(f"/telephony/incomingCallbacks/{callbacks[0]['callbackId']}").status_code == 204
    assert alice.post("/telephony/outgoingCallbacks", {"callee": "70121"}).status_code == 204
    assert bruno.delete("/telephony/incomingCallbacks").status_code == 204
    assert bruno.get("/telephony/incomingCallbacks").json() == {"callbacks": []}


def test_mini_messages_last_in_first_out(pbx: Any) -> None:
    alice, bruno = pbx.party("alice", events=False), pbx.party("bruno", events=False)
    for text in ("hello!", "second"):
        assert alice.post("/telephony/miniMessages", {"recipient": "70121", "message": text}).status_code == 204
    pbx.error(alice.post("/telephony/miniMessages", {"recipient": "70121", "message": "x" * 129}), 400, "BAD_PARAMETER")
    pbx.error(alice.post("/telephony/miniMessages", {"recipient": "77777", "message": "hi"}), 400, "BAD_PARAMETER")
    assert alice.post("/telephony/miniMessages", {"recipient": "70121", "message": "y" * 128}).status_code == 204
    read = [bruno.get("/telephony/miniMessages").json() for _ in range(3)]
    assert [m["message"] for m in read] == ["y" * 128, "second", "hello!"]
    assert read[0]["sender"] == "70120" and read[0]["date"].endswith("Z")
    pbx.error(bruno.get("/telephony/miniMessages"), 400, "NOT_FOUND")  # L4334


def test_pilot_transfer_info(pbx: Any) -> None:
    alice = pbx.party("alice", events=False)
    r = alice.post("/telephony/pilots/7/79200/transferInfo", {"agentNumber": "70120", "supervisedTransfer": True})
    assert r.json() == {
        "number": "79200",
        "waitingTime": 0,
        "saturation": False,
        "supervisedTransfer": True,
        "transferInfo": {"transferPossible": True, "pilotStatus": "OPEN"},
    }
    pbx.error(alice.post("/telephony/pilots/7/79999/transferInfo", {}), 404, "NOT_FOUND")


def test_state_and_snapshot(pbx: Any) -> None:
    alice, bruno, admin = pbx.party("alice"), pbx.party("bruno"), pbx.party("admin")
    idle = alice.get("/telephony/state").json()
    assert idle == {
        "calls": [],
        "deviceCapabilities": [
            {
                "deviceId": "70120",
                "makeCall": True,
                "makeBusinessCall": True,
                "makePrivateCall": True,
                "unParkCall": False,
            },
            {
                "deviceId": "70520",
                "makeCall": True,
                "makeBusinessCall": True,
                "makePrivateCall": True,
                "unParkCall": False,
            },
        ],
    }
    ref = alice.call("70120", "70121")
    busy = alice.get("/telephony/state").json()
    assert busy["userState"] == "BUSY" and [c["callRef"] for c in busy["calls"]] == [ref]
    assert alice.post("/telephony/state/snapshot").status_code == 204
    snap = alice.ev.wait("OnTelephonyState")
    assert snap["loginName"] == "oxe70120" and snap["state"] == busy
    assert all(e["eventName"] != "OnTelephonyState" for e in bruno.ev.drain())
    admin.ev.drain()
    assert admin.post("/telephony/state/snapshot").status_code == 204  # every user (L4559, L4568-4570)
    snaps = [admin.ev.wait("OnTelephonyState") for _ in range(10)]
    assert sorted(s["loginName"] for s in snaps) == sorted(f"oxe7012{i}" for i in range(10))
    r = admin.post("/telephony/state/snapshot", params={"loginName": "oxe79999"})
    pbx.error(r, 404, "NOT_FOUND", "BAD_PARAMETER_VALUE")
