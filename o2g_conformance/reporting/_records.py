"""What a run leaves for the compliance matrix: one record per scenario and the target it ran against."""

from __future__ import annotations

import json
import pathlib
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

FORMAT = "o2g-records/1"
PREFIX = "o2g-records-"


class RecordsError(Exception):
    """Results that cannot make one matrix (unreadable file, different targets)."""


@dataclass(frozen=True)
class ScenarioRecord:
    """The outcome of one scenario (one pytest item): what it covers, where it applies, how it ended."""

    nodeid: str
    name: str
    feature: str
    section: str
    ops: tuple[str, ...]
    events: tuple[str, ...]
    since: str
    mandatory: bool
    status: str  # Allure status: passed | failed | broken | skipped
    category: str  # a key of reporting._categories
    message: str = ""
    duration: float = 0.0
    #: Operations its exchanges reached and events its steps consumed (None: not recorded, an older file).
    sent: tuple[str, ...] | None = None
    asserted: tuple[str, ...] | None = None

    @property
    def exercised_ops(self) -> tuple[str, ...]:
        """The operations this scenario exercised on the target: what it sent (its tags in an older file);
        nothing when it was skipped."""
        if self.status == "skipped":
            return ()
        return self.ops if self.sent is None else self.sent

    @property
    def exercised_events(self) -> tuple[str, ...]:
        """The events this scenario asserted (its tags in an older file); nothing when it was skipped."""
        if self.status == "skipped":
            return ()
        return self.events if self.asserted is None else self.asserted

    def plain(self) -> dict[str, Any]:
        """Plain data for JSON and pytest-xdist: lists of plain `str` (execnet refuses a str subclass, such as
        the step vocabulary's EventName, and tuples)."""
        out = asdict(self)
        for name in ("ops", "events", "sent", "asserted"):
            out[name] = None if out[name] is None else [str(v) for v in out[name]]
        return {k: str(v) if isinstance(v, str) else v for k, v in out.items()}

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> ScenarioRecord:
        return cls(
            nodeid=str(raw["nodeid"]),
            name=str(raw.get("name", raw["nodeid"])),
            feature=str(raw.get("feature", "")),
            section=str(raw["section"]),
            ops=tuple(raw.get("ops", ())),
            events=tuple(raw.get("events", ())),
            since=str(raw["since"]),
            mandatory=bool(raw.get("mandatory", True)),
            status=str(raw["status"]),
            category=str(raw["category"]),
            message=str(raw.get("message", "")),
            duration=float(raw.get("duration", 0.0)),
            sent=None if raw.get("sent") is None else tuple(raw["sent"]),
            asserted=None if raw.get("asserted") is None else tuple(raw["asserted"]),
        )


@dataclass(frozen=True)
class RunInfo:
    """The target of a run as the reports may name it (URL without credentials) and what was left out."""

    target: str = "unknown"
    kind: str = "unknown"  # emulator | real | unknown (the target was never reached)
    product_version: str = "unknown"
    api_version: str | None = None
    ha_mode: bool | None = None
    licence_mode: str = "unknown"
    secondary: str | None = None
    started: str = ""
    finished: str = ""
    deselected: tuple[str, ...] = ()
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> RunInfo:
        names = set(cls.__dataclass_fields__)
        values = {k: v for k, v in raw.items() if k in names}
        values["deselected"] = tuple(values.get("deselected", ()))
        return cls(**values)

    @property
    def known(self) -> bool:
        return self.kind != "unknown"


@dataclass(frozen=True)
class RecordSet:
    """Scenario records of one or more runs against one target.

    Every pytest process that runs scenarios (a plain run, the controller of pytest-xdist workers, each
    CI shard) writes one `o2g-records-<id>.json` next to its Allure results; `merge` joins several.
    """

    runs: tuple[RunInfo, ...]
    scenarios: tuple[ScenarioRecord, ...]

    @property
    def run(self) -> RunInfo:
        """The target the records describe (the first run that reached one)."""
        return next((r for r in self.runs if r.known), self.runs[0] if self.runs else RunInfo())

    @property
    def not_run(self) -> tuple[str, ...]:
        """Scenarios deselected in every run (a sharded run deselects in each shard what others run)."""
        ran = {s.nodeid for s in self.scenarios}
        return tuple(sorted({n for r in self.runs for n in r.deselected} - ran))

    def to_json(self) -> dict[str, Any]:
        if len(self.runs) != 1:
            raise RecordsError("only the records of a single run are written to a records file")
        run = asdict(self.runs[0])
        run["deselected"] = list(self.runs[0].deselected)
        return {"format": FORMAT, "run": run, "scenarios": [s.plain() for s in self.scenarios]}

    def write(self, directory: pathlib.Path) -> pathlib.Path:
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{PREFIX}{self.runs[0].id}.json"
        path.write_text(json.dumps(self.to_json(), indent=1, ensure_ascii=False), encoding="utf-8")
        return path


def read(path: pathlib.Path) -> RecordSet:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RecordsError(f"{path}: cannot read O2G records ({exc})") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise RecordsError(f"{path}: not an O2G records file (expected format {FORMAT!r})")
    try:
        return RecordSet((RunInfo.from_json(raw["run"]),), tuple(ScenarioRecord.from_json(s) for s in raw["scenarios"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise RecordsError(f"{path}: malformed O2G records ({exc!r})") from None


def find(directories: Iterable[pathlib.Path]) -> list[pathlib.Path]:
    """Every records file in the given results folders (not recursive), in a stable order."""
    return sorted(p for d in directories for p in d.glob(f"{PREFIX}*.json"))


def merge(sets: Sequence[RecordSet]) -> RecordSet:
    """One record set from several runs against the same target (xdist workers, CI shards, reruns).

    Runs that reached a target must agree on its API version and kind; a scenario recorded by several
    runs keeps its last record (runs ordered by start time), so a rerun replaces the first attempt.
    """
    runs = sorted((r for s in sets for r in s.runs), key=lambda r: r.started)
    reached = [r for r in runs if r.known]
    targets = {(r.kind, r.api_version) for r in reached}
    if len(targets) > 1:
        seen = ", ".join(f"{kind} API {version or 'unknown'}" for kind, version in sorted(targets, key=str))
        raise RecordsError(f"results come from different targets ({seen}): build one matrix per target")
    order = {r.id: i for i, r in enumerate(runs)}
    by_node: dict[str, tuple[int, ScenarioRecord]] = {}
    for s in sets:
        rank = max((order[r.id] for r in s.runs), default=0)
        for record in s.scenarios:
            if record.nodeid not in by_node or by_node[record.nodeid][0] <= rank:
                by_node[record.nodeid] = (rank, record)
    scenarios = tuple(sorted((r for _, r in by_node.values()), key=lambda r: r.nodeid))
    return RecordSet(tuple(runs), scenarios)


def load(directories: Iterable[pathlib.Path]) -> RecordSet:
    """The merged records of every run whose results are in `directories`."""
    files = find(directories)
    if not files:
        raise RecordsError("no O2G records (o2g-records-*.json) in " + ", ".join(str(d) for d in directories))
    return merge([read(p) for p in files])


def with_target(records: RecordSet, run: RunInfo) -> RecordSet:
    """The same scenarios with the run's target information replaced (the controller learns it late)."""
    return replace(records, runs=(run,))
