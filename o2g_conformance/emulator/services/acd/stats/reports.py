"""Statistics reports: the Stats object of a context over a period, and its CSV or XLS file, zipped.

D reports (one day, L15689-15692) have one AgentStats / PilotStats per time slot, from 0h00 to the last
terminated slot of the current day (the whole day for a past day); D+ reports (several days,
L15693-15696) one per day. Rows carry the identity fields of their representation (dates, names,
numbers) and the attributes the context selected.

The emulated PBX has no statistics collector (AFE): values are deterministic, derived from a hash of the
object, the attribute and the slot, so the same request always answers the same figures. Durations are
"hh:mm:ss", the other string figures percentages such as "12.50".

Files: CSV (one table per kind of row) or XLS, zipped (L15687, L16112). The XLS file is an Excel 2003 XML
workbook ("XML Spreadsheet", one worksheet per table), which Excel opens as an .xls file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from xml.sax.saxutils import escape

from .attributes import StatsAttribute, select

SLOT_MINUTES = {"aQuarterOfAnHour": 15, "halfAnHour": 30, "anHour": 60}
#: Modification time of the files inside the zip (fixed: the same request gives the same bytes).
ZIP_TIME = (2026, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Period:
    """What a data request covers: one day in slots, or several days."""

    one_day: bool
    begin: datetime  # 00:00 of the (first) day
    end: datetime  # end of the last slot, or 00:00 of the day after the last day
    slot: str | None = None

    def slots(self) -> list[tuple[datetime, datetime]]:
        step = timedelta(minutes=SLOT_MINUTES[self.slot or "aQuarterOfAnHour"]) if self.one_day else timedelta(days=1)
        out, at = [], self.begin
        while at + step <= self.end:
            out.append((at, at + step))
            at += step
        return out

    def view(self) -> dict[str, Any]:
        """SelectedPeriod (L17879-17891)."""
        out: dict[str, Any] = {"periodType": "oneDay" if self.one_day else "onSeveralDays"}
        if self.one_day:
            out["slotType"] = self.slot or "aQuarterOfAnHour"
        out["beginDate"] = self.begin.strftime("%Y-%m-%dT%H:%M")
        last = self.end - timedelta(days=1) if not self.one_day else self.begin
        out["endDate"] = last.strftime("%Y-%m-%dT%H:%M")
        return out


def _figure(attribute: StatsAttribute, *keys: str) -> Any:
    digest = int.from_bytes(hashlib.sha256("|".join((attribute.dto, *keys)).encode()).digest()[:8], "big")
    if attribute.type == "int":
        return digest % 7
    if attribute.duration:
        seconds = digest % 1800
        return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    return f"{digest % 10001 / 100:.2f}"


def _dates(end: datetime) -> dict[str, str]:
    return {
        "date": end.strftime("%Y-%m-%d %H:%M"),
        "year": end.strftime("%Y"),
        "month": end.strftime("%m"),
        "day": end.strftime("%d"),
        "hour": end.strftime("%H"),
        "minute": end.strftime("%M"),
    }


@dataclass(frozen=True)
class Report:
    """What a context asks for: agents (with their details) or pilots, and the attributes of each row."""

    supervisor: str
    agents: Sequence[dict[str, Any]]  # SupervisedData of the selected agents
    pilots: Sequence[dict[str, str]]  # {number, name, queueName} of the selected pilots (pilot filter)
    agent_pilots: Sequence[dict[str, str]]  # {number, name} of the pilots of agent rows (pilotAttributes)
    agent_attributes: Sequence[str]
    pilot_attributes: Sequence[str]
    attributes: Sequence[str]  # of a pilot filter

    @property
    def objects(self) -> int:
        return len(self.agents) or len(self.pilots)

    def stats(self, period: Period) -> dict[str, Any]:
        """Stats (L17898-17920)."""
        out: dict[str, Any] = {"supervisor": self.supervisor}
        slots = period.slots()
        if self.agents:
            out["agentsStats"] = [self._slot(period, b, e, self._agent_rows(b, e)) for b, e in slots]
        else:
            out["pilotsStats"] = [self._slot(period, b, e, self._pilot_rows(b, e)) for b, e in slots]
        return out

    @staticmethod
    def _slot(period: Period, begin: datetime, end: datetime, rows: list[dict[str, Any]]) -> dict[str, Any]:
        return {"timeSlot": begin.strftime("%Y-%m-%dT%H:%M"), "selectedPeriod": period.view(), "rows": rows}

    def _agent_rows(self, begin: datetime, end: datetime) -> list[dict[str, Any]]:
        slot = begin.isoformat()
        chosen = select("agent", list(self.agent_attributes))
        per_pilot = select("agentPilot", list(self.pilot_attributes))
        rows = []
        for agent in self.agents:
            number = str(agent["number"])
            row: dict[str, Any] = _dates(end)
            row.update(
                {
                    "login": agent.get("loginName", ""),
                    "operator": f"{agent.get('firstName', '')} {agent.get('lastName', '')}".strip(),
                    "firstName": agent.get("firstName", ""),
                    "lastName": agent.get("lastName", ""),
                    "number": number,
                    "group": agent.get("groupName", ""),
                }
            )
            row.update({a.dto: _figure(a, number, slot) for a in chosen})
            if per_pilot:
                row["pilotAgentStatsRows"] = [
                    {"pilotNumber": p["number"], "pilotName": p["name"]}
                    | {a.dto: _figure(a, number, p["number"], slot) for a in per_pilot}
                    for p in self.agent_pilots
                ]
            rows.append(row)
        return rows

    def _pilot_rows(self, begin: datetime, end: datetime) -> list[dict[str, Any]]:
        slot = begin.isoformat()
        chosen = select("pilot", list(self.attributes))
        return [
            _dates(end)
            | {"queueName": p["queueName"], "pilotName": p["name"], "pilotNumber": p["number"]}
            | {a.dto: _figure(a, p["number"], slot) for a in chosen}
            for p in self.pilots
        ]


# -- files -----------------------------------------------------------------------------------------------------


def tables(stats: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The flat tables of a Stats object: agents (and their per-pilot rows), or pilots."""
    out: dict[str, list[dict[str, Any]]] = {}
    for key, name in (("agentsStats", "agents"), ("pilotsStats", "pilots")):
        for slot in stats.get(key, []):
            for row in slot["rows"]:
                flat = {"timeSlot": slot["timeSlot"], **{k: v for k, v in row.items() if k != "pilotAgentStatsRows"}}
                out.setdefault(name, []).append(flat)
                for sub in row.get("pilotAgentStatsRows", []):
                    extra = {"timeSlot": slot["timeSlot"], "number": row["number"], **sub}
                    out.setdefault("agents_pilots", []).append(extra)
    return out


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(k for row in rows for k in row))


def csv_file(rows: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=_columns(rows), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xls_file(named: dict[str, list[dict[str, Any]]]) -> bytes:
    """An Excel 2003 XML workbook, one worksheet per table."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">\n'
    ]
    for name, rows in named.items():
        columns = _columns(rows)
        parts.append(f'<Worksheet ss:Name="{escape(name)}"><Table>\n')
        parts.append("<Row>" + "".join(f'<Cell><Data ss:Type="String">{escape(c)}</Data></Cell>' for c in columns))
        parts.append("</Row>\n")
        for row in rows:
            cells = []
            for column in columns:
                value = row.get(column, "")
                kind = "Number" if isinstance(value, int) else "String"
                cells.append(f'<Cell><Data ss:Type="{kind}">{escape(str(value))}</Data></Cell>')
            parts.append("<Row>" + "".join(cells) + "</Row>\n")
        parts.append("</Table></Worksheet>\n")
    parts.append("</Workbook>\n")
    return "".join(parts).encode("utf-8")


def zipped(stats: dict[str, Any], file_format: str, stem: str) -> bytes:
    """The report as a zip holding `<table>.csv` files or one `<stem>.xls` workbook."""
    named = tables(stats)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if file_format == "csv":
            for name, rows in named.items():
                archive.writestr(zipfile.ZipInfo(f"{stem}-{name}.csv", ZIP_TIME), csv_file(rows))
        else:
            archive.writestr(zipfile.ZipInfo(f"{stem}.xls", ZIP_TIME), xls_file(named))
    return buffer.getvalue()
