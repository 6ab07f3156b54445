"""Steps of Routing management: forward, overflow, do not disturb, capabilities, routing state (L6838-7780)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pytest

from o2g_conformance.client import UNSET, ApiResponse
from o2g_conformance.plugin.fixtures import Undo
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import Actor, Condition, Role, given, when
from o2g_conformance.steplib.vocabulary import TERMS

from .common import precondition
from .telephony import EXTERNAL_NUMBER, require
from .users import UNKNOWN_LOGIN

STATE, CAPABILITIES, SNAPSHOT, SET_ROUTES = "routing.state.get", "routing.get", "routing.state.snapshot", "routing.set"
FORWARD, OVERFLOW, DND = (
    {v: f"routing.{r}.{v}" for v in ("get", "set", "cancel")} for r in ("forwardroute", "overflowroute", "dnd")
)
EVENT = "OnRoutingStateChanged"

#: Where a route goes, as the features name it.
DEST = (
    r"(?:its|the) voice mail(?: and user [A-Z])?|user [A-Z]|the external party|the number \"[^\"]*\""
    r"|a number of \d+ digits|its own number|the number of user [A-Z] without its last digit"
    r"|a destination of type [A-Z]+|a destination without type|no destination"
)
#: A condition in a routing clause (ForwardType / OverflowType, L7589-7596, L7657-7662): the vocabulary's word.
COND = TERMS["condition"].pattern
CLAUSE = re.compile(
    rf"(?:a (?P<fwd>forward)|an (?P<ovf>overflow)) to (?P<dest>{DEST})(?: (?P<cond>{COND}))?"
    r"|no (?P<none>forward|overflow)|do not disturb (?P<dnd>on|off)"
)


# -- what the steps hand on --------------------------------------------------------------------------------------------


@dataclass
class RoutingNotes:
    """What the routing steps of a scenario keep: whose routing the last request was about, the states saved."""

    #: The user whose routing the last request was about per the reference (user A until a request names one).
    owner: str = "A"
    #: The routing state of each user changed, as it was before its first change (restored at the end).
    saved: dict[str, dict[str, Any]] = field(default_factory=dict)


@pytest.fixture
def routing_notes() -> RoutingNotes:
    """The routing steps' notes of the scenario (empty at its start)."""
    return RoutingNotes()


# -- requests and their subjects -----------------------------------------------------------------------------------


def _subject(o2g: World, notes: RoutingNotes, actor: Actor, whose: Role | None) -> tuple[dict[str, str] | None, str]:
    """(query, the user whose routing the request is about per the reference).

    A user session's loginName "is ignored" (L7208-7211): the route is the acting user's own.
    """
    query = {"loginName": o2g.account(whose).login} if whose else None
    owner = str(whose or actor) if actor.is_admin else str(actor)
    notes.owner = owner
    return query, owner


def _number(o2g: World, text: str, owner: str) -> str:
    if text.startswith("user "):
        return o2g.account(text[-1]).number
    if text == "the external party":
        return EXTERNAL_NUMBER
    if text == "its own number":
        return o2g.account(owner).number
    if text.startswith("the number of user "):
        return o2g.account(text[len("the number of user ")]).number[:-1]
    if m := re.fullmatch(r"a number of (\d+) digits", text):
        return "7" * int(m[1])
    return text.split('"')[1]


def destinations(o2g: World, text: str, owner: str) -> list[dict[str, Any]]:
    """Destination list (L7540-7555) for a phrase; a type-only mistake carries a valid number of another user."""
    if text.endswith("voice mail"):
        return [{"type": "VOICEMAIL"}]
    if " voice mail and user " in text:
        return [{"type": "VOICEMAIL"}, {"type": "NUMBER", "number": o2g.account(text[-1]).number}]
    if text == "no destination":
        return []
    other = next(a.number for a in o2g.target.users if a.role != owner)
    if m := re.fullmatch(r"a destination of type ([A-Z]+)", text):
        return [{"type": m[1], "number": other}]
    if text == "a destination without type":
        return [{"number": other}]
    return [{"type": "NUMBER", "number": _number(o2g, text, owner)}]


def route(o2g: World, kind: str, dest: str, owner: str, value: str | None) -> dict[str, Any]:
    """ForwardRoute / OverflowRoute; `value` is the reference's ForwardType / OverflowType (None: no type)."""
    body: dict[str, Any] = {"destinations": destinations(o2g, dest, owner)}
    if value:
        body["forwardType" if kind == "forward" else "overflowType"] = value
    return body


def condition_value(condition: str | None) -> str | None:
    """The reference's value of a condition as the features write it (`on busy` -> BUSY; immediately: None)."""
    return Condition(condition).o2g if condition else None


# -- restoring what a scenario changed -------------------------------------------------------------------------------


def state_of(o2g: World, role: str) -> dict[str, Any]:
    """The routing state of a user, read by its own session (not the scenario's answer)."""
    response = o2g.aside(role, STATE)
    if response.status != 200 or not isinstance(response.json, dict):
        raise AssertionError(
            f"reading the routing state of user {role} failed: {response.status} {response.text[:200]}"
        )
    return dict(response.json)


def routes_in(state: Any, key: str) -> list[dict[str, Any]]:
    """The routes of a RoutingState list that go somewhere (an empty route is no route)."""
    found = state.get(key) if isinstance(state, dict) else None
    return [r for r in found or [] if isinstance(r, dict) and r.get("destinations")]


def _clean(found: dict[str, Any]) -> dict[str, Any]:
    """A route read back, as a request sends it: deviceId is filled by the system (L7544)."""
    dests = [{k: v for k, v in d.items() if k != "deviceId"} for d in found.get("destinations") or []]
    return {**found, "destinations": dests}


def restore(o2g: World, role: str, saved: dict[str, Any]) -> None:
    """Set again the forward, overflow, do not disturb and remote extension selection of a saved state."""
    session = o2g.session(role)
    for ops, key in ((FORWARD, "forwardRoutes"), (OVERFLOW, "overflowRoutes")):
        kept = [_clean(r) for r in routes_in(saved, key)]
        body = ({"forwardRoute": kept[0]} if key == "forwardRoutes" else {"overflowRoutes": kept}) if kept else UNSET
        session.call(ops["set"] if kept else ops["cancel"], json=body, raise_for_error=True)
    session.call(
        DND["set" if (saved.get("dndState") or {}).get("activate") is True else "cancel"], raise_for_error=True
    )
    presented = [d for p in saved.get("presentationRoutes") or [] for d in p.get("destinations") or []]
    for mobile in [d for d in presented if d.get("type") == "MOBILE"][:1]:
        body = {"presentationRoutes": [{"destinations": [{"type": "MOBILE", "selected": mobile.get("selected")}]}]}
        session.call(SET_ROUTES, json=body, raise_for_error=True)


def guard(o2g: World, undo: Undo, notes: RoutingNotes, role: str) -> None:
    """Before the first change of a user's routing: keep its state, restored when the scenario ends (L7133)."""
    if role == "administrator" or role in notes.saved:
        return
    saved = notes.saved[role] = state_of(o2g, role)
    undo.append((f"the routing of user {role}", lambda: restore(o2g, role, saved)))


def _change(
    o2g: World,
    undo: Undo,
    notes: RoutingNotes,
    actor: Actor,
    whose: Role | None,
    op_id: str,
    json: Any = UNSET,
    *,
    setup: bool = False,
) -> ApiResponse:
    """A change of routing, the states it touches guarded first: the scenario's request, or a setup's (`aside`)."""
    query, owner = _subject(o2g, notes, actor, whose)
    for role in {owner, *([whose] if whose else [])}:
        guard(o2g, undo, notes, role)
    if setup:
        return o2g.aside(actor, op_id, query=query, json=json)
    return o2g.send(actor, op_id, query=query, json=json)


# -- given -----------------------------------------------------------------------------------------------------------


@given(f"user {{role}} has forwarded its calls to (?P<dest>{DEST})(?: {{condition}})?")
def has_forwarded(
    o2g: World, undo: Undo, routing_notes: RoutingNotes, role: Role, dest: str, condition: Condition | None
) -> None:
    """Precondition: user {role} has forwarded its calls to the destination named; undone at the end.

    Set up with routing.forwardroute.set, routing.state.get.
    """
    body = {"forwardRoute": route(o2g, "forward", dest, role, condition_value(condition))}
    change = _change(o2g, undo, routing_notes, Actor(f"user {role}"), None, FORWARD["set"], body, setup=True)
    require(change, f"forward the calls of user {role}")


@given(f"user {{role}} has an overflow to (?P<dest>{DEST}) {{condition}}")
def has_overflow(
    o2g: World, undo: Undo, routing_notes: RoutingNotes, role: Role, dest: str, condition: Condition
) -> None:
    """Precondition: user {role} has an overflow to the destination named; undone at the end.

    Set up with routing.overflowroute.set, routing.state.get.
    """
    body = {"overflowRoutes": [route(o2g, "overflow", dest, role, condition.o2g)]}
    change = _change(o2g, undo, routing_notes, Actor(f"user {role}"), None, OVERFLOW["set"], body, setup=True)
    require(change, f"set the overflow of user {role}")


STATES = {
    "activated do not disturb": DND["set"],
    "cancelled do not disturb": DND["cancel"],
    "no forward": FORWARD["cancel"],
    "no overflow": OVERFLOW["cancel"],
}


@given(f"user {{role}} has (?P<what>{'|'.join(STATES)})")
def has_state(o2g: World, undo: Undo, routing_notes: RoutingNotes, role: Role, what: str) -> None:
    """Precondition: user {role} has the do-not-disturb, forward or overflow state named; undone at the end."""
    change = _change(o2g, undo, routing_notes, Actor(f"user {role}"), None, STATES[what], setup=True)
    require(change, f"give user {role} {what}")


@given("user {role} has no remote extension")
def no_remote_extension(o2g: World, role: Role) -> None:
    """Precondition: user {role} has no MOBILE device (remote extension) in the target's profile."""
    if any(d.type == "MOBILE" for d in o2g.account(role).devices):
        precondition(f"user {role} has a remote extension on this target: the scenario needs a user without one")


# -- when ------------------------------------------------------------------------------------------------------------


@when(
    f"{{actor}} forwards (?:its calls|the calls of {{whose:user}}) to (?P<dest>{DEST})"
    '(?: {condition}| with the forward type "{ftype:text}")?',
    target_fixture="answer",
)
def forwards(
    o2g: World,
    undo: Undo,
    routing_notes: RoutingNotes,
    actor: Actor,
    whose: Role | None,
    dest: str,
    condition: Condition | None,
    ftype: str | None,
) -> ApiResponse:
    """Sends routing.forwardroute.set with the route named (its owner's state read first, restored at the end)."""
    owner = _subject(o2g, routing_notes, actor, whose)[1]
    value = ftype if ftype is not None else condition_value(condition)
    body = {"forwardRoute": route(o2g, "forward", dest, owner, value)}
    return _change(o2g, undo, routing_notes, actor, whose, FORWARD["set"], body)


@when(
    f"{{actor}} sets an overflow(?: of {{whose:user}})? to (?P<dest>{DEST}) "
    '(?:{condition}|(?P<untyped>without overflow type)|with the overflow type "{otype:text}")',
    target_fixture="answer",
)
def sets_overflow(
    o2g: World,
    undo: Undo,
    routing_notes: RoutingNotes,
    actor: Actor,
    whose: Role | None,
    dest: str,
    condition: Condition | None,
    untyped: str | None,
    otype: str | None,
) -> ApiResponse:
    """Sends routing.overflowroute.set with the route named (its owner's state read first, restored at the end)."""
    owner = _subject(o2g, routing_notes, actor, whose)[1]
    value = otype if otype is not None else None if untyped else condition_value(condition)
    body = {"overflowRoutes": [route(o2g, "overflow", dest, owner, value)]}
    return _change(o2g, undo, routing_notes, actor, whose, OVERFLOW["set"], body)


@when("{actor} sets two overflow routes at once", target_fixture="answer")
def sets_two_overflows(o2g: World, undo: Undo, routing_notes: RoutingNotes, actor: Actor) -> ApiResponse:
    """Sends routing.overflowroute.set with two routes to the voice mail, on busy and on no answer."""
    routes = [route(o2g, "overflow", "its voice mail", actor, v) for v in ("BUSY", "NO_ANSWER")]
    return _change(o2g, undo, routing_notes, actor, None, OVERFLOW["set"], {"overflowRoutes": routes})


@when("{actor} cancels (?:its|the) (?P<kind>forward|overflow)(?: of {whose:user})?", target_fixture="answer")
def cancels_route(
    o2g: World, undo: Undo, routing_notes: RoutingNotes, actor: Actor, kind: str, whose: Role | None
) -> ApiResponse:
    """Sends routing.forwardroute.cancel or routing.overflowroute.cancel (the state read first, restored at the end)."""
    op_id = (FORWARD if kind == "forward" else OVERFLOW)["cancel"]
    return _change(o2g, undo, routing_notes, actor, whose, op_id)


@when("{actor} (?P<act>activates|cancels) do not disturb(?: for {whose:user})?", target_fixture="answer")
def dnd(o2g: World, undo: Undo, routing_notes: RoutingNotes, actor: Actor, act: str, whose: Role | None) -> ApiResponse:
    """Sends routing.dnd.set or routing.dnd.cancel (the state read first with routing.state.get, restored later)."""
    return _change(o2g, undo, routing_notes, actor, whose, DND["set" if act == "activates" else "cancel"])


READS = {
    "forward route": FORWARD["get"],
    "overflow route": OVERFLOW["get"],
    "routing state": STATE,
    "routing capabilities": CAPABILITIES,
    "do not disturb state": DND["get"],
}


@when(f"{{actor}} reads (?:its|the) (?P<what>{'|'.join(READS)})(?: of {{whose:user}})?", target_fixture="answer")
def reads(o2g: World, routing_notes: RoutingNotes, actor: Actor, what: str, whose: Role | None) -> ApiResponse:
    """Sends the read named (forward, overflow, routing state, capabilities, do not disturb), naming `whose`."""
    query = _subject(o2g, routing_notes, actor, whose)[0]
    return o2g.send(actor, READS[what], query=query)


@when(
    f"{{actor}} sets (?:its routes|the routes of {{whose:user}}) with (?:a forward to (?P<dest>{DEST})"
    "(?: {condition})?|(?P<routes>two forward routes|its remote extension selected|its office device deselected))",
    target_fixture="answer",
)
def sets_routes(
    o2g: World,
    undo: Undo,
    routing_notes: RoutingNotes,
    actor: Actor,
    whose: Role | None,
    dest: str | None,
    condition: Condition | None,
    routes: str | None,
) -> ApiResponse:
    """Sends routing.set, SetRoutesRequest (L7751-7778): the remote extension as the MOBILE route, or forwards."""
    owner = _subject(o2g, routing_notes, actor, whose)[1]
    body: dict[str, Any]
    if routes is not None and routes.startswith("its "):
        kind, selected = ("MOBILE", True) if "remote extension" in routes else ("OFFICE", False)
        body = {"presentationRoutes": [{"destinations": [{"type": kind, "selected": selected}]}]}
    elif routes == "two forward routes":
        body = {"forwardRoutes": [route(o2g, "forward", "its voice mail", owner, v) for v in ("BUSY", "NO_ANSWER")]}
    else:
        assert dest is not None
        body = {"forwardRoutes": [route(o2g, "forward", dest, owner, condition_value(condition))]}
    return _change(o2g, undo, routing_notes, actor, whose, SET_ROUTES, body)


@when(
    "{actor} asks for a snapshot of (?:its routing state|the routing state of "
    "(?:{whose:user}|every user|(?P<unknown>an unknown user)))",
    target_fixture="answer",
)
def asks_snapshot(o2g: World, actor: Actor, whose: Role | None, unknown: str | None) -> ApiResponse:
    """Sends routing.state.snapshot; an administrator names a user by loginName, or none: every user (L7511-7514)."""
    query = None
    if unknown:
        query = {"loginName": UNKNOWN_LOGIN}
    elif whose:
        query = {"loginName": o2g.account(whose).login}
    return o2g.send(actor, SNAPSHOT, query=query)


#: What an administrator asks for a user, with the operation and body it sends.
ADMIN_ACTIONS: dict[str, tuple[str, Any]] = {
    "reads the routing capabilities": (CAPABILITIES, UNSET),
    "sets routes": (SET_ROUTES, {"forwardRoutes": [{"destinations": [{"type": "VOICEMAIL"}]}]}),
    "reads the do not disturb state": (DND["get"], UNSET),
    "activates do not disturb": (DND["set"], UNSET),
    "cancels do not disturb": (DND["cancel"], UNSET),
    "reads the forward route": (FORWARD["get"], UNSET),
    "forwards calls to the voice mail": (FORWARD["set"], {"forwardRoute": {"destinations": [{"type": "VOICEMAIL"}]}}),
    "cancels the forward": (FORWARD["cancel"], UNSET),
    "reads the overflow route": (OVERFLOW["get"], UNSET),
    "sets an overflow to the voice mail": (
        OVERFLOW["set"],
        {"overflowRoutes": [{"overflowType": "BUSY", "destinations": [{"type": "VOICEMAIL"}]}]},
    ),
    "cancels the overflow": (OVERFLOW["cancel"], UNSET),
    "reads the routing state": (STATE, UNSET),
}


@when(
    f"the administrator (?P<action>{'|'.join(ADMIN_ACTIONS)}) (?P<how>with no loginName|for an unknown user)",
    target_fixture="answer",
)
def admin_without_user(o2g: World, action: str, how: str) -> ApiResponse:
    """Sends the operation named without a user: loginName "MUST be specified" for an administrator (L6883-6887)."""
    op_id, body = ADMIN_ACTIONS[action]
    query = {"loginName": UNKNOWN_LOGIN} if how.startswith("for") else None
    return o2g.send("administrator", op_id, query=query, json=body)
