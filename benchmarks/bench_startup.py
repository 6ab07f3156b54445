"""Start-up of the emulator on a large topology: process start until the root answers, and its RSS then.

The bundled topology is measured too, as the baseline of the same run.
"""

from __future__ import annotations

import pathlib
import statistics
import tempfile

from . import _servers
from ._config import config
from ._topology import write_topology

GOALS = {"startup_10k_s": ("<=", 1.5), "startup_10k_rss_mb": ("<=", 200.0)}


def run() -> dict[str, float | str]:
    cfg = config()
    big: list[float] = []
    rss: list[float] = []
    small: list[float] = []
    with tempfile.TemporaryDirectory(prefix="o2g-bench-") as tmp:
        topology = write_topology(pathlib.Path(tmp) / "topology.yaml", cfg.startup_users)
        for _ in range(cfg.startup_rounds):
            with _servers.emulator() as emu:
                small.append(emu.ready_after)
            with _servers.emulator(topology=topology) as emu:
                big.append(emu.ready_after)
                rss.append(emu.rss_mb())
    return {
        "startup_10k_s": round(statistics.median(big), 3),
        "startup_10k_rss_mb": round(statistics.median(rss), 1),
        "startup_bundled_s": round(statistics.median(small), 3),
        "startup_users": float(cfg.startup_users),
    }
