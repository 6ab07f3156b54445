"""Which catalog operations and events the features cover, read from their tags; the coverage gate rule."""

from __future__ import annotations

import pathlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..catalog import Catalog, load_catalog
from ..featurefiles import read_features, split_tag


@dataclass(frozen=True)
class TaggedScenario:
    """A scenario of a feature file with its effective tags (feature, rule and scenario tags)."""

    feature: str
    name: str
    ops: tuple[str, ...]
    events: tuple[str, ...]


@dataclass(frozen=True)
class SectionCoverage:
    """Coverage of one documented section."""

    name: str
    since: str
    operations: tuple[str, ...]
    covered: tuple[str, ...]
    events: tuple[str, ...]
    asserted: tuple[str, ...]
    scenarios: int
    implemented: tuple[str, ...] | None  # operations the emulator serves (None: not known)
    unsubscribable: tuple[str, ...] = ()  # events of the section in no event package (listed, not gated)
    features: tuple[str, ...] = ()  # feature files about this section (it is closed when there is one)

    @property
    def open(self) -> bool:
        return not self.features

    @property
    def missing_ops(self) -> tuple[str, ...]:
        return tuple(o for o in self.operations if o not in self.covered)

    @property
    def missing_events(self) -> tuple[str, ...]:
        return tuple(e for e in self.events if e not in self.asserted and e not in self.unsubscribable)


@dataclass(frozen=True)
class Coverage:
    """Coverage of the whole catalog by a features folder."""

    sections: tuple[SectionCoverage, ...]
    unknown_ops: tuple[str, ...]
    unknown_events: tuple[str, ...]
    scenarios: int

    @property
    def open_sections(self) -> tuple[SectionCoverage, ...]:
        return tuple(s for s in self.sections if s.open)

    @property
    def gaps(self) -> tuple[str, ...]:
        """What fails the gate: uncovered operations and events of closed sections, unknown tags."""
        out = []
        for s in self.sections:
            if s.open:
                continue
            out += [f"{s.name}: operation {o} has no scenario tagged @op:{o}" for o in s.missing_ops]
            out += [f"{s.name}: event {e} is asserted by no scenario (@event:{e})" for e in s.missing_events]
        out += [f"@op:{o} names no catalog operation" for o in self.unknown_ops]
        out += [f"@event:{e} names no catalog event" for e in self.unknown_events]
        return tuple(out)


def scan(features: pathlib.Path) -> list[TaggedScenario]:
    """Every scenario of the .feature files under `features`, read offline as pytest-bdd binds them."""
    out = []
    for scenario in read_features(features):
        # written order: the "first @op" is the first written; then the Examples blocks' `@op.<id>` tags
        blocks = sorted({t for row in scenario.examples for t in row.tags if t.startswith(("op.", "event."))})
        tags = [split_tag(t) for t in [*scenario.tags, *(t.replace(".", ":", 1) for t in blocks)]]
        rel = scenario.path.relative_to(features.resolve().parent)
        out.append(
            TaggedScenario(
                feature=rel.as_posix(),
                name=scenario.name,
                ops=tuple(v for n, v in tags if n == "op" and v),
                events=tuple(v for n, v in tags if n == "event" and v),
            )
        )
    return out


def implemented_operations() -> frozenset[str] | None:
    """Operation ids the emulator has a handler for (None when the emulator cannot be loaded)."""
    try:
        from ..emulator.app import load_services
        from ..emulator.core.dispatch import HANDLERS

        load_services()
        return frozenset(HANDLERS)
    except Exception:
        return None


def features_by_section(scenarios: Sequence[TaggedScenario], catalog: Catalog) -> dict[str, list[str]]:
    """Feature files per section they are about: more than half of their scenarios' first @op is in it."""
    sections: dict[str, Counter[str]] = defaultdict(Counter)
    for scenario in scenarios:
        known = [o for o in scenario.ops if catalog.has_operation(o)]
        if known:  # a scenario that sends no catalog operation (405 on the root URL) is about no section
            sections[scenario.feature][catalog.operation(known[0]).section] += 1
    out: dict[str, list[str]] = defaultdict(list)
    for feature, counts in sorted(sections.items()):
        section, count = counts.most_common(1)[0]
        if count * 2 > sum(counts.values()):
            out[section].append(feature)
    return out


def coverage(
    scenarios: Sequence[TaggedScenario], catalog: Catalog | None = None, implemented: Iterable[str] | None = None
) -> Coverage:
    """Coverage of the catalog by `scenarios`, with the gate's rule.

    A documented section is *open* until a feature file is about it, i.e. more than half of the file's
    scenarios belong to the section (their first `@op`, the Allure epic): its service has not landed yet,
    and it is listed, not failed. Cross-cutting features (errors, licences, timeouts) that touch a section
    do not close it. A *closed* section needs a scenario tagged `@op:<id>` for each of its operations and
    one tagged `@event:<Name>` for each of its subscribable events (those of an event package,
    L2086-2099); an event in no package cannot be subscribed to and is listed only. Every tag must name a
    catalog operation or event.
    """
    catalog = catalog or load_catalog()
    served = frozenset(implemented) if implemented is not None else None
    ops = {o for s in scenarios for o in s.ops}
    events = {e for s in scenarios for e in s.events}
    known_events = {e.name for e in catalog.events()}
    subscribable = {name for names in catalog.packages().values() for name in names}
    about = features_by_section(scenarios, catalog)
    sections = []
    for section in catalog.sections:
        ids = tuple(op.id for op in section.operations)
        names = tuple(dict.fromkeys(e.name for e in section.events))
        sections.append(
            SectionCoverage(
                name=section.name,
                since=str(catalog.section_since(section.name)),
                operations=ids,
                covered=tuple(o for o in ids if o in ops),
                events=names,
                asserted=tuple(e for e in names if e in events),
                scenarios=sum(any(o in ids for o in s.ops) for s in scenarios),
                implemented=tuple(o for o in ids if o in served) if served is not None else None,
                unsubscribable=tuple(e for e in names if e not in subscribable),
                features=tuple(about.get(section.name, ())),
            )
        )
    return Coverage(
        sections=tuple(sections),
        unknown_ops=tuple(sorted(o for o in ops if not catalog.has_operation(o))),
        unknown_events=tuple(sorted(events - known_events)),
        scenarios=len(scenarios),
    )


def summary(cov: Coverage) -> str:
    """The terminal view of `o2g-conformance coverage`."""
    total = sum(len(s.operations) for s in cov.sections)
    covered = sum(len(s.covered) for s in cov.sections)
    events = sum(len(s.events) for s in cov.sections)
    asserted = sum(len(s.asserted) for s in cov.sections)
    lines = [f"operations covered by @op tags: {covered}/{total}; events asserted by @event tags: {asserted}/{events}"]
    for s in cov.sections:
        state = "open" if s.open else ("complete" if not s.missing_ops and not s.missing_events else "GAPS")
        ops = f"{len(s.covered):>3}/{len(s.operations):<3}"
        lines.append(f"  {s.name:<26} ops {ops} events {len(s.asserted):>2}/{len(s.events):<2} {state}")
    for gap in cov.gaps:
        lines.append(f"  gap: {gap}")
    if cov.open_sections:
        lines.append(
            "  open sections (no feature about them yet, not gated): " + ", ".join(s.name for s in cov.open_sections)
        )
    return "\n".join(lines)


def document(cov: Coverage) -> str:
    """docs/coverage.md: generated by `o2g-conformance coverage --write`, never edited by hand."""
    total = sum(len(s.operations) for s in cov.sections)
    covered = sum(len(s.covered) for s in cov.sections)
    events = sum(len(s.events) for s in cov.sections)
    asserted = sum(len(s.asserted) for s in cov.sections)
    served = (
        None
        if any(s.implemented is None for s in cov.sections)
        else sum(len(s.implemented or ()) for s in cov.sections)
    )
    lines = [
        "# Coverage of the O2G reference",
        "",
        "Generated by `o2g-conformance coverage --write docs/coverage.md` (`make coverage`) from the catalog and",
        "the tags of `features/`; do not edit by hand (`tests/reporting/test_coverage_document.py` fails when",
        "this file differs from a fresh one).",
        "",
        "Tags are declarations that every run checks: at the end of each scenario that ran, each `@op:<id>` it",
        "carries must be among the operations its exchanges reached (the catalog's routing of method and path;",
        "a failing answer counts) and each `@event:<Name>` among the events its steps asserted, else the",
        "scenario fails as a harness error (a suite defect). Outlines tag each Examples block with the",
        "operations of its rows (`@op.<id>`, `@event.<Name>`). The compliance matrix of a run counts as covered",
        "the operations that run's exchanges reached.",
        "",
        "Gate rule: a section is *open* (listed, not failed) until a feature file is about it: more than half",
        "of the file's scenarios have their first `@op` in the section; cross-cutting features (errors,",
        "licences, timeouts) do not close a section. A closed section needs an `@op:<id>` scenario for every",
        "operation and an `@event:<Name>` scenario for every event of an event package (L2086-2099); an event",
        "in no package cannot be subscribed to and is only listed. Every tag must name a catalog operation or",
        "event (`tests/reporting/test_coverage_gate.py`).",
        "",
        f"Operations covered: **{covered}/{total}**; events asserted: **{asserted}/{events}**; "
        f"scenarios: {cov.scenarios}"
        + (f"; operations the emulator serves: {served}/{total}." if served is not None else "."),
        "",
        "| section | since | state | operations covered | events asserted | emulator serves | scenarios "
        "| features about it |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for s in cov.sections:
        state = "open" if s.open else ("complete" if not s.missing_ops and not s.missing_events else "gaps")
        serves = f"{len(s.implemented)}/{len(s.operations)}" if s.implemented is not None else "?"
        lines.append(
            f"| {s.name} | {s.since} | {state} | {len(s.covered)}/{len(s.operations)} | "
            f"{len(s.asserted)}/{len(s.events)} | {serves} | {s.scenarios} | "
            + (", ".join(f"`{f}`" for f in s.features) or "-")
            + " |"
        )
    lines += ["", "## Per operation", ""]
    for s in cov.sections:
        lines += [f"### {s.name}", "", "| operation | scenario | emulator |", "|---|---|---|"]
        for op in s.operations:
            scenario = "yes" if op in s.covered else "no"
            emulator = "?" if s.implemented is None else ("yes" if op in s.implemented else "no")
            lines.append(f"| `{op}` | {scenario} | {emulator} |")
        if s.events:
            lines += ["", "| event | asserted |", "|---|---|"]
            lines += [
                f"| `{e}` | {'yes' if e in s.asserted else 'no'}"
                + (" (in no event package: not gated)" if e in s.unsubscribable else "")
                + " |"
                for e in s.events
            ]
        lines.append("")
    if cov.unknown_ops or cov.unknown_events:
        lines += ["## Tags naming nothing in the catalog", ""]
        lines += [f"- `@op:{o}`" for o in cov.unknown_ops] + [f"- `@event:{e}`" for e in cov.unknown_events]
        lines.append("")
    return "\n".join(lines)
