"""Licences: every kind of requirement (L7-31), counting, release, subscriptions (L2147-2153) and expiry."""

from __future__ import annotations

import pathlib
from typing import Any

import httpx
import pytest

from o2g_conformance.emulator.core.licence_file import LicenceFileError, load_licence_file, parse_requirement
from o2g_conformance.emulator.server import EmulatorServer, main
from tests.emulator.emulator_support import ADMIN, ALICE, BRUNO, Api

pytest_plugins = ["pytester"]

FIXTURES = pathlib.Path(__file__).resolve().parents[2] / "fixtures" / "licences"
CONTROL = "/__emulator__"
CHLOE = ("oxe70122", "1221")
DAVID = ("oxe70123", "1231")
CALLS = "/api/rest/1.0/telephony/calls"
BASIC_CALL = "/api/rest/1.0/telephony/basicCall"


def install(api: Api, *licences: dict[str, Any], mode: str = "CAPEX", **extra: Any) -> dict[str, Any]:
    r = api.control.post(f"{CONTROL}/licences", json={"mode": mode, "licences": list(licences), **extra})
    assert r.status_code == 200, r.text
    result: dict[str, Any] = r.json()
    return result


def used(api: Api, name: str) -> int:
    view = api.control.get(f"{CONTROL}/licences").json()
    return int(next(lic["used"] for lic in view["licences"] if lic["name"] == name))


def refused_for_licence(r: httpx.Response, name: str) -> dict[str, Any]:
    body = Api.check_error(r, 403, "NOT_ALLOWED")
    assert name in body["innerMessage"], body
    return body


# -- the wording of the catalog ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wording", "kind", "names", "n"),
    [
        ("No license required (free)", "free", (), 0),
        ("ROXE_API_ANALYTICS - true", "boolean", ("ROXE_API_ANALYTICS",), 0),
        ("ROXE_API_TEL_ADVANCED - one license per user", "per_user", ("ROXE_API_TEL_ADVANCED",), 0),
        (
            "ROXE_API_TEL_ADVANCED or/and ROXE_API_CONTACTCENTER_AGENT - one license per user",
            "per_user",
            ("ROXE_API_TEL_ADVANCED", "ROXE_API_CONTACTCENTER_AGENT"),
            0,
        ),
        (
            "ROXE_API_MANAGEMENT - number of licenses greater than or equal to total number of OXE users on all "
            "OXE nodes",
            "all_users_ge",
            ("ROXE_API_MANAGEMENT",),
            0,
        ),
        (
            "api-management-f - one license per user \ufffd number of licenses must be equal to total OXE users",
            "all_users_eq",
            ("api-management-f",),
            0,
        ),
        ("api-tel-f - 40 licenses required", "fixed", ("api-tel-f",), 40),
    ],
)
def test_every_kind_of_wording_is_read(wording: str, kind: str, names: tuple[str, ...], n: int) -> None:
    req = parse_requirement(wording)
    assert (req.kind, req.names, req.n) == (kind, names, n)


def test_the_bundled_files_load(tmp_path: pathlib.Path) -> None:
    for path in FIXTURES.glob("*.yaml"):
        load_licence_file(path)
    bad = tmp_path / "bad.yaml"
    bad.write_text("mode: SAAS\nlicences: [{name: X, total: -1}, {name: X}]\n", encoding="utf-8")
    with pytest.raises(LicenceFileError, match=r"bad.yaml: mode: .*licences.0.total"):
        load_licence_file(bad)


# -- GET /system/licenses ------------------------------------------------------------------------------


def test_licence_check_is_usable_outside_a_session(api: Api) -> None:
    anonymous = api.client()
    assert anonymous.get("/api/rest/1.0/system/licenses", params={"lic": "ROXE_API_PHONESETPROG"}).status_code == 204
    Api.check_error(anonymous.get("/api/rest/1.0/system/licenses", params={"lic": "NO_SUCH"}), 403, "NOT_ALLOWED")
    Api.check_error(anonymous.get("/api/rest/1.0/system/licenses"), 400, "BAD_PARAMETER")
    install(api, {"name": "ROXE_API_PHONESETPROG", "total": 0}, {"name": "ROXE_HA", "total": False})
    for lic in ("ROXE_API_PHONESETPROG", "ROXE_HA"):  # a zero or FALSE licence is not available
        Api.check_error(anonymous.get("/api/rest/1.0/system/licenses", params={"lic": lic}), 403, "NOT_ALLOWED")


# -- kinds ---------------------------------------------------------------------------------------------


def test_free_operations_need_no_licence(api: Api) -> None:
    install(api)
    alice = api.session(ALICE)
    assert alice.get("/api/rest/1.0/sessions").status_code == 200
    assert alice.get("/api/rest/1.0/users/oxe70120").status_code == 200
    r = alice.post(BASIC_CALL, json={"deviceId": "70120", "callee": "70121"})  # basic calls are free
    assert r.status_code == 201, r.text
    body = refused_for_licence(alice.get(CALLS), "ROXE_API_TEL_ADVANCED")
    assert body["telephony"]["errorType"] == "UNAUTHORIZED"  # the licence example of L535-537


def test_one_licence_per_distinct_user_across_sessions(api: Api) -> None:
    install(api, {"name": "ROXE_API_TEL_ADVANCED", "total": 2})
    alice, alice_again, bruno, chloe = api.session(ALICE), api.session(ALICE), api.session(BRUNO), api.session(CHLOE)
    assert alice.get(CALLS).status_code == 200
    assert alice_again.get(CALLS).status_code == 200  # the same user: still one licence
    assert bruno.get(CALLS).status_code == 200
    assert used(api, "ROXE_API_TEL_ADVANCED") == 2
    refused_for_licence(chloe.get(CALLS), "exhausted")
    assert alice.delete("/api/rest/1.0/sessions").status_code == 204
    refused_for_licence(chloe.get(CALLS), "exhausted")  # Alice's second session still holds it
    assert alice_again.delete("/api/rest/1.0/sessions").status_code == 204
    assert used(api, "ROXE_API_TEL_ADVANCED") == 1
    assert chloe.get(CALLS).status_code == 200


def test_an_expired_session_releases_its_licence(api: Api) -> None:
    install(api, {"name": "ROXE_API_TEL_ADVANCED", "total": 1})
    alice = api.session(ALICE, timeToLive=60)
    assert alice.get(CALLS).status_code == 200
    bruno = api.session(BRUNO)
    refused_for_licence(bruno.get(CALLS), "exhausted")
    api.advance(70)
    assert bruno.get(CALLS).status_code == 200


def test_an_administrator_takes_the_licence_of_the_user_it_names(api: Api) -> None:
    install(api, {"name": "ROXE_API_TEL_ADVANCED", "total": 1})
    admin = api.session(ADMIN)
    assert admin.get(CALLS, params={"loginName": "oxe70121"}).status_code == 200
    assert api.control.get(f"{CONTROL}/licences").json()["licences"][0]["users"] == ["oxe70121"]
    refused_for_licence(admin.get(CALLS, params={"loginName": "oxe70122"}), "exhausted")
    # Naming no user (a device operation), the licence only has to be installed.
    assert admin.get("/api/rest/1.0/telephony/devices/70120").status_code != 403


def test_boolean_licence(api: Api) -> None:
    install(api, {"name": "ROXE_API_ANALYTICS", "total": False})
    admin = api.session(ADMIN)
    refused_for_licence(admin.get("/api/rest/1.0/usages/charging", params={"nodeId": "7"}), "ROXE_API_ANALYTICS")
    install(api, {"name": "ROXE_API_ANALYTICS", "total": True})
    r = admin.get("/api/rest/1.0/usages/charging", params={"nodeId": "7"})
    assert not (r.status_code == 403 and "ROXE_API_ANALYTICS" in r.text), r.text
    install(api, {"name": "ROXE_API_ANALYTICS", "total": True}, mode="OPEX")  # free in OPEX mode
    assert "licence" not in admin.get("/api/rest/1.0/usages/charging", params={"nodeId": "7"}).text


def test_at_least_the_number_of_oxe_users(api: Api) -> None:
    admin = api.session(ADMIN)
    install(api, {"name": "ROXE_API_MANAGEMENT", "total": 9})
    refused_for_licence(admin.get("/api/rest/1.0/pbxs/7"), "10 OXE users")
    install(api, {"name": "ROXE_API_MANAGEMENT", "total": 10})
    assert "ROXE_API_MANAGEMENT" not in admin.get("/api/rest/1.0/pbxs/7").text
    assert used(api, "ROXE_API_MANAGEMENT") == 10  # the network's OXE subscribers (L8912-8913)


def test_exactly_the_number_of_oxe_users(api: Api) -> None:
    admin = api.session(ADMIN)
    install(api, {"name": "api-management-f", "total": 11}, mode="OPEX")
    refused_for_licence(admin.get("/api/rest/1.0/pbxs/7"), "must equal the 10 OXE users")
    install(api, {"name": "api-management-f", "total": 10}, mode="OPEX")
    assert "api-management-f" not in admin.get("/api/rest/1.0/pbxs/7").text


def test_fixed_number_plus_users(api: Api) -> None:
    admin, alice, bruno = api.session(ADMIN), api.session(ALICE), api.session(BRUNO)
    pilots = "/api/rest/1.0/acd/7/pilots"
    install(api, {"name": "api-tel-f", "total": 39}, mode="OPEX")
    refused_for_licence(admin.get(pilots), "40 required")
    install(api, {"name": "api-tel-f", "total": 41}, mode="OPEX")
    assert alice.get(CALLS).status_code == 200  # one user controlled: 40 + 1 = 41
    assert "api-tel-f" not in admin.get(pilots).text
    # While the fixed-N services are in use, N stays reserved: no room for a second user.
    refused_for_licence(bruno.get(CALLS), "kept for fixed-N services")
    assert admin.delete("/api/rest/1.0/sessions").status_code == 204
    assert bruno.get(CALLS).status_code == 200


def test_an_expired_licence_is_missing(api: Api) -> None:
    install(api, {"name": "ROXE_API_TEL_ADVANCED", "total": 5, "expiration": "2026-01-07"})
    alice = api.session(ALICE, timeToLive=86400)
    assert alice.get(CALLS).status_code == 200
    api.advance(86400)
    assert alice.get(CALLS).status_code == 200  # 2026-01-06T09:00Z: still valid
    api.advance(86400)  # 2026-01-07T09:00Z: valid strictly before its expiry date
    refused_for_licence(alice.get(CALLS), "expired on 2026-01-07")
    Api.check_error(
        api.client().get("/api/rest/1.0/system/licenses", params={"lic": "ROXE_API_TEL_ADVANCED"}), 403, "NOT_ALLOWED"
    )


def test_licence_expiration_is_notified_daily_from_30_days_before_to_20_after(api: Api) -> None:
    admin = api.session(ADMIN, timeToLive=86400)
    # No channel yet: the events queue up (L2138-2139), with no keepalive in between.
    sub = api.subscribe(admin, {"names": ["OnLicenseExpiration"]})
    install(api, {"name": "ROXE_HA", "total": 1}, expiration="2026-02-05")  # 30 days after 2026-01-06
    for _ in range(55):
        api.advance(86400)
        assert admin.post("/api/rest/1.0/sessions/keepalive").status_code == 204
    assert api.publish({"eventName": "OnLicenseExpiration", "message": "marker", "nbDays": 99}) == 1
    stream = api.stream(sub["privatePollingUrl"])
    assert stream.next()["text"] == "Chunk started"
    events = [stream.next() for _ in range(52)]
    assert [e["nbDays"] for e in events] == [*range(30, -21, -1), 99]  # nothing after 20 days past the expiry
    assert all(e["eventName"] == "OnLicenseExpiration" for e in events)
    assert "expire in 30 day(s), on 2026-02-05" in events[0]["message"]
    assert "expired 20 day(s) ago" in events[50]["message"]


# -- subscriptions (NOTE1, L2147-2153) -----------------------------------------------------------------


def _subscribe(api: Api, c: httpx.Client, *ids: str, names: str = "telephony") -> dict[str, Any]:
    return api.subscribe(c, {"ids": list(ids), "names": [names]})


def test_an_administrator_subscription_counts_its_users_and_is_refused_whole(api: Api) -> None:
    install(api, {"name": "ROXE_API_TEL_ADVANCED", "total": 3})
    admin = api.session(ADMIN)
    first = _subscribe(api, admin, "oxe70120", "oxe70121")
    assert first["status"] == "ACCEPTED" and used(api, "ROXE_API_TEL_ADVANCED") == 2
    second = _subscribe(api, admin, "oxe70120", "oxe70121", "oxe70122")
    assert second["status"] == "ACCEPTED" and used(api, "ROXE_API_TEL_ADVANCED") == 3
    third = _subscribe(api, admin, "oxe70122", "oxe70123")
    assert third["status"] == "REFUSED" and "L2147-2153" in third["message"]
    assert used(api, "ROXE_API_TEL_ADVANCED") == 3  # refused whole: nothing counted
    assert _subscribe(api, admin, "*")["status"] == "REFUSED"  # the wildcard is every user
    assert admin.delete(f"/api/rest/1.0/subscriptions/{first['subscriptionId']}").status_code == 204
    assert used(api, "ROXE_API_TEL_ADVANCED") == 3  # still in the second subscription
    assert admin.delete(f"/api/rest/1.0/subscriptions/{second['subscriptionId']}").status_code == 204
    assert used(api, "ROXE_API_TEL_ADVANCED") == 0
    assert _subscribe(api, admin, "oxe70122", "oxe70123")["status"] == "ACCEPTED"


def test_an_update_that_would_exceed_is_refused_and_keeps_the_old_count(api: Api) -> None:
    install(api, {"name": "ROXE_API_TEL_ADVANCED", "total": 2})
    admin = api.session(ADMIN)
    _subscribe(api, admin, "oxe70120")
    r = admin.put("/api/rest/1.0/subscriptions", json={"selectors": [{"ids": ["*"], "names": ["telephony"]}]})
    Api.check_error(r, 400, "BAD_PARAMETER")
    assert used(api, "ROXE_API_TEL_ADVANCED") == 1
    r = admin.put("/api/rest/1.0/subscriptions", json={"selectors": [{"ids": ["oxe70121"], "names": ["telephony"]}]})
    assert r.status_code == 204
    view = api.control.get(f"{CONTROL}/licences").json()["licences"]
    assert next(v for v in view if v["name"] == "ROXE_API_TEL_ADVANCED")["users"] == ["oxe70121"]


def test_system_selectors_take_no_licence_and_closing_the_session_releases(api: Api) -> None:
    install(api, {"name": "ROXE_API_TEL_ADVANCED", "total": 1})
    admin = api.session(ADMIN)
    assert api.subscribe(admin, {"names": ["system"]})["status"] == "ACCEPTED"
    assert used(api, "ROXE_API_TEL_ADVANCED") == 0
    alice = api.session(ALICE)
    assert api.subscribe(alice, {"names": ["telephony"]})["status"] == "ACCEPTED"
    refused = api.subscribe(api.session(BRUNO), {"names": ["telephony"]})
    assert refused["status"] == "REFUSED" and "ROXE_API_TEL_ADVANCED" in refused["message"]
    assert alice.delete("/api/rest/1.0/sessions").status_code == 204
    assert api.subscribe(api.session(DAVID), {"names": ["telephony"]})["status"] == "ACCEPTED"


# -- loading ---------------------------------------------------------------------------------------------


def test_the_control_api_loads_files_and_reset_restores_the_emulators_own(api: Api) -> None:
    r = api.control.post(f"{CONTROL}/licences", json={"file": str(FIXTURES / "basic.yaml")})
    assert r.status_code == 200 and r.json()["source"].endswith("basic.yaml")
    assert api.client().get("/api/rest/1.0/system/licenses", params={"lic": "ROXE_HA"}).status_code == 403
    bad = api.control.post(f"{CONTROL}/licences", json={"mode": "CAPEX", "licences": [{"name": ""}]})
    assert "licences.0.name" in Api.check_error(bad, 400, "BAD_PARAMETER")["innerMessage"]
    Api.check_error(api.control.post(f"{CONTROL}/licences", json={"file": "/no/such.yaml"}), 400, "BAD_PARAMETER")
    api.reset()
    assert api.client().get("/api/rest/1.0/system/licenses", params={"lic": "ROXE_HA"}).status_code == 204


def test_an_emulator_started_with_a_licence_file_keeps_it_across_resets(
    api_factory: Any,
) -> None:
    with EmulatorServer(port=0, licences=FIXTURES / "none.yaml") as server:
        other: Api = api_factory(server)
        other.reset()
        alice = other.session(ALICE)
        refused_for_licence(alice.get(CALLS), "not installed")
        assert other.control.get(f"{CONTROL}/licences").json()["source"].endswith("none.yaml")


def test_the_cli_refuses_a_bad_licence_file(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "lic.yaml"
    bad.write_text("licences: nope\n", encoding="utf-8")
    assert main(["--port", "0", "--licences", str(bad)]) == 2
    assert "--licences: licence file" in capsys.readouterr().err


# -- the plugin: the embedded emulator's licence file ----------------------------------------------------

GATED_FEATURE = """
Feature: Gated by licence
  @op:sessions.session.get @licence:ROXE_API_PHONESETPROG
  Scenario: Needs phone set programming
    Given nothing

  @op:sessions.session.get @licence:ROXE_API_TEL_ADVANCED
  Scenario: Needs advanced telephony
    Given nothing
"""

GATED_BINDER = """
from o2g_conformance.steplib import given
from o2g_conformance.featurefiles import bind

@given("nothing")
def nothing(o2g):
    pass

bind(globals(), "gated.feature")
"""


def test_the_embedded_emulators_licence_file_gates_licensed_scenarios(pytester: pytest.Pytester) -> None:
    pytester.makefile(".feature", gated=GATED_FEATURE)
    pytester.makepyfile(test_gated=GATED_BINDER)
    # A path inside the test directory: a path argument elsewhere would move pytest's rootdir.
    (pytester.path / "basic.yaml").write_text((FIXTURES / "basic.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    # The step sends nothing: the check of tags against traffic is not what this test is about.
    result = pytester.runpytest_subprocess(
        "-rs", "-p", "no:cacheprovider", "-o", "o2g_check_tags=false", "--o2g-emulator-licences", "basic.yaml"
    )
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(["*not licensed on target: ROXE_API_PHONESETPROG*"])


def test_a_bad_emulator_licence_file_stops_the_run(pytester: pytest.Pytester) -> None:
    (pytester.path / "bad.yaml").write_text("mode: CAPEX\nlicences: [{total: 3}]\n", encoding="utf-8")
    pytester.makefile(".feature", gated=GATED_FEATURE)
    pytester.makepyfile(test_gated=GATED_BINDER)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--o2g-emulator-licences", "bad.yaml")
    assert result.ret != 0
    result.stderr.fnmatch_lines(["*--o2g-emulator-licences: licence file*licences.0.name*"])


# -- expiry dates relative to the clock's start ----------------------------------------------------------


def test_an_expiry_relative_to_the_clock_start_is_resolved_from_its_day(api: Api) -> None:
    """`+15d` counts from the day the virtual clock started (2026-01-05 for the test suite)."""
    view = install(api, {"name": "ROXE_HA", "total": 1, "expiration": "-1d"}, expiration="+15d")
    assert view["expiration"] == "2026-01-20"
    assert next(lic for lic in view["licences"] if lic["name"] == "ROXE_HA")["expiration"] == "2026-01-04"
    assert api.client().get("/api/rest/1.0/system/licenses", params={"lic": "ROXE_HA"}).status_code == 403


def test_the_bundled_expiring_file_expires_15_days_after_a_running_clock_started(api_factory: Any) -> None:
    """An emulator started today (the default clock) sees expiring.yaml expire in 15 days, not on a past date."""
    import datetime as dt

    with EmulatorServer(port=0, licences=FIXTURES / "expiring.yaml") as server:
        other: Api = api_factory(server)
        start = dt.datetime.fromtimestamp(other.now(), tz=dt.UTC).date()
        assert other.control.get(f"{CONTROL}/licences").json()["expiration"] == str(start + dt.timedelta(days=15))
        alice = other.session(ALICE)
        assert alice.get(CALLS).status_code == 200  # not expired


@pytest.mark.parametrize("value", ["+15", "15d", "+d", "tomorrow"])
def test_a_bad_relative_expiry_is_refused(api: Api, value: str) -> None:
    r = api.control.post(f"{CONTROL}/licences", json={"mode": "CAPEX", "licences": [], "expiration": value})
    assert "expiration" in Api.check_error(r, 400, "BAD_PARAMETER")["innerMessage"]
