"""`o2g-conformance run`: the command a pipeline uses (options, JUnit XML, exit status, long waits)."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest

from o2g_conformance import cli
from o2g_conformance.emulator.server import EmulatorServer
from o2g_conformance.plugin import exitcodes
from o2g_conformance.plugin.options import OPTIONS
from o2g_conformance.reporting._session import REPORT_OPTIONS

#: Synthetic scenarios whose tags are labels under test: their steps send nothing.
NO_TAG_CHECK = ("-o", "o2g_check_tags=false")

pytest_plugins = ["pytester"]

ROOT = pathlib.Path(__file__).resolve().parents[2]
PROFILE = ROOT / "fixtures" / "profiles" / "emulator.yaml"
PASSWORDS = {
    "O2G_ADMIN_PASSWORD": "Adm1n-Pass",
    **{f"O2G_PASSWORD_{role}": f"12{i}1" for i, role in enumerate("ABCDEFGHIJ")},
}


def conformance(
    *args: str, cwd: pathlib.Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("O2G_")} | (env or {})
    return subprocess.run(
        [sys.executable, "-m", "o2g_conformance.cli", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_run_help_shows_every_plugin_option_in_both_spellings(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["run", "--help"])
    assert exited.value.code == 0
    text = capsys.readouterr().out
    for opt in (*OPTIONS, *REPORT_OPTIONS):
        assert opt.flag in text, opt.flag
        assert "--" + opt.flag.removeprefix("--o2g-") in text, opt.flag
        assert opt.env in text.replace("\n", " ").replace("  ", " "), opt.env
    assert "--junitxml" in text and "exit status" in text.lower().replace("\n", " ")


def test_a_command_line_the_cli_cannot_use_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["no-such-command"])
    assert exited.value.code == exitcodes.USAGE_ERROR
    with pytest.raises(SystemExit) as exited:
        cli.main(["report", "--no-such-option"])
    assert exited.value.code == exitcodes.USAGE_ERROR


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    emulator = EmulatorServer(tls=True).start()
    yield emulator
    emulator.stop()


def test_run_against_a_real_target_writes_junit_next_to_the_allure_results(
    server: EmulatorServer, tmp_path: pathlib.Path
) -> None:
    assert server.tls_files is not None and server.tls_files.ca is not None
    results = tmp_path / "reports" / "allure-results"
    proc = conformance(
        "run",
        "--features",
        str(ROOT / "features" / "root"),
        "--alluredir",
        str(results),
        "--compliance-dir",
        str(tmp_path / "compliance"),
        "--target",
        server.url,
        "--profile",
        str(PROFILE),
        "--ca-file",
        str(server.tls_files.ca),
        "-p",
        "no:randomly",
        env=PASSWORDS,
    )
    assert proc.returncode == exitcodes.COMPLIANT, proc.stdout[-3000:] + proc.stderr[-2000:]
    junit = tmp_path / "reports" / "junit.xml"
    cases = ET.parse(junit).getroot().findall(".//testcase")
    assert cases and all(c.find("failure") is None for c in cases)
    assert "exit status 0 (compliant)" in proc.stderr
    assert list(results.glob("*-result.json"))


def test_a_usage_error_of_run_removes_the_previous_reports(tmp_path: pathlib.Path) -> None:
    results, compliance = tmp_path / "reports" / "allure-results", tmp_path / "compliance"
    html = tmp_path / "reports" / "allure-report"
    for folder in (results, compliance, html):
        folder.mkdir(parents=True)
    stale = [results / "1-result.json", compliance / "compliance-matrix.html", html / "index.html"]
    for path in stale:
        path.write_text("previous run", encoding="utf-8")
    proc = conformance(
        "run",
        "--features",
        str(ROOT / "features" / "root"),
        "--alluredir",
        str(results),
        "--compliance-dir",
        str(compliance),
        "--timeout",
        "never",
    )
    assert proc.returncode == exitcodes.USAGE_ERROR, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "--o2g-timeout" in proc.stderr
    assert not any(path.exists() for path in stale)
    assert (compliance / "could-not-run.txt").is_file()


WAIT_FEATURE = """
Feature: Real time
  @op:sessions.session.get
  Scenario: A wait in real time
    Given the target's clock is waited for
"""

WAIT_BINDER = """
from o2g_conformance.steplib import given
from o2g_conformance.featurefiles import bind

@given("the target's clock is waited for")
def waits(o2g):
    o2g.wait_real_time(0.01, "a session to expire")

bind(globals(), "wait.feature")
"""


def test_a_real_time_wait_says_what_it_waits_for_and_how_long(pytester: pytest.Pytester) -> None:
    pytester.makefile(".feature", wait=WAIT_FEATURE)
    pytester.makepyfile(test_wait=WAIT_BINDER)
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", *NO_TAG_CHECK, "--o2g-compliance-dir", str(pytester.path / "c")
    )
    result.stdout.fnmatch_lines(["o2g: waiting 0.01 s of real time for a session to expire (until *)"])
    assert result.ret == exitcodes.COMPLIANT
