"""Runs of the real features shared by the reporting tests (each run once per test session)."""

from __future__ import annotations

import pathlib
import subprocess
from dataclasses import dataclass

import pytest

from .support import BASE_FEATURES, FEATURES, allure_missing, modifier_route_missing, report, run_suite, topology


@dataclass(frozen=True)
class Run:
    """A finished run of the suite: its Allure results, its compliance matrix folder, its output."""

    results: pathlib.Path
    compliance: pathlib.Path
    proc: subprocess.CompletedProcess[str]

    @property
    def output(self) -> str:
        return self.proc.stdout + self.proc.stderr


@dataclass(frozen=True)
class Report:
    """An HTML report built by `o2g-conformance report`."""

    html: pathlib.Path
    compliance: pathlib.Path
    status: int
    output: str


#: The defect the injected-defect run installs: SessionInfo without its mandatory privateBaseUrl ([1], L1037).
DEFECT = "- {op: sessions.session.get, kind: drop_field, path: privateBaseUrl}\n"


@pytest.fixture(scope="session")
def run_272(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The base sections' features against an emulator that reports product version 2.7 002.000 (API 2.7.2)."""
    base = tmp_path_factory.mktemp("run-272")
    topo = topology(base, "002.000")
    proc = run_suite(
        [FEATURES / s for s in BASE_FEATURES],
        base / "results",
        base / "compliance",
        "--o2g-emulator-topology",
        str(topo),
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    return Run(base / "results", base / "compliance", proc)


@pytest.fixture(scope="session")
def report_272(run_272: Run, tmp_path_factory: pytest.TempPathFactory) -> Report:
    reason = allure_missing()
    if reason:
        pytest.skip(reason)
    base = tmp_path_factory.mktemp("report-272")
    status, output = report([run_272.results], base / "allure-report", base / "compliance")
    return Report(base / "allure-report", base / "compliance", status, output)


@pytest.fixture(scope="session")
def defect_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The sessions features against an emulator that drops SessionInfo.privateBaseUrl (a non-conformance)."""
    reason = modifier_route_missing()
    if reason:
        pytest.skip(reason)
    base = tmp_path_factory.mktemp("run-defect")
    modifiers = base / "modifiers.yaml"
    modifiers.write_text(DEFECT, encoding="utf-8")
    proc = run_suite(
        [FEATURES / "authentication", FEATURES / "sessions"],
        base / "results",
        base / "compliance",
        "--o2g-emulator-modifiers",
        str(modifiers),
    )
    assert proc.returncode == 3, proc.stdout[-4000:] + proc.stderr[-2000:]  # not compliant
    return Run(base / "results", base / "compliance", proc)


@pytest.fixture(scope="session")
def defect_report(defect_run: Run, tmp_path_factory: pytest.TempPathFactory) -> Report:
    reason = allure_missing()
    if reason:
        pytest.skip(reason)
    base = tmp_path_factory.mktemp("report-defect")
    status, output = report([defect_run.results], base / "allure-report", base / "compliance")
    return Report(base / "allure-report", base / "compliance", status, output)
