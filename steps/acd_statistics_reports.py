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
from datetime import UTC, datetime, timedelta
from typing import Any

from pytest_bdd import parsers

from o2g_conformance.checks import NonConformance, check_event, check_status, validate
from o2g_conformance.client import ApiResponse, Exchange
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import given, then, when

from .acd import body_object, expect, number, ok, side
from .acd_statistics import (
    ATTRIBUTES,
    OFFSET,
    ROLE,
    ROLES,
    SECTION,
    UNKNOWN,
    WHO,
    ctx_path,
    read_ctx,
    scope_of,
    send,
    supervisor_id,
)
from .common import ACTOR, last, raw_get, target_version
from .events import log_of
from .users import roles_in

ZIP = "application/zip"


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


def _download(o2g: World, actor: str, op_id: str, path: dict[str, str], query: dict[str, str]) -> None:
    """GET a report keeping its bytes; the exchange is recorded, the answer becomes the scenario's."""
    raw, elapsed, summary = raw_get(o2g, actor, op_id, path, query)
    is_json = raw.headers.get("content-type", "").startswith("application/json")
    text = raw.text if is_json else raw.content.decode("latin-1")
    shown = text if is_json else f"<{len(raw.content)} bytes>"
    o2g.exchanges.append(Exchange(summary, raw.status_code, dict(raw.headers), shown, elapsed, op_id))
    try:
        parsed = json.loads(raw.text) if is_json and raw.text else None
    except ValueError:
        parsed = None
    o2g.values["acd.stats-file"] = raw.content
    o2g.response = ApiResponse(op_id, raw.status_code, dict(raw.headers), text, parsed, elapsed, summary)


ONE_DAY = "acdstats.ctx.oneday_data.get"
DAYS = "acdstats.ctx.days_data.get"


@when(
    parsers.re(
        ACTOR + r" asks the statistics of (?P<which>that|an unknown) context(?: of user \"?I\"?)? for today by "
        r"(?:hour|\"(?P<slot>[^\"]+)\")(?: in (?P<fmt>[A-Z]+))?$"
    )
)
def today(o2g: World, actor: str, which: str, slot: str | None, fmt: str | None) -> None:
    """The actor asks today's statistics of a context, by hour or by the slot named, in the format named.

    Sends acdstats.ctx.oneday_data.get.
    """
    query = {"slotType": slot or "anHour", **({"format": fmt} if fmt else {})}
    _download(o2g, actor, ONE_DAY, ctx_path(o2g, unknown=which == "an unknown"), query)


@when(
    parsers.re(
        ACTOR + r" asks the documented Stats of (?P<which>that|an unknown) context(?: of user \"?I\"?)?(?: for today)?$"
    )
)
def documented(o2g: World, actor: str, which: str) -> None:
    """The actor asks the documented Stats of (that|an unknown) context[ of user I][ for today].

    Sends acdstats.ctx.oneday_jdata.get.
    """
    send(o2g, actor, "acdstats.ctx.oneday_jdata.get", path=ctx_path(o2g, unknown=which == "an unknown"))


def _days_query(o2g: World, begin: str, end: str, fmt: str | None, asynchronous: bool) -> dict[str, str]:
    query = {"begindate": _day(o2g, begin), "enddate": _day(o2g, end)}
    if fmt:
        query["format"] = fmt
    if asynchronous:
        query["async"] = "true"
    return query


@when(
    parsers.re(
        ACTOR + r" asks the statistics of that context for the last (?P<n>\d+) days"
        r"(?: in (?P<fmt>[A-Z]+))?(?P<asy> asynchronously)?$"
    )
)
def last_days(o2g: World, actor: str, n: str, fmt: str | None, asy: str | None) -> None:
    """The actor asks the statistics of that context for the last {n} days[ in {fmt}][ asynchronously].

    Sends acdstats.ctx.days_data.get.
    """
    _download(o2g, actor, DAYS, ctx_path(o2g), _days_query(o2g, f"{n} days ago", "yesterday", fmt, bool(asy)))


@given(
    parsers.re(
        r"the administrator has asked the statistics of that context for the last (?P<n>\d+) days asynchronously$"
    )
)
def has_asked(o2g: World, n: str) -> None:
    """Precondition: the administrator has asked the statistics of that context for the last {n} days asynchronously.

    Set up with acdstats.ctx.days_data.get.
    """
    query = _days_query(o2g, f"{n} days ago", "yesterday", None, True)
    ok(side(o2g, "administrator", DAYS, path=ctx_path(o2g), query=query), "asking the statistics")


@when(parsers.re(ACTOR + r" asks the statistics of that context from (?P<begin>.+) to (?P<end>.+)$"))
def period(o2g: World, actor: str, begin: str, end: str) -> None:
    """The actor asks the statistics of that context from {begin} to {end}; sends acdstats.ctx.days_data.get."""
    _download(o2g, actor, DAYS, ctx_path(o2g), _days_query(o2g, begin, end, None, False))


@then("the answer is 200 with the statistics")
def answer_200(o2g: World) -> None:
    """Checks that the answer is 200 with the statistics."""
    response = last(o2g)
    assert response.op_id is not None
    check_status(response.op_id, response.status, 200)


def _stats(o2g: World) -> dict[str, Any]:
    body = body_object(o2g, "Stats")
    validate(body, SECTION, "Stats", target_version(o2g), op_id=last(o2g).op_id)
    return body


@then("the report is a Stats of agents, one time slot per terminated hour of the supervisor's day")
def hourly(o2g: World) -> None:
    """Checks that the report is a Stats of agents, one time slot per terminated hour of the supervisor's day."""
    slots = [s.get("timeSlot") for s in _stats(o2g).get("agentsStats") or []]
    now = _now(o2g)
    wanted = [f"{now:%Y-%m-%d}T{h:02d}:00" for h in range(now.hour)]
    expect(
        o2g,
        slots == wanted,
        "D report: one slot per period from 0h00 to the last terminated one (L15690-15692)",
        documented=wanted,
        received=slots,
    )


@then(parsers.re(r"every time slot has a row for each of " + ROLES + r" with the context's attributes$"))
def rows(o2g: World, roles: str) -> None:
    """Checks that every time slot has a row for each of user[s] {roles} with the context's attributes."""
    wanted = [number(o2g, r) for r in roles_in(roles)]
    for slot in _stats(o2g).get("agentsStats") or []:
        got = [r.get("number") for r in slot.get("rows") or []]
        missing = [a for r in slot.get("rows") or [] for a in ATTRIBUTES if a not in r]
        expect(
            o2g,
            got == wanted and not missing,
            "AgentStats rows: one per agent of the context, with its attributes (L16710-16873)",
            documented={"numbers": wanted, "attributes": ATTRIBUTES},
            received={"numbers": got, "missing": missing[:5], "slot": slot.get("timeSlot")},
        )


@then(parsers.re(r"the report is a Stats of agents with one time slot for each of the (?P<n>\d+) days$"))
def daily(o2g: World, n: str) -> None:
    """Checks that the report is a Stats of agents with one time slot for each of the {n} days."""
    slots = [s.get("timeSlot") for s in _stats(o2g).get("agentsStats") or []]
    first = datetime.strptime(_day(o2g, f"{n} days ago"), "%Y-%m-%d %H:%M")
    wanted = [f"{first + timedelta(days=i):%Y-%m-%d}T00:00" for i in range(int(n))]
    expect(
        o2g, slots == wanted, "D+ report: one row per object and per day (L15694)", documented=wanted, received=slots
    )


@then("the report is the JSON statistics of that context for today")
def same_as_data(o2g: World) -> None:
    """Checks that the report is the JSON statistics of that context for today (via acdstats.ctx.oneday_data.get)."""
    body = body_object(o2g, "Stats")
    data = ok(side(o2g, "administrator", ONE_DAY, path=ctx_path(o2g)), "reading the statistics of today")
    expect(
        o2g, body == data, "oneday/jdata documents the Stats of oneday/data (L16190)", documented=data, received=body
    )


def _zip(o2g: World) -> zipfile.ZipFile:
    response = last(o2g)
    content = o2g.values.get("acd.stats-file", b"")
    kind = response.headers.get("content-type", "").split(";")[0].strip()
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        archive = None
    if kind != ZIP or archive is None:
        raise NonConformance(
            "a CSV or XLS result is zipped (L15687, L16112)",
            op_id=response.op_id,
            documented=ZIP,
            received=f"{kind}, {len(content)} bytes{'' if archive else ', not a zip'}",
        )
    return archive


@then("the answer is a zip file of CSV tables whose header names the context's attributes")
def csv_tables(o2g: World) -> None:
    """Checks that the answer is a zip file of CSV tables whose header names the context's attributes."""
    archive = _zip(o2g)
    names = archive.namelist()
    headers = [archive.read(n).decode("utf-8").splitlines()[0].split(",") for n in names if n.endswith(".csv")]
    expect(
        o2g,
        bool(headers) and all(a in headers[0] for a in ATTRIBUTES),
        "the CSV result holds the context's attributes",
        documented=ATTRIBUTES,
        received={"files": names, "header": headers[0] if headers else None},
    )


@then("the answer is a zip file holding an XLS workbook")
def xls_workbook(o2g: World) -> None:
    """Checks that the answer is a zip file holding an XLS workbook: an XLS result, zipped (L16112)."""
    names = _zip(o2g).namelist()
    expect(
        o2g,
        any(n.lower().endswith(".xls") for n in names),
        "an XLS result, zipped (L16112)",
        documented="*.xls",
        received=names,
    )


@when(parsers.re(ACTOR + r" cancels the statistics requests of " + WHO + r"$"))
def cancel(o2g: World, actor: str, who: str) -> None:
    """The actor cancels the statistics requests of {who}; sends acdstats.data_request.cancel."""
    send(o2g, actor, "acdstats.data_request.cancel", path={"supervisorId": scope_of(o2g, who)})


@then(
    parsers.re(
        r"the administrator receives the progression of the statistics of "
        + ROLE
        + r" up to (?P<step>FORMATED|CANCELLED)(?P<files> with the result files)?$"
    )
)
def progression(o2g: World, role: str, step: str, files: str | None) -> None:
    """OnAcdStatsProgress events of the supervisor, in the documented step order, up to `step` (L17187-17209)."""
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


def _sched_path(o2g: World, *, by: str = "id") -> dict[str, str]:
    key = {
        "id": o2g.values.get("acd.stats-sched", UNKNOWN),
        "name": o2g.values.get("acd.stats-sched-name", ""),
        "unknown": UNKNOWN,
    }[by]
    return {**ctx_path(o2g), "scheduleId": key}


SCHEDULE = "acdstats.schedule"


@when(
    parsers.re(
        ACTOR + r" schedules the weekly report \"(?P<name>[^\"]+)\" of that context(?: without (?P<field>\w+))?$"
    )
)
def schedule(o2g: World, actor: str, name: str, field: str | None) -> None:
    """The actor schedules the weekly report "{name}" of that context[ without {field}].

    Sends acdstats.schedule.create.
    """
    body = _schedule(name)
    if field:
        body.pop(field)
    o2g.values["acd.stats-sched-body"] = body
    send(o2g, actor, f"{SCHEDULE}.create", path=ctx_path(o2g), json=body)
    if (
        o2g.response is not None
        and o2g.response.ok
        and isinstance(o2g.response.json, dict)
        and "acd.stats-sched" not in o2g.values
    ):
        o2g.values["acd.stats-sched"], o2g.values["acd.stats-sched-name"] = str(o2g.response.json.get("id")), name


@given(parsers.re(r"the administrator has scheduled the weekly report \"(?P<name>[^\"]+)\" of that context$"))
def has_schedule(o2g: World, name: str) -> None:
    """Precondition: the administrator has scheduled the weekly report "{name}" of that context.

    Set up with acdstats.schedule.create.
    """
    o2g.values["acd.stats-sched-body"] = body = _schedule(name)
    answer = ok(side(o2g, "administrator", f"{SCHEDULE}.create", path=ctx_path(o2g), json=body), "scheduling")
    o2g.values["acd.stats-sched"], o2g.values["acd.stats-sched-name"] = str(answer["id"]), name


def _read_schedule(o2g: World, by: str = "id") -> ApiResponse:
    return side(o2g, "administrator", f"{SCHEDULE}.get", path=_sched_path(o2g, by=by))


@then(parsers.re(r"that schedule reads back as (?P<how>given|changed), (?:still )?disabled(?: and not executed)?$"))
def schedule_back(o2g: World, how: str) -> None:
    """Checks that that schedule reads back as (given|changed), [still ]disabled[ and not executed].

    Reads acdstats.schedule.get.
    """
    read = ok(_read_schedule(o2g), "reading the schedule")
    sent = o2g.values["acd.stats-sched-body"]
    wanted = {**sent, "enable": False}
    if how == "given":
        wanted["state"] = "Not_executed"
    expect(
        o2g,
        all(read.get(k) == v for k, v in wanted.items()),
        "StatsSchedule as set; a new schedule is disabled (L16430, L18389)",
        documented=wanted,
        received=read,
    )


@then("that context is scheduled")
def context_scheduled(o2g: World) -> None:
    """Checks that that context is scheduled: StatsContext.isScheduled (L18262) (via acdstats.ctx.get)."""
    read = ok(read_ctx(o2g), "reading the context")
    expect(o2g, read.get("isScheduled") is True, "StatsContext.isScheduled (L18262)", documented=True, received=read)


@when(parsers.re(ACTOR + r" lists the schedules of (?P<which>that|an unknown) context(?: of user \"?I\"?)?$"))
def list_schedules(o2g: World, actor: str, which: str) -> None:
    """The actor lists the schedules of (that|an unknown) context[ of user I]; sends acdstats.schedule.list."""
    send(o2g, actor, f"{SCHEDULE}.list", path=ctx_path(o2g, unknown=which == "an unknown"))


@then("the schedules are that schedule only")
def schedules_only(o2g: World) -> None:
    """Checks that the schedules are that schedule only: the schedules of the context (L18413-18439)."""
    names = [s.get("name") for s in body_object(o2g, "StatsSchedules").get("schedules") or []]
    wanted = [o2g.values["acd.stats-sched-name"]]
    expect(o2g, names == wanted, "the schedules of the context (L18413-18439)", documented=wanted, received=names)


@when(
    parsers.re(
        ACTOR
        + r" reads (?:that schedule by its (?P<by>name|identifier)|(?P<unknown>an unknown) schedule of that context)$"
    )
)
def read_schedule(o2g: World, actor: str, by: str | None, unknown: str | None) -> None:
    """The actor reads (that schedule by its (name|identifier)|an unknown schedule of that context).

    Sends acdstats.schedule.get.
    """
    send(
        o2g,
        actor,
        f"{SCHEDULE}.get",
        path=_sched_path(o2g, by="unknown" if unknown else ("name" if by == "name" else "id")),
    )


@then("the schedule is the one read by its identifier")
def schedule_same(o2g: World) -> None:
    """Checks that the schedule is the one read by its identifier: the schedule named by its unique name (L18383).

    Reads acdstats.schedule.get.
    """
    by_id = ok(_read_schedule(o2g), "reading the schedule by its identifier")
    body = body_object(o2g, "StatsSchedule")
    expect(o2g, body == by_id, "the schedule named by its unique name (L18383)", documented=by_id, received=body)


@when(
    parsers.re(ACTOR + r" changes that schedule to a monthly report on (?:the last day of the month|day (?P<day>\d+))$")
)
def monthly(o2g: World, actor: str, day: str | None) -> None:
    """The actor changes that schedule to a monthly report on (the last day of the month|day {day}).

    Sends acdstats.schedule.update.
    """
    body = {**o2g.values["acd.stats-sched-body"], "frequency": {"periodicity": "monthly", "dayInMonth": int(day or 0)}}
    o2g.values["acd.stats-sched-body"] = body
    send(o2g, actor, f"{SCHEDULE}.update", path=_sched_path(o2g), json=body)


@when(parsers.re(ACTOR + r" deletes (?:that schedule|(?P<unknown>an unknown) schedule of that context)$"))
def delete_schedule(o2g: World, actor: str, unknown: str | None) -> None:
    """The actor deletes (that schedule|an unknown schedule of that context); sends acdstats.schedule.delete."""
    send(o2g, actor, f"{SCHEDULE}.delete", path=_sched_path(o2g, by="unknown" if unknown else "id"))


@then("that schedule no longer exists")
def schedule_gone(o2g: World) -> None:
    """Checks that that schedule no longer exists: a deleted schedule is gone (via acdstats.schedule.get)."""
    status = _read_schedule(o2g).status
    expect(o2g, status == 404, "a deleted schedule is gone", documented=404, received=status)


@when(parsers.re(ACTOR + r" (?P<verb>enables|pauses) that schedule$"))
def enable(o2g: World, actor: str, verb: str) -> None:
    """The actor (enables|pauses) that schedule; sends acdstats.schedule.enable."""
    query = None if verb == "enables" else {"enable": "false"}  # enable absent means true (L16428-16429)
    send(o2g, actor, f"{SCHEDULE}.enable", path=_sched_path(o2g), query=query)


@when(parsers.re(ACTOR + r" sets the enable flag of that schedule to \"(?P<value>[^\"]*)\"$"))
def enable_value(o2g: World, actor: str, value: str) -> None:
    """The actor sets the enable flag of that schedule to "{value}"; sends acdstats.schedule.enable."""
    send(o2g, actor, f"{SCHEDULE}.enable", path=_sched_path(o2g), query={"enable": value})


@then(parsers.re(r"that schedule is (?P<state>enabled|disabled)$"))
def schedule_enabled(o2g: World, state: str) -> None:
    """Checks that that schedule is (enabled|disabled): StatsSchedule.enable (L18389) (via acdstats.schedule.get)."""
    read = ok(_read_schedule(o2g), "reading the schedule")
    expect(
        o2g,
        read.get("enable") is (state == "enabled"),
        "StatsSchedule.enable (L18389)",
        documented=state,
        received=read,
    )
