"""How steps pass the scenario's answer on: the `answer` fixture, and the check that a step handed it on.

A When step that sends the scenario's request (`o2g.send`) returns the answer with
`target_fixture="answer"`; the Then steps take the `answer` fixture. Two mistakes would make a Then step
check an older answer, or none, and are failed as suite defects (harness errors), never as a
non-conformance of the target: a step that sent with `send` without handing the answer on, and a Then
step asking for an answer before any step sent one.
"""

from __future__ import annotations

from typing import Any

import pytest

from ..client import ApiResponse
from ..steplib import ANSWER, definitions_of
from .world import World


class NoAnswerYet(AssertionError):
    """A step asked for the answer before any step of the scenario sent a request."""


@pytest.fixture
def answer() -> ApiResponse:
    """The answer of the scenario's last request, handed on by the When step that sent it.

    Before any step sent one, asking for it is a suite defect: the scenario checks nothing.
    """
    raise NoAnswerYet("harness error: no answer yet: a When step must send a request before this step checks it")


def _world(request: pytest.FixtureRequest) -> World | None:
    if "o2g" not in request.fixturenames:
        return None
    world = request.getfixturevalue("o2g")
    return world if isinstance(world, World) else None


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_before_step(request: pytest.FixtureRequest, **_: Any) -> None:
    world = _world(request)
    if world is not None:
        world.sent = None


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_after_step(request: pytest.FixtureRequest, step: Any, step_func: Any, **_: Any) -> None:
    """A step that sent the scenario's request handed that very answer on."""
    world = _world(request)
    if world is None or world.sent is None:
        return
    sent, world.sent = world.sent, None
    hands_on = any(d.target_fixture == ANSWER for d in definitions_of(step_func))
    if hands_on and request.getfixturevalue(ANSWER) is sent:
        return
    where = f"{step_func.__module__}.{step_func.__name__}"
    pytest.fail(
        f"harness error: the step {step.keyword} {step.name!r} ({where}) sent {sent.op_id or sent.request} "
        "with o2g.send but did not hand that answer on: it must return it with target_fixture='answer' "
        "(a request besides the scenario's answer is o2g.aside)",
        pytrace=False,
    )
