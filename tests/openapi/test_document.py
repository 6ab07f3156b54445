"""The generated OpenAPI document: valid OpenAPI 3.1, one operation per catalog operation, per-version content."""

from __future__ import annotations

import copy
import json
import pathlib
import re
from typing import Any

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from o2g_conformance.catalog import LATEST, VERSIONS, ApiVersion, load_catalog
from o2g_conformance.cli import main
from o2g_conformance.openapi import build_document
from o2g_conformance.openapi._document import reference_line

_METHODS = ("get", "put", "post", "delete", "patch")


def _operations(doc: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    return {
        op["operationId"]: (path, method, op)
        for path, item in doc["paths"].items()
        for method, op in item.items()
        if method in _METHODS
    }


@pytest.fixture(scope="module")
def latest() -> dict[str, Any]:
    return build_document(LATEST)


def test_the_2_7_4_document_has_208_operations_named_by_catalog_id(latest: dict[str, Any]) -> None:
    ops = _operations(latest)
    assert len(ops) == 208
    assert set(ops) == {op.id for op in load_catalog().operations()}
    assert latest["openapi"] == "3.1.0" and latest["info"]["version"] == "2.7.4"


@pytest.mark.parametrize("version", [str(v) for v in VERSIONS])
def test_every_version_validates(version: str) -> None:
    doc = build_document(version)
    validate(doc)
    expected = {op.id for op in load_catalog().applicable(ApiVersion(version))}
    assert set(_operations(doc)) == expected


def _break_type(doc: dict[str, Any]) -> None:
    get = doc["paths"]["/api/rest/1.0/sessions"]["get"]
    get["responses"]["200"]["content"]["application/json"]["schema"] = {"type": "strin"}


def _duplicate_id(doc: dict[str, Any]) -> None:
    item = doc["paths"]["/api/rest/1.0/sessions"]
    item["get"]["operationId"] = item["post"]["operationId"]


def _drop_path_parameter(doc: dict[str, Any]) -> None:
    for op in doc["paths"]["/api/rest/1.0/telephony/calls/{callRef}"].values():
        op.pop("parameters", None)


def _drop_description(doc: dict[str, Any]) -> None:
    del doc["paths"]["/api/rest/1.0/sessions"]["get"]["responses"]["200"]["description"]


@pytest.mark.parametrize("breakage", [_break_type, _duplicate_id, _drop_path_parameter, _drop_description])
def test_the_validator_refuses_a_broken_document(latest: dict[str, Any], breakage: Any) -> None:
    broken = copy.deepcopy(latest)
    breakage(broken)
    with pytest.raises(OpenAPIValidationError):
        validate(broken)


def test_operations_carry_the_catalog_facts(latest: dict[str, Any]) -> None:
    catalog = load_catalog()
    ops = _operations(latest)
    for op in catalog.operations():
        path, method, entry = ops[op.id]
        assert (path, method.upper()) == (op.url_path, op.method)
        assert entry["tags"] == [op.section]
        assert f"o2g-rest-api-reference.txt L{reference_line(op)}" in entry["description"], op.id
        assert entry["x-since"] == str(catalog.operation_since(op.id))
        assert entry["x-licence"] == {"capex": op.licences.capex, "opex": op.licences.opex}
        assert set(entry["responses"]) == {str(r.code) for r in op.responses}
        params = {(p["in"], p["name"]) for p in entry.get("parameters", [])}
        assert params == {("path", n) for n in op.path_params} | {("query", q.name) for q in op.query_params}
        assert ("requestBody" in entry) == bool(op.body)
        for code, response in entry["responses"].items():
            if int(code) >= 400:
                assert response["content"]["application/json"]["schema"] == {
                    "$ref": f"#/components/schemas/Error{code}"
                }


def test_every_operation_has_a_reference_line() -> None:
    assert all(isinstance(reference_line(op), int) for op in load_catalog().operations())


def test_query_parameters_have_their_documented_types(latest: dict[str, Any]) -> None:
    ops = _operations(latest)
    top = next(p for p in ops["analytics.charging.get"][2]["parameters"] if p["name"] == "top")
    assert top["schema"]["type"] == "integer" and top["required"] is False
    node = next(p for p in ops["analytics.charging.get"][2]["parameters"] if p["name"] == "nodeId")
    assert node["schema"] == {"type": "string"} and node["required"] is True
    flag = next(p for p in ops["users.logins.list"][2]["parameters"] if p["name"] == "onlyACD")
    assert flag["schema"] == {"type": "boolean"}
    (version,) = ops["authentication.authenticate.get"][2]["parameters"]
    assert version["schema"] == {"type": "string", "enum": ["1.0"]} and version["required"] is True


def test_security_basic_on_authenticate_cookie_elsewhere(latest: dict[str, Any]) -> None:
    schemes = latest["components"]["securitySchemes"]
    assert schemes["basicAuth"] == {**schemes["basicAuth"], "type": "http", "scheme": "basic"}
    assert (schemes["AlcUserId"]["in"], schemes["AlcUserId"]["name"]) == ("cookie", "AlcUserId")
    assert latest["security"] == [{"AlcUserId": []}]
    ops = _operations(latest)
    assert ops["authentication.authenticate.get"][2]["security"] == [{"basicAuth": []}]
    assert ops["root.descriptor.get"][2]["security"] == []
    assert all(
        "security" not in op for i, (_, _, op) in ops.items() if i.split(".")[0] not in ("root", "authentication")
    )


def test_tags_are_the_sections(latest: dict[str, Any]) -> None:
    assert [t["name"] for t in latest["tags"]] == [s.name for s in load_catalog().sections]


def test_error_answers_are_rest_error_info_from_the_error_table(latest: dict[str, Any]) -> None:
    from jsonschema import Draft202012Validator

    schemas = latest["components"]["schemas"]
    validator = Draft202012Validator({"$ref": "#/components/schemas/Error403", "components": {"schemas": schemas}})
    row = load_catalog().error_table()["INVALID_SESSION"]
    good = {
        "httpStatus": "FORBIDDEN",
        "code": 1001,
        "helpMessage": row["helpMessage"],
        "type": "INVALID_SESSION",
        "innerMessage": "x",
        "canRetry": True,
    }
    assert validator.is_valid(good)
    for bad in ({**good, "httpStatus": "NOT_FOUND"}, {**good, "code": 1002}, {**good, "canRetry": False}, {}):
        assert not validator.is_valid(bad), bad


def test_older_versions_leave_out_newer_operations() -> None:
    old = _operations(build_document("2.7"))
    catalog = load_catalog()
    newer = [op.id for op in catalog.operations() if catalog.operation_since(op.id) > ApiVersion("2.7")]
    assert newer and not set(newer) & set(old)
    assert len(old) == 208 - len(newer)


def test_component_names_are_portable(latest: dict[str, Any]) -> None:
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+", key) for key in latest["components"]["schemas"])


def test_the_command_writes_the_document(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "o2g.json"
    assert main(["openapi", "--version", "2.7.3", "-o", str(target)]) == 0
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["info"]["version"] == "2.7.3"
    assert main(["openapi"]) == 0
    assert json.loads(capsys.readouterr().out)["info"]["version"] == "2.7.4"
    assert main(["openapi", "--version", "2.6"]) == 2
    assert "not documented" in capsys.readouterr().err
