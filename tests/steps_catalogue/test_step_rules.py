"""Rules of the step library read from the source: answers move through fixtures, steps use the step library.

No step module keeps an answer (or anything else) in a shared string-keyed dictionary of the world, and
every step is defined with the step library's decorators (so the catalogue and the collection check see it).
"""

from __future__ import annotations

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
WORLD_NAMES = {"o2g", "world"}
#: What the world no longer has: the last answer and a bag of values by string key.
GONE = {"response", "values"}


def world_bag_uses(source: str) -> list[str]:
    """`o2g.response`, `world.values[...]`...: uses of a shared answer or string-keyed state of the world."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in GONE
            and isinstance(node.value, ast.Name)
            and node.value.id in WORLD_NAMES
        ):
            found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
    return found


def plain_pytest_bdd_steps(source: str) -> list[str]:
    """Step decorators imported from pytest-bdd itself (unknown to the catalogue and the collection check)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module == "pytest_bdd":
            found += [
                f"line {node.lineno}: {a.name}" for a in node.names if a.name in {"given", "when", "then", "step"}
            ]
    return found


def _modules() -> list[pathlib.Path]:
    return sorted((ROOT / "steps").glob("*.py"))


def test_no_step_module_passes_state_through_the_world() -> None:
    offences = {p.name: f for p in _modules() if (f := world_bag_uses(p.read_text(encoding="utf-8")))}
    assert offences == {}


def test_every_step_is_defined_with_the_step_library() -> None:
    offences = {p.name: f for p in _modules() if (f := plain_pytest_bdd_steps(p.read_text(encoding="utf-8")))}
    assert offences == {}


@pytest.mark.parametrize(
    "source",
    [
        "def f(o2g):\n    o2g.response = o2g.session('A').call('x')",
        "def f(o2g):\n    return o2g.values['acd.skill']",
        "def f(world):\n    world.values.setdefault('ha.pair', 1)",
    ],
)
def test_the_rule_catches_the_world_as_a_bag(source: str) -> None:
    assert world_bag_uses(source)


def test_the_rule_accepts_fixtures_and_typed_notes() -> None:
    source = "def f(o2g, answer, notes):\n    notes.skill = answer.json\n    return o2g.notes(dict), answer.status"
    assert world_bag_uses(source) == []
    assert plain_pytest_bdd_steps("from pytest_bdd import given") == ["line 1: given"]
    assert plain_pytest_bdd_steps("from pytest_bdd import parsers") == []
