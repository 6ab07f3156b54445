"""The packaged catalog: counts, unique ids, routing by (method, path), versions and applicability."""

from __future__ import annotations

import collections

import pytest

from o2g_conformance.catalog import VERSIONS, ApiVersion, applies, from_product_version, is_operation_id, load_catalog


@pytest.fixture(scope="module")
def catalog():  # type: ignore[no-untyped-def]
    return load_catalog()


def test_counts_are_those_of_the_reference(catalog) -> None:  # type: ignore[no-untyped-def]
    assert len(catalog.sections) == 21
    assert len(list(catalog.operations())) == 208
    assert len(list(catalog.events())) == 40


def test_operation_ids_are_unique_and_well_formed(catalog) -> None:  # type: ignore[no-untyped-def]
    ids = [op.id for op in catalog.operations()]
    duplicates = [i for i, n in collections.Counter(ids).items() if n > 1]
    assert duplicates == []
    assert all(is_operation_id(i) for i in ids)


def test_method_and_path_template_identify_one_operation(catalog) -> None:  # type: ignore[no-untyped-def]
    keys = collections.Counter((op.method, op.url_path) for op in catalog.operations())
    assert [k for k, n in keys.items() if n > 1] == []


def test_every_operation_is_found_by_its_own_rendered_path(catalog) -> None:  # type: ignore[no-untyped-def]
    for op in catalog.operations():
        params = {name: ("Subscriber/1" if name == "objectNameobjectId" else "x1") for name in op.path_params}
        if "objectName" in params and "/instances/" in op.path:
            params["objectName"] = "Subscriber"
        matched = catalog.match(op.method, op.render_path(params))
        assert matched is not None and matched[0].id == op.id, op.id


@pytest.mark.parametrize(
    ("method", "path", "op_id", "params"),
    [
        ("GET", "/api/rest", "root.descriptor.get", {}),
        ("GET", "/api/rest/authenticate", "authentication.authenticate.get", {}),
        ("POST", "/api/rest/1.0/telephony/calls/ab12/hold", "telephony.calls.hold", {"callRef": "ab12"}),
        (
            "GET",
            "/api/rest/1.0/pbxs/7/instances/Subscriber/70120",
            "pbx.instances.object.get",
            {"nodeId": "7", "objectNameobjectId": "Subscriber/70120"},
        ),
        (
            "GET",
            "/api/rest/1.0/pbxs/7/instances/Subscriber/70120/Subscriber_Alias",
            "pbx.instances.list",
            {"nodeId": "7", "objectName": "Subscriber/70120/Subscriber_Alias"},
        ),
        (
            "GET",
            "/api/rest/1.0/pbxs/7/model/Subscriber",
            "pbx.model.object.get",
            {"nodeId": "7", "objectName": "Subscriber"},
        ),
    ],
)
def test_match(catalog, method: str, path: str, op_id: str, params: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    matched = catalog.match(method, path)
    assert matched is not None
    assert (matched[0].id, matched[1]) == (op_id, params)


def test_unknown_paths_and_methods(catalog) -> None:  # type: ignore[no-untyped-def]
    assert catalog.match("GET", "/api/rest/1.0/nothing") is None
    assert catalog.match("PATCH", "/api/rest/1.0/sessions") is None
    assert catalog.methods_for("/api/rest/1.0/sessions") == {"GET", "POST", "DELETE"}


def test_render_path_quotes_single_segments_and_needs_every_parameter(catalog) -> None:  # type: ignore[no-untyped-def]
    hold = catalog.operation("telephony.calls.hold")
    assert hold.render_path({"callRef": "a/b c"}) == "/api/rest/1.0/telephony/calls/a%2Fb%20c/hold"
    with pytest.raises(KeyError, match="callRef"):
        hold.render_path({})


def test_unknown_operation_names_the_id(catalog) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(KeyError, match=r"no\.such\.op"):
        catalog.operation("no.such.op")


def test_sections_and_event_packages(catalog) -> None:  # type: ignore[no-untyped-def]
    assert [op.id for op in catalog.section("Session management").operations] == [
        "sessions.session.get",
        "sessions.session.open",
        "sessions.session.close",
        "sessions.keepalive.post",
    ]
    assert set(catalog.packages()["telephony"]) == {
        "OnCallCreated",
        "OnCallModified",
        "OnCallRemoved",
        "OnUserStateModified",
        "OnDeviceStateModified",
        "OnTelephonyState",
        "OnDynamicStateChanged",
    }
    assert catalog.event("OnCallCreated").package == "telephony"


def test_error_table_is_the_reference_table(catalog) -> None:  # type: ignore[no-untyped-def]
    table = catalog.error_table()
    assert {t: r["code"] for t, r in table.items()} == {
        "NOT_READY": 1000,
        "INVALID_SESSION": 1001,
        "NOT_ALLOWED": 1002,
        "NOT_FOUND": 1003,
        "NOT_EXPECTED": 1004,
        "NOT_SUPPORTED": 1005,
        "BAD_PARAMETER": 1006,
        "SERVER_PROBLEM": 1007,
    }


def test_versions_and_since(catalog) -> None:  # type: ignore[no-untyped-def]
    assert [str(v) for v in VERSIONS] == ["2.7", "2.7.1", "2.7.2", "2.7.3", "2.7.4"]
    assert ApiVersion("2.7") == ApiVersion("2.7.0") < ApiVersion("2.7.1") < ApiVersion("2.7.4")
    assert applies(None, ApiVersion("2.7")) and applies("2.7.3", ApiVersion("2.7.4"))
    assert not applies("2.7.3", ApiVersion("2.7.2"))
    assert from_product_version("2.7", "004.002") == ApiVersion("2.7.4")
    assert from_product_version("2.7", "000.000") == ApiVersion("2.7")
    assert catalog.operation("usermanagement.users.list").since == "2.7.3"
    since = collections.Counter(op.since for op in catalog.operations())
    assert since == {None: 152, "2.7.4": 33, "2.7": 16, "2.7.3": 5, "2.7.2": 2}


@pytest.mark.parametrize("text", ["", "2", "2.x", "v2.7", "2.7.4.1.0"])
def test_a_bad_version_is_refused_naming_the_form(text: str) -> None:
    with pytest.raises(ValueError, match="expected digits separated by dots"):
        ApiVersion(text)
