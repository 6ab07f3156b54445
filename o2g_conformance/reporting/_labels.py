"""Allure labels, tags and reference links of a scenario, derived from its tags and the catalog."""

from __future__ import annotations

import functools
import json
import pathlib
import re
from collections.abc import Iterable
from typing import Any

import pytest

from ..catalog import Operation, load_catalog
from ..featurefiles import scenario_of

UNTAGGED = "Framework"
#: `@ha` scenarios are a row of their own: the HA pair is a section of the reference (L339-343) with no operation.
HA_SECTION = "High availability"
#: Sections a client cannot live without: their failures are critical.
CRITICAL_SECTIONS = frozenset({"Authentication", "Session management", "Subscription management", "Introduction"})
#: Resource families as critical as those sections: basic calls (make, answer, drop).
CRITICAL_RESOURCES = frozenset({"telephony.basiccall"})
#: The lines each operation cites, packaged (tools/build_reference_excerpts.py): quoted in the report when
#: no reference URL is configured, since users do not have the reference text next to their report.
EXCERPTS = pathlib.Path(__file__).with_name("data") / "reference-excerpts.json"
ROLES = ("admin", "user", "supervised")
_LICENCE = re.compile(r"\b(ROXE_[A-Z_]+|api-[a-z]+(?:-[a-z]+)*-f)\b")
#: Markers that are not Gherkin tags (pytest's own and the Allure plugin's).
_NOT_TAGS = ("allure", "usefixtures", "parametrize", "skip", "xfail", "filterwarnings")


def values(item: pytest.Item, name: str) -> list[str]:
    """The arguments of every `name` marker of the item (`@op:x @op:y` -> ["x", "y"])."""
    return [str(m.args[0]) for m in item.iter_markers(name) if m.args]


def ordered_ops(item: pytest.Item) -> list[str]:
    """The item's @op ids in file order (scenario, rule, feature tags); sorted when there is no file."""
    marked = list(dict.fromkeys(values(item, "op")))
    ref = scenario_of(item)
    written = [t.split(":", 1)[1] for t in ref.tags if t.startswith("op:")] if ref is not None else []
    first = [o for o in dict.fromkeys(written) if o in marked]
    return first + sorted(set(marked) - set(first))


def _operations(item: pytest.Item) -> list[Operation]:
    catalog = load_catalog()
    return [catalog.operation(o) for o in ordered_ops(item) if catalog.has_operation(o)]


def section_slug(name: str) -> str:
    """A section's name as a tag value: `Call control` -> `call-control`."""
    return name.lower().replace(" ", "-")


def section_named(slug: str) -> str:
    """The documented section of a `@section:<slug>` tag; ValueError naming the accepted values."""
    sections = {section_slug(s.name): s.name for s in load_catalog().sections}
    if slug not in sections:
        raise ValueError(f"@section:{slug} names no section of the reference: one of {', '.join(sections)}")
    return sections[slug]


def section_of_item(item: pytest.Item) -> str:
    """The documented section a scenario belongs to: that of its first known @op tag in file order; else that
    of its first @event; else its `@section:<slug>` (a request the reference does not document, such as a
    method a resource does not offer); `@ha`: High availability. Only a test that is not a scenario of the
    reference is left in the "Framework" row."""
    if item.get_closest_marker("ha") is not None:
        return HA_SECTION
    ops = _operations(item)
    if ops:
        return ops[0].section
    catalog = load_catalog()
    events = [catalog.event(e) for e in values(item, "event") if e in {ev.name for ev in catalog.events()}]
    if events:
        return events[0].section
    named = values(item, "section")
    return section_named(named[0]) if named else UNTAGGED


def licences_of(op: Operation) -> list[str]:
    """Licence names an operation needs in CAPEX and OPEX mode, or ["free"]."""
    if op.licences.free:
        return ["free"]
    found = _LICENCE.findall(" ".join(v for v in (op.licences.capex, op.licences.opex) if v))
    return list(dict.fromkeys(found)) or ["not stated"]


def tags_for(item: pytest.Item, *, with_plain_markers: bool = False) -> list[str]:
    """Allure tags: version, licences, role, mandatory/optional, then the Gherkin tags with a value.

    Markers without a value (`@user`, `@negative`) are tags that allure-pytest-bdd adds itself; pass
    `with_plain_markers` for results written without it.
    """
    catalog = load_catalog()
    ops = _operations(item)
    since = catalog.scenario_since(
        ops=values(item, "op"), events=values(item, "event"), since_tags=values(item, "since")
    )
    out = [f"API {since}+"]
    out += [f"licence {name}" for op in ops for name in licences_of(op)]
    out += [f"licence {name}" for name in values(item, "licence")]
    roles = [r for r in ROLES if any(item.iter_markers(r))]
    if any(op.admin_only for op in ops) and "admin" not in roles:
        roles.append("admin")
    out += [f"role {r}" for r in roles]
    out.append("optional" if any(item.iter_markers("optional")) else "mandatory")
    for mark in item.iter_markers():
        if mark.name.startswith(_NOT_TAGS) or mark.name in ("optional", "mandatory"):
            continue
        if mark.args:
            out.append(f"{mark.name.replace('_', '-')}:{mark.args[0]}")
        elif with_plain_markers:
            out.append(mark.name.replace("_", "-"))
    return list(dict.fromkeys(out))


def labels_for(item: pytest.Item) -> list[tuple[str, str]]:
    """(label type, value) pairs for Allure; nothing for a test that covers no catalog operation.

    The scenario's first @op (in file order) places it in the tree, once: epic = its documented section,
    feature = its resource family, story = its id. Every operation it touches is an `operation` label
    and an `op:` tag. Tags for the API version the scenario needs (`API 2.7.3+`), the licences of its
    operations, its role and mandatory/optional; severity critical for the calls every client depends on.
    """
    ops = _operations(item)
    section = section_of_item(item)
    if not ops:  # an event-only scenario, or a request the reference does not document: its section's epic
        if section == UNTAGGED:
            return []
        events = values(item, "event")
        out = [("epic", section), ("feature", "events" if events else "undocumented requests")]
        out += [("story", e) for e in events[:1]]
        out.append(("severity", "critical" if section in CRITICAL_SECTIONS else "normal"))
        return out + [("tag", t) for t in tags_for(item)]
    first = ops[0]
    out = [("epic", first.section), ("feature", first.resource), ("story", first.id)]
    out += [("operation", op.id) for op in ops]
    critical = first.section in CRITICAL_SECTIONS or any(op.resource in CRITICAL_RESOURCES for op in ops)
    out.append(("severity", "critical" if critical else "normal"))
    out += [("tag", t) for t in tags_for(item)]
    return out


def links_for(item: pytest.Item, reference: str | None = None) -> list[tuple[str, str]]:
    """(url, name) of the reference lines each operation cites (`<reference>#L39-L74`); none without a URL."""
    if not reference:
        return []
    out = []
    for op in _operations(item):
        if op.doc_block:
            start, end = op.doc_block
            out.append((f"{reference}#L{start}-L{end}", f"{op.id}: reference L{start}-{end}"))
        elif op.doc_line:
            out.append((f"{reference}#L{op.doc_line}", f"{op.id}: reference L{op.doc_line}"))
    return out


@functools.cache
def _excerpts() -> dict[str, dict[str, Any]]:
    try:
        data: dict[str, dict[str, Any]] = json.loads(EXCERPTS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data


def scenario_description(item: pytest.Item) -> str:
    """The Allure description of a scenario: the feature's and scenario's own text, then the quoted reference."""
    ref = scenario_of(item)
    parts = []
    if ref is not None:
        parts += [ref.feature_description.strip(), ref.description.strip()]
    parts.append(reference_quote(item))
    return "\n\n".join(p for p in parts if p)


def reference_quote(item: pytest.Item) -> str:
    """The reference lines the scenario's operations cite, quoted (Markdown), for a report without links."""
    parts = []
    for op in _operations(item):
        excerpt = _excerpts().get(op.id)
        if not excerpt:
            continue
        start, end = excerpt["start"], excerpt["end"]
        shown = str(excerpt["text"])
        cut = "" if shown.count("\n") + 1 >= end - start + 1 else f"\n[... to L{end}]"
        parts.append(f"**{op.id}**: O2G REST API reference L{start}-{end}\n\n```\n{shown}{cut}\n```")
    return "\n\n".join(parts)


def plain_labels(item: pytest.Item) -> Iterable[tuple[str, str]]:
    """Labels of a result written without allure-pytest-bdd: the catalog labels plus its own defaults."""
    yield from ((name, value) for name, value in labels_for(item) if name != "tag")
    yield from (("tag", t) for t in tags_for(item, with_plain_markers=True))
    yield ("framework", "pytest-bdd")
