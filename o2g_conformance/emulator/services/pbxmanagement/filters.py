"""The `filter` of an instance list: `<attr>==<v>`, `==<v>*`, `==*<v>`, `!=`, `=ge=`, `=le=`, with and/or.

The operators are listed at L11245-11251. The list of logical operators is empty in the text (L11252);
the syntax example joins conditions with `or` and `and` (L11253, L11303): the emulator reads `and`
before `or`, as usual, words separated by spaces, in any case. A condition on an attribute the object
does not have, or whose model says it cannot filter (AttributeModel.filtering, L11577), is a bad
parameter; beyond that, "the coherence of the filters is not tested" (L11254).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ...core import errors
from .schema import ObjModel

_CONDITION = re.compile(r"^(?P<name>[A-Za-z@][\w.@-]*)(?P<op>==|!=|=ge=|=le=)(?P<value>.*)$")
_OR = re.compile(r"\s+or\s+", re.IGNORECASE)
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)

Values = Mapping[str, Sequence[str]]
Predicate = Callable[[Values], bool]


@dataclass(frozen=True)
class Condition:
    """One `<attr><op><value>` test; a multi-valued attribute passes when one of its values does."""

    name: str
    op: str
    value: str

    def test(self, values: Values) -> bool:
        current = values.get(self.name) or [""]
        if self.op == "!=":
            return all(v != self.value for v in current)
        return any(self._one(v) for v in current)

    def _one(self, v: str) -> bool:
        if self.op == "==":
            wanted = self.value
            if len(wanted) > 1 and wanted.startswith("*") and wanted.endswith("*"):
                return wanted[1:-1] in v
            if wanted.endswith("*"):
                return v.startswith(wanted[:-1])  # STARWITH (L11247)
            if wanted.startswith("*"):
                return v.endswith(wanted[1:])  # ENDWITH (L11248)
            return v == wanted
        low, high = (self.value, v) if self.op == "=ge=" else (v, self.value)
        if low.lstrip("-").isdigit() and high.lstrip("-").isdigit():
            return int(high) >= int(low)
        return high >= low


def parse_filter(text: str, model: ObjModel) -> Predicate:
    """The predicate of `text` over an instance's attribute values; BAD_PARAMETER when it cannot be read."""
    if not text.strip():
        raise errors.bad_parameter("filter is empty")
    alternatives: list[list[Condition]] = []
    for part in _OR.split(text.strip()):
        conditions = []
        for item in _AND.split(part.strip()):
            m = _CONDITION.match(item.strip())
            if m is None:
                raise errors.bad_parameter(
                    f"filter condition {item.strip()!r} is not <attribute>==<value>, !=, =ge= or =le= (L11245-11251)"
                )
            attribute = model.attribute(m["name"])
            if attribute is None:
                raise errors.bad_parameter(f"filter: {model.name} has no attribute {m['name']!r}")
            if not attribute.filtering:
                raise errors.bad_parameter(f"filter: {model.name}.{m['name']} cannot be used in a filter")
            conditions.append(Condition(m["name"], m["op"], m["value"]))
        alternatives.append(conditions)

    def predicate(values: Values) -> bool:
        return any(all(c.test(values) for c in conditions) for conditions in alternatives)

    return predicate
