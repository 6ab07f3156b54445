"""Schema validation against documented representations: types, enums, cardinalities, versions, allowances."""

from __future__ import annotations

import collections
import re
from typing import Any

import pytest

from o2g_conformance.catalog import ApiVersion, Field, Representation, load_catalog
from o2g_conformance.checks import (
    ALLOWANCES,
    PRIMITIVES,
    HarnessError,
    NonConformance,
    representation_problems,
    schema_problems,
    validate,
)

V272, V273, V274 = ApiVersion("2.7.2"), ApiVersion("2.7.3"), ApiVersion("2.7.4")


def messages(value: object, section: str, type_name: str, target: ApiVersion = V274, **kw: Any) -> list[str]:
    return [str(p) for p in schema_problems(value, section, type_name, target, **kw)]


def _handled(type_name: str) -> bool:
    catalog = load_catalog()
    parts = [p.strip() for p in type_name.split("|")]
    for part in parts:
        part = part[:-2] if part.endswith("[]") else part
        m = re.match(r"^(?:List|Set|Collection)<(.+)>$", part)
        part = m.group(1) if m else part
        if part not in PRIMITIVES and not any(part in s.representations for s in catalog.sections):
            return False
    return True


def test_every_field_type_of_the_catalog_is_handled_deliberately() -> None:
    catalog = load_catalog()
    types = collections.Counter(f.type for s in catalog.sections for r in s.representations.values() for f in r.fields)
    types.update(f.type for e in catalog.events() for f in e.fields)
    print(types.most_common())  # shown with -s: the type names the extraction uses
    assert {t for t in types if not _handled(t)} == set()
    assert "string | Criterion[]" in types  # the one union, handled by the type grammar


def test_allowances_name_existing_fields() -> None:
    catalog = load_catalog()
    for a in ALLOWANCES:
        owner = catalog.section(a.section).representations.get(a.owner)
        fields = owner.fields if owner else next(e.fields for e in catalog.events() if e.name == a.owner)
        assert any(f.name == a.field for f in fields), a
        assert a.lines.startswith("L")


@pytest.mark.parametrize(
    ("fixture", "section", "type_name"),
    [
        ("session_user", "Session management", "SessionInfo"),
        ("session_admin", "Session management", "SessionInfo"),
        ("root_descriptor", "Introduction", "RoxeRestApiDescriptor"),
        ("subscription", "Subscription management", "Subscription"),
        ("system_status", "Maintenance", "SystemStatus"),
        ("error_server_problem", "Introduction", "RestErrorInfo"),
    ],
)
def test_reference_examples_conform(fixture: str, section: str, type_name: str, request: pytest.FixtureRequest) -> None:
    assert messages(request.getfixturevalue(fixture), section, type_name) == []


def test_missing_required_field_is_reported_with_its_path(session_user: dict[str, Any]) -> None:
    del session_user["services"][2]["relativeUrl"]
    assert messages(session_user, "Session management", "SessionInfo") == [
        "services[2].relativeUrl: required field [1] of Service is missing"
    ]


def test_required_null_is_missing_but_optional_null_is_absent(session_user: dict[str, Any]) -> None:
    session_user["privateBaseUrl"] = None
    session_user["publicBaseUrl"] = None
    assert messages(session_user, "Session management", "SessionInfo") == [
        "privateBaseUrl: required field [1] of SessionInfo is null"
    ]


def test_every_problem_is_collected_and_raised_once(session_user: dict[str, Any]) -> None:
    session_user["timeToLive"] = True
    session_user["services"][0]["serviceName"] = 7
    del session_user["privateBaseUrl"]
    with pytest.raises(NonConformance) as info:
        validate(session_user, "Session management", "SessionInfo", V274, op_id="sessions.session.open")
    exc = info.value
    assert exc.line == 1037 and exc.op_id == "sessions.session.open"
    assert len(exc.problems) == 3
    text = str(exc)
    assert "timeToLive: expected an integer (int), received boolean true" in text
    assert "services[0].serviceName: expected a string, received number 7" in text
    assert "privateBaseUrl: required field [1] of SessionInfo is missing" in text


@pytest.mark.parametrize(
    ("type_name", "good", "bad", "expected"),
    [
        ("string", "x", 1, "expected a string"),
        ("int", 1800, "1800", "expected an integer (int)"),
        ("int", -(2**31), 2**31, "expected an integer in [-2147483648, 2147483647] (int)"),
        ("int", 0, True, "received boolean true"),
        ("int", 3, 3.5, "received number 3.5"),
        ("long", 2**40, "1", "expected an integer (long)"),
        ("nonNegativeInteger", 0, -1, "expected an integer in [0, ...]"),
        ("boolean", False, "false", "expected a boolean"),
        ("boolean", True, 1, "expected a boolean"),
        ("float", 1.5, "1.5", "expected a number"),
        ("double", 2, None, "received null"),
        ("dateTime", "2013-05-16T18:17:15.489Z", "2013-05-16", "ISO 8601 dateTime"),
        ("dateTime", "2023-08-07T14:13:36Z", "yesterday", "ISO 8601 dateTime"),
        ("Date", "2018-12-07", 20181207, "expected a string"),
        ("string[]", ["a"], ["a", 2], "[1]: expected a string"),
        ("List<int>", [1, 2], [1, "2"], "[1]: expected an integer"),
    ],
)
def test_primitive_types(type_name: str, good: object, bad: object, expected: str) -> None:
    assert messages(good, "Introduction", type_name) == []
    problems = messages(bad, "Introduction", type_name)
    assert len(problems) == 1 and expected in problems[0], problems


def test_unknown_type_name_accepts_any_json() -> None:
    shape = Representation("Thing", "object", fields=(Field("x", "Mystery", "[1]", None),))
    assert representation_problems({"x": [1, {"a": None}]}, shape, "Introduction", V274) == []
    assert [str(p) for p in representation_problems({}, shape, "Introduction", V274)] == [
        "x: required field [1] of Thing is missing"
    ]


def test_wrong_enum_value(subscription: dict[str, Any]) -> None:
    subscription["status"] = "OK"
    (problem,) = messages(subscription, "Subscription management", "Subscription")
    assert problem.startswith("status: 'OK' is not a documented SubscriptionState value (L2412)")
    assert "ACCEPTED" in problem


def test_enum_value_must_be_a_string(subscription: dict[str, Any]) -> None:
    subscription["status"] = 1
    assert messages(subscription, "Subscription management", "Subscription") == [
        "status: expected a SubscriptionState value (a string), received number 1"
    ]


def test_incomplete_enum_accepts_other_values() -> None:
    # HttpStatus lists only some values and ends in '...' (L377): values_complete is false.
    assert messages("I_AM_A_TEAPOT", "Introduction", "HttpStatus") == []


def test_many_cardinality_needs_an_array(session_user: dict[str, Any]) -> None:
    session_user["services"] = session_user["services"][0]
    assert messages(session_user, "Session management", "SessionInfo") == [
        "services: expected an array of Service ([0..*]), received object"
    ]


def test_one_or_more_cardinality_refuses_an_empty_array(root_descriptor: dict[str, Any]) -> None:
    root_descriptor["versions"] = []
    assert messages(root_descriptor, "Introduction", "RoxeRestApiDescriptor") == [
        "versions: documented [1..*] (at least one Version), received an empty array"
    ]


def test_nested_object_must_be_an_object(root_descriptor: dict[str, Any]) -> None:
    root_descriptor["serverInfo"] = "O2G"
    del root_descriptor["versions"][0]["status"]
    assert messages(root_descriptor, "Introduction", "RoxeRestApiDescriptor") == [
        "serverInfo: expected a ServerInfo object, received string 'O2G'",
        "versions[0].status: required field [1] of Version is missing",
    ]


def test_unknown_fields_are_tolerated_unless_strict(subscription: dict[str, Any]) -> None:
    assert messages(subscription, "Subscription management", "Subscription") == []
    assert messages(subscription, "Subscription management", "Subscription", strict=True) == [
        "mode: field not documented in Subscription",
        "format: field not documented in Subscription",
    ]


def test_newer_required_field_is_not_required_on_an_older_target(system_status: dict[str, Any]) -> None:
    del system_status["pbxs"][0]["drLinks"][0]["initiator"]  # [1] since 2.7.3 (L8883)
    assert messages(system_status, "Maintenance", "SystemStatus", V272) == []


def test_newer_required_field_is_required_from_its_version_on(system_status: dict[str, Any]) -> None:
    del system_status["pbxs"][0]["drLinks"][0]["initiator"]
    expected = ["pbxs[0].drLinks[0].initiator: required field [1] (since 2.7.3) of DRLink is missing"]
    assert messages(system_status, "Maintenance", "SystemStatus", V273) == expected
    assert messages(system_status, "Maintenance", "SystemStatus", V274) == expected


def test_newer_field_present_on_older_target_is_allowed_but_still_typed(session_user: dict[str, Any]) -> None:
    session_user["login"] = "oxe70020"  # since 2.7.4
    assert messages(session_user, "Session management", "SessionInfo", V273) == []
    assert messages(session_user, "Session management", "SessionInfo", V273, strict=True) == [
        "login: field of SessionInfo introduced in 2.7.4, not documented for 2.7.3"
    ]
    session_user["login"] = 70020
    assert messages(session_user, "Session management", "SessionInfo", V273) == [
        "login: expected a string, received number 70020"
    ]


def test_nested_types_resolve_in_the_owning_section_first() -> None:
    party = {"id": {"loginName": "oxe1", "multiLine": True}}
    # Call control's Identifier has multiLine (since 2.7.3); Communication log's has not.
    assert messages(party, "Call control", "PartyInfo", strict=True) == []
    assert messages(party, "Communication log", "PartyInfo", strict=True) == [
        "id.multiLine: field not documented in Identifier"
    ]


def test_type_found_in_another_section_resolves_its_fields_there() -> None:
    # RestErrorInfo lives in Introduction; its TelephonyErrorType enum too.
    body = {"telephony": {"errorType": "NOPE"}}
    (problem,) = messages(body, "Call control", "RestErrorInfo")
    assert problem.startswith("telephony.errorType: 'NOPE' is not a documented TelephonyErrorType value")


def test_union_type() -> None:
    criterion: dict[str, Any] = {
        "operation": "AND",
        "operand": [{"field": "lastName", "operation": "BEGIN_WITH", "operand": "L"}],
    }
    assert messages(criterion, "Directory search", "Criterion") == []
    criterion["operand"][0]["operand"] = 3
    assert messages(criterion, "Directory search", "Criterion") == [
        "operand[0].operand: expected one of string | Criterion[], received number 3"
    ]
    criterion["operand"][0]["operation"] = "LIKE"
    (problem, _) = messages(criterion, "Directory search", "Criterion")
    assert problem.startswith("operand[0].operation: 'LIKE' is not a documented Operation value")
    criterion["operand"] = {"field": "lastName"}
    assert messages(criterion, "Directory search", "Criterion") == [
        "operand: expected one of string | Criterion[], received object"
    ]


def test_allowance_time_to_live_as_decimal_string_only(session_admin: dict[str, Any]) -> None:
    assert messages(session_admin, "Session management", "SessionInfo") == []
    session_admin["timeToLive"] = "thirty minutes"
    assert messages(session_admin, "Session management", "SessionInfo") == [
        "timeToLive: expected an integer (int), received string 'thirty minutes'"
    ]
    session_admin["timeToLive"] = "1800"
    session_admin["otherSessions"][0]["timeToLive"] = "1426"  # UserSession: no allowance
    assert messages(session_admin, "Session management", "SessionInfo") == [
        "otherSessions[0].timeToLive: expected an integer (int), received string '1426'"
    ]


def test_allowance_custo_features_items(root_descriptor: dict[str, Any]) -> None:
    root_descriptor["custoFeatures"].append("PLAIN_STRING_FEATURE")
    assert messages(root_descriptor, "Introduction", "RoxeRestApiDescriptor") == []
    root_descriptor["custoFeatures"].append(5)
    assert messages(root_descriptor, "Introduction", "RoxeRestApiDescriptor") == [
        "custoFeatures[2]: expected a string, received number 5"
    ]


def test_allowance_hunting_group_logon() -> None:
    assert messages({"logon": "true"}, "Call control", "HuntingGroupStatus") == []
    assert messages({"logon": True}, "Call control", "HuntingGroupStatus") == []
    assert messages({"logon": "yes"}, "Call control", "HuntingGroupStatus") == [
        "logon: expected a boolean, received string 'yes'"
    ]


def test_allowance_cardinality_from_example() -> None:
    scope = {"agents": [{"number": "1"}, {"number": "2"}], "supervisor": {"identifier": "3"}}
    assert messages(scope, "Call Center Statistics", "StatsScope") == []
    scope["agents"] = {"number": "1"}
    (problem,) = messages(scope, "Call Center Statistics", "StatsScope")
    assert problem.startswith("agents: expected an array of SupervisedData ([0..*])")


def test_unknown_section_is_a_harness_error() -> None:
    with pytest.raises(HarnessError, match="unknown section 'Nowhere'"):
        schema_problems({}, "Nowhere", "SessionInfo", V274)


def test_section_slug_is_accepted(session_user: dict[str, Any]) -> None:
    assert messages(session_user, "session_management", "SessionInfo") == []
