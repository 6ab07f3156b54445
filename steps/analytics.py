"""Steps of Analytics: accounting files, charging, incidents, licence and service usage (reference L11738-12270).

The usage operations answer a zip archive: it is downloaded keeping its bytes (the client's answers carry
decoded text), and the exchange is recorded like the client's own, the session cookie masked.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from dataclasses import dataclass
from typing import Any

import pytest

from o2g_conformance.checks import NonConformance, check_status
from o2g_conformance.client import ApiResponse, Exchange
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import Actor, Role, given, then, when

from .common import body_of, precondition, raw_get
from .users import node_of

CHARGING = "analytics.charging.get"
FILES = "analytics.charging.files.list"
INCIDENTS = "analytics.incidents.get"
LICENSES = "analytics.licenses.get"
SERVICES = "analytics.services.get"
USAGE = {"licence": LICENSES, "service": SERVICES}
#: What the answers of the usage operations may be typed: the examples' headers say application/zip
#: (L12006, L12043), the response tables application/octet-stream (L11988, L12025).
ZIP_TYPES = ("application/zip", "application/octet-stream")


@dataclass
class AnalyticsNotes:
    """What the analytics steps hand on: the accounting files listed by a Given, the archive downloaded."""

    files: list[dict[str, Any]] | None = None
    archive: bytes = b""

    def first_file(self) -> dict[str, Any]:
        if not self.files:
            raise AssertionError(
                "harness error: no accounting file noted (Given ... has listed the accounting files of the PBX ...)"
            )
        return self.files[0]


@pytest.fixture
def analytics_notes() -> AnalyticsNotes:
    """The scenario's analytics notes (nothing listed or downloaded yet)."""
    return AnalyticsNotes()


def _body(answer: ApiResponse, what: str) -> dict[str, Any]:
    """The answer's body, which must be a `what` object."""
    body = body_of(answer)
    if not isinstance(body, dict):
        raise NonConformance(f"the answer is a {what} object", op_id=answer.op_id, documented=what, received=body)
    return body


def _query(o2g: World, text: str) -> dict[str, str]:
    """`nodeId=<node of A>&last=2` -> the query; `<node of X>` is the node of user X."""
    filled = re.sub(r"<node of ([A-Z])>", lambda m: node_of(o2g, m.group(1)), text)
    pairs = (p.partition("=") for p in filled.split("&") if p)
    return {name: value for name, _, value in pairs}


# -- analytics.charging.files.list -------------------------------------------------------------------------------------


def _files(answer: ApiResponse) -> list[dict[str, Any]]:
    files = _body(answer, "ChargingFiles").get("files")
    if not isinstance(files, list):
        raise NonConformance(
            "the accounting files are listed under 'files' (ChargingFiles, L12115-12119)",
            op_id=FILES,
            documented="files: [...]",
            received=files,
        )
    return [f for f in files if isinstance(f, dict)]


def _day(file: dict[str, Any]) -> str:
    """ChargingFile.date mm/dd/yy (L12113) as the yyyymmdd of the date filters (L11845-11846)."""
    try:
        return dt.datetime.strptime(str(file.get("date")), "%m/%d/%y").strftime("%Y%m%d")
    except ValueError:
        raise NonConformance(
            "ChargingFile.date is mm/dd/yy (L12113)", op_id=FILES, documented="mm/dd/yy", received=file
        ) from None


#: `of the PBX of user A[ of the day of the first one]`: the node, and the day of the first file listed.
OF_PBX = r"the accounting files of the PBX of user {role}(?P<day> of the day of the first one)?"


def _files_query(o2g: World, notes: AnalyticsNotes, role: Role, day: str | None) -> dict[str, str]:
    query = {"nodeId": node_of(o2g, role)}
    if day:
        first = notes.first_file()
        query.update({"fromDate": _day(first), "toDate": _day(first)})
    return query


@given("{actor} has listed " + OF_PBX)
def has_listed_files(o2g: World, analytics_notes: AnalyticsNotes, actor: Actor, role: Role, day: str | None) -> None:
    """Precondition: analytics.charging.files.list of the user's node lists a file; the files are noted."""
    files = _files(o2g.aside(actor, FILES, query=_files_query(o2g, analytics_notes, role, day)))
    if not files:
        precondition(f"the PBX of user {role} has no accounting file: the scenario needs one")
    analytics_notes.files = files


@when("{actor} lists " + OF_PBX, target_fixture="answer")
def list_files(o2g: World, analytics_notes: AnalyticsNotes, actor: Actor, role: Role, day: str | None) -> ApiResponse:
    """Sends analytics.charging.files.list of the user's node (of the day of the first file noted, if said)."""
    return o2g.send(actor, FILES, query=_files_query(o2g, analytics_notes, role, day))


@when(
    '{actor} (?P<what>lists the accounting files|reads the charging|reads the incidents) with the query "{query:text}"',
    target_fixture="answer",
)
def with_query(o2g: World, actor: Actor, what: str, query: str) -> ApiResponse:
    """Sends analytics.charging.files.list, analytics.charging.get or analytics.incidents.get with that query."""
    op_id = {"lists the accounting files": FILES, "reads the charging": CHARGING, "reads the incidents": INCIDENTS}[
        what
    ]
    return o2g.send(actor, op_id, query=_query(o2g, query))


@then("every file listed has a name, a date mm/dd/yy and a time hh:mm:ss(?P<day>, of the day of the first one)?")
def files_are(answer: ApiResponse, analytics_notes: AnalyticsNotes, day: str | None) -> None:
    """Checks every ChargingFile's name, date and time (L12109-12114), and the day of the first one if said."""
    files = _files(answer)
    wrong = [
        f
        for f in files
        if not f.get("name")
        or not re.fullmatch(r"\d\d/\d\d/\d\d", str(f.get("date")))
        or not re.fullmatch(r"\d\d:\d\d:\d\d", str(f.get("time")))
    ]
    problems = [f"not a ChargingFile: {f}" for f in wrong]
    if day:
        first = analytics_notes.first_file()
        problems += [f"{f.get('name')} is of {f.get('date')}" for f in files if f.get("date") != first.get("date")]
        if first.get("name") not in [f.get("name") for f in files]:
            problems.append(f"{first.get('name')} of that day is missing")
    if problems:
        raise NonConformance(
            "the accounting files of the dates asked for (ChargingFile L12109-12114, L11845-11846)",
            op_id=FILES,
            documented="name, date mm/dd/yy, time hh:mm:ss",
            received=files,
            problems=problems,
        )


# -- analytics.charging.get --------------------------------------------------------------------------------------------


@when(
    "{actor} reads (?:the (?:top {top:count} )?charging of the PBX of user {role}"
    "|(?P<all>all) the charging tickets of the first accounting file)",
    target_fixture="answer",
)
def read_charging(
    o2g: World, analytics_notes: AnalyticsNotes, actor: Actor, top: int | None, role: Role | None, all: str | None
) -> ApiResponse:
    """Sends analytics.charging.get of the user's node (the top ones), or of every ticket of the first file noted."""
    if all:
        query = {"nodeId": node_of(o2g, "A"), "files": analytics_notes.first_file()["name"], "all": "true"}
    else:
        query = {"nodeId": node_of(o2g, role or "A")}
        if top is not None:
            query["top"] = str(top)
    return o2g.send(actor, CHARGING, query=query)


def _chargings(answer: ApiResponse) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    body = _body(answer, "Chargings")
    items = body.get("chargings")
    if not isinstance(items, list):
        raise NonConformance("Chargings.chargings (L12123)", op_id=CHARGING, documented="a list", received=body)
    return body, [c for c in items if isinstance(c, dict)]


@then("the totals are per caller, the most expensive first(?:, at most {n:count})?")
def totals_sorted(answer: ApiResponse, n: int | None) -> None:
    """Checks one total per caller sorted by cost, the first N only with 'top' (L11751, L11780)."""
    _, totals = _chargings(answer)
    costs = [c.get("cost") for c in totals]
    callers = [c.get("caller") for c in totals]
    problems = []
    numbers = [float(c) for c in costs if isinstance(c, int | float) and not isinstance(c, bool)]
    if len(numbers) != len(costs) or numbers != sorted(numbers, reverse=True):
        problems.append(f"costs not in decreasing order: {costs}")
    if len(set(callers)) != len(callers) or not all(callers):
        problems.append(f"not one total per caller: {callers}")
    if n is not None and len(totals) > n:
        problems.append(f"{len(totals)} totals for top={n}")
    if problems:
        raise NonConformance(
            "the total charging per user, sorted by cost", op_id=CHARGING, received=totals, problems=problems
        )


@then("every ticket names its caller and the called party, from {n:count} analysed file")
def tickets_are(answer: ApiResponse, n: int) -> None:
    """With all=true every ticket is returned, with the called party (L11758-11759, Charging L12070-12108)."""
    body, tickets = _chargings(answer)
    problems = [f"ticket without caller or called: {t}" for t in tickets if not t.get("caller") or not t.get("called")]
    if body.get("nbChargingFiles") != n:
        problems.append(f"nbChargingFiles {body.get('nbChargingFiles')} for {n} file(s) asked (L12126)")
    if body.get("totalTicketNb") != len(tickets):
        problems.append(f"totalTicketNb {body.get('totalTicketNb')} for {len(tickets)} tickets listed")
    if problems:
        raise NonConformance("every ticket of the files asked for", op_id=CHARGING, received=body, problems=problems)


# -- analytics.incidents.get -------------------------------------------------------------------------------------------


@when("{actor} reads the (?:{n:count} last )?incidents of the PBX of user {role}", target_fixture="answer")
def read_incidents(o2g: World, actor: Actor, n: int | None, role: Role) -> ApiResponse:
    """Sends analytics.incidents.get of the user's node (the last n only, if said)."""
    query = {"nodeId": node_of(o2g, role)}
    if n is not None:
        query["last"] = str(n)
    return o2g.send(actor, INCIDENTS, query=query)


@then("the incidents carry the six severity counters(?:, at most {n:count} incidents)?")
def incidents_are(answer: ApiResponse, n: int | None) -> None:
    """Checks the six severity counters of Incidents (L12188-12222), and at most n incidents if said (L11907)."""
    body = _body(answer, "Incidents")
    incidents = body.get("incidents")
    problems = []
    # The counters' meaning is unclear (example L11961-11966 vs its own list): only their presence is checked.
    for s in range(6):
        value = body.get(f"severity{s}")
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            problems.append(f"severity{s} is {value!r}")
    if not isinstance(incidents, list):
        problems.append("no incidents list")
    elif n is not None and len(incidents) > n:
        problems.append(f"{len(incidents)} incidents for last={n} (L11907)")
    if problems:
        raise NonConformance(
            "Incidents with its counters (L12188-12222)", op_id=INCIDENTS, received=body, problems=problems
        )


# -- analytics.licenses.get / analytics.services.get -------------------------------------------------------------------


def _download(o2g: World, notes: AnalyticsNotes, actor: Actor, op_id: str, query: dict[str, str] | None) -> ApiResponse:
    """GET `op_id` keeping the archive's bytes (noted); the exchange is recorded, the answer built from it."""
    raw, elapsed, summary = raw_get(o2g, actor, op_id, None, query)
    is_json = raw.headers.get("content-type", "").startswith("application/json")
    text = raw.text if is_json else raw.content.decode("latin-1")
    shown = text if is_json else f"<{len(raw.content)} bytes>"
    o2g.exchanges.append(Exchange(summary, raw.status_code, dict(raw.headers), shown, elapsed, op_id))
    try:
        parsed = json.loads(raw.text) if is_json else None
    except ValueError:
        parsed = None
    notes.archive = raw.content
    return ApiResponse(op_id, raw.status_code, dict(raw.headers), text, parsed, elapsed, summary)


@when(
    '{actor} downloads the (?P<kind>licence|service) usage(?: in the default format| in the format "{fmt:text}")?',
    target_fixture="answer",
)
def download_usage(
    o2g: World, analytics_notes: AnalyticsNotes, actor: Actor, kind: str, fmt: str | None
) -> ApiResponse:
    """Sends analytics.licenses.get or analytics.services.get (in the format given), keeping the archive's bytes."""
    return _download(o2g, analytics_notes, actor, USAGE[kind], {"format": fmt} if fmt is not None else None)


@then("the answer is 200 with a zip archive of (?P<ext>csv|xls) files")
def zip_of(answer: ApiResponse, analytics_notes: AnalyticsNotes, ext: str) -> None:
    """A zip with one file per month (L11746-11747), csv by default or xls (L11980, L12017)."""
    response = answer
    assert response.op_id is not None
    check_status(response.op_id, response.status, 200)
    content = analytics_notes.archive
    problems = []
    kind = response.headers.get("content-type", "").split(";")[0].strip()
    if kind not in ZIP_TYPES:
        problems.append(f"Content-Type {kind!r}")
    try:
        names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    except zipfile.BadZipFile:
        names = []
        problems.append(f"not a zip archive ({len(content)} bytes)")
    if not problems and (not names or any(not n.lower().endswith("." + ext) for n in names)):
        problems.append(f"files {names}")
    if problems:
        raise NonConformance(
            f"a zip archive of {ext} files, one per month",
            op_id=response.op_id,
            documented=f"{' or '.join(ZIP_TYPES)}, *.{ext} entries",
            received=problems,
        )
