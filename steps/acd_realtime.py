"""Steps of the Call Center Real Time: RTI identifiers, the administrator's context, snapshot and changes.

A context a scenario creates is deleted when it ends. Event steps match events by the object number;
the snapshot of "*" filters takes every event of a kind, as many as the identifiers list objects.
"""

from __future__ import annotations

from typing import Any

from pytest_bdd import parsers

from o2g_conformance.catalog import load_catalog
from o2g_conformance.checks import NonConformance, check_event
from o2g_conformance.plugin.fixtures import Undo
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import given, then, when

from .acd import at_end, body_object, expect, first_pilot, number, ok, preferred_group, side
from .common import ACTOR, actor_name, target_version
from .events import log_of
from .users import roles_in

ROLE = r"user \"?(?P<role>[A-Z])\"?"
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


def identifiers(o2g: World) -> dict[str, list[dict[str, Any]]]:
    if "acd.rti-ids" not in o2g.values:
        o2g.values["acd.rti-ids"] = ok(side(o2g, "administrator", IDENTIFIERS), "reading the RTI identifiers")
    ids: dict[str, list[dict[str, Any]]] = o2g.values["acd.rti-ids"]
    return ids


def _send(o2g: World, actor: str, op_id: str, **kwargs: Any) -> None:
    o2g.response = o2g.session(actor_name(actor)).call(op_id, **kwargs)


# -- identifiers ------------------------------------------------------------------------------------------------


@when(parsers.re(ACTOR + r" reads all the RTI identifiers$"))
def read_all(o2g: World, actor: str) -> None:
    """The actor reads all the RTI identifiers; sends acd.rti.identifiers.get."""
    _send(o2g, actor, IDENTIFIERS)


@when(parsers.re(ACTOR + r" reads the RTI identifiers of the (?P<kind>agents|pilots|queues|pgAgents|pgOthers)$"))
def read_kind(o2g: World, actor: str, kind: str) -> None:
    """The actor reads the RTI identifiers of the (agents|pilots|queues|pgAgents|pgOthers)."""
    _send(o2g, actor, LISTS[kind])


@then(parsers.re(r"the agents' identifiers include users (?P<roles>[A-Z](?:(?:, | and )[A-Z])*) with their names$"))
def agents_include(o2g: World, roles: str) -> None:
    """Checks that the agents' identifiers include users {roles} with their names."""
    agents = {a.get("number"): a for a in body_object(o2g, "RtiIdentifiers").get("agents") or []}
    for role in roles_in(roles):
        account = o2g.account(role)
        found = agents.get(number(o2g, role))
        wanted = {"name": account.last_name, "firstName": account.first_name}
        expect(
            o2g,
            found is not None and all(v is None or found.get(k) == v for k, v in wanted.items()),
            "RtiObjectIdentifier of an agent: its number, name and first name (L15621-15628)",
            documented={"number": number(o2g, role), **wanted},
            received=found,
        )


@then("the pilots' identifiers include the first pilot")
def pilots_include(o2g: World) -> None:
    """Checks that the pilots' identifiers include the first pilot: the pilots of the call center.

    Reads acd.management.pilots.list, users.user.get.
    """
    pilots = [p.get("number") for p in body_object(o2g, "RtiIdentifiers").get("pilots") or []]
    expect(
        o2g, first_pilot(o2g) in pilots, "the pilots of the call center", documented=first_pilot(o2g), received=pilots
    )


@then("there are identifiers of queues and of processing groups of agents")
def queues_and_groups(o2g: World) -> None:
    """Checks that there are identifiers of queues and of processing groups of agents."""
    body = body_object(o2g, "RtiIdentifiers")
    expect(
        o2g,
        bool(body.get("queues")) and bool(body.get("pgAgents")),
        "a call center distributes through queues to processing groups (L12278-12281)",
        documented="queues and pgAgents",
        received=body,
    )


@then(
    parsers.re(
        r"only the (?P<kind>agents|pilots|queues|pgAgents|pgOthers) are listed, as all the identifiers list them$"
    )
)
def only_kind(o2g: World, kind: str) -> None:
    """Checks that only the (agents|pilots|queues|pgAgents|pgOthers) are listed, as all the identifiers list them.

    Reads acd.rti.identifiers.get.
    """
    body = body_object(o2g, "RtiIdentifiers")
    others = [k for k, v in body.items() if k != kind and v]
    wanted = identifiers(o2g).get(kind) or []
    expect(
        o2g,
        not others and body.get(kind) == wanted,
        f"the {kind} identifiers, the same as in all the identifiers (L14659-14668)",
        documented={kind: wanted},
        received=body,
    )


# -- the context ------------------------------------------------------------------------------------------------


def _delete_at_end(o2g: World, undo: Undo) -> None:
    if not o2g.values.get("acd.rti-undo"):
        o2g.values["acd.rti-undo"] = True
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


@when(parsers.re(ACTOR + r" creates an RTI context observing " + CONTEXTS + r"$"))
def create(o2g: World, undo: Undo, actor: str, which: str) -> None:
    """The actor creates an RTI context observing the agents, pilots or queues named; sends acd.rti.ctx.create."""
    if actor_name(actor) == "administrator":
        _delete_at_end(o2g, undo)
    o2g.values["acd.rti-context"] = body = _context(o2g, which)
    _send(o2g, actor, f"{CTX}.create", json=body)


@given(parsers.re(r"the administrator has an RTI context observing " + CONTEXTS + r"$"))
def has_context(o2g: World, undo: Undo, which: str) -> None:
    """Precondition: the administrator has an RTI context observing the objects named; removed at the end.

    Set up with acd.agent.config.get, acd.rti.ctx.create.
    """
    _delete_at_end(o2g, undo)
    o2g.values["acd.rti-context"] = body = _context(o2g, which)
    ok(side(o2g, "administrator", f"{CTX}.create", json=body), "creating the RTI context")


@when(parsers.re(ACTOR + r" creates an RTI context with (?P<field>obsPeriod|notifFrequency) (?P<value>-?\d+)$"))
def create_with(o2g: World, undo: Undo, actor: str, field: str, value: str) -> None:
    """The actor creates an RTI context with (obsPeriod|notifFrequency) {value}; sends acd.rti.ctx.create."""
    _delete_at_end(o2g, undo)
    _send(o2g, actor, f"{CTX}.create", json={**_context(o2g, "user F and the first pilot"), field: int(value)})


@when(parsers.re(ACTOR + r" activates its RTI context$"))
def activate(o2g: World, actor: str) -> None:
    """The actor activates its RTI context; sends acd.rti.ctx.create."""
    _send(o2g, actor, f"{CTX}.create")


@when(parsers.re(ACTOR + r" changes its RTI context to an observation period of (?P<minutes>\d+) minutes$"))
def modify_period(o2g: World, actor: str, minutes: str) -> None:
    """The actor changes its RTI context to an observation period of {minutes} minutes; sends acd.rti.ctx.modify."""
    body = {**o2g.values.get("acd.rti-context", _context(o2g, "user F and the first pilot")), "obsPeriod": int(minutes)}
    _send(o2g, actor, f"{CTX}.modify", json=body)


@when(parsers.re(ACTOR + r" changes its RTI context to a notification frequency of (?P<seconds>\d+) seconds$"))
def modify_frequency(o2g: World, actor: str, seconds: str) -> None:
    """The actor changes its RTI context to a notification frequency of {seconds} seconds; sends acd.rti.ctx.modify."""
    body = {**o2g.values["acd.rti-context"], "notifFrequency": int(seconds)}
    _send(o2g, actor, f"{CTX}.modify", json=body)


@when(parsers.re(ACTOR + r" reads its (?P<extended>extended )?RTI context$"))
def read_context(o2g: World, actor: str, extended: str | None) -> None:
    """The actor reads its [extended ]RTI context; sends acd.rti.ctx.get."""
    _send(o2g, actor, f"{CTX}.get", query={"extended": "true"} if extended else None)


@when(parsers.re(ACTOR + r" removes its RTI context$"))
def remove(o2g: World, actor: str) -> None:
    """The actor removes its RTI context; sends acd.rti.ctx.delete."""
    _send(o2g, actor, f"{CTX}.delete")


def _read(o2g: World) -> dict[str, Any]:
    value: dict[str, Any] = ok(side(o2g, "administrator", f"{CTX}.get"), "reading the RTI context")
    return value


@then(parsers.re(r"the RTI context of the administrator is active, observing user F and the first pilot$"))
def context_active(o2g: World) -> None:
    """Checks that the RTI context of the administrator is active, observing user F and the first pilot.

    Reads acd.rti.ctx.get.
    """
    ctx = _read(o2g)
    filters = ctx.get("filter") or {}
    observed = number(o2g, "F") in (filters.get("agentFilter") or {}).get("numbers", []) and first_pilot(o2g) in (
        filters.get("pilotFilter") or {}
    ).get("numbers", [])
    expect(
        o2g,
        ctx.get("active") is True and observed,
        "RtiContext: created or activated by POST (L14741-14752), active (L15534), with its filters",
        documented="active, agent and pilot filters",
        received=ctx,
    )


@then(parsers.re(r"the RTI context of the administrator has an observation period of (?P<minutes>\d+) minutes$"))
def context_period(o2g: World, minutes: str) -> None:
    """Checks that the RTI context of the administrator has an observation period of {minutes} minutes.

    Reads acd.rti.ctx.get.
    """
    ctx = _read(o2g)
    expect(o2g, ctx.get("obsPeriod") == int(minutes), "RtiContext.obsPeriod (L15536)", documented=minutes, received=ctx)


@then("the queue filter names every queue of the identifiers and every queue attribute")
def extended_queues(o2g: World) -> None:
    """Checks that the queue filter names every queue of the identifiers and every queue attribute.

    Reads acd.rti.identifiers.get.
    """
    queue_filter = (body_object(o2g, "RtiContext").get("filter") or {}).get("queueFilter") or {}
    queues = sorted(q["number"] for q in identifiers(o2g).get("queues") or [])
    rep = load_catalog().representation("Call Center Real Time", "QueueAttribute")
    attributes = sorted(v for v in (rep.values if rep else ()) if v != "ALL")
    received = {
        "numbers": sorted(queue_filter.get("numbers") or []),
        "attributes": sorted(queue_filter.get("attributes") or []),
    }
    expect(
        o2g,
        received == {"numbers": queues, "attributes": attributes},
        'extended mode: "*" and ALL replaced by the actual values (L14866)',
        documented={"numbers": queues, "attributes": attributes},
        received=received,
    )


@then("the administrator has no RTI context")
def no_context(o2g: World) -> None:
    """Checks that the administrator has no RTI context: a removed context is gone (via acd.rti.ctx.get)."""
    response = side(o2g, "administrator", f"{CTX}.get")
    expect(o2g, response.status == 404, "a removed context is gone", documented="404", received=response.status)


# -- snapshot and events ----------------------------------------------------------------------------------------


@when(parsers.re(ACTOR + r" asks an RTI snapshot$"))
def snapshot(o2g: World, actor: str) -> None:
    """The actor asks an RTI snapshot; sends acd.rti.snapshot."""
    _send(o2g, actor, "acd.rti.snapshot")


def _take(o2g: World, kind: str, numbers: list[str]) -> dict[str, dict[str, Any]]:
    log = log_of(o2g, "the administrator")
    out = {}
    for n in numbers:
        event = log.wait_for(EVENTS[kind], where={"number": n}, timeout=o2g.settings.event_timeout)
        check_event(event, target_version(o2g))
        out[n] = event
    return out


@then(
    parsers.re(
        r"the administrator receives (?P<name>On\w+RtiChanged) for every"
        r" (?P<kind>agent|pilot|queue|pgAgent|pgOther) of the identifiers$"
    )
)
def receives_every(o2g: World, name: str, kind: str) -> None:
    """Checks that the administrator receives the named RTI event for every object of that kind in its context.

    Reads acd.rti.identifiers.get.
    """
    if EVENTS[kind] != name:
        raise AssertionError(f"{name} is not the event of the {kind}s")
    numbers = [str(i["number"]) for i in identifiers(o2g).get(f"{kind}s") or []]
    _take(o2g, kind, numbers)


@given("the administrator has received the RTI snapshot")
def has_snapshot(o2g: World) -> None:
    """Precondition: the administrator has received the RTI snapshot; set up with acd.rti.snapshot."""
    ok(side(o2g, "administrator", "acd.rti.snapshot"), "asking the RTI snapshot")
    filters = o2g.values["acd.rti-context"]["filter"]
    seen: dict[str, dict[str, Any]] = {}
    for kind in EVENTS:
        f = filters.get(f"{kind}Filter")
        if f is None:
            continue
        numbers = (
            f["numbers"]
            if "*" not in f["numbers"]
            else [str(i["number"]) for i in identifiers(o2g).get(f"{kind}s") or []]
        )
        for n, event in _take(o2g, kind, numbers).items():
            seen[f"{kind}:{n}"] = event
    o2g.values["acd.rti-snapshot"] = seen


@then(
    parsers.re(
        r"the administrator receives OnAgentRtiChanged for " + ROLE + r" with the service state (?P<state>\w+) only$"
    )
)
def agent_changed(o2g: World, role: str, state: str) -> None:
    """Checks that the administrator receives OnAgentRtiChanged for user {role} with the service state {state} only."""
    event = _take(o2g, "agent", [number(o2g, role)])[number(o2g, role)]
    changed = set(event) - IDENTITY
    if event.get("serviceState") != state or not changed <= {"serviceState", "serviceStateDate"}:
        raise NonConformance(
            "an event carries the attributes that changed, and only them (L14651-14652)",
            documented=f"serviceState {state} (and its date)",
            received=event,
        )


def _one_more(o2g: World, kind: str, n: str, field: str, event: dict[str, Any]) -> None:
    before = o2g.values["acd.rti-snapshot"].get(f"{kind}:{n}", {}).get(field)
    if not isinstance(before, int) or event.get(field) != before + 1:
        raise NonConformance(
            f"{EVENTS[kind]}.{field} counts the change (L14651-14652)",
            documented=f"{field} = {before} + 1",
            received=event,
        )


@then(
    parsers.re(
        r"the administrator receives OnPGAgentRtiChanged for the preferred group of "
        + ROLE
        + r" with one more agent logged on$"
    )
)
def group_changed(o2g: World, role: str) -> None:
    """Checks that the administrator receives OnPGAgentRtiChanged for the preferred group of user {role}."""
    group = preferred_group(o2g, role)
    _one_more(o2g, "pgAgent", group, "nbOfLoggedOnAgents", _take(o2g, "pgAgent", [group])[group])


@then("the administrator receives OnPilotRtiChanged for the first pilot with one more waiting call")
def pilot_changed(o2g: World) -> None:
    """Checks that the administrator receives OnPilotRtiChanged for the first pilot with one more waiting call."""
    pilot = first_pilot(o2g)
    _one_more(o2g, "pilot", pilot, "nbOfWaitingCalls", _take(o2g, "pilot", [pilot])[pilot])


@then("the administrator receives OnQueueRtiChanged for a queue with one more waiting call")
def queue_changed(o2g: World) -> None:
    """Checks that the administrator receives OnQueueRtiChanged for a queue with one more waiting call."""
    log = log_of(o2g, "the administrator")
    event = log.wait_for(EVENTS["queue"], where=lambda e: "nbOfWaitingCalls" in e, timeout=o2g.settings.event_timeout)
    check_event(event, target_version(o2g))
    _one_more(o2g, "queue", str(event.get("number")), "nbOfWaitingCalls", event)
