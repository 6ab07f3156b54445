"""How long and how hard the benchmarks push: `O2G_BENCH_MODE=quick|full` plus per-figure overrides.

Every load is bounded both in requests and in seconds, and talks to loopback only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class BenchConfig:
    """Durations (seconds), sizes and bounds of every figure."""

    throughput_seconds: float = 5.0  # per round, per server
    throughput_rounds: int = 7  # bare / emulator alternate this many times; the median ratio is kept
    throughput_connections: int = 16
    latency_calls: int = 300  # one client: calls made, one event latency each
    concurrent_clients: int = 200
    concurrent_seconds: float = 60.0
    concurrent_hold: float = 1.0  # seconds a call stays up before the client releases it
    concurrent_pause: float = 1.0  # seconds a client waits between two calls
    startup_users: int = 10_000
    startup_rounds: int = 3
    suite_features: str = "features"  # the features folder the suite figure runs
    max_requests: int = 2_000_000  # hard bound on requests of any one load, whatever its duration


QUICK = BenchConfig(
    throughput_seconds=2.0,
    throughput_rounds=5,
    latency_calls=200,
    concurrent_seconds=15.0,
    startup_rounds=2,
)


def config() -> BenchConfig:
    """The configuration of this run: the mode from O2G_BENCH_MODE, then O2G_BENCH_<FIELD> overrides."""
    mode = os.environ.get("O2G_BENCH_MODE", "quick")
    if mode not in ("quick", "full"):
        raise SystemExit(f"O2G_BENCH_MODE must be quick or full, not {mode!r}")
    base = QUICK if mode == "quick" else BenchConfig()
    values = {}
    for f in fields(BenchConfig):
        raw = os.environ.get(f"O2G_BENCH_{f.name.upper()}")
        if raw is None:
            values[f.name] = getattr(base, f.name)
            continue
        kind = type(getattr(base, f.name))
        try:
            values[f.name] = kind(raw)
        except ValueError:
            raise SystemExit(f"O2G_BENCH_{f.name.upper()} must be a {kind.__name__}, not {raw!r}") from None
    return BenchConfig(**values)


def mode() -> str:
    return os.environ.get("O2G_BENCH_MODE", "quick")
