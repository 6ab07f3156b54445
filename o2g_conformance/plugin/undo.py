"""The `undo` fixture: the one way a scenario restores what it changed on the target.

A step that changes the target (a password, a forwarding, a pilot's opening, a calendar ...) appends to
`undo` what it changed and how to put it back; at teardown the actions run in reverse order, each one
attempted even when a previous one failed, and the scenario fails with every restoration that did not work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from .world import World

#: Restorations registered by the steps of one scenario: (what was changed, how to put it back).
Undo = list[tuple[str, Callable[[], None]]]


@pytest.fixture
def undo(o2g: World) -> Iterator[Undo]:
    """Restorations of the scenario: `undo.append((what, action))`; run in reverse at teardown, even on failure.

    Event channels stop first: what a restoration causes (OnUserCreated ...) belongs to no scenario step.
    """
    actions: Undo = []
    yield actions
    if not actions:
        return
    for collector in o2g.collectors.values():
        collector.consumer.stop()
    problems = []
    for what, action in reversed(actions):
        try:
            action()
        except Exception as exc:  # every restoration is attempted; each failure is reported
            problems.append(f"{what}: {type(exc).__name__}: {exc}")
    if problems:
        pytest.fail("the target could not be restored: " + "; ".join(problems), pytrace=False)
