"""Root conftest: load the shared step library; nothing else."""

pytest_plugins = [
    "steps.common",
    "steps.root",
    "steps.authentication",
    "steps.sessions",
    "steps.subscriptions",
    "steps.events",
    "steps.users",
    "steps.telephony",
    "steps.telephony_events",
    "steps.telephony_calls",
    "steps.telephony_views",
    "steps.telephony_data",
    "steps.telephony_errors",
    "steps.telephony_transfer",
    "steps.telephony_phone",
    "steps.telephony_devices",
    "steps.telephony_hunting",
    "steps.telephony_messages",
    "steps.telephony_state",
    "steps.users_preferences",
    "steps.usermanagement",
    "steps.directory",
    "steps.system",
    "steps.licensing",
    "steps.errors",
    "steps.faults",
    "steps.ha_pair",
    "steps.ha",
    "steps.ha_status",
    "steps.routing",
    "steps.routing_state",
    "steps.comlog",
    "steps.comlog_events",
    "steps.eventsummary",
    "steps.voicemail",
    "steps.phoneset",
    "steps.phoneset_keys",
    "steps.pbxmanagement",
    "steps.pbxmanagement_changes",
    "steps.analytics",
    "steps.acd_agent",
    "steps.acd_supervision",
    "steps.acd_pilot",
    "steps.acd_management",
    "steps.acd_realtime",
    "steps.acd_statistics",
    "steps.acd_statistics_reports",
]


# -- TRANSITIONAL (removed once every step module hands its answer on): the legacy `o2g.response` and the
# `answer` fixture kept in step with each other, so converted and unconverted step modules work together.
from typing import Any as _Any  # noqa: E402

import pytest as _pytest  # noqa: E402
from pytest_bdd.compat import inject_fixture as _inject  # noqa: E402

from o2g_conformance.steplib import definitions_of as _definitions_of  # noqa: E402

_BEFORE = _pytest.StashKey[object]()


@_pytest.hookimpl(trylast=True)
def pytest_bdd_before_step(request: _pytest.FixtureRequest, **_: _Any) -> None:
    if "o2g" in request.fixturenames:
        request.node.stash[_BEFORE] = request.getfixturevalue("o2g").response


@_pytest.hookimpl(trylast=True)
def pytest_bdd_after_step(request: _pytest.FixtureRequest, step_func: _Any, **_: _Any) -> None:
    if "o2g" not in request.fixturenames:
        return
    world = request.getfixturevalue("o2g")
    if any(d.target_fixture == "answer" for d in _definitions_of(step_func)):
        world.response = request.getfixturevalue("answer")
    elif world.response is not None and world.response is not request.node.stash.get(_BEFORE, None):
        _inject(request, "answer", world.response)
