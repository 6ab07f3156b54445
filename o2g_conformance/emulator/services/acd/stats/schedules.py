"""Scheduled statistics reports (L16230-16455, StatsSchedule L18380-18412): validation, views, daily runs.

Readings chosen where the reference is silent or disagrees with itself:
- StatsSchedule has no identifier field while every path names a scheduleId: POST answers RespId {id}
  and a path's scheduleId is that id or the schedule's name, which "must be unique" (L18383) within its
  context (a duplicate is a bad parameter).
- "When created, the schedule is disable by default" (L16430) and enable is "false if not present"
  (L18389): a new schedule is disabled whatever its body says; .../enable turns it on or off (enable
  absent = true, L16428-16429; another value than true/false is a bad parameter). The reference names
  no method for .../enable; the catalog's POST is used. An update keeps enable, state and lastExecDate.
- Only D+ reports are scheduled (L15697), yet ScheduledPeriodType lists currentDay (L17848): every
  documented value is accepted. lastNb is 1..31 days, 1..4 weeks, 1 month (L17862); fromDateToDate needs
  beginDate and endDate (yyyy-MM-dd'T'HH:mm, L17864-17867), at most 31 days apart.
- Reports run every day at 2 a.m. (L15708, server time: UTC virtual time) for the enabled schedules due
  that day (daily; weekly on daysInWeek; monthly on dayInMonth, 0 = the last day; once, if never run):
  state Executed and lastExecDate. The emulator sends no e-mail (the recipients are only checked).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from ....core import errors
from ..ccd import DAYS

PERIOD_TYPES = ("currentDay", "currentWeek", "currentMonth", "lastDays", "lastWeeks", "lastMonth", "fromDateToDate")
LAST_NB = {"lastDays": 31, "lastWeeks": 4, "lastMonth": 1}
PERIODICITIES = ("once", "daily", "weekly", "monthly")
FILE_TYPES = ("csv", "xls")
RUN_HOUR = 2
_MAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def parse_date(text: str, what: str) -> datetime:
    """yyyy-MM-dd'T'HH:mm (representations) or yyyy-MM-dd HH:mm (query parameters), or a bare day."""
    for pattern in ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), pattern)
        except ValueError:
            continue
    raise errors.bad_parameter(f"{what} {text!r} is not a date in the format yyyy-MM-dd HH:mm")


def parse_schedule(body: dict[str, Any]) -> dict[str, Any]:
    """The schedule's own fields, checked (state, enable and lastExecDate are the server's)."""
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise errors.bad_parameter("name is mandatory (StatsSchedule.name [1], L18383)")
    period = _period(body.get("obsPeriod"))
    frequency = _frequency(body.get("frequency"))
    recipients = body.get("recipients")
    if not isinstance(recipients, list) or not recipients:
        raise errors.bad_parameter("recipients: give at least one mail address (StatsSchedule.recipients [1..*])")
    wrong = [r for r in recipients if not isinstance(r, str) or not _MAIL.match(r)]
    if wrong:
        raise errors.bad_parameter(f"recipients: {wrong[0]!r} is not a mail address")
    out: dict[str, Any] = {"name": name, "obsPeriod": period, "frequency": frequency, "recipients": list(recipients)}
    if body.get("description") is not None:
        out["description"] = str(body["description"])
    file_type = body.get("fileType")
    if file_type is not None:
        if file_type not in FILE_TYPES:
            raise errors.bad_parameter(f"fileType is csv or xls (FileType, L17175), not {file_type!r}")
        out["fileType"] = file_type
    return out


def _period(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict) or raw.get("periodType") not in PERIOD_TYPES:
        raise errors.bad_parameter(f"obsPeriod.periodType is mandatory: one of {', '.join(PERIOD_TYPES)}")
    kind = raw["periodType"]
    out: dict[str, Any] = {"periodType": kind}
    if kind in LAST_NB:
        nb = raw.get("lastNb", 1 if kind == "lastMonth" else None)
        if not isinstance(nb, int) or isinstance(nb, bool) or not 1 <= nb <= LAST_NB[kind]:
            raise errors.bad_parameter(f"obsPeriod.lastNb of {kind} is 1..{LAST_NB[kind]} (L17862)")
        out["lastNb"] = nb
    if kind == "fromDateToDate":
        begin = parse_date(str(raw.get("beginDate") or ""), "obsPeriod.beginDate")
        end = parse_date(str(raw.get("endDate") or ""), "obsPeriod.endDate")
        if not begin <= end <= begin + timedelta(days=31):
            raise errors.bad_parameter("obsPeriod: endDate follows beginDate by at most 31 days (L17867)")
        out["beginDate"], out["endDate"] = begin.strftime("%Y-%m-%dT%H:%M"), end.strftime("%Y-%m-%dT%H:%M")
    return out


def _frequency(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict) or raw.get("periodicity") not in PERIODICITIES:
        raise errors.bad_parameter(f"frequency.periodicity is mandatory: one of {', '.join(PERIODICITIES)}")
    out: dict[str, Any] = {"periodicity": raw["periodicity"]}
    if raw["periodicity"] == "weekly":
        days = raw.get("daysInWeek")
        if not isinstance(days, list) or not days or any(d not in DAYS for d in days):
            raise errors.bad_parameter("frequency.daysInWeek: a weekly report names its days (monday ... sunday)")
        out["daysInWeek"] = list(dict.fromkeys(days))
    if raw["periodicity"] == "monthly":
        day = raw.get("dayInMonth")
        if not isinstance(day, int) or isinstance(day, bool) or not 0 <= day <= 31:
            raise errors.bad_parameter("frequency.dayInMonth: a monthly report names its day, 1-31 or 0 for the last")
        out["dayInMonth"] = day
    return out


def due(schedule: dict[str, Any], today: datetime) -> bool:
    """Whether an enabled schedule runs on `today`."""
    freq = schedule["frequency"]
    kind = freq["periodicity"]
    if kind == "once":
        return "lastExecDate" not in schedule
    if kind == "weekly":
        return DAYS[today.weekday()] in freq.get("daysInWeek", [])
    if kind == "monthly":
        wanted = freq.get("dayInMonth", 0)
        last = (today.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return today.day == (last.day if wanted == 0 else wanted)
    return True


def next_run(now: datetime) -> datetime:
    run = now.replace(hour=RUN_HOUR, minute=0, second=0, microsecond=0)
    return run if run > now else run + timedelta(days=1)
