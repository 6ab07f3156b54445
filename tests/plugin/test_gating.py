"""Tags drive skips with reasons (not applicable, not licensed, needs emulator power) and Allure labels."""

from __future__ import annotations

import json
import pathlib

import httpx
import pytest

#: Synthetic scenarios whose tags are labels under test: their steps send nothing.
NO_TAG_CHECK = ("-o", "o2g_check_tags=false")

pytest_plugins = ["pytester"]

FEATURE = """
Feature: Gating
  @op:sessions.session.get @since:2.7.3
  Scenario: Newer than the target
    Given nothing

  @op:usermanagement.users.list
  Scenario: An operation newer than the target
    Given nothing

  @op:sessions.session.get
  Scenario: Applicable
    Given nothing
"""

BINDER = """
from o2g_conformance.steplib import given
from o2g_conformance.featurefiles import bind

@given("nothing")
def nothing(o2g):
    pass

bind(globals(), "gating.feature")
"""


def test_version_tags_skip_as_not_applicable(pytester: pytest.Pytester, tmp_path: pathlib.Path) -> None:
    topology = pathlib.Path(__file__).resolve().parents[2] / "fixtures" / "topology.yaml"
    old = tmp_path / "topology-272.yaml"
    old.write_text(topology.read_text().replace('minor: "004.000"', 'minor: "002.000"'))
    pytester.makefile(".feature", gating=FEATURE)
    pytester.makepyfile(test_gating=BINDER)
    result = pytester.runpytest_subprocess(
        "-rs", "-p", "no:cacheprovider", *NO_TAG_CHECK, "--o2g-emulator-topology", str(old)
    )
    result.assert_outcomes(passed=1, skipped=2)
    result.stdout.fnmatch_lines(
        [
            "*not applicable: needs API 2.7.3, target is 2.7.2*",
            "*not applicable: usermanagement.users.list exists since API 2.7.3, target is 2.7.2*",
        ]
    )


def test_unknown_tag_is_refused_by_strict_markers(pytester: pytest.Pytester) -> None:
    pytester.makefile(".feature", gating="Feature: F\n  @no-such-tag\n  Scenario: S\n    Given nothing\n")
    pytester.makepyfile(test_gating=BINDER)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", *NO_TAG_CHECK, "--strict-markers")
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*no-such-tag*not found in `markers` configuration option*"])


def test_allure_labels_come_from_the_catalog(pytester: pytest.Pytester) -> None:
    pytester.makefile(".feature", gating=FEATURE)
    pytester.makepyfile(test_gating=BINDER)
    results = pytester.path / "allure"
    pytester.runpytest_subprocess("-p", "no:cacheprovider", *NO_TAG_CHECK, "--alluredir", str(results))
    labels = []
    for f in results.glob("*-result.json"):
        data = json.loads(f.read_text())
        if data["name"] == "Applicable":
            labels = [(x["name"], x["value"]) for x in data["labels"]]
    assert ("epic", "Session management") in labels
    assert ("feature", "sessions.session") in labels
    assert ("story", "sessions.session.get") in labels
    assert ("severity", "critical") in labels
    assert ("tag", "op:sessions.session.get") in labels


# -- licences: the catalog's wording, the target's answer ------------------------------------------------------


class _Mark:
    def __init__(self, value: str) -> None:
        self.args = (value,)


class _Item:
    """What gating reads of a pytest item: its markers."""

    def __init__(self, **marks: list[str]) -> None:
        self.marks = marks

    def iter_markers(self, name: str) -> list[_Mark]:
        return [_Mark(v) for v in self.marks.get(name, [])]


def _missing(installed: set[str], **marks: list[str]) -> str | None:
    from o2g_conformance.plugin.gating import missing_licence

    return missing_licence(_Item(**marks), frozenset(installed))  # type: ignore[arg-type]


CAPEX_ALL = {
    "ROXE_API_TEL_BASIC",
    "ROXE_API_TEL_ADVANCED",
    "ROXE_API_MESSAGING",
    "ROXE_API_CONTACTCENTER_AGENT",
    "ROXE_API_CONTACTCENTER_SVCS",
    "ROXE_API_MANAGEMENT",
}


def test_a_scenario_needs_the_licence_of_every_operation_it_tags() -> None:
    assert _missing(CAPEX_ALL, op=["telephony.calls.make"]) is None
    assert _missing(CAPEX_ALL, op=["telephony.calls.make", "analytics.charging.get"]) == "ROXE_API_ANALYTICS"
    assert _missing(CAPEX_ALL - {"ROXE_API_TEL_ADVANCED"}, op=["telephony.calls.make"]) == "ROXE_API_TEL_ADVANCED"
    assert _missing(set(), op=["sessions.session.get"]) is None  # free
    assert _missing(CAPEX_ALL, op=["sessions.session.get"], licence=["ROXE_HA"]) == "ROXE_HA"  # explicit tag


def test_alternative_licences_need_one_of_them() -> None:
    """`ROXE_API_TEL_ADVANCED or/and ROXE_API_CONTACTCENTER_AGENT` (L2160)."""
    op = ["subscriptions.subscription.create"]
    assert _missing({"ROXE_API_CONTACTCENTER_AGENT"}, op=op) is None
    assert _missing({"ROXE_API_TEL_BASIC"}, op=op) == "ROXE_API_TEL_ADVANCED or ROXE_API_CONTACTCENTER_AGENT"


def test_an_opex_target_is_judged_by_the_opex_wording() -> None:
    assert _missing({"api-tel-f"}, op=["telephony.calls.make"]) is None
    assert _missing({"api-tel-f"}, op=["pbx.pbxs.get"]) == "api-management-f"


def _target(url: str, password: str = "Adm1n-Pass") -> object:
    from o2g_conformance.plugin.target import Account, Target

    return Target(url, "real", Account("admin", "admin", password, admin=True), [], verify=True, timeout=5)


def test_the_target_tells_its_licences(tmp_path: pathlib.Path) -> None:
    """GET /system/licenses?lic=NAME for every licence of the catalog: 204 installed, 403 absent."""
    from o2g_conformance.emulator.server import EmulatorServer
    from o2g_conformance.plugin.gating import target_licences

    basic = pathlib.Path(__file__).resolve().parents[2] / "fixtures" / "licences" / "basic.yaml"
    server = EmulatorServer(port=0, licences=basic).start()
    try:
        found = target_licences(_target(server.url))  # type: ignore[arg-type]
        assert found == {"ROXE_API_TEL_ADVANCED", "ROXE_API_MANAGEMENT"}  # the licences operations name
        assert target_licences(_target(server.url, password="wrong")) is None  # type: ignore[arg-type]
        fault = {"kind": "error", "op": "system.licenses.check", "type": "SERVER_PROBLEM"}
        httpx.post(server.url + "/__emulator__/faults", json=fault).raise_for_status()
        assert target_licences(_target(server.url)) is None  # type: ignore[arg-type]
    finally:
        server.stop()


LICENSED = """
Feature: Licences
  @op:analytics.charging.get
  Scenario: Needs analytics
    Given nothing

  @op:telephony.calls.make
  Scenario: Needs advanced telephony
    Given nothing
"""


def test_an_unlicensed_operation_skips_as_not_licensed(pytester: pytest.Pytester) -> None:
    basic = pathlib.Path(__file__).resolve().parents[2] / "fixtures" / "licences" / "basic.yaml"
    pytester.makefile(".feature", gating=LICENSED)
    pytester.makepyfile(test_gating=BINDER)
    (pytester.path / "basic.yaml").write_text(basic.read_text())  # a path outside would move the rootdir
    result = pytester.runpytest_subprocess(
        "-rs", "-p", "no:cacheprovider", *NO_TAG_CHECK, "--o2g-emulator-licences", "basic.yaml"
    )
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(["*not licensed on target: ROXE_API_ANALYTICS*"])
