"""Sharding (`--o2g-shard K/N`): every item in exactly one shard, balanced by recorded durations, and the
matrix merged from the shards equals the matrix of a single run."""

from __future__ import annotations

import json
import pathlib
import random
from typing import Any

import pytest

from o2g_conformance.plugin.sharding import ShardPlan, assign, parse_shard, read_durations, weights
from o2g_conformance.reporting import build_matrix, load
from tests.reporting.support import FEATURES, run_suite

SUBSET = [FEATURES / "root", FEATURES / "authentication"]


def _ids(count: int) -> list[str]:
    return [f"features/x/test_x.py::test_{i:03d}" for i in range(count)]


@pytest.mark.parametrize("total", [1, 2, 3, 5, 40])
def test_every_item_is_in_exactly_one_shard_whatever_the_collection_order(total: int) -> None:
    ids = _ids(37)
    durations = {n: float(i % 7 + 1) for i, n in enumerate(ids[:20])}
    shard_of = assign(ids, total, durations)
    assert sorted(shard_of) == sorted(ids)
    assert set(shard_of.values()) <= set(range(total))
    shuffled = ids[:]
    random.Random(4).shuffle(shuffled)
    assert assign(shuffled, total, dict(reversed(list(durations.items())))) == shard_of


def test_shards_are_balanced_by_recorded_durations_not_by_count() -> None:
    ids = _ids(11)
    durations = {ids[0]: 10.0, **{n: 1.0 for n in ids[1:]}}
    shard_of = assign(ids, 2, durations)
    alone = shard_of[ids[0]]
    assert [n for n in ids if shard_of[n] == alone] == [ids[0]]  # 10 s against ten items of 1 s


def test_without_durations_shards_differ_by_one_item_at_most() -> None:
    counts = [0, 0, 0]
    for shard in assign(_ids(10), 3).values():
        counts[shard] += 1
    assert sorted(counts) == [3, 3, 4]


def test_an_item_without_a_recorded_duration_weighs_the_median() -> None:
    assert weights(["a", "b", "new"], {"a": 1.0, "b": 3.0, "c": 8.0}) == {"a": 1.0, "b": 3.0, "new": 3.0}
    assert weights(["a"], {}) == {"a": 1.0}


@pytest.mark.parametrize("text", ["0/3", "4/3", "a/b", "3", "1/2/3", ""])
def test_a_bad_shard_is_a_usage_error_naming_the_option(text: str) -> None:
    with pytest.raises(pytest.UsageError, match=r"--o2g-shard .*expected K/N"):
        parse_shard(text)


def test_durations_come_from_a_plain_mapping_or_are_refused(tmp_path: pathlib.Path) -> None:
    good = tmp_path / "durations.json"
    good.write_text(json.dumps({"a": 2, "b": 0.5}))
    assert read_durations(good) == {"a": 2.0, "b": 0.5}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(["a", 2]))
    with pytest.raises(pytest.UsageError, match="--o2g-shard-durations"):
        read_durations(bad)
    with pytest.raises(pytest.UsageError, match="no o2g-records"):
        read_durations(tmp_path)


def test_the_plan_says_what_the_shard_runs() -> None:
    plan = ShardPlan(index=2, total=3, selected=4, collected=11, estimate=3.5, whole=10.0, recorded=True)
    assert plan.describe() == "o2g shard 2/3: 4 of 11 items, estimated 3.5 s of 10.0 s (balanced by recorded durations)"


def _comparable(matrix_json: dict[str, Any]) -> dict[str, Any]:
    """The matrix without what differs between any two runs (times, run count, durations)."""
    out = {k: v for k, v in matrix_json.items() if k not in ("generated", "target", "runs")}
    out["scenarios"] = [{k: v for k, v in s.items() if k != "duration"} for s in out["scenarios"]]
    return out


def test_three_shards_merge_into_the_matrix_of_a_single_run(tmp_path: pathlib.Path) -> None:
    single = tmp_path / "single"
    proc = run_suite(SUBSET, single, tmp_path / "c-single", "-p", "no:randomly")
    assert proc.returncode == 0, proc.stdout[-3000:]
    shards = []
    for k in (1, 2, 3):
        results = tmp_path / f"shard{k}"
        # Balanced by the single run's recorded durations, as a CI pipeline does with the last run's results.
        shard = ("--o2g-shard", f"{k}/3", "--o2g-shard-durations", str(single))
        proc = run_suite(SUBSET, results, tmp_path / f"c{k}", *shard)
        assert proc.returncode == 0, proc.stdout[-3000:]
        assert f"o2g shard {k}/3: " in proc.stdout
        shards.append(results)
    whole = load([single])
    merged = load(shards)
    ran = [{s.nodeid for s in load([d]).scenarios} for d in shards]
    assert all(ran) and sum(len(r) for r in ran) == len(whole.scenarios) == len(set().union(*ran))
    assert _comparable(build_matrix(merged).to_json()) == _comparable(build_matrix(whole).to_json())
    # The comparison is not blind: two shards of three are not the single run (their third is "not run").
    partial = build_matrix(load(shards[:2])).to_json()
    assert partial["not_run"] and _comparable(partial) != _comparable(build_matrix(whole).to_json())
