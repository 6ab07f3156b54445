"""Analytics backend: one method per `analytics.*` operation (o2g-rest-api-reference.txt L11738-12270).

Readings chosen where the reference is silent or disagrees with itself:
- The service is for administrators only (L11740); the core refuses user sessions (403 NOT_ALLOWED).
- nodeId is mandatory (L11776, L11844, L11906): without it 400 BAD_PARAMETER; a node the O2G does not
  manage is NOT_FOUND, answered 400 as none of these operations documents 404. Dates are yyyymmdd
  (L11777-11778); a malformed date, or fromDate after toDate, is a bad parameter.
- charging: `files` wins over the dates (L11764), and the dates are then neither applied nor echoed. At
  most 100 files are processed (L11765-11766): more is 400. Without `all`, one total per caller over the
  tickets of non-zero cost (callNumber, chargingUnits, cost, duration; callers without such a ticket are
  left out), sorted by cost, then `top` keeps the first N (L11751, L11780); with `all=true` every ticket
  is listed in time order and `top` does not apply. valuableTicketNb counts the non-zero cost tickets of
  a total, every ticket with `all` (L12128, example L11825). `chargings` is [1..*] (L12123) but an
  empty selection gives an empty list.
- The files' date is mm/dd/yy as ChargingFile says (L12113). Incidents are newest first; their date is
  written the same way and without the examples' trailing spaces (L11933). The severityN counters count
  the incidents of each severity that are returned (the example's counters, L11961-11966, do not match its
  own list). `last` > 0 keeps the n newest; 0 or less keeps all (L11907).
- licenses and services answer a zip archive of one file per month (L11746-11747), CSV by default or xls
  with format=xls; the JSON output the presentation mentions (L11748) has no documented parameter. The
  Content-Type is application/zip as the examples' headers say (L12006, L12043), not the response
  table's application/octet-stream (L11988, L12025); the file name is sent without the server's directory
  (examples: filename=/var/data/licenses_analytics.zip, L12005). Another format is a bad parameter.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ....catalog import load_catalog
from ...core import errors
from ...core.licences import Licences
from ...core.registry import Backend, state
from ...core.topology import Node
from .data import AccountingFile, Ticket, accounting_files, incidents
from .export import Row, csv_bytes, xls_bytes, zip_bytes

MAX_FILES = 100
#: The first day the emulated O2G collected usage analytics; at most 12 months are kept (L11747).
ANALYTICS_START = dt.date(2025, 11, 1)
MAX_MONTHS = 12
LICENCE_HEADER = ("date", "license", "takes", "releases", "peak", "errors", "rejects")
SERVICE_HEADER = ("date", "service", "method", "count")


@dataclass(frozen=True)
class UsageFile:
    """An answer of licenses/services: the zip's bytes and the name it is sent under."""

    content: bytes
    filename: str


def parse_date(raw: str | None, name: str) -> dt.date | None:
    if raw is None:
        return None
    try:
        if not re.fullmatch(r"\d{8}", raw):
            raise ValueError
        return dt.datetime.strptime(raw, "%Y%m%d").date()
    except ValueError:
        raise errors.bad_parameter(f"{name} must be a date yyyymmdd, not {raw!r}") from None


def parse_int(raw: str | None, name: str) -> int | None:
    if raw is None:
        return None
    if not re.fullmatch(r"-?\d{1,9}", raw.strip()):
        raise errors.bad_parameter(f"{name} must be an integer, not {raw!r}")
    return int(raw)


def parse_bool(raw: str | None, name: str) -> bool:
    if raw is None:
        return False
    if raw.strip().lower() not in ("true", "false"):
        raise errors.bad_parameter(f"{name} must be true or false, not {raw!r}")
    return raw.strip().lower() == "true"


def _months(first: dt.date, today: dt.date) -> list[tuple[int, int]]:
    months = []
    year, month = first.year, first.month
    while (year, month) <= (today.year, today.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months[-MAX_MONTHS:]


def _days(year: int, month: int, today: dt.date) -> Iterable[dt.date]:
    day = dt.date(year, month, 1)
    while day.month == month and day <= today:
        yield day
        day += dt.timedelta(days=1)


@state
class Analytics:
    """Reads the node's accounting and incidents, and the O2G's own usage, all derived and fixed."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def _node(self, raw: str | None) -> Node:
        if raw is None or not raw.strip():
            raise errors.bad_parameter("query parameter 'nodeId' is mandatory")
        node = next((n for n in self.backend.topology.nodes if str(n.id) == raw.strip()), None)
        if node is None:
            raise errors.not_found(f"no PBX node {raw!r} managed by this O2G")
        return node

    @staticmethod
    def _range(from_raw: str | None, to_raw: str | None) -> tuple[dt.date | None, dt.date | None]:
        start, end = parse_date(from_raw, "fromDate"), parse_date(to_raw, "toDate")
        if start is not None and end is not None and start > end:
            raise errors.bad_parameter(f"fromDate {from_raw} is after toDate {to_raw}")
        return start, end

    # -- analytics.charging.files.list -----------------------------------------------------------------
    def charging_files(self, node_raw: str | None, from_raw: str | None, to_raw: str | None) -> dict[str, Any]:
        node = self._node(node_raw)
        start, end = self._range(from_raw, to_raw)
        files = [f for f in accounting_files(node) if _within(f.day, start, end)]
        return {"files": [f.view() for f in files]}

    # -- analytics.charging.get ------------------------------------------------------------------------
    def charging(self, node_raw: str | None, query: dict[str, str]) -> dict[str, Any]:
        node = self._node(node_raw)
        everything = parse_bool(query.get("all"), "all")
        top = parse_int(query.get("top"), "top")
        if top is not None and top <= 0:
            raise errors.bad_parameter(f"top must be a positive number of users, not {top}")
        files = accounting_files(node)
        out: dict[str, Any] = {}
        if "files" in query:
            chosen = self._chosen_files(files, query["files"])
            tickets = [t for f in chosen for t in f.tickets]
        else:
            start, end = self._range(query.get("fromDate"), query.get("toDate"))
            chosen = [f for f in files if _within(f.day, start, end)]
            tickets = [t for f in chosen for t in f.tickets if _within(t.start.date(), start, end)]
            out.update({k: query[k] for k in ("fromDate", "toDate") if k in query})
        if len(chosen) > MAX_FILES:
            raise errors.bad_parameter(f"{len(chosen)} accounting files to process: at most {MAX_FILES} (L11765)")
        if everything:
            chargings = [t.view() for t in sorted(tickets, key=lambda t: t.start)]
            valuable = len(tickets)
        else:
            chargings = _totals(tickets)[:top] if top else _totals(tickets)
            valuable = sum(1 for t in tickets if t.cost > 0)
        return {
            "chargings": chargings,
            **out,
            "nbChargingFiles": len(chosen),
            "totalTicketNb": len(tickets),
            "valuableTicketNb": valuable,
        }

    @staticmethod
    def _chosen_files(files: list[AccountingFile], raw: str) -> list[AccountingFile]:
        names = [n.strip() for n in raw.split(",")]
        if not raw.strip() or any(not n for n in names):
            raise errors.bad_parameter("files must be a comma separated list of accounting file names")
        if len(names) > MAX_FILES:
            raise errors.bad_parameter(f"{len(names)} accounting files to process: at most {MAX_FILES} (L11765)")
        by_name = {f.name: f for f in files}
        unknown = [n for n in names if n not in by_name]
        if unknown:
            raise errors.not_found(f"no accounting file {', '.join(unknown)} on this node")
        return [by_name[n] for n in dict.fromkeys(names)]

    # -- analytics.incidents.get -----------------------------------------------------------------------
    def incidents(self, node_raw: str | None, last_raw: str | None) -> dict[str, Any]:
        node = self._node(node_raw)
        last = parse_int(last_raw, "last")
        listed = incidents(node)
        if last is not None and last > 0:
            listed = listed[:last]
        counters = {f"severity{s}": sum(1 for i in listed if i["severity"] == s) for s in range(6)}
        return {"incidents": listed, **counters}

    # -- analytics.licenses.get / analytics.services.get ----------------------------------------------
    def _today(self) -> dt.date:
        return dt.datetime.fromtimestamp(self.backend.clock.now(), dt.UTC).date()

    def _usage(self, kind: str, fmt: str | None, rows_of: Callable[[dt.date], list[Row]], header: Row) -> UsageFile:
        chosen = (fmt or "csv").strip().lower()
        if chosen not in ("csv", "xls"):
            raise errors.bad_parameter(f"format must be xls (or absent for csv), not {fmt!r}")
        today = self._today()
        entries = []
        for year, month in _months(ANALYTICS_START, today):
            rows: list[Row] = [r for day in _days(year, month, today) for r in rows_of(day)]
            name = f"{kind}_{year:04d}_{month:02d}.{chosen}"
            content = (
                csv_bytes(header, rows) if chosen == "csv" else xls_bytes(f"{kind} {year}-{month:02d}", header, rows)
            )
            entries.append((name, (year, month, 1), content))
        return UsageFile(zip_bytes(entries), f"{kind}_analytics.zip")

    def licenses(self, fmt: str | None) -> UsageFile:
        names = [e.name for e in self.backend.state(Licences).file.licences]

        def rows(day: dt.date) -> list[Row]:
            out: list[Row] = []
            for i, name in enumerate(names):
                takes = (day.toordinal() * 7 + i * 5) % 13
                rejects = 1 if (takes + i) % 5 == 0 else 0
                out.append((day.isoformat(), name, takes, takes, min(takes, 1 + i % 4), 0, rejects))
            return out

        return self._usage("licenses", fmt, rows, LICENCE_HEADER)

    def services(self, fmt: str | None) -> UsageFile:
        ops = list(load_catalog().operations())

        def rows(day: dt.date) -> list[Row]:
            out: list[Row] = []
            for i, op in enumerate(ops):
                count = (day.toordinal() * 31 + i * 17) % 9
                if count:
                    out.append((day.isoformat(), op.section, f"{op.method} {op.path}", count))
            return out

        return self._usage("services", fmt, rows, SERVICE_HEADER)


def _within(day: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)


def _totals(tickets: list[Ticket]) -> list[dict[str, Any]]:
    """One Charging per caller over its non-zero cost tickets, most expensive first (L11751, L11758-11759)."""
    by_caller: dict[str, dict[str, Any]] = {}
    for t in tickets:
        if t.cost <= 0:
            continue
        total = by_caller.setdefault(
            t.caller,
            {"caller": t.caller, "name": t.name, "callNumber": 0, "chargingUnits": 0, "cost": 0.0, "duration": 0},
        )
        total["callNumber"] += 1
        total["chargingUnits"] += t.units
        total["cost"] = round(total["cost"] + t.cost, 2)
        total["duration"] += t.duration
    return sorted(by_caller.values(), key=lambda c: (-c["cost"], c["caller"]))
