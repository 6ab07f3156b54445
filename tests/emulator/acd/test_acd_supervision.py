"""Call Center Agent over HTTP: help requests, intrusion and permanent listening between agents and supervisor."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .conftest import Acd

from .conftest import AGENT_F, AGENT_G, API, SUPERVISOR

AGENT = f"{API}/acd/agent"


def test_help_request_cancel_and_reject(acd: Acd) -> None:
    f, s = acd.session(AGENT_F), acd.session(SUPERVISOR)
    acd.logon(f, "70125")
    acd.check_error(f.post(f"{AGENT}/supervisorHelp"), 400, "NOT_EXPECTED")  # the supervisor is not logged on
    acd.logon(s, "70128")
    agent_events = acd.events(f, {"names": ["OnSupervisorHelpRequested", "OnSupervisorHelpCancelled"]})
    sup_events = acd.events(s, {"names": ["OnSupervisorHelpRequested", "OnSupervisorHelpCancelled"]})
    assert f.post(f"{AGENT}/supervisorHelp").status_code == 204
    asked = {"eventName": "OnSupervisorHelpRequested", "loginName": "oxe70125", "agentNumber": "70128"}
    assert agent_events.next() == asked
    assert sup_events.next() == {**asked, "loginName": "oxe70128", "agentNumber": "70125"}
    acd.check_error(f.post(f"{AGENT}/supervisorHelp"), 400, "NOT_EXPECTED")  # already pending
    acd.check_error(f.delete(f"{AGENT}/supervisorHelp"), 400, "BAD_PARAMETER")  # `other` is mandatory
    acd.check_error(f.delete(f"{AGENT}/supervisorHelp", params={"other": "70126"}), 400, "NOT_EXPECTED")
    assert f.delete(f"{AGENT}/supervisorHelp", params={"other": "70128"}).status_code == 204
    assert agent_events.next()["eventName"] == "OnSupervisorHelpCancelled"
    assert sup_events.next() == {
        "eventName": "OnSupervisorHelpCancelled",
        "loginName": "oxe70128",
        "agentNumber": "70125",
    }
    # Asked again, then rejected by the supervisor (other = the agent's number, L13010).
    assert f.post(f"{AGENT}/supervisorHelp").status_code == 204
    agent_events.next(), sup_events.next()
    assert s.delete(f"{AGENT}/supervisorHelp", params={"other": "70125"}).status_code == 204
    assert agent_events.next() == {
        "eventName": "OnSupervisorHelpCancelled",
        "loginName": "oxe70125",
        "agentNumber": "70128",
    }
    assert sup_events.next()["eventName"] == "OnSupervisorHelpCancelled"
    acd.check_error(s.post(f"{AGENT}/supervisorHelp"), 403, "NOT_ALLOWED")  # a supervisor asks no help


def test_intrusion_into_an_agent_call(acd: Acd) -> None:
    f, s = acd.session(AGENT_F), acd.session(SUPERVISOR)
    acd.logon(f, "70125")
    acd.logon(s, "70128")
    body = {"agentNumber": "70125", "mode": "restricted"}  # lower case as in the example (L12562)
    acd.check_error(s.post(f"{AGENT}/intrusion", json=body), 400, "NOT_EXPECTED")  # no call in conversation
    acd.call_in("70125")
    acd.control("/devices/70125/answer")
    acd.check_error(f.post(f"{AGENT}/intrusion", json=body), 403, "NOT_ALLOWED")
    acd.check_error(s.post(f"{AGENT}/intrusion", json={"agentNumber": "70120"}), 400, "BAD_PARAMETER")
    acd.check_error(s.post(f"{AGENT}/intrusion", json={"agentNumber": "70125", "mode": "STOP"}), 400, "BAD_PARAMETER")
    acd.check_error(s.put(f"{AGENT}/intrusion", json={"mode": "NORMAL"}), 400, "NOT_EXPECTED")
    assert s.post(f"{AGENT}/intrusion", json=body).status_code == 204
    acd.check_error(s.post(f"{AGENT}/intrusion", json=body), 400, "NOT_EXPECTED")  # already in intrusion
    assert s.put(f"{AGENT}/intrusion", json={"mode": "DISCRETE"}).status_code == 204
    assert s.put(f"{AGENT}/intrusion", json={"mode": "DISCRETE"}).status_code == 204  # same mode: drops out
    acd.check_error(s.put(f"{AGENT}/intrusion", json={"mode": "STOP"}), 400, "NOT_EXPECTED")
    assert s.post(f"{AGENT}/intrusion", json=body).status_code == 204
    assert s.put(f"{AGENT}/intrusion", json={"mode": "STOP"}).status_code == 204
    assert s.post(f"{AGENT}/intrusion", json=body).status_code == 204
    acd.control(f"/external/{'0612345678'}/hangup")  # the call ends: so does the intrusion
    acd.check_error(s.put(f"{AGENT}/intrusion", json={"mode": "NORMAL"}), 400, "NOT_EXPECTED")


def test_permanent_listening(acd: Acd) -> None:
    s = acd.session(SUPERVISOR)
    acd.check_error(s.post(f"{AGENT}/permanentListening", json={"agentNumber": "70126"}), 400, "NOT_EXPECTED")
    acd.logon(s, "70128")
    acd.check_error(s.delete(f"{AGENT}/permanentListening"), 400, "NOT_EXPECTED")
    acd.check_error(s.post(f"{AGENT}/permanentListening", json={}), 400, "BAD_PARAMETER")
    assert s.post(f"{AGENT}/permanentListening", json={"agentNumber": "70126"}).status_code == 204
    acd.check_error(s.post(f"{AGENT}/permanentListening", json={"agentNumber": "70126"}), 400, "NOT_EXPECTED")
    assert s.delete(f"{AGENT}/permanentListening").status_code == 204
    g = acd.session(AGENT_G)
    acd.check_error(g.post(f"{AGENT}/permanentListening", json={"agentNumber": "70125"}), 403, "NOT_ALLOWED")
    acd.check_error(g.delete(f"{AGENT}/permanentListening"), 403, "NOT_ALLOWED")


def test_logoff_cancels_a_pending_help_request(acd: Acd) -> None:
    f, s = acd.session(AGENT_F), acd.session(SUPERVISOR)
    acd.logon(f, "70125")
    acd.logon(s, "70128")
    assert f.post(f"{AGENT}/supervisorHelp").status_code == 204
    events = acd.events(s, {"names": ["agent"]})
    assert s.post(f"{AGENT}/logoff").status_code == 204
    assert events.next()["eventName"] == "OnSupervisorHelpCancelled"
    assert events.next()["state"] == {"mainState": "LOG_OFF"}
    acd.check_error(f.delete(f"{AGENT}/supervisorHelp", params={"other": "70128"}), 400, "NOT_EXPECTED")
