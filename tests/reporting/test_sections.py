"""Every scenario of the reference has its section (and Allure epic), even one that sends no catalog operation."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from o2g_conformance.reporting import labels_for, section_named, section_of_item
from o2g_conformance.reporting._labels import UNTAGGED


class Item:
    """The little of a pytest item the labels read: its markers."""

    def __init__(self, **marks: list[str]) -> None:
        self.marks = marks

    def iter_markers(self, name: str | None = None) -> Any:
        names = [name] if name else list(self.marks)
        return [SimpleNamespace(name=n, args=(v,)) for n in names for v in self.marks.get(n, [])]

    def get_closest_marker(self, name: str) -> Any:
        found = self.iter_markers(name)
        return found[0] if found else None


@pytest.mark.parametrize(
    ("marks", "section"),
    [
        ({"op": ["telephony.calls.list"], "event": ["OnComRecordCreated"]}, "Call control"),
        ({"event": ["OnComRecordCreated", "OnCallCreated"]}, "Communication log"),
        ({"section": ["introduction"]}, "Introduction"),
        ({"section": ["call-center-real-time"]}, "Call Center Real Time"),
        ({}, UNTAGGED),
    ],
)
def test_the_section_comes_from_the_first_op_then_event_then_section_tag(
    marks: dict[str, list[str]], section: str
) -> None:
    item: Any = Item(**marks)
    assert section_of_item(item) == section


def test_an_event_only_scenario_gets_its_sections_epic() -> None:
    labels = labels_for(Item(event=["OnComRecordCreated"]))  # type: ignore[arg-type]
    assert ("epic", "Communication log") in labels and ("story", "OnComRecordCreated") in labels
    assert labels_for(Item()) == []  # type: ignore[arg-type]


def test_an_unknown_section_names_the_accepted_ones() -> None:
    with pytest.raises(ValueError, match="@section:call-centre names no section of the reference: one of introduction"):
        section_named("call-centre")
