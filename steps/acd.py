"""Shared helpers of the call center steps: what the target says of its operators and pilots, and restoring it.

The features name operators by role: users F and G are agents sharing a processing group (F's preferred
one, which the first pilot of the node serves), user H an agent of another group, user I their
supervisor, user A no ACD operator. The steps read everything else from the target (configuration,
numbers, groups, pilots), so a real call center only has to bind those roles in its target profile.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from o2g_conformance.client import ApiResponse
from o2g_conformance.plugin.fixtures import Undo
from o2g_conformance.plugin.world import World

from .common import precondition
from .users import node_of

CONFIG = "acd.agent.config.get"
STATE = "acd.agent.state.get"
LOGOFF = "acd.agent.logoff"
PILOTS = "acd.management.pilots.list"
#: The role whose node holds the call center (its agents' node).
CCD_ROLE = "F"
#: A number no call center object has.
UNKNOWN_NUMBER = "0"


@dataclass
class AcdNotes:
    """What the call center steps of one scenario read once or registered for its end, typed."""

    #: The AgentConfig of each operator, by role, read once by the operator itself.
    configs: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: The pilots of the call center's node (Pilots.pilotList, L14273), read once; None: not read yet.
    pilots: list[dict[str, Any]] | None = None
    #: The roles whose logoff at the end of the scenario is registered in `undo`.
    logoff_at_end: set[str] = field(default_factory=set)


def notes_of(o2g: World) -> AcdNotes:
    """The scenario's AcdNotes (the same instance as the `acd_notes` fixture): read once, kept typed."""
    return o2g.notes(AcdNotes)


@pytest.fixture
def acd_notes(o2g: World) -> AcdNotes:
    """The call center notes of the scenario (configurations and pilots read once, logoffs registered)."""
    return notes_of(o2g)


def ok(response: ApiResponse, what: str) -> Any:
    """The body of a request a step needs besides its answer; an AssertionError when it failed."""
    if not response.ok:
        raise AssertionError(f"{what} failed: {response.status} {response.text[:300]}")
    return response.json


def at_end(o2g: World, actor: str, op_id: str, **kwargs: Any) -> Callable[[], None]:
    """A restoration: `op_id` called as `actor` when the scenario ends (a refusal: nothing was left to undo)."""

    def action() -> None:
        o2g.session(actor).call(op_id, **kwargs)

    return action


def config(o2g: World, role: str, notes: AcdNotes | None = None) -> dict[str, Any]:
    """The AgentConfig of `role`, read once per scenario by the operator itself."""
    notes = notes or notes_of(o2g)
    if role not in notes.configs:
        notes.configs[role] = ok(o2g.aside(role, CONFIG), f"reading the agent configuration of user {role}")
    return notes.configs[role]


def groups(o2g: World, role: str, notes: AcdNotes | None = None) -> list[str]:
    """The processing groups of `role` (ProcessingGroups.groups of its AgentConfig)."""
    pgs = config(o2g, role, notes).get("processingGroups") or {}
    return [str(g) for g in pgs.get("groups") or []]


def preferred_group(o2g: World, role: str, notes: AcdNotes | None = None) -> str:
    """The preferred processing group of `role` (else its first); skips when it has none on this target."""
    pgs = config(o2g, role, notes).get("processingGroups") or {}
    known = groups(o2g, role, notes)
    preferred = pgs.get("preferred") or (known[0] if known else None)
    if not preferred:
        precondition(f"user {role} has no processing group on this target")
    return str(preferred)


def number(o2g: World, role: str) -> str:
    """The agent number of an operator: its company phone (the emulated CCD's fixed agents)."""
    return o2g.account(role).number


def proacd(o2g: World, role: str, notes: AcdNotes | None = None) -> str:
    """The pro-ACD set an operator logs on: its fixed set (AgentConfig.proacd), else its own number."""
    fixed = config(o2g, role, notes).get("proacd")
    return str(fixed) if fixed else number(o2g, role)


def state(o2g: World, role: str) -> dict[str, Any]:
    """The AgentState of `role` as the operator reads it now (acd.agent.state.get)."""
    value: dict[str, Any] = ok(o2g.aside(role, STATE), f"reading the agent state of user {role}")
    return value


def restore_logged_off(o2g: World, undo: Undo, role: str, notes: AcdNotes | None = None) -> None:
    """At the end of the scenario the operator is logged off again (once registered per role)."""
    notes = notes or notes_of(o2g)
    if role in notes.logoff_at_end:
        return
    notes.logoff_at_end.add(role)

    def logoff() -> None:
        if state(o2g, role).get("mainState") != "LOG_OFF":
            ok(o2g.session(role).call(LOGOFF), f"logging user {role} off")

    undo.append((f"the agent state of user {role}", logoff))


def ccd_node(o2g: World) -> str:
    """The OXE node of the call center: the node of its agents (user F)."""
    return node_of(o2g, CCD_ROLE)


def pilots(o2g: World, notes: AcdNotes | None = None) -> list[dict[str, Any]]:
    """The pilots of the call center's node (Pilots.pilotList, L14273), read once per scenario."""
    notes = notes or notes_of(o2g)
    if notes.pilots is None:
        body = ok(o2g.aside("administrator", PILOTS, path={"nodeId": ccd_node(o2g)}), "listing the pilots")
        notes.pilots = list((body or {}).get("pilotList") or [])
    if not notes.pilots:
        precondition("the call center of the target has no pilot")
    return notes.pilots


def first_pilot(o2g: World, notes: AcdNotes | None = None) -> str:
    """The first pilot of the node: the features assume it serves the preferred group of users F and G."""
    return str(pilots(o2g, notes)[0]["number"])
