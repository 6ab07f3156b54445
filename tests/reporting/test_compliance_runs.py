"""Whole runs of the real features: an older target, an injected defect, merged shards, no leaked credential."""

from __future__ import annotations

import base64
import json
import pathlib
import re

import pytest

from o2g_conformance.catalog import ApiVersion, load_catalog
from o2g_conformance.emulator.core.topology import default_topology_path, load_topology

from .conftest import Report, Run
from .support import FEATURES, allure_missing, embedded, matrix_of, report, results_of, run_suite


def test_an_older_target_makes_newer_scenarios_not_applicable(run_272: Run) -> None:
    matrix = matrix_of(run_272.compliance)
    assert matrix["target"]["api_version"] == "2.7.2"
    newer = [s for s in matrix["scenarios"] if ApiVersion.parse(s["since"]) > ApiVersion("2.7.2")]
    assert newer, "the base features should hold scenarios of 2.7.3 or 2.7.4 (e.g. @since:2.7.4)"
    for scenario in newer:
        assert scenario["status"] == "skipped", scenario
        assert scenario["category"] == "not-applicable", scenario
        assert scenario["message"].startswith("not applicable: "), scenario
    older = [s for s in matrix["scenarios"] if s not in newer]
    assert older and all(s["category"] == "passed" for s in older)


def test_an_older_target_is_compliant_with_its_own_version(run_272: Run) -> None:
    matrix = matrix_of(run_272.compliance)
    assert matrix["headline"] == "compliant with 2.7.2"
    verdicts = {v["version"]: v for v in matrix["versions"]}
    assert [verdicts[v]["status"] for v in ("2.7", "2.7.1", "2.7.2")] == ["compliant"] * 3
    for version in ("2.7.3", "2.7.4"):
        assert verdicts[version]["status"] == "not assessed"
        assert verdicts[version]["text"] == "not assessed: target is API 2.7.2"
    assert "verdict: compliant with 2.7.2" in run_272.output
    # Every section row of 2.7.4 counts the newer scenarios as skipped "not applicable".
    rows = [r for r in matrix["rows"] if r["version"] == "2.7.4"]
    assert sum(r["skipped"].get("not-applicable", 0) for r in rows) == sum(
        ApiVersion.parse(s["since"]) > ApiVersion("2.7.2") for s in matrix["scenarios"]
    )


def test_skipped_scenarios_have_allure_results_too(run_272: Run) -> None:
    """allure-pytest-bdd reports only scenarios whose steps began; the plugin writes the others."""
    matrix = matrix_of(run_272.compliance)
    results = results_of(run_272.results)
    assert len(results) == len(matrix["scenarios"])
    skipped = [r for r in results if r["status"] == "skipped"]
    assert skipped and all(r["statusDetails"]["message"].startswith("not applicable: ") for r in skipped)
    for result in skipped:
        labels = {(label["name"], label["value"]) for label in result["labels"]}
        assert any(name == "epic" for name, _ in labels) and any(name == "story" for name, _ in labels)
        assert ("tag", "mandatory") in labels


def test_each_scenario_is_counted_once_in_the_allure_tree(run_272: Run) -> None:
    """One result per scenario, placed by its first @op: one epic, feature and story; the others are labels.
    A scenario that sends no catalog operation (a 405 on the root) is placed by its @section tag: its epic."""
    matrix = matrix_of(run_272.compliance)
    results = results_of(run_272.results)
    assert len(results) == len(matrix["scenarios"])
    by_name = {s["name"]: s for s in matrix["scenarios"]}
    multi = 0
    untagged = 0
    for result in results:
        names = [label["name"] for label in result["labels"]]
        if by_name.get(result["name"], {}).get("ops") == []:  # sends no catalog operation (a 405 on the root)
            epics = [label["value"] for label in result["labels"] if label["name"] == "epic"]
            assert epics == [by_name[result["name"]]["section"]] == ["Introduction"], result["name"]
            assert "story" not in names, result["name"]
            untagged += 1
            continue
        assert names.count("epic") == names.count("feature") == names.count("story") == 1, result["name"]
        operations = [label["value"] for label in result["labels"] if label["name"] == "operation"]
        story = next(label["value"] for label in result["labels"] if label["name"] == "story")
        assert operations[0] == story
        record = by_name.get(result["name"])
        if record is not None:
            assert record["ops"][0] == story  # the matrix counts it in the same section
        multi += len(operations) > 1
    assert multi  # the base features do have scenarios that touch several operations
    assert untagged < len(results) // 10


def test_the_run_writes_the_allure_environment(run_272: Run) -> None:
    env = dict(
        line.split("=", 1) for line in (run_272.results / "environment.properties").read_text().splitlines() if line
    )
    assert env["O2G.target"].startswith("http://127.0.0.1:")
    assert env["O2G.target.kind"] == "bundled emulator"
    assert env["O2G.product.version"] == "2.7 002.000"
    assert env["O2G.api.version"] == "2.7.2"
    assert env["O2G.haMode"] == "false"
    assert env["O2G.licence.mode"] == "emulator: every licence installed"
    assert env["O2G.verdict"] == "compliant with 2.7.2"
    categories = json.loads((run_272.results / "categories.json").read_text())
    names = {c["name"] for c in categories}
    assert {
        "Non-conformance",
        "Not applicable",
        "Not licensed on target",
        "Harness error",
        "Target unreachable",
    } <= names
    executor = json.loads((run_272.results / "executor.json").read_text())
    assert executor["name"] and executor["type"]


def test_an_injected_defect_fails_that_operation(defect_run: Run) -> None:
    matrix = matrix_of(defect_run.compliance)
    failures = matrix["failures"]
    assert failures, defect_run.output[-3000:]
    assert {f["op"] for f in failures} == {"sessions.session.get"}
    assert {f["category"] for f in failures} == {"non-conformance"}
    assert all("privateBaseUrl" in f["message"] for f in failures)
    assert matrix["headline"].startswith("not compliant with any API version")
    row = next(r for r in matrix["rows"] if r["version"] == "2.7.4" and r["section"] == "Session management")
    assert row["ops_failed"] == 1 and row["failed"]["non-conformance"] == len(failures)
    assert "FAILED sessions.session.get" in defect_run.output


def test_an_injected_defect_attaches_the_exchanges(defect_run: Run) -> None:
    failed = [r for r in results_of(defect_run.results) if r["status"] == "failed"]
    assert failed
    for result in failed:
        names = [a["name"] for a in result.get("attachments", [])]
        exchanges = [n for n in names if n.startswith("HTTP ")]
        assert any("GET /api/rest/1.0/sessions -> 200 [sessions.session.get]" in n for n in exchanges), names
        text = (defect_run.results / result["attachments"][names.index(exchanges[-1])]["source"]).read_text()
        assert "-> 200 [sessions.session.get]" in text and '"publicBaseUrl"' in text


def test_an_injected_defect_is_categorised_and_fails_the_quality_gate(defect_report: Report) -> None:
    assert defect_report.status == 3, defect_report.output
    assert "quality gate failed" in defect_report.output
    tree = embedded(defect_report.html, "widgets/categories.json")
    categories = {n["name"]: n for n in tree["nodes"].values() if n["type"] == "category"}
    assert "Non-conformance" in categories, list(categories)
    assert categories["Non-conformance"]["statistic"].get("failed", 0) >= 1


def test_a_compliant_run_passes_the_quality_gate(report_272: Report) -> None:
    assert report_272.status == 0, report_272.output
    assert "quality gate: passed" in report_272.output
    page = (report_272.html / "index.html").read_text()
    assert "googletagmanager" not in page, "the report page must not call an analytics service"
    assert not re.search(r"""<script[^>]+src=["']https?:""", page), "the report page must not load remote scripts"
    assert (report_272.html / "compliance-matrix.html").is_file()


def _secrets() -> list[str]:
    topo = load_topology(default_topology_path())
    pairs = [(a.login, a.password) for a in topo.administrators] + [(u.login, u.secretCode) for u in topo.users()]
    out = [a.password for a in topo.administrators]
    out += [base64.b64encode(f"{login}:{password}".encode()).decode() for login, password in pairs]
    return out


def test_reports_carry_no_credential(defect_run: Run) -> None:
    texts = {
        p.name: p.read_text(encoding="utf-8", errors="replace")
        for p in defect_run.results.iterdir()
        if p.suffix in (".txt", ".json", ".properties")
    }
    texts |= {p.name: p.read_text() for p in defect_run.compliance.iterdir()}
    assert any("Authorization: Basic ***" in t for t in texts.values()), "expected a masked authenticate exchange"
    leaks = []
    for name, text in texts.items():
        leaks += [f"{name}: a password or Basic credential" for s in _secrets() if s in text]
        leaks += [f"{name}: a JWT {m[:12]}..." for m in re.findall(r"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+", text)]
        leaks += [f"{name}: cookie {m}" for m in re.findall(r"AlcUserId=(?!\*\*\*)[^;\s\"]+", text)]
        leaks += [f"{name}: credential {m}" for m in re.findall(r'"credential"\s*:\s*"(?!\*\*\*)[^"]+"', text)]
    assert not leaks, leaks


def test_shards_merge_into_one_matrix_and_one_report(tmp_path: pathlib.Path) -> None:
    shards = []
    for i, section in enumerate(("root", "authentication")):
        proc = run_suite([FEATURES / section], tmp_path / f"shard{i}", tmp_path / f"compliance{i}")
        assert proc.returncode == 0, proc.stdout[-3000:]
        shards.append(tmp_path / f"shard{i}")
    counts = [len(matrix_of(tmp_path / f"compliance{i}")["scenarios"]) for i in range(2)]
    reason = allure_missing()
    merged = tmp_path / "merged"
    if reason:
        from o2g_conformance.cli import main

        status = main(
            [
                "report",
                "--matrix-only",
                "--compliance-dir",
                str(merged),
                *(arg for s in shards for arg in ("--results", str(s))),
            ]
        )
        assert status == 0
    else:
        status, output = report(shards, tmp_path / "report", merged)
        assert status == 0, output
        summary = json.loads((tmp_path / "report" / "summary.json").read_text())
        assert summary["stats"]["total"] == sum(counts)
    matrix = matrix_of(merged)
    assert matrix["runs"] == 2
    assert len(matrix["scenarios"]) == sum(counts)
    # The 405 outline on the root URL sends no catalog operation: its @section tag places it (Introduction).
    assert {s["section"] for s in matrix["scenarios"]} == {"Introduction", "Authentication"}


def test_results_of_different_targets_do_not_merge(run_272: Run, tmp_path: pathlib.Path) -> None:
    proc = run_suite([FEATURES / "root"], tmp_path / "latest", tmp_path / "compliance")
    assert proc.returncode == 0
    from o2g_conformance.cli import main

    status = main(["report", "--matrix-only", "--results", str(run_272.results), "--results", str(tmp_path / "latest")])
    assert status == 2


def test_every_catalog_section_has_a_row_per_version(run_272: Run) -> None:
    matrix = matrix_of(run_272.compliance)
    catalog = load_catalog()
    for version in ("2.7", "2.7.4"):
        sections = {r["section"] for r in matrix["rows"] if r["version"] == version}
        expected = {
            s.name
            for s in catalog.sections
            if any(catalog.operation_since(o.id) <= ApiVersion(version) for o in s.operations)
        }
        assert expected <= sections


@pytest.mark.parametrize("section", ["sessions"])
def test_pytest_xdist_workers_merge_into_one_matrix(section: str, tmp_path: pathlib.Path) -> None:
    pytest.importorskip("xdist", reason="pytest-xdist is not installed: the worker merge cannot be exercised")
    serial = run_suite([FEATURES / section], tmp_path / "serial", tmp_path / "c-serial")
    parallel = run_suite([FEATURES / section], tmp_path / "parallel", tmp_path / "c-parallel", "-n", "2")
    assert serial.returncode == 0 and parallel.returncode == 0, parallel.stdout[-3000:]
    one, two = matrix_of(tmp_path / "c-serial"), matrix_of(tmp_path / "c-parallel")
    assert [s["nodeid"] for s in one["scenarios"]] == [s["nodeid"] for s in two["scenarios"]]
    assert two["headline"] == one["headline"] and two["target"]["api_version"] == "2.7.4"
    assert len(list((tmp_path / "parallel").glob("o2g-records-*.json"))) == 1


def test_the_history_is_kept_between_reports(run_272: Run, tmp_path: pathlib.Path) -> None:
    reason = allure_missing()
    if reason:
        pytest.skip(reason)
    for attempt in range(2):
        status, output = report([run_272.results], tmp_path / "allure-report", tmp_path / f"compliance{attempt}")
        assert status == 0, output
    history = (tmp_path / "history.jsonl").read_text().splitlines()
    assert len(history) == 2
    assert all(json.loads(line)["name"] == "O2G conformance: compliant with 2.7.2" for line in history)
