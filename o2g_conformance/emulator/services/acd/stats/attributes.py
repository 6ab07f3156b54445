"""Statistics attributes as the catalog documents them: value type, nomenclature reference and wording.

The attribute enums (AgentAttribute L16554, AgentPilotStatsAttribute, PilotStatsAttribute) list the
names a context may select; the row representations (AgentStatsRow, PilotAgentStatsRow, PilotStatsRow)
give each the type of its value and, at the end of its description, its reference in the nomenclature
(AC001 ..., PC001 ...). The typed catalog model keeps no descriptions, so they are read from its
packaged data file here.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

from .....catalog import load_catalog

SECTION = "Call Center Statistics"
Kind = Literal["agent", "agentPilot", "pilot"]
ENUMS: dict[Kind, str] = {
    "agent": "AgentAttribute",
    "agentPilot": "AgentPilotStatsAttribute",
    "pilot": "PilotStatsAttribute",
}
ROWS: dict[Kind, str] = {"agent": "AgentStatsRow", "agentPilot": "PilotAgentStatsRow", "pilot": "PilotStatsRow"}
_REF = re.compile(r"\s*\b([AP]C\d{3}[A-Z]?)\s*$")


@dataclass(frozen=True)
class StatsAttribute:
    """One statistics attribute: its DTO name, value type, nomenclature reference and English wording."""

    dto: str
    type: str  # "int" or "string"
    ref: str
    text: str

    @property
    def duration(self) -> bool:
        """A string duration "hh:mm:ss" (…Dur); the other strings are percentages or rates ("12.50")."""
        return self.type == "string" and self.dto.endswith("Dur")


@functools.cache
def _raw_fields(rep: str) -> dict[str, dict[str, Any]]:
    data = resources.files("o2g_conformance.catalog").joinpath("data", "representations.json").read_text("utf-8")
    fields = json.loads(data)[SECTION][rep]["fields"]
    return {f["name"]: f for f in fields}


@functools.cache
def attributes(kind: Kind) -> tuple[StatsAttribute, ...]:
    """The selectable attributes of a kind, in the order of their enum (ALL excluded)."""
    enum = load_catalog().representation(SECTION, ENUMS[kind])
    assert enum is not None
    fields = _raw_fields(ROWS[kind])
    out = []
    for name in enum.values:
        if name == "ALL" or name not in fields:
            continue
        f = fields[name]
        description = str(f.get("description") or "")
        match = _REF.search(description)
        ref = str(f.get("ref") or (match.group(1) if match else ""))
        text = _REF.sub("", description).strip()
        out.append(StatsAttribute(name, str(f.get("type") or "string"), ref, text))
    return tuple(out)


def names(kind: Kind) -> list[str]:
    return [a.dto for a in attributes(kind)]


def select(kind: Kind, chosen: list[str]) -> list[StatsAttribute]:
    """The attributes a context selected ("ALL" = every one), in enum order."""
    if "ALL" in chosen:
        return list(attributes(kind))
    wanted = set(chosen)
    return [a for a in attributes(kind) if a.dto in wanted]


def identity_fields(kind: Kind) -> list[str]:
    """The row fields that are no attribute (dates, names, numbers), in representation order."""
    selectable = set(names(kind))
    return [name for name in _raw_fields(ROWS[kind]) if name not in selectable and name != "pilotAgentStatsRows"]
