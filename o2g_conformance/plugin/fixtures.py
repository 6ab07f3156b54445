"""Public fixtures of the O2G conformance plugin (see `pytest --fixtures`)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import pytest

from ..client import EventLog, O2GClient, Session
from . import exercised
from .leaks import Snapshot
from .options import Settings
from .runtime import RUNTIME, WORLD
from .target import Account, EmulatorControl, Target
from .undo import Undo as Undo  # re-exported: the type steps annotate `undo` with
from .undo import undo as undo  # the public fixture `undo` (undo.py)
from .world import NEEDS_POWER, World


@pytest.fixture(scope="session")
def o2g_settings(pytestconfig: pytest.Config) -> Settings:
    """The validated O2G options of this run (target, TLS, timeouts), CLI > environment > ini."""
    return pytestconfig.stash[RUNTIME].settings


@pytest.fixture(scope="session")
def o2g_target(pytestconfig: pytest.Config) -> Target:
    """The system under test: URL, kind (emulator or real), accounts, API version, licences, powers.

    Starts the bundled emulator on first use when the target is `emulator`.
    """
    return pytestconfig.stash[RUNTIME].target()


@pytest.fixture
def emulator(o2g_target: Target) -> EmulatorControl:
    """The emulator's control API (reset, virtual clock, event injection); skips on a real target."""
    if o2g_target.control is None:
        pytest.skip(f"{NEEDS_POWER}: the emulator's control API, and the target is a real O2G")
    return o2g_target.control


@pytest.fixture
def o2g(o2g_target: Target, o2g_settings: Settings, request: pytest.FixtureRequest) -> Iterator[World]:
    """The scenario world: actors, sessions, subscriptions, event logs and recorded exchanges.

    On the emulator every scenario starts from the topology (reset). At teardown it closes everything it
    opened and, in strict mode, fails the scenario on events that no step consumed.
    """
    if o2g_target.control is not None:
        o2g_target.control.reset()
        baseline = _baseline(request.config, o2g_target.control)
    world = World(o2g_target, o2g_settings, announce=announcer(request.config))
    request.node.stash[WORLD] = world
    yield world
    control = o2g_target.control
    finish_scenario(world, request, o2g_settings, leaks=lambda: baseline.leaks(control.state()) if control else [])


def finish_scenario(
    world: World, request: pytest.FixtureRequest, settings: Settings, *, leaks: Callable[[], list[str]]
) -> None:
    """The end of every scenario world: the oracle's last verdict, strict leftovers, cleanup, the leak check
    (`leaks`: what the target holds beyond its snapshot) and the check of the tags against what was sent."""
    oracle_failure = _oracle_failure(world) if not _failed(request) else None
    unexercised = exercised.check_world(request.node, world)
    leftovers = world.leftovers() if settings.strict_events else {}
    problems = world.cleanup()
    problems += leaks()
    if oracle_failure:
        pytest.fail(f"call-state oracle: {oracle_failure}", pytrace=False)
    if leftovers and not _failed(request):
        lines = [
            f"{actor}: " + ", ".join(str(e.get("eventName")) for e in events) for actor, events in leftovers.items()
        ]
        pytest.fail("unexpected events no step asserted (strict events):\n  " + "\n  ".join(lines), pytrace=False)
    if problems and not _failed(request):
        pytest.fail("cleanup failed: " + "; ".join(problems), pytrace=False)
    if (
        unexercised and _passed(request) and exercised.enabled(request.config)
    ):  # tags are declarations, checked against what ran (not skips)
        pytest.fail(unexercised.message(), pytrace=False)


def announcer(config: pytest.Config) -> Callable[[str], None]:
    """A function that writes a line to the terminal now, past pytest's output capture."""

    def announce(text: str) -> None:
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        capture = config.pluginmanager.get_plugin("capturemanager")
        if reporter is None:
            return
        with capture.global_and_fixture_disabled() if capture is not None else contextlib.nullcontext():
            if getattr(reporter._tw, "width_of_current_line", 0):  # after progress dots: start a line
                reporter.write("\n")
            reporter.write_line(text)

    return announce


def _oracle_failure(world: World) -> str | None:
    """The oracle's verdict on events that arrived after the last step looked (None when legal)."""
    try:
        world.check_call_states()
    except AssertionError as exc:
        return str(exc)
    return None


_SNAPSHOT = pytest.StashKey[Snapshot]()


def _baseline(config: pytest.Config, control: EmulatorControl) -> Snapshot:
    """The leak check's reference: the target's state at the start of the run (first scenario, after reset)."""
    if _SNAPSHOT not in config.stash:
        config.stash[_SNAPSHOT] = Snapshot.of(control.state())
    return config.stash[_SNAPSHOT]


def _passed(request: pytest.FixtureRequest) -> bool:
    report = getattr(request.node, "rep_call", None)
    return bool(report is not None and report.passed)


def _failed(request: pytest.FixtureRequest) -> bool:
    report = getattr(request.node, "rep_call", None)
    return bool(report is not None and report.failed)


@pytest.fixture(scope="session")
def o2g_users(o2g_target: Target) -> list[Account]:
    """The target's user accounts bound to roles A, B, C, ... (topology or target profile)."""
    return list(o2g_target.users)


@pytest.fixture
def o2g_client(o2g: World) -> O2GClient:
    """A fresh O2G client on the target; its exchanges are recorded for the report."""
    return o2g.client("client")


@pytest.fixture
def admin_session(o2g: World) -> Session:
    """An open administrator session, closed at teardown."""
    return o2g.session("administrator")


@pytest.fixture
def user_session_factory(o2g: World) -> Callable[..., Session]:
    """`open(role, **options)`: an open session of the user with that role (A, B, ...), closed at teardown."""

    def open_session(role: str, **options: Any) -> Session:
        return o2g.open_session(role, **options) if options else o2g.session(role)

    return open_session


@pytest.fixture
def event_collector_factory(o2g: World) -> Callable[..., EventLog]:
    """`collect(actor, selectors, timeout=None)`: subscribe, open the chunk channel, return its event log.

    Logs are strict: events left unconsumed at the end of the scenario fail it (--o2g-strict-events).
    """

    def collect(
        actor: str, selectors: Sequence[Mapping[str, Any]] | None = None, *, timeout: int | None = None
    ) -> EventLog:
        return o2g.collect(actor, selectors, timeout=timeout).log

    return collect
