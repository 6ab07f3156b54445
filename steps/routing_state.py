"""Steps checking Routing management answers and events: routing states, routes, errors, calls (L6838-7780)."""

from __future__ import annotations

import re
from typing import Any

from o2g_conformance.checks import NonConformance, check_body, check_error_body, check_event
from o2g_conformance.client import ApiResponse, EventTimeout
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import Actor, Role, then

from .common import answer_object, body_of, target_version
from .events import log_of
from .routing import (
    CAPABILITIES,
    CLAUSE,
    DND,
    EVENT,
    STATE,
    RoutingNotes,
    condition_value,
    route,
    routes_in,
    state_of,
)
from .telephony import calls_of, find_call, party

# -- then ------------------------------------------------------------------------------------------------------------


def _digits(number: Any) -> str:
    return re.sub(r"[ ()]", "", str(number))


def _matches(found: dict[str, Any], kind: str, wanted: dict[str, Any]) -> bool:
    field = "forwardType" if kind == "forward" else "overflowType"
    dests = found.get("destinations") or []
    if found.get(field) != wanted.get(field) or len(dests) != 1 or not isinstance(dests[0], dict):
        return False
    expected = wanted["destinations"][0]
    if dests[0].get("type") != expected["type"]:
        return False
    return expected["type"] == "VOICEMAIL" or _digits(dests[0].get("number")) == _digits(expected["number"])


def state_problems(o2g: World, state: Any, clauses: str, owner: str) -> list[str]:
    """What a RoutingState (L7680-7718) lacks of `a forward to ... and no overflow and do not disturb on`."""
    problems = []
    for clause in clauses.split(" and "):
        m = CLAUSE.fullmatch(clause)
        if m is None:
            raise ValueError(f"cannot read the routing clause {clause!r}")
        if m["none"]:
            if routes_in(state, f"{m['none']}Routes"):
                problems.append(f"{m['none']}Routes: expected none, received {state.get(m['none'] + 'Routes')}")
        elif m["dnd"]:
            received = (state.get("dndState") or {}).get("activate") if isinstance(state, dict) else None
            if received is not (m["dnd"] == "on"):
                problems.append(f"dndState.activate: expected {m['dnd'] == 'on'}, received {received!r}")
        else:
            kind = "forward" if m["fwd"] else "overflow"
            wanted = route(o2g, kind, m["dest"], owner, condition_value(m["cond"]))
            found = routes_in(state, f"{kind}Routes")
            if not any(_matches(r, kind, wanted) for r in found):
                problems.append(f"{kind}Routes: expected {wanted}, received {found}")
    return problems


def check_state(o2g: World, state: Any, clauses: str, owner: str, *, op_id: str | None, what: str) -> None:
    problems = state_problems(o2g, state, clauses, owner)
    if problems:
        raise NonConformance(what, op_id=op_id, line=7680, documented=clauses, received=state, problems=problems)


@then("the routing state of user {role} has (?P<clauses>.+)")
def state_has(o2g: World, role: Role, clauses: str) -> None:
    """Checks the routing state of user {role}, read back with routing.state.get, against the clauses (L7680)."""
    state = state_of(o2g, role)
    check_state(o2g, state, clauses, role, op_id=STATE, what=f"the routing state of user {role} read back")


@then("the routing state in the answer has (?P<clauses>.+)")
def answer_state_has(o2g: World, answer: ApiResponse, routing_notes: RoutingNotes, clauses: str) -> None:
    """Checks the RoutingState of the answer against the clauses, routes read as the request's owner's (L7680)."""
    state = answer_object(answer, "RoutingState")
    check_state(o2g, state, clauses, routing_notes.owner, op_id=answer.op_id, what="the routing state")


@then("the routing state in the answer presents the calls on the office device of user {role}")
def presents_on_office(o2g: World, answer: ApiResponse, role: Role) -> None:
    """ "The OFFICE destination is always activated" (L7667); deviceId is filled by the system (L7544)."""
    state = answer_object(answer, "RoutingState")
    account = o2g.account(role)
    numbers = {d.number for d in account.devices} | {account.number}
    offices = [
        d
        for p in state.get("presentationRoutes") or []
        for d in (p.get("destinations") or [] if isinstance(p, dict) else [])
        if isinstance(d, dict) and d.get("type") == "OFFICE"
    ]
    if not any(d.get("selected") is not False and d.get("deviceId") in (None, *numbers) for d in offices):
        raise NonConformance(
            "the calls are presented on the user's OFFICE device, always activated (L7663-7667)",
            op_id=answer.op_id,
            documented=f"an OFFICE destination selected, deviceId one of {sorted(numbers)}",
            received=state.get("presentationRoutes"),
        )


@then("{actor} receives (?:its routing state|the routing state of user {role}) with (?P<clauses>.+)")
def receives_state(o2g: World, actor: Actor, role: Role | None, clauses: str) -> None:
    """Checks the actor's OnRoutingStateChanged of the user (loginName) against the clauses (L7680)."""
    owner = role or actor
    login = o2g.account(owner).login
    event = log_of(o2g, actor).wait_for(EVENT, where={"loginName": login}, timeout=o2g.settings.event_timeout)
    check_event(event, target_version(o2g))
    check_state(o2g, event.get("routingState"), clauses, owner, op_id=None, what=f"{EVENT} of user {owner}")


@then("{actor} receives the routing state of every user")
def receives_every_state(o2g: World, actor: Actor) -> None:
    """One OnRoutingStateChanged per user (L7495): those of the target's accounts, then any other user's."""
    log = log_of(o2g, actor)
    for account in o2g.target.users:
        event = log.wait_for(EVENT, where={"loginName": account.login}, timeout=o2g.settings.event_timeout)
        check_event(event, target_version(o2g))
    while True:
        try:
            check_event(log.wait_for(EVENT, timeout=0.2), target_version(o2g))
        except EventTimeout:
            return


@then("the route in the answer is (?P<clause>.+)")
def route_is(o2g: World, answer: ApiResponse, routing_notes: RoutingNotes, clause: str) -> None:
    """Checks that the ForwardRoute / OverflowRoute in the answer is the route named: the route read is the one set."""
    m = CLAUSE.fullmatch(clause)
    if m is None or m["dest"] is None:
        raise ValueError(f"cannot read the route {clause!r}")
    kind = "forward" if m["fwd"] else "overflow"
    body = answer_object(answer, "ForwardRoute" if kind == "forward" else "OverflowRoute")
    wanted = route(o2g, kind, m["dest"], routing_notes.owner, condition_value(m["cond"]))
    if not _matches(body, kind, wanted):
        raise NonConformance("the route read is the one set", op_id=answer.op_id, documented=wanted, received=body)


@then("the answer says user {role} has no (?P<kind>forward|overflow) route")
def answer_no_route(o2g: World, answer: ApiResponse, role: Role, kind: str) -> None:
    """No route: a route without destination, or the 404 the operation lists (L7143, L7316)."""
    response = answer
    body = body_of(response)
    if response.status == 200 and isinstance(body, dict) and not body.get("destinations"):
        check_body(str(response.op_id), 200, body, target_version(o2g))
        return
    if response.status == 404:
        check_error_body(body, 404, expected_type="NOT_FOUND", op_id=response.op_id, target=target_version(o2g))
        return
    raise NonConformance(
        f"user {role} has no {kind} route", op_id=response.op_id, documented="no destination, or 404", received=body
    )


@then("the do not disturb state in the answer is (?P<value>on|off)")
def dnd_is(answer: ApiResponse, value: str) -> None:
    """Checks DNDState.activate in the answer: true for on, false for off (L7566-7569)."""
    body = answer_object(answer, "DNDState")
    if body.get("activate") is not (value == "on"):
        raise NonConformance(
            "DNDState.activate (L7566-7569)", op_id=DND["get"], documented=value == "on", received=body
        )


@then(
    "the capabilities in the answer (?P<what>let|offer presentation routes only if) user {role}"
    " (?:manage its forward, its overflow and do not disturb|has a remote extension)"
)
def capabilities(o2g: World, answer: ApiResponse, what: str, role: Role) -> None:
    """Capabilities (L7532-7539); presentation routes are the remote extension's (L6841, L7663-7666)."""
    body = answer_object(answer, "Capabilities")
    if what == "let":
        wanted = {"forwardRoute": True, "overflowRoute": True, "dnd": True}
    else:
        wanted = {"presentationRoute": any(d.type == "MOBILE" for d in o2g.account(role).devices)}
    if any(bool(body.get(k)) is not v for k, v in wanted.items()):
        raise NonConformance(
            "what the user may route (L7532-7539)", op_id=CAPABILITIES, documented=wanted, received=body
        )


@then(
    "the routing error is (?P<error>[A-Z_]+)(?: caused by (?P<cause>[A-Z_]+))?"
    "(?: for the (?P<dest>[A-Z]+) destination)?"
)
def routing_error(o2g: World, answer: ApiResponse, error: str, cause: str | None, dest: str | None) -> None:
    """RoutingErrorInfo (L439-453); destinationType, [0..1], names the destination when given."""
    response = answer
    detail = {"errorType": error, **({"errorCause": cause} if cause else {})}
    body = body_of(response)
    named = body.get("routing", {}).get("destinationType") if isinstance(body, dict) else None
    if dest and named is not None:
        detail["destinationType"] = dest
    check_error_body(body, response.status, routing=detail, op_id=response.op_id, target=target_version(o2g))


# -- routes acting on calls ------------------------------------------------------------------------------------------


@then(
    "(?:user {role} is offered (?:the call from user {caller:role}|(?P<none>no call))"
    "|the call of user {who:role} is taken by (?P<vm>the voice mail))"
)
def offered(
    o2g: World, role: Role | None, caller: Role | None, none: str | None, who: Role | None, vm: str | None
) -> None:
    """Where the routing of the called user leads its calls (L6840-6846), seen in the users' calls."""
    viewer, other = (who, vm) if who else (role, f"user {caller}" if caller else None)
    assert viewer is not None
    if other is None:
        found = calls_of(o2g, viewer) or None
    else:
        found = None if find_call(o2g, viewer, [party(o2g, other)]) else []
    if found is not None:
        wanted = "no call" if other is None else f"a call with {other}"
        raise NonConformance(f"the calls of user {viewer} (L6840-6846)", documented=wanted, received=found)
