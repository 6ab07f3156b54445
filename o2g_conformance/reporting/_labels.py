"""Allure labels of a scenario, derived from its tags and the catalog (never written by hand).

epic = documented section, feature = resource family, story = operation id, tags = every Gherkin tag,
severity = critical for the sections every client depends on, a link to the reference line.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from ..catalog import load_catalog

UNTAGGED = "Framework"
#: Sections a client cannot live without: their failures are critical.
CRITICAL_SECTIONS = {"Authentication", "Session management", "Subscription management", "Introduction"}
CRITICAL_RESOURCES = {"telephony.basiccall"}


def _values(item: pytest.Item, name: str) -> list[str]:
    return [str(m.args[0]) for m in item.iter_markers(name) if m.args]


def section_of_item(item: pytest.Item) -> str:
    """The documented section a scenario belongs to: that of its first known @op tag."""
    catalog = load_catalog()
    for op_id in _values(item, "op"):
        if catalog.has_operation(op_id):
            return catalog.operation(op_id).section
    return UNTAGGED


def labels_for(item: pytest.Item) -> list[tuple[str, str]]:
    """(label type, value) pairs for Allure."""
    catalog = load_catalog()
    ops = [catalog.operation(o) for o in _values(item, "op") if catalog.has_operation(o)]
    if not ops:
        return []
    out: list[tuple[str, str]] = [("epic", ops[0].section)]
    out += [("feature", r) for r in dict.fromkeys(op.resource for op in ops)]
    out += [("story", op.id) for op in ops]
    critical = ops[0].section in CRITICAL_SECTIONS or any(op.resource in CRITICAL_RESOURCES for op in ops)
    out.append(("severity", "critical" if critical else "normal"))
    out += [("tag", t) for t in dict.fromkeys(_tags(item))]
    return out


def links_for(item: pytest.Item) -> list[tuple[str, str]]:
    """(url, name) of the reference lines the scenario's operations cite."""
    catalog = load_catalog()
    out = []
    for op_id in _values(item, "op"):
        if catalog.has_operation(op_id):
            op = catalog.operation(op_id)
            if op.doc_line:
                out.append((f"o2g-rest-api-reference.txt#L{op.doc_line}", f"{op.id} (reference L{op.doc_line})"))
    return out


def _tags(item: pytest.Item) -> Iterable[str]:
    for mark in item.iter_markers():
        if mark.name.startswith(("allure", "usefixtures", "parametrize", "skip", "xfail", "filterwarnings")):
            continue
        value = f":{mark.args[0]}" if mark.args else ""
        yield f"{mark.name.replace('_', '-')}{value}"
