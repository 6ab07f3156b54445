"""The OpenAPI schemas and the checks are two judges of one source: they accept and refuse the same values.

Every object representation of the 2.7.4 document is sampled from the catalog (all its fields), then
mutated field by field (required field removed, wrong type, undocumented enum value, empty [1..*] list,
optional field null, unknown field added); the JSON Schema (jsonschema, Draft 2020-12) and
`checks.schema_problems` must give the same verdict on every value.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from o2g_conformance.catalog import LATEST, ApiVersion, Field, Representation, applies, load_catalog
from o2g_conformance.checks import ALLOWANCES, PRIMITIVES, schema_problems
from o2g_conformance.checks._schema import _resolve
from o2g_conformance.openapi import JSON_PRIMITIVES, SchemaBuilder, allowance_schema

_SAMPLES: dict[str, object] = {
    "string": "x",
    "String": "x",
    "int": 7,
    "integer": 7,
    "Integer": 7,
    "long": 2**40,
    "Long": 2**40,
    "nonNegativeInteger": 3,
    "boolean": True,
    "Boolean": False,
    "float": 1.5,
    "double": 1.5,
    "number": 2,
    "dateTime": "2013-05-16T18:17:15.489Z",
    "Date": "2013-05-16",
    "date": "2013-05-16",
    "object": {"a": 1},
    "Object": {"a": 1},
    "any": [1, "x"],
}
#: Values probed against every primitive; 1.0 is left out on purpose: JSON Schema counts a number with a
#: zero fraction as an integer, Python's JSON reader (and so the checks) as a float.
_PROBES: tuple[object, ...] = (
    0,
    -1,
    7,
    2**31,
    -(2**31) - 1,
    2**63,
    1.5,
    True,
    "x",
    "123",
    "",
    None,
    [],
    {},
    "2013-05-16T18:17:15.489Z",
    "2013-05-16T18:17:15+02:00",
    "2013-05-16T18:17",
    "2013-05-16",
    "yesterday",
    "2013-05-16 18:17:15",
)


class Judges:
    """The two judges of one API version: the document's JSON Schemas and the checks."""

    def __init__(self, version: ApiVersion) -> None:
        self.version = version
        self.builder = SchemaBuilder(load_catalog(), version)

    def schema_accepts(self, value: object, section: str, type_name: str) -> bool:
        ref = self.builder.type_schema(type_name, section)
        root = {**ref, "components": {"schemas": self.builder.components}}
        return bool(Draft202012Validator(root).is_valid(value))

    def checks_accept(self, value: object, section: str, type_name: str) -> bool:
        return not schema_problems(value, section, type_name, self.version)

    def verdicts(self, value: object, section: str, type_name: str) -> tuple[bool, bool]:
        return self.schema_accepts(value, section, type_name), self.checks_accept(value, section, type_name)


def _sample(type_name: str, section: str, depth: int = 0) -> object:
    """A value of a type expression with every field filled (optional fields left out below depth 3)."""
    type_name = type_name.strip()
    if "|" in type_name:
        return _sample(type_name.split("|")[0], section, depth)
    if type_name.endswith("[]"):
        return [_sample(type_name[:-2], section, depth + 1)]
    if type_name in PRIMITIVES:
        return copy.deepcopy(_SAMPLES[type_name])
    found = _resolve(load_catalog(), section, type_name)
    if found is None:
        return "anything"
    owner, rep = found
    if rep.kind == "enum":
        return rep.values[0] if rep.values else "VALUE"
    if rep.kind != "object":
        return "x"
    return {f.name: _field_sample(f, rep.name, owner, depth) for f in rep.fields if f.required or depth < 3}


_CARDINALITY = {(a.section, a.owner, a.field): a.cardinality for a in ALLOWANCES if a.cardinality}


def _field_sample(f: Field, owner: str, section: str, depth: int) -> object:
    value = _sample(f.type, section, depth + 1)
    cardinality = _CARDINALITY.get((section, owner, f.name), f.cardinality)
    return [value] if cardinality.endswith("*]") else value


def _wrong(f: Field, section: str) -> object:
    """A value of the wrong kind for a field."""
    if f.cardinality.endswith("*]"):
        return "not a list"
    found = _resolve(load_catalog(), section, f.type)
    if found and found[1].kind == "enum" and found[1].values and found[1].values_complete:
        return "NOT_A_DOCUMENTED_VALUE"
    if f.type in ("string", "String", "Date", "date", "dateTime") or (found and found[1].kind == "enum"):
        return 12345
    if f.type in ("object", "Object", "any"):
        return None  # anything goes: null then exercises the required rule
    return "a string" if f.type != "boolean" else "maybe"


def _representations(version: ApiVersion) -> Iterator[tuple[str, Representation]]:
    for section in load_catalog().sections:
        for rep in section.representations.values():
            if rep.kind == "object" and rep.fields:
                yield section.name, rep


def _mutations(section: str, rep: Representation, version: ApiVersion) -> Iterator[tuple[str, object]]:
    base = _sample(rep.name, section)
    assert isinstance(base, dict)
    yield "sample", base
    yield "unknown field", {**base, "someUndocumentedField": 1}
    yield "not an object", [base]
    for f in rep.fields:
        if not applies(f.since, version):
            continue
        without = {k: v for k, v in base.items() if k != f.name}
        yield f"{f.name} absent", without
        yield f"{f.name} null", {**base, f.name: None}
        yield f"{f.name} wrong", {**base, f.name: _wrong(f, section)}
        if f.cardinality.endswith("*]"):
            yield f"{f.name} empty list", {**base, f.name: []}


@pytest.fixture(scope="module")
def judges() -> Judges:
    return Judges(LATEST)


def test_primitive_tables_have_the_same_names() -> None:
    assert set(JSON_PRIMITIVES) == set(PRIMITIVES)


@pytest.mark.parametrize("name", sorted(PRIMITIVES))
def test_primitives_agree(name: str) -> None:
    validator = Draft202012Validator(dict(JSON_PRIMITIVES[name]))
    for value in _PROBES:
        assert validator.is_valid(value) == (PRIMITIVES[name](value) is None), (name, value)


@pytest.mark.parametrize("allowance", ALLOWANCES, ids=lambda a: f"{a.owner}.{a.field}")
def test_allowances_agree(allowance: Any) -> None:
    schema = allowance_schema(allowance)
    if allowance.accepts is None:
        assert schema is None
        return
    assert schema is not None
    validator = Draft202012Validator(schema)
    for value in (*_PROBES, "true", "false", "1800", [{"a": True}], {"a": True}, {"a": "yes"}):
        assert validator.is_valid(value) == bool(allowance.accepts(value)), (allowance.field, value)


@pytest.mark.parametrize("version", ["2.7", "2.7.4"])
def test_every_representation_mutation_gets_the_same_verdict(version: str) -> None:
    # An older document leaves newer fields out; the checks still judge their shape when present (a
    # wrong shape is wrong in any version), so the mutations touch only the fields of `version`.
    judges = Judges(ApiVersion(version))
    disagreements: list[str] = []
    accepted = refused = 0
    for section, rep in _representations(judges.version):
        for what, value in _mutations(section, rep, judges.version):
            by_schema, by_checks = judges.verdicts(value, section, rep.name)
            if by_schema != by_checks:
                disagreements.append(f"{section}/{rep.name} {what}: schema {by_schema}, checks {by_checks}")
            accepted += by_checks
            refused += not by_checks
    assert not disagreements, "\n".join(disagreements[:40]) + f"\n({len(disagreements)} in all)"
    assert accepted > 1000 and refused > 500, (accepted, refused)


def test_the_sample_of_every_representation_is_accepted(judges: Judges) -> None:
    refused = [
        f"{section}/{rep.name}"
        for section, rep in _representations(judges.version)
        if judges.verdicts(_sample(rep.name, section), section, rep.name) != (True, True)
    ]
    assert not refused


def test_a_wrong_answer_is_refused_by_both(judges: Judges) -> None:
    # SessionInfo: privateBaseUrl [1] (L1037ff); timeToLive int or a decimal string (allowance L1042 vs L843).
    good = {"privateBaseUrl": "https://o2g/api/rest/1.0", "timeToLive": "1800"}
    assert judges.verdicts(good, "Session management", "SessionInfo") == (True, True)
    for bad in ({"timeToLive": 1800}, {**good, "timeToLive": "soon"}, {**good, "services": {}}):
        assert judges.verdicts(bad, "Session management", "SessionInfo") == (False, False), bad


def test_fields_newer_than_the_version_are_left_out() -> None:
    catalog = load_catalog()
    newer = [
        (section.name, rep, f)
        for section in catalog.sections
        for rep in section.representations.values()
        for f in rep.fields
        if f.since and not applies(f.since, ApiVersion("2.7"))
    ]
    assert newer, "the catalog has fields added after 2.7"
    old, new = SchemaBuilder(catalog, ApiVersion("2.7")), SchemaBuilder(catalog, LATEST)
    for section, rep, f in newer:
        old.type_schema(rep.name, section)
        new.type_schema(rep.name, section)
        key = old.key(section, rep.name)
        assert f.name not in old.components[key]["properties"], (rep.name, f.name)
        assert new.components[key]["properties"][f.name]["x-since"] == f.since


def test_every_enum_gets_the_same_verdict(judges: Judges) -> None:
    disagreements = []
    count = 0
    for section in load_catalog().sections:
        for rep in section.representations.values():
            if rep.kind != "enum":
                continue
            probes: list[object] = [*rep.values[:3], "NOT_A_DOCUMENTED_VALUE", 3, None, ["X"]]
            for value in probes:
                count += 1
                by_schema, by_checks = judges.verdicts(value, section.name, rep.name)
                if by_schema != by_checks:
                    disagreements.append(f"{section.name}/{rep.name} {value!r}: schema {by_schema}, checks {by_checks}")
    assert count > 300 and not disagreements, disagreements[:20]


def test_type_expressions_get_the_same_verdict(judges: Judges) -> None:
    # Directory search's one union type, arrays in both spellings, an undocumented name (any value).
    cases = [
        ("string | Criterion[]", "Directory search", ["x", [], [{"field": "LASTNAME"}], 3, [3]]),
        ("int[]", "Introduction", [[1, 2], [], ["1"], 1]),
        ("List<boolean>", "Introduction", [[True], [1], "true"]),
        ("NoSuchRepresentation", "Introduction", [1, "x", None, {}]),
    ]
    for type_name, section, values in cases:
        for value in values:
            by_schema, by_checks = judges.verdicts(value, section, type_name)
            assert by_schema == by_checks, (type_name, value, by_schema, by_checks)


def _error_probes(status: int, row: dict[str, Any], names: tuple[str, ...]) -> Iterator[tuple[str, object, bool]]:
    """(what, body, expected verdict) for an error answer of `status` built on one row of the error table."""
    good = {
        "httpStatus": names[0],
        "code": row["code"],
        "helpMessage": row["helpMessage"],
        "type": row["type"],
        "innerMessage": "x",
        "canRetry": row["canRetry"],
    }
    yield "good", good, True
    yield "help message spread over lines", {**good, "helpMessage": "  " + row["helpMessage"].replace(" ", "\n ")}, True
    yield "no helpMessage nor canRetry", {k: v for k, v in good.items() if k not in ("helpMessage", "canRetry")}, True
    yield "null helpMessage", {**good, "helpMessage": None}, True
    yield "undocumented field", {**good, "server": "x"}, True
    yield "other help message", {**good, "helpMessage": "Something else."}, False
    yield "canRetry flipped", {**good, "canRetry": not row["canRetry"]}, False
    yield "httpStatus of another status", {**good, "httpStatus": "I_AM_A_TEAPOT"}, False
    yield "httpStatus as a number", {**good, "httpStatus": status}, False
    yield "no httpStatus", {k: v for k, v in good.items() if k != "httpStatus"}, False
    yield "no type", {k: v for k, v in good.items() if k != "type"}, False
    yield "no code", {k: v for k, v in good.items() if k != "code"}, False
    yield "code of another type", {**good, "code": 1000 if row["code"] != 1000 else 1001}, False
    yield "undocumented type", {**good, "type": "OOPS"}, False
    yield "innerMessage a number", {**good, "innerMessage": 3}, False
    yield "telephony detail with an undocumented errorType", {**good, "telephony": {"errorType": "NOPE"}}, False
    yield "not an object", [good], False


@pytest.mark.parametrize("status", [400, 403, 404, 409, 500, 503])
def test_error_answers_get_the_same_verdict(status: int) -> None:
    from o2g_conformance.checks import NonConformance, check_error_body, status_names
    from o2g_conformance.openapi import build_document

    schemas = build_document(LATEST)["components"]["schemas"]
    validator = Draft202012Validator(
        {"$ref": f"#/components/schemas/Error{status}", "components": {"schemas": schemas}}
    )
    for row in load_catalog().error_table().values():
        for what, body, expected in _error_probes(status, row, status_names(status)):
            try:
                check_error_body(body, status)
                by_checks = True
            except NonConformance:
                by_checks = False
            assert (validator.is_valid(body), by_checks) == (expected, expected), (status, row["type"], what)
