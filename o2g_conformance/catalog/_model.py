"""Typed, immutable view of the packaged O2G catalog: sections, operations, events, representations."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ._versions import ApiVersion, applies

#: Paths in the catalog are relative to this base, except the root descriptor and authentication.
API_BASE = "/api/rest/1.0"
_PARAM_RE = re.compile(r"\{([A-Za-z0-9_]+)\}")


@dataclass(frozen=True)
class Response:
    """One documented answer of an operation: status code, representation (or None) and wording."""

    code: int
    type: str | None
    description: str


@dataclass(frozen=True)
class Param:
    """A documented query parameter."""

    name: str
    type: str
    required: bool
    note: str = ""


@dataclass(frozen=True)
class Licences:
    """The licence wording of an operation in CAPEX (FlexLM) and OPEX (LMS) mode; None = not stated."""

    capex: str | None
    opex: str | None

    @property
    def free(self) -> bool:
        return all(v is None or v.lower().startswith("no license") for v in (self.capex, self.opex))


@dataclass(frozen=True)
class Operation:
    """A documented REST operation, named once by its catalog id (e.g. `telephony.calls.hold`)."""

    id: str
    section: str
    method: str
    path: str
    summary: str
    since: str | None
    deprecated: bool
    admin_only: bool
    licences: Licences
    path_params: tuple[str, ...]
    query_params: tuple[Param, ...]
    body: str | None
    responses: tuple[Response, ...]
    doc_line: int | None
    doc_block: tuple[int, int] | None

    @property
    def url_path(self) -> str:
        """The absolute path template on a server (`/api/rest/1.0/...` or the two exceptions)."""
        if self.path == "/api/rest":
            return self.path
        if self.id.startswith("authentication."):
            return "/api/rest" + self.path
        return API_BASE + self.path

    @property
    def resource(self) -> str:
        """The resource family: the operation id without its last word (`telephony.calls.hold` -> `telephony.calls`)."""
        return self.id.rsplit(".", 1)[0]

    @property
    def success_codes(self) -> tuple[int, ...]:
        return tuple(r.code for r in self.responses if 200 <= r.code < 300)

    def response_for(self, code: int) -> Response | None:
        return next((r for r in self.responses if r.code == code), None)

    def applies_to(self, version: ApiVersion) -> bool:
        return applies(self.since, version)

    def segment_pattern(self, name: str) -> str:
        """The regex of one path parameter: a single segment, or a PBX object path of several.

        PBX management names instances by their full path: `{objectNameobjectId}` is
        name/id/.../name/id (pairs) and, under `/instances/`, `{objectName}` is name/id/.../name (odd),
        o2g-rest-api-reference.txt L10823, L11242. The parity keeps the two operations apart.
        """
        if name == "objectNameobjectId":
            return r"[^/]+/[^/]+(?:/[^/]+/[^/]+)*"
        if name == "objectName" and "/instances/" in self.path:
            return r"[^/]+(?:/[^/]+/[^/]+)*"
        return r"[^/]+"

    def render_path(self, params: dict[str, Any] | None = None) -> str:
        """Fill the path template; a missing parameter is a usage error naming it."""
        from urllib.parse import quote

        params = params or {}

        def fill(m: re.Match[str]) -> str:
            name = m.group(1)
            if name not in params:
                raise KeyError(f"operation {self.id} needs path parameter {name!r}")
            multi = self.segment_pattern(name) != r"[^/]+"
            return quote(str(params[name]), safe="/" if multi else "")

        return _PARAM_RE.sub(fill, self.url_path)

    def path_regex(self) -> re.Pattern[str]:
        """A regex matching concrete paths of this operation (used to map a request to its operation id)."""
        pattern = _PARAM_RE.sub(
            lambda m: f"(?P<{m.group(1)}>{self.segment_pattern(m.group(1))})",
            re.escape(self.url_path).replace(r"\{", "{").replace(r"\}", "}"),
        )
        return re.compile("^" + pattern + "$")


@dataclass(frozen=True)
class Field:
    """A field of a representation or event: name, type, cardinality and the version that added it."""

    name: str
    type: str
    cardinality: str
    since: str | None

    @property
    def required(self) -> bool:
        return self.cardinality.startswith("[1")

    @property
    def many(self) -> bool:
        return self.cardinality.endswith("*]") or self.cardinality.endswith("..*]")


@dataclass(frozen=True)
class Representation:
    """A documented representation (object, enum or primitive) of one section."""

    name: str
    kind: str
    fields: tuple[Field, ...] = ()
    values: tuple[str, ...] = ()
    line: int | None = None
    values_complete: bool = True

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True)
class Event:
    """A documented event with its package (None for channel information) and fields."""

    name: str
    package: str | None
    since: str | None
    section: str
    fields: tuple[Field, ...] = ()


@dataclass(frozen=True)
class Section:
    """A documented section (service) of the reference."""

    name: str
    since: str | None
    admin_only: bool
    operations: tuple[Operation, ...]
    events: tuple[Event, ...]
    representations: dict[str, Representation] = field(default_factory=dict, hash=False, compare=False)

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "_", self.name.lower()).strip("_")
