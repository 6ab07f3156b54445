"""Call Center Agent over HTTP: configuration, the agent lifecycle and its events, skills, snapshot."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .conftest import Acd

from .conftest import AGENT_F, AGENT_G, AGENT_H, API, NOT_OPERATOR, SUPERVISOR

AGENT = f"{API}/acd/agent"


def test_configuration_of_an_agent_and_of_a_supervisor(acd: Acd) -> None:
    f = acd.session(AGENT_F)
    assert f.get(f"{AGENT}/config").json() == {
        "type": "AGENT",
        "proacd": "70125",
        "processingGroups": {"preferred": "79220", "groups": ["79220", "79221"]},
        "skills": {"skills": [{"number": 1, "level": 2, "active": True}, {"number": 2, "level": 1, "active": False}]},
        "selfAssign": True,
        "headset": True,
        "help": True,
        "multiline": False,
    }
    sup = acd.session(SUPERVISOR).get(f"{AGENT}/config").json()
    assert sup["type"] == "SUPERVISOR" and "skills" not in sup
    assert sup["processingGroups"] == {"preferred": "79220", "groups": ["79220", "79221"]}


def test_rights_and_the_login_of_an_administrator(acd: Acd) -> None:
    acd.check_error(acd.session(NOT_OPERATOR).get(f"{AGENT}/config"), 400, "NOT_FOUND")
    admin = acd.admin()
    acd.check_error(admin.get(f"{AGENT}/config"), 400, "BAD_PARAMETER")  # loginName is mandatory
    assert admin.get(f"{AGENT}/config", params={"loginName": "oxe70126"}).json()["proacd"] == "70126"
    acd.check_error(admin.get(f"{AGENT}/state", params={"loginName": "oxe99999"}), 400, "NOT_FOUND")
    # An agent using a supervisor's operation: insufficient rights.
    acd.check_error(acd.session(AGENT_F).post(f"{AGENT}/enterPG", json={}), 403, "NOT_ALLOWED")


def test_the_agent_lifecycle_and_its_events(acd: Acd) -> None:
    f = acd.session(AGENT_F)
    events = acd.events(f, {"names": ["agent"]})
    assert acd.state(f) == {"mainState": "LOG_OFF"}
    acd.logon(f, "70125")
    ready = {"mainState": "LOG_ON", "subState": "READY", "proAcdDeviceNumber": "70125", "pgNumber": "79220"}
    assert events.next() == {"eventName": "OnAgentStateChanged", "loginName": "oxe70125", "state": ready}
    for path, sub in (("pause", "PAUSE"), ("wrapUp", "WRAPUP"), ("ready", "READY")):
        assert f.post(f"{AGENT}/{path}").status_code == 204
        assert events.next()["state"]["subState"] == sub
    assert f.post(f"{AGENT}/withdraw", json={"reasonIndex": "2"}).status_code == 204  # the example's string form
    assert events.next()["state"] == {**ready, "subState": "WITHDRAW", "withdrawReason": 2}
    assert f.post(f"{AGENT}/ready").status_code == 204
    assert events.next()["state"]["subState"] == "READY"
    assert f.post(f"{AGENT}/ready").status_code == 204  # already READY: accepted, nothing changes
    assert f.post(f"{AGENT}/logoff").status_code == 204
    assert events.next()["state"] == {"mainState": "LOG_OFF"}
    acd.nothing_more(events, "OnAgentStateChanged")


def test_refused_moves_are_not_expected(acd: Acd) -> None:
    f = acd.session(AGENT_F)
    for path in ("ready", "pause", "wrapUp", "withdraw", "logoff"):
        acd.check_error(f.post(f"{AGENT}/{path}"), 400, "NOT_EXPECTED")
    acd.logon(f, "70125", "79221")
    acd.check_error(f.post(f"{AGENT}/logon", json={"proAcdDeviceNumber": "70125"}), 400, "NOT_EXPECTED")
    acd.check_error(f.post(f"{AGENT}/withdraw", json={"reasonIndex": 3}), 400, "BAD_PARAMETER")  # 79221 has 2
    assert acd.state(f)["subState"] == "READY"


def test_logon_parameters(acd: Acd) -> None:
    f = acd.session(AGENT_F)
    acd.check_error(f.post(f"{AGENT}/logon", json={}), 400, "BAD_PARAMETER")
    acd.check_error(f.post(f"{AGENT}/logon", json={"proAcdDeviceNumber": "70126"}), 400, "BAD_PARAMETER")
    acd.check_error(
        f.post(f"{AGENT}/logon", json={"proAcdDeviceNumber": "70125", "pgGroupNumber": "79230"}), 400, "BAD_PARAMETER"
    )
    acd.logon(f, "70125", "79221")
    assert acd.state(f)["pgNumber"] == "79221"


def test_wrap_up_ends_on_the_virtual_clock(acd: Acd) -> None:
    g = acd.session(AGENT_G)
    acd.logon(g, "70126")
    assert g.post(f"{AGENT}/wrapUp").status_code == 204
    acd.api.advance(29)
    assert acd.state(g)["subState"] == "WRAPUP"
    acd.api.advance(1)
    assert acd.state(g)["subState"] == "READY"


def test_withdraw_reasons(acd: Acd) -> None:
    f = acd.session(AGENT_F)
    assert f.get(f"{AGENT}/withdrawReasons", params={"pgNumber": "79220"}).json() == {
        "number": 3,
        "reasons": [
            {"index": 1, "label": "Lunch"},
            {"index": 2, "label": "Meeting"},
            {"index": 3, "label": "Coffee break"},
        ],
    }
    acd.check_error(f.get(f"{AGENT}/withdrawReasons"), 400, "BAD_PARAMETER")
    acd.check_error(
        acd.session(AGENT_G).get(f"{AGENT}/withdrawReasons", params={"pgNumber": "79221"}), 400, "BAD_PARAMETER"
    )


def test_two_step_logon_and_logoff_of_a_supervisor(acd: Acd) -> None:
    s = acd.session(SUPERVISOR)
    acd.check_error(s.post(f"{AGENT}/enterPG", json={"pgGroupNumber": "79220"}), 400, "NOT_EXPECTED")
    acd.logon(s, "70128")
    assert acd.state(s) == {"mainState": "LOG_ON", "subState": "OUT_OF_PG", "proAcdDeviceNumber": "70128"}
    acd.check_error(s.post(f"{AGENT}/exitPG", json={"pgGroupNumber": "79220"}), 400, "NOT_EXPECTED")
    assert s.post(f"{AGENT}/enterPG", json={"pgGroupNumber": "79221"}).status_code == 204
    assert acd.state(s)["pgNumber"] == "79221"
    acd.check_error(s.post(f"{AGENT}/enterPG", json={"pgGroupNumber": "79220"}), 400, "NOT_EXPECTED")
    assert s.post(f"{AGENT}/exitPG", json={"pgGroupNumber": "79221"}).status_code == 204
    assert acd.state(s)["subState"] == "OUT_OF_PG"
    acd.logon(s, "70128", "79220")  # logon again with its own number: enters the group (L13300)
    assert acd.state(s)["pgNumber"] == "79220"
    assert s.post(f"{AGENT}/exitPG", json={"pgGroupNumber": ""}).status_code == 204  # empty: a logoff (L12481)
    assert acd.state(s) == {"mainState": "LOG_OFF"}


def test_skills_and_their_event(acd: Acd) -> None:
    f = acd.session(AGENT_F)
    events = acd.events(f, {"names": ["OnAgentSkillChanged"]})
    assert f.post(f"{AGENT}/config/skills/activate", json={"skills": [2]}).status_code == 204
    assert events.next() == {
        "eventName": "OnAgentSkillChanged",
        "loginName": "oxe70125",
        "skills": {"skills": [{"number": 1, "level": 2, "active": True}, {"number": 2, "level": 1, "active": True}]},
    }
    assert f.post(f"{AGENT}/config/skills/activate", json={"skills": [2]}).status_code == 204  # no change
    assert f.post(f"{AGENT}/config/skills/deactivate", json={"skills": [1, 2]}).status_code == 204
    assert [s["active"] for s in events.next()["skills"]["skills"]] == [False, False]
    acd.check_error(f.post(f"{AGENT}/config/skills/activate", json={"skills": [7]}), 400, "BAD_PARAMETER")
    acd.check_error(f.post(f"{AGENT}/config/skills/activate", json={"skills": []}), 400, "BAD_PARAMETER")
    acd.check_error(f.post(f"{AGENT}/config/skills/activate", json={"skills": ["1"]}), 400, "BAD_PARAMETER")
    acd.nothing_more(events, "OnAgentSkillChanged")


def test_snapshot(acd: Acd) -> None:
    admin = acd.admin()
    events = acd.events(admin, {"names": ["OnAgentStateChanged"], "ids": ["*"]})
    assert admin.post(f"{AGENT}/state/snapshot").status_code == 204
    logins = {events.next()["loginName"] for _ in range(4)}
    assert logins == {"oxe70125", "oxe70126", "oxe70127", "oxe70128"}
    assert admin.post(f"{AGENT}/state/snapshot", params={"loginName": "oxe70127"}).status_code == 204
    assert events.next() == {
        "eventName": "OnAgentStateChanged",
        "loginName": "oxe70127",
        "state": {"mainState": "LOG_OFF"},
    }
    acd.check_error(admin.post(f"{AGENT}/state/snapshot", params={"loginName": "oxe70120"}), 404, "NOT_FOUND")
    acd.check_error(acd.session(NOT_OPERATOR).post(f"{AGENT}/state/snapshot"), 404, "NOT_FOUND")
    h = acd.session(AGENT_H)
    assert h.post(f"{AGENT}/state/snapshot").status_code == 204
    assert events.next()["loginName"] == "oxe70127"
    acd.nothing_more(events, "OnAgentStateChanged")
