"""Exit status CI acts on: compliant 0, not compliant 3, usage error 4, could not run 5 (and 1 for a failed
test of the framework itself); a harness problem is never a non-conformance.

Child pytest runs of small features against the embedded emulator; each outcome comes from a step that
passes, breaks a documented behaviour, errs in the suite, or meets a precondition the target lacks.
"""

from __future__ import annotations

import json
import pathlib
import subprocess

import pytest

from o2g_conformance.plugin import exitcodes
from o2g_conformance.reporting import RecordSet, RunInfo, ScenarioRecord, build_matrix

pytest_plugins = ["pytester"]

FEATURE = """
Feature: Exit status
  @op:root.descriptor.get
  Scenario: The root descriptor answers
    Given the target answers its root descriptor

  @op:sessions.session.get
  Scenario: A documented behaviour is broken
    Given the target breaks a documented behaviour

  @op:sessions.session.open
  Scenario: The suite itself errs
    Given the suite misuses a step

  @op:telephony.calls.make
  Scenario: The target cannot meet a precondition
    Given user A has a second device
"""

BINDER = """
from o2g_conformance.steplib import given
from o2g_conformance.featurefiles import bind

from o2g_conformance.checks import NonConformance
from o2g_conformance.plugin.world import unmet

@given("the target answers its root descriptor")
def answers(o2g):
    assert o2g.client("client").discover() is not None

@given("the target breaks a documented behaviour")
def breaks(o2g):
    raise NonConformance("sessions.session.get: the session information", documented="200", received="500")

@given("the suite misuses a step")
def misuse(o2g):
    raise KeyError("a step looked up a value no earlier step kept")

@given("user A has a second device")
def second_device(o2g):
    unmet("user A has no second device in the topology or target profile")

bind(globals(), "exit.feature")
"""


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makefile(".feature", exit=FEATURE)
    pytester.makepyfile(test_exit=BINDER)
    return pytester


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    compliance = pytester.path / "compliance"
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", "--o2g-compliance-dir", str(compliance), *args)


def records(pytester: pytest.Pytester) -> dict[str, str]:
    matrix = json.loads((pytester.path / "compliance" / "compliance-matrix.json").read_text(encoding="utf-8"))
    return {s["name"]: s["category"] for s in matrix["scenarios"]}


def test_every_scenario_passing_is_compliant(suite: pytest.Pytester) -> None:
    result = run(suite, "-k", "root_descriptor")
    assert result.ret == exitcodes.COMPLIANT, result.stdout.str()[-2000:]


def test_a_broken_documented_behaviour_is_not_compliant(suite: pytest.Pytester) -> None:
    result = run(suite, "-k", "root_descriptor or documented_behaviour")
    assert result.ret == exitcodes.NOT_COMPLIANT, result.stdout.str()[-2000:]
    assert records(suite)["A documented behaviour is broken"] == "non-conformance"


def test_an_error_of_the_suite_is_a_harness_error_and_could_not_run(suite: pytest.Pytester) -> None:
    result = run(suite, "-k", "root_descriptor or suite_itself")
    assert result.ret == exitcodes.COULD_NOT_RUN, result.stdout.str()[-2000:]
    assert records(suite)["The suite itself errs"] == "harness-error"


def test_a_precondition_the_target_cannot_meet_skips_as_not_applicable(suite: pytest.Pytester) -> None:
    result = run(suite, "-k", "root_descriptor or precondition", "-rs")
    assert result.ret == exitcodes.COMPLIANT, result.stdout.str()[-2000:]
    result.stdout.fnmatch_lines(["*not applicable: precondition not met on this target: user A has no second device*"])
    assert records(suite)["The target cannot meet a precondition"] == "not-applicable"


def test_non_conformance_outranks_harness_errors(suite: pytest.Pytester) -> None:
    assert run(suite).ret == exitcodes.NOT_COMPLIANT


def test_a_run_where_nothing_was_assessed_could_not_run(suite: pytest.Pytester) -> None:
    assert run(suite, "-k", "precondition").ret == exitcodes.COULD_NOT_RUN
    assert run(suite, "-k", "no_such_scenario").ret == exitcodes.COULD_NOT_RUN


def test_a_bad_option_is_a_usage_error_and_leaves_no_stale_report(suite: pytest.Pytester) -> None:
    old = suite.path / "compliance" / "compliance-matrix.json"
    old.parent.mkdir()
    old.write_text("{}", encoding="utf-8")
    result = run(suite, "--o2g-timeout", "soon")
    assert result.ret == exitcodes.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--o2g-timeout*'soon' is not valid*"])
    assert not old.exists() and "--o2g-timeout" in (old.parent / "could-not-run.txt").read_text(encoding="utf-8")


def test_a_failed_test_of_the_framework_is_1_even_when_the_scenarios_pass(suite: pytest.Pytester) -> None:
    suite.makepyfile(test_unit="def test_fails():\n    assert 1 == 2\n")
    result = run(suite, "-k", "root_descriptor or test_fails")
    assert result.ret == exitcodes.FRAMEWORK_TEST_FAILED


def test_a_failed_test_of_the_framework_is_1_under_xdist_too(suite: pytest.Pytester) -> None:
    """With -n the workers run the tests and the controller decides the status: a failure is never 0."""
    suite.makepyfile(test_unit="def test_fails():\n    assert 1 == 2\n")
    result = run(suite, "-n", "2", "-k", "root_descriptor or test_fails")
    assert result.ret == exitcodes.FRAMEWORK_TEST_FAILED


class _Matrix:
    """A compliant matrix: one mandatory scenario passed, no version verdict against it."""

    api_version_unknown = False
    verdicts: tuple[object, ...] = ()
    scenarios = (type("Row", (), {"category": "passed", "mandatory": True})(),)


def test_run_status_is_never_0_when_pytest_saw_a_failure() -> None:
    compliant = exitcodes.run_status(0, _Matrix(), framework_failed=False, preflight_failed=False)
    failed = exitcodes.run_status(1, _Matrix(), framework_failed=False, preflight_failed=False)
    assert (compliant, failed) == (exitcodes.COMPLIANT, exitcodes.FRAMEWORK_TEST_FAILED)


def test_a_run_without_scenarios_keeps_pytests_status(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_unit="def test_passes():\n    pass\n\ndef test_fails():\n    assert 0\n")
    assert run(pytester).ret == pytest.ExitCode.TESTS_FAILED
    assert run(pytester, "-k", "passes").ret == pytest.ExitCode.OK


def _record(name: str, category: str) -> ScenarioRecord:
    status = {"passed": "passed", "non-conformance": "failed"}.get(category, "broken")
    return ScenarioRecord(
        nodeid=f"f.py::{name}",
        name=name,
        feature="f.feature",
        section="Session management",
        ops=("sessions.session.get",),
        events=(),
        since="2.7",
        mandatory=True,
        status=status,
        category=category,
        message="",
        duration=0.0,
    )


def test_an_unknown_api_version_gives_no_version_claim() -> None:
    run_info = RunInfo(target="https://pbx.example", kind="real", api_version=None, started="t")
    matrix = build_matrix(RecordSet((run_info,), (_record("a", "passed"),)))
    assert matrix.headline.startswith("API version unknown: no compliance claim")
    assert "compliant with" not in matrix.headline
    assert all(v.text == "not assessed: API version unknown" for v in matrix.verdicts)
    assert exitcodes.from_matrix(matrix) == exitcodes.COULD_NOT_RUN
    broken = build_matrix(RecordSet((run_info,), (_record("a", "passed"), _record("b", "non-conformance"))))
    assert exitcodes.from_matrix(broken) == exitcodes.NOT_COMPLIANT
    known = RunInfo(target="https://pbx.example", kind="real", api_version="2.7.4", started="t")
    assert build_matrix(RecordSet((known,), (_record("a", "passed"),))).headline.startswith("compliant with 2.7.4")


def test_the_make_run_recipe_passes_the_status_through(tmp_path: pathlib.Path) -> None:
    root = pathlib.Path(__file__).resolve().parents[2]
    makefile = (root / "Makefile").read_text(encoding="utf-8")
    assert "tools/run-status.sh" in makefile  # make run and this test share the same logic
    script = root / "tools" / "run-status.sh"
    cases = [(0, 0, 0), (3, 0, 3), (0, 3, 3), (0, 1, 5), (1, 0, 1), (5, 9, 5), (4, 9, 4)]
    for run_status, report_status, expected in cases:
        html, status_file = tmp_path / "allure-report", tmp_path / "exit-status"
        html.mkdir(exist_ok=True)
        (html / "index.html").write_text("previous run", encoding="utf-8")
        built = tmp_path / "built"
        built.unlink(missing_ok=True)
        proc = subprocess.run(
            [
                "sh",
                str(script),
                str(run_status),
                f"touch {built}; exit {report_status}",
                str(html),
                str(status_file),
            ],
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path,
        )
        assert proc.returncode == expected, (run_status, report_status, proc.stdout, proc.stderr)
        assert status_file.read_text(encoding="utf-8").strip() == str(expected)
        could_not_start = run_status in (exitcodes.USAGE_ERROR, exitcodes.COULD_NOT_RUN)
        assert built.exists() is not could_not_start  # no report of a run that did not happen
        assert (html / "index.html").exists() is not could_not_start  # the previous one is removed
