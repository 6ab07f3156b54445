"""The documented shape of a request body: unknown fields and missing mandatory ones are BAD_PARAMETER.

Every operation with a body names its representation in the catalog (e.g. `SetForwardRouteRequest`,
L7719); a representation lists its fields with a cardinality (`[1]` and `[1..*]` are mandatory). A body
whose objects carry a field the representation does not list, or lack a mandatory one, does not have
the documented shape and is refused whole (BAD_PARAMETER, L311-320): a lenient reading would make a
silent change out of a client's mistake (a flat `{"forwardType", "number"}` forward cancelling the
existing one). Types of primitive values are the handlers' models' business; names and presence are
checked here, and the structure: a list where the cardinality is `[0..*]` or `[1..*]`, an object (or a
list of objects) where the type is a representation of fields.
"""

from __future__ import annotations

import functools
import re

from ...catalog import load_catalog

MANDATORY = ("[1]", "[1..*]")
#: Depth at which the walk stops (bodies of the reference nest 4 deep at most; JSON may nest far deeper).
MAX_DEPTH = 16
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: Representations judged by their service instead: a subscription filter that cannot be served is answered
#: 200 with status REFUSED and the reason (L2129-2132; wire-facts, events 1), not 400.
JUDGED_BY_SERVICE = frozenset({"Filter"})
#: Sections whose models check presence themselves, with the documented detail of the error (routing's
#: errorCause NULL_PARAMETER, INVALID_OVERFLOW_ROUTE, ... L405-470): only unknown fields are checked here.
OWN_PRESENCE_CHECKS = frozenset({"Routing management"})


def mandatory_checked(method: str, section: str) -> bool:
    """Whether missing mandatory fields are refused here: not for a modification (PUT names what changes)."""
    return method != "PUT" and section not in OWN_PRESENCE_CHECKS


def shape_problems(section: str, representation: str, data: object, *, mandatory: bool = True) -> list[str]:
    """What makes `data` differ from the documented representation (empty when it has its shape)."""
    problems: list[str] = []
    _walk(section, representation, data, "", problems, 0, mandatory)
    return problems


@functools.cache
def _object_types(section: str, type_: str) -> tuple[str, ...]:
    """The object representations a field's declared type names (`Destination`, `string | Criterion[]`)."""
    catalog = load_catalog()
    names = []
    for name in _NAME.findall(type_):
        rep = catalog.representation(section, name)
        if rep is not None and rep.kind == "object":
            names.append(name)
    return tuple(names)


def _walk(
    section: str, representation: str, data: object, where: str, problems: list[str], depth: int, mandatory: bool
) -> None:
    if representation in JUDGED_BY_SERVICE or depth > MAX_DEPTH:
        return
    rep = load_catalog().representation(section, representation)
    if rep is None or rep.kind != "object" or not isinstance(data, dict):
        return
    fields = {f.name.strip(): f for f in rep.fields}
    # Blanks around keys are dropped, as telephony does ("\ndeviceId" in the example, L3459-3460).
    keys = list(dict.fromkeys(str(key).strip() for key in data))
    for key in keys:
        if key not in fields:
            problems.append(f"{where}{key}: not a field of {representation} ({_line(rep.line)})")
    for name, field in fields.items():
        if name not in keys:
            if mandatory and field.cardinality in MANDATORY:
                problems.append(f"{where}{name}: mandatory in {representation} ({_line(rep.line)})")
            continue
        value = next(v for k, v in data.items() if str(k).strip() == name)
        many = field.cardinality.endswith("*]")
        objects = _object_types(section, field.type)
        if value is None:
            continue  # an explicit null is an absent optional value; models refuse a null where it matters
        if many and not isinstance(value, list):
            problems.append(f"{where}{name}: a list is expected ({field.cardinality} {field.type})")
            continue
        # A list of objects where one is documented is accepted (the extraction marks some lists [0..1],
        # e.g. StatsScope.agents, whose example is a list, L18440-18455).
        listed = isinstance(value, list)
        items = value if listed else [value]
        for i, item in enumerate(items):
            at = f"{where}{name}[{i}]" if listed else f"{where}{name}"
            if objects and "string" not in field.type and not isinstance(item, dict):
                problems.append(f"{at}: an object is expected ({field.type})")
                continue
            for sub in objects:
                _walk(section, sub, item, at + ".", problems, depth + 1, mandatory)


def _line(line: int | None) -> str:
    return f"L{line}" if line else "the reference"
