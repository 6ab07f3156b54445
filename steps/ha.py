"""Steps of high availability: an O2G pair switching over, failing and failing back, and what clients see.

Users listen "through failover": an SDK-like `FailoverSession` per user that, when its channel breaks,
switches server, rediscovers, authenticates, opens a session and a subscription again (wire-facts, High
availability). Each recovery is measured; the figures go to the Allure result, and a recovery slower
than the bound (profile `ha_recovery_seconds`, default 3 s) fails the scenario. The pair and the
scenario world come from steps/ha_pair.py (what the steps share: the `ha_scenario` fixture); the pair's
self-description from steps/ha_status.py. Every HA step takes the `o2g` world (on the HA features
`ha_world`, which resets the pair when first asked), so the pair is set up before the first step acts.
"""

from __future__ import annotations

import json
import time

import allure

from o2g_conformance.checks import NonConformance
from o2g_conformance.client import ApiResponse, FailoverSession, Session
from o2g_conformance.plugin.world import Collector, World
from o2g_conformance.steplib import Role, Roles, given, then, when

from .common import body_of
from .ha_pair import Calls, HaScenario, root
from .telephony import listeners, settle


def _sync(o2g: World, key: str, fs: FailoverSession) -> None:
    """The world acts with the failover session's current session and reads its merged event log."""
    assert fs.session is not None and fs.subscription is not None and fs.subscription.consumer is not None
    o2g.sessions[key] = fs.session
    o2g.collectors[key] = Collector(fs.subscription, fs.subscription.consumer, fs.log)


def _calls(session: Session) -> Calls:
    """callRef -> the (deviceId, state) of its legs, as GET /telephony/calls lists them (read aside)."""
    listed = session.call("telephony.calls.list").raise_for_error()
    out: Calls = {}
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


# -- steps -------------------------------------------------------------------------------------------------------


@given("an O2G HA pair")
def an_ha_pair(o2g: World, ha_scenario: HaScenario) -> None:
    """Precondition: the scenario's world is on an O2G HA pair (fixture `ha_world`: the pair reset, primary active)."""


@given("{who:users} listens? to telephony events through failover")
def listen_with_failover(o2g: World, ha_scenario: HaScenario, who: Roles) -> None:
    """Each user gets an SDK-like failover session subscribed to its telephony events (L2086-2087)."""
    for role in who:
        account = o2g.account(role)
        key = o2g.key(role)
        fs = FailoverSession(
            o2g.client(role),
            account.login,
            account.password,
            [{"names": ["telephony"]}],
            start_timeout=o2g.settings.event_timeout,
        ).start()
        ha_scenario.failover[key] = fs
        old = o2g.sessions.get(key)
        if old is not None and not old.closed:  # the actor now acts with the failover session
            old.close(raise_for_error=False)
        _sync(o2g, key, fs)
        if role not in listeners(o2g):
            listeners(o2g).append(role)
    settle(o2g)  # each listener's snapshot: the oracle knows the calls in progress


@when("the O2G pair (?P<how>switches over|loses its active server|fails back to the primary server)")
def switch(o2g: World, ha_scenario: HaScenario, how: str) -> None:
    """Notes every listener's calls (telephony.calls.list), sessions and failovers, then switches the pair."""
    ha = ha_scenario
    ha.calls_before = {key: _calls(fs.session) for key, fs in ha.failover.items() if fs.session is not None}
    ha.old_sessions = dict(o2g.sessions)
    ha.failovers_before = {k: fs.failovers for k, fs in ha.failover.items()}
    pair = ha.pair
    ha.switched_at = time.monotonic()
    if how == "switches over":
        pair.act("switchover")
    elif how == "loses its active server":
        pair.act("fail", {"server": "active"})
    else:
        pair.act("failback")
    _follow_active(o2g, ha)


def _follow_active(o2g: World, ha: HaScenario) -> None:
    """Actors without a failover session: their sessions died with the server; their clients move to the
    server that serves now, where they open new sessions when next used."""
    pair = ha.pair
    serving = next(
        (url for url in (pair.primary, pair.secondary) if (r := root(pair, url)) is not None and r.status_code == 200),
        None,
    )
    for key, session in list(o2g.sessions.items()):
        if key not in ha.failover:
            session.closed = True
            del o2g.sessions[key]
            o2g.credentials.pop(key, None)
    for key, client in o2g.clients.items():
        if key not in ha.failover and serving is not None:
            client.switch_host(serving)


@when("the failed O2G server comes back as standby")
def comes_back(o2g: World, ha_scenario: HaScenario) -> None:
    """The failed server is restored as standby (emulator control or operator hook `ha-restore`)."""
    ha_scenario.pair.act("restore", {"server": "failed"})
    _follow_active(o2g, ha_scenario)


@when("the OXE call server switches over")
def oxe_switchover(o2g: World, ha_scenario: HaScenario) -> None:
    """The OXE's main call server fails; the CTI link comes back on the secondary one 45 s later."""
    ha_scenario.pair.act("oxe-switchover", {"downSeconds": 45})


@then("the events of {who:users} flow again within the recovery bound")
def flow_again(o2g: World, ha_scenario: HaScenario, who: Roles) -> None:
    """Each failover session saw the failure and recovered on the new active server within the bound."""
    pair = ha_scenario.pair
    failovers_before = ha_scenario.failovers_before
    for role in who:
        key = o2g.key(role)
        fs = ha_scenario.failover[key]
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
        if record.recovered is not None and ha_scenario.switched_at is not None:
            measures["since_switch_command_seconds"] = record.recovered - ha_scenario.switched_at
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


@then("{who:users} still (?:has|have) (?:its|their) calls with the same callRefs?")
def same_calls(o2g: World, ha_scenario: HaScenario, who: Roles) -> None:
    """Reads telephony.calls.list: the PBX's calls survive the switch (same callRefs, legs and states, none twice)."""
    before = ha_scenario.calls_before
    for role in who:
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


@then("user {role}'s telephonic state agrees with a snapshot on its new subscription")
def state_agrees(o2g: World, ha_scenario: HaScenario, role: Role) -> None:
    """GET /telephony/state and the OnTelephonyState of a snapshot (L4557-4593) name the calls noted."""
    state = body_of(o2g.aside(role, "telephony.state.get").raise_for_error()) or {}
    o2g.aside(role, "telephony.state.snapshot").raise_for_error()
    login = o2g.account(role).login
    event = o2g.events(role).wait_for(
        "OnTelephonyState", where={"loginName": login}, timeout=o2g.settings.event_timeout
    )
    got = sorted(str(c.get("callRef")) for c in state.get("calls") or [])
    snap = sorted(str(c.get("callRef")) for c in (event.get("state") or {}).get("calls") or [])
    noted = sorted(ha_scenario.calls_before.get(o2g.key(role), {}))
    if not (got == snap == noted):
        raise NonConformance(
            "telephonic state, snapshot and the calls before the switch agree",
            op_id="telephony.state.get",
            documented={"before the switch": noted},
            received={"GET /telephony/state": got, "snapshot": snap},
        )


@then("user {role}'s client saw its event channel end")
def channel_ended(o2g: World, ha_scenario: HaScenario, role: Role) -> None:
    """The old channel did not stay silently open: the client noticed (a broken or ended stream)."""
    key = o2g.key(role)
    fs = ha_scenario.failover[key]
    fs.wait_failovers(ha_scenario.failovers_before.get(key, 0) + 1, o2g.settings.event_timeout)
    reasons = [r.reason for r in fs.report()]
    if not reasons or reasons[-1] not in ("broken channel", "channel ended", "failed keepalive"):
        raise NonConformance(
            "the event channel of a server that stops ends (wire-facts, Events 4; High availability)",
            documented="the client sees its channel end",
            received=reasons or "no failure seen",
        )


@then("no event of {who:users} was seen twice across the switch")
def none_twice(o2g: World, ha_scenario: HaScenario, who: Roles) -> None:
    """Checks that no failover record of the users names an event delivered twice (old and new subscription)."""
    for role in who:
        fs = ha_scenario.failover[o2g.key(role)]
        twice = [e for r in fs.report() for e in r.duplicates]
        if twice:
            raise NonConformance(
                "a new subscription does not replay the old one's events",
                documented="no event twice",
                received=[e.get("eventName") for e in twice],
            )


@when("user {role} uses its session of the failed server on the new active server", target_fixture="answer")
def old_session(o2g: World, ha_scenario: HaScenario, role: Role) -> ApiResponse:
    """Sends telephony.calls.list to the new active server with the old session's AlcUserId cookie."""
    old = ha_scenario.old_sessions.get(o2g.key(role))
    if old is None:
        raise AssertionError(f"user {role} had no session before the switch")
    return o2g.send(role, "telephony.calls.list", headers={"Cookie": f"AlcUserId={old.credential.token}"})


@given("users A and B have a call that is (?P<state>established|on hold|ringing)")
def call_between(o2g: World, state: str) -> None:
    """A calls B: B answers (established), then A holds it (on hold); or B's set still rings (ringing)."""
    from .telephony_calls import has_called, has_held, in_call

    if state == "ringing":
        has_called(o2g, "A", "user B")
    else:
        in_call(o2g, "A", "user B")
        if state == "on hold":
            has_held(o2g, "A", "user B")


@when("user {role} releases the call noted before the switch", target_fixture="answer")
def release_noted(o2g: World, ha_scenario: HaScenario, role: Role) -> ApiResponse:
    """Sends telephony.calls.release (L2780-2800) of the callRef noted before the switch: it still works."""
    refs = list(ha_scenario.calls_before.get(o2g.key(role), {}))
    if len(refs) != 1:
        raise AssertionError(f"user {role} had {len(refs)} calls before the switch, expected one")
    ha_scenario.released = refs[0]
    return o2g.send(role, "telephony.calls.release", path={"callRef": refs[0]}).raise_for_error()


@then("{who:users} see that call removed")
def removed(o2g: World, ha_scenario: HaScenario, who: Roles) -> None:
    """OnCallRemoved (L5863-5888) of that callRef, after the switch, on the new subscription."""
    ref = ha_scenario.released
    if ref is None:
        raise AssertionError("harness error: no call was released after the switch (When user X releases the call)")
    for role in who:
        log = o2g.events(role)
        log.wait_for("OnCallRemoved", where={"callRef": ref}, timeout=o2g.settings.event_timeout)
        # Whatever else the release caused (state changes, user state) belongs to this step too.
        for event in log.unconsumed():
            log.wait_for(event.get("eventName"), where={k: event[k] for k in event if k == "callRef"}, timeout=0)


@then("the call-state oracle accepts the events of {who:users} across the switch")
def oracle_accepts(o2g: World, who: Roles) -> None:
    """Every channel's history, old and new subscription merged, passes the call-state oracle."""
    o2g.check_call_states()
