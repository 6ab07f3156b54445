"""Steps of the Call Center Real Time: RTI identifiers, the administrator's context, snapshot and changes.

A context a scenario creates is deleted when it ends. Event steps match events by the object number;
the snapshot of "*" filters takes every event of a kind, as many as the identifiers list objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from o2g_conformance.catalog import load_catalog
from o2g_conformance.checks import NonConformance, check_event
from o2g_conformance.client import ApiResponse
from o2g_conformance.plugin.fixtures import Undo
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import Actor, EventName, Role, Roles, given, then, when

from .acd import at_end, first_pilot, number, ok, preferred_group
from .common import answer_object, expect, target_version
from .events import log_of

IDENTIFIERS = "acd.rti.identifiers.get"
LISTS = {
    "agents": "acd.rti.agents.get",
    "pilots": "acd.rti.pilots.get",
    "queues": "acd.rti.queues.get",
    "pgAgents": "acd.rti.pgagents.get",
    "pgOthers": "acd.rti.pgothers.get",
}
EVENTS = {
    "agent": "OnAgentRtiChanged",
    "pilot": "OnPilotRtiChanged",
    "queue": "OnQueueRtiChanged",
    "pgAgent": "OnPGAgentRtiChanged",
    "pgOther": "OnPGOtherRtiChanged",
}
IDENTITY = {"eventName", "name", "firstName", "number", "type"}
CTX = "acd.rti.ctx"
#: The RTI events received after the snapshot, by `kind:number` (what the changes count from).
Snapshot = dict[str, dict[str, Any]]


@dataclass
class RtiNotes:
    """What the real time steps of one scenario keep for the later ones."""

    #: The RTI identifiers, read once per scenario.
    ids: dict[str, list[dict[str, Any]]] | None = None
    #: The deletion of the administrator's context at the end is registered.
    deletion_registered: bool = False
    #: The body of the context the scenario created.
    context: dict[str, Any] | None = None

    def created(self) -> dict[str, Any]:
        if self.context is None:
            raise AssertionError("harness error: no RTI context created yet: a step must create one first")
        return self.context


@pytest.fixture
def rti_notes() -> RtiNotes:
    """The real time steps' notes of the scenario (empty at its start)."""
    return RtiNotes()


@pytest.fixture
def rti_snapshot() -> Snapshot:
    """The snapshot the administrator received, handed on by `has_snapshot`; none before it."""
    raise AssertionError("harness error: no RTI snapshot yet: a Given step must receive it first")


def identifiers(o2g: World, notes: RtiNotes) -> dict[str, list[dict[str, Any]]]:
    """The RTI identifiers (acd.rti.identifiers.get), read once per scenario."""
    if notes.ids is None:
        notes.ids = ok(o2g.aside("administrator", IDENTIFIERS), "reading the RTI identifiers")
    return notes.ids


# -- identifiers ------------------------------------------------------------------------------------------------


@when("{actor} reads all the RTI identifiers", target_fixture="answer")
def read_all(o2g: World, actor: Actor) -> ApiResponse:
    """Sends acd.rti.identifiers.get (every kind of ACD object)."""
    return o2g.send(actor, IDENTIFIERS)


@when(
    "{actor} reads the RTI identifiers of the (?P<kind>agents|pilots|queues|pgAgents|pgOthers)", target_fixture="answer"
)
def read_kind(o2g: World, actor: Actor, kind: str) -> ApiResponse:
    """Sends the RTI identifiers get of one kind (acd.rti.agents.get, .pilots.get, .queues.get, .pgagents.get...)."""
    return o2g.send(actor, LISTS[kind])


@then("the agents' identifiers include {roles:users} with their names")
def agents_include(o2g: World, answer: ApiResponse, roles: Roles) -> None:
    """Checks the RtiObjectIdentifier of each user among the agents: number, name and first name (L15621-15628)."""
    agents = {a.get("number"): a for a in answer_object(answer, "RtiIdentifiers").get("agents") or []}
    for role in roles:
        account = o2g.account(role)
        found = agents.get(number(o2g, role))
        wanted = {"name": account.last_name, "firstName": account.first_name}
        expect(
            answer,
            found is not None and all(v is None or found.get(k) == v for k, v in wanted.items()),
            "RtiObjectIdentifier of an agent: its number, name and first name (L15621-15628)",
            documented={"number": number(o2g, role), **wanted},
            received=found,
        )


@then("the pilots' identifiers include the first pilot")
def pilots_include(o2g: World, answer: ApiResponse) -> None:
    """Checks that the pilots' identifiers answered include the first pilot of the node (acd.management.pilots.list)."""
    pilots = [p.get("number") for p in answer_object(answer, "RtiIdentifiers").get("pilots") or []]
    expect(
        answer,
        first_pilot(o2g) in pilots,
        "the pilots of the call center",
        documented=first_pilot(o2g),
        received=pilots,
    )


@then("there are identifiers of queues and of processing groups of agents")
def queues_and_groups(answer: ApiResponse) -> None:
    """Checks that the RtiIdentifiers answered list queues and pgAgents (L12278-12281)."""
    body = answer_object(answer, "RtiIdentifiers")
    expect(
        answer,
        bool(body.get("queues")) and bool(body.get("pgAgents")),
        "a call center distributes through queues to processing groups (L12278-12281)",
        documented="queues and pgAgents",
        received=body,
    )


@then(r"only the (?P<kind>agents|pilots|queues|pgAgents|pgOthers) are listed, as all the identifiers list them")
def only_kind(o2g: World, answer: ApiResponse, rti_notes: RtiNotes, kind: str) -> None:
    """Checks that only that kind is listed, as acd.rti.identifiers.get lists it (L14659-14668)."""
    body = answer_object(answer, "RtiIdentifiers")
    others = [k for k, v in body.items() if k != kind and v]
    wanted = identifiers(o2g, rti_notes).get(kind) or []
    expect(
        answer,
        not others and body.get(kind) == wanted,
        f"the {kind} identifiers, the same as in all the identifiers (L14659-14668)",
        documented={kind: wanted},
        received=body,
    )


# -- the context ------------------------------------------------------------------------------------------------


def _delete_at_end(o2g: World, undo: Undo, notes: RtiNotes) -> None:
    if not notes.deletion_registered:
        notes.deletion_registered = True
        undo.append(("the RTI context of the administrator", at_end(o2g, "administrator", f"{CTX}.delete")))


def _context(o2g: World, which: str) -> dict[str, Any]:
    """The bodies the steps name."""
    if which == "user F and the first pilot":
        filters = {
            "agentFilter": {"numbers": [number(o2g, "F")], "attributes": ["ServiceState"]},
            "pilotFilter": {"numbers": [first_pilot(o2g)], "attributes": ["State"]},
        }
    elif which == "every queue with all their attributes":
        filters = {"queueFilter": {"numbers": ["*"], "attributes": ["ALL"]}}
    elif which == "every object with all its attributes":
        kinds = ("agentFilter", "pilotFilter", "queueFilter", "pgAgentFilter", "pgOtherFilter")
        filters = {k: {"numbers": ["*"], "attributes": ["ALL"]} for k in kinds}
    elif which == "the service state of user F and its preferred group":
        filters = {
            "agentFilter": {"numbers": [number(o2g, "F")], "attributes": ["ServiceState"]},
            "pgAgentFilter": {"numbers": [preferred_group(o2g, "F")], "attributes": ["NbOfLoggedOnAgents"]},
        }
    elif which == "the waiting calls of the first pilot and of every queue":
        filters = {
            "pilotFilter": {"numbers": [first_pilot(o2g)], "attributes": ["NbOfWaitingCalls"]},
            "queueFilter": {"numbers": ["*"], "attributes": ["NbOfWaitingCalls"]},
        }
    else:
        raise AssertionError(f"no RTI context named {which!r} in steps/acd_realtime.py")
    return {"obsPeriod": 30, "notifFrequency": 10, "filter": filters}


CONTEXTS = (
    r"(?P<which>user F and the first pilot|every queue with all their attributes|every object with all its attributes"
    r"|the service state of user F and its preferred group|the waiting calls of the first pilot and of every queue)"
)


@when("{actor} creates an RTI context observing " + CONTEXTS, target_fixture="answer")
def create(o2g: World, undo: Undo, rti_notes: RtiNotes, actor: Actor, which: str) -> ApiResponse:
    """Sends acd.rti.ctx.create with the context named; an administrator's context is deleted at the end."""
    if actor.is_admin:
        _delete_at_end(o2g, undo, rti_notes)
    rti_notes.context = body = _context(o2g, which)
    return o2g.send(actor, f"{CTX}.create", json=body)


@given("the administrator has an RTI context observing " + CONTEXTS)
def has_context(o2g: World, undo: Undo, rti_notes: RtiNotes, which: str) -> None:
    """Precondition: the administrator's context, created by acd.rti.ctx.create; deleted at the end."""
    _delete_at_end(o2g, undo, rti_notes)
    rti_notes.context = body = _context(o2g, which)
    ok(o2g.aside("administrator", f"{CTX}.create", json=body), "creating the RTI context")


@when(
    r"{actor} creates an RTI context with (?P<field>obsPeriod|notifFrequency) (?P<value>-?\d+)",
    converters={"value": int},
    target_fixture="answer",
)
def create_with(o2g: World, undo: Undo, rti_notes: RtiNotes, actor: Actor, field: str, value: int) -> ApiResponse:
    """Sends acd.rti.ctx.create observing user F and the first pilot, with that obsPeriod or notifFrequency."""
    _delete_at_end(o2g, undo, rti_notes)
    return o2g.send(actor, f"{CTX}.create", json={**_context(o2g, "user F and the first pilot"), field: value})


@when("{actor} activates its RTI context", target_fixture="answer")
def activate(o2g: World, actor: Actor) -> ApiResponse:
    """Sends acd.rti.ctx.create without a body: it activates the existing context (L14751-14752)."""
    return o2g.send(actor, f"{CTX}.create")


@when("{actor} changes its RTI context to an observation period of {minutes:count} minutes", target_fixture="answer")
def modify_period(o2g: World, rti_notes: RtiNotes, actor: Actor, minutes: int) -> ApiResponse:
    """Sends acd.rti.ctx.modify: the context created (else user F and the first pilot) with that obsPeriod."""
    context = rti_notes.context or _context(o2g, "user F and the first pilot")
    return o2g.send(actor, f"{CTX}.modify", json={**context, "obsPeriod": minutes})


@when("{actor} changes its RTI context to a notification frequency of {seconds:count} seconds", target_fixture="answer")
def modify_frequency(o2g: World, rti_notes: RtiNotes, actor: Actor, seconds: int) -> ApiResponse:
    """Sends acd.rti.ctx.modify: the context created with that notifFrequency."""
    return o2g.send(actor, f"{CTX}.modify", json={**rti_notes.created(), "notifFrequency": seconds})


@when("{actor} reads its (?P<extended>extended )?RTI context", target_fixture="answer")
def read_context(o2g: World, actor: Actor, extended: str | None) -> ApiResponse:
    """Sends acd.rti.ctx.get, with extended=true for the extended context (L14866)."""
    return o2g.send(actor, f"{CTX}.get", query={"extended": "true"} if extended else None)


@when("{actor} removes its RTI context", target_fixture="answer")
def remove(o2g: World, actor: Actor) -> ApiResponse:
    """Sends acd.rti.ctx.delete."""
    return o2g.send(actor, f"{CTX}.delete")


def _read(o2g: World) -> dict[str, Any]:
    value: dict[str, Any] = ok(o2g.aside("administrator", f"{CTX}.get"), "reading the RTI context")
    return value


@then("the RTI context of the administrator is active, observing user F and the first pilot")
def context_active(o2g: World, answer: ApiResponse) -> None:
    """Checks the context read back by acd.rti.ctx.get: active, with its agent and pilot filters (L14741-14752)."""
    ctx = _read(o2g)
    filters = ctx.get("filter") or {}
    observed = number(o2g, "F") in (filters.get("agentFilter") or {}).get("numbers", []) and first_pilot(o2g) in (
        filters.get("pilotFilter") or {}
    ).get("numbers", [])
    expect(
        answer,
        ctx.get("active") is True and observed,
        "RtiContext: created or activated by POST (L14741-14752), active (L15534), with its filters",
        documented="active, agent and pilot filters",
        received=ctx,
    )


@then("the RTI context of the administrator has an observation period of {minutes:count} minutes")
def context_period(o2g: World, answer: ApiResponse, minutes: int) -> None:
    """Checks RtiContext.obsPeriod read back by acd.rti.ctx.get (L15536)."""
    ctx = _read(o2g)
    expect(
        answer, ctx.get("obsPeriod") == minutes, "RtiContext.obsPeriod (L15536)", documented=str(minutes), received=ctx
    )


@then("the queue filter names every queue of the identifiers and every queue attribute")
def extended_queues(o2g: World, answer: ApiResponse, rti_notes: RtiNotes) -> None:
    """Checks the extended queue filter: every queue of acd.rti.identifiers.get, every QueueAttribute (L14866)."""
    queue_filter = (answer_object(answer, "RtiContext").get("filter") or {}).get("queueFilter") or {}
    queues = sorted(q["number"] for q in identifiers(o2g, rti_notes).get("queues") or [])
    rep = load_catalog().representation("Call Center Real Time", "QueueAttribute")
    attributes = sorted(v for v in (rep.values if rep else ()) if v != "ALL")
    received = {
        "numbers": sorted(queue_filter.get("numbers") or []),
        "attributes": sorted(queue_filter.get("attributes") or []),
    }
    expect(
        answer,
        received == {"numbers": queues, "attributes": attributes},
        'extended mode: "*" and ALL replaced by the actual values (L14866)',
        documented={"numbers": queues, "attributes": attributes},
        received=received,
    )


@then("the administrator has no RTI context")
def no_context(o2g: World, answer: ApiResponse) -> None:
    """Checks that acd.rti.ctx.get answers 404: a removed context is gone."""
    response = o2g.aside("administrator", f"{CTX}.get")
    expect(answer, response.status == 404, "a removed context is gone", documented="404", received=response.status)


# -- snapshot and events ----------------------------------------------------------------------------------------


@when("{actor} asks an RTI snapshot", target_fixture="answer")
def snapshot(o2g: World, actor: Actor) -> ApiResponse:
    """Sends acd.rti.snapshot."""
    return o2g.send(actor, "acd.rti.snapshot")


def _take(o2g: World, kind: str, numbers: list[str]) -> dict[str, dict[str, Any]]:
    log = log_of(o2g, "the administrator")
    out = {}
    for n in numbers:
        event = log.wait_for(EVENTS[kind], where={"number": n}, timeout=o2g.settings.event_timeout)
        check_event(event, target_version(o2g))
        out[n] = event
    return out


@then(
    "the administrator receives {name:event} for every (?P<kind>agent|pilot|queue|pgAgent|pgOther) of the identifiers"
)
def receives_every(o2g: World, rti_notes: RtiNotes, name: EventName, kind: str) -> None:
    """Checks that the administrator receives that RTI event for each object acd.rti.identifiers.get lists."""
    if EVENTS[kind] != name:
        raise AssertionError(f"{name} is not the event of the {kind}s")
    numbers = [str(i["number"]) for i in identifiers(o2g, rti_notes).get(f"{kind}s") or []]
    _take(o2g, kind, numbers)


@given("the administrator has received the RTI snapshot", target_fixture="rti_snapshot")
def has_snapshot(o2g: World, rti_notes: RtiNotes) -> Snapshot:
    """Precondition: acd.rti.snapshot asked, and an event received for every object the context observes."""
    ok(o2g.aside("administrator", "acd.rti.snapshot"), "asking the RTI snapshot")
    filters = rti_notes.created()["filter"]
    seen: Snapshot = {}
    for kind in EVENTS:
        f = filters.get(f"{kind}Filter")
        if f is None:
            continue
        numbers = (
            f["numbers"]
            if "*" not in f["numbers"]
            else [str(i["number"]) for i in identifiers(o2g, rti_notes).get(f"{kind}s") or []]
        )
        for n, event in _take(o2g, kind, numbers).items():
            seen[f"{kind}:{n}"] = event
    return seen


@then(r"the administrator receives OnAgentRtiChanged for {role:user} with the service state (?P<state>\w+) only")
def agent_changed(o2g: World, role: Role, state: str) -> None:
    """Checks that OnAgentRtiChanged of the user carries its serviceState, and only what changed (L14651-14652)."""
    event = _take(o2g, "agent", [number(o2g, role)])[number(o2g, role)]
    changed = set(event) - IDENTITY
    if event.get("serviceState") != state or not changed <= {"serviceState", "serviceStateDate"}:
        raise NonConformance(
            "an event carries the attributes that changed, and only them (L14651-14652)",
            documented=f"serviceState {state} (and its date)",
            received=event,
        )


def _one_more(snapshot: Snapshot, kind: str, n: str, field: str, event: dict[str, Any]) -> None:
    before = snapshot.get(f"{kind}:{n}", {}).get(field)
    if not isinstance(before, int) or event.get(field) != before + 1:
        raise NonConformance(
            f"{EVENTS[kind]}.{field} counts the change (L14651-14652)",
            documented=f"{field} = {before} + 1",
            received=event,
        )


@then(
    "the administrator receives OnPGAgentRtiChanged for the preferred group of {role:user}"
    " with one more agent logged on"
)
def group_changed(o2g: World, rti_snapshot: Snapshot, role: Role) -> None:
    """Checks OnPGAgentRtiChanged of the user's preferred group: nbOfLoggedOnAgents one more than in the snapshot."""
    group = preferred_group(o2g, role)
    _one_more(rti_snapshot, "pgAgent", group, "nbOfLoggedOnAgents", _take(o2g, "pgAgent", [group])[group])


@then("the administrator receives OnPilotRtiChanged for the first pilot with one more waiting call")
def pilot_changed(o2g: World, rti_snapshot: Snapshot) -> None:
    """Checks OnPilotRtiChanged of the first pilot: nbOfWaitingCalls one more than in the snapshot."""
    pilot = first_pilot(o2g)
    _one_more(rti_snapshot, "pilot", pilot, "nbOfWaitingCalls", _take(o2g, "pilot", [pilot])[pilot])


@then("the administrator receives OnQueueRtiChanged for a queue with one more waiting call")
def queue_changed(o2g: World, rti_snapshot: Snapshot) -> None:
    """Checks an OnQueueRtiChanged with nbOfWaitingCalls one more than the queue's in the snapshot."""
    log = log_of(o2g, "the administrator")
    event = log.wait_for(EVENTS["queue"], where=lambda e: "nbOfWaitingCalls" in e, timeout=o2g.settings.event_timeout)
    check_event(event, target_version(o2g))
    _one_more(rti_snapshot, "queue", str(event.get("number")), "nbOfWaitingCalls", event)
