"""Run real features in a child pytest against the embedded emulator, optionally with defect modifiers."""

from __future__ import annotations

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def run_features(
    tmp_path: pathlib.Path, features: str, modifiers: str | None, select: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`features`: space-separated folders; `modifiers`: YAML list text; `select`: a -k expression."""
    args = [sys.executable, "-m", "pytest", *features.split(), "-q", "-p", "no:cacheprovider"]
    args += ["-o", "console_output_style=classic"]
    if select:
        args += ["-k", select]
    if modifiers is not None:
        path = tmp_path / "modifiers.yaml"
        path.write_text(modifiers + "\n")
        args += ["--o2g-emulator-modifiers", str(path)]
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
