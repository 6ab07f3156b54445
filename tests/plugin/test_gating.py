"""Tags drive skips with reasons (not applicable, not licensed, needs emulator power) and Allure labels."""

from __future__ import annotations

import json
import pathlib

import pytest

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
from pytest_bdd import given, scenarios

@given("nothing")
def nothing(o2g):
    pass

scenarios("gating.feature")
"""


def test_version_tags_skip_as_not_applicable(pytester: pytest.Pytester, tmp_path: pathlib.Path) -> None:
    topology = pathlib.Path(__file__).resolve().parents[2] / "fixtures" / "topology.yaml"
    old = tmp_path / "topology-272.yaml"
    old.write_text(topology.read_text().replace('minor: "004.000"', 'minor: "002.000"'))
    pytester.makefile(".feature", gating=FEATURE)
    pytester.makepyfile(test_gating=BINDER)
    result = pytester.runpytest_subprocess("-rs", "-p", "no:cacheprovider", "--o2g-emulator-topology", str(old))
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
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--strict-markers")
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*no-such-tag*not found in `markers` configuration option*"])


def test_allure_labels_come_from_the_catalog(pytester: pytest.Pytester) -> None:
    pytester.makefile(".feature", gating=FEATURE)
    pytester.makepyfile(test_gating=BINDER)
    results = pytester.path / "allure"
    pytester.runpytest_subprocess("-p", "no:cacheprovider", "--alluredir", str(results))
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
