"""Validate a JSON value against a documented representation, version-aware, collecting every problem."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType

from o2g_conformance.catalog import ApiVersion, Catalog, Field, Representation, Section, applies, load_catalog

from ._errors import HarnessError, NonConformance, render


@dataclass(frozen=True)
class Problem:
    """One way a value departs from its representation, at a path such as `services[2].relativeUrl`."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path or '<body>'}: {self.message}"


@dataclass(frozen=True)
class Allowance:
    """A known contradiction of the reference, read the lenient way on purpose (see `ALLOWANCES`).

    `accepts` is a second reading of a field's value; `cardinality` replaces a cardinality that the
    reference does not state; `partial` lifts the required-field rule inside the field's object.
    """

    section: str
    owner: str
    field: str
    reading: str
    lines: str
    accepts: Callable[[object], bool] | None = None
    cardinality: str | None = None
    partial: bool = False


def _decimal_string(value: object) -> bool:
    return isinstance(value, str) and value.isascii() and value.isdigit()


def _boolean_string(value: object) -> bool:
    return value in ("true", "false")


def _feature_flags(value: object) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, bool) for k, v in value.items())


#: Every place where the checks accept something the representation table alone would reject.
#: Only contradictions *inside the reference* qualify (its own example answers differ from its table);
#: a server's habit that the reference nowhere shows is not an allowance.
ALLOWANCES: tuple[Allowance, ...] = (
    # Table: timeToLive int (L1042); the user-session example sends 1800 (L777) but the administrator,
    # supervised and token examples send "1800" (L843, L875, L902, L930). Four examples out of five:
    # accept a decimal string, never an arbitrary one.
    Allowance(
        "Session management", "SessionInfo", "timeToLive", "int or a decimal string", "L1042 vs L843", _decimal_string
    ),
    # Table: custoFeatures string [0..*] (L477); the only example is a list of one object of boolean
    # flags (L62-65).
    Allowance(
        "Introduction",
        "RoxeRestApiDescriptor",
        "custoFeatures",
        "items are strings or {feature: boolean} objects",
        "L477 vs L62-65",
        _feature_flags,
    ),
    # Table: logon boolean [1] (L5274); the GET example answers {"logon":"true"} (L4036).
    Allowance(
        "Call control", "HuntingGroupStatus", "logon", "boolean or 'true'/'false'", "L5274 vs L4036", _boolean_string
    ),
    # No field table for these objects; the JSON examples show arrays (L18216, L18223, L18230, L18447),
    # the loader's default for an unstated cardinality is [0..1].
    *(
        Allowance(
            "Call Center Statistics", owner, name, "a list (cardinality from the example)", line, cardinality="[0..*]"
        )
        for owner, name, line in (
            ("StatsAgentFilterResp", "agentsDetails", "L18216"),
            ("StatsAgentFilterResp", "agentAttrExts", "L18223"),
            ("StatsAgentFilterResp", "pilotAttrExts", "L18230"),
            ("StatsScope", "agents", "L18447"),
        )
    ),
    # "Contains all or part of the modified fields of a modified com log record" (L8409): the record
    # of OnComRecordModified may omit fields that ComHistoryRecord marks [1] (comRef, medias).
    Allowance("Communication log", "OnComRecordModified", "record", "partial ComHistoryRecord", "L8409", partial=True),
)
_ALLOWED: dict[tuple[str, str, str], Allowance] = {(a.section, a.owner, a.field): a for a in ALLOWANCES}

_INT32 = (-(2**31), 2**31 - 1)  # 'int' is a 32-bit number (L356)
_INT64 = (-(2**63), 2**63 - 1)  # 'long' is a 64-bit number (L8327)


def _integer(low: int | None, high: int | None) -> Callable[[object], str | None]:
    def check(value: object) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return "an integer"
        if (low is not None and value < low) or (high is not None and value > high):
            return f"an integer in [{low}, {high if high is not None else '...'}]"
        return None

    return check


def _string(value: object) -> str | None:
    return None if isinstance(value, str) else "a string"


def _boolean(value: object) -> str | None:
    return None if isinstance(value, bool) else "a boolean"


def _number(value: object) -> str | None:
    return None if isinstance(value, int | float) and not isinstance(value, bool) else "a number"


def _date_time(value: object) -> str | None:
    # 'dateTime' is UTC, yyyy-MM-ddTHH:mm:ss.SSSZ (L5218, L8320); examples always carry the
    # milliseconds (L7965) but nothing depends on them, so any ISO 8601 date and time is accepted.
    if not isinstance(value, str):
        return "a dateTime string"
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return "an ISO 8601 dateTime such as 2013-05-16T18:17:15.489Z"
    return None if "T" in value else "an ISO 8601 dateTime such as 2013-05-16T18:17:15.489Z"


def _any(value: object) -> str | None:
    return None


#: Primitive type names, each handled deliberately. The packaged fields (representations and events)
#: use string 588, int 244, boolean 144, nonNegativeInteger 12, long 8, dateTime 7, float 1, the one
#: union `string | Criterion[]` (Directory search, handled by the type grammar) and 179 representation
#: names (268 fields); the test of field types prints the full Counter. The other spellings here are
#: the same ideas written differently. A name that is neither here nor a representation is accepted
#: as any JSON value: the reference did not say enough to check it.
PRIMITIVES: Mapping[str, Callable[[object], str | None]] = MappingProxyType(
    {
        "string": _string,
        "String": _string,
        "int": _integer(*_INT32),
        "integer": _integer(*_INT32),
        "Integer": _integer(*_INT32),
        "long": _integer(*_INT64),
        "Long": _integer(*_INT64),
        "nonNegativeInteger": _integer(0, None),  # L8738
        "boolean": _boolean,
        "Boolean": _boolean,
        "float": _number,
        "double": _number,
        "number": _number,
        "dateTime": _date_time,
        "Date": _string,  # no format documented for a bare 'Date'
        "date": _string,
        "object": _any,
        "Object": _any,
        "any": _any,
    }
)
_LIST_RE = re.compile(r"^(?:List|Set|Collection)\s*<\s*(.+)\s*>$")


@dataclass
class _Context:
    catalog: Catalog
    target: ApiVersion
    strict: bool
    problems: list[Problem] = field(default_factory=list)

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))


def _kind(value: object) -> str:
    """What a received JSON value is, for messages (`number 12`, `object`, ...)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"number {value}"
    if isinstance(value, str):
        return f"string {render(value)!r}" if len(value) < 60 else "a long string"
    if isinstance(value, list):
        return f"array of {len(value)}"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _section(catalog: Catalog, name: str) -> Section:
    try:
        return catalog.section(name)
    except KeyError:
        raise HarnessError(f"unknown section {name!r} (see the catalog sections)") from None


def _resolve(catalog: Catalog, section: str, name: str) -> tuple[str, Representation] | None:
    """A representation and the section that owns it: `section` first, then any section.

    Owning section matters for names documented differently per section (Identifier, Participant,
    PartyInfo, AgentType...): nested types resolve from where the representation itself lives.
    """
    own = _section(catalog, section)
    if name in own.representations:
        return own.name, own.representations[name]
    for sec in catalog.sections:
        if name in sec.representations:
            return sec.name, sec.representations[name]
    return None


def _value(value: object, type_name: str, section: str, path: str, ctx: _Context) -> None:
    """Check one value against a type expression: primitive, representation, `A | B`, `X[]`, `List<X>`."""
    type_name = type_name.strip()
    if "|" in type_name:
        alternatives = [t.strip() for t in type_name.split("|")]
        shaped: list[Problem] | None = None
        for alt in alternatives:
            scratch = _Context(ctx.catalog, ctx.target, ctx.strict)
            _value(value, alt, section, path, scratch)
            if not scratch.problems:
                return
            if shaped is None and all(p.path != path for p in scratch.problems):
                shaped = scratch.problems  # the value has this alternative's shape; its inside is wrong
        if shaped is not None:
            ctx.problems.extend(shaped)
        else:
            ctx.add(path, f"expected one of {' | '.join(alternatives)}, received {_kind(value)}")
        return
    inner = type_name[:-2] if type_name.endswith("[]") else None
    match = _LIST_RE.match(type_name)
    if match:
        inner = match.group(1)
    if inner is not None:
        _list(value, inner, section, path, ctx, minimum=0)
        return
    primitive = PRIMITIVES.get(type_name)
    if primitive is not None:
        expected = primitive(value)
        if expected:
            named = "" if re.search(rf"\b{re.escape(type_name)}\b", expected, re.IGNORECASE) else f" ({type_name})"
            ctx.add(path, f"expected {expected}{named}, received {_kind(value)}")
        return
    found = _resolve(ctx.catalog, section, type_name)
    if found is None:
        return  # an undocumented type name: any JSON value
    owner_section, rep = found
    if rep.kind == "enum":
        _enum(value, rep, path, ctx)
    elif rep.kind == "object":
        _object(value, rep, owner_section, path, ctx, partial=False)
    # a 'primitive' representation whose name is not in PRIMITIVES: nothing documented to check


def _list(value: object, item_type: str, section: str, path: str, ctx: _Context, *, minimum: int) -> None:
    if not isinstance(value, list):
        ctx.add(path, f"expected an array of {item_type}, received {_kind(value)}")
        return
    if len(value) < minimum:
        ctx.add(path, f"documented [1..*] (at least one {item_type}), received an empty array")
    for i, item in enumerate(value):
        _value(item, item_type, section, f"{path}[{i}]", ctx)


def _enum(value: object, rep: Representation, path: str, ctx: _Context) -> None:
    if not isinstance(value, str):
        ctx.add(path, f"expected a {rep.name} value (a string), received {_kind(value)}")
    elif rep.values and rep.values_complete and value not in rep.values:
        line = f" (L{rep.line})" if rep.line else ""
        ctx.add(path, f"{value!r} is not a documented {rep.name} value{line}: one of {', '.join(rep.values)}")


def _object(value: object, rep: Representation, section: str, path: str, ctx: _Context, *, partial: bool) -> None:
    if not isinstance(value, dict):
        ctx.add(path, f"expected a {rep.name} object, received {_kind(value)}")
        return
    prefix = f"{path}." if path else ""
    for f in rep.fields:
        known = applies(f.since, ctx.target)
        received = value.get(f.name)
        if received is None:
            # null and absent are the same to JSON clients; a required field must carry a value.
            if f.required and known and not partial:
                state = "is null" if f.name in value else "is missing"
                since = f" (since {f.since})" if f.since else ""
                ctx.add(prefix + f.name, f"required field {f.cardinality}{since} of {rep.name} {state}")
            continue
        if not known and ctx.strict:
            ctx.add(prefix + f.name, f"field of {rep.name} introduced in {f.since}, not documented for {ctx.target}")
        _field(received, f, rep, section, prefix + f.name, ctx)
    if ctx.strict:
        documented = {f.name for f in rep.fields}
        for name in value:
            if name not in documented:
                ctx.add(prefix + name, f"field not documented in {rep.name}")


def _field(value: object, f: Field, owner: Representation, section: str, path: str, ctx: _Context) -> None:
    allowance = _ALLOWED.get((section, owner.name, f.name))
    cardinality = allowance.cardinality if allowance and allowance.cardinality else f.cardinality
    accepts = allowance.accepts if allowance else None
    if allowance and allowance.partial:
        found = _resolve(ctx.catalog, section, f.type)
        if found is not None and found[1].kind == "object":
            _object(value, found[1], found[0], path, ctx, partial=True)
            return
    if cardinality.endswith("*]"):
        if not isinstance(value, list):
            ctx.add(path, f"expected an array of {f.type} ({cardinality}), received {_kind(value)}")
            return
        if cardinality.startswith("[1") and not value:
            ctx.add(path, f"documented {cardinality} (at least one {f.type}), received an empty array")
        for i, item in enumerate(value):
            if accepts is None or not accepts(item):
                _value(item, f.type, section, f"{path}[{i}]", ctx)
        return
    if accepts is None or not accepts(value):
        _value(value, f.type, section, path, ctx)


def schema_problems(
    value: object, section: str, type_name: str, target: ApiVersion, *, strict: bool = False
) -> list[Problem]:
    """Every problem of `value` against the type `type_name` as documented in `section` (then any section).

    Version rule: a field introduced after `target` is never required; present, it is still checked
    (a wrong shape is wrong in any version) and only `strict` reports its presence. A field introduced
    at or before `target` and marked [1] / [1..*] must be present. Fields the reference does not list
    are tolerated (real servers add some, e.g. "mode"/"format" in Subscription, L2204) unless `strict`.
    """
    ctx = _Context(load_catalog(), target, strict)
    _value(value, type_name, _section(ctx.catalog, section).name, "", ctx)
    return ctx.problems


def representation_problems(
    value: object, representation: Representation, section: str, target: ApiVersion, *, strict: bool = False
) -> list[Problem]:
    """Like `schema_problems` for an explicit object representation (e.g. an event's field list)."""
    ctx = _Context(load_catalog(), target, strict)
    owner = _section(ctx.catalog, section).name
    _object(value, representation, owner, "", ctx, partial=False)
    return ctx.problems


def validate(
    value: object,
    section: str,
    type_name: str,
    target: ApiVersion,
    *,
    strict: bool = False,
    op_id: str | None = None,
) -> None:
    """Raise one NonConformance listing every problem of `value` against its documented representation."""
    problems = schema_problems(value, section, type_name, target, strict=strict)
    if problems:
        raise schema_failure(problems, section, type_name, target, op_id=op_id, received=value)


def schema_failure(
    problems: Sequence[Problem],
    section: str,
    type_name: str,
    target: ApiVersion,
    *,
    op_id: str | None,
    received: object,
) -> NonConformance:
    """The NonConformance for a list of schema problems (line = the representation's definition)."""
    found = _resolve(load_catalog(), section, type_name)
    line = found[1].line if found else None
    return NonConformance(
        f"body matches the {type_name} representation ({len(problems)} problem(s))",
        op_id=op_id,
        line=line,
        documented=f"{type_name} of section {section!r} for API {target}",
        received=received,
        problems=[str(p) for p in problems],
    )
