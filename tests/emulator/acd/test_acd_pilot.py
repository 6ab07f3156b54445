"""Call Center Pilot over HTTP: monitoring, distribution of pilot calls to agents, waiting queue, events."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .conftest import Acd

from .conftest import AGENT_F, AGENT_G, API, CALLER

MONITOR = f"{API}/acd/pilotmonitoring"
AGENT = f"{API}/acd/agent"


def test_monitoring_start_and_stop(acd: Acd) -> None:
    admin = acd.admin()
    for path in ("79200", "7/79200"):
        assert admin.post(f"{MONITOR}/{path}").status_code == 204
        assert admin.post(f"{MONITOR}/{path}").status_code == 204  # already monitored: no error
        assert admin.delete(f"{MONITOR}/{path}").status_code == 204
        assert admin.delete(f"{MONITOR}/{path}").status_code == 204
    acd.check_error(admin.post(f"{MONITOR}/79299"), 404, "NOT_FOUND")
    acd.check_error(admin.post(f"{MONITOR}/8/79200"), 404, "NOT_FOUND")
    acd.check_error(admin.delete(f"{MONITOR}/x/79200"), 400, "BAD_PARAMETER")
    acd.check_error(acd.session(AGENT_F).post(f"{MONITOR}/79200"), 403, "NOT_ALLOWED")


def test_a_pilot_call_is_distributed_to_a_ready_agent(acd: Acd) -> None:
    admin = acd.admin()
    assert admin.post(f"{MONITOR}/79200").status_code == 204
    events = acd.events(admin, {"names": ["pilot"], "ids": ["79200"]})
    g = acd.session(AGENT_G)
    acd.logon(g, "70126")
    ref = acd.call_in("79200")
    created = events.next()
    assert created == {
        "eventName": "OnPilotCallCreated",
        "pilot": "79200",
        "caller": CALLER,
        "callRef": ref,
        "cause": "ACD_ENTER_DISTRIBUTION",
        "callData": {"initialCalled": "79200", "anonymous": False},
    }
    queued = events.next()
    assert (queued["eventName"], queued["queue"], queued["cause"]) == (
        "OnPilotCallQueued",
        "79210",
        "ACD_ENTER_DISTRIBUTION",
    )
    assert events.next() == {
        "eventName": "OnPilotCallRemoved",
        "pilot": "79200",
        "releasingDevice": "79200",
        "newDestination": "70126",
        "callRef": ref,
        "cause": "DISTRIBUTED",
    }
    assert acd.state(g)["subState"] == "BUSY"
    acd.control("/devices/70126/answer")
    acd.control(f"/external/{CALLER}/hangup")
    assert acd.state(g)["subState"] == "WRAPUP"
    acd.api.advance(30)
    assert acd.state(g)["subState"] == "READY"
    assert acd.calls() == []
    acd.nothing_more(events, "OnPilotCallCreated")


def test_a_call_waits_for_an_agent_then_is_distributed(acd: Acd) -> None:
    admin = acd.admin()
    assert admin.post(f"{MONITOR}/79201").status_code == 204
    events = acd.events(admin, {"names": ["pilot"], "ids": ["*"]})
    ref = acd.call_in("79201")
    assert events.next()["eventName"] == "OnPilotCallCreated"
    queued = events.next()
    assert (queued["cause"], queued["numberOfQueued"], queued["queue"]) == ("NO_AVAILABLE_AGENT", 1, "79211")
    f = acd.session(AGENT_F)
    acd.logon(f, "70125", "79221")
    removed = events.next()
    assert (removed["cause"], removed["newDestination"], removed["callRef"]) == ("DISTRIBUTED", "70125", ref)
    state = acd.api.control.get("/__emulator__/telephony/state").json()
    call = next(c for c in state["calls"] if c["callRef"] == ref)
    assert [(x["number"], x["state"]) for x in call["connections"]] == [
        (CALLER, "RINGING_OUTGOING"),
        ("70125", "RINGING_INCOMING"),
    ]
    acd.control(f"/external/{CALLER}/hangup")


def test_a_waiting_caller_abandons(acd: Acd) -> None:
    admin = acd.admin()
    assert admin.post(f"{MONITOR}/79200").status_code == 204
    events = acd.events(admin, {"names": ["pilot"], "ids": ["79200"]})
    ref = acd.call_in("79200")
    events.next(), events.next()
    acd.control(f"/external/{CALLER}/hangup")
    assert events.next() == {
        "eventName": "OnPilotCallRemoved",
        "pilot": "79200",
        "releasingDevice": CALLER,
        "newDestination": "",
        "callRef": ref,
        "cause": "ABANDONED",
    }
    assert acd.calls() == []


def test_a_closed_pilot_takes_no_call(acd: Acd) -> None:
    admin = acd.admin()
    assert admin.post(f"{API}/acd/7/pilots/79200/close").status_code == 204
    assert admin.post(f"{MONITOR}/79200").status_code == 204
    events = acd.events(admin, {"names": ["pilot"], "ids": ["79200"]})
    acd.logon(acd.session(AGENT_G), "70126")
    acd.call_in("79200")
    assert events.next()["eventName"] == "OnPilotCallCreated"
    removed = events.next()
    assert (removed["eventName"], removed["cause"]) == ("OnPilotCallRemoved", "RESOURCES_NOT_AVAILABLE")
    acd.control(f"/external/{CALLER}/hangup")
    acd.nothing_more(events, "OnPilotCallCreated")


def test_events_only_while_a_live_session_monitors(acd: Acd) -> None:
    admin, other = acd.admin(), acd.admin()
    events = acd.events(admin, {"names": ["pilot"], "ids": ["79200"]})
    acd.call_in("79200")  # not monitored: no event
    acd.control(f"/external/{CALLER}/hangup")
    assert admin.post(f"{MONITOR}/79200").status_code == 204
    assert other.post(f"{MONITOR}/79200").status_code == 204
    assert admin.delete(f"{MONITOR}/79200").status_code == 204  # the other session still monitors
    acd.call_in("79200")
    assert events.next()["eventName"] == "OnPilotCallCreated"
    assert events.next()["eventName"] == "OnPilotCallQueued"
    acd.control(f"/external/{CALLER}/hangup")
    assert events.next()["cause"] == "ABANDONED"
    assert other.delete(f"{API}/sessions").status_code == 204  # its monitoring ends with it
    acd.call_in("79200")
    acd.control(f"/external/{CALLER}/hangup")
    acd.nothing_more(events, "OnPilotCallCreated")


def test_the_oldest_waiting_call_goes_first(acd: Acd) -> None:
    first = acd.call_in("79200", "0611111111")
    acd.call_in("79200", "0622222222")
    g = acd.session(AGENT_G)
    acd.logon(g, "70126")
    state = acd.api.control.get("/__emulator__/telephony/state").json()
    ringing = [c["callRef"] for c in state["calls"] if any(x["number"] == "70126" for x in c["connections"])]
    assert ringing == [first]
    acd.check_error(g.post(f"{AGENT}/logoff"), 400, "NOT_EXPECTED")  # BUSY with an ACD call
    acd.check_error(g.post(f"{AGENT}/wrapUp"), 400, "NOT_EXPECTED")  # only the end of the call leads there
    for caller in ("0611111111", "0622222222"):
        acd.control(f"/external/{caller}/hangup")
