"""Steps of high availability: an O2G pair switching over, failing and failing back; the OXE's call server.

The `@ha` features run on an HA pair: on the embedded emulator, a pair started once per run
(`o2g_conformance.emulator.ha`); on a real target, the profile's `secondary` with operator hooks (shell
commands) named `ha-switchover`, `ha-failback`, and for the other actions `ha-fail`, `ha-restore`,
`oxe-switchover`. Without them the scenarios skip with that reason. `features/ha/conftest.py` makes the
`o2g` world of those features this pair's (fixture `ha_world`), so every shared step works on it.

Users listen "through failover": an SDK-like `FailoverSession` per user that, when its channel breaks,
switches server, rediscovers, authenticates, opens a session and a subscription again (wire-facts, High
availability). Each recovery is measured; the figures go to the Allure result, and a recovery slower
than the bound (profile `ha_recovery_seconds`, default 3 s) fails the scenario.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import allure
import httpx
import pytest
from pytest_bdd import given, parsers, then, when

from o2g_conformance.checks import NonConformance
from o2g_conformance.client import FailoverSession, Session, ssl_verify
from o2g_conformance.plugin.fixtures import _failed, _leaks, _oracle_failure
from o2g_conformance.plugin.options import Settings
from o2g_conformance.plugin.runtime import RUNTIME, WORLD, Runtime
from o2g_conformance.plugin.target import EmulatorControl, Target, accounts_from_topology
from o2g_conformance.plugin.world import Collector, World

from .common import body_of
from .telephony import listeners, role_of, settle

#: The bar: a client has its events back within 3 s of the switch (profile `ha_recovery_seconds`).
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
WHO = r"(?P<who>users [A-Z](?:, [A-Z])* and [A-Z]|user [A-Z])"


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
    admin, users = accounts_from_topology(load_topology(topology))
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
            "HA: the target profile gives no secondary server"
            if not target.secondary
            else f"HA: the target profile gives no operator hook {', '.join(missing)}"
        )
    bound = (profile.ha_recovery_seconds if profile else None) or RECOVERY_BOUND
    yield HaPairTarget(target, target.url, target.secondary or "", hooks, bound, reason)


@pytest.fixture
def ha_world(ha_pair: HaPairTarget, o2g_settings: Settings, request: pytest.FixtureRequest) -> Iterator[World]:
    """The scenario world on the HA pair (reset on the emulator: both servers up, the primary active)."""
    if ha_pair.skip_reason:
        pytest.skip(ha_pair.skip_reason)
    control = ha_pair.target.control
    if control is not None:
        control.reset()
    world = World(ha_pair.target, o2g_settings)
    world.values["ha.pair"] = ha_pair
    request.node.stash[WORLD] = world
    yield world
    for fs in _failover_sessions(world).values():
        fs.stop(close=False)
    _attach_measures(world)
    oracle_failure = _oracle_failure(world) if not _failed(request) else None
    leftovers = world.leftovers() if o2g_settings.strict_events else {}
    problems = world.cleanup()
    if control is not None:
        problems += _leaks(control.state())
    if oracle_failure:
        pytest.fail(f"call-state oracle: {oracle_failure}", pytrace=False)
    if leftovers and not _failed(request):
        lines = [f"{k}: " + ", ".join(str(e.get("eventName")) for e in v) for k, v in leftovers.items()]
        pytest.fail("unexpected events no step asserted (strict events):\n  " + "\n  ".join(lines), pytrace=False)
    if problems and not _failed(request):
        pytest.fail("cleanup failed: " + "; ".join(problems), pytrace=False)


# -- helpers -----------------------------------------------------------------------------------------------------


def pair_of(o2g: World) -> HaPairTarget:
    pair: HaPairTarget = o2g.values["ha.pair"]
    return pair


def _failover_sessions(o2g: World) -> dict[str, FailoverSession]:
    found: dict[str, FailoverSession] = o2g.values.setdefault("ha.failover", {})
    return found


def _attach_measures(o2g: World) -> None:
    """Every failover of the scenario (recovery time, event gap, events seen twice) to the Allure result."""
    report = {key: [r.as_dict() for r in fs.report()] for key, fs in _failover_sessions(o2g).items()}
    if any(report.values()):
        body = json.dumps({"bound_seconds": pair_of(o2g).recovery_bound, "failovers": report}, indent=2)
        allure.attach(body, name="HA recovery", attachment_type=allure.attachment_type.JSON)


def _sync(o2g: World, key: str, fs: FailoverSession) -> None:
    """The world acts with the failover session's current session and reads its merged event log."""
    assert fs.session is not None and fs.subscription is not None and fs.subscription.consumer is not None
    o2g.sessions[key] = fs.session
    o2g.collectors[key] = Collector(fs.subscription, fs.subscription.consumer, fs.log)


def _calls(session: Session) -> dict[str, list[tuple[str | None, str | None]]]:
    """callRef -> the (deviceId, state) of its legs, as GET /telephony/calls lists them."""
    listed = session.call("telephony.calls.list").raise_for_error()
    out: dict[str, list[tuple[str | None, str | None]]] = {}
    for call in (body_of(listed) or {}).get("calls") or []:
        ref = str(call.get("callRef"))
        if ref in out:
            raise NonConformance(
                "a call appears once in GET /telephony/calls (L2572-2600)",
                op_id="telephony.calls.list",
                documented="distinct callRefs",
                received=f"callRef {ref} twice",
            )
        out[ref] = sorted((leg.get("deviceId"), leg.get("state")) for leg in call.get("legs") or [])
    return out


def _roles(who: str) -> list[str]:
    return re.split(r", | and ", role_of(who))


# -- steps -------------------------------------------------------------------------------------------------------


@given("an O2G HA pair")
def an_ha_pair(o2g: World) -> None:
    """The scenario's world is on the pair (see `ha_world`); nothing else to do."""
    pair_of(o2g)


@given(
    parsers.re(r"(?P<who>users [A-Z](?:, [A-Z])* and [A-Z]|user [A-Z]) listens? to telephony events through failover$")
)
def listen_with_failover(o2g: World, who: str) -> None:
    """Each user gets an SDK-like failover session subscribed to its telephony events (L2086-2087)."""
    for role in _roles(who):
        account = o2g.account(role)
        key = o2g.key(role)
        fs = FailoverSession(
            o2g.client(role),
            account.login,
            account.password,
            [{"names": ["telephony"]}],
            start_timeout=o2g.settings.event_timeout,
        ).start()
        _failover_sessions(o2g)[key] = fs
        old = o2g.sessions.get(key)
        if old is not None and not old.closed:  # the actor now acts with the failover session
            old.close(raise_for_error=False)
        _sync(o2g, key, fs)
        if role not in listeners(o2g):
            listeners(o2g).append(role)
    settle(o2g)  # each listener's snapshot: the oracle knows the calls in progress


@when(parsers.re(r"the O2G pair (?P<how>switches over|loses its active server|fails back to the primary server)$"))
def switch(o2g: World, how: str) -> None:
    """Note every listening user's calls and sessions, then switch the pair."""
    before = {key: _calls(fs.session) for key, fs in _failover_sessions(o2g).items() if fs.session is not None}
    o2g.values["ha.calls_before"] = before
    o2g.values["ha.old_sessions"] = dict(o2g.sessions)
    o2g.values["ha.failovers_before"] = {k: fs.failovers for k, fs in _failover_sessions(o2g).items()}
    pair = pair_of(o2g)
    o2g.values["ha.switched_at"] = time.monotonic()
    if how == "switches over":
        pair.act("switchover")
    elif how == "loses its active server":
        pair.act("fail", {"server": "active"})
    else:
        pair.act("failback")
    _follow_active(o2g)


def _follow_active(o2g: World) -> None:
    """Actors without a failover session: their sessions died with the server; their clients move to the
    server that serves now, where they open new sessions when next used."""
    pair = pair_of(o2g)
    serving = next(
        (url for url in (pair.primary, pair.secondary) if (r := _root(pair, url)) is not None and r.status_code == 200),
        None,
    )
    for key, session in list(o2g.sessions.items()):
        if key not in _failover_sessions(o2g):
            session.closed = True
            del o2g.sessions[key]
            o2g.credentials.pop(key, None)
    for key, client in o2g.clients.items():
        if key not in _failover_sessions(o2g) and serving is not None:
            client.switch_host(serving)


@when("the failed O2G server comes back as standby")
def comes_back(o2g: World) -> None:
    pair_of(o2g).act("restore", {"server": "failed"})
    _follow_active(o2g)


@when("the OXE call server switches over")
def oxe_switchover(o2g: World) -> None:
    """The OXE's main call server fails; the CTI link comes back on the secondary one 45 s later."""
    pair_of(o2g).act("oxe-switchover", {"downSeconds": 45})


@then(
    parsers.re(
        r"the events of (?P<who>users [A-Z](?:, [A-Z])* and [A-Z]|user [A-Z]) flow again within the recovery bound$"
    )
)
def flow_again(o2g: World, who: str) -> None:
    """Each failover session saw the failure and recovered on the new active server within the bound."""
    pair = pair_of(o2g)
    failovers_before = o2g.values.get("ha.failovers_before", {})
    for role in _roles(who):
        key = o2g.key(role)
        fs = _failover_sessions(o2g)[key]
        count = failovers_before.get(key, 0) + 1
        # Generous wait: the bound is checked on the measured figure, not by this timeout.
        if not fs.wait_recovered(count, max(o2g.settings.event_timeout, 4 * pair.recovery_bound)):
            raise NonConformance(
                "a client that fails over gets its events back (wire-facts, High availability)",
                documented=f"failover {count} of user {role} recovered",
                received=[r.as_dict() for r in fs.report()] or "no failure seen by the client",
            )
        _sync(o2g, key, fs)
        record = fs.report()[count - 1]
        seconds = record.recovery_seconds or 0.0
        measures = record.as_dict()
        if record.recovered is not None and "ha.switched_at" in o2g.values:
            measures["since_switch_command_seconds"] = record.recovered - o2g.values["ha.switched_at"]
        allure.attach(
            json.dumps(measures, indent=2),
            name=f"HA recovery of user {role}",
            attachment_type=allure.attachment_type.JSON,
        )
        if seconds > pair.recovery_bound:
            raise NonConformance(
                "recovery after a switch within the profile's bound",
                documented=f"<= {pair.recovery_bound:g} s",
                received=f"{seconds:.3f} s ({record.attempts} attempts: {record.errors})",
            )


@then(parsers.re(WHO + r" still (?:has|have) (?:its|their) calls with the same callRefs?$"))
def same_calls(o2g: World, who: str) -> None:
    """The PBX's calls survive the switch: same callRefs, same legs and states, none twice."""
    before = o2g.values.get("ha.calls_before", {})
    for role in _roles(who):
        key = o2g.key(role)
        now = _calls(o2g.session(role))
        was = before.get(key)
        if was is None:
            raise AssertionError(f"user {role}'s calls were not noted before the switch (listen through failover)")
        if now != was:
            raise NonConformance(
                "the PBX's calls survive an O2G switchover with the same callRefs (one OXE behind the pair)",
                op_id="telephony.calls.list",
                documented={"callRefs and legs before the switch": was},
                received={"after": now},
            )


@then(parsers.re(r"user (?P<role>[A-Z])'s telephonic state agrees with a snapshot on its new subscription$"))
def state_agrees(o2g: World, role: str) -> None:
    """GET /telephony/state and the OnTelephonyState of a snapshot (L4557-4593) name the same calls."""
    session = o2g.session(role)
    state = body_of(session.call("telephony.state.get").raise_for_error()) or {}
    session.call("telephony.state.snapshot").raise_for_error()
    login = o2g.account(role).login
    event = o2g.events(role).wait_for(
        "OnTelephonyState", where={"loginName": login}, timeout=o2g.settings.event_timeout
    )
    got = sorted(str(c.get("callRef")) for c in state.get("calls") or [])
    snap = sorted(str(c.get("callRef")) for c in (event.get("state") or {}).get("calls") or [])
    noted = sorted(o2g.values.get("ha.calls_before", {}).get(o2g.key(role), {}))
    if not (got == snap == noted):
        raise NonConformance(
            "telephonic state, snapshot and the calls before the switch agree",
            op_id="telephony.state.get",
            documented={"before the switch": noted},
            received={"GET /telephony/state": got, "snapshot": snap},
        )


@then(parsers.re(r"user (?P<role>[A-Z])'s client saw its event channel end$"))
def channel_ended(o2g: World, role: str) -> None:
    """The old channel did not stay silently open: the client noticed (a broken or ended stream)."""
    key = o2g.key(role)
    fs = _failover_sessions(o2g)[key]
    fs.wait_failovers(o2g.values.get("ha.failovers_before", {}).get(key, 0) + 1, o2g.settings.event_timeout)
    reasons = [r.reason for r in fs.report()]
    if not reasons or reasons[-1] not in ("broken channel", "channel ended", "failed keepalive"):
        raise NonConformance(
            "the event channel of a server that stops ends (wire-facts, Events 4; High availability)",
            documented="the client sees its channel end",
            received=reasons or "no failure seen",
        )


@then(
    parsers.re(r"no event of (?P<who>users [A-Z](?:, [A-Z])* and [A-Z]|user [A-Z]) was seen twice across the switch$")
)
def none_twice(o2g: World, who: str) -> None:
    for role in _roles(who):
        fs = _failover_sessions(o2g)[o2g.key(role)]
        twice = [e for r in fs.report() for e in r.duplicates]
        if twice:
            raise NonConformance(
                "a new subscription does not replay the old one's events",
                documented="no event twice",
                received=[e.get("eventName") for e in twice],
            )


@when(parsers.re(r"user (?P<role>[A-Z]) uses its session of the failed server on the new active server$"))
def old_session(o2g: World, role: str) -> None:
    """The old AlcUserId cookie, sent to the new active server's telephony service."""
    old = o2g.values.get("ha.old_sessions", {}).get(o2g.key(role))
    if old is None:
        raise AssertionError(f"user {role} had no session before the switch")
    o2g.response = o2g.session(role).call(
        "telephony.calls.list", headers={"Cookie": f"AlcUserId={old.credential.token}"}
    )


def _root(pair: HaPairTarget, url: str) -> httpx.Response | None:
    try:
        return httpx.get(url + "/api/rest", verify=ssl_verify(pair.target.verify), timeout=pair.target.timeout)
    except httpx.TransportError:
        return None  # refused: a server that serves nothing


@then("exactly one server of the pair serves O2G, and it says it is in HA mode")
def one_serves(o2g: World) -> None:
    """The active server answers the root descriptor with haMode true (L54, L484); the standby serves no
    O2G request (refused, or NOT_READY 503, L313)."""
    pair = pair_of(o2g)
    answers = {name: _root(pair, url) for name, url in (("primary", pair.primary), ("secondary", pair.secondary))}
    serving = {n: r for n, r in answers.items() if r is not None and r.status_code == 200}
    others = {
        n: (r.status_code, r.text[:200]) if r is not None else "refused" for n, r in answers.items() if n not in serving
    }
    if len(serving) != 1:
        raise NonConformance(
            "one active server in an HA pair (L339-343)",
            documented="one root descriptor answered",
            received={n: (r.status_code if r is not None else "refused") for n, r in answers.items()},
        )
    for name, what in others.items():
        if what != "refused" and not (what[0] == 503 and '"NOT_READY"' in what[1]):
            raise NonConformance(
                "the standby serves no O2G request", documented="refused or NOT_READY 503", received={name: what}
            )
    body = serving[next(iter(serving))].json()
    if (body.get("serverInfo") or {}).get("haMode") is not True:
        raise NonConformance(
            "serverInfo.haMode on an HA pair (L54, L484)",
            op_id="root.descriptor.get",
            documented={"haMode": True},
            received=body.get("serverInfo"),
        )
    o2g.values["ha.serving"] = next(iter(serving))


@then("the system status describes the pair")
def status_describes(o2g: World) -> None:
    """SystemStatus of an HA system (L9088-9130): ha, primary/secondary with version and services status."""
    status = body_of(o2g.session("administrator").call("system.status.get").raise_for_error()) or {}
    problems = []
    if status.get("ha") is not True:
        problems.append(f"ha is {status.get('ha')!r}, not true")
    for side in ("primary", "secondary"):
        if not status.get(side):
            problems.append(f"{side} (fqdn) missing")
        if not status.get(side + "Version"):
            problems.append(f"{side}Version missing")
        services = status.get(side + "ServicesStatus")
        if not isinstance(services, dict) or not isinstance(services.get("services"), list):
            problems.append(f"{side}ServicesStatus.services missing")
        elif not all(k in services for k in ("globalIPAdress", "drbd")):
            problems.append(f"{side}ServicesStatus without globalIPAdress/drbd (HA mode, L9086-9087)")
    if status.get("primary") and status.get("primary") == status.get("secondary"):
        problems.append("primary and secondary name the same server")
    if problems:
        raise NonConformance(
            "the system status of an HA pair (L9088-9130)",
            op_id="system.status.get",
            line=9093,
            documented="ha, primary, secondary with versions and services status",
            received=status,
            problems=problems,
        )
    previous = o2g.values.get("ha.status")
    o2g.values["ha.status"] = status
    if previous is None or not o2g.values.get("ha.expect_swap"):
        return
    if (status["primary"], status["secondary"]) != (previous["secondary"], previous["primary"]):
        raise NonConformance(
            "primary is the fqdn of the current active system (L9094), secondary the backup (L9097)",
            op_id="system.status.get",
            documented={"primary": previous["secondary"], "secondary": previous["primary"]},
            received={"primary": status["primary"], "secondary": status["secondary"]},
        )


@when("the O2G pair switches over without any listening client")
def plain_switchover(o2g: World) -> None:
    o2g.values["ha.expect_swap"] = True
    switch(o2g, "switches over")


@then("the O2G servers say they are not in HA mode")
def not_ha(o2g: World) -> None:
    """Without ROXE_HA (L339-343) there is no HA: haMode false and a status without the pair."""
    pair = pair_of(o2g)
    root = _root(pair, pair.primary)
    ha_mode = (root.json().get("serverInfo") or {}).get("haMode") if root is not None else None
    status = body_of(o2g.session("administrator").call("system.status.get").raise_for_error()) or {}
    if ha_mode is True or status.get("ha") is True or status.get("secondary"):
        raise NonConformance(
            "no HA without the ROXE_HA licence (L339-343)",
            documented={"haMode": False, "ha": False},
            received={"haMode": ha_mode, "ha": status.get("ha"), "secondary": status.get("secondary")},
        )


@then("the secondary server does not take over")
def no_takeover(o2g: World) -> None:
    pair = pair_of(o2g)
    answer = _root(pair, pair.secondary)
    if answer is not None and answer.status_code == 200:
        raise NonConformance(
            "no HA without the ROXE_HA licence (L339-343): the secondary does not take over",
            documented="the secondary serves nothing",
            received=answer.status_code,
        )


@given(parsers.re(r"users A and B have a call that is (?P<state>established|on hold|ringing)$"))
def call_between(o2g: World, state: str) -> None:
    """A calls B: B answers (established), then A holds it (on hold); or B's set still rings (ringing)."""
    from .telephony_calls import has_called, has_held, in_call

    if state == "ringing":
        has_called(o2g, "A", "user B")
    else:
        in_call(o2g, "A", "user B")
        if state == "on hold":
            has_held(o2g, "A", "user B")


@when(parsers.re(r"user (?P<role>[A-Z]) releases the call noted before the switch$"))
def release_noted(o2g: World, role: str) -> None:
    """DELETE /telephony/calls/{callRef} (L2780-2800) with the callRef noted before the switch: it still works."""
    refs = list(o2g.values.get("ha.calls_before", {}).get(o2g.key(role), {}))
    if len(refs) != 1:
        raise AssertionError(f"user {role} had {len(refs)} calls before the switch, expected one")
    o2g.values["ha.released"] = refs[0]
    o2g.response = o2g.session(role).call("telephony.calls.release", path={"callRef": refs[0]})
    o2g.response.raise_for_error()


@then(parsers.re(r"(?P<who>users [A-Z](?:, [A-Z])* and [A-Z]|user [A-Z]) see that call removed$"))
def removed(o2g: World, who: str) -> None:
    """OnCallRemoved (L5863-5888) of that callRef, after the switch, on the new subscription."""
    ref = o2g.values["ha.released"]
    for role in _roles(who):
        log = o2g.events(role)
        log.wait_for("OnCallRemoved", where={"callRef": ref}, timeout=o2g.settings.event_timeout)
        # Whatever else the release caused (state changes, user state) belongs to this step too.
        for event in log.unconsumed():
            log.wait_for(event.get("eventName"), where={k: event[k] for k in event if k == "callRef"}, timeout=0)


@then(parsers.re(r"the call-state oracle accepts the events of " + WHO + r" across the switch$"))
def oracle_accepts(o2g: World, who: str) -> None:
    """Every channel's history, old and new subscription merged, passes the call-state oracle."""
    o2g.check_call_states()
