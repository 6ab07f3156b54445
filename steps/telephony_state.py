"""Steps of the telephonic state: read, or sent as an OnTelephonyState snapshot (L4518-4593, L5911-6062)."""

from __future__ import annotations

from typing import Any

from pytest_bdd import parsers

from o2g_conformance.checks import NonConformance
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import then, when

from .common import body_of, last
from .telephony import PARTIES, checked, leg_state, log_of, parties, send
from .users import aux

# -- telephonic state ----------------------------------------------------------------------------------------------


@when(parsers.re(r"user (?P<role>[A-Z]) gets its telephonic state$"))
def get_state(o2g: World, role: str) -> None:
    """User {role} gets its telephonic state; sends telephony.state.get."""
    send(o2g, role, "telephony.state.get")


@when(parsers.re(r"user (?P<role>[A-Z]) asks for a snapshot of its telephonic state$"))
def snapshot(o2g: World, role: str) -> None:
    """User {role} asks for a snapshot of its telephonic state; sends telephony.state.snapshot."""
    send(o2g, role, "telephony.state.snapshot")


@when(
    parsers.re(
        r"the administrator asks for a snapshot of (?:user (?P<role>[A-Z])|every user|the user \"(?P<login>[^\"]+)\")$"
    )
)
def admin_snapshot(o2g: World, role: str | None, login: str | None) -> None:
    """An administrator names the user with loginName, or leaves it out for every user (L4559, L4568-4570)."""
    name = o2g.account(role).login if role else login
    send(o2g, "administrator", "telephony.state.snapshot", query={"loginName": name} if name else None)


def _state_problems(o2g: World, state: dict[str, Any], role: str, others: str | None, call_state: str | None) -> str:
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
        problems.append(f"no single call with {others} {call_state}")
    if state.get("userState") != "BUSY":
        problems.append(f"userState {state.get('userState')!r}, not BUSY")
    return "; ".join(problems)


TAIL = rf"(?:with the call with (?P<others>{PARTIES}) (?P<state>[A-Z_]+)|with no call)$"


@then(parsers.re(r"the answer is the telephonic state of user (?P<role>[A-Z]) " + TAIL))
def state_is(o2g: World, role: str, others: str | None, state: str | None) -> None:
    """Checks that the answer is the telephonic state of user {role} with the call, state or devices named."""
    problems = _state_problems(o2g, body_of(last(o2g)) or {}, role, others, state)
    if problems:
        raise NonConformance(
            "the user's TelephonicState (L6322-6469)",
            op_id=last(o2g).op_id,
            documented=others or "no call",
            received=problems,
        )


@then(parsers.re(r"user (?P<role>[A-Z]) receives its telephonic state " + TAIL))
def receives_state(o2g: World, role: str, others: str | None, state: str | None) -> None:
    """OnTelephonyState carries the TelephonicState (L5911-6062), to the requesting session's subscriptions."""
    login = o2g.account(role).login
    event = log_of(o2g, role).wait_for(
        "OnTelephonyState", where={"loginName": login}, timeout=o2g.settings.event_timeout
    )
    checked(o2g, role, event)
    problems = _state_problems(o2g, event.get("state") or {}, role, others, state)
    if problems:
        raise NonConformance("OnTelephonyState.state (L5911-6062)", documented=others or "no call", received=problems)


@then(parsers.re(r"the administrator receives the telephonic state of (?P<who>every user|user (?P<role>[A-Z]))$"))
def admin_receives(o2g: World, who: str, role: str | None) -> None:
    """Every user is every login the target lists (L1143-1144), not only the roles the profile binds."""
    accounts = [o2g.account(role)] if role else list(o2g.target.users)
    log = log_of(o2g, "administrator")
    for account in accounts:
        event = log.wait_for("OnTelephonyState", where={"loginName": account.login}, timeout=o2g.settings.event_timeout)
        checked(o2g, account.role, event)
    if role is None:
        listed = aux(o2g, "administrator", "users.logins.list")
        logins = (listed.json or {}).get("loginNames") if listed.ok and isinstance(listed.json, dict) else None
        bound = {a.login for a in accounts}
        for login in logins or []:
            if login not in bound:
                log.wait_for("OnTelephonyState", where={"loginName": login}, timeout=o2g.settings.event_timeout)
