"""Steps of the telephonic state: read, or sent as an OnTelephonyState snapshot (L4518-4593, L5911-6062)."""

from __future__ import annotations

from typing import Any

from o2g_conformance.checks import NonConformance
from o2g_conformance.client import ApiResponse
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import CallState, Parties, Role, then, when

from .common import body_of
from .telephony import checked, leg_state, log_of, named, parties

# -- telephonic state ----------------------------------------------------------------------------------------------


@when("user {role} gets its telephonic state", target_fixture="answer")
def get_state(o2g: World, role: Role) -> ApiResponse:
    """Sends telephony.state.get in the user's session."""
    return o2g.send(role, "telephony.state.get")


@when("user {role} asks for a snapshot of its telephonic state", target_fixture="answer")
def snapshot(o2g: World, role: Role) -> ApiResponse:
    """Sends telephony.state.snapshot in the user's session."""
    return o2g.send(role, "telephony.state.snapshot")


@when(
    'the administrator asks for a snapshot of (?:user {role}|every user|the user "{login:text}")',
    target_fixture="answer",
)
def admin_snapshot(o2g: World, role: Role | None, login: str | None) -> ApiResponse:
    """Sends telephony.state.snapshot naming the user with loginName, or none for every user (L4559, L4568-4570)."""
    name = o2g.account(role).login if role else login
    return o2g.send("administrator", "telephony.state.snapshot", query={"loginName": name} if name else None)


def _state_problems(
    o2g: World, state: dict[str, Any], role: str, others: Parties | None, call_state: str | None
) -> str:
    """What the TelephonicState (L6322-6469) of a user misses: its calls, device capabilities, user state."""
    calls = [c for c in state.get("calls") or [] if isinstance(c, dict)]
    devices = {str(d.get("deviceId")) for d in state.get("deviceCapabilities") or [] if isinstance(d, dict)}
    problems = []
    if not {d.number for d in o2g.account(role).devices} <= devices:
        problems.append(f"deviceCapabilities of {sorted(devices)} instead of every device of user {role}")
    if others is None:
        if calls:
            problems.append(f"{len(calls)} call(s) for an idle user")
        if state.get("userState") not in (None, "FREE"):
            problems.append(f"userState {state.get('userState')} for an idle user (only set when busy, L6327)")
        return "; ".join(problems)
    with_ = parties(o2g, others)
    found = [c for c in calls if all(p.in_call(c) for p in with_)]
    if len(found) != 1 or leg_state(found[0]) != call_state:
        problems.append(f"no single call with {named(with_)} {call_state}")
    if state.get("userState") != "BUSY":
        problems.append(f"userState {state.get('userState')!r}, not BUSY")
    return "; ".join(problems)


def _wanted(o2g: World, others: Parties | None) -> str:
    return named(parties(o2g, others)) if others else "no call"


TAIL = "(?:with the call with {others:parties} {state:call_state}|with no call)"


@then("the answer is the telephonic state of user {role} " + TAIL)
def state_is(o2g: World, answer: ApiResponse, role: Role, others: Parties | None, state: CallState | None) -> None:
    """Checks the user's TelephonicState (L6322-6469): its calls, every device's capabilities, its user state."""
    problems = _state_problems(o2g, body_of(answer) or {}, role, others, state)
    if problems:
        raise NonConformance(
            "the user's TelephonicState (L6322-6469)",
            op_id=answer.op_id,
            documented=_wanted(o2g, others),
            received=problems,
        )


@then("user {role} receives its telephonic state " + TAIL)
def receives_state(o2g: World, role: Role, others: Parties | None, state: CallState | None) -> None:
    """Checks the OnTelephonyState (L5911-6062) the user's subscription receives: its TelephonicState."""
    login = o2g.account(role).login
    event = log_of(o2g, role).wait_for(
        "OnTelephonyState", where={"loginName": login}, timeout=o2g.settings.event_timeout
    )
    checked(o2g, role, event)
    problems = _state_problems(o2g, event.get("state") or {}, role, others, state)
    if problems:
        raise NonConformance("OnTelephonyState.state (L5911-6062)", documented=_wanted(o2g, others), received=problems)


@then("the administrator receives the telephonic state of (?:every user|user {role})")
def admin_receives(o2g: World, role: Role | None) -> None:
    """Checks an OnTelephonyState of the user, or of every login the target lists (L1143-1144), not only bound roles."""
    accounts = [o2g.account(role)] if role else list(o2g.target.users)
    log = log_of(o2g, "administrator")
    for account in accounts:
        event = log.wait_for("OnTelephonyState", where={"loginName": account.login}, timeout=o2g.settings.event_timeout)
        checked(o2g, account.role, event)
    if role is None:
        listed = o2g.aside("administrator", "users.logins.list")
        logins = (listed.json or {}).get("loginNames") if listed.ok and isinstance(listed.json, dict) else None
        bound = {a.login for a in accounts}
        for login in logins or []:
            if login not in bound:
                log.wait_for("OnTelephonyState", where={"loginName": login}, timeout=o2g.settings.event_timeout)
