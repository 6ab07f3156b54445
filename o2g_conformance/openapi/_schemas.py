"""JSON Schemas (2020-12, as OpenAPI 3.1 embeds them) of the catalog's representations, per API version.

One source: the representations are the catalog's, resolved exactly as the checks resolve them
(`o2g_conformance.checks._schema`: own section first, then any section), with the checks' type grammar
(`A | B`, `X[]`, `List<X>`), their cardinality rule, their null rule and their allowances (the known
contradictions of the reference, read the lenient way). Only the translation of the primitive names
into JSON Schema lives here, keyed by the checks' own `PRIMITIVES` table; the agreement test proves
that both judges accept and refuse the same values.

Per version: a field newer than the document's version is left out (an unknown field is allowed, as
the non-strict checks allow it); the checks still judge the shape of such a field when it is present.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from o2g_conformance.catalog import ApiVersion, Catalog, Field, Representation, applies
from o2g_conformance.checks import ALLOWANCES, PRIMITIVES, Allowance
from o2g_conformance.checks._schema import _LIST_RE, _resolve

JsonSchema = dict[str, Any]

_INT32 = {"type": "integer", "format": "int32", "minimum": -(2**31), "maximum": 2**31 - 1}  # L356
_INT64 = {"type": "integer", "format": "int64", "minimum": -(2**63), "maximum": 2**63 - 1}  # L8327
_STRING = {"type": "string"}
_BOOLEAN = {"type": "boolean"}
_NUMBER = {"type": "number"}
#: 'dateTime' is UTC, yyyy-MM-ddTHH:mm:ss.SSSZ (L5218, L8320); the checks accept any ISO 8601 date
#: and time (Python's `datetime.fromisoformat` with a "T"): the pattern is that reading.
_DATE_TIME = {
    "type": "string",
    "format": "date-time",
    "pattern": (
        r"^\d{4}-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3])"
        r"(:?[0-5]\d(:?[0-5]\d([.,]\d{1,6})?)?)?(Z|[+-]([01]\d|2[0-3])(:?[0-5]\d)?)?$"
    ),
}

#: The JSON Schema of each primitive name of the checks (`o2g_conformance.checks.PRIMITIVES`), same keys.
JSON_PRIMITIVES: Mapping[str, JsonSchema] = MappingProxyType(
    {
        "string": _STRING,
        "String": _STRING,
        "int": _INT32,
        "integer": _INT32,
        "Integer": _INT32,
        "long": _INT64,
        "Long": _INT64,
        "nonNegativeInteger": {"type": "integer", "minimum": 0},  # L8738
        "boolean": _BOOLEAN,
        "Boolean": _BOOLEAN,
        "float": _NUMBER,
        "double": _NUMBER,
        "number": _NUMBER,
        "dateTime": _DATE_TIME,
        "Date": _STRING,
        "date": _STRING,
        "object": {},
        "Object": {},
        "any": {},
    }
)

#: The second reading of each allowance (`Allowance.accepts`), by the name of the checks' predicate.
_ACCEPTS: Mapping[str, JsonSchema] = MappingProxyType(
    {
        "_decimal_string": {"type": "string", "pattern": "^[0-9]+$"},
        "_boolean_string": {"type": "string", "enum": ["true", "false"]},
        "_feature_flags": {"type": "object", "additionalProperties": {"type": "boolean"}},
    }
)

_KEY_RE = re.compile(r"[^A-Za-z0-9_.-]+")


def _slug(section: str) -> str:
    return _KEY_RE.sub("_", section.strip()).strip("_")


def allowance_schema(allowance: Allowance) -> JsonSchema | None:
    """The JSON Schema of an allowance's second reading (None when it has none)."""
    if allowance.accepts is None:
        return None
    name = allowance.accepts.__name__
    if name not in _ACCEPTS:
        raise KeyError(f"allowance {allowance.owner}.{allowance.field} reads values with {name}: no JSON Schema for it")
    return _ACCEPTS[name]


def _nullable(schema: JsonSchema) -> JsonSchema:
    """null and absent are the same to the checks (an optional field may be null)."""
    return {"anyOf": [schema, {"type": "null"}]}


class SchemaBuilder:
    """Build JSON Schemas for one API version; object and enum representations become named components."""

    def __init__(self, catalog: Catalog, version: ApiVersion) -> None:
        self.catalog = catalog
        self.version = version
        self.components: dict[str, JsonSchema] = {}
        self._keys: dict[tuple[str, str], str] = {}
        self._allowed = {(a.section, a.owner, a.field): a for a in ALLOWANCES}
        owners: dict[str, int] = {}
        for sec in catalog.sections:
            for name in sec.representations:
                owners[name] = owners.get(name, 0) + 1
        self._shared_names = {name for name, count in owners.items() if count > 1}

    def key(self, section: str, name: str) -> str:
        """The component name of a representation: its name, qualified by section when several sections define it."""
        base = _KEY_RE.sub("_", name)
        return f"{base}.{_slug(section)}" if name in self._shared_names else base

    def ref(self, section: str, name: str) -> JsonSchema:
        return {"$ref": f"#/components/schemas/{self.key(section, name)}"}

    # --- type expressions -----------------------------------------------------------------------------
    def type_schema(self, type_name: str, section: str) -> JsonSchema:
        """The schema of a type expression as the checks read it (see `checks._schema._value`)."""
        type_name = type_name.strip()
        if "|" in type_name:
            return {"anyOf": [self.type_schema(t, section) for t in type_name.split("|")]}
        inner = type_name[:-2] if type_name.endswith("[]") else None
        match = _LIST_RE.match(type_name)
        if match:
            inner = match.group(1)
        if inner is not None:
            return {"type": "array", "items": self.type_schema(inner, section)}
        if type_name in PRIMITIVES:
            return dict(JSON_PRIMITIVES[type_name])
        found = _resolve(self.catalog, section, type_name)
        if found is None:
            return {}  # an undocumented type name: any JSON value, as the checks accept
        owner, rep = found
        if rep.kind not in ("enum", "object"):
            return {}  # a primitive representation the checks do not know: nothing documented to check
        key = self.key(owner, rep.name)
        if key not in self.components:
            self.components[key] = {}  # reserve first: representations may refer to themselves
            self.components[key] = self._enum(rep) if rep.kind == "enum" else self._object(rep, owner, partial=False)
        return self.ref(owner, rep.name)

    def _enum(self, rep: Representation) -> JsonSchema:
        schema: JsonSchema = {"type": "string", "title": rep.name}
        if rep.values and rep.values_complete:
            schema["enum"] = list(rep.values)
        if rep.line:
            schema["description"] = f"o2g-rest-api-reference.txt L{rep.line}"
        return schema

    def _object(self, rep: Representation, section: str, *, partial: bool) -> JsonSchema:
        properties: dict[str, JsonSchema] = {}
        required: list[str] = []
        for f in rep.fields:
            if not applies(f.since, self.version):
                continue  # newer than this version: left out of its document
            schema = self._field(f, rep, section)
            if f.required and not partial:
                required.append(f.name)
            else:
                schema = _nullable(schema)
            properties[f.name] = {**schema, "x-since": f.since} if f.since else schema
        out: JsonSchema = {"type": "object", "title": rep.name, "properties": properties}
        if required:
            out["required"] = required
        if rep.line:
            out["description"] = f"o2g-rest-api-reference.txt L{rep.line}"
        return out

    def _field(self, f: Field, owner: Representation, section: str) -> JsonSchema:
        allowance = self._allowed.get((section, owner.name, f.name))
        cardinality = allowance.cardinality if allowance and allowance.cardinality else f.cardinality
        second = allowance_schema(allowance) if allowance else None
        if allowance and allowance.partial:
            found = _resolve(self.catalog, section, f.type)
            if found is not None and found[1].kind == "object":
                return self._object(found[1], found[0], partial=True)
        value = self.type_schema(f.type, section)
        if second is not None:
            value = {"anyOf": [value, second]}
        if cardinality.endswith("*]"):
            array: JsonSchema = {"type": "array", "items": value}
            if cardinality.startswith("[1"):
                array["minItems"] = 1
            return array
        return value

    def representation_schema(self, section: str, type_name: str) -> JsonSchema:
        """The schema of a body documented as `type_name` in `section` (a $ref for named representations)."""
        return self.type_schema(type_name, section)
