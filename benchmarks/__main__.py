"""`python -m benchmarks [NAME ...]`: run the benchmark modules, print a table, write and compare the JSON.

Every `benchmarks/bench_*.py` module exposing `run() -> dict[str, float | str]` is a benchmark; its
optional `GOALS = {figure: (">=" | "<=", bound)}` puts a goal and a verdict beside a figure. The results
go to `reports/bench/bench.json` (the previous file is kept as `bench.previous.json` and compared).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import math
import os
import pathlib
import pkgutil
import platform
import sys
import time
import traceback
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any

from . import _config, _servers

Figures = dict[str, float | str]
OUT = pathlib.Path("reports/bench/bench.json")


def discover(names: list[str] | None = None) -> list[ModuleType]:
    """The `bench_*` modules of this package (all, or those whose name contains one of `names`)."""
    here = pathlib.Path(__file__).parent
    found = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    if names:
        found = [m for m in found if any(n in m for n in names)]
    modules = [importlib.import_module(f"{__package__}.{name}") for name in found]
    return [m for m in modules if callable(getattr(m, "run", None))]


def run_one(module: ModuleType) -> tuple[Figures, float, str | None]:
    """The module's figures, its duration and its error (a failing benchmark does not stop the others)."""
    started = time.perf_counter()
    run: Callable[[], Mapping[str, Any]] = module.run
    try:
        raw = run()
        figures: Figures = {str(k): v if isinstance(v, str) else float(v) for k, v in raw.items()}
        error = None
    except Exception as exc:  # reported in the table and the JSON
        traceback.print_exc()
        figures, error = {}, f"{type(exc).__name__}: {exc}"
    return figures, time.perf_counter() - started, error


def verdict(value: float | str, goal: tuple[str, float] | None) -> str:
    if goal is None or isinstance(value, str) or math.isnan(value):
        return ""
    op, bound = goal
    met = value >= bound if op == ">=" else value <= bound
    return "met" if met else "NOT MET"


def _fmt(value: float | str | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    return f"{value:.0f}" if value == int(value) and abs(value) >= 100 else f"{value:.3g}"


def table(results: Mapping[str, Any], previous: Mapping[str, Any] | None) -> str:
    """One line per figure: value, previous value and change, goal and verdict."""
    prev_figures: dict[str, Any] = {}
    for entry in (previous or {}).get("benchmarks", {}).values():
        prev_figures.update(entry.get("figures", {}))
    rows: list[tuple[str, ...]] = [("figure", "value", "previous", "change", "goal", "verdict")]
    for name, entry in results["benchmarks"].items():
        rows.append((f"[{name}] {entry['seconds']:.0f} s" + (f"  ERROR {entry['error']}" if entry["error"] else ""),))
        goals = entry.get("goals", {})
        for key, value in entry["figures"].items():
            old = prev_figures.get(key)
            change = ""
            if isinstance(value, float) and isinstance(old, (int, float)) and old and not math.isnan(old):
                change = f"{(value - old) / abs(old) * 100:+.0f}%"
            goal = goals.get(key)
            rows.append(
                (
                    "  " + key,
                    _fmt(value),
                    _fmt(old),
                    change,
                    f"{goal[0]} {_fmt(goal[1])}" if goal else "",
                    verdict(value, tuple(goal) if goal else None),
                )
            )
    widths = [max(len(r[i]) for r in rows if len(r) > i and len(r) > 1) for i in range(6)]
    lines = []
    for r in rows:
        lines.append(r[0] if len(r) == 1 else "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="run only the bench_* modules whose name contains one of these")
    parser.add_argument("--full", action="store_true", help="full durations (default: quick, O2G_BENCH_MODE)")
    parser.add_argument("--output", default=str(OUT), help=f"JSON results (default {OUT})")
    parser.add_argument("--list", action="store_true", help="list the benchmarks found and exit")
    args = parser.parse_args(argv)
    if args.full:
        os.environ["O2G_BENCH_MODE"] = "full"
    cfg = _config.config()
    modules = discover(args.names)
    if args.list or not modules:
        print("\n".join(m.__name__ for m in modules) or "no benchmark found", file=sys.stderr if not modules else None)
        return 0 if modules else 2
    out = pathlib.Path(args.output)
    previous = json.loads(out.read_text(encoding="utf-8")) if out.is_file() else None
    results: dict[str, Any] = {
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "mode": _config.mode(),
        "config": cfg.__dict__,
        "machine": {
            "cpus": os.cpu_count(),
            "load_average": list(os.getloadavg()),  # other work on the machine skews absolute figures, not ratios
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "benchmarks": {},
    }
    _servers.compile_sources()
    _servers.pin(0, _servers.CLIENT_CPUS)  # the load generator (this process) off the servers' CPU
    for module in modules:
        name = module.__name__.rsplit(".", 1)[-1].removeprefix("bench_")
        print(f"running {name} ...", file=sys.stderr, flush=True)
        figures, seconds, error = run_one(module)
        goals = {k: list(v) for k, v in getattr(module, "GOALS", {}).items()}
        results["benchmarks"][name] = {"figures": figures, "seconds": round(seconds, 1), "error": error, "goals": goals}
    print(table(results, previous))
    out.parent.mkdir(parents=True, exist_ok=True)
    if previous is not None:
        out.with_name("bench.previous.json").write_text(json.dumps(previous, indent=1), encoding="utf-8")
    out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"\nresults: {out}" + (f" (compared with the run of {previous.get('started')})" if previous else ""))
    return 1 if any(e["error"] for e in results["benchmarks"].values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
