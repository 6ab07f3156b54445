"""Emulator powers cannot leak into real-target scenarios.

Every scenario that uses a step needing the emulator's control API carries @needs-control (so a real target
skips it before it starts), and a control step reached anyway skips the scenario as "needs emulator power".
"""

from __future__ import annotations

import pathlib
import sys
import textwrap
from typing import Any

import pytest

from o2g_conformance.plugin.world import NEEDS_POWER, World
from tests.plugin.control_audit import StepLibrary, leaks

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_every_scenario_using_a_control_step_is_tagged_needs_control() -> None:
    library = StepLibrary("steps", ROOT / "steps")
    assert sum(1 for level in library.needing.values() if level) > 20, "the audit no longer sees the control steps"
    found = leaks(library, (ROOT / "features").rglob("*.feature"))
    assert not found, "\n".join(str(leak) for leak in found)


def test_the_audit_finds_an_untagged_scenario_through_a_helper(tmp_path: pathlib.Path) -> None:
    package = tmp_path / "auditsteps"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "helpers.py").write_text(
        textwrap.dedent(
            """
            def _publish(o2g):
                return o2g.control.post("/events", {})

            def pushes(o2g):
                return _publish(o2g)

            def optional(o2g):
                return o2g.control.now() if o2g.target.control is not None else 0
            """
        )
    )
    (package / "defs.py").write_text(
        textwrap.dedent(
            """
            from o2g_conformance.steplib import given, when
            from .helpers import optional, pushes

            @given("the target pushes an event")
            def given_push(o2g):
                pushes(o2g)

            @when("the clock is read")
            def when_clock(o2g):
                optional(o2g)
            """
        )
    )
    feature = tmp_path / "audit.feature"
    feature.write_text(
        textwrap.dedent(
            """
            Feature: audit
              Scenario: untagged
                Given the target pushes an event

              @needs-control:inject
              Scenario: tagged
                Given the target pushes an event

              Scenario: guarded use only
                When the clock is read
            """
        )
    )
    sys.path.insert(0, str(tmp_path))
    try:
        library = StepLibrary("auditsteps", package)
        found = leaks(library, [feature])
    finally:
        sys.path.remove(str(tmp_path))
    assert [(leak.scenario, leak.function) for leak in found] == [("untagged", "auditsteps.defs.given_push")]


def test_a_control_step_on_a_real_target_skips_the_scenario() -> None:
    class _Target:
        control = None

    world: Any = World.__new__(World)
    world.target = _Target()
    with pytest.raises(pytest.skip.Exception, match=NEEDS_POWER):
        _ = world.control
