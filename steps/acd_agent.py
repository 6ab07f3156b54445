"""Steps of the Call Center Agent: configuration, skills, withdraw reasons, logon and the operator's states.

The states an operator moves through are the AgentState of the reference (L13200-13233): mainState
LOG_ON / LOG_OFF and, logged on, a subState. Steps that log an operator on register its logoff for the
end of the scenario; steps that change skills register their restoration.
"""

from __future__ import annotations

from typing import Any

from pytest_bdd import parsers

from o2g_conformance.checks import NonConformance, check_event
from o2g_conformance.plugin.fixtures import Undo
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import given, then, when

from .acd import (
    CONFIG,
    STATE,
    body_object,
    expect,
    groups,
    number,
    ok,
    preferred_group,
    proacd,
    restore_logged_off,
    side,
    state,
)
from .common import ACTOR, actor_name, last, precondition, target_version
from .events import log_of
from .users import roles_in

ROLE = r"user \"?(?P<role>[A-Z])\"?"
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


def _call(o2g: World, actor: str, op_id: str, *, role: str | None = None, **kwargs: Any) -> None:
    """The step's request: an administrator names the operator `role` (loginName), a user acts on itself."""
    name = actor_name(actor)
    if role is not None and name == "administrator":
        kwargs["query"] = {**(kwargs.get("query") or {}), "loginName": o2g.account(role).login}
    o2g.response = o2g.session(name).call(op_id, **kwargs)


def _target(actor: str, role: str | None) -> str:
    """The operator a step is about: `role`, or the acting user itself."""
    return role or actor_name(actor)


# -- configuration ------------------------------------------------------------------------------------------------


@when(parsers.re(ACTOR + r" reads its agent configuration$"))
def read_config(o2g: World, actor: str) -> None:
    """The actor reads its agent configuration; sends acd.agent.config.get."""
    _call(o2g, actor, CONFIG)


@when(parsers.re(ACTOR + r" reads the agent configuration of " + ROLE + r"$"))
def read_config_of(o2g: World, actor: str, role: str) -> None:
    """The actor reads the agent configuration of user {role}; sends acd.agent.config.get."""
    _call(o2g, actor, CONFIG, role=role)


@then(parsers.re(r"the configuration is of type (?P<kind>AGENT|SUPERVISOR) with its preferred group among its groups$"))
def config_kind(o2g: World, kind: str) -> None:
    """Checks that the configuration is of type (AGENT|SUPERVISOR) with its preferred group among its groups."""
    body = body_object(o2g, "AgentConfig")
    expect(o2g, body.get("type") == kind, "AgentConfig.type of the operator (L13143)", documented=kind, received=body)
    pgs = body.get("processingGroups") or {}
    expect(
        o2g,
        bool(pgs.get("groups")) and pgs.get("preferred") in pgs.get("groups", []),
        "ProcessingGroups: the preferred group is one of the operator's groups (L13372-13376)",
        documented="preferred among groups",
        received=pgs,
    )


@then(parsers.re(r"the configuration lists the skills of " + ROLE + r"$"))
def config_skills(o2g: World, role: str) -> None:
    """Checks that the configuration lists the skills of user {role}."""
    skills = (body_object(o2g, "AgentConfig").get("skills") or {}).get("skills")
    expect(
        o2g,
        isinstance(skills, list) and bool(skills) and all("number" in s and "active" in s for s in skills),
        "AgentConfig.skills lists the agent's skills with their number and activation (L13146, L13178-13183)",
        documented="AgentSkills with number, level, active",
        received=skills,
    )


@then(parsers.re(r"the configuration is the one " + ROLE + r" reads$"))
def config_same(o2g: World, role: str) -> None:
    """Checks that the configuration is the one user {role} reads (via acd.agent.config.get)."""
    own = ok(side(o2g, role, CONFIG), f"user {role} reading its configuration")
    received = body_object(o2g, "AgentConfig")
    expect(
        o2g, received == own, "the configuration of the operator named by loginName", documented=own, received=received
    )


# -- skills -------------------------------------------------------------------------------------------------------


def _skills(o2g: World, role: str) -> dict[int, bool]:
    body = ok(side(o2g, role, CONFIG), f"reading the configuration of user {role}")
    return {int(s["number"]): bool(s.get("active")) for s in (body.get("skills") or {}).get("skills") or []}


@given(parsers.re(ROLE + r" has an (?P<which>active|inactive) skill$"))
def has_skill(o2g: World, undo: Undo, role: str, which: str) -> None:
    """Precondition: user {role} has an (active|inactive) skill; set up with acd.agent.config.get; undone at the end."""
    skills = _skills(o2g, role)
    wanted = which == "active"
    chosen = next((n for n, active in skills.items() if active == wanted), None)
    if chosen is None:
        precondition(f"user {role} has no {which} skill on this target")
    o2g.values["acd.skill"] = chosen

    def restore() -> None:
        now = _skills(o2g, role).get(chosen)
        if now is not None and now != wanted:
            op = SKILLS_ON if wanted else SKILLS_OFF
            ok(o2g.session(role).call(op, json={"skills": [chosen]}), f"restoring skill {chosen} of user {role}")

    undo.append((f"skill {chosen} of user {role}", restore))
    o2g.values[f"acd.skills-before:{role}"] = skills


@when(parsers.re(ACTOR + r" (?P<verb>activates|deactivates) that skill(?: of " + ROLE + r")?$"))
def change_skill(o2g: World, actor: str, verb: str, role: str | None) -> None:
    """The actor (activates|deactivates) that skill[ of user {role}]; sends acd.agent.config.skills.activate."""
    op = SKILLS_ON if verb == "activates" else SKILLS_OFF
    _call(o2g, actor, op, role=role, json={"skills": [o2g.values["acd.skill"]]})


@when(parsers.re(ACTOR + r" activates a skill it does not have$"))
def activate_unknown(o2g: World, actor: str) -> None:
    """The actor activates a skill it does not have; sends acd.agent.config.get, acd.agent.config.skills.activate."""
    role = actor_name(actor)
    o2g.values[f"acd.skills-before:{role}"] = skills = _skills(o2g, role)
    _call(o2g, actor, SKILLS_ON, json={"skills": [max(skills, default=0) + 100]})


@when(parsers.re(ACTOR + r" deactivates an empty list of skills$"))
def deactivate_none(o2g: World, actor: str) -> None:
    """The actor deactivates an empty list of skills; sends acd.agent.config.skills.deactivate."""
    _call(o2g, actor, SKILLS_OFF, json={"skills": []})


@when(parsers.re(ACTOR + r" deactivates the skills \"(?P<text>[^\"]+)\" given as text$"))
def deactivate_text(o2g: World, actor: str, text: str) -> None:
    """The actor deactivates the skills "{text}" given as text; sends acd.agent.config.skills.deactivate."""
    _call(o2g, actor, SKILLS_OFF, json={"skills": [text]})


@then(
    parsers.re(ROLE + r" receives OnAgentSkillChanged with that skill (?P<which>active|inactive) among all its skills$")
)
def receives_skills(o2g: World, role: str, which: str) -> None:
    """Checks that user {role} receives OnAgentSkillChanged with that skill (active|inactive) among all its skills."""
    login = o2g.account(role).login
    event = log_of(o2g, f"user {role}").wait_for(
        "OnAgentSkillChanged", where={"loginName": login}, timeout=o2g.settings.event_timeout
    )
    check_event(event, target_version(o2g))
    listed = {int(s["number"]): s.get("active") for s in (event.get("skills") or {}).get("skills") or []}
    before = o2g.values.get(f"acd.skills-before:{role}", {})
    skill = o2g.values["acd.skill"]
    if set(listed) != set(before) or listed.get(skill) is not (which == "active"):
        raise NonConformance(
            "OnAgentSkillChanged carries the whole set of skills (L13316), the changed one included",
            documented=f"skills {sorted(before)} with {skill} {which}",
            received=event.get("skills"),
        )


@then(parsers.re(r"the agent configuration of " + ROLE + r" shows that skill (?P<which>active|inactive)$"))
def config_shows_skill(o2g: World, role: str, which: str) -> None:
    """Checks that the agent configuration of user {role} shows that skill (active|inactive).

    Reads acd.agent.config.get.
    """
    skill = o2g.values["acd.skill"]
    now = _skills(o2g, role)
    expect(
        o2g,
        now.get(skill) is (which == "active"),
        "the skill activation is kept in the agent configuration (AgentSkill.active, L13182)",
        documented=f"skill {skill} {which}",
        received=now,
    )


@then(parsers.re(r"the agent configuration of " + ROLE + r" is unchanged$"))
def config_unchanged(o2g: World, role: str) -> None:
    """Checks that the agent configuration of user {role} is unchanged: a refused request changes nothing.

    Reads acd.agent.config.get.
    """
    before = o2g.values.get(f"acd.skills-before:{role}")
    now = _skills(o2g, role)
    expect(o2g, now == before, "a refused request changes nothing", documented=before, received=now)


# -- withdraw reasons ---------------------------------------------------------------------------------------------


@when(parsers.re(ACTOR + r" reads the withdraw reasons of its preferred processing group$"))
def reasons_own(o2g: World, actor: str) -> None:
    """The actor reads the withdraw reasons of its preferred processing group; sends acd.agent.withdrawreasons.get."""
    _call(o2g, actor, REASONS, query={"pgNumber": preferred_group(o2g, actor_name(actor))})


@when(parsers.re(ACTOR + r" reads the withdraw reasons of the preferred processing group of " + ROLE + r"$"))
def reasons_of(o2g: World, actor: str, role: str) -> None:
    """The actor reads the withdraw reasons of the preferred processing group of user {role}.

    Sends acd.agent.config.get, acd.agent.withdrawreasons.get.
    """
    query = {"pgNumber": preferred_group(o2g, role)}
    _call(o2g, actor, REASONS, role=role if actor_name(actor) == "administrator" else None, query=query)


@when(parsers.re(ACTOR + r" reads the withdraw reasons without a processing group$"))
def reasons_without(o2g: World, actor: str) -> None:
    """The actor reads the withdraw reasons without a processing group; sends acd.agent.withdrawreasons.get."""
    _call(o2g, actor, REASONS)


@then("the reasons are indexed from 1 to their number, at most 9")
def reasons_indexed(o2g: World) -> None:
    """Checks that the reasons are indexed from 1 to their number, at most 9."""
    body = body_object(o2g, "WithdrawReasons")
    reasons = body.get("reasons") or []
    indexes = [r.get("index") for r in reasons]
    expect(
        o2g,
        body.get("number") == len(reasons) <= 9 and indexes == list(range(1, len(reasons) + 1)),
        "WithdrawReasons: number 0..9, reasons indexed from 1 to number (L13386, L13391-13393)",
        documented="number = len(reasons) <= 9, indexes 1..number",
        received=body,
    )


@then(parsers.re(r"the reasons are the ones " + ROLE + r" reads$"))
def reasons_same(o2g: World, role: str) -> None:
    """Checks that the reasons are the ones user {role} reads: the reasons of the operator named by loginName.

    Reads acd.agent.withdrawreasons.get.
    """
    own = ok(side(o2g, role, REASONS, query={"pgNumber": preferred_group(o2g, role)}), "reading the reasons")
    received = body_object(o2g, "WithdrawReasons")
    expect(o2g, received == own, "the reasons of the operator named by loginName", documented=own, received=received)


# -- logon and logoff ---------------------------------------------------------------------------------------------


def _logon(o2g: World, undo: Undo, actor: str, role: str, device: str | None, group: str | None) -> None:
    body: dict[str, Any] = {}
    if device is not None:
        body["proAcdDeviceNumber"] = device
    if group is not None:
        body["pgGroupNumber"] = group
    restore_logged_off(o2g, undo, role)
    _call(o2g, actor, LOGON, role=role if actor_name(actor) == "administrator" else None, json=body)


@when(parsers.re(ACTOR + r" logs on its pro-ACD set$"))
def logon(o2g: World, undo: Undo, actor: str) -> None:
    """The actor logs on its pro-ACD set; sends acd.agent.logon."""
    role = actor_name(actor)
    _logon(o2g, undo, actor, role, proacd(o2g, role), None)


@when(parsers.re(ACTOR + r" logs " + ROLE + r" on its pro-ACD set in its last processing group$"))
def logon_other(o2g: World, undo: Undo, actor: str, role: str) -> None:
    """The actor logs user {role} on its pro-ACD set in its last processing group; sends acd.agent.logon."""
    _logon(o2g, undo, actor, role, proacd(o2g, role), groups(o2g, role)[-1])


@when(parsers.re(ACTOR + r" logs on the pro-ACD set of " + ROLE + r"$"))
def logon_foreign_set(o2g: World, undo: Undo, actor: str, role: str) -> None:
    """The actor logs on the pro-ACD set of user {role}; sends acd.agent.logon."""
    _logon(o2g, undo, actor, actor_name(actor), proacd(o2g, role), None)


@when(parsers.re(ACTOR + r" logs on its pro-ACD set in the preferred processing group of " + ROLE + r"$"))
def logon_foreign_group(o2g: World, undo: Undo, actor: str, role: str) -> None:
    """The actor logs on its pro-ACD set in the preferred processing group of user {role}; sends acd.agent.logon."""
    me = actor_name(actor)
    _logon(o2g, undo, actor, me, proacd(o2g, me), preferred_group(o2g, role))


@when(parsers.re(ACTOR + r" logs on without a pro-ACD set$"))
def logon_without_set(o2g: World, undo: Undo, actor: str) -> None:
    """The actor logs on without a pro-ACD set; sends acd.agent.logon."""
    _logon(o2g, undo, actor, actor_name(actor), None, None)


@when(parsers.re(ACTOR + r" logs on with its own number in its last processing group$"))
def logon_own_number(o2g: World, undo: Undo, actor: str) -> None:
    """The actor logs on with its own number in its last processing group; sends acd.agent.logon."""
    me = actor_name(actor)
    _logon(o2g, undo, actor, me, number(o2g, me), groups(o2g, me)[-1])


def logged_on(o2g: World, undo: Undo, role: str, group: str | None) -> None:
    """A Given: the operator is logged on its pro-ACD set (in `group`, or its default)."""
    restore_logged_off(o2g, undo, role)
    body: dict[str, Any] = {"proAcdDeviceNumber": proacd(o2g, role)}
    if group:
        body["pgGroupNumber"] = group
    ok(side(o2g, role, LOGON, json=body), f"logging user {role} on")


@given(parsers.re(ROLE + r" is logged on$"))
def given_logged_on(o2g: World, undo: Undo, role: str) -> None:
    """Precondition: user {role} is logged on; set up with acd.agent.config.get, acd.agent.logon; undone at the end."""
    logged_on(o2g, undo, role, None)


@given(parsers.re(ROLE + r" is logged on in its preferred processing group$"))
def given_logged_on_in_group(o2g: World, undo: Undo, role: str) -> None:
    """Precondition: user {role} is logged on in its preferred processing group; undone at the end.

    Set up with acd.agent.config.get, acd.agent.logon.
    """
    logged_on(o2g, undo, role, preferred_group(o2g, role))


@given(parsers.re(ROLE + r" is logged on out of group$"))
def given_out_of_group(o2g: World, undo: Undo, role: str) -> None:
    """Precondition: user {role} is logged on out of group; undone at the end.

    Set up with acd.agent.config.get, acd.agent.logon, acd.agent.state.get.
    """
    logged_on(o2g, undo, role, None)
    sub = state(o2g, role).get("subState")
    if sub != "OUT_OF_PG":
        raise AssertionError(f"user {role} logged on without a group is {sub}, not OUT_OF_PG (L12650)")


@when(parsers.re(ACTOR + r" (?P<verb>enters|exits) its preferred processing group$"))
def enter_exit(o2g: World, actor: str, verb: str) -> None:
    """The actor (enters|exits) its preferred processing group; sends acd.agent.enterpg, acd.agent.exitpg."""
    op = "acd.agent.enterpg" if verb == "enters" else "acd.agent.exitpg"
    _call(o2g, actor, op, json={"pgGroupNumber": preferred_group(o2g, actor_name(actor))})


@when(parsers.re(ACTOR + r" exits with an empty group number$"))
def exit_empty(o2g: World, actor: str) -> None:
    """The actor exits with an empty group number; sends acd.agent.exitpg."""
    _call(o2g, actor, "acd.agent.exitpg", json={"pgGroupNumber": ""})


@when(parsers.re(ACTOR + r" logs off$"))
def logoff(o2g: World, actor: str) -> None:
    """The actor logs off; sends acd.agent.logoff."""
    _call(o2g, actor, "acd.agent.logoff")


# -- sub-states ---------------------------------------------------------------------------------------------------


@when(parsers.re(ACTOR + r" (?P<move>goes in pause|is ready|goes in wrap-up)$"))
def move(o2g: World, actor: str, move: str) -> None:
    """The actor (goes in pause|is ready|goes in wrap-up); sends acd.agent.pause, acd.agent.ready, acd.agent.wrapup."""
    op = {"goes in pause": "acd.agent.pause", "is ready": "acd.agent.ready", "goes in wrap-up": "acd.agent.wrapup"}
    _call(o2g, actor, op[move])


@when(parsers.re(ACTOR + r" asks to (?P<move>pause|be ready|wrap up|withdraw)$"))
def ask_move(o2g: World, actor: str, move: str) -> None:
    """The actor asks to (pause|be ready|wrap up|withdraw)."""
    _call(o2g, actor, MOVES[move])


@given(parsers.re(ROLE + r" is in (?P<where>pause|wrap-up)$"))
def given_in(o2g: World, role: str, where: str) -> None:
    """Precondition: user {role} is in (pause|wrap-up); set up with acd.agent.pause, acd.agent.wrapup."""
    ok(side(o2g, role, "acd.agent.pause" if where == "pause" else "acd.agent.wrapup"), f"user {role} going {where}")


def _reasons(o2g: World, role: str) -> list[dict[str, Any]]:
    body = ok(side(o2g, role, REASONS, query={"pgNumber": preferred_group(o2g, role)}), "reading the reasons")
    return list(body.get("reasons") or [])


@when(parsers.re(ACTOR + r" withdraws for the first reason of its group$"))
def withdraw_first(o2g: World, actor: str) -> None:
    """The actor withdraws for the first reason of its group; sends acd.agent.withdrawreasons.get."""
    reasons = _reasons(o2g, actor_name(actor))
    if not reasons:
        precondition("the agent's group has no withdraw reason on this target")
    o2g.values["acd.reason"] = int(reasons[0]["index"])
    _call(o2g, actor, MOVES["withdraw"], json={"reasonIndex": o2g.values["acd.reason"]})


@when(parsers.re(ACTOR + r" withdraws for the reason \"(?P<text>\d+)\" given as text$"))
def withdraw_text(o2g: World, actor: str, text: str) -> None:
    """The actor withdraws for the reason "{text}" given as text; sends acd.agent.withdraw."""
    _call(o2g, actor, MOVES["withdraw"], json={"reasonIndex": text})


@when(parsers.re(ACTOR + r" withdraws for a reason beyond those of its group$"))
def withdraw_beyond(o2g: World, actor: str) -> None:
    """The actor withdraws for a reason beyond those of its group; sends acd.agent.withdrawreasons.get."""
    _call(o2g, actor, MOVES["withdraw"], json={"reasonIndex": len(_reasons(o2g, actor_name(actor))) + 1})


# -- state and its events -----------------------------------------------------------------------------------------


@when(parsers.re(ACTOR + r" reads its agent state$"))
def read_state(o2g: World, actor: str) -> None:
    """The actor reads its agent state; sends acd.agent.state.get."""
    _call(o2g, actor, STATE)


@when(parsers.re(ACTOR + r" reads the agent state of " + ROLE + r"$"))
def read_state_of(o2g: World, actor: str, role: str) -> None:
    """The actor reads the agent state of user {role}; sends acd.agent.state.get."""
    _call(o2g, actor, STATE, role=role)


def _state_matches(
    o2g: World, role: str, received: dict[str, Any], main: str, sub: str | None, where: str | None
) -> bool:
    if received.get("mainState") != main or received.get("subState") != sub:
        return False
    if where == "preferred":
        return bool(received.get("pgNumber") == preferred_group(o2g, role))
    if where == "last":
        return bool(received.get("pgNumber") == groups(o2g, role)[-1])
    return True


STATE_PHRASE = r"(?P<main>LOG_ON|LOG_OFF)(?: (?P<sub>[A-Z_]+))?(?: in its (?P<where>preferred|last) processing group)?"


@then(parsers.re(r"the agent state of " + ROLE + r" is " + STATE_PHRASE + r"$"))
def state_is(o2g: World, role: str, main: str, sub: str | None, where: str | None) -> None:
    """Checks the agent state of user {role} read last: main state, sub-state and processing group named.

    Sends acd.agent.state.get.
    """
    received = state(o2g, role)
    expect(
        o2g,
        _state_matches(o2g, role, received, main, sub, where),
        "the operator's AgentState (L13200-13218)",
        documented=f"{main} {sub or ''} {f'in its {where} processing group' if where else ''}".strip(),
        received=received,
    )


@then(parsers.re(r"the agent state of " + ROLE + r" is WITHDRAW for reason (?P<reason>\d+)$"))
def state_withdrawn(o2g: World, role: str, reason: str) -> None:
    """Checks that the agent state of user {role} is WITHDRAW for reason {reason} (via acd.agent.state.get)."""
    received = state(o2g, role)
    expect(
        o2g,
        received.get("subState") == "WITHDRAW" and received.get("withdrawReason") == int(reason),
        "AgentState.withdrawReason: the reason of the withdraw (L13210)",
        documented=f"WITHDRAW, withdrawReason {reason}",
        received=received,
    )


@then("the agent state is LOG_OFF without sub-state")
def answer_logged_off(o2g: World) -> None:
    """Checks that the agent state is LOG_OFF without sub-state."""
    body = body_object(o2g, "AgentState")
    expect(
        o2g,
        body.get("mainState") == "LOG_OFF" and "subState" not in body,
        "a logged-off agent has its main state only (example L12893-12895; subState 'when it is logged', L13206)",
        documented={"mainState": "LOG_OFF"},
        received=body,
    )


@then(parsers.re(r"the agent state is LOG_ON READY on the pro-ACD set of " + ROLE + r"$"))
def answer_ready_on(o2g: World, role: str) -> None:
    """Checks that the agent state is LOG_ON READY on the pro-ACD set of user {role}."""
    body = body_object(o2g, "AgentState")
    wanted = {"mainState": "LOG_ON", "subState": "READY", "proAcdDeviceNumber": proacd(o2g, role)}
    expect(
        o2g,
        all(body.get(k) == v for k, v in wanted.items()),
        "AgentState of a logged-on agent (L13200-13218)",
        documented=wanted,
        received=body,
    )


@then(
    parsers.re(
        ACTOR + r" receives OnAgentStateChanged with main state (?P<main>LOG_ON|LOG_OFF)"
        r"(?: and sub-state (?P<sub>[A-Z_]+))?(?P<reason> for that reason)?$"
    )
)
def receives_state(o2g: World, actor: str, main: str, sub: str | None, reason: str | None) -> None:
    """Checks that the actor receives OnAgentStateChanged with the main state (and sub-state, group) named."""
    login = o2g.account(actor_name(actor)).login
    wanted: dict[str, Any] = {"mainState": main}
    if sub:
        wanted["subState"] = sub
    if reason:
        wanted["withdrawReason"] = o2g.values["acd.reason"]
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


@when(parsers.re(ACTOR + r" asks a snapshot of its agent state$"))
def snapshot(o2g: World, actor: str) -> None:
    """The actor asks a snapshot of its agent state; sends acd.agent.state.snapshot."""
    _call(o2g, actor, "acd.agent.state.snapshot")


@when(parsers.re(ACTOR + r" asks a snapshot of every agent state$"))
def snapshot_all(o2g: World, actor: str) -> None:
    """The actor asks a snapshot of every agent state; sends acd.agent.state.snapshot."""
    _call(o2g, actor, "acd.agent.state.snapshot")


@when(parsers.re(ACTOR + r" asks a snapshot of the agent state of " + ROLE + r"$"))
def snapshot_of(o2g: World, actor: str, role: str) -> None:
    """The actor asks a snapshot of the agent state of user {role}; sends acd.agent.state.snapshot."""
    _call(o2g, actor, "acd.agent.state.snapshot", role=role)


@then(parsers.re(ACTOR + r" receives OnAgentStateChanged for users (?P<roles>[A-Z](?:(?:, | and )[A-Z])*)$"))
def receives_snapshot(o2g: World, actor: str, roles: str) -> None:
    """One event per operator named; the snapshot's events of other operators of a real target are taken too."""
    log = log_of(o2g, actor)
    got: dict[str, dict[str, Any]] = {}
    for role in roles_in(roles):
        login = o2g.account(role).login
        event = log.wait_for("OnAgentStateChanged", where={"loginName": login}, timeout=o2g.settings.event_timeout)
        check_event(event, target_version(o2g))
        got[role] = event
    for _ in range(log.count("OnAgentStateChanged")):
        try:
            log.wait_for("OnAgentStateChanged", timeout=0)
        except AssertionError:
            break
    o2g.values["acd.snapshot"] = got


@then(parsers.re(r"the administrator's OnAgentStateChanged of " + ROLE + r" is (?P<main>LOG_ON) (?P<sub>[A-Z_]+)$"))
def snapshot_state(o2g: World, role: str, main: str, sub: str) -> None:
    """Checks that the administrator's OnAgentStateChanged of user {role} is LOG_ON {sub}."""
    event = o2g.values["acd.snapshot"][role]
    received = event.get("state") or {}
    if received.get("mainState") != main or received.get("subState") != sub:
        raise NonConformance(
            "the snapshot tells the operator's current state (L12899)",
            op_id=last(o2g).op_id,
            documented=f"{main} {sub}",
            received=received,
        )
