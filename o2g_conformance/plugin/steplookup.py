"""A faster step lookup for pytest-bdd: the same step definitions found, without asking pytest for each name.

pytest-bdd finds the definitions of a step by asking pytest, for every fixture name of the session
(over a thousand here: one per step definition), which definitions the scenario sees, and only then
whether one parses the step. That lookup was about a quarter of the suite's time. This wrapper first
narrows the names to those having a step definition anywhere that parses the step (cached per step
type and text, recomputed whenever the set of fixture names changes), then applies pytest-bdd's own
per-name rule (visibility, type, parser) to those names only, in the same order: the same definitions
come out. It is installed only on the pytest-bdd versions whose lookup it was written against.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest

_PATCHED = pytest.StashKey[Callable[..., Any]]()


class _Index:
    """Step (type, text) -> fixture names with a matching step definition somewhere, for one name snapshot."""

    def __init__(self) -> None:
        self.names: tuple[str, ...] = ()
        self.candidates: dict[tuple[Any, str], tuple[str, ...]] = {}


def _all_defs(fixturemanager: Any, name: str) -> list[Any]:
    """Every definition registered under `name`, visible to the current node or not."""
    found: list[Any] = []
    for attr in ("_arg2node2fixturedefs", "_arg2nodeid2fixturedefs"):
        for defs in getattr(fixturemanager, attr, {}).get(name, {}).values():
            found.extend(defs)
    return found


def make_lookup(bdd: Any) -> Callable[..., Iterator[Any]]:
    """The replacement of `pytest_bdd.scenario.find_fixturedefs_for_step` (module `bdd`)."""
    registry = bdd.step_function_context_registry
    get_names = bdd.get_fixture_names
    getfixturedefs = bdd.getfixturedefs
    indexes: dict[int, _Index] = {}

    def parses(context: Any, step: Any) -> bool:
        if context is None or (context.type is not None and context.type != step.type):
            return False
        return bool(context.parser.is_matching(step.name))

    def find_fixturedefs_for_step(step: Any, fixturemanager: Any, node: Any) -> Iterator[Any]:
        names = tuple(get_names(fixturemanager=fixturemanager))
        index = indexes.setdefault(id(fixturemanager), _Index())
        if index.names != names:
            index.names, index.candidates = names, {}
        key = (step.type, step.name)
        candidates = index.candidates.get(key)
        if candidates is None:
            candidates = tuple(
                n for n in names if any(parses(registry.get(d.func), step) for d in _all_defs(fixturemanager, n))
            )
            index.candidates[key] = candidates
        for name in candidates:  # pytest-bdd's own rule, on the names that can match only
            for fixturedef in getfixturedefs(fixturemanager, name, node) or []:
                if parses(registry.get(fixturedef.func), step):
                    yield fixturedef

    return find_fixturedefs_for_step


def _bdd_scenario() -> Any | None:
    """pytest-bdd's scenario module when its lookup has the shape this wrapper reproduces, else None."""
    try:  # the module: `pytest_bdd.scenario` as an attribute is the function of that name
        bdd = importlib.import_module("pytest_bdd.scenario")
    except ImportError:
        return None
    needed = ("find_fixturedefs_for_step", "step_function_context_registry", "get_fixture_names", "getfixturedefs")
    if not all(hasattr(bdd, n) for n in needed):
        return None
    source = getattr(bdd.find_fixturedefs_for_step, "__code__", None)
    if source is None or "getfixturedefs" not in source.co_names or "get_fixture_names" not in source.co_names:
        return None
    return bdd


def pytest_configure(config: pytest.Config) -> None:
    bdd = _bdd_scenario()
    if bdd is None:
        return
    config.stash[_PATCHED] = bdd.find_fixturedefs_for_step
    bdd.find_fixturedefs_for_step = make_lookup(bdd)


def pytest_unconfigure(config: pytest.Config) -> None:
    original = config.stash.get(_PATCHED, None)
    if original is not None:
        setattr(importlib.import_module("pytest_bdd.scenario"), "find_fixturedefs_for_step", original)  # noqa: B010
