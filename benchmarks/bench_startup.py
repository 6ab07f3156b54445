"""Start-up of the emulator on a large topology: process start until the root answers, and its RSS then.

Cold: the first start-up of a topology (its parse cache empty); warm: the next ones (the parsed topology
comes from the cache, see `core/topology.py`). The bundled topology is measured too, in the same run.
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
    cold: list[float] = []
    warm: list[float] = []
    rss: list[float] = []
    small: list[float] = []
    with tempfile.TemporaryDirectory(prefix="o2g-bench-") as tmp:
        topology = write_topology(pathlib.Path(tmp) / "topology.yaml", cfg.startup_users)
        for i in range(cfg.startup_rounds):
            env = {"O2G_CACHE_DIR": f"{tmp}/cache{i}"}  # a fresh cache: the first start-up is cold
            with _servers.emulator(env=env) as emu:
                small.append(emu.ready_after)
            with _servers.emulator(topology=topology, env=env) as emu:
                cold.append(emu.ready_after)
            with _servers.emulator(topology=topology, env=env) as emu:
                warm.append(emu.ready_after)
                rss.append(emu.rss_mb())
    return {
        "startup_10k_s": round(statistics.median(warm), 3),
        "startup_10k_cold_s": round(statistics.median(cold), 3),
        "startup_10k_rss_mb": round(statistics.median(rss), 1),
        "startup_bundled_s": round(statistics.median(small), 3),
        "startup_users": float(cfg.startup_users),
    }
