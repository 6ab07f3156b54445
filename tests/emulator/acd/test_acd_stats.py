"""Call Center Statistics over HTTP: scopes, contexts, data (JSON, zipped CSV/XLS, asynchronous), schedules."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from .conftest import Acd

from .conftest import AGENT_F, API

SCOPE = f"{API}/acd/stats/scope"
SUPERVISOR = {"identifier": "70128", "language": "EN", "timezone": "+01:00"}
AGENTS = [
    {"number": "70125", "loginName": "oxe70125", "firstName": "Farid", "lastName": "Richard", "groupName": "PG_SALES"},
    {"number": "70126", "loginName": "oxe70126", "firstName": "Gina", "lastName": "Petit", "groupName": "PG_SALES"},
]
AGENT_CONTEXT: dict[str, Any] = {
    "label": "sales",
    "description": "agents of the sales group",
    "filter": {"agentFilter": {"numbers": ["70125", "70126"], "agentAttributes": ["nbRotating", "convAcdTDur"]}},
}


def _scope(admin: httpx.Client, agents: list[dict[str, Any]] = AGENTS) -> None:
    r = admin.post(SCOPE, json={"supervisor": SUPERVISOR, "agents": agents})
    assert r.status_code == 200, r.text
    assert r.json()["privateUrl"].endswith("/acd/stats/scope/70128")


def _context(admin: httpx.Client, body: dict[str, Any] = AGENT_CONTEXT) -> str:
    r = admin.post(f"{SCOPE}/70128/ctx", json=body)
    assert r.status_code == 200, r.text
    return str(r.json()["id"])


def test_scopes(acd: Acd) -> None:
    admin = acd.admin()
    acd.check_error(admin.get(f"{SCOPE}/70128"), 404, "NOT_FOUND")
    _scope(admin)
    assert admin.get(f"{SCOPE}/70128").json() == SUPERVISOR
    wrongs: tuple[dict[str, Any], ...] = (
        {"supervisor": {}},
        {"supervisor": {"identifier": "1", "timezone": "+13:00"}},
        {"supervisor": {"identifier": "1", "language": "IT"}},
    )
    for wrong in wrongs:
        acd.check_error(admin.post(SCOPE, json=wrong), 400, "BAD_PARAMETER")
    acd.check_error(
        admin.post(SCOPE, json={"supervisor": SUPERVISOR, "agents": [{"firstName": "x"}]}), 400, "BAD_PARAMETER"
    )
    assert admin.delete(f"{SCOPE}/70128").status_code == 204
    acd.check_error(admin.delete(f"{SCOPE}/70128"), 404, "NOT_FOUND")
    acd.check_error(acd.session(AGENT_F).get(f"{SCOPE}/70128"), 403, "NOT_ALLOWED")


def test_contexts(acd: Acd) -> None:
    admin = acd.admin()
    acd.check_error(admin.post(f"{SCOPE}/70128/ctx", json=AGENT_CONTEXT), 404, "NOT_FOUND")
    _scope(admin)
    ctx = _context(admin)
    pilots = _context(admin, {"filter": {"pilotFilter": {"numbers": ["79200"], "attributes": ["ALL"]}}})
    assert admin.get(f"{SCOPE}/70128/ctx/{ctx}").json() == {
        "ctxId": ctx,
        "supervisorId": "70128",
        "label": "sales",
        "description": "agents of the sales group",
        "isScheduled": False,
        "filter": {
            "agentFilter": {
                "numbers": ["70125", "70126"],
                "agentAttributes": ["nbRotating", "convAcdTDur"],
                "pilotAttributes": [],
            }
        },
    }
    assert admin.put(f"{SCOPE}/70128/ctx/{ctx}", json={"label": "renamed"}).status_code == 204
    assert admin.get(f"{SCOPE}/70128/ctx/{ctx}").json()["label"] == "renamed"
    assert [c["ctxId"] for c in admin.get(f"{SCOPE}/70128/ctx").json()["contexts"]] == [ctx, pilots]
    both = {"filter": {**AGENT_CONTEXT["filter"], "pilotFilter": {"numbers": ["79200"], "attributes": ["ALL"]}}}
    outside = {"filter": {"agentFilter": {"numbers": ["70127"], "agentAttributes": ["ALL"]}}}
    unknown = {"filter": {"agentFilter": {"numbers": ["70125"], "agentAttributes": ["NbRotating"]}}}
    for wrong in ({}, both, outside, unknown, {"filter": {"pilotFilter": {"numbers": ["79299"]}}}):
        acd.check_error(admin.post(f"{SCOPE}/70128/ctx", json=wrong), 400, "BAD_PARAMETER")
    acd.check_error(admin.put(f"{SCOPE}/70128/ctx/999", json={"label": "x"}), 404, "NOT_FOUND")
    assert admin.delete(f"{SCOPE}/70128/ctx/{pilots}").status_code == 204
    acd.check_error(admin.get(f"{SCOPE}/70128/ctx/{pilots}"), 404, "NOT_FOUND")
    # A new scope without 70126 prunes it from the context; without any of them, the context goes.
    _scope(admin, AGENTS[:1])
    assert admin.get(f"{SCOPE}/70128/ctx/{ctx}").json()["filter"]["agentFilter"]["numbers"] == ["70125"]
    _scope(admin, [])
    assert admin.get(f"{SCOPE}/70128/ctx").json() == {"contexts": []}
    _scope(admin)
    _context(admin)
    assert admin.delete(f"{SCOPE}/70128/ctx").status_code == 204
    assert admin.get(f"{SCOPE}/70128/ctx").json() == {"contexts": []}


def test_one_day_and_several_days_in_json(acd: Acd) -> None:
    admin = acd.admin()
    _scope(admin)
    ctx = _context(admin)
    # 09:00 UTC is 10:00 at +01:00: 40 quarters terminated today, 10 hours
    today = admin.get(f"{SCOPE}/70128/ctx/{ctx}/oneday/data").json()
    assert today["supervisor"] == "70128" and len(today["agentsStats"]) == 40
    slot = today["agentsStats"][-1]
    assert slot["timeSlot"] == "2026-01-05T09:45"
    assert slot["selectedPeriod"] == {
        "periodType": "oneDay",
        "slotType": "aQuarterOfAnHour",
        "beginDate": "2026-01-05T00:00",
        "endDate": "2026-01-05T00:00",
    }
    row = slot["rows"][1]
    assert {k: row[k] for k in ("date", "login", "number", "firstName", "group")} == {
        "date": "2026-01-05 10:00",
        "login": "oxe70126",
        "number": "70126",
        "firstName": "Gina",
        "group": "PG_SALES",
    }
    assert isinstance(row["nbRotating"], int) and len(row["convAcdTDur"].split(":")) == 3
    hours = admin.get(f"{SCOPE}/70128/ctx/{ctx}/oneday/data", params={"slotType": "anHour"}).json()
    assert len(hours["agentsStats"]) == 10
    past = admin.get(f"{SCOPE}/70128/ctx/{ctx}/oneday/data", params={"date": "2026-01-01 00:00"}).json()
    assert len(past["agentsStats"]) == 96
    assert admin.get(f"{SCOPE}/70128/ctx/{ctx}/oneday/jdata").json() == today
    days = admin.get(
        f"{SCOPE}/70128/ctx/{ctx}/days/data", params={"begindate": "2025-12-01 00:00", "enddate": "2025-12-31 00:00"}
    ).json()
    assert [s["timeSlot"] for s in days["agentsStats"]][:2] == ["2025-12-01T00:00", "2025-12-02T00:00"]
    assert len(days["agentsStats"]) == 31
    assert days["agentsStats"][0]["selectedPeriod"]["periodType"] == "onSeveralDays"
    assert admin.get(f"{SCOPE}/70128/ctx/{ctx}/oneday/data").json() == today  # deterministic figures


def test_bad_data_requests(acd: Acd) -> None:
    admin = acd.admin()
    _scope(admin)
    ctx = _context(admin)
    days = f"{SCOPE}/70128/ctx/{ctx}/days/data"
    for params in (
        {},
        {"begindate": "2025-12-01 00:00", "enddate": "2026-01-01 00:00"},  # 32 days
        {"begindate": "2026-01-04 00:00", "enddate": "2026-01-05 00:00"},  # today is not terminated
        {"begindate": "2024-12-01 00:00", "enddate": "2024-12-02 00:00"},  # older than 12 months
        {"begindate": "2025-12-02 00:00", "enddate": "2025-12-01 00:00"},
        {"begindate": "01/12/2025", "enddate": "2025-12-01 00:00"},
        {"begindate": "2025-12-01 00:00", "enddate": "2025-12-02 00:00", "format": "pdf"},
        {"begindate": "2025-12-01 00:00", "enddate": "2025-12-02 00:00", "async": "maybe"},
    ):
        acd.check_error(admin.get(days, params=params), 400, "BAD_PARAMETER")
    one = f"{SCOPE}/70128/ctx/{ctx}/oneday/data"
    acd.check_error(admin.get(one, params={"slotType": "aMinute"}), 400, "BAD_PARAMETER")
    acd.check_error(admin.get(one, params={"date": "2026-01-06 00:00"}), 400, "BAD_PARAMETER")
    acd.check_error(admin.get(f"{SCOPE}/70128/ctx/999/oneday/data"), 404, "NOT_FOUND")


def test_files_are_zipped_csv_or_xls(acd: Acd) -> None:
    admin = acd.admin()
    _scope(admin)
    ctx = _context(admin)
    r = admin.get(f"{SCOPE}/70128/ctx/{ctx}/oneday/data", params={"format": "CSV", "slotType": "anHour"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(r.content)) as archive:
        assert archive.namelist() == [f"stats-70128-{ctx}-agents.csv"]
        rows = list(csv.DictReader(io.StringIO(archive.read(archive.namelist()[0]).decode("utf-8"))))
    assert len(rows) == 20 and rows[0]["number"] == "70125" and rows[0]["timeSlot"] == "2026-01-05T00:00"
    assert set(rows[0]) >= {"date", "login", "nbRotating", "convAcdTDur"}
    r = admin.get(f"{SCOPE}/70128/ctx/{ctx}/oneday/data", params={"format": "xls"})
    with zipfile.ZipFile(io.BytesIO(r.content)) as archive:
        workbook = archive.read(f"stats-70128-{ctx}.xls").decode("utf-8")
    assert workbook.startswith('<?xml version="1.0"') and '<Worksheet ss:Name="agents">' in workbook
    assert r.content == admin.get(f"{SCOPE}/70128/ctx/{ctx}/oneday/data", params={"format": "xls"}).content


def test_progress_events_and_cancel(acd: Acd) -> None:
    admin = acd.admin()
    _scope(admin)
    ctx = _context(admin)
    events = acd.events(admin, {"names": ["acdstats"], "ids": ["*"]})
    assert admin.get(f"{SCOPE}/70128/ctx/{ctx}/oneday/data").status_code == 200
    assert [events.next()["step"] for _ in range(3)] == ["COLLECT", "PROCESSED", "FORMATED"]
    assert admin.get(f"{SCOPE}/70128/ctx/{ctx}/oneday/data", params={"async": "true"}).status_code == 204
    acd.nothing_more(events, "OnAcdStatsProgress")
    acd.api.advance(1)
    assert events.next() == {
        "eventName": "OnAcdStatsProgress",
        "supervisor": "70128",
        "step": "COLLECT",
        "nbTotObjects": 2,
        "nbProcessedObjects": 2,
    }
    acd.api.advance(2)
    assert events.next()["step"] == "PROCESSED"
    formatted = events.next()
    assert formatted["step"] == "FORMATED" and formatted["resPath"].endswith(".json")
    assert set(formatted) >= {"fullResPath", "xlsfullResPath"}
    assert admin.get(f"{SCOPE}/70128/ctx/{ctx}/oneday/data", params={"async": "true"}).status_code == 204
    assert admin.delete(f"{SCOPE}/70128/data/request").status_code == 204
    assert events.next() == {
        "eventName": "OnAcdStatsProgress",
        "supervisor": "70128",
        "step": "CANCELLED",
        "nbTotObjects": 2,
    }
    acd.api.advance(5)
    assert admin.delete(f"{SCOPE}/70128/data/request").status_code == 204  # nothing in progress
    acd.nothing_more(events, "OnAcdStatsProgress")
    acd.check_error(admin.delete(f"{SCOPE}/70199/data/request"), 404, "NOT_FOUND")


SCHEDULE = {
    "name": "weekly sales",
    "description": "every monday",
    "obsPeriod": {"periodType": "lastWeeks", "lastNb": 1},
    "frequency": {"periodicity": "weekly", "daysInWeek": ["tuesday"]},
    "recipients": ["supervisor@example.com"],
    "fileType": "csv",
    "enable": True,
}


def test_schedules(acd: Acd) -> None:
    admin = acd.admin()
    _scope(admin)
    ctx = _context(admin)
    base = f"{SCOPE}/70128/ctx/{ctx}/schedule"
    r = admin.post(base, json=SCHEDULE)
    assert r.status_code == 200, r.text
    sid = r.json()["id"]
    created = admin.get(f"{base}/{sid}").json()
    assert created["enable"] is False and created["state"] == "Not_executed"  # disabled when created (L16430)
    assert admin.get(f"{base}/weekly sales").json() == created  # the name names it too
    assert admin.get(f"{SCOPE}/70128/ctx/{ctx}").json()["isScheduled"] is True
    acd.check_error(admin.post(base, json=SCHEDULE), 400, "BAD_PARAMETER")  # the name must be unique
    assert admin.post(f"{base}/{sid}/enable").status_code == 204
    assert admin.put(f"{base}/{sid}", json={**SCHEDULE, "description": "on tuesdays"}).status_code == 204
    updated = admin.get(f"{base}/{sid}").json()
    assert (updated["description"], updated["enable"]) == ("on tuesdays", True)
    assert admin.get(base).json() == {"schedules": [updated]}
    # Tuesday 2026-01-06 02:00: the report runs.
    acd.api.advance(17 * 3600)
    admin = acd.admin()
    ran = admin.get(f"{base}/{sid}").json()
    assert (ran["state"], ran["lastExecDate"]) == ("Executed", "2026-01-06T02:00:00.000Z")
    assert admin.post(f"{base}/{sid}/enable", params={"enable": "false"}).status_code == 204
    assert admin.get(f"{base}/{sid}").json()["enable"] is False
    acd.check_error(admin.post(f"{base}/{sid}/enable", params={"enable": "maybe"}), 400, "BAD_PARAMETER")
    assert admin.delete(f"{base}/{sid}").status_code == 204
    acd.check_error(admin.get(f"{base}/{sid}"), 404, "NOT_FOUND")


def test_bad_schedules(acd: Acd) -> None:
    admin = acd.admin()
    _scope(admin)
    base = f"{SCOPE}/70128/ctx/{_context(admin)}/schedule"
    changes: tuple[dict[str, Any], ...] = (
        {"name": ""},
        {"recipients": []},
        {"recipients": ["not a mail"]},
        {"obsPeriod": {"periodType": "lastDays", "lastNb": 32}},
        {"obsPeriod": {"periodType": "fromDateToDate", "beginDate": "2025-11-01T00:00", "endDate": "2025-12-15T00:00"}},
        {"frequency": {"periodicity": "weekly"}},
        {"frequency": {"periodicity": "monthly", "dayInMonth": 32}},
        {"fileType": "pdf"},
    )
    for change in changes:
        acd.check_error(admin.post(base, json={**SCHEDULE, **change}), 400, "BAD_PARAMETER")
    acd.check_error(admin.get(f"{base}/999"), 404, "NOT_FOUND")


def test_the_filter_of_a_supervisor(acd: Acd) -> None:
    admin = acd.admin()
    _scope(admin)
    f = admin.get(f"{SCOPE}/70128/filter").json()
    assert f["agentFilter"]["agentsDetails"] == AGENTS
    first = f["agentFilter"]["agentAttrExts"][0]
    assert (first["dto"], first["ref"], first["transl"]) == ("nbRotating", "AC001", "Number of rotating time-out")
    assert f["agentFilter"]["pilotAttrExts"][0]["ref"] == "AC059"
    assert f["pilotFilter"]["pilots"] == [{"number": "79200", "name": "SALES"}, {"number": "79201", "name": "SUPPORT"}]
    assert f["pilotFilter"]["attrExts"][0]["ref"] == "PC001"
    acd.check_error(admin.get(f"{SCOPE}/70199/filter"), 404, "NOT_FOUND")
