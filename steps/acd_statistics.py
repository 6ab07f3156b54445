"""Steps of the Call Center Statistics: supervisors' scopes, their filter, and statistics contexts.

The supervisor is user I, identified by its number; its scope lists users F and G. A scenario sets a
scope only for a supervisor that has none (it skips otherwise: it would replace the target's own) and
deletes it when it ends, with the contexts and schedules it holds. Reports and schedules: see
steps/acd_statistics_reports.py.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest

from o2g_conformance.client import ApiResponse
from o2g_conformance.plugin.fixtures import Undo
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import Actor, Role, Roles, given, then, when

from .acd import at_end, first_pilot, number, ok
from .common import answer_object, expect, precondition

SCOPE = "acdstats.scope"
SECTION = "Call Center Statistics"
LANGUAGE, TIMEZONE = "EN", "+01:00"
#: TIMEZONE as a time difference (the supervisor's day is what its reports count).
OFFSET = timedelta(hours=1)
ATTRIBUTES = ["nbRotating", "convAcdTDur"]
PILOT_ATTRIBUTES = ["nbCallsOpen"]
UNKNOWN = "0"
#: A supervisor as the phrases name it: a user (`who`), or none (an unknown supervisor).
WHO = "(?:{who:user}|an unknown supervisor)"
#: What a context observes: agents of the scope, with or without the first pilot, or the first pilot alone.
CONTEXT_OF = "(?:{agents:users}(?P<with_pilot> and the first pilot)?|(?P<pilot_only>the first pilot))"


@dataclass
class StatsNotes:
    """What the statistics steps of one scenario keep for the later ones (the reports' steps too)."""

    #: The supervisors (roles) whose scope is checked absent and deleted at the end.
    guarded: set[str] = field(default_factory=set)
    #: The scope the scenario set last.
    scope: dict[str, Any] | None = None
    #: The context the scenario created: its id and the body it was created with.
    ctx_id: str | None = None
    ctx_body: dict[str, Any] | None = None

    def scope_set(self) -> dict[str, Any]:
        if self.scope is None:
            raise AssertionError("harness error: no statistics scope set yet: a step must set one first")
        return self.scope

    def context_id(self) -> str:
        if self.ctx_id is None:
            raise AssertionError("harness error: no statistics context created yet: a step must create one first")
        return self.ctx_id

    def context_body(self) -> dict[str, Any]:
        if self.ctx_body is None:
            raise AssertionError("harness error: no statistics context created yet: a step must create one first")
        return self.ctx_body


@pytest.fixture
def stats_notes() -> StatsNotes:
    """The statistics steps' notes of the scenario (empty at its start)."""
    return StatsNotes()


def supervisor_id(o2g: World, role: str = "I") -> str:
    return number(o2g, role)


def _agent(o2g: World, role: str) -> dict[str, Any]:
    account = o2g.account(role)
    out: dict[str, Any] = {"number": number(o2g, role), "loginName": account.login}
    if account.first_name:
        out["firstName"] = account.first_name
    if account.last_name:
        out["lastName"] = account.last_name
    return out


# -- scopes -----------------------------------------------------------------------------------------------------


def _guard_scope(o2g: World, undo: Undo, notes: StatsNotes, role: str) -> None:
    """Only a supervisor without a scope gets one; the scope goes when the scenario ends."""
    if role in notes.guarded:
        return
    sup = supervisor_id(o2g, role)
    if o2g.aside("administrator", f"{SCOPE}.get", path={"supervisorId": sup}).ok:
        precondition(f"supervisor {sup} already has a statistics scope on this target: the scenario would replace it")
    notes.guarded.add(role)
    delete = at_end(o2g, "administrator", f"{SCOPE}.delete", path={"supervisorId": sup})
    undo.append((f"the statistics scope of user {role}", delete))


def _scope_body(o2g: World, notes: StatsNotes, role: str, roles: Sequence[str], **supervisor: Any) -> dict[str, Any]:
    body = {
        "supervisor": {
            "identifier": supervisor_id(o2g, role),
            "language": LANGUAGE,
            "timezone": TIMEZONE,
            **supervisor,
        },
        "agents": [_agent(o2g, r) for r in roles],
    }
    notes.scope = body
    return body


@when("{actor} sets the statistics scope of {role:user} with {roles:users}", target_fixture="answer")
def set_scope(o2g: World, undo: Undo, stats_notes: StatsNotes, actor: Actor, role: Role, roles: Roles) -> ApiResponse:
    """Sends acdstats.scope.set for the supervisor with those agents; an administrator's new scope goes at the end."""
    if actor.is_admin:
        _guard_scope(o2g, undo, stats_notes, role)
    return o2g.send(actor, f"{SCOPE}.set", json=_scope_body(o2g, stats_notes, role, roles))


@given("the administrator has set the statistics scope of {role:user} with {roles:users}")
def has_scope(o2g: World, undo: Undo, stats_notes: StatsNotes, role: Role, roles: Roles) -> None:
    """Precondition: a scope of those agents set by acdstats.scope.set for a supervisor that had none; deleted."""
    _guard_scope(o2g, undo, stats_notes, role)
    body = _scope_body(o2g, stats_notes, role, roles)
    ok(o2g.aside("administrator", f"{SCOPE}.set", json=body), "setting the scope")


@when(
    "{actor} sets the statistics scope of {role:user} with {roles:users}"
    r" and the supervisor (?P<field>identifier|timezone|language) (?P<value>\S+)",
    target_fixture="answer",
)
def set_scope_wrong(
    o2g: World, undo: Undo, stats_notes: StatsNotes, actor: Actor, role: Role, roles: Roles, field: str, value: str
) -> ApiResponse:
    """Sends acdstats.scope.set with that supervisor field (`""`: the empty string); the scope goes at the end."""
    _guard_scope(o2g, undo, stats_notes, role)
    wrong = {field: json.loads(value) if value == '""' else value}
    return o2g.send(actor, f"{SCOPE}.set", json=_scope_body(o2g, stats_notes, role, roles, **wrong))


def scope_of(o2g: World, who: str | None) -> str:
    """The supervisor id of `who` (a role), or one no supervisor has (None: an unknown supervisor)."""
    return UNKNOWN if who is None else supervisor_id(o2g, who)


@when("{actor} reads the statistics scope of " + WHO, target_fixture="answer")
def read_scope(o2g: World, actor: Actor, who: Role | None) -> ApiResponse:
    """Sends acdstats.scope.get for the supervisor."""
    return o2g.send(actor, f"{SCOPE}.get", path={"supervisorId": scope_of(o2g, who)})


@when("{actor} deletes the statistics scope of " + WHO, target_fixture="answer")
def delete_scope(o2g: World, actor: Actor, who: Role | None) -> ApiResponse:
    """Sends acdstats.scope.delete for the supervisor."""
    return o2g.send(actor, f"{SCOPE}.delete", path={"supervisorId": scope_of(o2g, who)})


@when("{actor} reads the statistics filter of " + WHO, target_fixture="answer")
def read_filter(o2g: World, actor: Actor, who: Role | None) -> ApiResponse:
    """Sends acdstats.filter.get for the supervisor."""
    return o2g.send(actor, "acdstats.filter.get", path={"supervisorId": scope_of(o2g, who)})


def _read_scope(o2g: World, role: str) -> ApiResponse:
    return o2g.aside("administrator", f"{SCOPE}.get", path={"supervisorId": supervisor_id(o2g, role)})


@then("the statistics scope of {role:user} reads back as it was set")
def scope_back(o2g: World, answer: ApiResponse, stats_notes: StatsNotes, role: Role) -> None:
    """Checks that acdstats.scope.get reads back the SupervisorData of the scope set (L18468-18479)."""
    read = ok(_read_scope(o2g, role), "reading the scope")
    wanted = stats_notes.scope_set()["supervisor"]
    expect(answer, read == wanted, "SupervisorData of the scope set (L18468-18479)", documented=wanted, received=read)


@then("the supervisor is {role:user}, in the language and time zone it was given")
def supervisor_is(answer: ApiResponse, stats_notes: StatsNotes, role: Role) -> None:
    """Checks that the SupervisorData answered is the one of the scope set (L18468-18479)."""
    body = answer_object(answer, "SupervisorData")
    wanted = stats_notes.scope_set()["supervisor"]
    expect(answer, body == wanted, "SupervisorData (L18468-18479)", documented=wanted, received=body)


@then("{role:user} has no statistics scope")
def no_scope(o2g: World, answer: ApiResponse, role: Role) -> None:
    """Checks that acdstats.scope.get answers 404: a deleted scope is gone."""
    status = _read_scope(o2g, role).status
    expect(answer, status == 404, "a deleted scope is gone", documented=404, received=status)


@then("the filter details {roles:users} and every attribute with its nomenclature reference")
def filter_details(o2g: World, answer: ApiResponse, roles: Roles) -> None:
    """Checks StatsFilterResp: the agents of the scope, each attribute with its DTO and reference (L18314-18352)."""
    body = answer_object(answer, "StatsFilterResp")
    agent_filter = body.get("agentFilter") or {}
    numbers = [a.get("number") for a in agent_filter.get("agentsDetails") or []]
    exts = [
        *(agent_filter.get("agentAttrExts") or []),
        *(agent_filter.get("pilotAttrExts") or []),
        *((body.get("pilotFilter") or {}).get("attrExts") or []),
    ]
    wrong = [e for e in exts if not e.get("dto") or not e.get("ref")]
    expect(
        answer,
        numbers == [number(o2g, r) for r in roles] and bool(exts) and not wrong,
        "StatsFilterResp: the agents of the scope, each attribute with its DTO name and reference (L18314-18352)",
        documented="agentsDetails of the scope, attrExts with dto and ref",
        received={"agents": numbers, "without dto or ref": wrong[:3], "attributes": len(exts)},
    )


# -- contexts ---------------------------------------------------------------------------------------------------


def _ctx_body(o2g: World, agents: Sequence[str] | None, pilot: bool) -> dict[str, Any]:
    """The body of a context observing those agents (the context's attributes) and/or the first pilot."""
    agent_filter = {"agentFilter": {"numbers": [], "agentAttributes": ATTRIBUTES}}
    pilot_filter = {"pilotFilter": {"numbers": [first_pilot(o2g)], "attributes": PILOT_ATTRIBUTES}}
    body: dict[str, Any] = {"label": "conformance", "description": "agents of the scope", "filter": {}}
    if pilot:
        body["filter"].update(pilot_filter)
    if agents:
        agent_filter["agentFilter"]["numbers"] = [number(o2g, r) for r in agents]
        body["filter"].update(agent_filter)
    return body


def ctx_path(o2g: World, notes: StatsNotes, *, unknown: bool = False) -> dict[str, str]:
    """The path of the context the scenario created (or of one no context has)."""
    return {"supervisorId": supervisor_id(o2g), "ctxId": UNKNOWN if unknown else notes.context_id()}


@when("{actor} creates a statistics context of {role:user} for " + CONTEXT_OF, target_fixture="answer")
def create_context(
    o2g: World,
    stats_notes: StatsNotes,
    actor: Actor,
    role: Role,
    agents: Roles | None,
    with_pilot: str | None,
    pilot_only: str | None,
) -> ApiResponse:
    """Sends acdstats.ctx.create for the supervisor; the id of the context created (RespId) is noted."""
    stats_notes.ctx_body = body = _ctx_body(o2g, agents, bool(with_pilot or pilot_only))
    response = o2g.send(actor, "acdstats.ctx.create", path={"supervisorId": supervisor_id(o2g, role)}, json=body)
    if response.ok and isinstance(response.json, dict):
        stats_notes.ctx_id = str(response.json.get("id"))
    return response


@when("{actor} creates a statistics context of an unknown supervisor", target_fixture="answer")
def create_context_unknown(o2g: World, actor: Actor) -> ApiResponse:
    """Sends acdstats.ctx.create for a supervisor id no supervisor has (a context of users F and G)."""
    body = _ctx_body(o2g, ("F", "G"), False)
    return o2g.send(actor, "acdstats.ctx.create", path={"supervisorId": UNKNOWN}, json=body)


@given("the administrator has created a statistics context of {role:user} for " + CONTEXT_OF)
def has_context(
    o2g: World,
    stats_notes: StatsNotes,
    role: Role,
    agents: Roles | None,
    with_pilot: str | None,
    pilot_only: str | None,
) -> None:
    """Precondition: a context of the supervisor created by acdstats.ctx.create, its id noted."""
    stats_notes.ctx_body = body = _ctx_body(o2g, agents, bool(with_pilot or pilot_only))
    created = ok(
        o2g.aside("administrator", "acdstats.ctx.create", path={"supervisorId": supervisor_id(o2g, role)}, json=body),
        "creating a context",
    )
    stats_notes.ctx_id = str(created["id"])


def read_ctx(o2g: World, notes: StatsNotes) -> ApiResponse:
    """The context the scenario created, read by acdstats.ctx.get (besides the scenario's answer)."""
    return o2g.aside("administrator", "acdstats.ctx.get", path=ctx_path(o2g, notes))


@then(r'that context reads back with (?:its label|the label "{label:text}") and its (?P<kind>agent|pilot) filter')
def context_back(o2g: World, answer: ApiResponse, stats_notes: StatsNotes, label: str | None, kind: str) -> None:
    """Checks the StatsContext read back by acdstats.ctx.get: its label and that filter as sent (L18237-18271)."""
    read = ok(read_ctx(o2g, stats_notes), "reading the context")
    sent = stats_notes.context_body()
    wanted_filter = sent["filter"][f"{kind}Filter"]
    got_filter = (read.get("filter") or {}).get(f"{kind}Filter") or {}
    same = all(got_filter.get(k) == v for k, v in wanted_filter.items())
    expect(
        answer,
        read.get("label") == (label or sent["label"]) and same and read.get("ctxId") == stats_notes.context_id(),
        "StatsContext as created or updated (L18237-18271)",
        documented={"label": label or sent["label"], "filter": {f"{kind}Filter": wanted_filter}},
        received=read,
    )


@then("that context reads back with its pilot filter")
def context_back_pilot(o2g: World, answer: ApiResponse, stats_notes: StatsNotes) -> None:
    """Checks the StatsContext read back by acdstats.ctx.get: its label and its pilot filter (L18237-18271)."""
    context_back(o2g, answer, stats_notes, None, "pilot")


@then("that context observes {role:user} only")
def context_observes(o2g: World, answer: ApiResponse, stats_notes: StatsNotes, role: Role) -> None:
    """Checks that acdstats.ctx.get shows the context's agents reduced to the new scope (L15699-15701)."""
    read = ok(read_ctx(o2g, stats_notes), "reading the context")
    numbers = ((read.get("filter") or {}).get("agentFilter") or {}).get("numbers")
    expect(
        answer,
        numbers == [number(o2g, role)],
        "agents no longer in the scope are deleted from the existing contexts (L15699-15701)",
        documented=[number(o2g, role)],
        received=numbers,
    )


@when("{actor} lists the statistics contexts of " + WHO, target_fixture="answer")
def list_contexts(o2g: World, actor: Actor, who: Role | None) -> ApiResponse:
    """Sends acdstats.ctx.list for the supervisor."""
    return o2g.send(actor, "acdstats.ctx.list", path={"supervisorId": scope_of(o2g, who)})


@then("the contexts are that context only")
def contexts_only(answer: ApiResponse, stats_notes: StatsNotes) -> None:
    """Checks that the StatsContexts answered list the context created, and it only."""
    ids = [c.get("ctxId") for c in answer_object(answer, "StatsContexts").get("contexts") or []]
    expect(
        answer,
        ids == [stats_notes.context_id()],
        "the contexts of the supervisor",
        documented=[stats_notes.context_id()],
        received=ids,
    )


@when(r'{actor} reads (?P<which>that|an unknown) statistics context(?: of user "?I"?)?', target_fixture="answer")
def read_context(o2g: World, stats_notes: StatsNotes, actor: Actor, which: str) -> ApiResponse:
    """Sends acdstats.ctx.get for the context created (or an unknown one)."""
    return o2g.send(actor, "acdstats.ctx.get", path=ctx_path(o2g, stats_notes, unknown=which == "an unknown"))


@then("the context names its identifier and its supervisor, and is not scheduled")
def context_names(o2g: World, answer: ApiResponse, stats_notes: StatsNotes) -> None:
    """Checks the StatsContext answered: ctxId, supervisorId and isScheduled false (L18237-18271)."""
    body = answer_object(answer, "StatsContext")
    wanted = {"ctxId": stats_notes.context_id(), "supervisorId": supervisor_id(o2g), "isScheduled": False}
    expect(
        answer,
        all(body.get(k) == v for k, v in wanted.items()),
        "StatsContext (L18237-18271)",
        documented=wanted,
        received=body,
    )


@when(
    r'{actor} renames (?P<which>that|an unknown) statistics context(?: of user "?I"?)?(?: "{label:text}")?',
    target_fixture="answer",
)
def rename(o2g: World, stats_notes: StatsNotes, actor: Actor, which: str, label: str | None) -> ApiResponse:
    """Sends acdstats.ctx.update with the label given (else "renamed") for the context (or an unknown one)."""
    path = ctx_path(o2g, stats_notes, unknown=which == "an unknown")
    return o2g.send(actor, "acdstats.ctx.update", path=path, json={"label": label or "renamed"})


@when("{actor} changes that statistics context to observe {role:user}", target_fixture="answer")
def change_context(o2g: World, stats_notes: StatsNotes, actor: Actor, role: Role) -> ApiResponse:
    """Sends acdstats.ctx.update with an agent filter of that user alone."""
    body = {"filter": {"agentFilter": {"numbers": [number(o2g, role)], "agentAttributes": ATTRIBUTES}}}
    return o2g.send(actor, "acdstats.ctx.update", path=ctx_path(o2g, stats_notes), json=body)


@when(r'{actor} deletes (?P<which>that|an unknown) statistics context(?: of user "?I"?)?', target_fixture="answer")
def delete_context(o2g: World, stats_notes: StatsNotes, actor: Actor, which: str) -> ApiResponse:
    """Sends acdstats.ctx.delete for the context created (or an unknown one)."""
    return o2g.send(actor, "acdstats.ctx.delete", path=ctx_path(o2g, stats_notes, unknown=which == "an unknown"))


@then("that statistics context no longer exists")
def context_gone(o2g: World, answer: ApiResponse, stats_notes: StatsNotes) -> None:
    """Checks that acdstats.ctx.get answers 404: a deleted context is gone."""
    status = read_ctx(o2g, stats_notes).status
    expect(answer, status == 404, "a deleted context is gone", documented=404, received=status)


@when("{actor} deletes every statistics context of " + WHO, target_fixture="answer")
def delete_contexts(o2g: World, actor: Actor, who: Role | None) -> ApiResponse:
    """Sends acdstats.ctx.delete_all for the supervisor."""
    return o2g.send(actor, "acdstats.ctx.delete_all", path={"supervisorId": scope_of(o2g, who)})


@then("{role:user} has no statistics context")
def no_contexts(o2g: World, answer: ApiResponse, role: Role) -> None:
    """Checks that acdstats.ctx.list lists no context of the supervisor: every context deleted."""
    body = ok(
        o2g.aside("administrator", "acdstats.ctx.list", path={"supervisorId": supervisor_id(o2g, role)}), "listing"
    )
    expect(answer, not body.get("contexts"), "every context deleted", documented=[], received=body)
