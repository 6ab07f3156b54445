"""Steps of the Call Center Agent between an agent and its supervisor: help requests, intrusion, listening.

Intrusion and permanent listening have no read operation: a step tells whether a supervisor is in
intrusion (or listening) from the answer to a second request, which the operator's state must refuse
(NOT_EXPECTED, L317) while it lasts. What a scenario starts is stopped when it ends.
"""

from __future__ import annotations

from typing import Any

from pytest_bdd import parsers

from o2g_conformance.checks import NonConformance, check_event
from o2g_conformance.plugin.fixtures import Undo
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import given, then, when

from .acd import at_end, number, ok, side
from .common import ACTOR, actor_name, target_version
from .events import log_of

ROLE = r"user \"?(?P<role>[A-Z])\"?"
HELP = "acd.agent.supervisorhelp.request"
CANCEL_HELP = "acd.agent.supervisorhelp.cancel"
INTRUDE = "acd.agent.intrusion.start"
CHANGE = "acd.agent.intrusion.changemode"
LISTEN = "acd.agent.permanentlistening.start"
STOP_LISTENING = "acd.agent.permanentlistening.cancel"


def _send(o2g: World, actor: str, op_id: str, *, role: str | None = None, **kwargs: Any) -> None:
    name = actor_name(actor)
    if role is not None and name == "administrator":
        kwargs["query"] = {**(kwargs.get("query") or {}), "loginName": o2g.account(role).login}
    o2g.response = o2g.session(name).call(op_id, **kwargs)


# -- help -------------------------------------------------------------------------------------------------------


def _cancel_at_end(o2g: World, undo: Undo, agent: str, supervisor: str) -> None:
    def cancel() -> None:
        o2g.session(agent).call(CANCEL_HELP, query={"other": number(o2g, supervisor)})  # none pending: refused

    undo.append((f"the help request of user {agent}", cancel))


@when(parsers.re(ACTOR + r" asks its supervisor for help$"))
def ask_help(o2g: World, undo: Undo, actor: str) -> None:
    """The actor asks its supervisor for help; sends acd.agent.supervisorhelp.cancel."""
    _cancel_at_end(o2g, undo, actor_name(actor), "I")
    _send(o2g, actor, HELP)


@when(parsers.re(ACTOR + r" asks help of the supervisor of " + ROLE + r"$"))
def ask_help_for(o2g: World, undo: Undo, actor: str, role: str) -> None:
    """The actor asks help of the supervisor of user {role}; sends acd.agent.supervisorhelp.cancel."""
    _cancel_at_end(o2g, undo, role, "I")
    _send(o2g, actor, HELP, role=role)


@given(parsers.re(ROLE + r" has asked its supervisor for help$"))
def has_asked_help(o2g: World, undo: Undo, role: str) -> None:
    """Precondition: user {role} has asked its supervisor for help; undone at the end.

    Set up with acd.agent.supervisorhelp.request.
    """
    _cancel_at_end(o2g, undo, role, "I")
    ok(side(o2g, role, HELP), f"user {role} asking help")


@when(parsers.re(ACTOR + r" cancels its help request to " + ROLE + r"$"))
def cancel_help(o2g: World, actor: str, role: str) -> None:
    """The actor cancels its help request to user {role}; sends acd.agent.supervisorhelp.cancel."""
    _send(o2g, actor, CANCEL_HELP, query={"other": number(o2g, role)})


@when(parsers.re(ACTOR + r" rejects the help request of " + ROLE + r"$"))
def reject_help(o2g: World, actor: str, role: str) -> None:
    """The actor rejects the help request of user {role}; sends acd.agent.supervisorhelp.cancel."""
    _send(o2g, actor, CANCEL_HELP, query={"other": number(o2g, role)})


@when(parsers.re(ACTOR + r" cancels its help request without naming the other party$"))
def cancel_help_anonymous(o2g: World, actor: str) -> None:
    """The actor cancels its help request without naming the other party; sends acd.agent.supervisorhelp.cancel."""
    _send(o2g, actor, CANCEL_HELP)


@then(
    parsers.re(
        ACTOR
        + r" receives (?P<name>OnSupervisorHelpRequested|OnSupervisorHelpCancelled) naming the number of "
        + ROLE
        + r"$"
    )
)
def receives_help(o2g: World, actor: str, name: str, role: str) -> None:
    """agentNumber: "on the agent, the number of the supervisor" (L13352, L13359); the other party's number."""
    login = o2g.account(actor_name(actor)).login
    event = log_of(o2g, actor).wait_for(name, where={"loginName": login}, timeout=o2g.settings.event_timeout)
    check_event(event, target_version(o2g))
    if event.get("agentNumber") != number(o2g, role):
        raise NonConformance(
            f"{name}.agentNumber names the other party of the help request (L13352, L13359)",
            documented=number(o2g, role),
            received=event,
        )


# -- intrusion --------------------------------------------------------------------------------------------------


def _stop_at_end(o2g: World, undo: Undo, supervisor: str) -> None:
    undo.append((f"the intrusion of user {supervisor}", at_end(o2g, supervisor, CHANGE, json={"mode": "STOP"})))


@when(parsers.re(ACTOR + r" intrudes into the call of " + ROLE + r" in (?P<mode>[A-Za-z]+) mode$"))
def intrude(o2g: World, undo: Undo, actor: str, role: str, mode: str) -> None:
    """The actor intrudes into the call of user {role} in {mode} mode; sends acd.agent.intrusion.changemode."""
    _stop_at_end(o2g, undo, actor_name(actor))
    _send(o2g, actor, INTRUDE, json={"agentNumber": number(o2g, role), "mode": mode})


@given(parsers.re(ROLE + r" intrudes into the call of user \"?(?P<agent>[A-Z])\"?$"))
def has_intruded(o2g: World, undo: Undo, role: str, agent: str) -> None:
    """Precondition: user {role} intrudes into the call of user {agent}; undone at the end.

    Set up with acd.agent.intrusion.start.
    """
    _stop_at_end(o2g, undo, role)
    ok(side(o2g, role, INTRUDE, json={"agentNumber": number(o2g, agent)}), f"user {role} intruding")


@when(parsers.re(ACTOR + r" changes its intrusion mode to (?P<mode>[A-Z]+)$"))
def change_mode(o2g: World, actor: str, mode: str) -> None:
    """The actor changes its intrusion mode to {mode}; sends acd.agent.intrusion.changemode."""
    _send(o2g, actor, CHANGE, json={"mode": mode})


def _refused(o2g: World, role: str, op_id: str, what: str, **kwargs: Any) -> bool:
    response = side(o2g, role, op_id, **kwargs)
    if response.ok:
        raise AssertionError(f"checking that {what}: the request was accepted")
    return bool(isinstance(response.json, dict) and response.json.get("type") == "NOT_EXPECTED")


@then(parsers.re(ROLE + r" is in intrusion on the call of user \"?(?P<agent>[A-Z])\"?$"))
def in_intrusion(o2g: World, role: str, agent: str) -> None:
    """Checks that user {role} is in intrusion on the call of user {agent} (via acd.agent.intrusion.start)."""
    body = {"agentNumber": number(o2g, agent)}
    if not _refused(o2g, role, INTRUDE, f"user {role} is in intrusion", json=body):
        raise NonConformance(
            "a supervisor in intrusion cannot intrude again (the state in force, L317)",
            op_id=INTRUDE,
            documented="NOT_EXPECTED",
            received="another refusal",
        )


@then(parsers.re(ROLE + r" is no longer in intrusion$"))
def no_intrusion(o2g: World, role: str) -> None:
    """Checks that user {role} is no longer in intrusion (via acd.agent.intrusion.changemode)."""
    if not _refused(o2g, role, CHANGE, f"user {role} is no longer in intrusion", json={"mode": "RESTRICTED"}):
        raise NonConformance(
            "a supervisor out of intrusion has no mode to change (L12569)",
            op_id=CHANGE,
            documented="NOT_EXPECTED",
            received="another refusal",
        )


# -- permanent listening ----------------------------------------------------------------------------------------


def _stop_listening_at_end(o2g: World, undo: Undo, supervisor: str) -> None:
    undo.append((f"the permanent listening of user {supervisor}", at_end(o2g, supervisor, STOP_LISTENING)))


@when(parsers.re(ACTOR + r" listens permanently to " + ROLE + r"$"))
def listen(o2g: World, undo: Undo, actor: str, role: str) -> None:
    """The actor listens permanently to user {role}; sends acd.agent.permanentlistening.cancel."""
    _stop_listening_at_end(o2g, undo, actor_name(actor))
    _send(o2g, actor, LISTEN, json={"agentNumber": number(o2g, role)})


@given(parsers.re(ROLE + r" has started listening permanently to user \"?(?P<agent>[A-Z])\"?$"))
def has_listened(o2g: World, undo: Undo, role: str, agent: str) -> None:
    """Precondition: user {role} has started listening permanently to user {agent}; undone at the end.

    Set up with acd.agent.permanentlistening.start.
    """
    _stop_listening_at_end(o2g, undo, role)
    ok(side(o2g, role, LISTEN, json={"agentNumber": number(o2g, agent)}), f"user {role} listening")


@when(parsers.re(ACTOR + r" asks a permanent listening without naming an agent$"))
def listen_nobody(o2g: World, actor: str) -> None:
    """The actor asks a permanent listening without naming an agent; sends acd.agent.permanentlistening.start."""
    _send(o2g, actor, LISTEN, json={})


@when(parsers.re(ACTOR + r" cancels its permanent listening$"))
def stop_listening(o2g: World, actor: str) -> None:
    """The actor cancels its permanent listening; sends acd.agent.permanentlistening.cancel."""
    _send(o2g, actor, STOP_LISTENING)


@then(parsers.re(ROLE + r" listens permanently to (?P<which>an agent|no agent)$"))
def listening(o2g: World, role: str, which: str) -> None:
    """Checks that user {role} listens permanently to (an agent|no agent).

    Reads acd.agent.permanentlistening.cancel, acd.agent.permanentlistening.start.
    """
    if which == "an agent":
        refused = _refused(o2g, role, LISTEN, f"user {role} listens", json={"agentNumber": number(o2g, "G")})
        requirement, op_id = "a supervisor already listening cannot start another permanent listening", LISTEN
    else:
        refused = _refused(o2g, role, STOP_LISTENING, f"user {role} listens to nobody")
        requirement, op_id = "with no permanent listening in progress there is nothing to cancel", STOP_LISTENING
    if not refused:
        raise NonConformance(requirement, op_id=op_id, documented="NOT_EXPECTED", received="another refusal")
