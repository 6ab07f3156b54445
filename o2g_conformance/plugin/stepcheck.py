"""The collection check of the step library: every step of every collected scenario has its definition,
and its words convert (an unknown operation id, event, error type or call state is caught here).

A typo in a feature file is a usage error before anything runs (exit 4), naming the file, the line of the
scenario, the step and what is wrong; never a scenario that fails later, or one that passes having
silently matched another phrase. Steps defined outside the step library (plain pytest-bdd decorators)
are unknown to it: a project that has them sets the ini option `o2g_check_steps = false`.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from ..featurefiles import FeatureScenario, example_of, scenario_of
from ..steplib import StepDef, definitions

INI = "o2g_check_steps"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        INI, "check at collection that every step has a definition whose words convert", type="bool", default=True
    )


def problem_of(kind: str | None, text: str, defs: Iterable[StepDef]) -> str | None:
    """What is wrong with one step (None: it has one definition and its words convert)."""
    found = [d for d in defs if d.binds(kind) and d.matches(text)]
    if not found:
        return f"no step definition matches {kind or 'step'} {text!r} (see `o2g-conformance steps`)"
    for definition in found:
        try:
            definition.arguments(text)
        except ValueError as exc:
            return f"{kind or 'step'} {text!r}: {exc}"
    return None


def problems(items: Iterable[pytest.Item], defs: tuple[StepDef, ...]) -> list[str]:
    """One line per wrong step of the items' scenarios, each step text checked once."""
    seen: dict[tuple[str | None, str], str | None] = {}
    out: list[str] = []
    for item in items:
        ref: FeatureScenario | None = scenario_of(item)
        if ref is None:
            continue
        example = example_of(item)
        texts = ref.steps_for(example.values if example is not None else {})
        kinds = ref.kinds or (None,) * len(texts)
        for kind, text in zip(kinds, texts, strict=True):
            key = (kind, text)
            if key not in seen:
                seen[key] = problem_of(kind, text, defs)
                if seen[key]:
                    out.append(f"{ref.rel}:{ref.line} ({ref.name}): {seen[key]}")
    return out


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getini(INI):
        return
    found = problems(items, definitions())
    if found:
        lines = "\n".join(f"  {p}" for p in found)
        raise pytest.UsageError(f"{len(found)} step(s) of the feature files cannot run as written:\n{lines}")
