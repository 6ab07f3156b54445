"""Steps of Routing management: forward, overflow, do not disturb, capabilities, routing state (L6838-7780)."""

from __future__ import annotations

import re
from typing import Any

from pytest_bdd import parsers

from o2g_conformance.client import UNSET, ApiResponse
from o2g_conformance.plugin.fixtures import Undo
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import given, when

from .common import ACTOR, actor_name, precondition
from .telephony import EXTERNAL_NUMBER, require
from .users import UNKNOWN_LOGIN, aux

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
#: ForwardType / OverflowType (L7589-7596, L7657-7662); a forward without condition is immediate.
CONDITIONS = {
    "immediately": None,
    "on busy": "BUSY",
    "on no answer": "NO_ANSWER",
    "on busy or no answer": "BUSY_NO_ANSWER",
}
COND = "|".join(CONDITIONS)
WHOSE = r"(?: of (?P<whose>user [A-Z]))?"
CLAUSE = re.compile(
    rf"(?:a (?P<fwd>forward)|an (?P<ovf>overflow)) to (?P<dest>{DEST})(?: (?P<cond>{COND}))?"
    r"|no (?P<none>forward|overflow)|do not disturb (?P<dnd>on|off)"
)


# -- requests and their subjects -----------------------------------------------------------------------------------


def _subject(o2g: World, actor: str, whose: str | None) -> tuple[str, dict[str, str] | None, str]:
    """(session actor, query, the user whose routing the request is about per the reference).

    A user session's loginName "is ignored" (L7208-7211): the route is the acting user's own.
    """
    name = actor_name(actor)
    role = whose[-1] if whose else None
    query = {"loginName": o2g.account(role).login} if role else None
    owner = (role or name) if name == "administrator" else name
    o2g.values["routing.owner"] = owner
    return name, query, owner


def _send(o2g: World, actor: str, op_id: str, query: dict[str, str] | None = None, json: Any = None) -> ApiResponse:
    kwargs: dict[str, Any] = {"query": query}
    if json is not None:
        kwargs["json"] = json
    o2g.response = o2g.session(actor).call(op_id, **kwargs)
    return o2g.response


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


def route(o2g: World, kind: str, dest: str, owner: str, condition: str | None) -> dict[str, Any]:
    """ForwardRoute / OverflowRoute; `condition` is a phrase of CONDITIONS or a raw type (None: no type)."""
    body: dict[str, Any] = {"destinations": destinations(o2g, dest, owner)}
    value = CONDITIONS.get(condition, condition) if condition else None
    if value:
        body["forwardType" if kind == "forward" else "overflowType"] = value
    return body


# -- restoring what a scenario changed -------------------------------------------------------------------------------


def state_of(o2g: World, role: str) -> dict[str, Any]:
    """The routing state of a user, read by its own session (not the scenario's answer)."""
    response = aux(o2g, role, STATE)
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


def guard(o2g: World, undo: Undo, role: str) -> None:
    """Before the first change of a user's routing: keep its state, restored when the scenario ends (L7133)."""
    key = f"routing.saved:{role}"
    if role == "administrator" or key in o2g.values:
        return
    saved = o2g.values[key] = state_of(o2g, role)
    undo.append((f"the routing of user {role}", lambda: restore(o2g, role, saved)))


def _change(
    o2g: World, undo: Undo, actor: str, whose: str | None, op_id: str, json: Any = None
) -> tuple[str, ApiResponse]:
    name, query, owner = _subject(o2g, actor, whose)
    for role in {owner, *([whose[-1]] if whose else [])}:
        guard(o2g, undo, role)
    return owner, _send(o2g, name, op_id, query, json)


# -- given -----------------------------------------------------------------------------------------------------------


@given(parsers.re(rf"user (?P<role>[A-Z]) has forwarded its calls to (?P<dest>{DEST})(?: (?P<cond>{COND}))?$"))
def has_forwarded(o2g: World, undo: Undo, role: str, dest: str, cond: str | None) -> None:
    """Precondition: user {role} has forwarded its calls to the destination named; undone at the end.

    Set up with routing.forwardroute.set, routing.state.get.
    """
    body = {"forwardRoute": route(o2g, "forward", dest, role, cond)}
    require(_change(o2g, undo, f"user {role}", None, FORWARD["set"], body)[1], f"forward the calls of user {role}")


@given(parsers.re(rf"user (?P<role>[A-Z]) has an overflow to (?P<dest>{DEST}) (?P<cond>{COND})$"))
def has_overflow(o2g: World, undo: Undo, role: str, dest: str, cond: str) -> None:
    """Precondition: user {role} has an overflow to the destination named; undone at the end.

    Set up with routing.overflowroute.set, routing.state.get.
    """
    body = {"overflowRoutes": [route(o2g, "overflow", dest, role, cond)]}
    require(_change(o2g, undo, f"user {role}", None, OVERFLOW["set"], body)[1], f"set the overflow of user {role}")


STATES = {
    "activated do not disturb": DND["set"],
    "cancelled do not disturb": DND["cancel"],
    "no forward": FORWARD["cancel"],
    "no overflow": OVERFLOW["cancel"],
}


@given(parsers.re(rf"user (?P<role>[A-Z]) has (?P<what>{'|'.join(STATES)})$"))
def has_state(o2g: World, undo: Undo, role: str, what: str) -> None:
    """Precondition: user {role} has the do-not-disturb, forward or overflow state named; undone at the end."""
    require(_change(o2g, undo, f"user {role}", None, STATES[what])[1], f"give user {role} {what}")


@given(parsers.re(r"user (?P<role>[A-Z]) has no remote extension$"))
def no_remote_extension(o2g: World, role: str) -> None:
    """Precondition: user {role} has no remote extension."""
    if any(d.type == "MOBILE" for d in o2g.account(role).devices):
        precondition(f"user {role} has a remote extension on this target: the scenario needs a user without one")


# -- when ------------------------------------------------------------------------------------------------------------


@when(
    parsers.re(
        ACTOR + rf" forwards (?:its calls|the calls of (?P<whose>user [A-Z])) to (?P<dest>{DEST})"
        rf"(?: (?P<cond>{COND})| with the forward type \"(?P<ftype>[^\"]*)\")?$"
    )
)
def forwards(
    o2g: World, undo: Undo, actor: str, whose: str | None, dest: str, cond: str | None, ftype: str | None
) -> None:
    """The actor forwards its calls (or the calls of another user) to the destination named; undone at the end.

    Sends routing.forwardroute.set, routing.state.get.
    """
    owner = _subject(o2g, actor, whose)[2]
    body = {"forwardRoute": route(o2g, "forward", dest, owner, ftype if ftype is not None else cond)}
    _change(o2g, undo, actor, whose, FORWARD["set"], body)


@when(
    parsers.re(
        ACTOR + rf" sets an overflow{WHOSE} to (?P<dest>{DEST}) "
        rf"(?P<cond>{COND}|without overflow type|with the overflow type \"[^\"]*\")$"
    )
)
def sets_overflow(o2g: World, undo: Undo, actor: str, whose: str | None, dest: str, cond: str) -> None:
    """The actor sets an overflow[ of {whose}] to {dest} {cond}; sends routing.overflowroute.set, routing.state.get."""
    owner = _subject(o2g, actor, whose)[2]
    condition = None if cond.startswith("without") else cond.split('"')[1] if '"' in cond else cond
    body = {"overflowRoutes": [route(o2g, "overflow", dest, owner, condition)]}
    _change(o2g, undo, actor, whose, OVERFLOW["set"], body)


@when(parsers.re(ACTOR + r" sets two overflow routes at once$"))
def sets_two_overflows(o2g: World, undo: Undo, actor: str) -> None:
    """The actor sets two overflow routes at once; sends routing.overflowroute.set, routing.state.get."""
    owner = actor_name(actor)
    routes = [route(o2g, "overflow", "its voice mail", owner, c) for c in ("on busy", "on no answer")]
    _change(o2g, undo, actor, None, OVERFLOW["set"], {"overflowRoutes": routes})


@when(parsers.re(ACTOR + rf" cancels (?:its|the) (?P<kind>forward|overflow){WHOSE}$"))
def cancels_route(o2g: World, undo: Undo, actor: str, kind: str, whose: str | None) -> None:
    """The actor cancels (its|the) (forward|overflow)[ of {whose}].

    Sends routing.forwardroute.cancel, routing.overflowroute.cancel.
    """
    _change(o2g, undo, actor, whose, (FORWARD if kind == "forward" else OVERFLOW)["cancel"])


@when(parsers.re(ACTOR + r" (?P<act>activates|cancels) do not disturb(?: for (?P<whose>user [A-Z]))?$"))
def dnd(o2g: World, undo: Undo, actor: str, act: str, whose: str | None) -> None:
    """The actor activates or cancels do not disturb (its own or another user's); restored at the end.

    Sends routing.dnd.cancel, routing.dnd.set, routing.state.get.
    """
    _change(o2g, undo, actor, whose, DND["set" if act == "activates" else "cancel"])


READS = {
    "forward route": FORWARD["get"],
    "overflow route": OVERFLOW["get"],
    "routing state": STATE,
    "routing capabilities": CAPABILITIES,
    "do not disturb state": DND["get"],
}


@when(parsers.re(ACTOR + rf" reads (?:its|the) (?P<what>{'|'.join(READS)}){WHOSE}$"))
def reads(o2g: World, actor: str, what: str, whose: str | None) -> None:
    """The actor reads its (or another user's) forward, overflow, routing state, capabilities or do not disturb."""
    name, query, _ = _subject(o2g, actor, whose)
    _send(o2g, name, READS[what], query)


ROUTES = (
    rf"a forward to (?:{DEST})(?: (?:{COND}))?|two forward routes"
    r"|its (?:remote extension selected|office device deselected)"
)


@when(parsers.re(ACTOR + rf" sets (?:its routes|the routes of (?P<whose>user [A-Z])) with (?P<routes>{ROUTES})$"))
def sets_routes(o2g: World, undo: Undo, actor: str, whose: str | None, routes: str) -> None:
    """SetRoutesRequest (L7751-7778): the remote extension as the MOBILE presentation route, or forwards."""
    owner = _subject(o2g, actor, whose)[2]
    body: dict[str, Any]
    if routes.startswith("its "):
        kind, selected = ("MOBILE", True) if "remote extension" in routes else ("OFFICE", False)
        body = {"presentationRoutes": [{"destinations": [{"type": kind, "selected": selected}]}]}
    elif routes == "two forward routes":
        body = {
            "forwardRoutes": [route(o2g, "forward", "its voice mail", owner, c) for c in ("on busy", "on no answer")]
        }
    else:
        m = re.fullmatch(rf"a forward to (?P<dest>{DEST})(?: (?P<cond>{COND}))?", routes)
        assert m is not None
        body = {"forwardRoutes": [route(o2g, "forward", m["dest"], owner, m["cond"])]}
    _change(o2g, undo, actor, whose, SET_ROUTES, body)


@when(
    parsers.re(
        ACTOR + r" asks for a snapshot of (?:its routing state|the routing state of "
        r"(?P<whose>user [A-Z]|every user|an unknown user))$"
    )
)
def asks_snapshot(o2g: World, actor: str, whose: str | None) -> None:
    """For an administrator the loginName names a user, or is left out for every user (L7511-7514)."""
    query = None
    if whose == "an unknown user":
        query = {"loginName": UNKNOWN_LOGIN}
    elif whose and whose.startswith("user "):
        query = {"loginName": o2g.account(whose[-1]).login}
    _send(o2g, actor_name(actor), SNAPSHOT, query)


#: What an administrator asks for a user, with the operation and body it sends.
ADMIN_ACTIONS: dict[str, tuple[str, Any]] = {
    "reads the routing capabilities": (CAPABILITIES, None),
    "sets routes": (SET_ROUTES, {"forwardRoutes": [{"destinations": [{"type": "VOICEMAIL"}]}]}),
    "reads the do not disturb state": (DND["get"], None),
    "activates do not disturb": (DND["set"], None),
    "cancels do not disturb": (DND["cancel"], None),
    "reads the forward route": (FORWARD["get"], None),
    "forwards calls to the voice mail": (FORWARD["set"], {"forwardRoute": {"destinations": [{"type": "VOICEMAIL"}]}}),
    "cancels the forward": (FORWARD["cancel"], None),
    "reads the overflow route": (OVERFLOW["get"], None),
    "sets an overflow to the voice mail": (
        OVERFLOW["set"],
        {"overflowRoutes": [{"overflowType": "BUSY", "destinations": [{"type": "VOICEMAIL"}]}]},
    ),
    "cancels the overflow": (OVERFLOW["cancel"], None),
    "reads the routing state": (STATE, None),
}


@when(
    parsers.re(
        rf"the administrator (?P<action>{'|'.join(ADMIN_ACTIONS)}) (?P<how>with no loginName|for an unknown user)$"
    )
)
def admin_without_user(o2g: World, action: str, how: str) -> None:
    """loginName "MUST be specified" for an administrator session (L6883-6887); an unknown one names nobody."""
    op_id, body = ADMIN_ACTIONS[action]
    _send(o2g, "administrator", op_id, {"loginName": UNKNOWN_LOGIN} if how.startswith("for") else None, body)
