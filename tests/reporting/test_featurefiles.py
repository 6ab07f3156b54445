"""Feature files read with gherkin agree with what pytest-bdd runs; `bind` names tests as `scenarios` does."""

from __future__ import annotations

import pathlib

import pytest

from o2g_conformance.featurefiles import read_feature, read_features, render, split_tag

pytest_plugins = ["pytester"]

FEATURE = """\
@op:feature.level
Feature: Shapes
  Some words about the feature.

  Background:
    Given a background step

  @op:first.op @slow
  Scenario: Plain
    When the plain step runs

  @op:rule.level
  Rule: Ruled
    @op:outline.op
    Scenario Outline: Outline <colour>
      When the <colour> step runs with <size>

      @negative
      Examples:
        | colour | size |
        | red    | 1    |
        | blue   |      |

      Examples:
        | colour | size |
        | green  | 3    |
"""

STEPS = """\
from pytest_bdd import parsers
from o2g_conformance.steplib import given, when

@given(parsers.re(".*background step"))
def background():
    pass

@when(parsers.re("the (?P<what>.+) step runs.*"))
def runs(what):
    pass
"""

#: Compares, while each scenario runs, what pytest-bdd hands its public hook with what gherkin read.
CONFTEST = """\
from o2g_conformance import featurefiles

SEEN = []

def pytest_bdd_before_scenario(request, feature, scenario):
    featurefiles.remember(request.node, feature, scenario)
    ref = featurefiles.scenario_of(request.node)
    values = featurefiles.values_of(request.node)
    assert ref is not None
    assert ref.rel == feature.rel_filename, (ref.rel, feature.rel_filename)
    assert ref.line == scenario.line_number
    assert ref.name_for(values) == scenario.name, (ref.name_for(values), scenario.name)
    assert ref.steps_for(values) == [s.name for s in scenario.steps]
    SEEN.append((request.node.name, scenario.name))

def pytest_sessionfinish(session):
    print("SEEN", sorted(SEEN))
"""


def test_a_feature_is_read_with_its_tags_in_written_order_and_its_rows(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "shapes" / "shapes.feature"
    path.parent.mkdir()
    path.write_text(FEATURE, encoding="utf-8")
    name, (plain, outline) = read_feature(path)
    assert name == "Shapes"
    assert plain.rel == outline.rel == "shapes/shapes.feature"
    assert plain.tags == ("op:first.op", "slow", "op:feature.level")
    assert plain.steps == ("a background step", "the plain step runs")
    assert outline.tags == ("op:outline.op", "op:rule.level", "op:feature.level")
    assert outline.steps == ("a background step", "the <colour> step runs with <size>")
    assert [(dict(e.values), e.tags) for e in outline.examples] == [
        ({"colour": "red", "size": "1"}, ("negative",)),
        ({"colour": "blue", "size": ""}, ("negative",)),
        ({"colour": "green", "size": "3"}, ()),
    ]
    assert outline.name_for(outline.examples[1].values) == "Outline blue"
    assert plain.feature_description.strip() == "Some words about the feature."
    assert [s.name for s in read_features(tmp_path)] == ["Plain", "Outline <colour>"]


def test_render_and_split_tag() -> None:
    assert render("the <a> and <b>", {"a": "x"}) == "the x and <b>"
    assert split_tag("@op:telephony.calls.hold") == ("op", "telephony.calls.hold")
    assert split_tag("slow") == ("slow", None)


@pytest.mark.parametrize("binding", ["bind", "scenarios"])
def test_what_runs_is_what_was_read(pytester: pytest.Pytester, binding: str) -> None:
    """Both bindings: `bind` (known at collection) and pytest-bdd's own `scenarios` (seen when it starts)."""
    folder = pytester.path / "shapes"
    folder.mkdir()
    (folder / "shapes.feature").write_text(FEATURE, encoding="utf-8")
    (folder / "conftest.py").write_text(STEPS + "\n" + CONFTEST, encoding="utf-8")
    if binding == "bind":
        module = "from o2g_conformance.featurefiles import bind\nbind(globals())\n"
    else:
        module = "from pytest_bdd import scenarios\nscenarios('shapes.feature')\n"
    (folder / "test_shapes.py").write_text(module, encoding="utf-8")
    result = pytester.runpytest_subprocess("-p", "no:o2g", "-p", "no:randomly", "-p", "no:cacheprovider", "-s", "-v")
    result.assert_outcomes(passed=4)
    out = result.stdout.str()
    for test in (
        "test_plain",
        "test_outline_colour[red-1]",
        "test_outline_colour[blue-]",
        "test_outline_colour[green-3]",
    ):
        assert f"shapes/test_shapes.py::{test} PASSED" in out
    assert "Outline blue" in result.stdout.str()


def test_a_folder_without_scenarios_fails_at_collection(pytester: pytest.Pytester) -> None:
    """A feature without a scenario fails at collection, not silently."""
    folder = pytester.path / "empty"
    folder.mkdir()
    (folder / "empty.feature").write_text("Feature: Nothing\n", encoding="utf-8")
    (folder / "test_empty.py").write_text("from o2g_conformance.featurefiles import bind\nbind(globals())\n")
    result = pytester.runpytest_subprocess("-p", "no:o2g", "-p", "no:randomly", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["*LookupError: no scenario in the feature files*"])
