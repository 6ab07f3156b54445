"""Steps of the Call Center Statistics: supervisors' scopes, their filter, and statistics contexts.

The supervisor is user I, identified by its number; its scope lists users F and G. A scenario sets a
scope only for a supervisor that has none (it skips otherwise: it would replace the target's own) and
deletes it when it ends, with the contexts and schedules it holds. Reports and schedules: see
steps/acd_statistics_reports.py.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from pytest_bdd import parsers

from o2g_conformance.client import ApiResponse
from o2g_conformance.plugin.fixtures import Undo
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import given, then, when

from .acd import at_end, body_object, expect, first_pilot, number, ok, side
from .common import ACTOR, actor_name, precondition
from .users import roles_in

ROLE = r"user \"?(?P<role>[A-Z])\"?"
ROLES = r"users? (?P<roles>[A-Z](?:(?:, | and )[A-Z])*)"
SCOPE = "acdstats.scope"
SECTION = "Call Center Statistics"
LANGUAGE, TIMEZONE = "EN", "+01:00"
#: TIMEZONE as a time difference (the supervisor's day is what its reports count).
OFFSET = timedelta(hours=1)
ATTRIBUTES = ["nbRotating", "convAcdTDur"]
PILOT_ATTRIBUTES = ["nbCallsOpen"]
UNKNOWN = "0"


def send(o2g: World, actor: str, op_id: str, **kwargs: Any) -> None:
    o2g.response = o2g.session(actor_name(actor)).call(op_id, **kwargs)


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


def _guard_scope(o2g: World, undo: Undo, role: str) -> None:
    """Only a supervisor without a scope gets one; the scope goes when the scenario ends."""
    key = f"acd.stats-undo:{role}"
    if o2g.values.get(key):
        return
    sup = supervisor_id(o2g, role)
    if side(o2g, "administrator", f"{SCOPE}.get", path={"supervisorId": sup}).ok:
        precondition(f"supervisor {sup} already has a statistics scope on this target: the scenario would replace it")
    o2g.values[key] = True
    delete = at_end(o2g, "administrator", f"{SCOPE}.delete", path={"supervisorId": sup})
    undo.append((f"the statistics scope of user {role}", delete))


def _scope_body(o2g: World, role: str, roles: str, **supervisor: Any) -> dict[str, Any]:
    body = {
        "supervisor": {
            "identifier": supervisor_id(o2g, role),
            "language": LANGUAGE,
            "timezone": TIMEZONE,
            **supervisor,
        },
        "agents": [_agent(o2g, r) for r in roles_in(roles)],
    }
    o2g.values["acd.stats-scope"] = body
    return body


@when(parsers.re(ACTOR + r" sets the statistics scope of " + ROLE + r" with " + ROLES + r"$"))
def set_scope(o2g: World, undo: Undo, actor: str, role: str, roles: str) -> None:
    """The actor sets the statistics scope of user {role} with user[s] {roles}.

    Sends acdstats.scope.get, acdstats.scope.set.
    """
    if actor_name(actor) == "administrator":
        _guard_scope(o2g, undo, role)
    send(o2g, actor, f"{SCOPE}.set", json=_scope_body(o2g, role, roles))


@given(parsers.re(r"the administrator has set the statistics scope of " + ROLE + r" with " + ROLES + r"$"))
def has_scope(o2g: World, undo: Undo, role: str, roles: str) -> None:
    """Precondition: the administrator has set the statistics scope of user {role} to the users named; undone.

    Set up with acdstats.scope.get, acdstats.scope.set.
    """
    _guard_scope(o2g, undo, role)
    ok(side(o2g, "administrator", f"{SCOPE}.set", json=_scope_body(o2g, role, roles)), "setting the scope")


@when(
    parsers.re(
        ACTOR
        + r" sets the statistics scope of "
        + ROLE
        + r" with "
        + ROLES
        + r" and the supervisor (?P<field>identifier|timezone|language) (?P<value>\S+)$"
    )
)
def set_scope_wrong(o2g: World, undo: Undo, actor: str, role: str, roles: str, field: str, value: str) -> None:
    """The actor sets the statistics scope of user {role} with a wrong supervisor or scope (an error is expected).

    Sends acdstats.scope.get, acdstats.scope.set.
    """
    _guard_scope(o2g, undo, role)
    send(
        o2g,
        actor,
        f"{SCOPE}.set",
        json=_scope_body(o2g, role, roles, **{field: json.loads(value) if value == '""' else value}),
    )


def scope_of(o2g: World, text: str) -> str:
    return UNKNOWN if text == "an unknown supervisor" else supervisor_id(o2g, text.removeprefix("user ").strip('"'))


WHO = r"(?P<who>user \"?[A-Z]\"?|an unknown supervisor)"


@when(parsers.re(ACTOR + r" reads the statistics scope of " + WHO + r"$"))
def read_scope(o2g: World, actor: str, who: str) -> None:
    """The actor reads the statistics scope of {who}; sends acdstats.scope.get."""
    send(o2g, actor, f"{SCOPE}.get", path={"supervisorId": scope_of(o2g, who)})


@when(parsers.re(ACTOR + r" deletes the statistics scope of " + WHO + r"$"))
def delete_scope(o2g: World, actor: str, who: str) -> None:
    """The actor deletes the statistics scope of {who}; sends acdstats.scope.delete."""
    send(o2g, actor, f"{SCOPE}.delete", path={"supervisorId": scope_of(o2g, who)})


@when(parsers.re(ACTOR + r" reads the statistics filter of " + WHO + r"$"))
def read_filter(o2g: World, actor: str, who: str) -> None:
    """The actor reads the statistics filter of {who}; sends acdstats.filter.get."""
    send(o2g, actor, "acdstats.filter.get", path={"supervisorId": scope_of(o2g, who)})


def _read_scope(o2g: World, role: str) -> ApiResponse:
    return side(o2g, "administrator", f"{SCOPE}.get", path={"supervisorId": supervisor_id(o2g, role)})


@then(parsers.re(r"the statistics scope of " + ROLE + r" reads back as it was set$"))
def scope_back(o2g: World, role: str) -> None:
    """Checks that the statistics scope of user {role} reads back as it was set (via acdstats.scope.get)."""
    read = ok(_read_scope(o2g, role), "reading the scope")
    wanted = o2g.values["acd.stats-scope"]["supervisor"]
    expect(o2g, read == wanted, "SupervisorData of the scope set (L18468-18479)", documented=wanted, received=read)


@then(parsers.re(r"the supervisor is " + ROLE + r", in the language and time zone it was given$"))
def supervisor_is(o2g: World, role: str) -> None:
    """Checks that the supervisor is user {role}, in the language and time zone it was given."""
    body = body_object(o2g, "SupervisorData")
    wanted = o2g.values["acd.stats-scope"]["supervisor"]
    expect(o2g, body == wanted, "SupervisorData (L18468-18479)", documented=wanted, received=body)


@then(parsers.re(ROLE + r" has no statistics scope$"))
def no_scope(o2g: World, role: str) -> None:
    """Checks that user {role} has no statistics scope: a deleted scope is gone (via acdstats.scope.get)."""
    status = _read_scope(o2g, role).status
    expect(o2g, status == 404, "a deleted scope is gone", documented=404, received=status)


@then(parsers.re(r"the filter details " + ROLES + r" and every attribute with its nomenclature reference$"))
def filter_details(o2g: World, roles: str) -> None:
    """Checks that the filter details user[s] {roles} and every attribute with its nomenclature reference."""
    body = body_object(o2g, "StatsFilterResp")
    agent_filter = body.get("agentFilter") or {}
    numbers = [a.get("number") for a in agent_filter.get("agentsDetails") or []]
    exts = [
        *(agent_filter.get("agentAttrExts") or []),
        *(agent_filter.get("pilotAttrExts") or []),
        *((body.get("pilotFilter") or {}).get("attrExts") or []),
    ]
    wrong = [e for e in exts if not e.get("dto") or not e.get("ref")]
    expect(
        o2g,
        numbers == [number(o2g, r) for r in roles_in(roles)] and bool(exts) and not wrong,
        "StatsFilterResp: the agents of the scope, each attribute with its DTO name and reference (L18314-18352)",
        documented="agentsDetails of the scope, attrExts with dto and ref",
        received={"agents": numbers, "without dto or ref": wrong[:3], "attributes": len(exts)},
    )


# -- contexts ---------------------------------------------------------------------------------------------------


def _ctx_body(o2g: World, what: str) -> dict[str, Any]:
    agent_filter = {"agentFilter": {"numbers": [], "agentAttributes": ATTRIBUTES}}
    pilot_filter = {"pilotFilter": {"numbers": [first_pilot(o2g)], "attributes": PILOT_ATTRIBUTES}}
    body: dict[str, Any] = {"label": "conformance", "description": "agents of the scope", "filter": {}}
    if "first pilot" in what:
        body["filter"].update(pilot_filter)
    agents = what.split(" and the first pilot")[0] if what.startswith("user") else ""
    if agents:
        agent_filter["agentFilter"]["numbers"] = [number(o2g, r) for r in roles_in(agents.split(" ", 1)[1])]
        body["filter"].update(agent_filter)
    return body


CONTEXT_OF = r"(?P<what>users? [A-Z](?:(?:, | and )[A-Z])*(?: and the first pilot)?|the first pilot)"


def ctx_path(o2g: World, *, unknown: bool = False) -> dict[str, str]:
    return {"supervisorId": supervisor_id(o2g), "ctxId": UNKNOWN if unknown else o2g.values["acd.stats-ctx"]}


@when(parsers.re(ACTOR + r" creates a statistics context of " + ROLE + r" for " + CONTEXT_OF + r"$"))
def create_context(o2g: World, actor: str, role: str, what: str) -> None:
    """The actor creates a statistics context of user {role} for {what}; sends acdstats.ctx.create."""
    o2g.values["acd.stats-ctx-body"] = body = _ctx_body(o2g, what)
    send(o2g, actor, "acdstats.ctx.create", path={"supervisorId": supervisor_id(o2g, role)}, json=body)
    if o2g.response is not None and o2g.response.ok and isinstance(o2g.response.json, dict):
        o2g.values["acd.stats-ctx"] = str(o2g.response.json.get("id"))


@when(parsers.re(ACTOR + r" creates a statistics context of an unknown supervisor$"))
def create_context_unknown(o2g: World, actor: str) -> None:
    """The actor creates a statistics context of an unknown supervisor; sends acdstats.ctx.create."""
    send(o2g, actor, "acdstats.ctx.create", path={"supervisorId": UNKNOWN}, json=_ctx_body(o2g, "users F and G"))


@given(parsers.re(r"the administrator has created a statistics context of " + ROLE + r" for " + CONTEXT_OF + r"$"))
def has_context(o2g: World, role: str, what: str) -> None:
    """Precondition: the administrator has created a statistics context of user {role} for {what}.

    Set up with acdstats.ctx.create.
    """
    o2g.values["acd.stats-ctx-body"] = body = _ctx_body(o2g, what)
    answer = ok(
        side(o2g, "administrator", "acdstats.ctx.create", path={"supervisorId": supervisor_id(o2g, role)}, json=body),
        "creating a context",
    )
    o2g.values["acd.stats-ctx"] = str(answer["id"])


def read_ctx(o2g: World) -> ApiResponse:
    return side(o2g, "administrator", "acdstats.ctx.get", path=ctx_path(o2g))


@then(
    parsers.re(
        r"that context reads back with (?:its label|the label \"(?P<label>[^\"]+)\")"
        r" and its (?P<kind>agent|pilot) filter$"
    )
)
def context_back(o2g: World, label: str | None, kind: str) -> None:
    """Checks that that context reads back with (its label|the label "{label}") and its (agent|pilot) filter.

    Reads acdstats.ctx.get.
    """
    read = ok(read_ctx(o2g), "reading the context")
    sent = o2g.values["acd.stats-ctx-body"]
    wanted_filter = sent["filter"][f"{kind}Filter"]
    got_filter = (read.get("filter") or {}).get(f"{kind}Filter") or {}
    same = all(got_filter.get(k) == v for k, v in wanted_filter.items())
    expect(
        o2g,
        read.get("label") == (label or sent["label"]) and same and read.get("ctxId") == o2g.values["acd.stats-ctx"],
        "StatsContext as created or updated (L18237-18271)",
        documented={"label": label or sent["label"], "filter": {f"{kind}Filter": wanted_filter}},
        received=read,
    )


@then(parsers.re(r"that context reads back with its pilot filter$"))
def context_back_pilot(o2g: World) -> None:
    """Checks that that context reads back with its pilot filter (via acdstats.ctx.get)."""
    context_back(o2g, None, "pilot")


@then(parsers.re(r"that context observes " + ROLE + r" only$"))
def context_observes(o2g: World, role: str) -> None:
    """Checks that that context observes user {role} only (via acdstats.ctx.get)."""
    read = ok(read_ctx(o2g), "reading the context")
    numbers = ((read.get("filter") or {}).get("agentFilter") or {}).get("numbers")
    expect(
        o2g,
        numbers == [number(o2g, role)],
        "agents no longer in the scope are deleted from the existing contexts (L15699-15701)",
        documented=[number(o2g, role)],
        received=numbers,
    )


@when(parsers.re(ACTOR + r" lists the statistics contexts of " + WHO + r"$"))
def list_contexts(o2g: World, actor: str, who: str) -> None:
    """The actor lists the statistics contexts of {who}; sends acdstats.ctx.list."""
    send(o2g, actor, "acdstats.ctx.list", path={"supervisorId": scope_of(o2g, who)})


@then("the contexts are that context only")
def contexts_only(o2g: World) -> None:
    """Checks that the contexts are that context only: the contexts of the supervisor."""
    ids = [c.get("ctxId") for c in body_object(o2g, "StatsContexts").get("contexts") or []]
    expect(
        o2g,
        ids == [o2g.values["acd.stats-ctx"]],
        "the contexts of the supervisor",
        documented=[o2g.values["acd.stats-ctx"]],
        received=ids,
    )


@when(parsers.re(ACTOR + r" reads (?P<which>that|an unknown) statistics context(?: of user \"?I\"?)?$"))
def read_context(o2g: World, actor: str, which: str) -> None:
    """The actor reads (that|an unknown) statistics context[ of user I]; sends acdstats.ctx.get."""
    send(o2g, actor, "acdstats.ctx.get", path=ctx_path(o2g, unknown=which == "an unknown"))


@then("the context names its identifier and its supervisor, and is not scheduled")
def context_names(o2g: World) -> None:
    """Checks that the context names its identifier and its supervisor, and is not scheduled."""
    body = body_object(o2g, "StatsContext")
    wanted = {"ctxId": o2g.values["acd.stats-ctx"], "supervisorId": supervisor_id(o2g), "isScheduled": False}
    expect(
        o2g,
        all(body.get(k) == v for k, v in wanted.items()),
        "StatsContext (L18237-18271)",
        documented=wanted,
        received=body,
    )


@when(
    parsers.re(
        ACTOR
        + r" renames (?P<which>that|an unknown) statistics context(?: of user \"?I\"?)?(?: \"(?P<label>[^\"]+)\")?$"
    )
)
def rename(o2g: World, actor: str, which: str, label: str | None) -> None:
    """The actor renames (that|an unknown) statistics context[ of user I][ "{label}"]; sends acdstats.ctx.update."""
    send(
        o2g,
        actor,
        "acdstats.ctx.update",
        path=ctx_path(o2g, unknown=which == "an unknown"),
        json={"label": label or "renamed"},
    )


@when(parsers.re(ACTOR + r" changes that statistics context to observe " + ROLE + r"$"))
def change_context(o2g: World, actor: str, role: str) -> None:
    """The actor changes that statistics context to observe user {role}; sends acdstats.ctx.update."""
    body = {"filter": {"agentFilter": {"numbers": [number(o2g, role)], "agentAttributes": ATTRIBUTES}}}
    send(o2g, actor, "acdstats.ctx.update", path=ctx_path(o2g), json=body)


@when(parsers.re(ACTOR + r" deletes (?P<which>that|an unknown) statistics context(?: of user \"?I\"?)?$"))
def delete_context(o2g: World, actor: str, which: str) -> None:
    """The actor deletes (that|an unknown) statistics context[ of user I]; sends acdstats.ctx.delete."""
    send(o2g, actor, "acdstats.ctx.delete", path=ctx_path(o2g, unknown=which == "an unknown"))


@then("that statistics context no longer exists")
def context_gone(o2g: World) -> None:
    """Checks that that statistics context no longer exists: a deleted context is gone (via acdstats.ctx.get)."""
    status = read_ctx(o2g).status
    expect(o2g, status == 404, "a deleted context is gone", documented=404, received=status)


@when(parsers.re(ACTOR + r" deletes every statistics context of " + WHO + r"$"))
def delete_contexts(o2g: World, actor: str, who: str) -> None:
    """The actor deletes every statistics context of {who}; sends acdstats.ctx.delete_all."""
    send(o2g, actor, "acdstats.ctx.delete_all", path={"supervisorId": scope_of(o2g, who)})


@then(parsers.re(ROLE + r" has no statistics context$"))
def no_contexts(o2g: World, role: str) -> None:
    """Checks that user {role} has no statistics context: every context deleted (via acdstats.ctx.list)."""
    body = ok(
        side(o2g, "administrator", "acdstats.ctx.list", path={"supervisorId": supervisor_id(o2g, role)}), "listing"
    )
    expect(o2g, not body.get("contexts"), "every context deleted", documented=[], received=body)
