"""Steps of the Call Center Management: pilots, their information and opening, their calendars.

Management is an administrator's (L13405). Everything a scenario changes is restored when it ends: a
closed pilot is opened again (and an opened one closed), an added transition removed, a changed one set
back, a removed one added again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest

from o2g_conformance.client import ApiResponse
from o2g_conformance.plugin.fixtures import Undo
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import Actor, Role, given, then, when

from .acd import UNKNOWN_NUMBER, ccd_node, first_pilot, number, ok, pilots
from .common import answer_object, expect, precondition

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
#: The calendar kinds as the phrases write them.
KIND = r"(?P<kind>normal|exception)"


@dataclass
class Transition:
    """The transition a scenario added (or changed): its calendar kind, its day and its body."""

    kind: str
    key: str
    body: dict[str, Any]


@dataclass
class ManagementNotes:
    """What the management steps of one scenario keep for the later ones."""

    #: The restoration of the first pilot's opening is registered.
    pilot_state_restored: bool = False
    #: Each calendar kind as it was before the scenario changed it.
    calendar_before: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: The (kind, day) whose restoration is registered.
    calendar_restored: set[tuple[str, str]] = field(default_factory=set)
    #: The transition the scenario added or changed last, and its number on its day.
    transition: Transition | None = None
    transition_number: int | None = None

    def last_transition(self) -> Transition:
        if self.transition is None:
            raise AssertionError("harness error: no transition added yet: a step must add one first")
        return self.transition

    def noted_number(self) -> int:
        if self.transition_number is None:
            raise AssertionError("harness error: the number of that transition is unknown: a Given step adds it")
        return self.transition_number


@pytest.fixture
def management_notes() -> ManagementNotes:
    """The management steps' notes of the scenario (empty at its start)."""
    return ManagementNotes()


def _pilot_path(o2g: World, pilot: str | None = None) -> dict[str, str]:
    return {"nodeId": ccd_node(o2g), "pilotNumber": pilot or first_pilot(o2g)}


# -- pilots -----------------------------------------------------------------------------------------------------


@when("{actor} lists the pilots of the node of the call center", target_fixture="answer")
def list_pilots(o2g: World, actor: Actor) -> ApiResponse:
    """Sends acd.management.pilots.list for the node of the call center (user F's node)."""
    return o2g.send(actor, "acd.management.pilots.list", path={"nodeId": ccd_node(o2g)})


@when("{actor} lists the pilots of a node that does not exist", target_fixture="answer")
def list_pilots_unknown(o2g: World, actor: Actor) -> ApiResponse:
    """Sends acd.management.pilots.list for a node the O2G does not manage."""
    return o2g.send(actor, "acd.management.pilots.list", path={"nodeId": UNKNOWN_NODE})


@then("every pilot has a number, a service state and exactly one active rule")
def every_pilot(answer: ApiResponse) -> None:
    """Checks that every listed pilot has a number, a ServiceState and one active rule (L14172-14201, L14263-14272)."""
    listed = answer_object(answer, "Pilots").get("pilotList") or []
    wrong = [
        p
        for p in listed
        if not p.get("number")
        or p.get("state") not in ("Closed", "Opened", "Blocked", "unknown")
        or sum(1 for r in (p.get("rules") or {}).get("ruleList") or [] if r.get("active")) != 1
    ]
    expect(
        answer,
        bool(listed) and not wrong,
        "Pilot: number, state (ServiceState) and its rules, the current one active (L14172-14201, L14263-14272)",
        documented="pilots with a number, a ServiceState and one active rule",
        received=wrong or listed,
    )


@when("{actor} reads the first pilot", target_fixture="answer")
def read_pilot(o2g: World, actor: Actor) -> ApiResponse:
    """Sends acd.management.pilot.get for the first pilot of the node."""
    return o2g.send(actor, PILOT, path=_pilot_path(o2g))


@when("{actor} reads an unknown pilot", target_fixture="answer")
def read_unknown_pilot(o2g: World, actor: Actor) -> ApiResponse:
    """Sends acd.management.pilot.get for a pilot number no call center object has."""
    return o2g.send(actor, PILOT, path=_pilot_path(o2g, UNKNOWN_NUMBER))


@then("the pilot is the one the list of pilots shows")
def pilot_as_listed(o2g: World, answer: ApiResponse) -> None:
    """Checks that the Pilot read is the first one acd.management.pilots.list shows."""
    received = answer_object(answer, "Pilot")
    listed = pilots(o2g)[0]
    expect(answer, received == listed, "the pilot read is the one listed", documented=listed, received=received)


def _active_rule(o2g: World) -> int:
    pilot = ok(o2g.aside("administrator", PILOT, path=_pilot_path(o2g)), "reading the first pilot")
    active = [r for r in (pilot.get("rules") or {}).get("ruleList") or [] if r.get("active")]
    return int(active[0]["ruleNumber"]) if active else 0


@when("{actor} asks the information of the first pilot for a supervised transfer", target_fixture="answer")
def advanced_supervised(o2g: World, actor: Actor) -> ApiResponse:
    """Sends acd.management.pilot.getadvanced for the first pilot with the profile {"supervisedTransfer": true}."""
    return o2g.send(actor, ADVANCED, path=_pilot_path(o2g), json={"supervisedTransfer": True})


@when(
    "{actor} asks the information of the first pilot for a call needing an active skill of {role:user}",
    target_fixture="answer",
)
def advanced_skill(o2g: World, actor: Actor, role: Role) -> ApiResponse:
    """Sends acd.management.pilot.getadvanced with the first active skill of the user (read by acd.agent.config.get)."""
    config = ok(o2g.aside(role, "acd.agent.config.get"), f"reading the configuration of user {role}")
    skills = [s for s in (config.get("skills") or {}).get("skills") or [] if s.get("active")]
    if not skills:
        precondition(f"user {role} has no active skill on this target")
    skill = {"skillNumber": skills[0]["number"], "acrStatus": True, "expertEvalLevel": skills[0].get("level", 0)}
    return o2g.send(actor, ADVANCED, path=_pilot_path(o2g), json={"skills": {"skills": [skill]}})


@when("{actor} asks the information of the first pilot for the agent number of {role:user}", target_fixture="answer")
def advanced_agent(o2g: World, actor: Actor, role: Role) -> ApiResponse:
    """Sends acd.management.pilot.getadvanced for the first pilot with the user's number as the agent number."""
    return o2g.send(actor, ADVANCED, path=_pilot_path(o2g), json={"agentNumber": number(o2g, role)})


@when("{actor} asks the information of the first pilot with the reference's example body", target_fixture="answer")
def advanced_example(o2g: World, actor: Actor) -> ApiResponse:
    """Posts acd.management.pilot.getadvanced with the reference's example body as it is, not JSON (L13550-13559)."""
    session = o2g.session(actor)
    url = session.url_for(ADVANCED, _pilot_path(o2g))
    headers = {"Content-Type": "application/json"}
    return session.request("POST", url, content=EXAMPLE_BODY, headers=headers, op_id=ADVANCED)


@then(r"the transfer to the pilot is (?P<possible>possible|not possible)(?: and (?P<sup>supervised|not supervised))?")
def transfer_possible(answer: ApiResponse, possible: str, sup: str | None) -> None:
    """Checks Pilot.possibleTransfer (and supervisedTransfer) for the call profile (L14186-14187, L14242-14262)."""
    body = answer_object(answer, "Pilot")
    wanted: dict[str, Any] = {"possibleTransfer": possible == "possible"}
    if sup is not None:
        wanted["supervisedTransfer"] = sup == "supervised"
    expect(
        answer,
        all(body.get(k) == v for k, v in wanted.items()),
        "Pilot.possibleTransfer and supervisedTransfer for the call profile (L14186-14187, L14242-14262)",
        documented=wanted,
        received=body,
    )


# -- opening ----------------------------------------------------------------------------------------------------


def _state(o2g: World) -> str:
    pilot = ok(o2g.aside("administrator", PILOT, path=_pilot_path(o2g)), "reading the first pilot")
    return str(pilot.get("state"))


def _restore_state(o2g: World, undo: Undo, notes: ManagementNotes) -> None:
    if notes.pilot_state_restored:
        return
    notes.pilot_state_restored = True
    before = _state(o2g)

    def restore() -> None:
        if _state(o2g) != before:
            op = "acd.management.pilot.close" if before == "Closed" else "acd.management.pilot.open"
            ok(o2g.session("administrator").call(op, path=_pilot_path(o2g)), "restoring the first pilot")

    undo.append(("the opening of the first pilot", restore))


@given(r"the first pilot is (?P<which>open|closed)")
def pilot_is(o2g: World, undo: Undo, management_notes: ManagementNotes, which: str) -> None:
    """Precondition: the first pilot is opened or closed (acd.management.pilot.open/close); restored at the end."""
    _restore_state(o2g, undo, management_notes)
    op = "acd.management.pilot.open" if which == "open" else "acd.management.pilot.close"
    ok(o2g.aside("administrator", op, path=_pilot_path(o2g)), f"making the first pilot {which}")


@when(r"{actor} (?P<verb>closes|opens) the first pilot", target_fixture="answer")
def open_close(o2g: World, undo: Undo, management_notes: ManagementNotes, actor: Actor, verb: str) -> ApiResponse:
    """Sends acd.management.pilot.close or .open for the first pilot; an administrator's change is restored."""
    if actor.is_admin:
        _restore_state(o2g, undo, management_notes)
    op = "acd.management.pilot.close" if verb == "closes" else "acd.management.pilot.open"
    return o2g.send(actor, op, path=_pilot_path(o2g))


@when(r"{actor} (?P<verb>closes|opens) an unknown pilot", target_fixture="answer")
def open_close_unknown(o2g: World, actor: Actor, verb: str) -> ApiResponse:
    """Sends acd.management.pilot.close or .open for a pilot number no call center object has."""
    op = "acd.management.pilot.close" if verb == "closes" else "acd.management.pilot.open"
    return o2g.send(actor, op, path=_pilot_path(o2g, UNKNOWN_NUMBER))


@then(r"the first pilot is (?P<state>Closed|Opened)")
def pilot_state(o2g: World, answer: ApiResponse, state: str) -> None:
    """Checks Pilot.state read back by acd.management.pilot.get after the operation (ServiceState, L14333-14339)."""
    now = _state(o2g)
    expect(
        answer,
        now == state,
        "Pilot.state after the operation (ServiceState, L14333-14339)",
        documented=state,
        received=now,
    )


# -- calendars --------------------------------------------------------------------------------------------------


@when("{actor} reads the calendar of the first pilot", target_fixture="answer")
def read_calendar(o2g: World, actor: Actor) -> ApiResponse:
    """Sends acd.management.calendar.get for the first pilot."""
    return o2g.send(actor, "acd.management.calendar.get", path=_pilot_path(o2g))


@when("{actor} reads the calendar of an unknown pilot", target_fixture="answer")
def read_calendar_unknown(o2g: World, actor: Actor) -> ApiResponse:
    """Sends acd.management.calendar.get for a pilot number no call center object has."""
    return o2g.send(actor, "acd.management.calendar.get", path=_pilot_path(o2g, UNKNOWN_NUMBER))


@when("{actor} reads the " + KIND + " calendar of the first pilot", target_fixture="answer")
def read_kind(o2g: World, actor: Actor, kind: str) -> ApiResponse:
    """Sends acd.management.calendar.normal.get or .exception.get for the first pilot."""
    return o2g.send(actor, CALENDAR[kind], path=_pilot_path(o2g))


@when("{actor} reads the " + KIND + " calendar of an unknown pilot", target_fixture="answer")
def read_kind_unknown(o2g: World, actor: Actor, kind: str) -> ApiResponse:
    """Sends acd.management.calendar.normal.get or .exception.get for a pilot number no object has."""
    return o2g.send(actor, CALENDAR[kind], path=_pilot_path(o2g, UNKNOWN_NUMBER))


def _calendar(o2g: World, kind: str) -> list[dict[str, Any]]:
    body = ok(o2g.aside("administrator", CALENDAR[kind], path=_pilot_path(o2g)), f"reading the {kind} calendar")
    return list((body or {}).get("calendar") or [])


@then(
    r"the calendar's (?P<which>normal|exception) days are the " + KIND + " calendar of the first pilot",
)
def calendar_parts(o2g: World, answer: ApiResponse, which: str, kind: str) -> None:
    """Checks PilotCalendar.normalDays/exceptionDays against the calendar read by its own get (L14202-14235)."""
    whole = answer_object(answer, "PilotCalendar").get(f"{which}Days") or {}
    part = {"calendar": _calendar(o2g, kind)}
    received = {"calendar": whole.get("calendar") or []}
    expect(answer, received == part, f"PilotCalendar.{which}Days (L14202-14235)", documented=part, received=received)


@then("every day of the calendar has its transitions numbered from 1")
def numbered(answer: ApiResponse) -> None:
    """Checks that the transitions of every day of the calendar answered are numbered 1, 2, ... (L14325)."""
    days = answer_object(answer, "calendar").get("calendar") or []
    wrong = [
        d
        for d in days
        if [t.get("number") for t in d.get("list") or []] != list(range(1, len(d.get("list") or []) + 1))
    ]
    expect(
        answer,
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


def _remember(o2g: World, undo: Undo, notes: ManagementNotes, kind: str, key: str) -> None:
    """Keep the calendar as it was; at the end, remove what the scenario added and put back what it took."""
    if kind not in notes.calendar_before:
        notes.calendar_before[kind] = _calendar(o2g, kind)
    if (kind, key) in notes.calendar_restored:
        return
    notes.calendar_restored.add((kind, key))
    before = [t["transition"] for t in _day(o2g, kind, key)]

    def restore() -> None:
        admin = o2g.session("administrator")
        now = [t["transition"] for t in _day(o2g, kind, key)]
        for index in range(len(now), 0, -1):
            admin.call(REMOVE[kind], path=_day_path(o2g, kind, key, index))
        for transition in before:
            ok(admin.call(ADD[kind], path=_day_path(o2g, kind, key), json=transition), "restoring a transition")

    undo.append((f"the {kind} calendar of the first pilot on {key}", restore))


def _adding(
    o2g: World, undo: Undo, notes: ManagementNotes, kind: str, key: str, transition: dict[str, Any]
) -> dict[str, str]:
    """Prepare adding `transition` (the calendar restored at the end, the transition noted): the day's path."""
    _remember(o2g, undo, notes, kind, key)
    notes.transition = Transition(kind, key, transition)
    return _day_path(o2g, kind, key)


ADD_PHRASE = (
    r' adds the transition "{time:text}" (?P<mode>\w+) on its active rule to the ' + KIND + r" calendar of the first"
    r" pilot on (?P<key>\w+)"
)


@when("{actor}" + ADD_PHRASE, target_fixture="answer")
def add(
    o2g: World, undo: Undo, management_notes: ManagementNotes, actor: Actor, time: str, mode: str, kind: str, key: str
) -> ApiResponse:
    """Sends acd.management.calendar.<kind>.transitions.add on the pilot's active rule; restored at the end."""
    transition = _transition(time, mode, _active_rule(o2g))
    return o2g.send(actor, ADD[kind], path=_adding(o2g, undo, management_notes, kind, key, transition), json=transition)


@given(
    r'{actor} has added the transition "{time:text}" (?P<mode>\w+) on its active rule to the '
    + KIND
    + r" calendar of the first pilot on (?P<key>\w+)"
)
def added(
    o2g: World, undo: Undo, management_notes: ManagementNotes, actor: Actor, time: str, mode: str, kind: str, key: str
) -> None:
    """Precondition: a transition added by acd.management.calendar.<kind>.transitions.add, its number noted; undone."""
    transition = _transition(time, mode, _active_rule(o2g))
    path = _adding(o2g, undo, management_notes, kind, key, transition)
    ok(o2g.aside(actor, ADD[kind], path=path, json=transition), "adding a transition")
    management_notes.transition_number = len(_day(o2g, kind, key))


@when(
    r"{actor} adds the transition (?P<body>\{.*\}) to the " + KIND + r" calendar of the first pilot on (?P<key>\w+)",
    target_fixture="answer",
)
def add_raw(
    o2g: World, undo: Undo, management_notes: ManagementNotes, actor: Actor, body: str, kind: str, key: str
) -> ApiResponse:
    """Sends acd.management.calendar.<kind>.transitions.add with the body written; the calendar is restored."""
    transition = json.loads(body)
    return o2g.send(actor, ADD[kind], path=_adding(o2g, undo, management_notes, kind, key, transition), json=transition)


@when(r'{actor} changes that transition to "{time:text}" (?P<mode>\w+)', target_fixture="answer")
def modify(o2g: World, management_notes: ManagementNotes, actor: Actor, time: str, mode: str) -> ApiResponse:
    """Sends acd.management.calendar.<kind>.transition.modify for the transition added, on the same rule."""
    old = management_notes.last_transition()
    new = _transition(time, mode, old.body["ruleNumber"])
    management_notes.transition = Transition(old.kind, old.key, new)
    path = _day_path(o2g, old.kind, old.key, management_notes.noted_number())
    return o2g.send(actor, MODIFY[old.kind], path=path, json=new)


@when(
    r"{actor} changes transition {nbr:count} of the " + KIND + r" calendar of the first pilot on (?P<key>\w+)"
    r' to "{time:text}" (?P<mode>\w+)',
    target_fixture="answer",
)
def modify_numbered(
    o2g: World,
    undo: Undo,
    management_notes: ManagementNotes,
    actor: Actor,
    nbr: int,
    kind: str,
    key: str,
    time: str,
    mode: str,
) -> ApiResponse:
    """Sends acd.management.calendar.<kind>.transition.modify for a numbered transition; restored at the end."""
    _remember(o2g, undo, management_notes, kind, key)
    body = _transition(time, mode, _active_rule(o2g))
    return o2g.send(actor, MODIFY[kind], path=_day_path(o2g, kind, key, nbr), json=body)


@when("{actor} removes that transition", target_fixture="answer")
def remove(o2g: World, management_notes: ManagementNotes, actor: Actor) -> ApiResponse:
    """Sends acd.management.calendar.<kind>.transition.remove for the transition added."""
    noted = management_notes.last_transition()
    path = _day_path(o2g, noted.kind, noted.key, management_notes.noted_number())
    return o2g.send(actor, REMOVE[noted.kind], path=path)


@when(
    r"{actor} removes transition {nbr:count} of the " + KIND + r" calendar of the first pilot on (?P<key>\w+)",
    target_fixture="answer",
)
def remove_numbered(
    o2g: World, undo: Undo, management_notes: ManagementNotes, actor: Actor, nbr: int, kind: str, key: str
) -> ApiResponse:
    """Sends acd.management.calendar.<kind>.transition.remove for a numbered transition; restored at the end."""
    _remember(o2g, undo, management_notes, kind, key)
    return o2g.send(actor, REMOVE[kind], path=_day_path(o2g, kind, key, nbr))


@then("the " + KIND + r" calendar of the first pilot shows that transition last on (?P<key>\w+)")
def shows_last(o2g: World, answer: ApiResponse, management_notes: ManagementNotes, kind: str, key: str) -> None:
    """Checks that the day read back by acd.management.calendar.<kind>.get ends with that transition (L14308-14332)."""
    transition = management_notes.last_transition().body
    day = _day(o2g, kind, key)
    received = day[-1] if day else None
    wanted = {"number": len(day), "transition": transition}
    expect(
        answer,
        received == wanted,
        f"the {kind} calendar keeps the transition (L14308-14332)",
        documented=wanted,
        received=day,
    )


@then("the " + KIND + r" calendar of the first pilot (?:is unchanged|is as before the scenario)")
def unchanged(o2g: World, answer: ApiResponse, management_notes: ManagementNotes, kind: str) -> None:
    """Checks that the calendar read back (acd.management.calendar.<kind>.get) is as before the scenario changed it."""
    before = management_notes.calendar_before.get(kind)
    now = _calendar(o2g, kind)
    expect(answer, now == before, f"the {kind} calendar is as it was", documented=before, received=now)
