"""Run real features in a child pytest against the embedded emulator, optionally with defect modifiers.

Nothing here races with the machine's speed: a positive wait (an event, a channel start) returns as soon as
what it waits for happens, so child runs get a generous `--o2g-event-timeout` (a busy machine delays
delivery, it does not lose events); only a scenario whose event a modifier omits waits that long, and it
fails whatever the speed. The subprocess limit only guards against a hung child.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
#: Upper bound of a positive wait in child runs (seconds): never reached unless an event is really missing.
EVENT_TIMEOUT = 15
#: A child that has not finished by then is hung (a whole feature folder runs in well under a minute).
HUNG = 1800


def run_features(
    tmp_path: pathlib.Path, features: str, modifiers: str | None, select: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`features`: space-separated folders; `modifiers`: YAML list text; `select`: a -k expression."""
    args = [sys.executable, "-m", "pytest", *features.split(), "-q", "-p", "no:cacheprovider"]
    args += ["-o", "console_output_style=classic", "-p", "no:randomly", "--o2g-event-timeout", str(EVENT_TIMEOUT)]
    if select:
        args += ["-k", select]
    if modifiers is not None:
        path = tmp_path / "modifiers.yaml"
        path.write_text(modifiers + "\n")
        args += ["--o2g-emulator-modifiers", str(path)]
    env = {k: v for k, v in os.environ.items() if k != "CI"}  # CI would double the event timeout again
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=HUNG, check=False)
