"""Answers move between steps through the `answer` fixture; a step that loses one, or a typo, is caught.

Child runs against the embedded emulator: a When step that sends with `o2g.send` must hand that answer on
(`target_fixture="answer"`), a Then step before any request is a suite defect, never a pass or a
non-conformance; and a step text that matches no definition, or whose word does not convert, stops the run
at collection (usage error) naming the file, the scenario and the step.
"""

from __future__ import annotations

import pytest

from o2g_conformance.plugin.exitcodes import COULD_NOT_RUN, USAGE_ERROR

pytest_plugins = ["pytester"]

STEPS = '''
"""Steps of the child project."""
from o2g_conformance.client import ApiResponse
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import Actor, OperationId, Status, then, when


@when("{actor} sends {op}", target_fixture="answer")
def sends(o2g: World, actor: Actor, op: OperationId) -> ApiResponse:
    """Sends the operation and hands its answer on."""
    return o2g.send(actor, op)


@when("{actor} sends {op} and keeps the answer")
def keeps(o2g: World, actor: Actor, op: OperationId) -> None:
    """Sends the operation and hands nothing on (a defect of the step)."""
    o2g.send(actor, op)


@when("{actor} looks {op} up aside")
def aside(o2g: World, actor: Actor, op: OperationId) -> None:
    """A request besides the answer: nothing to hand on."""
    o2g.aside(actor, op)


@then("the status is {status}")
def status_is(answer: ApiResponse, status: Status) -> None:
    """Checks the answer's status."""
    assert answer.status == status, answer.status
'''

FEATURE = """
Feature: hand-on
  Scenario: handed on
    When user A sends telephony.calls.list
    Then the status is 200

  Scenario: an aside request is not the answer
    When user A sends telephony.calls.list
    And user A looks users.logins.list up aside
    Then the status is 200

  Scenario: kept
    When user A sends telephony.calls.list and keeps the answer
    Then the status is 200

  Scenario: checked before any request
    Then the status is 200
"""

BIND = "from o2g_conformance.featurefiles import bind\n\nbind(globals())\n"


def _project(pytester: pytest.Pytester, feature: str) -> None:
    pytester.makeini("[pytest]\no2g_check_tags = false\n")
    pytester.makeconftest('pytest_plugins = ["childsteps"]\n')
    pytester.makepyfile(childsteps=STEPS)
    pytester.path.joinpath("features").mkdir()
    pytester.path.joinpath("features", "hand.feature").write_text(feature, encoding="utf-8")
    pytester.path.joinpath("features", "test_hand.py").write_text(BIND, encoding="utf-8")


def test_a_step_that_keeps_its_answer_and_a_check_without_one_are_suite_defects(pytester: pytest.Pytester) -> None:
    _project(pytester, FEATURE)
    result = pytester.runpytest_subprocess("features", "-p", "no:randomly", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=2)
    out = result.stdout.str()
    assert "harness error: the step When 'user A sends telephony.calls.list and keeps the answer'" in out
    assert "with o2g.send but did not hand that answer on" in out
    assert "harness error: no answer yet" in out
    assert "[Non-conformance]" not in out


@pytest.mark.parametrize(
    ("step", "problem"),
    [
        ("user A sends telephony.call.list", "'telephony.call.list' is no operation of the reference"),
        ("user A sendz telephony.calls.list", "no step definition matches when 'user A sendz telephony.calls.list'"),
        ("the status is 2000", "no step definition matches then 'the status is 2000'"),
    ],
)
def test_a_typo_in_a_step_is_a_usage_error_at_collection(pytester: pytest.Pytester, step: str, problem: str) -> None:
    broken = FEATURE.replace(
        "    When user A sends telephony.calls.list\n    Then the status is 200",
        f"    When {step}\n    Then the status is 200",
        1,
    )
    if step.startswith("the status"):
        broken = FEATURE.replace("    Then the status is 200", f"    Then {step}", 1)
    _project(pytester, broken)
    result = pytester.runpytest_subprocess("features", "--collect-only", "-p", "no:randomly", "-p", "no:cacheprovider")
    assert result.ret == USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*1 step(s) of the feature files cannot run as written:*", f"*hand.feature:3 (handed on): *{problem}*"]
    )


def test_a_section_tag_naming_no_section_is_a_usage_error(pytester: pytest.Pytester) -> None:
    _project(pytester, FEATURE.replace("  Scenario: handed on", "  @section:nowhere\n  Scenario: handed on", 1))
    result = pytester.runpytest_subprocess("features", "--collect-only", "-p", "no:randomly", "-p", "no:cacheprovider")
    assert result.ret == COULD_NOT_RUN  # a collection error: nothing assessed
    result.stdout.fnmatch_lines(
        ["*UsageError: @section:nowhere names no section of the reference: one of introduction*"]
    )
