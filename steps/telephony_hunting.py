"""Steps of hunting groups and CCD pilots: logon state, membership, groups of the node, transfer info (L4002-4515)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from o2g_conformance.checks import NonConformance
from o2g_conformance.client import ApiResponse
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import Role, then, when

from .acd import first_pilot
from .common import body_of
from .telephony import checked, hunting_group_of, log_of, on_teardown
from .users import node_of

LOGON = "telephony.huntinggrouplogon"


@dataclass
class HuntingNotes:
    """What the hunting group and pilot steps of a scenario keep for later steps."""

    #: The number of the pilot whose transfer information was asked (None: none asked yet).
    pilot: str | None = None


@pytest.fixture
def hunting_notes() -> HuntingNotes:
    """The scenario's notes of the hunting group and pilot steps (empty at the start)."""
    return HuntingNotes()


def group_number(o2g: World, member: str | None, number: str | None) -> str:
    return number if number is not None else hunting_group_of(o2g, member or "")


def logon_restored(o2g: World, request: pytest.FixtureRequest, role: str) -> None:
    """At teardown, the user is logged on its hunting group again, as the topology has it."""

    def undo() -> None:
        o2g.session(role).call(f"{LOGON}.logon")

    on_teardown(o2g, request, f"hunting-logon:{role}", undo)


@when("user {role} gets its hunting group logon state", target_fixture="answer")
def get_logon(o2g: World, role: Role) -> ApiResponse:
    """Sends telephony.huntinggrouplogon.get as the user (its HuntingGroupStatus, L5271-5275)."""
    return o2g.send(role, f"{LOGON}.get")


@when("user {role} logs (?P<way>on|off) its hunting group", target_fixture="answer")
def logon(o2g: World, request: pytest.FixtureRequest, role: Role, way: str) -> ApiResponse:
    """Sends POST (log on) or DELETE (log off) on the user's current hunting group (L4038-4109)."""
    logon_restored(o2g, request, role)
    return o2g.send(role, f"{LOGON}.logon" if way == "on" else f"{LOGON}.logoff")


@then("user {role} sees its hunting group logon state (?P<state>logged on|logged off)")
def sees_logon(o2g: World, role: Role, state: str) -> None:
    """Checks OnDynamicStateChanged carries huntingGroupState, a HuntingGroupStatus (L5904-5910, L5271-5275)."""
    wanted = {"loginName": o2g.account(role).login, "huntingGroupState": {"logon": state == "logged on"}}
    event = log_of(o2g, role).wait_for("OnDynamicStateChanged", where=wanted, timeout=o2g.settings.event_timeout)
    checked(o2g, role, event)


@then("the hunting group logon state is (?P<state>logged on|logged off)")
def logon_state_is(answer: ApiResponse, state: str) -> None:
    """Checks the answer's HuntingGroupStatus.logon is the boolean of that state (L5271-5275)."""
    body = body_of(answer) or {}
    if body.get("logon") is not (state == "logged on"):
        raise NonConformance(
            "HuntingGroupStatus.logon, a boolean (L5271-5275)",
            op_id=answer.op_id,
            documented=state == "logged on",
            received=body,
        )


@when(
    'user {role} (?P<way>joins|leaves) the hunting group (?:of user {member:role}|numbered "{number:text}")',
    target_fixture="answer",
)
def membership(
    o2g: World, request: pytest.FixtureRequest, role: Role, way: str, member: Role | None, number: str | None
) -> ApiResponse:
    """Sends POST (add) or DELETE (remove) of the user as member of the group (L4112-4191); both idempotent."""
    hg = group_number(o2g, member, number)
    op = "telephony.huntinggroupmember." + ("add" if way == "joins" else "remove")
    undo = "telephony.huntinggroupmember." + ("remove" if way == "joins" else "add")

    def restore() -> None:
        o2g.session(role).call(undo, path={"hgNumber": hg})

    on_teardown(o2g, request, f"member:{role}:{hg}", restore)
    return o2g.send(role, op, path={"hgNumber": hg})


@when("user {role} lists the hunting groups", target_fixture="answer")
def list_groups(o2g: World, role: Role) -> ApiResponse:
    """Sends telephony.huntinggroups.list as the user (the node's groups and its current one, L5265-5270)."""
    return o2g.send(role, "telephony.huntinggroups.list")


@then(
    "the hunting groups listed include the hunting group of user {member:role}, "
    "(?P<current>the current one|not as the current one)"
)
def groups_listed(o2g: World, answer: ApiResponse, member: Role, current: str) -> None:
    """Checks HuntingGroupResult lists the member's group in hgList, as currentHg or not (L5265-5270)."""
    body = body_of(answer) or {}
    hg = hunting_group_of(o2g, member)
    is_current = body.get("currentHg") == hg
    if hg not in (body.get("hgList") or []) or is_current != (current == "the current one"):
        raise NonConformance(
            "HuntingGroupResult lists the node's groups and the current one (L5265-5270)",
            op_id=answer.op_id,
            documented=f"hgList with {hg}, currentHg {'=' if current == 'the current one' else '!='} {hg}",
            received=body,
        )


@when(r'user {role} asks the transfer information of the pilot(?: numbered "(?P<pilot>\d+)")?', target_fixture="answer")
def pilot_info(o2g: World, hunting_notes: HuntingNotes, role: Role, pilot: str | None) -> ApiResponse:
    """Sends the query made with POST and a PilotQueryParam body (L4457-4515); the pilot asked is noted."""
    number = pilot or first_pilot(o2g)
    hunting_notes.pilot = number
    path = {"nodeId": node_of(o2g, role), "pilotNumber": number}
    return o2g.send(role, "telephony.pilots.transferinfo", path=path, json={"supervisedTransfer": True})


@then("the pilot transfer information names the pilot")
def pilot_named(hunting_notes: HuntingNotes, answer: ApiResponse) -> None:
    """Checks PilotTransferCapa.number is the pilot whose transfer information was asked (L6216-6234)."""
    body = body_of(answer) or {}
    asked = hunting_notes.pilot
    if body.get("number") != asked:
        raise NonConformance(
            "PilotTransferCapa.number is the pilot asked for (L6216-6234)",
            op_id=answer.op_id,
            documented=asked,
            received=body,
        )
