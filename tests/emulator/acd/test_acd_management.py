"""Call Center Management over HTTP: pilots, advanced pilot information, opening, calendars and transitions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .conftest import Acd

from .conftest import AGENT_F, AGENT_G, API

PILOTS = f"{API}/acd/7/pilots"


def _rules(pilot: dict[str, Any]) -> list[tuple[str, bool]]:
    return [(r["ruleNumber"], r["active"]) for r in pilot["rules"]["ruleList"]]


def test_pilots_of_the_node(acd: Acd) -> None:
    admin = acd.admin()
    pilots = admin.get(PILOTS).json()["pilotList"]
    assert [(p["number"], p["name"], p["state"], p["detailedState"]) for p in pilots] == [
        ("79200", "SALES", "Opened", "OPEN"),
        ("79201", "SUPPORT", "Opened", "OPEN"),
    ]
    sales = admin.get(f"{PILOTS}/79200").json()
    assert sales == pilots[0]
    assert _rules(sales) == [("0", True), ("1", False)]
    assert (sales["waitingTime"], sales["saturation"], sales["possibleTransfer"]) == (30, False, False)
    acd.check_error(admin.get(f"{PILOTS}/79299"), 404, "NOT_FOUND")
    acd.check_error(admin.get(f"{API}/acd/8/pilots"), 404, "NOT_FOUND")
    acd.check_error(admin.get(f"{API}/acd/seven/pilots"), 400, "BAD_PARAMETER")
    acd.check_error(acd.session(AGENT_F).get(PILOTS), 403, "NOT_ALLOWED")


def test_advanced_information_for_a_call_profile(acd: Acd) -> None:
    admin = acd.admin()
    g = acd.session(AGENT_G)
    acd.logon(g, "70126")
    skill = {"skills": {"skills": [{"skillNumber": 3, "acrStatus": True, "expertEvalLevel": 1}]}}
    pilot = admin.post(f"{PILOTS}/79200", json={**skill, "supervisedTransfer": True}).json()
    assert (pilot["possibleTransfer"], pilot["waitingTime"], pilot["supervisedTransfer"]) == (True, 0, True)
    harder = {"skills": {"skills": [{"skillNumber": 3, "acrStatus": True, "expertEvalLevel": 2}]}}
    assert admin.post(f"{PILOTS}/79200", json=harder).json()["possibleTransfer"] is False
    assert admin.post(f"{PILOTS}/79200", json={"agentNumber": "70125"}).json()["possibleTransfer"] is False
    acd.check_error(admin.post(f"{PILOTS}/79200", json={"agentNumber": "70120"}), 400, "BAD_PARAMETER")
    acd.check_error(admin.post(f"{PILOTS}/79200", json={"skills": {"skills": [{}]}}), 400, "BAD_PARAMETER")
    acd.check_error(admin.post(f"{PILOTS}/79299", json={}), 404, "NOT_FOUND")


def test_close_and_open(acd: Acd) -> None:
    admin = acd.admin()
    assert admin.post(f"{PILOTS}/79201/close").status_code == 204
    assert admin.post(f"{PILOTS}/79201/close").status_code == 204
    pilot = admin.get(f"{PILOTS}/79201").json()
    assert (pilot["state"], pilot["detailedState"], pilot["possibleTransfer"]) == ("Closed", "BLOCKED", False)
    assert admin.post(f"{PILOTS}/79201/open").status_code == 204
    assert admin.get(f"{PILOTS}/79201").json()["state"] == "Opened"
    acd.check_error(admin.post(f"{PILOTS}/79299/open"), 404, "NOT_FOUND")


def test_calendars(acd: Acd) -> None:
    admin = acd.admin()
    whole = admin.get(f"{PILOTS}/79200/calendar").json()
    normal = admin.get(f"{PILOTS}/79200/calendar/normal").json()
    exceptions = admin.get(f"{PILOTS}/79200/calendar/exception").json()
    assert whole == {"normalDays": normal, "exceptionDays": exceptions}
    assert [d["day"] for d in normal["calendar"]] == ["monday", "tuesday", "wednesday", "thursday", "friday"]
    assert normal["calendar"][0]["list"] == [
        {"number": 1, "transition": {"time": "08:00", "ruleNumber": 0, "mode": "normal"}},
        {"number": 2, "transition": {"time": "18:00", "ruleNumber": 1, "mode": "closed"}},
    ]
    assert exceptions == {
        "calendar": [
            {
                "date": "20261225",
                "list": [{"number": 1, "transition": {"time": "00:00", "ruleNumber": 1, "mode": "closed"}}],
            }
        ]
    }


def test_normal_transitions(acd: Acd) -> None:
    admin = acd.admin()
    day = f"{PILOTS}/79201/calendar/normal/tuesday/transitions"
    assert admin.post(day, json={"time": "03:11", "ruleNumber": 0, "mode": "forward"}).status_code == 204
    assert admin.post(day, json={"time": "12:00", "ruleNumber": 0, "mode": "NORMAL"}).status_code == 204
    assert admin.put(f"{day}/1", json={"time": "03:12", "ruleNumber": 0, "mode": "closed"}).status_code == 204
    listed = admin.get(f"{PILOTS}/79201/calendar/normal").json()["calendar"]
    assert listed[1] == {
        "day": "tuesday",
        "list": [
            {"number": 1, "transition": {"time": "03:12", "ruleNumber": 0, "mode": "closed"}},
            {"number": 2, "transition": {"time": "12:00", "ruleNumber": 0, "mode": "normal"}},
        ],
    }
    assert admin.delete(f"{day}/1").status_code == 204
    assert admin.get(f"{PILOTS}/79201/calendar/normal").json()["calendar"][1]["list"][0]["number"] == 1
    acd.check_error(admin.delete(f"{day}/2"), 404, "NOT_FOUND")
    acd.check_error(
        admin.put(f"{day}/x", json={"time": "03:12", "ruleNumber": 0, "mode": "closed"}), 400, "BAD_PARAMETER"
    )
    for wrong in (
        {"time": "3:12", "ruleNumber": 0, "mode": "normal"},
        {"time": "24:00", "ruleNumber": 0, "mode": "normal"},
        {"time": "03:12", "ruleNumber": 30, "mode": "normal"},
        {"time": "03:12", "ruleNumber": 1, "mode": "normal"},
        {"time": "03:12", "ruleNumber": 0, "mode": "open"},
        {"time": "03:12", "ruleNumber": 0},
    ):
        acd.check_error(admin.post(day, json=wrong), 400, "BAD_PARAMETER")
    acd.check_error(
        admin.post(
            f"{PILOTS}/79201/calendar/normal/funday/transitions",
            json={"time": "03:12", "ruleNumber": 0, "mode": "normal"},
        ),
        400,
        "BAD_PARAMETER",
    )
    acd.check_error(admin.delete(f"{PILOTS}/79201/calendar/normal/sunday/transitions/1"), 404, "NOT_FOUND")


def test_at_most_ten_transitions_a_day(acd: Acd) -> None:
    admin = acd.admin()
    day = f"{PILOTS}/79201/calendar/exception/20260601/transitions"
    for hour in range(10):
        assert admin.post(day, json={"time": f"{hour:02d}:00", "ruleNumber": 0, "mode": "normal"}).status_code == 204
    acd.check_error(admin.post(day, json={"time": "11:00", "ruleNumber": 0, "mode": "normal"}), 400, "BAD_PARAMETER")


def test_exception_transitions(acd: Acd) -> None:
    admin = acd.admin()
    day = f"{PILOTS}/79200/calendar/exception/20260601/transitions"
    assert admin.post(day, json={"time": "03:12", "ruleNumber": 1, "mode": "forward"}).status_code == 204
    assert admin.put(f"{day}/1", json={"time": "03:15", "ruleNumber": 1, "mode": "forward"}).status_code == 204
    dates = admin.get(f"{PILOTS}/79200/calendar/exception").json()["calendar"]
    assert [d["date"] for d in dates] == ["20260601", "20261225"]
    assert dates[0]["list"][0]["transition"]["time"] == "03:15"
    assert admin.delete(f"{day}/1").status_code == 204  # its last transition: the date goes
    assert [d["date"] for d in admin.get(f"{PILOTS}/79200/calendar/exception").json()["calendar"]] == ["20261225"]
    acd.check_error(admin.put(f"{day}/1", json={"time": "03:15", "ruleNumber": 1, "mode": "forward"}), 404, "NOT_FOUND")
    acd.check_error(
        admin.post(
            f"{PILOTS}/79200/calendar/exception/20260230/transitions",
            json={"time": "03:15", "ruleNumber": 1, "mode": "forward"},
        ),
        400,
        "BAD_PARAMETER",
    )


def test_the_calendar_in_force_on_the_virtual_clock(acd: Acd) -> None:
    # Monday 2026-01-05 09:00 UTC: 08:00 rule 0 normal is in force; at 18:00 rule 1 closes the pilot.
    acd.api.advance(9 * 3600)
    admin = acd.admin()
    pilot = admin.get(f"{PILOTS}/79200").json()
    assert (pilot["state"], pilot["detailedState"], _rules(pilot)) == (
        "Closed",
        "BLOCKED_ON_RULE",
        [("0", False), ("1", True)],
    )
    assert admin.get(f"{PILOTS}/79201").json()["detailedState"] == "GENERAL_FORWARDING_ON_RULE"  # 17:00 forward
