"""Shared helpers of the call center steps: what the target says of its operators and pilots, and restoring it.

The features name operators by role: users F and G are agents sharing a processing group (F's preferred
one, which the first pilot of the node serves), user H an agent of another group, user I their
supervisor, user A no ACD operator. The steps read everything else from the target (configuration,
numbers, groups, pilots), so a real call center only has to bind those roles in its target profile.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from o2g_conformance.checks import NonConformance
from o2g_conformance.client import ApiResponse
from o2g_conformance.plugin.fixtures import Undo
from o2g_conformance.plugin.world import World

from .common import actor_name, body_of, last, precondition
from .users import aux, node_of

CONFIG = "acd.agent.config.get"
STATE = "acd.agent.state.get"
LOGOFF = "acd.agent.logoff"
PILOTS = "acd.management.pilots.list"
#: The role whose node holds the call center (its agents' node).
CCD_ROLE = "F"
#: A number no call center object has.
UNKNOWN_NUMBER = "0"


def actor_of(text: str) -> str:
    """`user F` / `user "F"` / `the administrator` -> the World actor name."""
    return actor_name(text)


def side(o2g: World, actor: str, op_id: str, **kwargs: Any) -> ApiResponse:
    """A request besides the one the step is about (`o2g.response` keeps the scenario's answer)."""
    return aux(o2g, actor, op_id, **kwargs)


def ok(response: ApiResponse, what: str) -> Any:
    if not response.ok:
        raise AssertionError(f"{what} failed: {response.status} {response.text[:300]}")
    return response.json


def at_end(o2g: World, actor: str, op_id: str, **kwargs: Any) -> Callable[[], None]:
    """A restoration: `op_id` called as `actor` when the scenario ends (a refusal: nothing was left to undo)."""

    def action() -> None:
        o2g.session(actor).call(op_id, **kwargs)

    return action


def config(o2g: World, role: str) -> dict[str, Any]:
    """The AgentConfig of `role`, read once per scenario by the operator itself."""
    key = f"acd.config:{role}"
    if key not in o2g.values:
        o2g.values[key] = ok(side(o2g, role, CONFIG), f"reading the agent configuration of user {role}")
    value: dict[str, Any] = o2g.values[key]
    return value


def groups(o2g: World, role: str) -> list[str]:
    pgs = config(o2g, role).get("processingGroups") or {}
    return [str(g) for g in pgs.get("groups") or []]


def preferred_group(o2g: World, role: str) -> str:
    pgs = config(o2g, role).get("processingGroups") or {}
    known = groups(o2g, role)
    preferred = pgs.get("preferred") or (known[0] if known else None)
    if not preferred:
        precondition(f"user {role} has no processing group on this target")
    return str(preferred)


def number(o2g: World, role: str) -> str:
    """The agent number of an operator: its company phone (the emulated CCD's fixed agents)."""
    return o2g.account(role).number


def proacd(o2g: World, role: str) -> str:
    """The pro-ACD set an operator logs on: its fixed set (AgentConfig.proacd), else its own number."""
    fixed = config(o2g, role).get("proacd")
    return str(fixed) if fixed else number(o2g, role)


def state(o2g: World, role: str) -> dict[str, Any]:
    value: dict[str, Any] = ok(side(o2g, role, STATE), f"reading the agent state of user {role}")
    return value


def restore_logged_off(o2g: World, undo: Undo, role: str) -> None:
    """At the end of the scenario the operator is logged off again (once registered per role)."""
    key = f"acd.logoff-undo:{role}"
    if o2g.values.get(key):
        return
    o2g.values[key] = True

    def logoff() -> None:
        if state(o2g, role).get("mainState") != "LOG_OFF":
            ok(o2g.session(role).call(LOGOFF), f"logging user {role} off")

    undo.append((f"the agent state of user {role}", logoff))


def ccd_node(o2g: World) -> str:
    return node_of(o2g, CCD_ROLE)


def pilots(o2g: World) -> list[dict[str, Any]]:
    """The pilots of the call center's node (Pilots.pilotList, L14273), read once per scenario."""
    if "acd.pilots" not in o2g.values:
        body = ok(side(o2g, "administrator", PILOTS, path={"nodeId": ccd_node(o2g)}), "listing the pilots")
        o2g.values["acd.pilots"] = list((body or {}).get("pilotList") or [])
    found: list[dict[str, Any]] = o2g.values["acd.pilots"]
    if not found:
        precondition("the call center of the target has no pilot")
    return found


def first_pilot(o2g: World) -> str:
    """The first pilot of the node: the features assume it serves the preferred group of users F and G."""
    return str(pilots(o2g)[0]["number"])


def body_object(o2g: World, what: str) -> dict[str, Any]:
    response = last(o2g)
    body = body_of(response)
    if not isinstance(body, dict):
        raise NonConformance(f"the answer is a {what} object", op_id=response.op_id, documented=what, received=body)
    return body


def expect(
    o2g: World, condition: bool, requirement: str, *, documented: Any, received: Any, line: int | None = None
) -> None:
    """Raise the NonConformance of the last answer's operation when `condition` does not hold."""
    if not condition:
        raise NonConformance(requirement, op_id=last(o2g).op_id, line=line, documented=documented, received=received)
