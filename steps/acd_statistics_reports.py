"""Steps of the Call Center Statistics reports: data of a context (JSON or zipped files), progression, schedules.

Reports are downloaded keeping their bytes (the client's answers carry text only); the exchange is
recorded for the report as usual. Schedules live in the context of steps/acd_statistics.py, whose
scope (and everything in it) is deleted when the scenario ends.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from o2g_conformance.checks import NonConformance, check_event, check_status, validate
from o2g_conformance.client import ApiResponse, Exchange
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import Actor, Role, Roles, given, then, when

from .acd import number, ok
from .acd_statistics import (
    ATTRIBUTES,
    OFFSET,
    SECTION,
    UNKNOWN,
    WHO,
    StatsNotes,
    ctx_path,
    read_ctx,
    scope_of,
    supervisor_id,
)
from .common import answer_object, expect, raw_get, target_version
from .events import log_of

ZIP = "application/zip"


@dataclass
class ReportNotes:
    """What the report steps of one scenario keep for the later ones."""

    #: The bytes of the last report downloaded (the answer carries its text only).
    file: bytes = b""
    #: The schedule the scenario created: its id, its name and its body as last sent.
    sched_id: str | None = None
    sched_name: str | None = None
    sched_body: dict[str, Any] | None = None

    def schedule_body(self) -> dict[str, Any]:
        if self.sched_body is None:
            raise AssertionError("harness error: no schedule sent yet: a step must schedule a report first")
        return self.sched_body

    def schedule_name(self) -> str:
        if self.sched_name is None:
            raise AssertionError("harness error: no schedule created yet: a step must schedule a report first")
        return self.sched_name


@pytest.fixture
def report_notes() -> ReportNotes:
    """The report steps' notes of the scenario (empty at its start)."""
    return ReportNotes()


# -- reports ----------------------------------------------------------------------------------------------------


def _now(o2g: World) -> datetime:
    """The target's time in the supervisor's time zone (the emulator's virtual clock, else the real one)."""
    now = o2g.control.now() if o2g.target.control is not None else time.time()
    return datetime.fromtimestamp(now, tz=UTC).replace(tzinfo=None) + OFFSET


def _day(o2g: World, text: str) -> str:
    today = _now(o2g).replace(hour=0, minute=0, second=0, microsecond=0)
    back = {"today": 0, "yesterday": 1}.get(text)
    if back is None:
        back = int(text.split()[0])
    return (today - timedelta(days=back)).strftime("%Y-%m-%d %H:%M")


def _download(
    o2g: World, notes: ReportNotes, actor: str, op_id: str, path: dict[str, str], query: dict[str, str]
) -> ApiResponse:
    """GET a report keeping its bytes (noted); the exchange is recorded, the answer is the scenario's."""
    raw, elapsed, summary = raw_get(o2g, actor, op_id, path, query)
    is_json = raw.headers.get("content-type", "").startswith("application/json")
    text = raw.text if is_json else raw.content.decode("latin-1")
    shown = text if is_json else f"<{len(raw.content)} bytes>"
    o2g.exchanges.append(Exchange(summary, raw.status_code, dict(raw.headers), shown, elapsed, op_id))
    try:
        parsed = json.loads(raw.text) if is_json and raw.text else None
    except ValueError:
        parsed = None
    notes.file = raw.content
    return ApiResponse(op_id, raw.status_code, dict(raw.headers), text, parsed, elapsed, summary)


ONE_DAY = "acdstats.ctx.oneday_data.get"
DAYS = "acdstats.ctx.days_data.get"


@when(
    r'{actor} asks the statistics of (?P<which>that|an unknown) context(?: of user "?I"?)? for today by '
    r'(?:hour|"{slot:text}")(?: in (?P<fmt>[A-Z]+))?',
    target_fixture="answer",
)
def today(
    o2g: World,
    stats_notes: StatsNotes,
    report_notes: ReportNotes,
    actor: Actor,
    which: str,
    slot: str | None,
    fmt: str | None,
) -> ApiResponse:
    """Downloads acdstats.ctx.oneday_data.get of today, by hour or by the slot named, in the format named."""
    query = {"slotType": slot or "anHour", **({"format": fmt} if fmt else {})}
    path = ctx_path(o2g, stats_notes, unknown=which == "an unknown")
    return _download(o2g, report_notes, actor, ONE_DAY, path, query)


@when(
    r'{actor} asks the documented Stats of (?P<which>that|an unknown) context(?: of user "?I"?)?(?: for today)?',
    target_fixture="answer",
)
def documented(o2g: World, stats_notes: StatsNotes, actor: Actor, which: str) -> ApiResponse:
    """Sends acdstats.ctx.oneday_jdata.get for the context (or an unknown one)."""
    path = ctx_path(o2g, stats_notes, unknown=which == "an unknown")
    return o2g.send(actor, "acdstats.ctx.oneday_jdata.get", path=path)


def _days_query(o2g: World, begin: str, end: str, fmt: str | None, asynchronous: bool) -> dict[str, str]:
    query = {"begindate": _day(o2g, begin), "enddate": _day(o2g, end)}
    if fmt:
        query["format"] = fmt
    if asynchronous:
        query["async"] = "true"
    return query


@when(
    r"{actor} asks the statistics of that context for the last {n:count} days"
    r"(?: in (?P<fmt>[A-Z]+))?(?P<asy> asynchronously)?",
    target_fixture="answer",
)
def last_days(
    o2g: World,
    stats_notes: StatsNotes,
    report_notes: ReportNotes,
    actor: Actor,
    n: int,
    fmt: str | None,
    asy: str | None,
) -> ApiResponse:
    """Downloads acdstats.ctx.days_data.get from n days ago to yesterday, in the format named, async or not."""
    query = _days_query(o2g, f"{n} days ago", "yesterday", fmt, bool(asy))
    return _download(o2g, report_notes, actor, DAYS, ctx_path(o2g, stats_notes), query)


@given("the administrator has asked the statistics of that context for the last {n:count} days asynchronously")
def has_asked(o2g: World, stats_notes: StatsNotes, n: int) -> None:
    """Precondition: acdstats.ctx.days_data.get asked with async=true from n days ago to yesterday."""
    query = _days_query(o2g, f"{n} days ago", "yesterday", None, True)
    ok(o2g.aside("administrator", DAYS, path=ctx_path(o2g, stats_notes), query=query), "asking the statistics")


@when(r"{actor} asks the statistics of that context from (?P<begin>.+) to (?P<end>.+)", target_fixture="answer")
def period(
    o2g: World, stats_notes: StatsNotes, report_notes: ReportNotes, actor: Actor, begin: str, end: str
) -> ApiResponse:
    """Downloads acdstats.ctx.days_data.get for the period written (`today`, `yesterday`, `N days ago`)."""
    query = _days_query(o2g, begin, end, None, False)
    return _download(o2g, report_notes, actor, DAYS, ctx_path(o2g, stats_notes), query)


@then("the answer is 200 with the statistics")
def answer_200(answer: ApiResponse) -> None:
    """Checks that the answer's status is 200, a documented status of its operation."""
    assert answer.op_id is not None
    check_status(answer.op_id, answer.status, 200)


def _stats(o2g: World, answer: ApiResponse) -> dict[str, Any]:
    body = answer_object(answer, "Stats")
    validate(body, SECTION, "Stats", target_version(o2g), op_id=answer.op_id)
    return body


@then("the report is a Stats of agents, one time slot per terminated hour of the supervisor's day")
def hourly(o2g: World, answer: ApiResponse) -> None:
    """Checks the Stats answered: one agents' slot per terminated hour of the supervisor's day (L15690-15692)."""
    slots = [s.get("timeSlot") for s in _stats(o2g, answer).get("agentsStats") or []]
    now = _now(o2g)
    wanted = [f"{now:%Y-%m-%d}T{h:02d}:00" for h in range(now.hour)]
    expect(
        answer,
        slots == wanted,
        "D report: one slot per period from 0h00 to the last terminated one (L15690-15692)",
        documented=wanted,
        received=slots,
    )


@then("every time slot has a row for each of {roles:users} with the context's attributes")
def rows(o2g: World, answer: ApiResponse, roles: Roles) -> None:
    """Checks the AgentStats rows of every slot: one per agent of the context, with its attributes (L16710-16873)."""
    wanted = [number(o2g, r) for r in roles]
    for slot in _stats(o2g, answer).get("agentsStats") or []:
        got = [r.get("number") for r in slot.get("rows") or []]
        missing = [a for r in slot.get("rows") or [] for a in ATTRIBUTES if a not in r]
        expect(
            answer,
            got == wanted and not missing,
            "AgentStats rows: one per agent of the context, with its attributes (L16710-16873)",
            documented={"numbers": wanted, "attributes": ATTRIBUTES},
            received={"numbers": got, "missing": missing[:5], "slot": slot.get("timeSlot")},
        )


@then("the report is a Stats of agents with one time slot for each of the {n:count} days")
def daily(o2g: World, answer: ApiResponse, n: int) -> None:
    """Checks the Stats answered: one agents' slot per day of the period (D+ report, L15694)."""
    slots = [s.get("timeSlot") for s in _stats(o2g, answer).get("agentsStats") or []]
    first = datetime.strptime(_day(o2g, f"{n} days ago"), "%Y-%m-%d %H:%M")
    wanted = [f"{first + timedelta(days=i):%Y-%m-%d}T00:00" for i in range(n)]
    expect(
        answer,
        slots == wanted,
        "D+ report: one row per object and per day (L15694)",
        documented=wanted,
        received=slots,
    )


@then("the report is the JSON statistics of that context for today")
def same_as_data(o2g: World, answer: ApiResponse, stats_notes: StatsNotes) -> None:
    """Checks that oneday/jdata answered the Stats acdstats.ctx.oneday_data.get gives (L16190)."""
    body = answer_object(answer, "Stats")
    data = ok(o2g.aside("administrator", ONE_DAY, path=ctx_path(o2g, stats_notes)), "reading the statistics of today")
    expect(
        answer,
        body == data,
        "oneday/jdata documents the Stats of oneday/data (L16190)",
        documented=data,
        received=body,
    )


def _zip(answer: ApiResponse, content: bytes) -> zipfile.ZipFile:
    """The report downloaded as a zip archive (a NonConformance when it is not one, L15687, L16112)."""
    kind = answer.headers.get("content-type", "").split(";")[0].strip()
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        archive = None
    if kind != ZIP or archive is None:
        raise NonConformance(
            "a CSV or XLS result is zipped (L15687, L16112)",
            op_id=answer.op_id,
            documented=ZIP,
            received=f"{kind}, {len(content)} bytes{'' if archive else ', not a zip'}",
        )
    return archive


@then("the answer is a zip file of CSV tables whose header names the context's attributes")
def csv_tables(answer: ApiResponse, report_notes: ReportNotes) -> None:
    """Checks that the report is zipped (L15687) and its CSV tables' header names the context's attributes."""
    archive = _zip(answer, report_notes.file)
    names = archive.namelist()
    headers = [archive.read(n).decode("utf-8").splitlines()[0].split(",") for n in names if n.endswith(".csv")]
    expect(
        answer,
        bool(headers) and all(a in headers[0] for a in ATTRIBUTES),
        "the CSV result holds the context's attributes",
        documented=ATTRIBUTES,
        received={"files": names, "header": headers[0] if headers else None},
    )


@then("the answer is a zip file holding an XLS workbook")
def xls_workbook(answer: ApiResponse, report_notes: ReportNotes) -> None:
    """Checks that the report is a zip holding an XLS workbook: an XLS result, zipped (L16112)."""
    names = _zip(answer, report_notes.file).namelist()
    expect(
        answer,
        any(n.lower().endswith(".xls") for n in names),
        "an XLS result, zipped (L16112)",
        documented="*.xls",
        received=names,
    )


@when("{actor} cancels the statistics requests of " + WHO, target_fixture="answer")
def cancel(o2g: World, actor: Actor, who: Role | None) -> ApiResponse:
    """Sends acdstats.data_request.cancel for the supervisor."""
    return o2g.send(actor, "acdstats.data_request.cancel", path={"supervisorId": scope_of(o2g, who)})


@then(
    "the administrator receives the progression of the statistics of {role:user}"
    r" up to (?P<step>FORMATED|CANCELLED)(?P<files> with the result files)?"
)
def progression(o2g: World, role: Role, step: str, files: str | None) -> None:
    """Checks the supervisor's OnAcdStatsProgress events: in the documented order, up to that step (L17187-17209)."""
    log = log_of(o2g, "the administrator")
    sup = supervisor_id(o2g, role)
    steps = []
    while True:
        event = log.wait_for("OnAcdStatsProgress", where={"supervisor": sup}, timeout=o2g.settings.event_timeout)
        check_event(event, target_version(o2g))
        steps.append(event.get("step"))
        if event.get("step") in ("FORMATED", "CANCELLED", "ERROR"):
            break
    order = ["COLLECT", "PROCESSED", "FORMATED"]
    in_order = [s for s in steps if s in order] == sorted((s for s in steps if s in order), key=order.index)
    if steps[-1] != step or not in_order or (step == "FORMATED" and "COLLECT" not in steps):
        raise NonConformance(
            "the progression of a data request (AcdStatsProgressStep, L16546-16553)",
            documented=f"COLLECT ... then {step}",
            received=steps,
        )
    if files and not (event.get("resPath") or event.get("fullResPath")):
        raise NonConformance(
            "the formatted result gives its file (resPath, L17198)", documented="resPath", received=event
        )


# -- schedules --------------------------------------------------------------------------------------------------


def _schedule(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "description": "every monday",
        "obsPeriod": {"periodType": "lastWeeks", "lastNb": 1},
        "frequency": {"periodicity": "weekly", "daysInWeek": ["monday"]},
        "recipients": ["supervisor@example.com"],
        "fileType": "csv",
    }


def _sched_path(o2g: World, stats: StatsNotes, notes: ReportNotes, *, by: str = "id") -> dict[str, str]:
    """The path of the schedule created, named by its id or its name (or of one no schedule has)."""
    key = {
        "id": notes.sched_id if notes.sched_id is not None else UNKNOWN,
        "name": notes.sched_name or "",
        "unknown": UNKNOWN,
    }[by]
    return {**ctx_path(o2g, stats), "scheduleId": key}


SCHEDULE = "acdstats.schedule"


@when(
    r'{actor} schedules the weekly report "{name:text}" of that context(?: without (?P<field>\w+))?',
    target_fixture="answer",
)
def schedule(
    o2g: World,
    stats_notes: StatsNotes,
    report_notes: ReportNotes,
    actor: Actor,
    name: str,
    field: str | None,
) -> ApiResponse:
    """Sends acdstats.schedule.create of a weekly report (without the field named); the first id answered is noted."""
    body = _schedule(name)
    if field:
        body.pop(field)
    report_notes.sched_body = body
    response = o2g.send(actor, f"{SCHEDULE}.create", path=ctx_path(o2g, stats_notes), json=body)
    if response.ok and isinstance(response.json, dict) and report_notes.sched_id is None:
        report_notes.sched_id, report_notes.sched_name = str(response.json.get("id")), name
    return response


@given('the administrator has scheduled the weekly report "{name:text}" of that context')
def has_schedule(o2g: World, stats_notes: StatsNotes, report_notes: ReportNotes, name: str) -> None:
    """Precondition: a weekly report scheduled by acdstats.schedule.create, its id and name noted."""
    report_notes.sched_body = body = _schedule(name)
    created = ok(
        o2g.aside("administrator", f"{SCHEDULE}.create", path=ctx_path(o2g, stats_notes), json=body), "scheduling"
    )
    report_notes.sched_id, report_notes.sched_name = str(created["id"]), name


def _read_schedule(o2g: World, stats: StatsNotes, notes: ReportNotes, by: str = "id") -> ApiResponse:
    return o2g.aside("administrator", f"{SCHEDULE}.get", path=_sched_path(o2g, stats, notes, by=by))


@then(r"that schedule reads back as (?P<how>given|changed), (?:still )?disabled(?: and not executed)?")
def schedule_back(
    o2g: World, answer: ApiResponse, stats_notes: StatsNotes, report_notes: ReportNotes, how: str
) -> None:
    """Checks the StatsSchedule read back by acdstats.schedule.get: as sent, disabled (L16430, L18389)."""
    read = ok(_read_schedule(o2g, stats_notes, report_notes), "reading the schedule")
    sent = report_notes.schedule_body()
    wanted = {**sent, "enable": False}
    if how == "given":
        wanted["state"] = "Not_executed"
    expect(
        answer,
        all(read.get(k) == v for k, v in wanted.items()),
        "StatsSchedule as set; a new schedule is disabled (L16430, L18389)",
        documented=wanted,
        received=read,
    )


@then("that context is scheduled")
def context_scheduled(o2g: World, answer: ApiResponse, stats_notes: StatsNotes) -> None:
    """Checks StatsContext.isScheduled read back by acdstats.ctx.get (L18262)."""
    read = ok(read_ctx(o2g, stats_notes), "reading the context")
    expect(answer, read.get("isScheduled") is True, "StatsContext.isScheduled (L18262)", documented=True, received=read)


@when(r'{actor} lists the schedules of (?P<which>that|an unknown) context(?: of user "?I"?)?', target_fixture="answer")
def list_schedules(o2g: World, stats_notes: StatsNotes, actor: Actor, which: str) -> ApiResponse:
    """Sends acdstats.schedule.list for the context (or an unknown one)."""
    path = ctx_path(o2g, stats_notes, unknown=which == "an unknown")
    return o2g.send(actor, f"{SCHEDULE}.list", path=path)


@then("the schedules are that schedule only")
def schedules_only(answer: ApiResponse, report_notes: ReportNotes) -> None:
    """Checks that the StatsSchedules answered are the schedule created only (L18413-18439)."""
    names = [s.get("name") for s in answer_object(answer, "StatsSchedules").get("schedules") or []]
    wanted = [report_notes.schedule_name()]
    expect(answer, names == wanted, "the schedules of the context (L18413-18439)", documented=wanted, received=names)


@when(
    r"{actor} reads (?:that schedule by its (?P<by>name|identifier)|(?P<unknown>an unknown) schedule of that context)",
    target_fixture="answer",
)
def read_schedule(
    o2g: World, stats_notes: StatsNotes, report_notes: ReportNotes, actor: Actor, by: str | None, unknown: str | None
) -> ApiResponse:
    """Sends acdstats.schedule.get for the schedule by its name or id (or an unknown one)."""
    which = "unknown" if unknown else ("name" if by == "name" else "id")
    return o2g.send(actor, f"{SCHEDULE}.get", path=_sched_path(o2g, stats_notes, report_notes, by=which))


@then("the schedule is the one read by its identifier")
def schedule_same(o2g: World, answer: ApiResponse, stats_notes: StatsNotes, report_notes: ReportNotes) -> None:
    """Checks that the schedule answered is the one acdstats.schedule.get reads by its id (unique name, L18383)."""
    by_id = ok(_read_schedule(o2g, stats_notes, report_notes), "reading the schedule by its identifier")
    body = answer_object(answer, "StatsSchedule")
    expect(answer, body == by_id, "the schedule named by its unique name (L18383)", documented=by_id, received=body)


@when(
    "{actor} changes that schedule to a monthly report on (?:the last day of the month|day {day:count})",
    target_fixture="answer",
)
def monthly(
    o2g: World, stats_notes: StatsNotes, report_notes: ReportNotes, actor: Actor, day: int | None
) -> ApiResponse:
    """Sends acdstats.schedule.update: the schedule sent, monthly on that day (0: the last one, L17838)."""
    body = {**report_notes.schedule_body(), "frequency": {"periodicity": "monthly", "dayInMonth": day or 0}}
    report_notes.sched_body = body
    return o2g.send(actor, f"{SCHEDULE}.update", path=_sched_path(o2g, stats_notes, report_notes), json=body)


@when("{actor} deletes (?:that schedule|(?P<unknown>an unknown) schedule of that context)", target_fixture="answer")
def delete_schedule(
    o2g: World, stats_notes: StatsNotes, report_notes: ReportNotes, actor: Actor, unknown: str | None
) -> ApiResponse:
    """Sends acdstats.schedule.delete for the schedule created (or an unknown one)."""
    path = _sched_path(o2g, stats_notes, report_notes, by="unknown" if unknown else "id")
    return o2g.send(actor, f"{SCHEDULE}.delete", path=path)


@then("that schedule no longer exists")
def schedule_gone(o2g: World, answer: ApiResponse, stats_notes: StatsNotes, report_notes: ReportNotes) -> None:
    """Checks that acdstats.schedule.get answers 404: a deleted schedule is gone."""
    status = _read_schedule(o2g, stats_notes, report_notes).status
    expect(answer, status == 404, "a deleted schedule is gone", documented=404, received=status)


@when("{actor} (?P<verb>enables|pauses) that schedule", target_fixture="answer")
def enable(o2g: World, stats_notes: StatsNotes, report_notes: ReportNotes, actor: Actor, verb: str) -> ApiResponse:
    """Sends acdstats.schedule.enable: without `enable` to enable (absent means true, L16428-16429), false to pause."""
    query = None if verb == "enables" else {"enable": "false"}  # enable absent means true (L16428-16429)
    return o2g.send(actor, f"{SCHEDULE}.enable", path=_sched_path(o2g, stats_notes, report_notes), query=query)


@when('{actor} sets the enable flag of that schedule to "{value:text}"', target_fixture="answer")
def enable_value(
    o2g: World, stats_notes: StatsNotes, report_notes: ReportNotes, actor: Actor, value: str
) -> ApiResponse:
    """Sends acdstats.schedule.enable with the enable flag written as it is."""
    path = _sched_path(o2g, stats_notes, report_notes)
    return o2g.send(actor, f"{SCHEDULE}.enable", path=path, query={"enable": value})


@then(r"that schedule is (?P<state>enabled|disabled)")
def schedule_enabled(
    o2g: World, answer: ApiResponse, stats_notes: StatsNotes, report_notes: ReportNotes, state: str
) -> None:
    """Checks StatsSchedule.enable read back by acdstats.schedule.get (L18389)."""
    read = ok(_read_schedule(o2g, stats_notes, report_notes), "reading the schedule")
    expect(
        answer,
        read.get("enable") is (state == "enabled"),
        "StatsSchedule.enable (L18389)",
        documented=state,
        received=read,
    )
