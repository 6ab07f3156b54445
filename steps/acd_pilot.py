"""Steps of the Call Center Pilot: monitoring pilots, calls of the external party to a pilot, pilot events.

The external party calls through the emulator's telephony control routes (`@needs-control:phone`); its
call is hung up when the scenario ends, whatever it became. Monitorings a scenario starts are stopped.
"""

from __future__ import annotations

from typing import Any

from pytest_bdd import parsers

from o2g_conformance.checks import NonConformance, check_event
from o2g_conformance.plugin.fixtures import Undo
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import given, then, when

from .acd import UNKNOWN_NUMBER, at_end, ccd_node, first_pilot, ok, proacd, restore_logged_off, side, state
from .common import ACTOR, actor_name, target_version
from .events import log_of
from .telephony import EXTERNAL_NUMBER

ROLE = r"user \"?(?P<role>[A-Z])\"?"
START, STOP = "acd.pilotmonitoring.start", "acd.pilotmonitoring.stop"
NODE_START, NODE_STOP = "acd.pilotmonitoring.node.start", "acd.pilotmonitoring.node.stop"
#: A node number no O2G manages.
UNKNOWN_NODE = "999"


def _stop_at_end(o2g: World, undo: Undo, pilot: str) -> None:
    key = f"acd.monitor-undo:{pilot}"
    if not o2g.values.get(key):
        o2g.values[key] = True
        undo.append(
            (f"the monitoring of pilot {pilot}", at_end(o2g, "administrator", STOP, path={"pilotNumber": pilot}))
        )


def _monitor(o2g: World, undo: Undo, actor: str, op_id: str, pilot: str, node: str | None = None) -> None:
    if op_id in (START, NODE_START):
        _stop_at_end(o2g, undo, pilot)
    path = {"pilotNumber": pilot, **({"nodeId": node} if node is not None else {})}
    o2g.response = o2g.session(actor_name(actor)).call(op_id, path=path)


@given("the administrator monitors the first pilot")
def given_monitors(o2g: World, undo: Undo) -> None:
    """Precondition: the administrator monitors the first pilot; undone at the end.

    Set up with acd.pilotmonitoring.start.
    """
    pilot = first_pilot(o2g)
    _stop_at_end(o2g, undo, pilot)
    ok(side(o2g, "administrator", START, path={"pilotNumber": pilot}), "monitoring the first pilot")


@when(parsers.re(ACTOR + r" monitors the first pilot$"))
def monitors(o2g: World, undo: Undo, actor: str) -> None:
    """The actor monitors the first pilot; sends acd.pilotmonitoring.start."""
    _monitor(o2g, undo, actor, START, first_pilot(o2g))


@when(parsers.re(ACTOR + r" monitors an unknown pilot$"))
def monitors_unknown(o2g: World, undo: Undo, actor: str) -> None:
    """The actor monitors an unknown pilot; sends acd.pilotmonitoring.start."""
    _monitor(o2g, undo, actor, START, UNKNOWN_NUMBER)


@when(parsers.re(ACTOR + r" stops monitoring the first pilot$"))
def stops(o2g: World, undo: Undo, actor: str) -> None:
    """The actor stops monitoring the first pilot; sends acd.pilotmonitoring.stop."""
    _monitor(o2g, undo, actor, STOP, first_pilot(o2g))


@when(parsers.re(ACTOR + r" stops monitoring an unknown pilot$"))
def stops_unknown(o2g: World, undo: Undo, actor: str) -> None:
    """The actor stops monitoring an unknown pilot; sends acd.pilotmonitoring.stop."""
    _monitor(o2g, undo, actor, STOP, UNKNOWN_NUMBER)


@when(parsers.re(ACTOR + r" monitors the first pilot on its node$"))
def monitors_on_node(o2g: World, undo: Undo, actor: str) -> None:
    """The actor monitors the first pilot on its node; sends acd.pilotmonitoring.node.start."""
    _monitor(o2g, undo, actor, NODE_START, first_pilot(o2g), ccd_node(o2g))


@when(parsers.re(ACTOR + r" monitors the first pilot on a node that does not exist$"))
def monitors_unknown_node(o2g: World, undo: Undo, actor: str) -> None:
    """The actor monitors the first pilot on a node that does not exist; sends acd.pilotmonitoring.node.start."""
    _monitor(o2g, undo, actor, NODE_START, first_pilot(o2g), UNKNOWN_NODE)


@when(parsers.re(ACTOR + r" monitors the first pilot on the node \"(?P<node>[^\"]+)\"$"))
def monitors_named_node(o2g: World, undo: Undo, actor: str, node: str) -> None:
    """The actor monitors the first pilot on the node "{node}"; sends acd.pilotmonitoring.node.start."""
    _monitor(o2g, undo, actor, NODE_START, first_pilot(o2g), node)


@when(parsers.re(ACTOR + r" stops monitoring the first pilot on its node$"))
def stops_on_node(o2g: World, undo: Undo, actor: str) -> None:
    """The actor stops monitoring the first pilot on its node; sends acd.pilotmonitoring.node.stop."""
    _monitor(o2g, undo, actor, NODE_STOP, first_pilot(o2g), ccd_node(o2g))


@when(parsers.re(ACTOR + r" stops monitoring an unknown pilot on the node of the call center$"))
def stops_unknown_on_node(o2g: World, undo: Undo, actor: str) -> None:
    """The actor stops monitoring an unknown pilot on the node of the call center.

    Sends acd.pilotmonitoring.node.stop.
    """
    _monitor(o2g, undo, actor, NODE_STOP, UNKNOWN_NUMBER, ccd_node(o2g))


@given(parsers.re(ACTOR + r" listens to the events of the first pilot$"))
def listens_to_pilot(o2g: World, actor: str) -> None:
    """The actor subscribes to the events of the first pilot (a "pilot" selector of pilot numbers, L2103)."""
    o2g.collect(actor_name(actor), [{"names": ["pilot"], "ids": [first_pilot(o2g)]}], wait=o2g.settings.event_timeout)


# -- calls to a pilot -----------------------------------------------------------------------------------------


def pilot_call(o2g: World, undo: Undo) -> None:
    """The external party calls the first pilot; it hangs up when the scenario ends."""

    def hang_up() -> None:
        try:
            o2g.control.post(f"/telephony/external/{EXTERNAL_NUMBER}/hangup", {})
        except Exception:  # the call is already over: nothing to hang up
            return

    undo.append(("the external party's call to the first pilot", hang_up))
    o2g.control.post("/telephony/external/calls", {"from": EXTERNAL_NUMBER, "to": first_pilot(o2g)})


@when("the external party calls the first pilot")
def calls_pilot(o2g: World, undo: Undo) -> None:
    """The external party calls the first pilot."""
    pilot_call(o2g, undo)


@given(parsers.re(r"the external party calls the first pilot, distributed to " + ROLE + r"$"))
def call_distributed(o2g: World, undo: Undo, role: str) -> None:
    """Precondition: the external party calls the first pilot, distributed to user {role}; undone at the end.

    Set up with acd.agent.state.get.
    """
    restore_logged_off(o2g, undo, role)
    pilot_call(o2g, undo)
    sub = state(o2g, role).get("subState")
    if sub != "BUSY":
        raise AssertionError(f"the pilot call was not distributed to user {role}: it is {sub}")


def _pilot_event(o2g: World, actor: str, name: str, where: dict[str, Any]) -> dict[str, Any]:
    event = log_of(o2g, actor).wait_for(name, where=where, timeout=o2g.settings.event_timeout)
    check_event(event, target_version(o2g))
    return event


@then(parsers.re(ACTOR + r" receives OnPilotCallCreated for the external party's call of the first pilot$"))
def receives_created(o2g: World, actor: str) -> None:
    """Checks that {actor} receives OnPilotCallCreated for the external party's call of the first pilot."""
    pilot = first_pilot(o2g)
    event = _pilot_event(o2g, actor, "OnPilotCallCreated", {"pilot": pilot, "caller": EXTERNAL_NUMBER})
    o2g.values["acd.pilot-call"] = event["callRef"]


def _that_call(o2g: World) -> dict[str, Any]:
    return {"pilot": first_pilot(o2g), "callRef": o2g.values["acd.pilot-call"]}


@then(
    parsers.re(
        ACTOR + r" receives (?P<name>OnPilotCallQueued|OnPilotCallRemoved) for that call with cause (?P<cause>[A-Z_]+)$"
    )
)
def receives_with_cause(o2g: World, actor: str, name: str, cause: str) -> None:
    """Checks that {actor} receives (OnPilotCallQueued|OnPilotCallRemoved) for that call with cause {cause}."""
    event = _pilot_event(o2g, actor, name, _that_call(o2g))
    if event.get("cause") != cause:
        raise NonConformance(f"{name}.cause of the call (CallCause, L14509-14538)", documented=cause, received=event)
    if name == "OnPilotCallRemoved" and cause == "ABANDONED" and event.get("releasingDevice") != EXTERNAL_NUMBER:
        raise NonConformance(
            "the caller who gave up released the call (OnPilotCallRemoved.releasingDevice, L14619)",
            documented=EXTERNAL_NUMBER,
            received=event,
        )


@then(parsers.re(ACTOR + r" receives OnPilotCallRemoved for that call, distributed to the set of " + ROLE + r"$"))
def receives_distributed(o2g: World, actor: str, role: str) -> None:
    """Checks that {actor} receives OnPilotCallRemoved for that call, distributed to the set of user {role}."""
    event = _pilot_event(o2g, actor, "OnPilotCallRemoved", _that_call(o2g))
    wanted = {"cause": "DISTRIBUTED", "newDestination": proacd(o2g, role)}
    if any(event.get(k) != v for k, v in wanted.items()):
        raise NonConformance(
            "a distributed call leaves the pilot for the agent's set (OnPilotCallRemoved, L14613-14634)",
            documented=wanted,
            received=event,
        )
