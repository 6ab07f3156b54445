"""Call Center Real Time over HTTP: identifiers, the administrator's context, snapshot and change events."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .conftest import Acd

from .conftest import AGENT_F, AGENT_G, API

RTI = f"{API}/acd/rti"
CONTEXT = {
    "obsPeriod": 30,
    "notifFrequency": 10,
    "filter": {
        "agentFilter": {"numbers": ["70126"], "attributes": ["ServiceState", "CurrentPG", "phonestate"]},
        "pilotFilter": {"numbers": ["79200"], "attributes": ["State", "NbOfWaitingCalls", "CurrentPG"]},
        "queueFilter": {"numbers": ["*"], "attributes": ["NbOfWaitingCalls"]},
        "pgAgentFilter": {"numbers": ["79220"], "attributes": ["NbOfLoggedOnAgents", "NbOfWithdrawnAgents"]},
        "pgOtherFilter": {"numbers": ["79230"], "attributes": ["ALL"]},
    },
}


def test_identifiers(acd: Acd) -> None:
    admin = acd.admin()
    everything = admin.get(RTI).json()
    assert everything["pilots"] == [{"number": "79200", "name": "SALES"}, {"number": "79201", "name": "SUPPORT"}]
    assert everything["agents"][0] == {"number": "70125", "name": "Richard", "firstName": "Farid"}
    assert [q["number"] for q in everything["queues"]] == ["79210", "79211"]
    assert [g["name"] for g in everything["pgAgents"]] == ["PG_SALES", "PG_SUPPORT"]
    assert [g["number"] for g in everything["pgOthers"]] == ["79230", "79231"]
    for path, key in (("agents", "agents"), ("pilots", "pilots"), ("queues", "queues"), ("pgAgents", "pgAgents")):
        assert admin.get(f"{RTI}/{path}").json() == {key: everything[key]}
    assert admin.get(f"{RTI}/pgOthers").json() == {"pgOthers": everything["pgOthers"]}
    acd.check_error(acd.session(AGENT_F).get(RTI), 403, "NOT_ALLOWED")


def test_the_context_of_an_administrator(acd: Acd) -> None:
    admin = acd.admin()
    acd.check_error(admin.get(f"{RTI}/ctx"), 404, "NOT_FOUND")
    acd.check_error(admin.post(f"{RTI}/ctx"), 404, "NOT_FOUND")  # no body and no context to activate
    acd.check_error(admin.put(f"{RTI}/ctx", json=CONTEXT), 404, "NOT_FOUND")
    acd.check_error(admin.delete(f"{RTI}/ctx"), 404, "NOT_FOUND")
    acd.check_error(admin.post(f"{RTI}/snapshot"), 404, "NOT_FOUND")
    assert admin.post(f"{RTI}/ctx", json=CONTEXT).status_code == 204
    compact = admin.get(f"{RTI}/ctx").json()
    assert compact["active"] is True and compact["obsPeriod"] == 30
    # attribute names read case-insensitively, names the object lacks left out (L14779, L14783)
    assert compact["filter"]["agentFilter"]["attributes"] == ["ServiceState", "CurrentPG", "PhoneState"]
    assert compact["filter"]["pilotFilter"]["attributes"] == ["State", "NbOfWaitingCalls"]
    extended = admin.get(f"{RTI}/ctx", params={"extended": "true"}).json()
    assert extended["filter"]["queueFilter"]["numbers"] == ["79210", "79211"]
    assert extended["filter"]["pgOtherFilter"]["attributes"] == ["State", "NbOfACDCalls", "IncomingTraffic"]
    assert admin.put(f"{RTI}/ctx", json={"obsPeriod": 60}).status_code == 204
    assert admin.get(f"{RTI}/ctx").json() == {"active": True, "obsPeriod": 60, "notifFrequency": 10, "filter": {}}
    assert admin.delete(f"{RTI}/ctx").status_code == 204
    acd.check_error(admin.get(f"{RTI}/ctx"), 404, "NOT_FOUND")


def test_bad_contexts(acd: Acd) -> None:
    admin = acd.admin()
    for wrong in (
        {"obsPeriod": 10},
        {"obsPeriod": 61},
        {"notifFrequency": 4},
        {"filter": {"agentFilter": {"numbers": ["70120"], "attributes": ["ALL"]}}},
        {"obsPeriod": "30"},
    ):
        acd.check_error(admin.post(f"{RTI}/ctx", json=wrong), 400, "BAD_PARAMETER")


def _events(stream: Any, count: int) -> dict[str, dict[str, Any]]:
    out = {}
    for _ in range(count):
        event = stream.next()
        out[f"{event['eventName']}:{event['number']}"] = event
    return out


def test_snapshot_then_changes(acd: Acd) -> None:
    admin = acd.admin()
    events = acd.events(admin, {"names": ["rti"], "ids": ["*"]})
    assert admin.post(f"{RTI}/ctx", json=CONTEXT).status_code == 204
    assert admin.post(f"{RTI}/snapshot").status_code == 204
    snapshot = _events(events, 6)
    assert snapshot["OnAgentRtiChanged:70126"] == {
        "eventName": "OnAgentRtiChanged",
        "name": "Petit",
        "firstName": "Gina",
        "number": "70126",
        "type": "Normal",
        "serviceState": "LoggedOut",
        "serviceStateDate": "2026-01-05T09:00:00.000Z",
        "currentPG": "",
        "phoneState": "LoggedOut",
    }
    assert snapshot["OnPilotRtiChanged:79200"] == {
        "eventName": "OnPilotRtiChanged",
        "name": "SALES",
        "number": "79200",
        "state": "Opened",
        "nbOfWaitingCalls": 0,
    }
    assert snapshot["OnPGAgentRtiChanged:79220"]["nbOfWidthdrawnAgents"] == 0
    assert snapshot["OnPGOtherRtiChanged:79230"] == {
        "eventName": "OnPGOtherRtiChanged",
        "name": "PG_OVERFLOW",
        "number": "79230",
        "type": "Forward",
        "state": "Opened",
        "nbOfACDCalls": 0,
        "incomingTraffic": 0,
    }
    assert {k for k in snapshot if k.startswith("OnQueueRtiChanged")} == {
        "OnQueueRtiChanged:79210",
        "OnQueueRtiChanged:79211",
    }
    acd.api.advance(5)
    g = acd.session(AGENT_G)
    acd.logon(g, "70126")
    changes = _events(events, 2)
    assert changes["OnAgentRtiChanged:70126"] == {
        "eventName": "OnAgentRtiChanged",
        "name": "Petit",
        "firstName": "Gina",
        "number": "70126",
        "type": "Normal",
        "serviceState": "Assigned",
        "serviceStateDate": "2026-01-05T09:00:05.000Z",
        "currentPG": "79220",
        "phoneState": "Idle",
    }
    assert changes["OnPGAgentRtiChanged:79220"] == {
        "eventName": "OnPGAgentRtiChanged",
        "name": "PG_SALES",
        "number": "79220",
        "type": "Agent",
        "nbOfLoggedOnAgents": 1,
    }
    assert g.post(f"{API}/acd/agent/withdraw", json={"reasonIndex": 1}).status_code == 204
    changes = _events(events, 2)
    assert changes["OnAgentRtiChanged:70126"]["serviceState"] == "Withdrawn"
    assert changes["OnPGAgentRtiChanged:79220"]["nbOfWidthdrawnAgents"] == 1
    acd.call_in("79200")  # nobody ready: the call waits
    changes = _events(events, 2)
    assert changes["OnPilotRtiChanged:79200"]["nbOfWaitingCalls"] == 1
    assert changes["OnQueueRtiChanged:79210"]["nbOfWaitingCalls"] == 1
    acd.control("/external/0612345678/hangup")
    assert len(_events(events, 2)) == 2
    acd.nothing_more(events, "OnPilotRtiChanged")


def test_events_go_to_the_owner_of_the_context(acd: Acd) -> None:
    owner, other = acd.admin(), acd.api.session(("operator", "0perator-Pass"))
    theirs = acd.events(other, {"names": ["rti"], "ids": ["*"]})
    assert owner.post(f"{RTI}/ctx", json=CONTEXT).status_code == 204
    assert owner.post(f"{RTI}/snapshot").status_code == 204
    acd.logon(acd.session(AGENT_G), "70126")
    acd.nothing_more(theirs, "OnPilotRtiChanged")
