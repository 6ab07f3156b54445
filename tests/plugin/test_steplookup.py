"""The faster step lookup finds exactly the definitions pytest-bdd finds: overrides and visibility hold."""

from __future__ import annotations

import importlib

import pytest

pytest_plugins = ["pytester"]

CONFTEST = """
from pytest_bdd import given, then, parsers

@given(parsers.parse("a value {n:d}"), target_fixture="value")
def conftest_value(n):
    return ("conftest", n)

@then(parsers.parse("the value came from {source} with {n:d}"))
def came_from(value, source, n):
    assert value == (source, n)
"""
OVERRIDING = """
from pytest_bdd import given, parsers, scenarios

@given(parsers.parse("a value {n:d}"), target_fixture="value")
def module_value(n):
    return ("module", n)

@given("a step only this module defines")
def private_step():
    pass

scenarios("a.feature")
"""
PLAIN = """
from pytest_bdd import scenarios

scenarios("b.feature")
"""
FEATURE_A = """
Feature: A
  Scenario: The module's definition wins
    Given a value 3
    Then the value came from module with 3

  Scenario: Its private step
    Given a step only this module defines
"""
FEATURE_B = """
Feature: B
  Scenario: The conftest's definition
    Given a value 4
    Then the value came from conftest with 4

  Scenario: Another module's private step is not visible here
    Given a step only this module defines
"""
EXPECTED = {
    "a/test_a.py::test_the_modules_definition_wins": "passed",
    "a/test_a.py::test_its_private_step": "passed",
    "b/test_b.py::test_the_conftests_definition": "passed",
    "b/test_b.py::test_another_modules_private_step_is_not_visible_here": "failed",
}


def _outcomes(pytester: pytest.Pytester, *args: str) -> dict[str, str]:
    pytester.makeconftest(CONFTEST)
    for folder, module, binder, feature in (("a", "test_a", OVERRIDING, FEATURE_A), ("b", "test_b", PLAIN, FEATURE_B)):
        (pytester.path / folder).mkdir(exist_ok=True)
        (pytester.path / folder / f"{module}.py").write_text(binder)
        (pytester.path / folder / f"{folder}.feature").write_text(feature)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:randomly", "-rA", *args)
    outcomes = {}
    for line in result.outlines:
        for word in ("PASSED", "FAILED"):
            if line.startswith(word + " "):
                outcomes[line.split()[1]] = word.lower()
    return outcomes


def test_the_fast_lookup_is_installed_in_this_run() -> None:
    lookup = importlib.import_module("pytest_bdd.scenario").find_fixturedefs_for_step
    assert lookup.__module__ == "o2g_conformance.plugin.steplookup", "the installed pytest-bdd is not supported"


def test_the_fast_lookup_keeps_pytest_bdd_overrides_and_visibility(pytester: pytest.Pytester) -> None:
    assert _outcomes(pytester) == EXPECTED


def test_pytest_bdd_own_lookup_gives_the_same_outcomes(pytester: pytest.Pytester) -> None:
    assert _outcomes(pytester, "-p", "no:o2g_conformance.plugin.steplookup") == EXPECTED
