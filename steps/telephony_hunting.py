"""Steps of hunting groups and CCD pilots: logon state, membership, groups of the node, transfer info (L4002-4515)."""

from __future__ import annotations

import pytest
from pytest_bdd import parsers

from o2g_conformance.checks import NonConformance
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import then, when

from .acd import first_pilot
from .common import body_of, last
from .telephony import checked, hunting_group_of, log_of, on_teardown, send
from .users import node_of

LOGON = "telephony.huntinggrouplogon"
GROUP = r"the hunting group (?:of user (?P<member>[A-Z])|numbered \"(?P<number>[^\"]*)\")"


def group_number(o2g: World, member: str | None, number: str | None) -> str:
    return number if number is not None else hunting_group_of(o2g, member or "")


def logon_restored(o2g: World, request: pytest.FixtureRequest, role: str) -> None:
    """At teardown, the user is logged on its hunting group again, as the topology has it."""

    def undo() -> None:
        o2g.session(role).call(f"{LOGON}.logon")

    on_teardown(o2g, request, f"hunting-logon:{role}", undo)


@when(parsers.re(r"user (?P<role>[A-Z]) gets its hunting group logon state$"))
def get_logon(o2g: World, role: str) -> None:
    """User {role} gets its hunting group logon state; sends telephony.huntinggrouplogon.get."""
    send(o2g, role, f"{LOGON}.get")


@when(parsers.re(r"user (?P<role>[A-Z]) logs (?P<way>on|off) its hunting group$"))
def logon(o2g: World, request: pytest.FixtureRequest, role: str, way: str) -> None:
    """POST logs on, DELETE logs off the user's current hunting group (L4038-4109)."""
    logon_restored(o2g, request, role)
    send(o2g, role, f"{LOGON}.logon" if way == "on" else f"{LOGON}.logoff")


@then(parsers.re(r"user (?P<role>[A-Z]) sees its hunting group logon state (?P<state>logged on|logged off)$"))
def sees_logon(o2g: World, role: str, state: str) -> None:
    """OnDynamicStateChanged carries huntingGroupState, a HuntingGroupStatus (L5904-5910, L5271-5275)."""
    wanted = {"loginName": o2g.account(role).login, "huntingGroupState": {"logon": state == "logged on"}}
    event = log_of(o2g, role).wait_for("OnDynamicStateChanged", where=wanted, timeout=o2g.settings.event_timeout)
    checked(o2g, role, event)


@then(parsers.re(r"the hunting group logon state is (?P<state>logged on|logged off)$"))
def logon_state_is(o2g: World, state: str) -> None:
    """Checks that the hunting group logon state is (logged on|logged off)."""
    body = body_of(last(o2g)) or {}
    if body.get("logon") is not (state == "logged on"):
        raise NonConformance(
            "HuntingGroupStatus.logon, a boolean (L5271-5275)",
            op_id=last(o2g).op_id,
            documented=state == "logged on",
            received=body,
        )


@when(parsers.re(rf"user (?P<role>[A-Z]) (?P<way>joins|leaves) {GROUP}$"))
def membership(
    o2g: World, request: pytest.FixtureRequest, role: str, way: str, member: str | None, number: str | None
) -> None:
    """POST adds, DELETE removes the user as member of the group (L4112-4191); both are idempotent."""
    hg = group_number(o2g, member, number)
    op = "telephony.huntinggroupmember." + ("add" if way == "joins" else "remove")
    undo = "telephony.huntinggroupmember." + ("remove" if way == "joins" else "add")

    def restore() -> None:
        o2g.session(role).call(undo, path={"hgNumber": hg})

    on_teardown(o2g, request, f"member:{role}:{hg}", restore)
    send(o2g, role, op, path={"hgNumber": hg})


@when(parsers.re(r"user (?P<role>[A-Z]) lists the hunting groups$"))
def list_groups(o2g: World, role: str) -> None:
    """User {role} lists the hunting groups; sends telephony.huntinggroups.list."""
    send(o2g, role, "telephony.huntinggroups.list")


@then(
    parsers.re(
        r"the hunting groups listed include the hunting group of user (?P<member>[A-Z]), "
        r"(?P<current>the current one|not as the current one)$"
    )
)
def groups_listed(o2g: World, member: str, current: str) -> None:
    """HuntingGroupResult: the groups of the node and the user's current one (L5265-5270)."""
    body = body_of(last(o2g)) or {}
    hg = hunting_group_of(o2g, member)
    is_current = body.get("currentHg") == hg
    if hg not in (body.get("hgList") or []) or is_current != (current == "the current one"):
        raise NonConformance(
            "HuntingGroupResult lists the node's groups and the current one (L5265-5270)",
            op_id=last(o2g).op_id,
            documented=f"hgList with {hg}, currentHg {'=' if current == 'the current one' else '!='} {hg}",
            received=body,
        )


@when(parsers.re(r"user (?P<role>[A-Z]) asks the transfer information of the pilot(?: numbered \"(?P<pilot>\d+)\")?$"))
def pilot_info(o2g: World, role: str, pilot: str | None) -> None:
    """A query made with POST and a PilotQueryParam body (L4457-4515)."""
    number = pilot or first_pilot(o2g)
    o2g.values["tel.pilot"] = number
    path = {"nodeId": node_of(o2g, role), "pilotNumber": number}
    send(o2g, role, "telephony.pilots.transferinfo", path=path, json={"supervisedTransfer": True})


@then("the pilot transfer information names the pilot")
def pilot_named(o2g: World) -> None:
    """Checks that the pilot transfer information names the pilot."""
    body = body_of(last(o2g)) or {}
    asked = o2g.values.get("tel.pilot")
    if body.get("number") != asked:
        raise NonConformance(
            "PilotTransferCapa.number is the pilot asked for (L6216-6234)",
            op_id=last(o2g).op_id,
            documented=asked,
            received=body,
        )
