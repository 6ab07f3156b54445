"""Steps of the Call Center Pilot: monitoring pilots, calls of the external party to a pilot, pilot events.

The external party calls through the emulator's telephony control routes (`@needs-control:phone`); its
call is hung up when the scenario ends, whatever it became. Monitorings a scenario starts are stopped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from o2g_conformance.checks import NonConformance, check_event
from o2g_conformance.client import ApiResponse
from o2g_conformance.plugin.fixtures import Undo
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import Actor, Role, given, then, when

from .acd import UNKNOWN_NUMBER, AcdNotes, at_end, ccd_node, first_pilot, ok, proacd, restore_logged_off, state
from .common import target_version
from .events import log_of
from .telephony import EXTERNAL_NUMBER

START, STOP = "acd.pilotmonitoring.start", "acd.pilotmonitoring.stop"
NODE_START, NODE_STOP = "acd.pilotmonitoring.node.start", "acd.pilotmonitoring.node.stop"
#: A node number no O2G manages.
UNKNOWN_NODE = "999"


@dataclass
class PilotNotes:
    """What the pilot steps of one scenario registered: the pilots whose monitoring stops at the end."""

    monitoring_stopped_at_end: set[str] = field(default_factory=set)


@pytest.fixture
def pilot_notes() -> PilotNotes:
    """The pilot steps' notes of the scenario."""
    return PilotNotes()


@pytest.fixture
def acd_pilot_call() -> str:
    """The callRef of the external party's call to the first pilot (from OnPilotCallCreated)."""
    raise AssertionError("harness error: no step received OnPilotCallCreated for the external party's call")


def _stop_at_end(o2g: World, undo: Undo, notes: PilotNotes, pilot: str) -> None:
    """The monitoring of `pilot` is stopped when the scenario ends (registered once per pilot)."""
    if pilot not in notes.monitoring_stopped_at_end:
        notes.monitoring_stopped_at_end.add(pilot)
        undo.append(
            (f"the monitoring of pilot {pilot}", at_end(o2g, "administrator", STOP, path={"pilotNumber": pilot}))
        )


def _monitoring(pilot: str, node: str | None = None) -> dict[str, str]:
    """The path of a pilot monitoring request (the deprecated ones name the node too)."""
    return {"pilotNumber": pilot, **({"nodeId": node} if node is not None else {})}


@given("the administrator monitors the first pilot")
def given_monitors(o2g: World, undo: Undo, acd_notes: AcdNotes, pilot_notes: PilotNotes) -> None:
    """Precondition: the administrator monitors the first pilot (acd.pilotmonitoring.start); stopped at the end."""
    pilot = first_pilot(o2g, acd_notes)
    _stop_at_end(o2g, undo, pilot_notes, pilot)
    ok(o2g.aside("administrator", START, path={"pilotNumber": pilot}), "monitoring the first pilot")


@when("{actor} monitors the first pilot", target_fixture="answer")
def monitors(o2g: World, undo: Undo, acd_notes: AcdNotes, pilot_notes: PilotNotes, actor: Actor) -> ApiResponse:
    """Sends acd.pilotmonitoring.start on the first pilot; its monitoring is stopped at the end."""
    pilot = first_pilot(o2g, acd_notes)
    _stop_at_end(o2g, undo, pilot_notes, pilot)
    return o2g.send(actor, START, path=_monitoring(pilot))


@when("{actor} monitors an unknown pilot", target_fixture="answer")
def monitors_unknown(o2g: World, undo: Undo, pilot_notes: PilotNotes, actor: Actor) -> ApiResponse:
    """Sends acd.pilotmonitoring.start on a number no pilot has."""
    _stop_at_end(o2g, undo, pilot_notes, UNKNOWN_NUMBER)
    return o2g.send(actor, START, path=_monitoring(UNKNOWN_NUMBER))


@when("{actor} stops monitoring the first pilot", target_fixture="answer")
def stops(o2g: World, acd_notes: AcdNotes, actor: Actor) -> ApiResponse:
    """Sends acd.pilotmonitoring.stop on the first pilot."""
    return o2g.send(actor, STOP, path=_monitoring(first_pilot(o2g, acd_notes)))


@when("{actor} stops monitoring an unknown pilot", target_fixture="answer")
def stops_unknown(o2g: World, actor: Actor) -> ApiResponse:
    """Sends acd.pilotmonitoring.stop on a number no pilot has."""
    return o2g.send(actor, STOP, path=_monitoring(UNKNOWN_NUMBER))


@when("{actor} monitors the first pilot on its node", target_fixture="answer")
def monitors_on_node(o2g: World, undo: Undo, acd_notes: AcdNotes, pilot_notes: PilotNotes, actor: Actor) -> ApiResponse:
    """Sends acd.pilotmonitoring.node.start on the first pilot and the call center's node; stopped at the end."""
    pilot = first_pilot(o2g, acd_notes)
    _stop_at_end(o2g, undo, pilot_notes, pilot)
    return o2g.send(actor, NODE_START, path=_monitoring(pilot, ccd_node(o2g)))


@when("{actor} monitors the first pilot on a node that does not exist", target_fixture="answer")
def monitors_unknown_node(
    o2g: World, undo: Undo, acd_notes: AcdNotes, pilot_notes: PilotNotes, actor: Actor
) -> ApiResponse:
    """Sends acd.pilotmonitoring.node.start on the first pilot and a node no O2G manages."""
    pilot = first_pilot(o2g, acd_notes)
    _stop_at_end(o2g, undo, pilot_notes, pilot)
    return o2g.send(actor, NODE_START, path=_monitoring(pilot, UNKNOWN_NODE))


@when('{actor} monitors the first pilot on the node "{node:text}"', target_fixture="answer")
def monitors_named_node(
    o2g: World, undo: Undo, acd_notes: AcdNotes, pilot_notes: PilotNotes, actor: Actor, node: str
) -> ApiResponse:
    """Sends acd.pilotmonitoring.node.start on the first pilot and the node as written (nodeId: int, L14375)."""
    pilot = first_pilot(o2g, acd_notes)
    _stop_at_end(o2g, undo, pilot_notes, pilot)
    return o2g.send(actor, NODE_START, path=_monitoring(pilot, node))


@when("{actor} stops monitoring the first pilot on its node", target_fixture="answer")
def stops_on_node(o2g: World, acd_notes: AcdNotes, actor: Actor) -> ApiResponse:
    """Sends acd.pilotmonitoring.node.stop on the first pilot and the call center's node."""
    return o2g.send(actor, NODE_STOP, path=_monitoring(first_pilot(o2g, acd_notes), ccd_node(o2g)))


@when("{actor} stops monitoring an unknown pilot on the node of the call center", target_fixture="answer")
def stops_unknown_on_node(o2g: World, actor: Actor) -> ApiResponse:
    """Sends acd.pilotmonitoring.node.stop on a number no pilot has, on the call center's node."""
    return o2g.send(actor, NODE_STOP, path=_monitoring(UNKNOWN_NUMBER, ccd_node(o2g)))


@given("{actor} listens to the events of the first pilot")
def listens_to_pilot(o2g: World, acd_notes: AcdNotes, actor: Actor) -> None:
    """The actor subscribes to the events of the first pilot (a "pilot" selector of pilot numbers, L2103)."""
    selectors = [{"names": ["pilot"], "ids": [first_pilot(o2g, acd_notes)]}]
    o2g.collect(actor, selectors, wait=o2g.settings.event_timeout)


# -- calls to a pilot -----------------------------------------------------------------------------------------


def pilot_call(o2g: World, undo: Undo, notes: AcdNotes | None = None) -> None:
    """The external party calls the first pilot; it hangs up when the scenario ends."""

    def hang_up() -> None:
        try:
            o2g.control.post(f"/telephony/external/{EXTERNAL_NUMBER}/hangup", {})
        except Exception:  # the call is already over: nothing to hang up
            return

    undo.append(("the external party's call to the first pilot", hang_up))
    o2g.control.post("/telephony/external/calls", {"from": EXTERNAL_NUMBER, "to": first_pilot(o2g, notes)})


@when("the external party calls the first pilot")
def calls_pilot(o2g: World, undo: Undo, acd_notes: AcdNotes) -> None:
    """The external party calls the first pilot (emulator control: telephony/external/calls); hung up at the end."""
    pilot_call(o2g, undo, acd_notes)


@given("the external party calls the first pilot, distributed to {role:user}")
def call_distributed(o2g: World, undo: Undo, acd_notes: AcdNotes, role: Role) -> None:
    """Precondition: the external party calls the first pilot and user {role} is BUSY with it."""
    restore_logged_off(o2g, undo, role, acd_notes)
    pilot_call(o2g, undo, acd_notes)
    sub = state(o2g, role).get("subState")
    if sub != "BUSY":
        raise AssertionError(f"the pilot call was not distributed to user {role}: it is {sub}")


def _pilot_event(o2g: World, actor: str, name: str, where: dict[str, Any]) -> dict[str, Any]:
    """The next pilot event `name` matching `where` in the actor's log, checked against its schema."""
    event = log_of(o2g, actor).wait_for(name, where=where, timeout=o2g.settings.event_timeout)
    check_event(event, target_version(o2g))
    return event


@then(
    "{actor} receives OnPilotCallCreated for the external party's call of the first pilot",
    target_fixture="acd_pilot_call",
)
def receives_created(o2g: World, acd_notes: AcdNotes, actor: Actor) -> str:
    """Checks OnPilotCallCreated of the first pilot with the external party as caller; hands its callRef on."""
    pilot = first_pilot(o2g, acd_notes)
    event = _pilot_event(o2g, actor, "OnPilotCallCreated", {"pilot": pilot, "caller": EXTERNAL_NUMBER})
    call_ref: str = event["callRef"]
    return call_ref


@then("{actor} receives (?P<name>OnPilotCallQueued|OnPilotCallRemoved) for that call with cause (?P<cause>[A-Z_]+)")
def receives_with_cause(
    o2g: World, acd_notes: AcdNotes, acd_pilot_call: str, actor: Actor, name: str, cause: str
) -> None:
    """Checks that call's event and cause (L14509-14538); an abandoned one released by its caller."""
    event = _pilot_event(o2g, actor, name, {"pilot": first_pilot(o2g, acd_notes), "callRef": acd_pilot_call})
    if event.get("cause") != cause:
        raise NonConformance(f"{name}.cause of the call (CallCause, L14509-14538)", documented=cause, received=event)
    if name == "OnPilotCallRemoved" and cause == "ABANDONED" and event.get("releasingDevice") != EXTERNAL_NUMBER:
        raise NonConformance(
            "the caller who gave up released the call (OnPilotCallRemoved.releasingDevice, L14619)",
            documented=EXTERNAL_NUMBER,
            received=event,
        )


@then("{actor} receives OnPilotCallRemoved for that call, distributed to the set of {role:user}")
def receives_distributed(o2g: World, acd_notes: AcdNotes, acd_pilot_call: str, actor: Actor, role: Role) -> None:
    """Checks OnPilotCallRemoved of that call: DISTRIBUTED to user {role}'s set (L14613-14634)."""
    event = _pilot_event(
        o2g, actor, "OnPilotCallRemoved", {"pilot": first_pilot(o2g, acd_notes), "callRef": acd_pilot_call}
    )
    wanted = {"cause": "DISTRIBUTED", "newDestination": proacd(o2g, role, acd_notes)}
    if any(event.get(k) != v for k, v in wanted.items()):
        raise NonConformance(
            "a distributed call leaves the pilot for the agent's set (OnPilotCallRemoved, L14613-14634)",
            documented=wanted,
            received=event,
        )
