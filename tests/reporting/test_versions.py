"""The version model: product version to API version, `since` of sections, operations, events and fields."""

from __future__ import annotations

import pytest

from o2g_conformance.catalog import (
    BASELINE,
    LATEST,
    TIMELESS_SECTIONS,
    VERSIONS,
    ApiVersion,
    from_product_version,
    load_catalog,
    newest,
    versions_from,
)
from o2g_conformance.checks import schema_problems


@pytest.mark.parametrize(
    ("major", "minor", "expected"),
    [("2.7", "000.000", "2.7"), ("2.7", "001.003", "2.7.1"), ("2.7", "002.000", "2.7.2"), ("2.7", "004.000", "2.7.4")],
)
def test_product_version_gives_the_api_version(major: str, minor: str, expected: str) -> None:
    assert from_product_version(major, minor) == ApiVersion(expected)


def test_versions_compare_numerically() -> None:
    assert [str(v) for v in VERSIONS] == ["2.7", "2.7.1", "2.7.2", "2.7.3", "2.7.4"]
    assert ApiVersion("2.7.0") == ApiVersion("2.7") < ApiVersion("2.7.10")
    assert newest([None, "2.7.3", "2.7.1"]) == ApiVersion("2.7.3") and newest([]) == BASELINE
    assert versions_from("2.7.3") == (ApiVersion("2.7.3"), LATEST)
    with pytest.raises(ValueError, match="not an O2G version"):
        ApiVersion("2.7.x")


def test_an_operation_exists_from_the_newer_of_its_own_and_its_section_s_since() -> None:
    catalog = load_catalog()
    assert catalog.operation_since("sessions.session.get") == BASELINE
    assert catalog.operation_since("usermanagement.users.list") == ApiVersion("2.7.3")  # section User Management
    assert catalog.operation_since("acd.management.pilot.getadvanced") >= ApiVersion("2.7")
    section = catalog.section("Call Center Statistics")
    assert all(catalog.operation_since(op.id) == ApiVersion("2.7.4") for op in section.operations)
    assert all(catalog.event_since(e.name) == ApiVersion("2.7.4") for e in section.events)  # events say None


def test_authentication_applies_to_every_version() -> None:
    catalog = load_catalog()
    assert "Authentication" in TIMELESS_SECTIONS
    assert catalog.section("Authentication").since == "2.7.4"  # what the history says (L133) ...
    assert catalog.operation_since("authentication.authenticate.get") == BASELINE  # ... and the reading chosen
    assert "authentication.authenticate.get" in {op.id for op in catalog.applicable(BASELINE)}


def test_applicable_operations_grow_with_the_version() -> None:
    catalog = load_catalog()
    counts = [len(list(catalog.applicable(v))) for v in VERSIONS]
    assert counts == sorted(counts) and counts[-1] == len(list(catalog.operations()))
    assert "usermanagement.users.list" not in {op.id for op in catalog.applicable(ApiVersion("2.7.2"))}


def test_a_scenario_needs_the_newest_of_its_tags() -> None:
    catalog = load_catalog()
    needs = catalog.version_needs(ops=["usermanagement.users.list", "sessions.session.get"], since_tags=["2.7.4"])
    assert [(str(n.version), n.what) for n in needs] == [
        ("2.7.4", "needs API 2.7.4"),
        ("2.7.3", "usermanagement.users.list exists since API 2.7.3"),
    ]
    assert catalog.scenario_since(ops=["sessions.session.get"]) == BASELINE
    assert catalog.scenario_since(ops=["sessions.session.get"], events=["OnAgentRtiChanged"]) == ApiVersion("2.7.4")
    assert catalog.scenario_since(ops=["no.such.op"]) == BASELINE  # the coverage gate reports unknown ids


def test_fields_introduced_later_are_required_only_from_their_version() -> None:
    """SessionInfo.login is [0..1] since 2.7.4: never required; present on an older target it is reported."""
    body = {"admin": False, "timeToLive": 1800, "privateBaseUrl": "https://o2g/api/rest/1.0", "services": []}
    for version in VERSIONS:
        assert schema_problems(body, "Session management", "SessionInfo", version) == []
    with_login = body | {"login": "oxe70120"}
    assert schema_problems(with_login, "Session management", "SessionInfo", LATEST) == []
    older = schema_problems(with_login, "Session management", "SessionInfo", ApiVersion("2.7.3"), strict=True)
    assert any("login" in str(p) and "2.7.4" in str(p) for p in older)
    missing = schema_problems({"admin": False}, "Session management", "SessionInfo", BASELINE)
    assert any("privateBaseUrl" in str(p) for p in missing)
