"""Steps of the Call Center Management: pilots, their information and opening, their calendars.

Management is an administrator's (L13405). Everything a scenario changes is restored when it ends: a
closed pilot is opened again (and an opened one closed), an added transition removed, a changed one set
back, a removed one added again.
"""

from __future__ import annotations

import json
from typing import Any

from pytest_bdd import parsers

from o2g_conformance.plugin.fixtures import Undo
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import given, then, when

from .acd import UNKNOWN_NUMBER, body_object, ccd_node, expect, first_pilot, number, ok, pilots, side
from .common import ACTOR, actor_name, precondition

ROLE = r"user \"?(?P<role>[A-Z])\"?"
PILOT = "acd.management.pilot.get"
ADVANCED = "acd.management.pilot.getadvanced"
CALENDAR = {"normal": "acd.management.calendar.normal.get", "exception": "acd.management.calendar.exception.get"}
ADD = {
    "normal": "acd.management.calendar.normal.transitions.add",
    "exception": "acd.management.calendar.exception.transitions.add",
}
MODIFY = {
    "normal": "acd.management.calendar.normal.transition.modify",
    "exception": "acd.management.calendar.exception.transition.modify",
}
REMOVE = {
    "normal": "acd.management.calendar.normal.transition.remove",
    "exception": "acd.management.calendar.exception.transition.remove",
}
DAY_KEY = {"normal": ("dayOfWeek", "day"), "exception": ("date", "date")}
#: The reference's example body of the advanced query, trailing comma included (L13550-13559).
EXAMPLE_BODY = '{"skills": {"skills": [ {"skillNumber": 1, "acrStatus": true, "expertEvalLevel": 2} ],}}'
UNKNOWN_NODE = "999"


def _pilot_path(o2g: World, pilot: str | None = None) -> dict[str, str]:
    return {"nodeId": ccd_node(o2g), "pilotNumber": pilot or first_pilot(o2g)}


def _send(o2g: World, actor: str, op_id: str, **kwargs: Any) -> None:
    o2g.response = o2g.session(actor_name(actor)).call(op_id, **kwargs)


# -- pilots -----------------------------------------------------------------------------------------------------


@when(parsers.re(ACTOR + r" lists the pilots of the node of the call center$"))
def list_pilots(o2g: World, actor: str) -> None:
    """The actor lists the pilots of the node of the call center; sends acd.management.pilots.list."""
    _send(o2g, actor, "acd.management.pilots.list", path={"nodeId": ccd_node(o2g)})


@when(parsers.re(ACTOR + r" lists the pilots of a node that does not exist$"))
def list_pilots_unknown(o2g: World, actor: str) -> None:
    """The actor lists the pilots of a node that does not exist; sends acd.management.pilots.list."""
    _send(o2g, actor, "acd.management.pilots.list", path={"nodeId": UNKNOWN_NODE})


@then("every pilot has a number, a service state and exactly one active rule")
def every_pilot(o2g: World) -> None:
    """Checks that every pilot has a number, a service state and exactly one active rule."""
    listed = body_object(o2g, "Pilots").get("pilotList") or []
    wrong = [
        p
        for p in listed
        if not p.get("number")
        or p.get("state") not in ("Closed", "Opened", "Blocked", "unknown")
        or sum(1 for r in (p.get("rules") or {}).get("ruleList") or [] if r.get("active")) != 1
    ]
    expect(
        o2g,
        bool(listed) and not wrong,
        "Pilot: number, state (ServiceState) and its rules, the current one active (L14172-14201, L14263-14272)",
        documented="pilots with a number, a ServiceState and one active rule",
        received=wrong or listed,
    )


@when(parsers.re(ACTOR + r" reads the first pilot$"))
def read_pilot(o2g: World, actor: str) -> None:
    """The actor reads the first pilot; sends acd.management.pilot.get."""
    _send(o2g, actor, PILOT, path=_pilot_path(o2g))


@when(parsers.re(ACTOR + r" reads an unknown pilot$"))
def read_unknown_pilot(o2g: World, actor: str) -> None:
    """The actor reads an unknown pilot; sends acd.management.pilot.get."""
    _send(o2g, actor, PILOT, path=_pilot_path(o2g, UNKNOWN_NUMBER))


@then("the pilot is the one the list of pilots shows")
def pilot_as_listed(o2g: World) -> None:
    """Checks that the pilot is the one the list of pilots shows: the pilot read is the one listed."""
    received = body_object(o2g, "Pilot")
    listed = pilots(o2g)[0]
    expect(o2g, received == listed, "the pilot read is the one listed", documented=listed, received=received)


def _active_rule(o2g: World) -> int:
    pilot = ok(side(o2g, "administrator", PILOT, path=_pilot_path(o2g)), "reading the first pilot")
    active = [r for r in (pilot.get("rules") or {}).get("ruleList") or [] if r.get("active")]
    return int(active[0]["ruleNumber"]) if active else 0


@when(parsers.re(ACTOR + r" asks the information of the first pilot for a supervised transfer$"))
def advanced_supervised(o2g: World, actor: str) -> None:
    """The actor asks the information of the first pilot for a supervised transfer.

    Sends acd.management.pilot.getadvanced.
    """
    _send(o2g, actor, ADVANCED, path=_pilot_path(o2g), json={"supervisedTransfer": True})


@when(
    parsers.re(ACTOR + r" asks the information of the first pilot for a call needing an active skill of " + ROLE + r"$")
)
def advanced_skill(o2g: World, actor: str, role: str) -> None:
    """The actor asks the information of the first pilot for a call needing an active skill of user {role}.

    Sends acd.agent.config.get, acd.management.pilot.getadvanced.
    """
    config = ok(side(o2g, role, "acd.agent.config.get"), f"reading the configuration of user {role}")
    skills = [s for s in (config.get("skills") or {}).get("skills") or [] if s.get("active")]
    if not skills:
        precondition(f"user {role} has no active skill on this target")
    skill = {"skillNumber": skills[0]["number"], "acrStatus": True, "expertEvalLevel": skills[0].get("level", 0)}
    _send(o2g, actor, ADVANCED, path=_pilot_path(o2g), json={"skills": {"skills": [skill]}})


@when(parsers.re(ACTOR + r" asks the information of the first pilot for the agent number of " + ROLE + r"$"))
def advanced_agent(o2g: World, actor: str, role: str) -> None:
    """The actor asks the information of the first pilot for the agent number of user {role}.

    Sends acd.management.pilot.getadvanced.
    """
    _send(o2g, actor, ADVANCED, path=_pilot_path(o2g), json={"agentNumber": number(o2g, role)})


@when(parsers.re(ACTOR + r" asks the information of the first pilot with the reference's example body$"))
def advanced_example(o2g: World, actor: str) -> None:
    """The actor asks the information of the first pilot with the reference's example body.

    Sends acd.management.pilot.getadvanced.
    """
    session = o2g.session(actor_name(actor))
    url = session.url_for(ADVANCED, _pilot_path(o2g))
    headers = {"Content-Type": "application/json"}
    o2g.response = session.request("POST", url, content=EXAMPLE_BODY, headers=headers, op_id=ADVANCED)


@then(
    parsers.re(
        r"the transfer to the pilot is (?P<possible>possible|not possible)(?: and (?P<sup>supervised|not supervised))?$"
    )
)
def transfer_possible(o2g: World, possible: str, sup: str | None) -> None:
    """Checks that the transfer to the pilot is (possible|not possible)[ and (supervised|not supervised]."""
    body = body_object(o2g, "Pilot")
    wanted: dict[str, Any] = {"possibleTransfer": possible == "possible"}
    if sup is not None:
        wanted["supervisedTransfer"] = sup == "supervised"
    expect(
        o2g,
        all(body.get(k) == v for k, v in wanted.items()),
        "Pilot.possibleTransfer and supervisedTransfer for the call profile (L14186-14187, L14242-14262)",
        documented=wanted,
        received=body,
    )


# -- opening ----------------------------------------------------------------------------------------------------


def _state(o2g: World) -> str:
    pilot = ok(side(o2g, "administrator", PILOT, path=_pilot_path(o2g)), "reading the first pilot")
    return str(pilot.get("state"))


def _restore_state(o2g: World, undo: Undo) -> None:
    key = "acd.pilot-state-undo"
    if o2g.values.get(key):
        return
    o2g.values[key] = True
    before = _state(o2g)

    def restore() -> None:
        if _state(o2g) != before:
            op = "acd.management.pilot.close" if before == "Closed" else "acd.management.pilot.open"
            ok(o2g.session("administrator").call(op, path=_pilot_path(o2g)), "restoring the first pilot")

    undo.append(("the opening of the first pilot", restore))


@given(parsers.re(r"the first pilot is (?P<which>open|closed)$"))
def pilot_is(o2g: World, undo: Undo, which: str) -> None:
    """Precondition: the first pilot is (open|closed); set up with acd.management.pilot.get; undone at the end."""
    _restore_state(o2g, undo)
    op = "acd.management.pilot.open" if which == "open" else "acd.management.pilot.close"
    ok(side(o2g, "administrator", op, path=_pilot_path(o2g)), f"making the first pilot {which}")


@when(parsers.re(ACTOR + r" (?P<verb>closes|opens) the first pilot$"))
def open_close(o2g: World, undo: Undo, actor: str, verb: str) -> None:
    """The actor (closes|opens) the first pilot; sends acd.management.pilot.get, acd.management.pilot.close."""
    if actor_name(actor) == "administrator":
        _restore_state(o2g, undo)
    op = "acd.management.pilot.close" if verb == "closes" else "acd.management.pilot.open"
    _send(o2g, actor, op, path=_pilot_path(o2g))


@when(parsers.re(ACTOR + r" (?P<verb>closes|opens) an unknown pilot$"))
def open_close_unknown(o2g: World, actor: str, verb: str) -> None:
    """The actor (closes|opens) an unknown pilot; sends acd.management.pilot.close, acd.management.pilot.open."""
    op = "acd.management.pilot.close" if verb == "closes" else "acd.management.pilot.open"
    _send(o2g, actor, op, path=_pilot_path(o2g, UNKNOWN_NUMBER))


@then(parsers.re(r"the first pilot is (?P<state>Closed|Opened)$"))
def pilot_state(o2g: World, state: str) -> None:
    """Checks that the first pilot is (Closed|Opened): Pilot.state after the operation (ServiceState, L14333-14339).

    Reads acd.management.pilot.get.
    """
    now = _state(o2g)
    expect(
        o2g,
        now == state,
        "Pilot.state after the operation (ServiceState, L14333-14339)",
        documented=state,
        received=now,
    )


# -- calendars --------------------------------------------------------------------------------------------------


@when(parsers.re(ACTOR + r" reads the calendar of the first pilot$"))
def read_calendar(o2g: World, actor: str) -> None:
    """The actor reads the calendar of the first pilot; sends acd.management.calendar.get."""
    _send(o2g, actor, "acd.management.calendar.get", path=_pilot_path(o2g))


@when(parsers.re(ACTOR + r" reads the calendar of an unknown pilot$"))
def read_calendar_unknown(o2g: World, actor: str) -> None:
    """The actor reads the calendar of an unknown pilot; sends acd.management.calendar.get."""
    _send(o2g, actor, "acd.management.calendar.get", path=_pilot_path(o2g, UNKNOWN_NUMBER))


@when(parsers.re(ACTOR + r" reads the (?P<kind>normal|exception) calendar of the first pilot$"))
def read_kind(o2g: World, actor: str, kind: str) -> None:
    """The actor reads the (normal|exception) calendar of the first pilot.

    Sends acd.management.calendar.exception.get, acd.management.calendar.normal.get.
    """
    _send(o2g, actor, CALENDAR[kind], path=_pilot_path(o2g))


@when(parsers.re(ACTOR + r" reads the (?P<kind>normal|exception) calendar of an unknown pilot$"))
def read_kind_unknown(o2g: World, actor: str, kind: str) -> None:
    """The actor reads the (normal|exception) calendar of an unknown pilot.

    Sends acd.management.calendar.exception.get.
    """
    _send(o2g, actor, CALENDAR[kind], path=_pilot_path(o2g, UNKNOWN_NUMBER))


def _calendar(o2g: World, kind: str) -> list[dict[str, Any]]:
    body = ok(side(o2g, "administrator", CALENDAR[kind], path=_pilot_path(o2g)), f"reading the {kind} calendar")
    return list((body or {}).get("calendar") or [])


@then(
    parsers.re(
        r"the calendar's (?P<which>normal|exception) days are the (?P<kind>normal|exception) calendar"
        r" of the first pilot$"
    )
)
def calendar_parts(o2g: World, which: str, kind: str) -> None:
    """Checks that the calendar's (normal|exception) days are the (normal|exception) calendar of the first pilot.

    Reads acd.management.calendar.exception.get, acd.management.calendar.normal.get.
    """
    whole = body_object(o2g, "PilotCalendar").get(f"{which}Days") or {}
    part = {"calendar": _calendar(o2g, kind)}
    received = {"calendar": whole.get("calendar") or []}
    expect(o2g, received == part, f"PilotCalendar.{which}Days (L14202-14235)", documented=part, received=received)


@then("every day of the calendar has its transitions numbered from 1")
def numbered(o2g: World) -> None:
    """Checks that every day of the calendar has its transitions numbered from 1."""
    days = body_object(o2g, "calendar").get("calendar") or []
    wrong = [
        d
        for d in days
        if [t.get("number") for t in d.get("list") or []] != list(range(1, len(d.get("list") or []) + 1))
    ]
    expect(
        o2g,
        not wrong,
        "PilotTransitions.number: the transition number in [1,10] (L14325)",
        documented="1, 2, ...",
        received=wrong,
    )


def _day(o2g: World, kind: str, key: str) -> list[dict[str, Any]]:
    field = DAY_KEY[kind][1]
    return next((list(d.get("list") or []) for d in _calendar(o2g, kind) if d.get(field) == key), [])


def _transition(time: str, mode: str, rule: int) -> dict[str, Any]:
    return {"time": time, "ruleNumber": rule, "mode": mode}


def _day_path(o2g: World, kind: str, key: str, nbr: int | None = None) -> dict[str, str]:
    path = {**_pilot_path(o2g), DAY_KEY[kind][0]: key}
    if nbr is not None:
        path["transitionNbr"] = str(nbr)
    return path


def _remember(o2g: World, undo: Undo, kind: str, key: str) -> None:
    """Keep the calendar as it was; at the end, remove what the scenario added and put back what it took."""
    o2g.values.setdefault(f"acd.calendar-before:{kind}", _calendar(o2g, kind))
    marker = f"acd.calendar-undo:{kind}:{key}"
    if o2g.values.get(marker):
        return
    o2g.values[marker] = True
    before = [t["transition"] for t in _day(o2g, kind, key)]

    def restore() -> None:
        admin = o2g.session("administrator")
        now = [t["transition"] for t in _day(o2g, kind, key)]
        for index in range(len(now), 0, -1):
            admin.call(REMOVE[kind], path=_day_path(o2g, kind, key, index))
        for transition in before:
            ok(admin.call(ADD[kind], path=_day_path(o2g, kind, key), json=transition), "restoring a transition")

    undo.append((f"the {kind} calendar of the first pilot on {key}", restore))


def _add(o2g: World, undo: Undo, actor: str, kind: str, key: str, transition: dict[str, Any]) -> None:
    _remember(o2g, undo, kind, key)
    o2g.values["acd.transition"] = (kind, key, transition)
    _send(o2g, actor, ADD[kind], path=_day_path(o2g, kind, key), json=transition)


ADD_PHRASE = (
    r" adds the transition \"(?P<time>[^\"]*)\" (?P<mode>\w+) on its active rule to the (?P<kind>normal|exception)"
    r" calendar of the first pilot on (?P<key>\w+)$"
)


@when(parsers.re(ACTOR + ADD_PHRASE))
def add(o2g: World, undo: Undo, actor: str, time: str, mode: str, kind: str, key: str) -> None:
    """The actor adds a transition to the normal or exception calendar of the first pilot; undone at the end."""
    _add(o2g, undo, actor, kind, key, _transition(time, mode, _active_rule(o2g)))


@given(
    parsers.re(
        ACTOR + r" has added the transition \"(?P<time>[^\"]*)\" (?P<mode>\w+) on its active rule to the"
        r" (?P<kind>normal|exception) calendar of the first pilot on (?P<key>\w+)$"
    )
)
def added(o2g: World, undo: Undo, actor: str, time: str, mode: str, kind: str, key: str) -> None:
    """Precondition: the actor has added a transition to a calendar of the first pilot; undone at the end."""
    _add(o2g, undo, actor, kind, key, _transition(time, mode, _active_rule(o2g)))
    assert o2g.response is not None
    ok(o2g.response, "adding a transition")
    o2g.values["acd.transition-number"] = len(_day(o2g, kind, key))


@when(
    parsers.re(
        ACTOR + r" adds the transition (?P<body>\{.*\}) to the (?P<kind>normal|exception) calendar"
        r" of the first pilot on (?P<key>\w+)$"
    )
)
def add_raw(o2g: World, undo: Undo, actor: str, body: str, kind: str, key: str) -> None:
    """The actor adds the transition {body} to the (normal|exception) calendar of the first pilot on {key}.

    Sends acd.management.calendar.normal.get, acd.management.calendar.normal.transitions.add.
    """
    _add(o2g, undo, actor, kind, key, json.loads(body))


@when(parsers.re(ACTOR + r" changes that transition to \"(?P<time>[^\"]*)\" (?P<mode>\w+)$"))
def modify(o2g: World, actor: str, time: str, mode: str) -> None:
    """The actor changes that transition to "{time}" {mode}.

    Sends acd.management.calendar.exception.transition.modify, acd.management.calendar.normal.transition.modify.
    """
    kind, key, old = o2g.values["acd.transition"]
    new = _transition(time, mode, old["ruleNumber"])
    o2g.values["acd.transition"] = (kind, key, new)
    nbr = o2g.values["acd.transition-number"]
    _send(o2g, actor, MODIFY[kind], path=_day_path(o2g, kind, key, nbr), json=new)


@when(
    parsers.re(
        ACTOR + r" changes transition (?P<nbr>\d+) of the (?P<kind>normal|exception) calendar of the first"
        r" pilot on (?P<key>\w+) to \"(?P<time>[^\"]*)\" (?P<mode>\w+)$"
    )
)
def modify_numbered(o2g: World, undo: Undo, actor: str, nbr: str, kind: str, key: str, time: str, mode: str) -> None:
    """The actor changes a numbered transition of a calendar of the first pilot; the calendar is restored at the end."""
    _remember(o2g, undo, kind, key)
    body = _transition(time, mode, _active_rule(o2g))
    _send(o2g, actor, MODIFY[kind], path=_day_path(o2g, kind, key, int(nbr)), json=body)


@when(parsers.re(ACTOR + r" removes that transition$"))
def remove(o2g: World, actor: str) -> None:
    """The actor removes that transition.

    Sends acd.management.calendar.exception.transition.remove, acd.management.calendar.normal.transition.remove.
    """
    kind, key, _ = o2g.values["acd.transition"]
    _send(o2g, actor, REMOVE[kind], path=_day_path(o2g, kind, key, o2g.values["acd.transition-number"]))


@when(
    parsers.re(
        ACTOR + r" removes transition (?P<nbr>\d+) of the (?P<kind>normal|exception) calendar of the first"
        r" pilot on (?P<key>\w+)$"
    )
)
def remove_numbered(o2g: World, undo: Undo, actor: str, nbr: str, kind: str, key: str) -> None:
    """The actor removes transition {nbr} of the (normal|exception) calendar of the first pilot on {key}."""
    _remember(o2g, undo, kind, key)
    _send(o2g, actor, REMOVE[kind], path=_day_path(o2g, kind, key, int(nbr)))


@then(
    parsers.re(
        r"the (?P<kind>normal|exception) calendar of the first pilot shows that transition last on (?P<key>\w+)$"
    )
)
def shows_last(o2g: World, kind: str, key: str) -> None:
    """Checks that the (normal|exception) calendar of the first pilot shows that transition last on {key}.

    Reads acd.management.calendar.exception.get, acd.management.calendar.normal.get.
    """
    _, _, transition = o2g.values["acd.transition"]
    day = _day(o2g, kind, key)
    received = day[-1] if day else None
    wanted = {"number": len(day), "transition": transition}
    expect(
        o2g,
        received == wanted,
        f"the {kind} calendar keeps the transition (L14308-14332)",
        documented=wanted,
        received=day,
    )


@then(
    parsers.re(
        r"the (?P<kind>normal|exception) calendar of the first pilot (?:is unchanged|is as before the scenario)$"
    )
)
def unchanged(o2g: World, kind: str) -> None:
    """Checks that the (normal|exception) calendar of the first pilot (is unchanged|is as before the scenario).

    Reads acd.management.calendar.exception.get, acd.management.calendar.normal.get.
    """
    before = o2g.values.get(f"acd.calendar-before:{kind}")
    now = _calendar(o2g, kind)
    expect(o2g, now == before, f"the {kind} calendar is as it was", documented=before, received=now)
