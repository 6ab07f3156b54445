"""Steps of the Call Center Agent between an agent and its supervisor: help requests, intrusion, listening.

Intrusion and permanent listening have no read operation: a step tells whether a supervisor is in
intrusion (or listening) from the answer to a second request, which the operator's state must refuse
(NOT_EXPECTED, L317) while it lasts. What a scenario starts is stopped when it ends.
"""

from __future__ import annotations

from typing import Any

from o2g_conformance.checks import NonConformance, check_event
from o2g_conformance.client import ApiResponse
from o2g_conformance.plugin.fixtures import Undo
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import Actor, Role, given, then, when

from .acd import at_end, number, ok
from .common import target_version
from .events import log_of

HELP = "acd.agent.supervisorhelp.request"
CANCEL_HELP = "acd.agent.supervisorhelp.cancel"
INTRUDE = "acd.agent.intrusion.start"
CHANGE = "acd.agent.intrusion.changemode"
LISTEN = "acd.agent.permanentlistening.start"
STOP_LISTENING = "acd.agent.permanentlistening.cancel"


def _named(o2g: World, actor: Actor, role: str | None) -> dict[str, Any] | None:
    """The query of a request about the operator `role`: an administrator names it (loginName)."""
    if role is not None and actor.is_admin:
        return {"loginName": o2g.account(role).login}
    return None


# -- help -------------------------------------------------------------------------------------------------------


def _cancel_at_end(o2g: World, undo: Undo, agent: str, supervisor: str) -> None:
    def cancel() -> None:
        o2g.session(agent).call(CANCEL_HELP, query={"other": number(o2g, supervisor)})  # none pending: refused

    undo.append((f"the help request of user {agent}", cancel))


@when("{actor} asks its supervisor for help", target_fixture="answer")
def ask_help(o2g: World, undo: Undo, actor: Actor) -> ApiResponse:
    """Sends acd.agent.supervisorhelp.request; the request is cancelled at the end (supervisorhelp.cancel)."""
    _cancel_at_end(o2g, undo, actor, "I")
    return o2g.send(actor, HELP)


@when("{actor} asks help of the supervisor of {role:user}", target_fixture="answer")
def ask_help_for(o2g: World, undo: Undo, actor: Actor, role: Role) -> ApiResponse:
    """Sends acd.agent.supervisorhelp.request for user {role} (loginName); cancelled at the end."""
    _cancel_at_end(o2g, undo, role, "I")
    return o2g.send(actor, HELP, query=_named(o2g, actor, role))


@given("{role:user} has asked its supervisor for help")
def has_asked_help(o2g: World, undo: Undo, role: Role) -> None:
    """Precondition: user {role} asks help (acd.agent.supervisorhelp.request); cancelled at the end."""
    _cancel_at_end(o2g, undo, role, "I")
    ok(o2g.aside(role, HELP), f"user {role} asking help")


@when("{actor} cancels its help request to {role:user}", target_fixture="answer")
def cancel_help(o2g: World, actor: Actor, role: Role) -> ApiResponse:
    """Sends acd.agent.supervisorhelp.cancel naming the number of user {role} (other)."""
    return o2g.send(actor, CANCEL_HELP, query={"other": number(o2g, role)})


@when("{actor} rejects the help request of {role:user}", target_fixture="answer")
def reject_help(o2g: World, actor: Actor, role: Role) -> ApiResponse:
    """Sends acd.agent.supervisorhelp.cancel naming the number of the agent user {role} (other, L13008-13010)."""
    return o2g.send(actor, CANCEL_HELP, query={"other": number(o2g, role)})


@when("{actor} cancels its help request without naming the other party", target_fixture="answer")
def cancel_help_anonymous(o2g: World, actor: Actor) -> ApiResponse:
    """Sends acd.agent.supervisorhelp.cancel without `other`."""
    return o2g.send(actor, CANCEL_HELP)


@then("{actor} receives (?P<name>OnSupervisorHelpRequested|OnSupervisorHelpCancelled) naming the number of {role:user}")
def receives_help(o2g: World, actor: Actor, name: str, role: Role) -> None:
    """agentNumber: "on the agent, the number of the supervisor" (L13352, L13359); the other party's number."""
    login = o2g.account(actor).login
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


@when("{actor} intrudes into the call of {role:user} in (?P<mode>[A-Za-z]+) mode", target_fixture="answer")
def intrude(o2g: World, undo: Undo, actor: Actor, role: Role, mode: str) -> ApiResponse:
    """Sends acd.agent.intrusion.start on user {role}'s number in that mode; stopped at the end."""
    _stop_at_end(o2g, undo, actor)
    return o2g.send(actor, INTRUDE, json={"agentNumber": number(o2g, role), "mode": mode})


@given("{role:user} intrudes into the call of {agent:user}")
def has_intruded(o2g: World, undo: Undo, role: Role, agent: Role) -> None:
    """Precondition: user {role} intrudes into user {agent}'s call (intrusion.start); stopped at the end."""
    _stop_at_end(o2g, undo, role)
    ok(o2g.aside(role, INTRUDE, json={"agentNumber": number(o2g, agent)}), f"user {role} intruding")


@when("{actor} changes its intrusion mode to (?P<mode>[A-Z]+)", target_fixture="answer")
def change_mode(o2g: World, actor: Actor, mode: str) -> ApiResponse:
    """Sends acd.agent.intrusion.changemode with that mode."""
    return o2g.send(actor, CHANGE, json={"mode": mode})


def _refused(o2g: World, role: str, op_id: str, what: str, **kwargs: Any) -> bool:
    """Whether `op_id` asked by `role` is refused as NOT_EXPECTED (an AssertionError when it is accepted)."""
    response = o2g.aside(role, op_id, **kwargs)
    if response.ok:
        raise AssertionError(f"checking that {what}: the request was accepted")
    return bool(isinstance(response.json, dict) and response.json.get("type") == "NOT_EXPECTED")


@then("{role:user} is in intrusion on the call of {agent:user}")
def in_intrusion(o2g: World, role: Role, agent: Role) -> None:
    """Checks that a second acd.agent.intrusion.start of user {role} is refused NOT_EXPECTED (L317)."""
    body = {"agentNumber": number(o2g, agent)}
    if not _refused(o2g, role, INTRUDE, f"user {role} is in intrusion", json=body):
        raise NonConformance(
            "a supervisor in intrusion cannot intrude again (the state in force, L317)",
            op_id=INTRUDE,
            documented="NOT_EXPECTED",
            received="another refusal",
        )


@then("{role:user} is no longer in intrusion")
def no_intrusion(o2g: World, role: Role) -> None:
    """Checks that acd.agent.intrusion.changemode of user {role} is refused NOT_EXPECTED: no intrusion (L12569)."""
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


@when("{actor} listens permanently to {role:user}", target_fixture="answer")
def listen(o2g: World, undo: Undo, actor: Actor, role: Role) -> ApiResponse:
    """Sends acd.agent.permanentlistening.start on user {role}'s number; cancelled at the end."""
    _stop_listening_at_end(o2g, undo, actor)
    return o2g.send(actor, LISTEN, json={"agentNumber": number(o2g, role)})


@given("{role:user} has started listening permanently to {agent:user}")
def has_listened(o2g: World, undo: Undo, role: Role, agent: Role) -> None:
    """Precondition: user {role} listens permanently to user {agent}; cancelled at the end."""
    _stop_listening_at_end(o2g, undo, role)
    ok(o2g.aside(role, LISTEN, json={"agentNumber": number(o2g, agent)}), f"user {role} listening")


@when("{actor} asks a permanent listening without naming an agent", target_fixture="answer")
def listen_nobody(o2g: World, actor: Actor) -> ApiResponse:
    """Sends acd.agent.permanentlistening.start with an empty body (agentNumber [1], L13363)."""
    return o2g.send(actor, LISTEN, json={})


@when("{actor} cancels its permanent listening", target_fixture="answer")
def stop_listening(o2g: World, actor: Actor) -> ApiResponse:
    """Sends acd.agent.permanentlistening.cancel."""
    return o2g.send(actor, STOP_LISTENING)


@then("{role:user} listens permanently to (?P<which>an agent|no agent)")
def listening(o2g: World, role: Role, which: str) -> None:
    """Checks from a NOT_EXPECTED refusal (a 2nd start, or a cancel) that user {role} listens or not."""
    if which == "an agent":
        refused = _refused(o2g, role, LISTEN, f"user {role} listens", json={"agentNumber": number(o2g, "G")})
        requirement, op_id = "a supervisor already listening cannot start another permanent listening", LISTEN
    else:
        refused = _refused(o2g, role, STOP_LISTENING, f"user {role} listens to nobody")
        requirement, op_id = "with no permanent listening in progress there is nothing to cancel", STOP_LISTENING
    if not refused:
        raise NonConformance(requirement, op_id=op_id, documented="NOT_EXPECTED", received="another refusal")
