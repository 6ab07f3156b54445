"""The public `undo` fixture: restorations run in reverse at teardown, each attempted, failures reported."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

CONFTEST = """
import pathlib
from types import SimpleNamespace

import pytest

LOG = pathlib.Path(__file__).parent / "log.txt"


def note(line):
    with LOG.open("a") as log:
        log.write(line + "\\n")


class Consumer:
    def stop(self):
        note("event channel stopped")


@pytest.fixture
def o2g():
    yield SimpleNamespace(collectors={"A": SimpleNamespace(consumer=Consumer())})
"""

TESTS = """
from conftest import note


def boom():
    raise RuntimeError("the target refused")


def test_changes_two_things(undo):
    undo.append(("the forward of user A", lambda: note("forward restored")))
    undo.append(("the password of user A", lambda: note("password restored")))
    note("scenario ran")


def test_a_restoration_fails(undo):
    undo.append(("the pilot's opening", lambda: note("pilot restored")))
    undo.append(("the calendar of the first pilot", boom))


def test_changes_nothing(undo):
    note("nothing to restore")
"""


def run(pytester: pytest.Pytester, test: str) -> tuple[pytest.RunResult, list[str]]:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_undo_use=TESTS)
    result = pytester.runpytest_subprocess("-p", "no:randomly", "-k", test, "--o2g-compliance-dir", "c")
    log = pytester.path / "log.txt"
    return result, log.read_text().splitlines() if log.exists() else []


def test_restorations_run_in_reverse_after_the_event_channels_stop(pytester: pytest.Pytester) -> None:
    result, log = run(pytester, "test_changes_two_things")
    assert log == ["scenario ran", "event channel stopped", "password restored", "forward restored"]
    result.assert_outcomes(passed=1)


def test_a_failed_restoration_fails_the_scenario_and_the_others_still_run(pytester: pytest.Pytester) -> None:
    result, log = run(pytester, "test_a_restoration_fails")
    assert log == ["event channel stopped", "pilot restored"]
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        ["*the target could not be restored: the calendar of the first pilot: RuntimeError: the target refused*"]
    )


def test_nothing_registered_touches_nothing(pytester: pytest.Pytester) -> None:
    result, log = run(pytester, "test_changes_nothing")
    assert log == ["nothing to restore"]
    result.assert_outcomes(passed=1)
