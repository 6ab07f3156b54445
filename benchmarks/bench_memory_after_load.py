"""Long-run memory of the emulator: RSS after a 200-client load and close, against RSS after a warm-up.

An `o2g-emulator` process (running clock, loopback, a free port) is started; a short warm-up and then the
load run 200 asyncio/httpx clients with keep-alive, each as a real client: authenticate, open a session,
subscribe to telephony, read its chunk channel, make and release calls in a loop, then delete its
subscription and close its session. The bar: RSS after the load and the close is within +25 % of RSS after
the warm-up (the process's own memory, read from /proc; Linux only).

    python benchmarks/bench_memory_after_load.py            # prints the figures as JSON
    BENCH_LOAD_SECONDS=20 python benchmarks/...              # a shorter load

`run()` returns the figures (figure name -> value); `make bench` discovers this module by its name.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import time
from typing import Any

import httpx

CLIENTS = 200
WARMUP_SECONDS = 5.0
LOAD_SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "20"))
SETTLE_SECONDS = 3.0
BAR = 1.25
#: The bundled topology's users (login, secret code, company phone).
USERS = [(f"oxe7012{i}", f"12{i}1", f"7012{i}") for i in range(10)]
API = "/api/rest/1.0"


def rss_mb(pid: int) -> float:
    """Resident set size of a process, in MiB (from /proc/<pid>/status)."""
    status = pathlib.Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    if match is None:
        raise RuntimeError("VmRSS not found: this benchmark reads /proc (Linux)")
    return int(match.group(1)) / 1024


def start_emulator(log: pathlib.Path) -> tuple[subprocess.Popen[bytes], str]:
    """An emulator process on a free loopback port, and its base URL."""
    out = log.open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "o2g_conformance.emulator.server", "--host", "127.0.0.1", "--port", "0"],
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = re.search(r"serving (http://\S+)/api/rest", log.read_text(errors="replace"))
        if found:
            return proc, found.group(1)
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    proc.kill()
    raise RuntimeError(f"the emulator did not start: {log.read_text(errors='replace')[-2000:]}")


async def _read_stream(client: httpx.AsyncClient, url: str, counts: collections.Counter[str]) -> None:
    with contextlib.suppress(httpx.HTTPError):
        async with client.stream("POST", url) as resp:
            async for line in resp.aiter_lines():
                if line:
                    counts["events"] += 1


async def one_client(base: str, index: int, seconds: float, counts: collections.Counter[str]) -> None:
    login, secret, number = USERS[index % len(USERS)]
    callee = USERS[(index + 1) % len(USERS)][2]
    limits = httpx.Limits(max_connections=4, max_keepalive_connections=4)
    async with httpx.AsyncClient(base_url=base, timeout=30.0, limits=limits) as c:

        async def call(method: str, path: str, **kwargs: Any) -> httpx.Response:
            r = await c.request(method, path, **kwargs)
            counts["requests"] += 1
            counts[f"{r.status_code // 100}xx"] += 1
            return r

        await call("GET", "/api/rest/authenticate", params={"version": "1.0"}, auth=(login, secret))
        await call("POST", f"{API}/sessions", json={"applicationName": f"bench-{index}"})
        body = {"filter": {"selectors": [{"names": ["telephony"]}]}, "version": "1.0"}
        sub = (await call("POST", f"{API}/subscriptions", json=body)).json()
        reader = asyncio.create_task(_read_stream(c, sub["privatePollingUrl"], counts))
        stop = time.monotonic() + seconds
        while time.monotonic() < stop:
            r = await call("POST", f"{API}/telephony/calls", json={"deviceId": number, "callee": callee})
            if r.status_code == 201:  # the call's URL in Location
                counts["calls"] += 1
                await call("DELETE", f"{API}/telephony/calls/{r.headers['location'].rsplit('/', 1)[-1]}")
            await call("GET", f"{API}/telephony/calls")
        await call("DELETE", f"{API}/subscriptions/{sub['subscriptionId']}")
        await call("DELETE", f"{API}/sessions")
        reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await reader


async def load(base: str, seconds: float) -> collections.Counter[str]:
    counts: collections.Counter[str] = collections.Counter()
    await asyncio.gather(*(one_client(base, i, seconds, counts) for i in range(CLIENTS)))
    return counts


def run() -> dict[str, float | str]:
    """Start an emulator, warm it up, load it with 200 clients, close everything; the RSS figures."""
    with tempfile.TemporaryDirectory(prefix="o2g-bench-") as tmp:
        proc, base = start_emulator(pathlib.Path(tmp) / "emulator.log")
        try:
            time.sleep(1.0)
            start = rss_mb(proc.pid)
            began = time.monotonic()
            warm = asyncio.run(load(base, WARMUP_SECONDS))
            time.sleep(SETTLE_SECONDS)
            warmed = rss_mb(proc.pid)
            counts = asyncio.run(load(base, LOAD_SECONDS))
            time.sleep(SETTLE_SECONDS)
            after = rss_mb(proc.pid)
            elapsed = time.monotonic() - began
            alive = proc.poll() is None
        finally:
            proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(10)
            if proc.poll() is None:
                proc.kill()
    ratio = after / warmed
    return {
        "clients": float(CLIENTS),
        "load_seconds": LOAD_SECONDS,
        "elapsed_seconds": round(elapsed, 1),
        "rss_start_mb": round(start, 1),
        "rss_after_warmup_mb": round(warmed, 1),
        "rss_after_load_mb": round(after, 1),
        "ratio": round(ratio, 3),
        "requests": float(counts["requests"] + warm["requests"]),
        "responses_2xx": float(counts["2xx"] + warm["2xx"]),
        "responses_4xx": float(counts["4xx"] + warm["4xx"]),
        "responses_5xx": float(counts["5xx"] + warm["5xx"]),
        "calls_made": float(counts["calls"] + warm["calls"]),
        "events_read": float(counts["events"] + warm["events"]),
        "verdict": "pass" if alive and ratio <= BAR and not counts["5xx"] else "fail",
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
