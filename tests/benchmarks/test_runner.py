"""The benchmark runner (`python -m benchmarks`): discovery, verdicts, the table, the JSON and its comparison.

No load runs here: the benchmark modules are stand-ins.
"""

from __future__ import annotations

import json
import math
import pathlib
import types

import pytest

from benchmarks import __main__ as runner
from benchmarks._load import Recorder, percentile


def _module(
    name: str, figures: dict[str, float | str], goals: dict[str, tuple[str, float]] | None = None
) -> types.ModuleType:
    mod = types.ModuleType(f"benchmarks.bench_{name}")
    mod.run = lambda: figures  # type: ignore[attr-defined]
    if goals is not None:
        mod.GOALS = goals  # type: ignore[attr-defined]
    return mod


def test_every_bench_module_with_a_run_function_is_found() -> None:
    names = [m.__name__ for m in runner.discover()]
    assert "benchmarks.bench_suite" in names and "benchmarks.bench_startup" in names
    assert all(n.split(".")[-1].startswith("bench_") for n in names)
    assert [m.__name__ for m in runner.discover(["startup"])] == ["benchmarks.bench_startup"]


@pytest.mark.parametrize(
    ("value", "goal", "expected"),
    [
        (0.9, (">=", 0.8), "met"),
        (0.7, (">=", 0.8), "NOT MET"),
        (3.0, ("<=", 3.0), "met"),
        (3.1, ("<=", 3.0), "NOT MET"),
    ],
)
def test_a_figure_meets_its_goal_or_not(value: float, goal: tuple[str, float], expected: str) -> None:
    assert runner.verdict(value, goal) == expected


def test_percentiles_are_nearest_rank() -> None:
    values = [float(i) for i in range(1, 101)]
    assert (percentile(values, 0.5), percentile(values, 0.99), percentile(values, 1.0)) == (50.0, 99.0, 100.0)
    assert math.isnan(percentile([], 0.5))
    rec = Recorder([0.001, 0.002, 0.003], errors=2)
    assert rec.summary("x") == {
        "x_count": 3.0,
        "x_errors": 2.0,
        "x_p50_ms": 2.0,
        "x_p95_ms": 3.0,
        "x_p99_ms": 3.0,
        "x_max_ms": 3.0,
    }


def test_a_run_writes_the_json_and_compares_with_the_previous_one(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bench.json"
    monkeypatch.setattr(runner._servers, "compile_sources", lambda: None)
    monkeypatch.setattr(runner._servers, "pin", lambda pid, cpus: None)
    monkeypatch.setattr(runner, "discover", lambda names=None: [_module("a", {"speed": 10.0}, {"speed": (">=", 12.0)})])
    assert runner.main(["--output", str(out)]) == 0
    first = json.loads(out.read_text())
    assert first["benchmarks"]["a"]["figures"] == {"speed": 10.0}
    assert first["benchmarks"]["a"]["goals"] == {"speed": [">=", 12.0]}
    monkeypatch.setattr(runner, "discover", lambda names=None: [_module("a", {"speed": 15.0}, {"speed": (">=", 12.0)})])
    capsys.readouterr()
    assert runner.main(["--output", str(out)]) == 0
    table = capsys.readouterr().out
    line = next(row for row in table.splitlines() if row.strip().startswith("speed"))
    assert line.split() == ["speed", "15", "10", "+50%", ">=", "12", "met"]
    assert json.loads((tmp_path / "bench.previous.json").read_text()) == first


def test_a_failing_benchmark_is_reported_and_the_others_still_run(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> dict[str, float]:
        raise RuntimeError("server did not start")

    bad = _module("bad", {})
    bad.run = broken  # type: ignore[attr-defined]
    monkeypatch.setattr(runner._servers, "compile_sources", lambda: None)
    monkeypatch.setattr(runner._servers, "pin", lambda pid, cpus: None)
    monkeypatch.setattr(runner, "discover", lambda names=None: [bad, _module("good", {"x": 1.0})])
    out = tmp_path / "bench.json"
    assert runner.main(["--output", str(out)]) == 1
    data = json.loads(out.read_text())["benchmarks"]
    assert data["bad"]["error"] == "RuntimeError: server did not start"
    assert data["good"]["figures"] == {"x": 1.0}
