"""The plugin's reporting hooks in small runs: labels, tags, links, the attachment hook, unstarted results."""

from __future__ import annotations

import json
import pathlib
import socket

import pytest

from .support import REPO

pytest_plugins = ["pytester"]

FEATURE = """
Feature: Reporting
  @op:sessions.session.get @user
  Scenario: Passes
    Given nothing

  @op:telephony.basiccall.make @optional
  Scenario: Basic call
    Given nothing

  @op:usermanagement.users.list @admin
  Scenario: Newer than the target
    Given nothing

  @op:sessions.session.get @event:OnAgentRtiChanged
  Scenario: Asserts a 2.7.4 event
    Given nothing

  @op:sessions.session.get
  Scenario: Fails with evidence
    Given evidence is kept
    Then it fails

  @op:sessions.session.get
  Scenario: Passes with evidence
    Given evidence is kept

  @op:sessions.session.get
  Scenario: Breaks
    Given the step breaks
"""

BINDER = """
from pytest_bdd import given, then, scenarios
from o2g_conformance.reporting import attach_text

@given("nothing")
def nothing(o2g):
    pass

@given("evidence is kept")
def evidence(o2g, request):
    o2g.client("client").discover()
    verdict = "illegal transition RINGING -> IDLE; AlcUserId=eyJabcdefgh.eyJabcdefgh.sig"
    attach_text(request.node, "oracle verdict", verdict)
    attach_text(request.node, "always there", "kept in every case", always=True)

@then("it fails")
def fails():
    raise AssertionError("documented X, received Y")

@given("the step breaks")
def breaks():
    raise KeyError("callRef")

scenarios("reporting.feature")
"""


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makefile(".feature", reporting=FEATURE)
    pytester.makepyfile(test_reporting=BINDER)
    return pytester


def _topology(tmp: pathlib.Path, minor: str) -> str:
    # Inside the project folder: a path argument elsewhere would move pytest's rootdir (and Allure's titlePath).
    text = (REPO / "fixtures" / "topology.yaml").read_text().replace('minor: "004.000"', f'minor: "{minor}"')
    path = tmp / f"topology-{minor}.yaml"
    path.write_text(text)
    return str(path)


def _run(project: pytest.Pytester, *args: str) -> tuple[pytest.RunResult, dict[str, dict], dict]:  # type: ignore[type-arg]
    results = project.path / "allure"
    compliance = project.path / "compliance"
    run = project.runpytest_subprocess(
        "-p", "no:cacheprovider", "--alluredir", str(results), "--o2g-compliance-dir", str(compliance), *args
    )
    by_name = {}
    for path in results.glob("*-result.json"):
        data = json.loads(path.read_text())
        by_name[data["name"]] = data
    matrix = json.loads((compliance / "compliance-matrix.json").read_text())
    return run, by_name, matrix


def _labels(result: dict) -> set[tuple[str, str]]:  # type: ignore[type-arg]
    return {(x["name"], x["value"]) for x in result["labels"]}


def test_labels_tags_and_links_come_from_the_catalog(project: pytest.Pytester) -> None:
    _, results, _ = _run(project, "--o2g-reference-url", "https://docs.example/o2g.txt")
    passes = _labels(results["Passes"])
    assert {
        ("epic", "Session management"),
        ("feature", "sessions.session"),
        ("story", "sessions.session.get"),
    } <= passes
    assert {("severity", "critical"), ("tag", "API 2.7+"), ("tag", "licence free"), ("tag", "role user")} <= passes
    assert ("tag", "mandatory") in passes and ("tag", "op:sessions.session.get") in passes
    call = _labels(results["Basic call"])
    assert {("severity", "critical"), ("tag", "optional"), ("tag", "licence free")} <= call
    assert ("tag", "mandatory") not in call
    newer = _labels(results["Newer than the target"])
    assert {("tag", "API 2.7.3+"), ("tag", "role admin"), ("severity", "normal")} <= newer
    (link,) = results["Passes"]["links"]
    assert link["url"].startswith("https://docs.example/o2g.txt#L") and "-L" in link["url"]
    assert link["name"].startswith("sessions.session.get: reference L")


def test_the_attachment_hook_attaches_on_failure_only_unless_always(project: pytest.Pytester) -> None:
    _, results, _ = _run(project)
    failed = [a["name"] for a in results["Fails with evidence"]["attachments"]]
    assert "oracle verdict" in failed and "always there" in failed
    assert any(n.startswith("HTTP 1/1: GET /api/rest -> 200 [root.descriptor.get]") for n in failed), failed
    verdict = next(a for a in results["Fails with evidence"]["attachments"] if a["name"] == "oracle verdict")
    text = (project.path / "allure" / verdict["source"]).read_text()
    assert "illegal transition RINGING -> IDLE" in text and "eyJabcdefgh" not in text
    passed = [a["name"] for a in results["Passes with evidence"].get("attachments", [])]
    assert passed == ["always there"]


def test_categories_versions_and_unstarted_results(project: pytest.Pytester) -> None:
    run, results, matrix = _run(project, "--o2g-emulator-topology", _topology(project.path, "002.000"))
    run.assert_outcomes(passed=3, failed=2, skipped=2, errors=0)
    categories = {s["name"]: s["category"] for s in matrix["scenarios"]}
    assert categories == {
        "Passes": "passed",
        "Basic call": "passed",
        "Newer than the target": "not-applicable",
        "Asserts a 2.7.4 event": "not-applicable",
        "Fails with evidence": "non-conformance",
        "Passes with evidence": "passed",
        "Breaks": "harness-error",
    }
    reasons = {s["name"]: s["message"] for s in matrix["scenarios"]}
    assert (
        reasons["Asserts a 2.7.4 event"]
        == "not applicable: event OnAgentRtiChanged exists since API 2.7.4, target is 2.7.2"
    )
    assert results["Breaks"]["status"] == "broken"
    assert matrix["headline"] == "not compliant with any API version (API 2.7: 1 mandatory scenario(s) failed)"
    skipped = results["Newer than the target"]
    assert skipped["status"] == "skipped" and skipped["statusDetails"]["message"].startswith("not applicable: ")


def test_an_unstarted_result_keeps_the_history_of_the_scenario(project: pytest.Pytester) -> None:
    _, ran, _ = _run(project)
    for path in (project.path / "allure").iterdir():
        path.unlink()
    _, skipped, _ = _run(project, "--o2g-emulator-topology", _topology(project.path, "002.000"))
    name = "Newer than the target"
    assert ran[name]["status"] == "passed", ran[name]
    assert skipped[name]["status"] == "skipped", skipped[name]
    for key in ("historyId", "testCaseId", "fullName", "titlePath"):
        assert skipped[name][key] == ran[name][key], key


def test_an_unreachable_target_is_its_own_category(project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed once the block ends: nothing listens there
    monkeypatch.setenv("O2G_ADMIN_PASSWORD", "not-used-S3cret")
    run, results, matrix = _run(project, "--o2g-target", f"http://127.0.0.1:{port}", "--o2g-admin-login", "admin")
    assert {s["category"] for s in matrix["scenarios"]} == {"target-unreachable"}
    assert matrix["target"]["kind"] == "unknown"
    assert {v["status"] for v in matrix["versions"]} == {"inconclusive"}
    assert all(r["status"] == "failed" for r in results.values()) and len(results) == len(matrix["scenarios"])
    env = (project.path / "allure" / "environment.properties").read_text()
    assert "not-used-S3cret" not in env and "not-used-S3cret" not in run.stdout.str()
