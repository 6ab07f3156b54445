"""The HA pair the `@ha` features act on: fixtures `ha_pair` (session), `ha_scenario` and `ha_world` (scenario).

On the embedded emulator: a pair started once per run (`o2g_conformance.emulator.ha`), with the run's
defect modifiers. On a real target: the profile's `secondary` with operator hooks (shell commands) named
`ha-switchover`, `ha-failback`, and for the other actions `ha-fail`, `ha-restore`, `oxe-switchover`;
without them the scenarios skip with that reason. `features/ha/conftest.py` makes the `o2g` world of
those features `ha_world`, so every shared step works on the pair. What the HA steps of a scenario share
(the pair, each listener's failover session, what was noted at a switch) is the `ha_scenario` fixture.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shlex
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import allure
import httpx
import pytest

from o2g_conformance.client import FailoverSession, Session, ssl_verify
from o2g_conformance.plugin.fixtures import finish_scenario
from o2g_conformance.plugin.leaks import EMPTY
from o2g_conformance.plugin.options import Settings
from o2g_conformance.plugin.runtime import RUNTIME, WORLD, Runtime
from o2g_conformance.plugin.target import EmulatorControl, Target, accounts_from_topology
from o2g_conformance.plugin.world import World

RECOVERY_BOUND = 3.0
HOOKS = {
    "switchover": "ha-switchover",
    "failback": "ha-failback",
    "fail": "ha-fail",
    "restore": "ha-restore",
    "oxe-switchover": "oxe-switchover",
}
REQUIRED_HOOKS = ("ha-switchover", "ha-failback")
HOOK_TIMEOUT = 300.0


@dataclass
class HaPairTarget:
    """The pair the @ha features act on, and how to switch it."""

    target: Target
    primary: str
    secondary: str
    hooks: Mapping[str, str] = field(default_factory=dict)
    recovery_bound: float = RECOVERY_BOUND
    skip_reason: str | None = None
    server: Any = None  # the embedded pair (HaEmulatorServer)

    def act(self, action: str, body: dict[str, Any] | None = None) -> Any:
        """Switch the pair: the emulator's control API, or the operator hook of a real target."""
        if self.target.control is not None:
            return self.target.control.post("/ha/" + action, body or {})
        hook = self.hooks.get(HOOKS[action])
        if not hook:
            pytest.skip(f"needs the operator hook '{HOOKS[action]}' in the target profile")
        env = {**os.environ, **{f"O2G_HA_{k.upper()}": str(v) for k, v in (body or {}).items()}}
        subprocess.run(shlex.split(hook), check=True, timeout=HOOK_TIMEOUT, env=env)
        return None


def _embedded(runtime: Runtime, settings: Settings) -> HaPairTarget:
    import pathlib
    import tempfile

    from o2g_conformance.emulator.core.topology import default_topology_path, load_topology
    from o2g_conformance.emulator.ha.server import HaEmulatorServer
    from o2g_conformance.plugin.markers import POWERS
    from o2g_conformance.plugin.runtime import installed_licences

    topology = settings.emulator_topology or default_topology_path()
    tls_dir = pathlib.Path(tempfile.mkdtemp(prefix="o2g-ha-tls-")) if settings.emulator_tls else None
    server = HaEmulatorServer(
        tls=settings.emulator_tls, tls_dir=tls_dir, topology=topology, licences=settings.emulator_licences
    ).start()
    verify: bool | str = str(server.ca_file) if server.ca_file else True
    loaded = load_topology(topology)
    admin, users = accounts_from_topology(loaded)
    control = EmulatorControl(server.control_url, verify=verify, timeout=settings.timeout)
    if runtime.modifiers:
        control.post("/modifiers", {"modifiers": runtime.modifiers})
    target = Target(
        url=server.url("primary"),
        kind="emulator",
        admin=admin,
        users=users,
        verify=verify,
        timeout=settings.timeout,
        secondary=server.url("secondary"),
        powers=frozenset(POWERS),
        control=control,
        licences=frozenset(installed_licences(settings.emulator_licences)),
        desk_sharing_sets=loaded.nodes[0].deskSharingSets,
    )
    target.discover()
    bound = runtime.profile.ha_recovery_seconds if runtime.profile else None
    return HaPairTarget(
        target, target.url, server.url("secondary"), recovery_bound=bound or RECOVERY_BOUND, server=server
    )


@pytest.fixture(scope="session")
def ha_pair(pytestconfig: pytest.Config) -> Iterator[HaPairTarget]:
    """The HA pair of the run: an embedded pair, or the real target with its secondary and hooks."""
    runtime = pytestconfig.stash[RUNTIME]
    settings = runtime.settings
    if settings.is_emulator:
        pair = _embedded(runtime, settings)
        yield pair
        if pair.target.control is not None:
            pair.target.control.close()
        pair.server.stop()
        return
    target = runtime.target()
    profile = runtime.profile
    hooks = dict(profile.hooks) if profile else {}
    missing = [h for h in REQUIRED_HOOKS if h not in hooks]
    reason = None
    if not target.secondary or missing:
        reason = (
            "precondition: HA: the target profile gives no secondary server"
            if not target.secondary
            else f"precondition: HA: the target profile gives no operator hook {', '.join(missing)}"
        )
    bound = (profile.ha_recovery_seconds if profile else None) or RECOVERY_BOUND
    yield HaPairTarget(target, target.url, target.secondary or "", hooks, bound, reason)


#: callRef -> the (deviceId, state) of its legs, as GET /telephony/calls lists them.
Calls = dict[str, list[tuple[str | None, str | None]]]


@dataclass
class HaScenario:
    """What the HA steps of one scenario share: the pair, the listeners' failover sessions (by actor key)
    and what a switch noted before it happened; the system status an HA step read last."""

    pair: HaPairTarget
    failover: dict[str, FailoverSession] = field(default_factory=dict)
    #: Each listener's calls just before the switch, by actor key.
    calls_before: dict[str, Calls] = field(default_factory=dict)
    #: The world's sessions just before the switch (their cookies are tried after it), by actor key.
    old_sessions: dict[str, Session] = field(default_factory=dict)
    #: How many failovers each failover session had seen before the switch, by actor key.
    failovers_before: dict[str, int] = field(default_factory=dict)
    #: When the switch was commanded (time.monotonic).
    switched_at: float | None = None
    #: The callRef released after the switch.
    released: str | None = None
    #: The server (`primary`/`secondary`) that answered the root descriptor.
    serving: str | None = None
    #: The system status the pair described last, and whether the next one must have swapped the servers.
    status: dict[str, Any] | None = None
    expect_swap: bool = False


@pytest.fixture
def ha_scenario(ha_pair: HaPairTarget) -> HaScenario:
    """The HA state of one scenario on the pair (no failover session, nothing noted yet)."""
    return HaScenario(ha_pair)


@pytest.fixture
def ha_world(
    ha_pair: HaPairTarget, ha_scenario: HaScenario, o2g_settings: Settings, request: pytest.FixtureRequest
) -> Iterator[World]:
    """The scenario world on the HA pair (reset on the emulator: both servers up, the primary active)."""
    if ha_pair.skip_reason:
        pytest.skip(ha_pair.skip_reason)
    control = ha_pair.target.control
    if control is not None:
        control.reset()
    target = ha_pair.target
    if control is None:
        # A real pair is as the last scenario left it: clients start on the server that serves now.
        answer = root(ha_pair, ha_pair.secondary)
        if answer is not None and answer.status_code == 200:
            target = dataclasses.replace(target, url=ha_pair.secondary, secondary=ha_pair.primary)
    world = World(target, o2g_settings)
    request.node.stash[WORLD] = world
    yield world
    for fs in ha_scenario.failover.values():
        fs.stop(close=False)
    _attach_measures(ha_scenario)
    # the pair was reset for this scenario: everything it holds after cleanup is a leak
    finish_scenario(world, request, o2g_settings, leaks=lambda: EMPTY.leaks(control.state()) if control else [])


# -- helpers -----------------------------------------------------------------------------------------------------


def _attach_measures(ha: HaScenario) -> None:
    """Every failover of the scenario (recovery time, event gap, events seen twice) to the Allure result."""
    report = {key: [r.as_dict() for r in fs.report()] for key, fs in ha.failover.items()}
    if any(report.values()):
        body = json.dumps({"bound_seconds": ha.pair.recovery_bound, "failovers": report}, indent=2)
        allure.attach(body, name="HA recovery", attachment_type=allure.attachment_type.JSON)


def root(pair: HaPairTarget, url: str) -> httpx.Response | None:
    try:
        return httpx.get(url + "/api/rest", verify=ssl_verify(pair.target.verify), timeout=pair.target.timeout)
    except httpx.TransportError:
        return None  # refused: a server that serves nothing
