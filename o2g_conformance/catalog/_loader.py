"""Load the packaged catalog data into the typed model, once per process."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Iterator
from importlib import resources
from typing import Any

from ._model import Event, Field, Licences, Operation, Param, Representation, Response, Section
from ._versions import TIMELESS_SECTIONS, ApiVersion, VersionNeed, newest


def _data(name: str) -> Any:
    return json.loads(resources.files("o2g_conformance.catalog").joinpath("data", name).read_text(encoding="utf-8"))


def _fields(raw: list[dict[str, Any]] | None) -> tuple[Field, ...]:
    out = []
    for f in raw or []:
        if isinstance(f, str):
            out.append(Field(f, "string", "[0..1]", None))
        else:
            out.append(Field(f["name"], f.get("type") or "string", f.get("cardinality") or "[0..1]", f.get("since")))
    return tuple(out)


def _representation(raw: dict[str, Any]) -> Representation:
    return Representation(
        name=raw["name"],
        kind=raw.get("kind", "object"),
        fields=_fields(raw.get("fields")),
        values=tuple(raw.get("values") or ()),
        line=raw.get("line"),
        values_complete=raw.get("values_complete", True),
    )


def _operation(section: str, raw: dict[str, Any]) -> Operation:
    lic = raw.get("licenses") or {}
    # doc_lines is {path, block: [a, b]} in some extractions and a plain [a, b] block in others.
    lines = raw.get("doc_lines")
    block = lines.get("block") if isinstance(lines, dict) else lines
    line = lines.get("path") if isinstance(lines, dict) else (lines[0] if lines else None)
    return Operation(
        id=raw["id"],
        section=section,
        method=raw["method"].upper(),
        path=raw["path"],
        summary=raw.get("summary", ""),
        since=raw.get("since"),
        deprecated=bool(raw.get("deprecated")),
        admin_only=bool(raw.get("admin_only")),
        licences=Licences(lic.get("capex"), lic.get("opex")),
        path_params=tuple(raw.get("path_params") or ()),
        query_params=tuple(
            Param(q["name"], q.get("type", "string"), bool(q.get("required")), q.get("note", ""))
            for q in raw.get("query_params") or ()
        ),
        body=raw.get("body"),
        responses=tuple(
            Response(int(r["code"]), r.get("type"), r.get("description", "")) for r in raw.get("responses") or ()
        ),
        doc_line=line,
        doc_block=(block[0], block[1]) if block else None,
    )


class Catalog:
    """Every documented operation, event and representation; the single source of truth."""

    def __init__(self) -> None:
        raw = _data("catalog.json")
        reps = _data("representations.json")
        event_details = _data("events.json")
        self.general: dict[str, Any] = _data("general.json")
        sections = []
        for svc in raw["services"]:
            name = svc["name"]
            events = tuple(
                Event(
                    name=e["name"],
                    package=e.get("package"),
                    since=e.get("since"),
                    section=name,
                    fields=_fields(event_details.get(e["name"], {}).get("fields") or e.get("fields")),
                )
                for e in svc["events"]
            )
            sections.append(
                Section(
                    name=name,
                    since=svc.get("since"),
                    admin_only=bool(svc.get("admin_only")),
                    operations=tuple(_operation(name, o) for o in svc["operations"]),
                    events=events,
                    representations={k: _representation(v) for k, v in reps.get(name, {}).items()},
                )
            )
        self.sections: tuple[Section, ...] = tuple(sections)
        self._ops = {op.id: op for s in self.sections for op in s.operations}
        self._events = {e.name: e for s in self.sections for e in s.events}
        # Literal segments win over parameters (GET /acd/rti/pilots is not /acd/{nodeId}/pilots): routes are
        # tried from the most literal template to the least.
        ops = sorted(self.operations(), key=lambda op: -sum(not seg.startswith("{") for seg in op.url_path.split("/")))
        self._routes = [(op, op.path_regex()) for op in ops]

    def operations(self) -> Iterator[Operation]:
        for s in self.sections:
            yield from s.operations

    def events(self) -> Iterator[Event]:
        yield from self._events.values()

    def operation(self, op_id: str) -> Operation:
        try:
            return self._ops[op_id]
        except KeyError:
            raise KeyError(f"unknown operation id {op_id!r} (see the catalog: o2g-conformance coverage)") from None

    def has_operation(self, op_id: str) -> bool:
        return op_id in self._ops

    def event(self, name: str) -> Event:
        try:
            return self._events[name]
        except KeyError:
            raise KeyError(f"unknown event {name!r}") from None

    def section(self, name: str) -> Section:
        for s in self.sections:
            if name in (s.name, s.slug):
                return s
        raise KeyError(f"unknown section {name!r}")

    def section_of(self, op_id: str) -> Section:
        return self.section(self.operation(op_id).section)

    def match(self, method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
        """The operation a concrete request targets, with its path parameters, or None."""
        for op, rx in self._routes:
            if op.method == method.upper():
                m = rx.match(path)
                if m:
                    return op, m.groupdict()
        return None

    def methods_for(self, path: str) -> set[str]:
        """Documented methods of any operation whose path template matches `path` (for 405 answers)."""
        return {op.method for op, rx in self._routes if rx.match(path)}

    def events_of_package(self, package: str) -> tuple[Event, ...]:
        return tuple(e for e in self._events.values() if e.package == package)

    def packages(self) -> dict[str, tuple[str, ...]]:
        """Event packages and their events, as the subscription rules list them (L2086-2099)."""
        rules = self.general.get("subscription_rules", {}).get("packages", [])
        return {p["name"]: tuple(p["events"]) for p in rules}

    def representation(self, section: str, name: str) -> Representation | None:
        sec = self.section(section)
        if name in sec.representations:
            return sec.representations[name]
        for s in self.sections:
            if name in s.representations:
                return s.representations[name]
        return None

    def error_table(self) -> dict[str, dict[str, Any]]:
        """RestErrorInfo types with code, helpMessage and canRetry (reference L311-320)."""
        table = self.general["error_management"]["error_table"]
        return {row["type"]: row for row in table}

    def applicable(self, version: ApiVersion) -> Iterator[Operation]:
        """The operations that exist on `version` (see `operation_since`)."""
        for op in self.operations():
            if self.operation_since(op.id) <= version:
                yield op

    def section_since(self, name: str) -> ApiVersion:
        """The version a section appears in (timeless sections: the baseline, see TIMELESS_SECTIONS)."""
        section = self.section(name)
        return newest([None if section.name in TIMELESS_SECTIONS else section.since])

    def operation_since(self, op_id: str) -> ApiVersion:
        """The version an operation exists from: the newer of its own and its section's `since`."""
        op = self.operation(op_id)
        if op.section in TIMELESS_SECTIONS:
            return self.section_since(op.section)
        return newest([op.since, self.section_since(op.section)])

    def event_since(self, name: str) -> ApiVersion:
        """The version an event exists from: the newer of its own and its section's `since`."""
        event = self.event(name)
        return newest([event.since, self.section_since(event.section)])

    def version_needs(
        self, *, ops: Iterable[str] = (), events: Iterable[str] = (), since_tags: Iterable[str] = ()
    ) -> tuple[VersionNeed, ...]:
        """What a scenario needs of the target's API version: its @since tags, @op and @event ids.

        Unknown ids need nothing here (the coverage gate reports them); a baseline need is left out.
        """
        needs = [VersionNeed(newest([tag]), f"needs API {tag}") for tag in since_tags]
        for op_id in ops:
            if self.has_operation(op_id):
                version = self.operation_since(op_id)
                needs.append(VersionNeed(version, f"{op_id} exists since API {version}"))
        for name in events:
            if name in self._events:
                version = self.event_since(name)
                needs.append(VersionNeed(version, f"event {name} exists since API {version}"))
        baseline = newest([])
        return tuple(n for n in needs if n.version > baseline)

    def scenario_since(
        self, *, ops: Iterable[str] = (), events: Iterable[str] = (), since_tags: Iterable[str] = ()
    ) -> ApiVersion:
        """The oldest API version a scenario applies to (the newest of its needs)."""
        return newest([n.version for n in self.version_needs(ops=ops, events=events, since_tags=since_tags)])


@functools.cache
def load_catalog() -> Catalog:
    """The process-wide catalog (immutable, so sharing it is safe)."""
    return Catalog()


_ID_RE = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")


def is_operation_id(text: str) -> bool:
    return bool(_ID_RE.match(text))
