"""Analytics over HTTP: accounting files, charging, incidents, usage zips; for administrators only."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

import httpx
import pytest

from tests.emulator.emulator_support import ADMIN, ALICE, Api

USAGES = "/api/rest/1.0/usages"


@pytest.fixture
def admin(api: Api) -> httpx.Client:
    return api.session(ADMIN)


def ok(r: httpx.Response) -> Any:
    assert r.status_code == 200, f"{r.status_code} {r.text}"
    return r.json()


@pytest.mark.parametrize("path", ["/charging", "/charging/files", "/incidents", "/licenses", "/services"])
def test_administrators_only(api: Api, path: str) -> None:
    alice = api.session(ALICE)
    api.check_error(alice.get(USAGES + path, params={"nodeId": "7"}), 403, "NOT_ALLOWED")


def test_charging_files(admin: httpx.Client) -> None:
    files = ok(admin.get(f"{USAGES}/charging/files", params={"nodeId": "7"}))["files"]
    assert len(files) == 8
    assert files[0] == {"name": "/DHS3dyn/account/TAXAAATA.DAT", "date": "01/01/26", "time": "08:00:00"}
    assert len({f["name"] for f in files}) == 8
    one_day = ok(
        admin.get(f"{USAGES}/charging/files", params={"nodeId": "7", "fromDate": "20260102", "toDate": "20260102"})
    )
    assert [f["date"] for f in one_day["files"]] == ["01/02/26", "01/02/26"]
    since = ok(admin.get(f"{USAGES}/charging/files", params={"nodeId": "7", "fromDate": "20260104"}))["files"]
    assert [f["time"] for f in since] == ["08:00:00", "16:00:00"]


@pytest.mark.parametrize(
    ("path", "params", "status", "type_"),
    [
        ("/charging/files", {}, 400, "BAD_PARAMETER"),
        ("/charging/files", {"nodeId": "8"}, 400, "NOT_FOUND"),
        ("/charging/files", {"nodeId": "7", "fromDate": "2026-01-02"}, 400, "BAD_PARAMETER"),
        ("/charging/files", {"nodeId": "7", "toDate": "20261302"}, 400, "BAD_PARAMETER"),
        ("/charging/files", {"nodeId": "7", "fromDate": "20260103", "toDate": "20260102"}, 400, "BAD_PARAMETER"),
        ("/charging", {}, 400, "BAD_PARAMETER"),
        ("/charging", {"nodeId": "7", "top": "0"}, 400, "BAD_PARAMETER"),
        ("/charging", {"nodeId": "7", "top": "ten"}, 400, "BAD_PARAMETER"),
        ("/charging", {"nodeId": "7", "all": "yes"}, 400, "BAD_PARAMETER"),
        ("/charging", {"nodeId": "7", "files": "/DHS3dyn/account/NOPE.DAT"}, 400, "NOT_FOUND"),
        ("/charging", {"nodeId": "7", "files": ",".join(f"/f{i}" for i in range(101))}, 400, "BAD_PARAMETER"),
        ("/incidents", {}, 400, "BAD_PARAMETER"),
        ("/incidents", {"nodeId": "7", "last": "many"}, 400, "BAD_PARAMETER"),
        ("/licenses", {"format": "pdf"}, 400, "BAD_PARAMETER"),
        ("/services", {"format": "json"}, 400, "BAD_PARAMETER"),
    ],
)
def test_parameter_errors(
    api: Api, admin: httpx.Client, path: str, params: dict[str, str], status: int, type_: str
) -> None:
    api.check_error(admin.get(USAGES + path, params=params), status, type_)


def test_charging_totals_per_user(admin: httpx.Client) -> None:
    body = ok(admin.get(f"{USAGES}/charging", params={"nodeId": "7"}))
    assert (body["nbChargingFiles"], body["totalTicketNb"]) == (8, 48)
    totals = body["chargings"]
    assert set(totals[0]) == {"caller", "name", "callNumber", "chargingUnits", "cost", "duration"}
    costs = [t["cost"] for t in totals]
    assert costs == sorted(costs, reverse=True) and all(c > 0 for c in costs)
    assert sum(t["callNumber"] for t in totals) == body["valuableTicketNb"] < body["totalTicketNb"]
    assert "fromDate" not in body
    top = ok(admin.get(f"{USAGES}/charging", params={"nodeId": "7", "top": "2"}))
    assert top["chargings"] == totals[:2]


def test_charging_tickets_by_date_and_by_file(admin: httpx.Client) -> None:
    tickets = ok(admin.get(f"{USAGES}/charging", params={"nodeId": "7", "all": "true", "fromDate": "20260104"}))
    assert tickets["fromDate"] == "20260104" and tickets["nbChargingFiles"] == 2
    assert len(tickets["chargings"]) == tickets["totalTicketNb"] == tickets["valuableTicketNb"] == 12
    assert any(t["cost"] == 0 for t in tickets["chargings"])  # zero-cost tickets too (L11758)
    first = tickets["chargings"][0]
    assert first["startDate"].startswith("20260104") and first["callType"] in ("PublicNetworkCall", "LocalNode")
    files = ok(admin.get(f"{USAGES}/charging/files", params={"nodeId": "7", "fromDate": "20260104"}))["files"]
    by_file = ok(
        admin.get(
            f"{USAGES}/charging",
            params={"nodeId": "7", "all": "true", "files": ",".join(f["name"] for f in files), "fromDate": "20260101"},
        )
    )
    assert by_file["chargings"] == tickets["chargings"] and "fromDate" not in by_file  # files win (L11764)


def test_incidents(admin: httpx.Client) -> None:
    body = ok(admin.get(f"{USAGES}/incidents", params={"nodeId": "7"}))
    incidents = body["incidents"]
    assert len(incidents) == 7
    assert incidents[0]["date"] == "01/04/26" and incidents[0]["hour"] == "17:03:09"
    assert [body[f"severity{s}"] for s in range(6)] == [
        sum(1 for i in incidents if i["severity"] == s) for s in range(6)
    ]
    last = ok(admin.get(f"{USAGES}/incidents", params={"nodeId": "7", "last": "2"}))
    assert last["incidents"] == incidents[:2] and last["severity4"] == 2 and last["severity0"] == 0
    assert ok(admin.get(f"{USAGES}/incidents", params={"nodeId": "7", "last": "0"}))["incidents"] == incidents


def _zip(r: httpx.Response, filename: str) -> zipfile.ZipFile:
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/zip"
    assert r.headers["content-disposition"] == f'attachment; filename="{filename}"'
    archive = zipfile.ZipFile(io.BytesIO(r.content))
    assert archive.testzip() is None
    return archive


@pytest.mark.parametrize("kind", ["licenses", "services"])
def test_usage_zips_one_csv_per_month(admin: httpx.Client, kind: str) -> None:
    archive = _zip(admin.get(f"{USAGES}/{kind}"), f"{kind}_analytics.zip")
    assert archive.namelist() == [f"{kind}_2025_11.csv", f"{kind}_2025_12.csv", f"{kind}_2026_01.csv"]
    rows = list(csv.reader(io.StringIO(archive.read(f"{kind}_2026_01.csv").decode()), delimiter=";"))
    assert rows[0][0] == "date" and {r[0] for r in rows[1:]} == {f"2026-01-0{d}" for d in range(1, 6)}
    again = admin.get(f"{USAGES}/{kind}")
    assert again.content == archive.fp.getvalue()  # type: ignore[union-attr]  # the same bytes every time


def test_licence_usage_names_the_installed_licences(admin: httpx.Client) -> None:
    archive = _zip(admin.get(f"{USAGES}/licenses"), "licenses_analytics.zip")
    rows = list(csv.reader(io.StringIO(archive.read("licenses_2025_11.csv").decode()), delimiter=";"))
    assert rows[0] == ["date", "license", "takes", "releases", "peak", "errors", "rejects"]
    assert "ROXE_API_ANALYTICS" in {r[1] for r in rows[1:]}


@pytest.mark.parametrize("kind", ["licenses", "services"])
def test_usage_zips_in_xls(admin: httpx.Client, kind: str) -> None:
    archive = _zip(admin.get(f"{USAGES}/{kind}", params={"format": "xls"}), f"{kind}_analytics.zip")
    assert all(name.endswith(".xls") for name in archive.namelist())
    sheet = archive.read(archive.namelist()[-1]).decode()
    assert sheet.startswith('<?xml version="1.0"') and "urn:schemas-microsoft-com:office:spreadsheet" in sheet


def test_months_follow_the_virtual_clock(api: Api) -> None:
    api.advance(31 * 86400)
    archive = _zip(api.session(ADMIN).get(f"{USAGES}/services"), "services_analytics.zip")
    assert archive.namelist()[-1] == "services_2026_02.csv"


def test_the_charging_needs_the_analytics_licence(api: Api, admin: httpx.Client) -> None:
    licences = {"mode": "CAPEX", "licences": [{"name": "ROXE_API_TEL_ADVANCED", "total": 10}]}
    assert api.control.post("/__emulator__/licences", json=licences).status_code == 200
    body = api.check_error(admin.get(f"{USAGES}/charging", params={"nodeId": "7"}), 403, "NOT_ALLOWED")
    assert "ROXE_API_ANALYTICS" in body["innerMessage"]
    assert admin.get(f"{USAGES}/services").status_code == 200  # free in both modes (L12012)
