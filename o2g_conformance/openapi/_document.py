"""The OpenAPI 3.1 document of the O2G REST API for one API version, generated from the packaged catalog.

Every catalog operation that exists on the version becomes one OpenAPI operation named by its catalog
id; bodies and answers are the JSON Schemas of `_schemas` (the checks' representations); every error
status carries a RestErrorInfo that agrees with the error table (L311-320), as `check_error_body` reads it.
"""

from __future__ import annotations

import json
from typing import Any

from o2g_conformance.catalog import LATEST, ApiVersion, Catalog, Operation, Param, load_catalog
from o2g_conformance.checks import PRIMITIVES, status_names
from o2g_conformance.checks._response import _FILE_ANSWERS

from ._lines import PATH_LINES
from ._schemas import JsonSchema, SchemaBuilder

OPENAPI_VERSION = "3.1.0"
REFERENCE = "o2g-rest-api-reference.txt"
#: The security schemes: Basic on authenticate (L190-263), the AlcUserId cookie it sets on every other call.
BASIC = "basicAuth"
COOKIE = "AlcUserId"
_ERROR_TABLE_LINE = 311

#: Media types of the answers that are files (the checks do not look into them, see `_FILE_ANSWERS`).
_FILE_MEDIA: dict[str, tuple[str, ...]] = {
    "messaging.voicemail.download": ("audio/wav",),
    "analytics.licenses.get": ("application/zip",),
    "analytics.services.get": ("application/zip",),
    "acdstats.ctx.days_data.get": ("application/json", "application/zip"),
    "acdstats.ctx.oneday_data.get": ("application/json", "application/zip"),
}
#: Operations that need no credential: the root descriptor is read before authenticating (L39-74).
_PUBLIC = frozenset({"root.descriptor.get"})
#: Query parameters whose only value the reference states ("MUST be set with 1.0", L625).
_ONLY_VALUES: dict[tuple[str, str], tuple[str, ...]] = {("authentication.authenticate.get", "version"): ("1.0",)}


def reference_line(op: Operation) -> int | None:
    """The line of the operation in the reference (its path heading when the catalog has no line)."""
    return op.doc_line if op.doc_line is not None else PATH_LINES.get(op.id)


def _lines(op: Operation) -> str:
    line = reference_line(op)
    where = [f"L{line}"] if line else []
    if op.doc_block:
        where.append(f"L{op.doc_block[0]}-L{op.doc_block[1]}")
    return f"{REFERENCE} " + ", ".join(where) if where else REFERENCE


def _description(op: Operation, catalog: Catalog) -> str:
    parts = [op.summary or op.id, "", f"Reference: {_lines(op)}."]
    section = catalog.section(op.section)
    if op.admin_only or section.admin_only:
        parts.append("Administrator sessions only.")
    if op.licences.capex or op.licences.opex:
        parts.append(f"Licence (CAPEX): {op.licences.capex or 'not stated'}.")
        parts.append(f"Licence (OPEX): {op.licences.opex or 'not stated'}.")
    return "\n".join(parts)


def _query_parameter(param: Param, op: Operation, builder: SchemaBuilder) -> dict[str, Any]:
    schema = builder.type_schema(param.type, op.section)
    if (op.id, param.name) in _ONLY_VALUES:
        schema = {**schema, "enum": list(_ONLY_VALUES[(op.id, param.name)])}
    out: dict[str, Any] = {"name": param.name, "in": "query", "required": bool(param.required), "schema": schema}
    if param.note:
        out["description"] = param.note
    return out


def _path_parameter(name: str, op: Operation) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "in": "path", "required": True, "schema": {"type": "string", "minLength": 1}}
    if op.segment_pattern(name) != r"[^/]+":
        # PBX objects are named by their path, several segments (L10823, L11242).
        out["description"] = "a PBX object path: name/id pairs separated by '/' (L10823, L11242)"
    return out


_REGEX_SPECIAL = frozenset("\\^$.|?*+()[]{}/")


def _words_pattern(text: str) -> str:
    """A pattern matching `text` up to whitespace (the checks compare help messages with whitespace collapsed)."""
    words = ["".join("\\" + c if c in _REGEX_SPECIAL else c for c in word) for word in text.split()]
    return "^\\s*" + "\\s+".join(words) + "\\s*$"


def error_components(builder: SchemaBuilder, catalog: Catalog, codes: set[int]) -> dict[str, JsonSchema]:
    """RestErrorInfo (the representation), the error table as a schema and one error answer per status."""
    rest_error = builder.representation_schema("Introduction", "RestErrorInfo")
    rows = []
    for row in catalog.error_table().values():
        line = row.get("line")
        rows.append(
            {
                "title": row["type"],
                "description": f"{REFERENCE} L{line}" if line else f"{REFERENCE} L{_ERROR_TABLE_LINE}",
                "properties": {
                    "type": {"const": row["type"]},
                    "code": {"const": row["code"]},
                    # [0..1] both: when present they are the row's (whitespace aside), as check_error_body reads them
                    "helpMessage": {"anyOf": [{"type": "null"}, {"pattern": _words_pattern(row["helpMessage"])}]},
                    "canRetry": {"enum": [row["canRetry"], None]},
                },
            }
        )
    out: dict[str, JsonSchema] = {
        "ErrorTable": {
            "description": f"type, code, helpMessage and canRetry of one row of the error table ({REFERENCE} L311-320)",
            "required": ["httpStatus", "type", "code"],
            "oneOf": rows,
        }
    }
    for code in sorted(codes):
        names = list(status_names(code))
        out[f"Error{code}"] = {
            "description": f"RestErrorInfo of an HTTP {code} answer: httpStatus names the status (L323, L332)",
            "allOf": [
                rest_error,
                {"$ref": "#/components/schemas/ErrorTable"},
                {"properties": {"httpStatus": {"enum": names} if names else {"type": "string"}}},
            ],
        }
    return out


def _responses(op: Operation, builder: SchemaBuilder) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for response in op.responses:
        entry: dict[str, Any] = {"description": response.description or str(response.code)}
        code = response.code
        if code >= 400:
            entry["content"] = {"application/json": {"schema": {"$ref": f"#/components/schemas/Error{code}"}}}
        elif code == 204:
            pass  # no content
        elif op.id in _FILE_ANSWERS and code == 200:
            entry["description"] += f" ({_FILE_ANSWERS[op.id]})"
            schema = builder.representation_schema(op.section, response.type) if response.type else {}
            entry["content"] = {
                media: {"schema": schema if media == "application/json" else {"type": "string", "format": "binary"}}
                for media in _FILE_MEDIA.get(op.id, ("application/octet-stream",))
            }
        elif code == 201 and (response.type is None or response.type in PRIMITIVES):
            # Typed 'string', yet every example answers a Location header and no body (L2540-2542, L2707-2708).
            entry["headers"] = {"Location": {"description": "URL of the created resource", "schema": _STRING}}
        elif response.type:
            entry["content"] = {
                "application/json": {"schema": builder.representation_schema(op.section, response.type)}
            }
        out[str(code)] = entry
    return out


_STRING: JsonSchema = {"type": "string"}


def _operation(op: Operation, catalog: Catalog, builder: SchemaBuilder) -> dict[str, Any]:
    out: dict[str, Any] = {
        "operationId": op.id,
        "summary": op.summary or op.id,
        "description": _description(op, catalog),
        "tags": [op.section],
    }
    params = [_path_parameter(name, op) for name in op.path_params]
    params += [_query_parameter(q, op, builder) for q in op.query_params]
    if params:
        out["parameters"] = params
    if op.body:
        out["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": builder.representation_schema(op.section, op.body)}},
        }
    out["responses"] = _responses(op, builder)
    if op.id in _PUBLIC:
        out["security"] = []
    elif op.id.startswith("authentication."):
        out["security"] = [{BASIC: []}]
    if op.deprecated:
        out["deprecated"] = True
    out["x-since"] = str(catalog.operation_since(op.id))
    out["x-licence"] = {"capex": op.licences.capex, "opex": op.licences.opex}
    out["x-admin-only"] = bool(op.admin_only or catalog.section(op.section).admin_only)
    out["x-reference-lines"] = _lines(op)
    return out


def build_document(version: ApiVersion | str = LATEST, catalog: Catalog | None = None) -> dict[str, Any]:
    """The OpenAPI 3.1 document for `version`: its operations and the fields that exist on it."""
    catalog = catalog or load_catalog()
    version = version if isinstance(version, ApiVersion) else ApiVersion.parse(version)
    builder = SchemaBuilder(catalog, version)
    paths: dict[str, dict[str, Any]] = {}
    sections: list[str] = []
    codes: set[int] = set()
    for op in catalog.applicable(version):
        paths.setdefault(op.url_path, {})[op.method.lower()] = _operation(op, catalog, builder)
        codes.update(r.code for r in op.responses if r.code >= 400)
        if op.section not in sections:
            sections.append(op.section)
    builder.components.update(error_components(builder, catalog, codes))
    tags = []
    for name in sections:
        section = catalog.section(name)
        since = catalog.section_since(name)
        text = f"Section {name} of {REFERENCE}, since API {since}."
        if section.admin_only:
            text += " Administrator sessions only."
        tags.append({"name": name, "description": text, "x-since": str(since)})
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "O2G (OmniPCX Open Gateway) REST API",
            "version": str(version),
            "description": (
                f"The O2G REST API {version} as documented by {REFERENCE}, generated from the o2g-conformance "
                "catalog. Each operation's description names its reference lines; `x-since` is the API version "
                "it exists from, `x-licence` its CAPEX and OPEX licence wording."
            ),
        },
        "servers": [{"url": "https://o2g.example.com:443", "description": "an O2G server (replace with yours)"}],
        "tags": tags,
        "paths": paths,
        "components": {
            "schemas": dict(sorted(builder.components.items())),
            "securitySchemes": {
                BASIC: {"type": "http", "scheme": "basic", "description": "login and password (L190-263)"},
                COOKIE: {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": COOKIE,
                    "description": "the credential that authenticate answers and sets as a cookie (L190-263)",
                },
            },
        },
        "security": [{COOKIE: []}],
    }


def document_json(version: ApiVersion | str = LATEST) -> str:
    """The document as indented JSON text (stable key order: the catalog's)."""
    return json.dumps(build_document(version), indent=2, ensure_ascii=False) + "\n"
