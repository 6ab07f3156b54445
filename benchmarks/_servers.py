"""Servers under test, each in its own process on loopback (port 0): the emulator and a bare Starlette app.

Both run on the same uvicorn with the same settings, so that the bare app is the ceiling the emulator is
measured against. A process prints `... serving http://127.0.0.1:PORT/api/rest` on stderr once it listens.
"""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import re
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence

import httpx

_SERVING = re.compile(r"serving (http://127\.0\.0\.1:\d+)/api/rest")
ROOT = pathlib.Path(__file__).resolve().parent.parent


def _cpus() -> tuple[set[int], set[int]]:
    """CPUs for the servers under test and for the load generator: apart when there are two or more."""
    try:
        cpus = sorted(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return set(), set()
    return ({cpus[-1]}, set(cpus[:-1])) if len(cpus) >= 2 else (set(), set())


#: Servers share one CPU and the load generator keeps the others: on a busy machine, the bare app and the
#: emulator then compete with the same other work, and neither competes with its own client.
SERVER_CPUS, CLIENT_CPUS = _cpus()


def pin(pid: int, cpus: set[int]) -> None:
    """Keep process `pid` (0: this one) on `cpus` (no-op when empty or unsupported)."""
    if cpus and hasattr(os, "sched_setaffinity"):
        with contextlib.suppress(OSError):
            os.sched_setaffinity(pid, cpus)


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a measured process: Python's default of caching bytecode (see `compile_sources`)."""
    env = dict(os.environ, PYTHONUNBUFFERED="1", **(extra or {}))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_sources() -> None:
    """Byte-compile the project's sources once, as installing a package does: every measured process
    then starts as it would for a user, instead of compiling hundreds of modules (PYTHONDONTWRITEBYTECODE)."""
    import compileall

    for folder in ("o2g_conformance", "steps", "features", "benchmarks"):
        compileall.compile_dir(str(ROOT / folder), quiet=1, workers=1)
    compileall.compile_file(str(ROOT / "conftest.py"), quiet=1)


class Server:
    """A server process, returned once its root answers (after `ready_after` s); `rss_mb()`, `stop()`."""

    def __init__(self, argv: Sequence[str], *, timeout: float = 120.0, env: Mapping[str, str] | None = None) -> None:
        self.started_at = time.perf_counter()
        env = child_env(env)
        self.proc = subprocess.Popen(
            [sys.executable, *argv], cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env
        )
        pin(self.proc.pid, SERVER_CPUS)
        self.url = ""
        self.log: list[str] = []
        deadline = time.monotonic() + timeout
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.log.append(line)
            found = _SERVING.search(line)
            if found:
                self.url = found.group(1)
                break
            if time.monotonic() > deadline:
                break
        if not self.url:
            self.stop()
            raise RuntimeError("server did not start: " + "".join(self.log[-20:]))
        # Keep draining stderr so that the server never blocks on a full pipe.
        threading.Thread(target=self._drain, daemon=True).start()
        try:
            #: seconds from process start until the root descriptor answers (the port is bound before)
            self.ready_after = self.wait_root(timeout)
        except RuntimeError:
            self.stop()
            raise

    def _drain(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.log.append(line)
            del self.log[:-200]

    def wait_root(self, timeout: float = 120.0) -> float:
        """Seconds from process start until `GET /api/rest` answers 200."""
        deadline = time.monotonic() + timeout
        with httpx.Client(timeout=5.0) as c:
            while time.monotonic() < deadline:
                try:
                    if c.get(f"{self.url}/api/rest").status_code == 200:
                        return time.perf_counter() - self.started_at
                except httpx.TransportError:
                    pass
                time.sleep(0.01)
        raise RuntimeError(f"{self.url}/api/rest did not answer within {timeout} s")

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the server process has used so far (Linux /proc)."""
        try:
            fields = pathlib.Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return float("nan")
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> float:
        """Resident set size of the server process (Linux /proc), MB."""
        try:
            status = pathlib.Path(f"/proc/{self.proc.pid}/status").read_text()
        except OSError:
            return float("nan")
        kb = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
        return kb / 1024

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def emulator(*extra: str, topology: pathlib.Path | None = None, env: Mapping[str, str] | None = None) -> Server:
    """`o2g-emulator` on a free loopback port (plain HTTP, clock following real time)."""
    argv = ["-m", "o2g_conformance.emulator.server", "--host", "127.0.0.1", "--port", "0", *extra]
    if topology is not None:
        argv += ["--topology", str(topology)]
    return Server(argv, env=env)


def bare(payload: object) -> Server:
    """The bare Starlette app answering `payload` as JSON on every GET (see `benchmarks._bare`)."""
    return Server(["-m", "benchmarks._bare", json.dumps(payload)])
