"""The plugin's reporting hooks in small runs: labels, tags, links, the attachment hook, unstarted results."""

from __future__ import annotations

import json
import pathlib
import shutil
import socket

import pytest

from .support import REPO

#: Synthetic scenarios whose tags are labels under test: their steps send nothing.
NO_TAG_CHECK = ("-o", "o2g_check_tags=false")

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
from o2g_conformance.steplib import given, then
from o2g_conformance.featurefiles import bind
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

bind(globals(), "reporting.feature")
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


def _launch(project: pytest.Pytester, *args: str) -> tuple[pytest.RunResult, pathlib.Path, pathlib.Path]:
    """Run the project with its Allure results and compliance matrix in folders of their own."""
    results, compliance = project.path / "allure", project.path / "compliance"
    run = project.runpytest_subprocess(
        "-p",
        "no:cacheprovider",
        *NO_TAG_CHECK,
        "--alluredir",
        str(results),
        "--o2g-compliance-dir",
        str(compliance),
        *args,
    )
    return run, results, compliance


def _run(project: pytest.Pytester, *args: str) -> tuple[pytest.RunResult, dict[str, dict], dict]:  # type: ignore[type-arg]
    run, results, compliance = _launch(project, *args)
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


def test_an_unreachable_target_stops_the_run_before_any_result(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preflight finds it: one line, the could-not-run status, no result filed (975 "unreachable" lines
    and a "not compliant" headline are what it prevents); a target lost mid-run keeps its own category."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed once the block ends: nothing listens there
    monkeypatch.setenv("O2G_ADMIN_PASSWORD", "not-used-S3cret")
    run, results, compliance = _launch(
        project, "--o2g-target", f"http://127.0.0.1:{port}", "--o2g-admin-login", "admin"
    )
    assert run.ret == 5
    lines = [line for line in run.stdout.lines if line.startswith("o2g preflight: ")]
    assert lines == [
        f"o2g preflight: --o2g-target http://127.0.0.1:{port}: connection refused on port {port}: "
        "is the O2G running, is the port right?"
    ]
    assert not list(results.glob("*-result.json")) and not (compliance / "compliance-matrix.json").exists()
    assert "not-used-S3cret" not in run.stdout.str() + (compliance / "could-not-run.txt").read_text()


SECTIONS_FEATURE = """
@op:root.descriptor.get
Feature: Several operations
  @negative @op:telephony.calls.list @op:sessions.session.get
  @op:users.user.get
  Scenario: Touches three sections
    Given nothing

  @op:users.user.get
  Scenario: Touches one
    Given nothing
"""

SECTIONS_BINDER = """
from o2g_conformance.steplib import given
from o2g_conformance.featurefiles import bind

@given("nothing")
def nothing(o2g):
    pass

bind(globals(), "sections.feature")
"""


@pytest.mark.parametrize("seed", ["0", "1", "2", "3"])
def test_a_scenario_belongs_to_its_first_written_operation_whatever_the_hash_seed(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, seed: str
) -> None:
    from o2g_conformance.catalog import load_catalog

    catalog = load_catalog()
    pytester.makefile(".feature", sections=SECTIONS_FEATURE)
    pytester.makepyfile(test_sections=SECTIONS_BINDER)
    monkeypatch.setenv("PYTHONHASHSEED", seed)
    run, results, matrix = _run(pytester)
    assert len(results) == 2 == len(matrix["scenarios"])  # one Allure result per scenario
    three = results["Touches three sections"]
    first = catalog.operation("telephony.calls.list")
    placed = [(x["name"], x["value"]) for x in three["labels"] if x["name"] in ("epic", "feature", "story")]
    assert placed == [("epic", first.section), ("feature", first.resource), ("story", first.id)]
    operations = [x["value"] for x in three["labels"] if x["name"] == "operation"]
    assert operations == ["telephony.calls.list", "sessions.session.get", "users.user.get", "root.descriptor.get"]
    record = next(r for r in matrix["scenarios"] if r["name"] == "Touches three sections")
    assert record["section"] == first.section and record["ops"][0] == first.id
    run.stdout.fnmatch_lines([f"{first.section}*1*0*0"])  # the section table counts it there, once


def test_without_a_reference_url_the_cited_lines_are_quoted(project: pytest.Pytester) -> None:
    _, results, _ = _run(project)
    passes = results["Passes"]
    assert not passes.get("links")
    description = passes["description"]
    start, end = load_catalog_block("sessions.session.get")
    assert f"**sessions.session.get**: O2G REST API reference L{start}-{end}" in description
    assert "Required in CAPEX mode" in description  # the reference's own text, packaged with the plugin
    shutil.rmtree(project.path / "allure")  # the second run's results only
    _, older, _ = _run(project, "--o2g-emulator-topology", _topology(project.path, "002.000"))
    unstarted = older["Newer than the target"]  # skipped before its first step: its result comes from the plugin
    assert unstarted["status"] == "skipped" and not unstarted.get("links")
    assert "**usermanagement.users.list**: O2G REST API reference L" in unstarted["description"]


def load_catalog_block(op_id: str) -> tuple[int, int]:
    from o2g_conformance.catalog import load_catalog

    op = load_catalog().operation(op_id)
    assert op.doc_block is not None
    return op.doc_block


def _section_table(run: pytest.RunResult) -> list[str]:
    """The lines of the per-section table the run printed ([] when there is none)."""
    lines = run.stdout.lines
    start = next((i for i, line in enumerate(lines) if "O2G conformance by section" in line), None)
    if start is None:
        return []
    table = []
    for line in lines[start + 1 :]:
        table.append(line)
        if line.startswith("total"):
            break
    return table


def test_the_section_table_is_printed_with_and_without_xdist(project: pytest.Pytester) -> None:
    """With pytest-xdist the workers run the scenarios; the controller prints the same table from their reports."""
    single, _, _ = _run(project, "-p", "no:randomly")
    table = _section_table(single)
    assert table[0].split() == ["section", "passed", "failed", "skipped"]
    assert table[-1].split() == ["total", "5", "2", "0"], table
    assert any(line.split()[:2] == ["Session", "management"] for line in table), table
    distributed, _, _ = _run(project, "-p", "no:randomly", "-n", "2")
    assert _section_table(distributed) == table


def test_the_section_table_can_be_registered_as_a_plugin() -> None:
    """pluggy keeps plugins in sets (conftest folders): the table must hash by identity."""
    from o2g_conformance.reporting import SectionSummary

    one, two = SectionSummary(), SectionSummary()
    assert len({one, two}) == 2
