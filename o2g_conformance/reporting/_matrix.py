"""The compliance matrix: per API version and section, what is documented, covered, passed and failed."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..catalog import VERSIONS, ApiVersion, Catalog, load_catalog
from ._categories import (
    FAILURE_KEYS,
    HARNESS_ERROR,
    NAMES,
    NON_CONFORMANCE,
    NOT_APPLICABLE,
    PASSED,
    SKIP_KEYS,
    TARGET_UNREACHABLE,
)
from ._records import RecordSet, RunInfo, ScenarioRecord

FORMAT = "o2g-compliance/1"
COMPLIANT = "compliant"
NOT_COMPLIANT = "not compliant"
INCONCLUSIVE = "inconclusive"
NOT_ASSESSED = "not assessed"
#: The headline when the target gives no API version (no serverInfo, L472) and the profile declares none.
UNKNOWN_VERSION = "API version unknown"


@dataclass(frozen=True)
class Cell:
    """One row of the matrix: an API version and a documented section (or the untagged scenarios)."""

    version: str
    section: str
    documented: int
    covered: int
    ops_passed: int
    ops_failed: int
    events_documented: int
    events_asserted: int
    scenarios: int
    passed: int
    failed: dict[str, int]
    skipped: dict[str, int]

    @property
    def failures(self) -> int:
        return sum(self.failed.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "section": self.section,
            "documented": self.documented,
            "covered": self.covered,
            "ops_passed": self.ops_passed,
            "ops_failed": self.ops_failed,
            "events_documented": self.events_documented,
            "events_asserted": self.events_asserted,
            "scenarios": self.scenarios,
            "passed": self.passed,
            "failed": dict(self.failed),
            "skipped": dict(self.skipped),
        }


@dataclass(frozen=True)
class Verdict:
    """The compliance verdict for one API version."""

    version: str
    status: str
    text: str
    mandatory: int
    passed: int
    failed: dict[str, int]
    skipped: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "status": self.status,
            "text": self.text,
            "mandatory": self.mandatory,
            "passed": self.passed,
            "failed": dict(self.failed),
            "skipped": dict(self.skipped),
        }


@dataclass(frozen=True)
class Failure:
    """A failed operation: which scenario, how (category) and why (message), with the reference line."""

    op: str
    section: str
    line: int | None
    scenario: str
    nodeid: str
    category: str
    message: str
    since: str
    mandatory: bool

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Matrix:
    """The whole compliance picture of one target."""

    run: RunInfo
    runs: int
    headline: str
    verdicts: tuple[Verdict, ...]
    cells: tuple[Cell, ...]
    failures: tuple[Failure, ...]
    uncovered: dict[str, list[str]]
    not_run: tuple[str, ...]
    scenarios: tuple[ScenarioRecord, ...]
    generated: str = field(default_factory=lambda: datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))

    def verdict(self, version: str) -> Verdict:
        return next(v for v in self.verdicts if v.version == version)

    @property
    def api_version_unknown(self) -> bool:
        """The target was reached but told no API version (serverInfo is optional, L472) and none was declared."""
        return self.run.known and not self.run.api_version

    def cell(self, version: str, section: str) -> Cell:
        return next(c for c in self.cells if c.version == version and c.section == section)

    def to_json(self) -> dict[str, Any]:
        run = {k: v for k, v in self.run.__dict__.items() if k not in ("deselected", "id")}
        return {
            "format": FORMAT,
            "generated": self.generated,
            "target": run,
            "runs": self.runs,
            "headline": self.headline,
            "categories": NAMES,
            "versions": [v.to_json() for v in self.verdicts],
            "rows": [c.to_json() for c in self.cells],
            "failures": [f.to_json() for f in self.failures],
            "uncovered": self.uncovered,
            "not_run": list(self.not_run),
            "scenarios": [s.plain() for s in self.scenarios],
        }


_OP_ID = re.compile(r"\b[a-z0-9_]+(?:\.[a-z0-9_]+)+\b")


def failed_operations(record: ScenarioRecord, catalog: Catalog) -> tuple[str, ...]:
    """The operations a failed scenario reports as failing: the first catalog id its message names
    (a NonConformance starts with the operation it checked), else every operation it is tagged with."""
    for match in _OP_ID.finditer(record.message):
        if catalog.has_operation(match.group(0)):
            return (match.group(0),)
    return tuple(o for o in dict.fromkeys(record.ops) if catalog.has_operation(o))


def _applies(record: ScenarioRecord, version: ApiVersion) -> bool:
    return ApiVersion.parse(record.since) <= version


def _assessed(version: ApiVersion, target: ApiVersion | None) -> bool:
    return target is None or version <= target


def _counts(records: Iterable[ScenarioRecord], keys: Sequence[str]) -> dict[str, int]:
    counter = Counter(r.category for r in records)
    return {k: counter[k] for k in keys if counter[k]}


def _verdict(
    version: ApiVersion, target: ApiVersion | None, records: Sequence[ScenarioRecord], run: RunInfo
) -> Verdict:
    mandatory = [r for r in records if r.mandatory and _applies(r, version)]
    passed = sum(r.category == PASSED for r in mandatory)
    failed = _counts(mandatory, FAILURE_KEYS)
    skipped = _counts(mandatory, SKIP_KEYS)

    def make(status: str, text: str) -> Verdict:
        return Verdict(str(version), status, text, len(mandatory), passed, failed, skipped)

    if not run.known and not records:
        return make(NOT_ASSESSED, "not assessed: no scenario ran")
    if run.known and target is None:
        return make(NOT_ASSESSED, f"not assessed: {UNKNOWN_VERSION}")
    if not _assessed(version, target):
        return make(NOT_ASSESSED, f"not assessed: target is API {target}")
    if failed.get(NON_CONFORMANCE):
        return make(
            NOT_COMPLIANT, f"not compliant with {version}: {failed[NON_CONFORMANCE]} mandatory scenario(s) failed"
        )
    errors = failed.get(HARNESS_ERROR, 0) + failed.get(TARGET_UNREACHABLE, 0)
    if errors:
        return make(INCONCLUSIVE, f"inconclusive for {version}: {errors} mandatory scenario(s) ended in an error")
    if not passed:
        return make(NOT_ASSESSED, f"not assessed: no mandatory scenario of {version} ran")
    caveats = []
    unassessed = {k: n for k, n in skipped.items() if k != NOT_APPLICABLE}
    if unassessed:
        detail = ", ".join(f"{NAMES[k].lower()} {n}" for k, n in unassessed.items())
        caveats.append(f"{sum(unassessed.values())} not assessed on this target: {detail}")
    text = f"compliant with {version}" + (f" ({'; '.join(caveats)})" if caveats else "")
    return make(COMPLIANT, text)


def _unknown_headline(records: Sequence[ScenarioRecord]) -> str:
    """No version claim: what ran, and how to make the verdict possible."""
    mandatory = [r for r in records if r.mandatory]
    passed = sum(r.category == PASSED for r in mandatory)
    failed = _counts(mandatory, FAILURE_KEYS)
    detail = f"{passed} mandatory scenario(s) passed"
    if failed:
        detail += ", " + ", ".join(f"{n} {NAMES[k].lower()}" for k, n in failed.items())
    return (
        f"{UNKNOWN_VERSION}: no compliance claim ({detail}); the root descriptor gives no serverInfo "
        "(L472): declare `version:` in the target profile"
    )


def _headline(verdicts: Sequence[Verdict], not_run: Sequence[str]) -> str:
    best: Verdict | None = None
    for verdict in verdicts:
        if verdict.status != COMPLIANT:
            break
        best = verdict
    following = next((v for v in verdicts if v.status in (NOT_COMPLIANT, INCONCLUSIVE)), None)
    if best is not None:
        text = f"compliant with {best.version}"
        if following is not None:
            text += f"; {following.text}"
    elif following is not None and following.status == NOT_COMPLIANT:
        text = f"not compliant with any API version (API {following.version}: {following.text.split(': ', 1)[-1]})"
    elif following is not None:
        text = following.text
    else:
        text = verdicts[0].text if verdicts else "not assessed"
    if not_run:
        text += f" (partial run: {len(not_run)} scenario(s) not run)"
    return text


def _cell(
    catalog: Catalog,
    version: ApiVersion,
    section: str,
    records: Sequence[ScenarioRecord],
    tagged: dict[str, list[ScenarioRecord]],
    exercised: dict[str, list[ScenarioRecord]],
) -> Cell:
    known = {s.name for s in catalog.sections}
    ops = [op.id for op in catalog.section(section).operations] if section in known else []
    documented = [o for o in ops if catalog.operation_since(o) <= version]
    covered = [o for o in documented if exercised.get(o)]  # sent to the target, not merely tagged
    failing = {
        o for r in records if r.category in FAILURE_KEYS and _applies(r, version) for o in failed_operations(r, catalog)
    }
    ops_failed = sum(o in failing for o in documented)
    ops_passed = 0
    for op_id in covered:
        outcomes = [r.category for r in tagged.get(op_id) or exercised[op_id] if _applies(r, version)]
        if op_id not in failing and outcomes and all(c == PASSED for c in outcomes):
            ops_passed += 1
    events = [e.name for e in catalog.section(section).events] if section in known else []
    events_documented = [e for e in events if catalog.event_since(e) <= version]
    asserted = {e for r in records for e in r.exercised_events}
    mine = [r for r in records if r.section == section and _applies(r, version)]
    return Cell(
        version=str(version),
        section=section,
        documented=len(documented),
        covered=len(covered),
        ops_passed=ops_passed,
        ops_failed=ops_failed,
        events_documented=len(events_documented),
        events_asserted=sum(e in asserted for e in events_documented),
        scenarios=len(mine),
        passed=sum(r.category == PASSED for r in mine),
        failed=_counts(mine, FAILURE_KEYS),
        skipped=_counts(mine, SKIP_KEYS),
    )


def _failures(catalog: Catalog, records: Sequence[ScenarioRecord]) -> tuple[Failure, ...]:
    out = []
    for record in records:
        if record.category not in FAILURE_KEYS:
            continue
        ops = list(failed_operations(record, catalog)) or ["(no operation)"]
        for op_id in ops:
            known = catalog.has_operation(op_id)
            op = catalog.operation(op_id) if known else None
            out.append(
                Failure(
                    op=op_id,
                    section=op.section if op else record.section,
                    line=op.doc_line if op else None,
                    scenario=record.name,
                    nodeid=record.nodeid,
                    category=record.category,
                    message=record.message,
                    since=record.since,
                    mandatory=record.mandatory,
                )
            )
    return tuple(sorted(out, key=lambda f: (f.section, f.op, f.nodeid)))


def build_matrix(records: RecordSet, catalog: Catalog | None = None) -> Matrix:
    """The compliance matrix of merged records; everything derives from the catalog and the records.

    Verdict rule, per API version V not newer than the target:

    * *compliant* when every mandatory scenario applicable to V (its `since` <= V) passed;
    * *not compliant* when one of them failed as a non-conformance;
    * *inconclusive* when none failed but one ended in a harness error or an unreachable target;
    * *not assessed* when V is newer than the target, or no mandatory scenario ran.

    Mandatory scenarios skipped for another reason (licence, emulator power, destructive) are not held
    against the target; the verdict names them. The headline is "compliant with V" for the newest V such
    that every version up to V is compliant.
    """
    catalog = catalog or load_catalog()
    run = records.run
    target = ApiVersion.parse(run.api_version) if run.api_version else None
    scenarios = records.scenarios
    tagged: dict[str, list[ScenarioRecord]] = {}
    for record in scenarios:
        for op_id in dict.fromkeys(record.ops):
            tagged.setdefault(op_id, []).append(record)
    exercised: dict[str, list[ScenarioRecord]] = {}
    for record in scenarios:
        for op_id in dict.fromkeys(record.exercised_ops):
            exercised.setdefault(op_id, []).append(record)
    sections = [s.name for s in catalog.sections]
    extra = sorted({r.section for r in scenarios} - set(sections))
    cells = []
    for version in VERSIONS:
        for section in [*sections, *extra]:
            cell = _cell(catalog, version, section, scenarios, tagged, exercised)
            if cell.documented or cell.scenarios:
                cells.append(cell)
    verdicts = tuple(_verdict(v, target, scenarios, run) for v in VERSIONS)
    uncovered = {
        s.name: [op.id for op in s.operations if not exercised.get(op.id)]
        for s in catalog.sections
        if any(not exercised.get(op.id) for op in s.operations)
    }
    return Matrix(
        run=run,
        runs=len(records.runs),
        headline=_unknown_headline(scenarios) if run.known and target is None else _headline(verdicts, records.not_run),
        verdicts=verdicts,
        cells=tuple(cells),
        failures=_failures(catalog, scenarios),
        uncovered=uncovered,
        not_run=records.not_run,
        scenarios=scenarios,
    )
