"""Sharding: `--o2g-shard K/N` runs the K-th of N disjoint parts of the collected items (CI runners).

Every runner collects the same items (same features, same selection) and computes the same split, so
every item runs in exactly one shard. The split balances recorded durations (`--o2g-shard-durations`:
the `o2g-records-*.json` a run leaves in its Allure results folder, or a JSON mapping nodeid -> seconds):
items are taken longest first and each goes to the shard with the least total so far (ties: the lower
shard, then the node id). An item without a recorded duration weighs the median of the recorded ones,
or 1 when none is recorded, which splits by count. Items outside the shard are deselected, so the
shard's records name them and `o2g-conformance report` merges the shards into one matrix.
"""

from __future__ import annotations

import json
import pathlib
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pytest

from ..optionspec import Opt, raw_value
from ..reporting._records import RecordsError, find, read

SHARD = Opt(
    "--o2g-shard",
    "O2G_SHARD",
    "o2g_shard",
    "run only shard K of N (1-based, e.g. 2/3); every shard of the same selection runs disjoint items",
    metavar="K/N",
)
DURATIONS = Opt(
    "--o2g-shard-durations",
    "O2G_SHARD_DURATIONS",
    "o2g_shard_durations",
    "durations that balance the shards: an Allure results folder or o2g-records-*.json file of an earlier "
    "run, or a JSON object nodeid -> seconds (without it, shards are balanced by count)",
    metavar="PATH",
)
PLAN = pytest.StashKey["ShardPlan"]()


@dataclass(frozen=True)
class ShardPlan:
    """What this shard runs: shard `index` (1-based) of `total`, its estimated and the whole duration."""

    index: int
    total: int
    selected: int
    collected: int
    estimate: float
    whole: float
    recorded: bool

    def describe(self) -> str:
        if self.recorded:
            weight = f"estimated {self.estimate:.1f} s of {self.whole:.1f} s (balanced by recorded durations)"
        else:
            weight = "balanced by count (no recorded durations)"
        return f"o2g shard {self.index}/{self.total}: {self.selected} of {self.collected} items, {weight}"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("o2g", "O2G conformance")
    for opt in (SHARD, DURATIONS):
        group.addoption(opt.flag, dest=opt.dest, default=None, metavar=opt.metavar, help=f"{opt.help}; env {opt.env}")
        parser.addini(opt.ini, help=opt.help, default=None)


def parse_shard(text: str, source: str = SHARD.flag) -> tuple[int, int]:
    """`K/N` with 1 <= K <= N, else a usage error naming the option and the accepted form."""
    parts = text.strip().split("/")
    try:
        index, total = (int(p) for p in parts)
    except ValueError:
        index, total = 0, 0
    if len(parts) != 2 or not 1 <= index <= total:
        raise pytest.UsageError(f"{SHARD.flag} ({source}): {text!r} is not valid; expected K/N with 1 <= K <= N")
    return index, total


def read_durations(path: pathlib.Path) -> dict[str, float]:
    """Recorded seconds per node id from a results folder, a records file or a plain JSON mapping."""
    if path.is_dir():
        files = find([path])
        if not files:
            raise pytest.UsageError(f"{DURATIONS.flag}: no o2g-records-*.json in {path}")
        durations: dict[str, float] = {}
        for file in files:
            durations.update(_records_durations(file))
        return durations
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise pytest.UsageError(f"{DURATIONS.flag}: cannot read {path} ({exc})") from None
    if isinstance(raw, dict) and "scenarios" in raw:
        return _records_durations(path)
    if not isinstance(raw, dict) or not all(isinstance(v, int | float) for v in raw.values()):
        raise pytest.UsageError(f"{DURATIONS.flag}: {path} is neither O2G records nor a JSON object nodeid -> seconds")
    return {str(k): float(v) for k, v in raw.items()}


def _records_durations(path: pathlib.Path) -> dict[str, float]:
    try:
        records = read(path)
    except RecordsError as exc:
        raise pytest.UsageError(f"{DURATIONS.flag}: {exc}") from None
    return {s.nodeid: s.duration for s in records.scenarios if s.duration > 0}


def weights(nodeids: Iterable[str], durations: Mapping[str, float]) -> dict[str, float]:
    """The weight of every item: its recorded duration, else the median recorded one, else 1."""
    known = [d for d in durations.values() if d > 0]
    fallback = statistics.median(known) if known else 1.0
    return {n: durations[n] if durations.get(n, 0) > 0 else fallback for n in nodeids}


def assign(nodeids: Sequence[str], total: int, durations: Mapping[str, float] | None = None) -> dict[str, int]:
    """Shard (0-based) of every node id: longest first to the least loaded shard; the same on every runner."""
    weight = weights(nodeids, durations or {})
    loads = [0.0] * total
    shard_of: dict[str, int] = {}
    for nodeid in sorted(set(nodeids), key=lambda n: (-weight[n], n)):
        target = min(range(total), key=lambda i: (loads[i], i))
        shard_of[nodeid] = target
        loads[target] += weight[nodeid]
    return shard_of


@pytest.hookimpl(trylast=True)  # after -k / -m selection: every shard splits the same selected items
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    value, source = raw_value(config, SHARD)
    if not value:
        return
    index, total = parse_shard(value, source)
    where, _ = raw_value(config, DURATIONS)
    durations = read_durations(pathlib.Path(where)) if where else {}
    nodeids = [item.nodeid for item in items]
    shard_of = assign(nodeids, total, durations)
    weight = weights(nodeids, durations)
    keep = [item for item in items if shard_of[item.nodeid] == index - 1]
    dropped = [item for item in items if shard_of[item.nodeid] != index - 1]
    config.stash[PLAN] = ShardPlan(
        index=index,
        total=total,
        selected=len(keep),
        collected=len(items),
        estimate=sum(weight[i.nodeid] for i in keep),
        whole=sum(weight.values()),
        recorded=any(n in durations for n in nodeids),
    )
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


def pytest_report_collectionfinish(config: pytest.Config) -> list[str]:
    plan = config.stash.get(PLAN, None)
    return [plan.describe()] if plan is not None else []
