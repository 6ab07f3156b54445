"""The Call Center Statistics backend: one method per `acdstats.*` operation (L15666-18479).

See scopes.py (scopes, contexts), schedules.py (scheduled reports) and reports.py (data and files) for
the readings of each part. Readings of the data requests:
- begindate/enddate are "in format(yyyy-MM-dd HH:mm)" (L16110-16111) although they name days: the time is
  ignored, a bare day is accepted too. A D+ report covers at most 31 consecutive terminated days (today
  excluded) within the last 12 months (L15693-15695); a D report one day of the last 12 months, today
  up to its last terminated slot (L15692) or a past day whole; a future day is a bad parameter. Days are
  the supervisor's (its timezone, UTC when it has none).
- format is json (default), csv or xls, read case-insensitively (L16112); csv and xls answer a zip
  (application/zip). async=true answers 204 and the result comes through OnAcdStatsProgress (L16113-16114).
- OnAcdStatsProgress (L17187-17209) follows every data request, to the subscriptions of the
  administrator who asked: COLLECT every COLLECT_STEP objects (and once at the end), PROCESSED, then
  FORMATED with resPath / fullResPath / xlsfullResPath, "file paths" of the result on the server
  (informative: the reference gives no way to download them). Synchronous requests send them all before
  answering; asynchronous ones one step per virtual second. DELETE .../data/request cancels the
  supervisor's requests in progress (CANCELLED); with none in progress it does nothing.
- oneday/jdata ("Don't use: Just for API documentation of Stats object", L16190) answers the JSON Stats
  of oneday/data.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ....core import errors
from ....core.clock import TimerHandle
from ....core.registry import Backend, state
from ...subscriptions.models import SubscriptionStore
from ..ccd import CallCenter
from .attributes import attributes
from .reports import SLOT_MINUTES, Period, Report, zipped
from .schedules import due, next_run, parse_date, parse_schedule
from .scopes import Scope, StatsContext, parse_filter, parse_scope, prune

COLLECT_STEP = 10
HISTORY_DAYS = 366
MAX_DAYS = 31
FORMATS = ("json", "csv", "xls")


@dataclass
class DataRequest:
    """A data request in progress."""

    id: int
    supervisor: str
    owner: str
    objects: int
    format: str
    timers: list[TimerHandle] = field(default_factory=list)


@state
class AcdStats:
    """Scopes, contexts, schedules and data requests of the statistics service."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.scopes: dict[str, Scope] = {}
        self.contexts: dict[str, dict[str, StatsContext]] = {}
        self.requests: dict[str, list[DataRequest]] = {}
        self._ids = itertools.count(1)

    def start(self) -> None:
        self._arm_schedules()

    # -- scopes -----------------------------------------------------------------------------------------
    def set_scope(self, body: dict[str, Any]) -> dict[str, Any]:
        scope = parse_scope(body)
        self.scopes[scope.identifier] = scope
        prune(self.contexts.setdefault(scope.identifier, {}), scope)
        url = f"{self.backend.api_base}/acd/stats/scope/{scope.identifier}"
        return {"privateUrl": url, "publicUrl": url}

    def scope(self, supervisor: str) -> Scope:
        scope = self.scopes.get(supervisor)
        if scope is None:
            raise errors.not_found(f"supervisor {supervisor} has no statistics scope", status=404)
        return scope

    def delete_scope(self, supervisor: str) -> None:
        self.scope(supervisor)
        self.cancel(supervisor)
        del self.scopes[supervisor]
        self.contexts.pop(supervisor, None)

    def filter(self, supervisor: str) -> dict[str, Any]:
        """StatsFilterResp (L18314-18352): what a context of the supervisor may select."""
        scope = self.scope(supervisor)
        ccd = self.backend.state(CallCenter)

        def ext(kind: Any, detailed: bool) -> list[dict[str, Any]]:
            out = []
            for a in attributes(kind):
                row: dict[str, Any] = {"dto": a.dto, "ref": a.ref, "transl": a.text, "descr": a.text}
                if detailed:
                    row["detailed"] = not a.dto.endswith("ADur")
                out.append(row)
            return out

        return {
            "agentFilter": {
                "agentsDetails": [dict(a) for a in scope.agents],
                "agentAttrExts": ext("agent", True),
                "pilotAttrExts": ext("agentPilot", False),
            },
            "pilotFilter": {
                "pilots": [{"number": n, "name": p.config.name} for n, p in ccd.pilots.items()],
                "attrExts": ext("pilot", True),
            },
        }

    # -- contexts ---------------------------------------------------------------------------------------
    def _contexts(self, supervisor: str) -> dict[str, StatsContext]:
        self.scope(supervisor)
        return self.contexts.setdefault(supervisor, {})

    def context(self, supervisor: str, ctx_id: str) -> StatsContext:
        ctx = self._contexts(supervisor).get(ctx_id)
        if ctx is None:
            raise errors.not_found(f"supervisor {supervisor} has no statistics context {ctx_id}", status=404)
        return ctx

    def create_context(self, supervisor: str, body: dict[str, Any]) -> dict[str, Any]:
        contexts = self._contexts(supervisor)
        pilots = set(self.backend.state(CallCenter).pilots)
        parsed = parse_filter(body.get("filter"), self.scopes[supervisor], pilots)
        ctx_id = str(next(self._ids))
        contexts[ctx_id] = StatsContext(ctx_id, supervisor, body.get("label"), body.get("description"), parsed)
        return {"id": ctx_id}

    def update_context(self, supervisor: str, ctx_id: str, body: dict[str, Any]) -> None:
        ctx = self.context(supervisor, ctx_id)
        if "filter" in body:
            pilots = set(self.backend.state(CallCenter).pilots)
            ctx.filter = parse_filter(body["filter"], self.scopes[supervisor], pilots)
        if "label" in body:
            ctx.label = body["label"]
        if "description" in body:
            ctx.description = body["description"]

    def list_contexts(self, supervisor: str) -> dict[str, Any]:
        return {"contexts": [c.view() for c in self._contexts(supervisor).values()]}

    def delete_context(self, supervisor: str, ctx_id: str) -> None:
        self.context(supervisor, ctx_id)
        del self.contexts[supervisor][ctx_id]

    def delete_contexts(self, supervisor: str) -> None:
        self._contexts(supervisor).clear()

    # -- data -------------------------------------------------------------------------------------------
    def _today(self, scope: Scope) -> datetime:
        """The supervisor's local time now (naive), from the virtual UTC clock and its timezone."""
        now = self.backend.clock.now_datetime().replace(tzinfo=None)
        if scope.timezone:
            sign = -1 if scope.timezone.startswith("-") else 1
            hours, minutes = scope.timezone[1:].split(":")
            now += sign * timedelta(hours=int(hours), minutes=int(minutes))
        return now

    def _period(self, scope: Scope, query: dict[str, str], *, one_day: bool) -> Period:
        now = self._today(scope)
        today = now.replace(hour=0, minute=0, second=0, microsecond=0)
        oldest = today - timedelta(days=HISTORY_DAYS)
        if one_day:
            slot = query.get("slotType") or "aQuarterOfAnHour"
            if slot not in SLOT_MINUTES:
                raise errors.bad_parameter(f"slotType is one of {', '.join(SLOT_MINUTES)}, not {slot!r}")
            raw = query.get("date")
            day = parse_date(raw, "date").replace(hour=0, minute=0) if raw else today
            if not oldest <= day <= today:
                raise errors.bad_parameter("date: a day of the last 12 months, today at the latest")
            if day == today:
                step = SLOT_MINUTES[slot]
                minutes = (now.hour * 60 + now.minute) // step * step
                return Period(True, day, day + timedelta(minutes=minutes), slot)
            return Period(True, day, day + timedelta(days=1), slot)
        if not query.get("begindate") or not query.get("enddate"):
            raise errors.bad_parameter("begindate and enddate are mandatory (yyyy-MM-dd HH:mm)")
        begin = parse_date(query["begindate"], "begindate").replace(hour=0, minute=0)
        end = parse_date(query["enddate"], "enddate").replace(hour=0, minute=0)
        if end < begin:
            raise errors.bad_parameter("enddate is before begindate")
        if end >= today:
            raise errors.bad_parameter("a several days report covers terminated days: enddate before today")
        if begin < oldest:
            raise errors.bad_parameter("a several days report covers the last 12 months")
        if (end - begin).days + 1 > MAX_DAYS:
            raise errors.bad_parameter(f"a several days report covers at most {MAX_DAYS} days (L15693)")
        return Period(False, begin, end + timedelta(days=1))

    def _report(self, scope: Scope, ctx: StatsContext) -> Report:
        ccd = self.backend.state(CallCenter)
        agent_filter = ctx.filter.get("agentFilter") or {}
        pilot_filter = ctx.filter.get("pilotFilter") or {}
        agents = [a for n in agent_filter.get("numbers", []) if (a := scope.agent(n)) is not None]
        pilots = [
            {"number": n, "name": ccd.pilots[n].config.name, "queueName": ccd.queues[ccd.pilots[n].config.queue].name}
            for n in pilot_filter.get("numbers", [])
            if n in ccd.pilots
        ]
        return Report(
            supervisor=scope.identifier,
            agents=agents,
            pilots=pilots,
            agent_pilots=[{"number": n, "name": p.config.name} for n, p in ccd.pilots.items()],
            agent_attributes=agent_filter.get("agentAttributes", []),
            pilot_attributes=agent_filter.get("pilotAttributes", []),
            attributes=pilot_filter.get("attributes", []),
        )

    def data(
        self, owner: str, supervisor: str, ctx_id: str, query: dict[str, str], *, one_day: bool
    ) -> tuple[dict[str, Any] | bytes | None, str]:
        """The report (Stats, or zip bytes), or None for an asynchronous request; and its format."""
        ctx = self.context(supervisor, ctx_id)
        scope = self.scopes[supervisor]
        file_format = (query.get("format") or "json").lower()
        if file_format not in FORMATS:
            raise errors.bad_parameter(f"format is JSON, CSV or XLS (L16112), not {query['format']!r}")
        asynchronous = (query.get("async") or "false").lower()
        if asynchronous not in ("true", "false"):
            raise errors.bad_parameter(f"async is true or false, not {query['async']!r}")
        period = self._period(scope, query, one_day=one_day)
        report = self._report(scope, ctx)
        request = DataRequest(next(self._ids), supervisor, owner, report.objects, file_format)
        steps = self._steps(request)
        if asynchronous == "true":
            self.requests.setdefault(supervisor, []).append(request)
            clock = self.backend.clock
            for delay, (step, extra) in enumerate(steps, start=1):
                request.timers.append(clock.call_later(delay, functools.partial(self._step, request, step, extra)))
            return None, file_format
        for step, extra in steps:
            self._progress(request, step, extra)
        stats = report.stats(period)
        if file_format == "json":
            return stats, file_format
        return zipped(stats, file_format, f"stats-{supervisor}-{ctx_id}"), file_format

    def _steps(self, request: DataRequest) -> list[tuple[str, dict[str, Any]]]:
        n = request.objects
        collected = [*range(COLLECT_STEP, n, COLLECT_STEP), n]
        steps: list[tuple[str, dict[str, Any]]] = [("COLLECT", {"nbProcessedObjects": c}) for c in collected]
        base = f"/var/o2g/acdstats/{request.supervisor}/report-{request.id}"
        path = base + (".json" if request.format == "json" else f"-{request.format}.zip")
        files = {"resPath": path, "fullResPath": path, "xlsfullResPath": base + "-xls.zip"}
        return [*steps, ("PROCESSED", {"nbProcessedObjects": n}), ("FORMATED", {"nbProcessedObjects": n, **files})]

    def _step(self, request: DataRequest, step: str, extra: dict[str, Any]) -> None:
        self._progress(request, step, extra)
        if step == "FORMATED":
            pending = self.requests.get(request.supervisor, [])
            if request in pending:
                pending.remove(request)

    def _progress(self, request: DataRequest, step: str, extra: dict[str, Any]) -> None:
        """OnAcdStatsProgress (L17187-17209) to the requesting administrator's subscriptions."""
        event = {
            "eventName": "OnAcdStatsProgress",
            "supervisor": request.supervisor,
            "step": step,
            "nbTotObjects": request.objects,
            **extra,
        }
        keys = [s.id for s in self.backend.state(SubscriptionStore).all() if s.owner == request.owner]
        if keys:
            self.backend.bus.publish(event, only=keys)

    def cancel(self, supervisor: str) -> None:
        self.scope(supervisor)
        for request in self.requests.pop(supervisor, []):
            for timer in request.timers:
                timer.cancel()
            self._progress(request, "CANCELLED", {})

    # -- schedules --------------------------------------------------------------------------------------
    def _schedule(self, ctx: StatsContext, schedule_id: str) -> tuple[str, dict[str, Any]]:
        for key, schedule in ctx.schedules.items():
            if schedule_id in (key, schedule["name"]):
                return key, schedule
        raise errors.not_found(f"context {ctx.ctx_id} has no schedule {schedule_id}", status=404)

    def create_schedule(self, supervisor: str, ctx_id: str, body: dict[str, Any]) -> dict[str, Any]:
        ctx = self.context(supervisor, ctx_id)
        parsed = parse_schedule(body)
        if any(s["name"] == parsed["name"] for s in ctx.schedules.values()):
            raise errors.bad_parameter(f"a schedule named {parsed['name']!r} exists: the name must be unique (L18383)")
        schedule_id = str(next(self._ids))
        ctx.schedules[schedule_id] = {**parsed, "state": "Not_executed", "enable": False}
        return {"id": schedule_id}

    def list_schedules(self, supervisor: str, ctx_id: str) -> dict[str, Any]:
        return {"schedules": [dict(s) for s in self.context(supervisor, ctx_id).schedules.values()]}

    def get_schedule(self, supervisor: str, ctx_id: str, schedule_id: str) -> dict[str, Any]:
        return dict(self._schedule(self.context(supervisor, ctx_id), schedule_id)[1])

    def update_schedule(self, supervisor: str, ctx_id: str, schedule_id: str, body: dict[str, Any]) -> None:
        ctx = self.context(supervisor, ctx_id)
        key, old = self._schedule(ctx, schedule_id)
        parsed = parse_schedule(body)
        if any(s["name"] == parsed["name"] for k, s in ctx.schedules.items() if k != key):
            raise errors.bad_parameter(f"a schedule named {parsed['name']!r} exists: the name must be unique (L18383)")
        kept: dict[str, Any] = {k: old[k] for k in ("state", "enable", "lastExecDate") if k in old}
        ctx.schedules[key] = {**parsed, **kept}

    def delete_schedule(self, supervisor: str, ctx_id: str, schedule_id: str) -> None:
        ctx = self.context(supervisor, ctx_id)
        del ctx.schedules[self._schedule(ctx, schedule_id)[0]]

    def enable_schedule(self, supervisor: str, ctx_id: str, schedule_id: str, enable: str | None) -> None:
        value = (enable or "true").lower()
        if value not in ("true", "false"):
            raise errors.bad_parameter(f"enable is true or false, not {enable!r}")
        self._schedule(self.context(supervisor, ctx_id), schedule_id)[1]["enable"] = value == "true"

    def _arm_schedules(self) -> None:
        now = self.backend.clock.now_datetime()
        self.backend.clock.call_at(next_run(now).timestamp(), self._run_schedules)

    def _run_schedules(self) -> None:
        """2 a.m.: every enabled schedule due today runs (its report is not mailed by the emulator)."""
        now = self.backend.clock.now_datetime()
        stamp = now.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        for contexts in self.contexts.values():
            for ctx in contexts.values():
                for schedule in ctx.schedules.values():
                    if schedule.get("enable") and due(schedule, now):
                        schedule["state"], schedule["lastExecDate"] = "Executed", stamp
        self._arm_schedules()
