"""Helpers of the reporting tests: run the suite in a subprocess, read Allure results, drive chromium."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from typing import Any

import httpx

REPO = pathlib.Path(__file__).resolve().parents[2]
FEATURES = REPO / "features"
#: The sections whose features are part of the repository since the first plugin commit (stable ground).
BASE_FEATURES = ("root", "authentication", "sessions", "subscriptions")
CHROMIUM = pathlib.Path("/usr/bin/chromium")


def topology(tmp: pathlib.Path, minor: str) -> pathlib.Path:
    """A copy of the bundled topology reporting another product version (minor "002.000" = API 2.7.2)."""
    source = (REPO / "fixtures" / "topology.yaml").read_text(encoding="utf-8")
    assert 'minor: "004.000"' in source, "the bundled topology no longer reports 2.7 004.000"
    path = tmp / f"topology-{minor}.yaml"
    path.write_text(source.replace('minor: "004.000"', f'minor: "{minor}"'), encoding="utf-8")
    return path


def run_suite(
    paths: Sequence[str | pathlib.Path], results: pathlib.Path, compliance: pathlib.Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    """`pytest <paths>` from the project root, Allure results and matrix into the given folders."""
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        *(str(p) for p in paths),
        "-q",
        "-p",
        "no:cacheprovider",
        "--alluredir",
        str(results),
        "--o2g-compliance-dir",
        str(compliance),
        *extra,
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("O2G_", "PYTEST_"))}
    return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False, env=env, timeout=600)


def results_of(directory: pathlib.Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*-result.json"))]


def matrix_of(compliance: pathlib.Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((compliance / "compliance-matrix.json").read_text(encoding="utf-8"))
    return data


def allure_missing() -> str | None:
    """Why the Allure 3 CLI cannot run here, or None."""
    if shutil.which("npx") is None:
        return "npx not found: Node.js is needed to build the Allure report"
    if not (REPO / "node_modules" / "allure" / "package.json").is_file():
        return "the npm package allure is not installed (npm ci)"
    return None


def report(results: Sequence[pathlib.Path], output: pathlib.Path, compliance: pathlib.Path) -> tuple[int, str]:
    """`o2g-conformance report` from the project root with a history of its own; (exit status, output)."""
    cmd = [sys.executable, "-m", "o2g_conformance.cli", "report"]
    for r in results:
        cmd += ["--results", str(r)]
    cmd += [
        "--output",
        str(output),
        "--compliance-dir",
        str(compliance),
        "--history",
        str(output.parent / "history.jsonl"),
    ]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False, timeout=600)
    return proc.returncode, proc.stdout + proc.stderr


def modifier_route_missing() -> str | None:
    """Why the emulator's defect modifiers cannot be used (asked of a running emulator), or None."""
    from o2g_conformance.emulator.server import EmulatorServer

    server = EmulatorServer().start()
    try:
        body = {"op": "sessions.session.get", "kind": "drop_field", "path": "privateBaseUrl"}
        answer = httpx.post(server.url + "/__emulator__/modifiers", json=body, timeout=10)
        if answer.status_code >= 300:
            return (
                f"the emulator's modifier route is missing: POST /__emulator__/modifiers answered {answer.status_code}"
            )
        httpx.delete(server.url + "/__emulator__/modifiers", timeout=10)
        return None
    finally:
        server.stop()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(directory: pathlib.Path) -> Iterator[str]:
    """Serve a folder on the loopback (an ephemeral port); yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def dump_dom(url: str, budget_ms: int = 20000) -> str:
    """The DOM of `url` after its scripts ran, as Debian's chromium renders it headless (no network but `url`)."""
    with tempfile.TemporaryDirectory(prefix="o2g-chromium-") as profile:
        cmd = [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--disable-default-apps",
            "--no-default-browser-check",
            "--metrics-recording-only",
            # Any name but the loopback resolves to nothing: the page cannot reach the internet.
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            f"--user-data-dir={profile}",
            f"--virtual-time-budget={budget_ms}",
            "--dump-dom",
            url,
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=120)
    if proc.returncode != 0:
        raise AssertionError(f"chromium failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return proc.stdout


def embedded(report_dir: pathlib.Path, name: str) -> Any:
    """A data file of a single-file Allure report (`widgets/categories.json`), decoded from index.html."""
    import base64
    import re

    page = (report_dir / "index.html").read_text(encoding="utf-8")
    match = re.search(r'"' + re.escape(name) + r'","([A-Za-z0-9+/=]+)"', page)
    if match is None:
        raise AssertionError(f"{name} is not embedded in {report_dir}/index.html")
    return json.loads(base64.b64decode(match.group(1)))


def visible_text(dom: str) -> str:
    """The text of a dumped DOM without scripts, styles and tags, spaces collapsed."""
    import re

    body = re.sub(r"<(script|style)\b.*?</\1>", " ", dom, flags=re.S | re.I)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip()
