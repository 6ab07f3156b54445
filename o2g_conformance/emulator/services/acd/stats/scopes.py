"""Supervisors' scopes and statistics contexts (L15723-16096): validation and views.

Readings chosen where the reference is silent or disagrees with itself:
- A supervisor is an identifier (L15673); its scope lists agents by number (SupervisedData.number [1]);
  the emulator takes any identifier and number, as a real O2G takes the numbers its application sends.
  language is EN, FR or DE (read case-insensitively), timezone an offset from "-11:00" to "+12:00"
  (L18470-18479).
- POST /acd/stats/scope answers StatsScopeAnswer, whose table is empty (L18456-18457), while the method
  says it returns "the complete private and public URL of the statistics application" (L15724-15725):
  the emulator answers {privateUrl, publicUrl}, the URL of the supervisor's scope resource.
- A new scope of an existing supervisor removes the agents it no longer lists from the supervisor's
  contexts and deletes the contexts left without agent (L15699-15704).
- StatsFilter: "Agent filter and pilot filter must not be present at the same time in a create/modify
  context" (L18298) vs "if present, the pilot filter will be ignored" (L18301-18302): both is a bad
  parameter, as the first sentence demands. Agents must be in the supervisor's scope (L15699), pilots
  pilots of the call center, attributes values of their enums (case-sensitive, "ALL" for all).
- POST .../ctx answers RespId {"id": "11"} (L15906 types it RespId) rather than the bare 11 of the example
  (L15908). A context is matched by its path ctxId only; "if the context already exists, it is updated"
  (L18242) is the PUT. PUT updates the attributes present in its body (L18242): label, description, filter.
- A scope deleted takes its contexts and their schedules with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ....core import errors
from .attributes import names

_TIMEZONE = re.compile(r"^([+-])(\d{2}):(\d{2})$")
LANGUAGES = ("EN", "FR", "DE")


@dataclass
class Scope:
    identifier: str
    language: str | None
    timezone: str | None
    agents: list[dict[str, Any]]

    def supervisor_view(self) -> dict[str, Any]:
        """SupervisorData (L18468-18479)."""
        out: dict[str, Any] = {"identifier": self.identifier}
        if self.language:
            out["language"] = self.language
        if self.timezone:
            out["timezone"] = self.timezone
        return out

    def agent(self, number: str) -> dict[str, Any] | None:
        return next((a for a in self.agents if a["number"] == number), None)


@dataclass
class StatsContext:
    ctx_id: str
    supervisor: str
    label: str | None
    description: str | None
    filter: dict[str, Any]  # {"agentFilter": {...}} or {"pilotFilter": {...}}
    schedules: dict[str, dict[str, Any]] = field(default_factory=dict)

    def view(self) -> dict[str, Any]:
        """StatsContext (L18237-18271)."""
        out: dict[str, Any] = {"ctxId": self.ctx_id, "supervisorId": self.supervisor}
        if self.label is not None:
            out["label"] = self.label
        if self.description is not None:
            out["description"] = self.description
        out["isScheduled"] = bool(self.schedules)
        out["filter"] = self.filter
        return out


def parse_scope(body: dict[str, Any]) -> Scope:
    """StatsScope (L18440-18455) -> Scope, or BAD_PARAMETER naming the field."""
    sup = body.get("supervisor") or {}
    identifier = str(sup.get("identifier") or "").strip()
    if not identifier:
        raise errors.bad_parameter("supervisor.identifier is mandatory")
    language = sup.get("language")
    if language is not None:
        language = str(language).upper()
        if language not in LANGUAGES:
            raise errors.bad_parameter(f"supervisor.language must be one of {', '.join(LANGUAGES)} (L17181)")
    timezone = sup.get("timezone")
    if timezone is not None and not _valid_offset(str(timezone)):
        raise errors.bad_parameter(f'supervisor.timezone {timezone!r} is not a UTC offset from "-11:00" to "+12:00"')
    agents = []
    for i, agent in enumerate(body.get("agents") or []):
        number = str(agent.get("number") or "").strip()
        if not number:
            raise errors.bad_parameter(f"agents[{i}].number is mandatory")
        agents.append({"number": number, **{k: v for k, v in agent.items() if k != "number" and v is not None}})
    return Scope(identifier, language, timezone, agents)


def _valid_offset(text: str) -> bool:
    m = _TIMEZONE.match(text)
    if not m or int(m.group(3)) >= 60:
        return False
    minutes = (int(m.group(2)) * 60 + int(m.group(3))) * (-1 if m.group(1) == "-" else 1)
    return -11 * 60 <= minutes <= 12 * 60


def parse_filter(raw: Any, scope: Scope, pilots: set[str]) -> dict[str, Any]:
    """StatsFilter (L18297-18313): an agent filter or a pilot filter, checked against the scope."""
    if not isinstance(raw, dict) or not (raw.get("agentFilter") or raw.get("pilotFilter")):
        raise errors.bad_parameter("filter is mandatory: an agentFilter or a pilotFilter (StatsFilter, L18297)")
    if raw.get("agentFilter") and raw.get("pilotFilter"):
        raise errors.bad_parameter("agentFilter and pilotFilter must not be present at the same time (L18298)")
    if raw.get("agentFilter"):
        f = raw["agentFilter"]
        numbers = _strings(f.get("numbers"), "agentFilter.numbers")
        if not numbers:
            raise errors.bad_parameter("agentFilter.numbers: give at least one agent of the scope")
        outside = [n for n in numbers if scope.agent(n) is None]
        if outside:
            raise errors.bad_parameter(f"agents {', '.join(outside)} are not in the scope of {scope.identifier}")
        return {
            "agentFilter": {
                "numbers": numbers,
                "agentAttributes": _attributes(f.get("agentAttributes"), "agent", "agentAttributes"),
                "pilotAttributes": _attributes(f.get("pilotAttributes"), "agentPilot", "pilotAttributes"),
            }
        }
    f = raw["pilotFilter"]
    numbers = _strings(f.get("numbers"), "pilotFilter.numbers")
    if not numbers:
        raise errors.bad_parameter("pilotFilter.numbers: give at least one pilot")
    unknown = [n for n in numbers if n not in pilots]
    if unknown:
        raise errors.bad_parameter(f"no CCD pilot {', '.join(unknown)}")
    return {"pilotFilter": {"numbers": numbers, "attributes": _attributes(f.get("attributes"), "pilot", "attributes")}}


def _strings(value: Any, what: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise errors.bad_parameter(f"{what} is a list of numbers (strings)")
    return list(dict.fromkeys(value))


def _attributes(value: Any, kind: Any, what: str) -> list[str]:
    chosen = _strings(value, what)
    allowed = {*names(kind), "ALL"}
    unknown = [a for a in chosen if a not in allowed]
    if unknown:
        raise errors.bad_parameter(f"{what}: {', '.join(unknown)} is no documented statistics attribute")
    return chosen


def prune(contexts: dict[str, StatsContext], scope: Scope) -> None:
    """A new scope: agents it no longer lists leave the contexts; contexts left without agent go (L15699-15704)."""
    for ctx_id, ctx in list(contexts.items()):
        agent_filter = ctx.filter.get("agentFilter")
        if agent_filter is None:
            continue
        kept = [n for n in agent_filter["numbers"] if scope.agent(n) is not None]
        if kept:
            agent_filter["numbers"] = kept
        else:
            del contexts[ctx_id]
