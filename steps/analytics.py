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
from typing import Any

from pytest_bdd import parsers

from o2g_conformance.checks import NonConformance, check_status
from o2g_conformance.client import ApiResponse, Exchange
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import given, then, when

from .common import ACTOR, actor_name, last, precondition, raw_get
from .users import body_dict, node_of

CHARGING = "analytics.charging.get"
FILES = "analytics.charging.files.list"
INCIDENTS = "analytics.incidents.get"
LICENSES = "analytics.licenses.get"
SERVICES = "analytics.services.get"
USAGE = {"licence": LICENSES, "service": SERVICES}
#: What the answers of the usage operations may be typed: the examples' headers say application/zip
#: (L12006, L12043), the response tables application/octet-stream (L11988, L12025).
ZIP_TYPES = ("application/zip", "application/octet-stream")


def _query(o2g: World, text: str) -> dict[str, str]:
    """`nodeId=<node of A>&last=2` -> the query; `<node of X>` is the node of user X."""
    filled = re.sub(r"<node of ([A-Z])>", lambda m: node_of(o2g, m.group(1)), text)
    pairs = (p.partition("=") for p in filled.split("&") if p)
    return {name: value for name, _, value in pairs}


def _get(o2g: World, actor: str, op_id: str, query: dict[str, str]) -> None:
    o2g.response = o2g.session(actor_name(actor)).call(op_id, query=query)


# -- analytics.charging.files.list -------------------------------------------------------------------------------------


def _files(o2g: World) -> list[dict[str, Any]]:
    files = body_dict(o2g, "ChargingFiles").get("files")
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


LIST_FILES = (
    ACTOR
    + r" (?P<verb>has listed|lists) the accounting files of the PBX of user (?P<role>[A-Z])"
    + r"(?P<day> of the day of the first one)?$"
)


@given(parsers.re(LIST_FILES))
@when(parsers.re(LIST_FILES))
def list_files(o2g: World, actor: str, verb: str, role: str, day: str | None) -> None:
    """The actor (has listed|lists) the accounting files of the PBX of user {role}[ of the day of the first one].

    Sends analytics.charging.files.list.
    """
    query = {"nodeId": node_of(o2g, role)}
    if day:
        first = o2g.values["analytics:files"][0]
        query.update({"fromDate": _day(first), "toDate": _day(first)})
    _get(o2g, actor, FILES, query)
    if verb == "has listed":
        files = _files(o2g)
        if not files:
            precondition(f"the PBX of user {role} has no accounting file: the scenario needs one")
        o2g.values["analytics:files"] = files


@when(
    parsers.re(
        ACTOR
        + r" (?P<what>lists the accounting files|reads the charging|reads the incidents)"
        + r" with the query \"(?P<query>[^\"]*)\"$"
    )
)
def with_query(o2g: World, actor: str, what: str, query: str) -> None:
    """The actor (lists the accounting files|reads the charging|reads the incidents) with the query "{query}".

    Sends analytics.charging.files.list, analytics.charging.get, analytics.incidents.get.
    """
    op_id = {"lists the accounting files": FILES, "reads the charging": CHARGING, "reads the incidents": INCIDENTS}[
        what
    ]
    _get(o2g, actor, op_id, _query(o2g, query))


@then(
    parsers.re(
        r"every file listed has a name, a date mm/dd/yy and a time hh:mm:ss(?P<day>, of the day of the first one)?$"
    )
)
def files_are(o2g: World, day: str | None) -> None:
    """Checks that every file listed has a name, a date mm/dd/yy and a time hh:mm:ss[, of the day of the first one]."""
    files = _files(o2g)
    wrong = [
        f
        for f in files
        if not f.get("name")
        or not re.fullmatch(r"\d\d/\d\d/\d\d", str(f.get("date")))
        or not re.fullmatch(r"\d\d:\d\d:\d\d", str(f.get("time")))
    ]
    problems = [f"not a ChargingFile: {f}" for f in wrong]
    if day:
        first = o2g.values["analytics:files"][0]
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
    parsers.re(
        ACTOR
        + r" reads (?:the (?P<top>top \d+ )?charging of the PBX of user (?P<role>[A-Z])"
        + r"|(?P<all>all) the charging tickets of the first accounting file)$"
    )
)
def read_charging(o2g: World, actor: str, top: str | None, role: str | None, all: str | None) -> None:
    """The actor reads the charging tickets of the PBX of user {role} (all, the top ones or the first file).

    Sends analytics.charging.get.
    """
    if all:
        query = {"nodeId": node_of(o2g, "A"), "files": o2g.values["analytics:files"][0]["name"], "all": "true"}
    else:
        query = {"nodeId": node_of(o2g, role or "A")}
        if top:
            query["top"] = top.split()[1]
    _get(o2g, actor, CHARGING, query)


def _chargings(o2g: World) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    body = body_dict(o2g, "Chargings")
    items = body.get("chargings")
    if not isinstance(items, list):
        raise NonConformance("Chargings.chargings (L12123)", op_id=CHARGING, documented="a list", received=body)
    return body, [c for c in items if isinstance(c, dict)]


@then(parsers.re(r"the totals are per caller, the most expensive first(?:, at most (?P<n>\d+))?$"))
def totals_sorted(o2g: World, n: str | None) -> None:
    """Checks one total per caller sorted by cost, the first N only with 'top' (L11751, L11780)."""
    _, totals = _chargings(o2g)
    costs = [c.get("cost") for c in totals]
    callers = [c.get("caller") for c in totals]
    problems = []
    numbers = [float(c) for c in costs if isinstance(c, int | float) and not isinstance(c, bool)]
    if len(numbers) != len(costs) or numbers != sorted(numbers, reverse=True):
        problems.append(f"costs not in decreasing order: {costs}")
    if len(set(callers)) != len(callers) or not all(callers):
        problems.append(f"not one total per caller: {callers}")
    if n is not None and len(totals) > int(n):
        problems.append(f"{len(totals)} totals for top={n}")
    if problems:
        raise NonConformance(
            "the total charging per user, sorted by cost", op_id=CHARGING, received=totals, problems=problems
        )


@then(parsers.re(r"every ticket names its caller and the called party, from (?P<n>\d+) analysed file$"))
def tickets_are(o2g: World, n: str) -> None:
    """With all=true every ticket is returned, with the called party (L11758-11759, Charging L12070-12108)."""
    body, tickets = _chargings(o2g)
    problems = [f"ticket without caller or called: {t}" for t in tickets if not t.get("caller") or not t.get("called")]
    if body.get("nbChargingFiles") != int(n):
        problems.append(f"nbChargingFiles {body.get('nbChargingFiles')} for {n} file(s) asked (L12126)")
    if body.get("totalTicketNb") != len(tickets):
        problems.append(f"totalTicketNb {body.get('totalTicketNb')} for {len(tickets)} tickets listed")
    if problems:
        raise NonConformance("every ticket of the files asked for", op_id=CHARGING, received=body, problems=problems)


# -- analytics.incidents.get -------------------------------------------------------------------------------------------


@when(parsers.re(ACTOR + r" reads the (?:(?P<n>\d+) last )?incidents of the PBX of user (?P<role>[A-Z])$"))
def read_incidents(o2g: World, actor: str, n: str | None, role: str) -> None:
    """The actor reads the [{n} last ]incidents of the PBX of user {role}; sends analytics.incidents.get."""
    query = {"nodeId": node_of(o2g, role)}
    if n:
        query["last"] = n
    _get(o2g, actor, INCIDENTS, query)


@then(parsers.re(r"the incidents carry the six severity counters(?:, at most (?P<n>\d+) incidents)?$"))
def incidents_are(o2g: World, n: str | None) -> None:
    """Checks that the incidents carry the six severity counters[, at most {n} incidents]."""
    body = body_dict(o2g, "Incidents")
    incidents = body.get("incidents")
    problems = []
    # The counters' meaning is unclear (example L11961-11966 vs its own list): only their presence is checked.
    for s in range(6):
        value = body.get(f"severity{s}")
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            problems.append(f"severity{s} is {value!r}")
    if not isinstance(incidents, list):
        problems.append("no incidents list")
    elif n is not None and len(incidents) > int(n):
        problems.append(f"{len(incidents)} incidents for last={n} (L11907)")
    if problems:
        raise NonConformance(
            "Incidents with its counters (L12188-12222)", op_id=INCIDENTS, received=body, problems=problems
        )


# -- analytics.licenses.get / analytics.services.get -------------------------------------------------------------------


def _download(o2g: World, actor: str, op_id: str, query: dict[str, str] | None) -> ApiResponse:
    raw, elapsed, summary = raw_get(o2g, actor, op_id, None, query)
    is_json = raw.headers.get("content-type", "").startswith("application/json")
    text = raw.text if is_json else raw.content.decode("latin-1")
    shown = text if is_json else f"<{len(raw.content)} bytes>"
    o2g.exchanges.append(Exchange(summary, raw.status_code, dict(raw.headers), shown, elapsed, op_id))
    try:
        parsed = json.loads(raw.text) if is_json else None
    except ValueError:
        parsed = None
    o2g.values["analytics:file"] = raw.content
    return ApiResponse(op_id, raw.status_code, dict(raw.headers), text, parsed, elapsed, summary)


@when(
    parsers.re(
        ACTOR
        + r" downloads the (?P<kind>licence|service) usage"
        + r"(?: in the default format| in the format \"(?P<fmt>[^\"]*)\")?$"
    )
)
def download_usage(o2g: World, actor: str, kind: str, fmt: str | None) -> None:
    """The actor downloads the (licence|service) usage[ in the default format| in the format "{fmt}"].

    Sends analytics.licenses.get, analytics.services.get.
    """
    o2g.response = _download(o2g, actor, USAGE[kind], {"format": fmt} if fmt is not None else None)


@then(parsers.re(r"the answer is 200 with a zip archive of (?P<ext>csv|xls) files$"))
def zip_of(o2g: World, ext: str) -> None:
    """A zip with one file per month (L11746-11747), csv by default or xls (L11980, L12017)."""
    response = last(o2g)
    assert response.op_id is not None
    check_status(response.op_id, response.status, 200)
    content = o2g.values.get("analytics:file", b"")
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
