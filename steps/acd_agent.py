"""Steps of the Call Center Agent: configuration, skills, withdraw reasons, logon and the operator's states.

The states an operator moves through are the AgentState of the reference (L13200-13233): mainState
LOG_ON / LOG_OFF and, logged on, a subState. Steps that log an operator on register its logoff for the
end of the scenario; steps that change skills register their restoration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from o2g_conformance.checks import NonConformance, check_event
from o2g_conformance.client import ApiResponse
from o2g_conformance.plugin.fixtures import Undo
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import Actor, Role, Roles, given, then, when

from .acd import (
    CONFIG,
    STATE,
    AcdNotes,
    groups,
    number,
    ok,
    preferred_group,
    proacd,
    restore_logged_off,
    state,
)
from .common import answer_object, expect, precondition, target_version
from .events import log_of

SKILLS_ON = "acd.agent.config.skills.activate"
SKILLS_OFF = "acd.agent.config.skills.deactivate"
REASONS = "acd.agent.withdrawreasons.get"
LOGON = "acd.agent.logon"
MOVES = {
    "pause": "acd.agent.pause",
    "be ready": "acd.agent.ready",
    "wrap up": "acd.agent.wrapup",
    "withdraw": "acd.agent.withdraw",
}


@dataclass
class AgentNotes:
    """What the agent steps of one scenario hand on: the skill chosen, skills before a change, the reason."""

    #: The skill a Given chose (its number); None: no step chose one.
    chosen_skill: int | None = None
    #: The skills of an operator (number -> active) before the step under test, by role.
    skills_before: dict[str, dict[int, bool]] = field(default_factory=dict)
    #: The withdraw reason the operator withdrew for; None: no step withdrew.
    chosen_reason: int | None = None

    @property
    def skill(self) -> int:
        if self.chosen_skill is None:
            raise AssertionError("harness error: no step chose a skill (Given user X has an active|inactive skill)")
        return self.chosen_skill

    @property
    def reason(self) -> int:
        if self.chosen_reason is None:
            raise AssertionError(
                "harness error: no step withdrew for a reason (When ... withdraws for the first reason)"
            )
        return self.chosen_reason


@pytest.fixture
def agent_notes() -> AgentNotes:
    """The agent steps' notes of the scenario."""
    return AgentNotes()


@pytest.fixture
def acd_snapshot() -> dict[str, dict[str, Any]]:
    """The OnAgentStateChanged of each operator a snapshot told, by role (handed on by the Then step)."""
    raise AssertionError("harness error: no step received the snapshot's OnAgentStateChanged events")


def _named(o2g: World, actor: Actor, role: str | None, query: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The query about operator `role`: an administrator names it (loginName); a user acts on itself."""
    if role is not None and actor.is_admin:
        return {**(query or {}), "loginName": o2g.account(role).login}
    return query


# -- configuration ------------------------------------------------------------------------------------------------


@when("{actor} reads its agent configuration", target_fixture="answer")
def read_config(o2g: World, actor: Actor) -> ApiResponse:
    """The actor reads its own agent configuration: sends acd.agent.config.get (no loginName)."""
    return o2g.send(actor, CONFIG)


@when("{actor} reads the agent configuration of {role:user}", target_fixture="answer")
def read_config_of(o2g: World, actor: Actor, role: Role) -> ApiResponse:
    """Sends acd.agent.config.get about user {role} (an administrator names it by loginName)."""
    return o2g.send(actor, CONFIG, query=_named(o2g, actor, role))


@then("the configuration is of type (?P<kind>AGENT|SUPERVISOR) with its preferred group among its groups")
def config_kind(answer: ApiResponse, kind: str) -> None:
    """Checks AgentConfig.type (L13143) and that the preferred group is one of its groups (L13372-13376)."""
    body = answer_object(answer, "AgentConfig")
    expect(
        answer, body.get("type") == kind, "AgentConfig.type of the operator (L13143)", documented=kind, received=body
    )
    pgs = body.get("processingGroups") or {}
    expect(
        answer,
        bool(pgs.get("groups")) and pgs.get("preferred") in pgs.get("groups", []),
        "ProcessingGroups: the preferred group is one of the operator's groups (L13372-13376)",
        documented="preferred among groups",
        received=pgs,
    )


@then("the configuration lists the skills of {role:user}")
def config_skills(answer: ApiResponse, role: Role) -> None:
    """Checks that AgentConfig.skills lists skills, each with its number and activation (L13146, L13178-13183)."""
    skills = (answer_object(answer, "AgentConfig").get("skills") or {}).get("skills")
    expect(
        answer,
        isinstance(skills, list) and bool(skills) and all("number" in s and "active" in s for s in skills),
        "AgentConfig.skills lists the agent's skills with their number and activation (L13146, L13178-13183)",
        documented="AgentSkills with number, level, active",
        received=skills,
    )


@then("the configuration is the one {role:user} reads")
def config_same(o2g: World, answer: ApiResponse, role: Role) -> None:
    """Checks that the answer's AgentConfig equals the one user {role} reads itself (acd.agent.config.get)."""
    own = ok(o2g.aside(role, CONFIG), f"user {role} reading its configuration")
    received = answer_object(answer, "AgentConfig")
    expect(
        answer,
        received == own,
        "the configuration of the operator named by loginName",
        documented=own,
        received=received,
    )


# -- skills -------------------------------------------------------------------------------------------------------


def _skills(o2g: World, role: str) -> dict[int, bool]:
    """The skills of `role` (number -> active) as its configuration tells them now (acd.agent.config.get)."""
    body = ok(o2g.aside(role, CONFIG), f"reading the configuration of user {role}")
    return {int(s["number"]): bool(s.get("active")) for s in (body.get("skills") or {}).get("skills") or []}


@given("{role:user} has an (?P<which>active|inactive) skill")
def has_skill(o2g: World, undo: Undo, agent_notes: AgentNotes, role: Role, which: str) -> None:
    """Precondition: chooses a skill of user {role} in that state (acd.agent.config.get); restored at the end."""
    skills = _skills(o2g, role)
    wanted = which == "active"
    chosen = next((n for n, active in skills.items() if active == wanted), None)
    if chosen is None:
        precondition(f"user {role} has no {which} skill on this target")
    agent_notes.chosen_skill = chosen

    def restore() -> None:
        now = _skills(o2g, role).get(chosen)
        if now is not None and now != wanted:
            op = SKILLS_ON if wanted else SKILLS_OFF
            ok(o2g.session(role).call(op, json={"skills": [chosen]}), f"restoring skill {chosen} of user {role}")

    undo.append((f"skill {chosen} of user {role}", restore))
    agent_notes.skills_before[role] = skills


@when("{actor} (?P<verb>activates|deactivates) that skill(?: of {role:user})?", target_fixture="answer")
def change_skill(o2g: World, agent_notes: AgentNotes, actor: Actor, verb: str, role: Role | None) -> ApiResponse:
    """Sends acd.agent.config.skills.activate or .deactivate with the skill chosen before."""
    op = SKILLS_ON if verb == "activates" else SKILLS_OFF
    return o2g.send(actor, op, query=_named(o2g, actor, role), json={"skills": [agent_notes.skill]})


@when("{actor} activates a skill it does not have", target_fixture="answer")
def activate_unknown(o2g: World, agent_notes: AgentNotes, actor: Actor) -> ApiResponse:
    """Sends acd.agent.config.skills.activate with a number beyond the actor's skills (read first)."""
    agent_notes.skills_before[actor] = skills = _skills(o2g, actor)
    return o2g.send(actor, SKILLS_ON, json={"skills": [max(skills, default=0) + 100]})


@when("{actor} deactivates an empty list of skills", target_fixture="answer")
def deactivate_none(o2g: World, actor: Actor) -> ApiResponse:
    """Sends acd.agent.config.skills.deactivate with an empty list of skills."""
    return o2g.send(actor, SKILLS_OFF, json={"skills": []})


@when('{actor} deactivates the skills "{text}" given as text', target_fixture="answer")
def deactivate_text(o2g: World, actor: Actor, text: str) -> ApiResponse:
    """Sends acd.agent.config.skills.deactivate with the skill number as a string (skills are ints, L13184-13188)."""
    return o2g.send(actor, SKILLS_OFF, json={"skills": [text]})


@then("{role:user} receives OnAgentSkillChanged with that skill (?P<which>active|inactive) among all its skills")
def receives_skills(o2g: World, agent_notes: AgentNotes, role: Role, which: str) -> None:
    """Checks OnAgentSkillChanged to user {role}: the whole set of skills (L13316), the chosen one in that state."""
    login = o2g.account(role).login
    event = log_of(o2g, role).wait_for(
        "OnAgentSkillChanged", where={"loginName": login}, timeout=o2g.settings.event_timeout
    )
    check_event(event, target_version(o2g))
    listed = {int(s["number"]): s.get("active") for s in (event.get("skills") or {}).get("skills") or []}
    before = agent_notes.skills_before.get(role, {})
    skill = agent_notes.skill
    if set(listed) != set(before) or listed.get(skill) is not (which == "active"):
        raise NonConformance(
            "OnAgentSkillChanged carries the whole set of skills (L13316), the changed one included",
            documented=f"skills {sorted(before)} with {skill} {which}",
            received=event.get("skills"),
        )


@then("the agent configuration of {role:user} shows that skill (?P<which>active|inactive)")
def config_shows_skill(o2g: World, answer: ApiResponse, agent_notes: AgentNotes, role: Role, which: str) -> None:
    """Checks, reading acd.agent.config.get, that the chosen skill is kept in that state (AgentSkill.active, L13182)."""
    skill = agent_notes.skill
    now = _skills(o2g, role)
    expect(
        answer,
        now.get(skill) is (which == "active"),
        "the skill activation is kept in the agent configuration (AgentSkill.active, L13182)",
        documented=f"skill {skill} {which}",
        received=now,
    )


@then("the agent configuration of {role:user} is unchanged")
def config_unchanged(o2g: World, answer: ApiResponse, agent_notes: AgentNotes, role: Role) -> None:
    """Checks, reading acd.agent.config.get, that the skills of user {role} are those before the refused request."""
    before = agent_notes.skills_before.get(role)
    now = _skills(o2g, role)
    expect(answer, now == before, "a refused request changes nothing", documented=before, received=now)


# -- withdraw reasons ---------------------------------------------------------------------------------------------


@when("{actor} reads the withdraw reasons of its preferred processing group", target_fixture="answer")
def reasons_own(o2g: World, acd_notes: AcdNotes, actor: Actor) -> ApiResponse:
    """Sends acd.agent.withdrawreasons.get for the actor's preferred group (pgNumber)."""
    return o2g.send(actor, REASONS, query={"pgNumber": preferred_group(o2g, actor, acd_notes)})


@when("{actor} reads the withdraw reasons of the preferred processing group of {role:user}", target_fixture="answer")
def reasons_of(o2g: World, acd_notes: AcdNotes, actor: Actor, role: Role) -> ApiResponse:
    """Sends acd.agent.withdrawreasons.get for the preferred group of user {role} (loginName if admin)."""
    query = {"pgNumber": preferred_group(o2g, role, acd_notes)}
    return o2g.send(actor, REASONS, query=_named(o2g, actor, role, query))


@when("{actor} reads the withdraw reasons without a processing group", target_fixture="answer")
def reasons_without(o2g: World, actor: Actor) -> ApiResponse:
    """Sends acd.agent.withdrawreasons.get without pgNumber."""
    return o2g.send(actor, REASONS)


@then("the reasons are indexed from 1 to their number, at most 9")
def reasons_indexed(answer: ApiResponse) -> None:
    """Checks WithdrawReasons: number 0..9 and the reasons indexed from 1 to number (L13386, L13391-13393)."""
    body = answer_object(answer, "WithdrawReasons")
    reasons = body.get("reasons") or []
    indexes = [r.get("index") for r in reasons]
    expect(
        answer,
        body.get("number") == len(reasons) <= 9 and indexes == list(range(1, len(reasons) + 1)),
        "WithdrawReasons: number 0..9, reasons indexed from 1 to number (L13386, L13391-13393)",
        documented="number = len(reasons) <= 9, indexes 1..number",
        received=body,
    )


@then("the reasons are the ones {role:user} reads")
def reasons_same(o2g: World, answer: ApiResponse, acd_notes: AcdNotes, role: Role) -> None:
    """Checks that the answer's WithdrawReasons equal those user {role} reads itself (acd.agent.withdrawreasons.get)."""
    query = {"pgNumber": preferred_group(o2g, role, acd_notes)}
    own = ok(o2g.aside(role, REASONS, query=query), "reading the reasons")
    received = answer_object(answer, "WithdrawReasons")
    expect(answer, received == own, "the reasons of the operator named by loginName", documented=own, received=received)


# -- logon and logoff ---------------------------------------------------------------------------------------------


def _logon(
    o2g: World, undo: Undo, notes: AcdNotes, actor: Actor, role: str, device: str | None, group: str | None
) -> ApiResponse:
    """Sends acd.agent.logon for the operator `role` (logged off again at the end of the scenario)."""
    body: dict[str, Any] = {}
    if device is not None:
        body["proAcdDeviceNumber"] = device
    if group is not None:
        body["pgGroupNumber"] = group
    restore_logged_off(o2g, undo, role, notes)
    return o2g.send(actor, LOGON, query=_named(o2g, actor, role), json=body)


@when("{actor} logs on its pro-ACD set", target_fixture="answer")
def logon(o2g: World, undo: Undo, acd_notes: AcdNotes, actor: Actor) -> ApiResponse:
    """Sends acd.agent.logon with the actor's pro-ACD set and no group."""
    role = actor
    return _logon(o2g, undo, acd_notes, actor, role, proacd(o2g, role, acd_notes), None)


@when("{actor} logs {role:user} on its pro-ACD set in its last processing group", target_fixture="answer")
def logon_other(o2g: World, undo: Undo, acd_notes: AcdNotes, actor: Actor, role: Role) -> ApiResponse:
    """Sends acd.agent.logon for user {role} (loginName) with its pro-ACD set and its last processing group."""
    device, group = proacd(o2g, role, acd_notes), groups(o2g, role, acd_notes)[-1]
    return _logon(o2g, undo, acd_notes, actor, role, device, group)


@when("{actor} logs on the pro-ACD set of {role:user}", target_fixture="answer")
def logon_foreign_set(o2g: World, undo: Undo, acd_notes: AcdNotes, actor: Actor, role: Role) -> ApiResponse:
    """Sends acd.agent.logon for the actor with the pro-ACD set of user {role}."""
    return _logon(o2g, undo, acd_notes, actor, actor, proacd(o2g, role, acd_notes), None)


@when("{actor} logs on its pro-ACD set in the preferred processing group of {role:user}", target_fixture="answer")
def logon_foreign_group(o2g: World, undo: Undo, acd_notes: AcdNotes, actor: Actor, role: Role) -> ApiResponse:
    """Sends acd.agent.logon for the actor with its pro-ACD set and the preferred group of user {role}."""
    me = actor
    device, group = proacd(o2g, me, acd_notes), preferred_group(o2g, role, acd_notes)
    return _logon(o2g, undo, acd_notes, actor, me, device, group)


@when("{actor} logs on without a pro-ACD set", target_fixture="answer")
def logon_without_set(o2g: World, undo: Undo, acd_notes: AcdNotes, actor: Actor) -> ApiResponse:
    """Sends acd.agent.logon with an empty body (no proAcdDeviceNumber, L13299)."""
    return _logon(o2g, undo, acd_notes, actor, actor, None, None)


@when("{actor} logs on with its own number in its last processing group", target_fixture="answer")
def logon_own_number(o2g: World, undo: Undo, acd_notes: AcdNotes, actor: Actor) -> ApiResponse:
    """Sends acd.agent.logon with the actor's own number as pro-ACD set and its last group (L13300-13302)."""
    me = actor
    device, group = number(o2g, me), groups(o2g, me, acd_notes)[-1]
    return _logon(o2g, undo, acd_notes, actor, me, device, group)


def logged_on(o2g: World, undo: Undo, role: str, group: str | None, notes: AcdNotes | None = None) -> None:
    """A Given: the operator is logged on its pro-ACD set (in `group`, or its default)."""
    restore_logged_off(o2g, undo, role, notes)
    body: dict[str, Any] = {"proAcdDeviceNumber": proacd(o2g, role, notes)}
    if group:
        body["pgGroupNumber"] = group
    ok(o2g.aside(role, LOGON, json=body), f"logging user {role} on")


@given("{role:user} is logged on")
def given_logged_on(o2g: World, undo: Undo, acd_notes: AcdNotes, role: Role) -> None:
    """Precondition: user {role} logs on its pro-ACD set (acd.agent.logon); logged off at the end."""
    logged_on(o2g, undo, role, None, acd_notes)


@given("{role:user} is logged on in its preferred processing group")
def given_logged_on_in_group(o2g: World, undo: Undo, acd_notes: AcdNotes, role: Role) -> None:
    """Precondition: user {role} logs on in its preferred group (acd.agent.logon); logged off at the end."""
    logged_on(o2g, undo, role, preferred_group(o2g, role, acd_notes), acd_notes)


@given("{role:user} is logged on out of group")
def given_out_of_group(o2g: World, undo: Undo, acd_notes: AcdNotes, role: Role) -> None:
    """Precondition: user {role} logs on without a group and is OUT_OF_PG (L12650); logged off at the end."""
    logged_on(o2g, undo, role, None, acd_notes)
    sub = state(o2g, role).get("subState")
    if sub != "OUT_OF_PG":
        raise AssertionError(f"user {role} logged on without a group is {sub}, not OUT_OF_PG (L12650)")


@when("{actor} (?P<verb>enters|exits) its preferred processing group", target_fixture="answer")
def enter_exit(o2g: World, acd_notes: AcdNotes, actor: Actor, verb: str) -> ApiResponse:
    """Sends acd.agent.enterpg or acd.agent.exitpg with the actor's preferred group."""
    op = "acd.agent.enterpg" if verb == "enters" else "acd.agent.exitpg"
    return o2g.send(actor, op, json={"pgGroupNumber": preferred_group(o2g, actor, acd_notes)})


@when("{actor} exits with an empty group number", target_fixture="answer")
def exit_empty(o2g: World, actor: Actor) -> ApiResponse:
    """Sends acd.agent.exitpg with an empty pgGroupNumber (a logoff, L12481)."""
    return o2g.send(actor, "acd.agent.exitpg", json={"pgGroupNumber": ""})


@when("{actor} logs off", target_fixture="answer")
def logoff(o2g: World, actor: Actor) -> ApiResponse:
    """Sends acd.agent.logoff."""
    return o2g.send(actor, "acd.agent.logoff")


# -- sub-states ---------------------------------------------------------------------------------------------------


@when("{actor} (?P<move>goes in pause|is ready|goes in wrap-up)", target_fixture="answer")
def move(o2g: World, actor: Actor, move: str) -> ApiResponse:
    """Sends acd.agent.pause, acd.agent.ready or acd.agent.wrapup."""
    op = {"goes in pause": "acd.agent.pause", "is ready": "acd.agent.ready", "goes in wrap-up": "acd.agent.wrapup"}
    return o2g.send(actor, op[move])


@when("{actor} asks to (?P<move>pause|be ready|wrap up|withdraw)", target_fixture="answer")
def ask_move(o2g: World, actor: Actor, move: str) -> ApiResponse:
    """Sends acd.agent.pause, acd.agent.ready, acd.agent.wrapup or acd.agent.withdraw (without a body)."""
    return o2g.send(actor, MOVES[move])


@given("{role:user} is in (?P<where>pause|wrap-up)")
def given_in(o2g: World, role: Role, where: str) -> None:
    """Precondition: user {role} goes in pause or wrap-up (acd.agent.pause, acd.agent.wrapup)."""
    op = "acd.agent.pause" if where == "pause" else "acd.agent.wrapup"
    ok(o2g.aside(role, op), f"user {role} going {where}")


def _reasons(o2g: World, notes: AcdNotes, role: str) -> list[dict[str, Any]]:
    """The withdraw reasons of the preferred group of `role`, as it reads them (acd.agent.withdrawreasons.get)."""
    query = {"pgNumber": preferred_group(o2g, role, notes)}
    body = ok(o2g.aside(role, REASONS, query=query), "reading the reasons")
    return list(body.get("reasons") or [])


@when("{actor} withdraws for the first reason of its group", target_fixture="answer")
def withdraw_first(o2g: World, acd_notes: AcdNotes, agent_notes: AgentNotes, actor: Actor) -> ApiResponse:
    """Sends acd.agent.withdraw with the first reason of the actor's group (acd.agent.withdrawreasons.get)."""
    reasons = _reasons(o2g, acd_notes, actor)
    if not reasons:
        precondition("the agent's group has no withdraw reason on this target")
    agent_notes.chosen_reason = int(reasons[0]["index"])
    return o2g.send(actor, MOVES["withdraw"], json={"reasonIndex": agent_notes.reason})


@when('{actor} withdraws for the reason "(?P<text>\\d+)" given as text', target_fixture="answer")
def withdraw_text(o2g: World, actor: Actor, text: str) -> ApiResponse:
    """Sends acd.agent.withdraw with reasonIndex as a string, as the example does (L13050)."""
    return o2g.send(actor, MOVES["withdraw"], json={"reasonIndex": text})


@when("{actor} withdraws for a reason beyond those of its group", target_fixture="answer")
def withdraw_beyond(o2g: World, acd_notes: AcdNotes, actor: Actor) -> ApiResponse:
    """Sends acd.agent.withdraw with the index after the last reason of the actor's group."""
    beyond = len(_reasons(o2g, acd_notes, actor)) + 1
    return o2g.send(actor, MOVES["withdraw"], json={"reasonIndex": beyond})


# -- state and its events -----------------------------------------------------------------------------------------


@when("{actor} reads its agent state", target_fixture="answer")
def read_state(o2g: World, actor: Actor) -> ApiResponse:
    """Sends acd.agent.state.get (no loginName)."""
    return o2g.send(actor, STATE)


@when("{actor} reads the agent state of {role:user}", target_fixture="answer")
def read_state_of(o2g: World, actor: Actor, role: Role) -> ApiResponse:
    """Sends acd.agent.state.get about user {role} (an administrator names it by loginName)."""
    return o2g.send(actor, STATE, query=_named(o2g, actor, role))


def _state_matches(
    o2g: World,
    notes: AcdNotes,
    role: str,
    received: dict[str, Any],
    main: str,
    sub: str | None,
    where: str | None,
) -> bool:
    if received.get("mainState") != main or received.get("subState") != sub:
        return False
    if where == "preferred":
        return bool(received.get("pgNumber") == preferred_group(o2g, role, notes))
    if where == "last":
        return bool(received.get("pgNumber") == groups(o2g, role, notes)[-1])
    return True


STATE_PHRASE = r"(?P<main>LOG_ON|LOG_OFF)(?: (?P<sub>[A-Z_]+))?(?: in its (?P<where>preferred|last) processing group)?"


@then("the agent state of {role:user} is " + STATE_PHRASE)
def state_is(o2g: World, acd_notes: AcdNotes, role: Role, main: str, sub: str | None, where: str | None) -> None:
    """Checks the AgentState user {role} reads now: main state, sub-state, group named (L13200-13218)."""
    read = o2g.aside(role, STATE)
    received: dict[str, Any] = ok(read, f"reading the agent state of user {role}")
    expect(
        read,
        _state_matches(o2g, acd_notes, role, received, main, sub, where),
        "the operator's AgentState (L13200-13218)",
        documented=f"{main} {sub or ''} {f'in its {where} processing group' if where else ''}".strip(),
        received=received,
    )


@then("the agent state of {role:user} is WITHDRAW for reason {reason:count}")
def state_withdrawn(o2g: World, answer: ApiResponse, role: Role, reason: int) -> None:
    """Checks the AgentState user {role} reads now (acd.agent.state.get): WITHDRAW for that reason (L13210)."""
    received = state(o2g, role)
    expect(
        answer,
        received.get("subState") == "WITHDRAW" and received.get("withdrawReason") == reason,
        "AgentState.withdrawReason: the reason of the withdraw (L13210)",
        documented=f"WITHDRAW, withdrawReason {reason}",
        received=received,
    )


@then("the agent state is LOG_OFF without sub-state")
def answer_logged_off(answer: ApiResponse) -> None:
    """Checks the answer's AgentState: LOG_OFF and no subState (example L12893-12895, L13206)."""
    body = answer_object(answer, "AgentState")
    expect(
        answer,
        body.get("mainState") == "LOG_OFF" and "subState" not in body,
        "a logged-off agent has its main state only (example L12893-12895; subState 'when it is logged', L13206)",
        documented={"mainState": "LOG_OFF"},
        received=body,
    )


@then("the agent state is LOG_ON READY on the pro-ACD set of {role:user}")
def answer_ready_on(o2g: World, answer: ApiResponse, acd_notes: AcdNotes, role: Role) -> None:
    """Checks the answer's AgentState: LOG_ON READY on the pro-ACD set of user {role} (L13200-13218)."""
    body = answer_object(answer, "AgentState")
    wanted = {"mainState": "LOG_ON", "subState": "READY", "proAcdDeviceNumber": proacd(o2g, role, acd_notes)}
    expect(
        answer,
        all(body.get(k) == v for k, v in wanted.items()),
        "AgentState of a logged-on agent (L13200-13218)",
        documented=wanted,
        received=body,
    )


@then(
    "{actor} receives OnAgentStateChanged with main state (?P<main>LOG_ON|LOG_OFF)"
    "(?: and sub-state (?P<sub>[A-Z_]+))?(?P<reason> for that reason)?"
)
def receives_state(
    o2g: World, agent_notes: AgentNotes, actor: Actor, main: str, sub: str | None, reason: str | None
) -> None:
    """Checks OnAgentStateChanged to the actor: states and reason named, no subState if none (L13206)."""
    login = o2g.account(actor).login
    wanted: dict[str, Any] = {"mainState": main}
    if sub:
        wanted["subState"] = sub
    if reason:
        wanted["withdrawReason"] = agent_notes.reason
    event = log_of(o2g, actor).wait_for(
        "OnAgentStateChanged", where={"loginName": login, "state": wanted}, timeout=o2g.settings.event_timeout
    )
    check_event(event, target_version(o2g))
    if not sub and "subState" in event["state"]:
        raise NonConformance(
            "a logged-off agent has no sub-state (AgentState.subState 'when it is logged', L13206)",
            documented=wanted,
            received=event["state"],
        )


# -- snapshot -----------------------------------------------------------------------------------------------------


@when("{actor} asks a snapshot of its agent state", target_fixture="answer")
def snapshot(o2g: World, actor: Actor) -> ApiResponse:
    """Sends acd.agent.state.snapshot (no loginName)."""
    return o2g.send(actor, "acd.agent.state.snapshot")


@when("{actor} asks a snapshot of every agent state", target_fixture="answer")
def snapshot_all(o2g: World, actor: Actor) -> ApiResponse:
    """Sends acd.agent.state.snapshot without loginName (an administrator: every agent, L12900-12901)."""
    return o2g.send(actor, "acd.agent.state.snapshot")


@when("{actor} asks a snapshot of the agent state of {role:user}", target_fixture="answer")
def snapshot_of(o2g: World, actor: Actor, role: Role) -> ApiResponse:
    """Sends acd.agent.state.snapshot about user {role} (an administrator names it by loginName)."""
    return o2g.send(actor, "acd.agent.state.snapshot", query=_named(o2g, actor, role))


@then("{actor} receives OnAgentStateChanged for {roles:users}", target_fixture="acd_snapshot")
def receives_snapshot(o2g: World, actor: Actor, roles: Roles) -> dict[str, dict[str, Any]]:
    """Checks one OnAgentStateChanged per operator named (others taken too); hands them on by role."""
    log = log_of(o2g, actor)
    got: dict[str, dict[str, Any]] = {}
    for role in roles:
        login = o2g.account(role).login
        event = log.wait_for("OnAgentStateChanged", where={"loginName": login}, timeout=o2g.settings.event_timeout)
        check_event(event, target_version(o2g))
        got[role] = event
    for _ in range(log.count("OnAgentStateChanged")):
        try:
            log.wait_for("OnAgentStateChanged", timeout=0)
        except AssertionError:
            break
    return got


@then("the administrator's OnAgentStateChanged of {role:user} is (?P<main>LOG_ON) (?P<sub>[A-Z_]+)")
def snapshot_state(
    answer: ApiResponse, acd_snapshot: dict[str, dict[str, Any]], role: Role, main: str, sub: str
) -> None:
    """Checks the state the snapshot's OnAgentStateChanged tells of user {role}: its current one (L12899)."""
    event = acd_snapshot[role]
    received = event.get("state") or {}
    if received.get("mainState") != main or received.get("subState") != sub:
        raise NonConformance(
            "the snapshot tells the operator's current state (L12899)",
            op_id=answer.op_id,
            documented=f"{main} {sub}",
            received=received,
        )
