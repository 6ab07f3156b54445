"""Coverage proven by what was sent: a scenario's `@op` and `@event` tags must have been exercised.

A tag is a declaration: `@op:<id>` says "this scenario sends that operation", `@event:<Name>` says "this
scenario asserts that event". At the end of each scenario that ran, every tagged operation must be among
the operations its recorded exchanges reach (mapped to catalog ids by the catalog's routing; a failing
answer, or no answer at all, still counts as sent) and every tagged event among the events a step consumed
from an event log. A tag that was not exercised is a defect of the suite, never of the target: the scenario
fails with a "harness error" message (category Harness error, exit status 5, could not run).

Scenario Outlines tag each Examples block with the operations its rows call. pytest-bdd turns an Examples
tag into a marker of the same name, and a pytest marker name cannot contain ':' (its registration splits on
the first ':'), so Examples blocks spell the tags `@op.<id>` and `@event.<Name>`. Every catalog operation
and event is registered under that spelling (a typo is an error at collection, --strict-markers), and
`lift_example_tags` turns them into the ordinary `op(<id>)` / `event(<Name>)` markers the rest of the
suite reads.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from ..catalog import Catalog, load_catalog
from ..client import EventLog, Exchange
from ..reporting import outcome_of
from .world import World

#: Examples-block spelling of `@op:<id>` and `@event:<Name>` (a marker name cannot hold ':').
EXAMPLE_PREFIXES = {"op": "op.", "event": "event."}


#: The ini key that turns the check off: only for the synthetic scenarios of the framework's own tests,
#: whose tags are labels under test and whose steps send nothing.
INI = "o2g_check_tags"


def add_ini(parser: pytest.Parser) -> None:
    parser.addini(
        INI,
        "check each scenario's @op/@event tags against what it sent and asserted (default true); false only "
        "for synthetic scenarios in tests of the framework",
        type="bool",
        default=True,
    )


def enabled(config: pytest.Config) -> bool:
    return bool(config.getini(INI))


def register_example_tags(config: pytest.Config, catalog: Catalog | None = None) -> None:
    """Register `op.<id>` and `event.<Name>` for every catalog operation and event (Examples-block tags)."""
    catalog = catalog or load_catalog()
    for op in catalog.operations():
        config.addinivalue_line("markers", f"op.{op.id}: Examples rows that send catalog operation {op.id}")
    for name in sorted({e.name for e in catalog.events()}):
        config.addinivalue_line("markers", f"event.{name}: Examples rows that assert catalog event {name}")


def lift_example_tags(items: Iterable[pytest.Item]) -> None:
    """Add `op(<id>)` / `event(<Name>)` markers for each `op.<id>` / `event.<Name>` marker of an item."""
    for item in items:
        for mark in list(item.iter_markers()):
            for name, prefix in EXAMPLE_PREFIXES.items():
                if mark.name.startswith(prefix) and not mark.args:
                    item.add_marker(getattr(pytest.mark, name)(mark.name.removeprefix(prefix)))


def tagged(item: pytest.Item, name: str) -> list[str]:
    """The values of an item's `name` markers, first seen first (`@op:x @op:y` -> ["x", "y"])."""
    return list(dict.fromkeys(str(m.args[0]) for m in item.iter_markers(name) if m.args))


def sent_operations(exchanges: Iterable[Exchange], catalog: Catalog | None = None) -> set[str]:
    """The catalog operations the exchanges reach, by method and path (failing answers included)."""
    catalog = catalog or load_catalog()
    out: set[str] = set()
    for exchange in exchanges:
        found = catalog.match(exchange.method, urlsplit(exchange.url).path)
        if found is not None:
            out.add(found[0].id)
    return out


def asserted_events(logs: Iterable[EventLog]) -> set[str]:
    """Names of the events some step consumed (waited for and matched) from these event logs."""
    out: set[str] = set()
    for log in logs:
        left = {id(e) for e in log.unconsumed(ignore=())}
        out.update(str(e.get("eventName")) for e in log.history if id(e) not in left)
    return out


@dataclass(frozen=True)
class Unexercised:
    """Tags of a scenario that what it sent and asserted does not back."""

    ops: tuple[str, ...]
    events: tuple[str, ...]
    sent: tuple[str, ...]
    asserted: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.ops or self.events)

    def message(self) -> str:
        """The failure message: a harness error (suite defect), naming the tags and what was exercised."""
        lines = ["harness error: the scenario's tags claim coverage it did not exercise (a suite defect)"]
        if self.ops:
            lines.append(
                "  never sent: " + ", ".join(f"@op:{o}" for o in self.ops) + f" (sent: {', '.join(self.sent) or '-'})"
            )
        if self.events:
            lines.append(
                "  never asserted: "
                + ", ".join(f"@event:{e}" for e in self.events)
                + f" (asserted: {', '.join(self.asserted) or '-'})"
            )
        return "\n".join(lines)


def check(ops: Sequence[str], events: Sequence[str], sent: Iterable[str], asserted: Iterable[str]) -> Unexercised:
    """The tagged operations not sent and the tagged events not asserted."""
    sent_set, asserted_set = set(sent), set(asserted)
    return Unexercised(
        ops=tuple(o for o in ops if o not in sent_set),
        events=tuple(e for e in events if e not in asserted_set),
        sent=tuple(sorted(sent_set)),
        asserted=tuple(sorted(asserted_set)),
    )


def exercised_of(world: World) -> tuple[list[str], list[str]]:
    """Operations a scenario world sent and events it asserted, sorted (the report's coverage)."""
    logs = [c.log for c in world.collectors.values()]
    return sorted(sent_operations(world.exchanges)), sorted(asserted_events(logs) | world.asserted_elsewhere)


def check_world(item: pytest.Item, world: World) -> Unexercised:
    """The check of one scenario item against what its world sent and asserted (call before cleanup).

    What was sent and asserted is also kept for the scenario's record: the matrix's coverage comes from it.
    """
    sent, asserted = exercised_of(world)
    outcome = outcome_of(item)
    outcome.sent, outcome.asserted = tuple(sent), tuple(asserted)
    return check(tagged(item, "op"), tagged(item, "event"), sent, asserted)
