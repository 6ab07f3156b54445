"""The conformance suite against the embedded emulator: serial, then with `-n 2` (pytest-xdist).

Run as `o2g-conformance run` does (pytest on the features), Allure results into a scratch folder.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time

from ._config import config
from ._servers import ROOT, child_env

GOALS = {"suite_serial_s": ("<=", 25.0), "suite_speedup_n2": (">=", 1.7)}


def _run(features: str, extra: list[str]) -> tuple[float, int, str]:
    with tempfile.TemporaryDirectory(prefix="o2g-bench-suite-") as tmp:
        argv = [
            *("-m", "o2g_conformance.cli", "run", "--features", features, "--alluredir", f"{tmp}/allure-results"),
            *("-p", "no:randomly", "--o2g-compliance-dir", f"{tmp}/compliance", *extra),
        ]
        env = child_env()
        env.pop("PYTEST_XDIST_WORKER", None)
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, *argv], cwd=ROOT, capture_output=True, text=True, check=False, env=env, timeout=1800
        )
        elapsed = time.perf_counter() - started
    last = (done.stdout.strip().splitlines() or ["(no output)"])[-1]
    return elapsed, done.returncode, last


def run() -> dict[str, float | str]:
    features = config().suite_features
    serial, status_serial, summary = _run(features, [])
    parallel, status_parallel, summary_n2 = _run(features, ["-n", "2"])
    return {
        "suite_serial_s": round(serial, 2),
        "suite_n2_s": round(parallel, 2),
        "suite_speedup_n2": round(serial / parallel, 2) if parallel else 0.0,
        "suite_exit_status": float(max(status_serial, status_parallel)),
        "suite_summary": summary,
        "suite_summary_n2": summary_n2,
    }
