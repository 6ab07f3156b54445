"""A foreign O2G for the real-target stage: an `o2g-emulator` process unlike the embedded emulator.

Its topology, licences and profile live in `fixtures/foreign/`: other logins, numbers and node id, its own
call center and hunting groups, fewer licence families, API 2.7.2, its own CA (`--tls` with its own
certificate directory), a profile that declares neither licences nor API version. The suite reaches it
over HTTPS like any real O2G; no emulator power is available to the scenarios.
"""

from __future__ import annotations

import os
import pathlib
import re
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

from o2g_conformance.client import O2GClient, Session, ssl_verify

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "foreign"
#: The profile's password variables (fixtures/foreign/profile.yaml) and their values (the topology's).
PASSWORDS = {
    "O2G_ADMIN_PASSWORD": "Str4nge-Admin",
    "O2G_PW_A": "8100",
    "O2G_PW_B": "8102",
    "O2G_PW_C": "8104",
    "O2G_PW_D": "8103",
    "O2G_PW_E": "8101",
    "O2G_PW_F": "8105",
    "O2G_PW_G": "8106",
    "O2G_PW_H": "8107",
    "O2G_PW_I": "8108",
    "O2G_PW_J": "8109",
}
#: Every skip must say why, with one of these categories (reporting files skips by these prefixes).
SKIP_CATEGORIES = ("not licensed on target: ", "not applicable: ", "needs emulator power", "precondition: ")
_SERVING = re.compile(r"serving (?P<url>https://\S+)/api/rest")


@dataclass
class Foreign:
    """The running foreign O2G."""

    url: str
    ca: pathlib.Path
    process: subprocess.Popen[str]
    log: list[str] = field(default_factory=list)


def state(foreign: Foreign) -> dict[str, Any]:
    """The foreign emulator's own state view (the suite has no control API; the stage looks from outside)."""
    r = httpx.get(foreign.url + "/__emulator__/state", verify=ssl_verify(str(foreign.ca)), timeout=10)
    r.raise_for_status()
    result: dict[str, Any] = r.json()
    return result


def _emulator_command() -> list[str]:
    script = pathlib.Path(sys.executable).with_name("o2g-emulator")
    return [str(script)] if script.exists() else [sys.executable, "-m", "o2g_conformance.emulator.server"]


def _wait_ready(foreign: Foreign, timeout: float) -> None:
    """The URL is printed once the port is bound; the root descriptor answers once the server accepts."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            httpx.get(foreign.url + "/api/rest", verify=ssl_verify(str(foreign.ca)), timeout=5).raise_for_status()
            return
        except httpx.HTTPError:
            if time.monotonic() > deadline or foreign.process.poll() is not None:
                raise RuntimeError("o2g-emulator does not answer:\n" + "\n".join(foreign.log[-20:])) from None
            time.sleep(0.2)


@contextmanager
def foreign_o2g(workdir: pathlib.Path, *, start_timeout: float = 60.0) -> Iterator[Foreign]:
    """Start `o2g-emulator` on a free port with its own CA in `workdir`; stopped (by its pid) afterwards."""
    tls = workdir / "tls"
    command = [
        *_emulator_command(),
        "--port",
        "0",
        "--tls",
        "--tls-dir",
        str(tls),
        "--topology",
        str(FIXTURES / "topology.yaml"),
        "--licences",
        str(FIXTURES / "licences.yaml"),
    ]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, cwd=workdir)
    assert process.stderr is not None
    lines: list[str] = []
    found = threading.Event()
    url: list[str] = []

    def read() -> None:  # keeps draining the log so that the emulator never blocks on a full pipe
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(line.rstrip())
            m = _SERVING.search(line)
            if m and not url:
                url.append(m["url"])
                found.set()
        found.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        if not found.wait(start_timeout) or not url:
            raise RuntimeError("o2g-emulator did not start:\n" + "\n".join(lines[-20:]))
        foreign = Foreign(url[0], tls / "emulator-ca.pem", process, lines)
        _wait_ready(foreign, start_timeout)
        yield foreign
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        reader.join(5)


@dataclass
class Outcome:
    """What pytest's JUnit XML says about a run: counts and every skip reason."""

    tests: int
    failures: int
    errors: int
    skipped: int
    skips: list[str]
    problems: list[str]

    @property
    def passed(self) -> int:
        return self.tests - self.failures - self.errors - self.skipped

    def uncategorised(self) -> list[str]:
        return [r for r in self.skips if not any(c in r for c in SKIP_CATEGORIES)]

    def by_category(self) -> Counter[str]:
        return Counter(next((c.strip(": ") for c in SKIP_CATEGORIES if c in r), "other") for r in self.skips)


def read_junit(path: pathlib.Path) -> Outcome:
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    total = Counter[str]()
    skips: list[str] = []
    problems: list[str] = []
    for suite in suites:
        for key in ("tests", "failures", "errors", "skipped"):
            total[key] += int(suite.get(key, "0"))
        for case in suite.iter("testcase"):
            name = f"{case.get('classname')}::{case.get('name')}"
            for kind in ("failure", "error"):
                for node in case.iter(kind):
                    problems.append(f"{kind}: {name}: {(node.get('message') or '')[:300]}")
            for node in case.iter("skipped"):
                skips.append(node.get("message") or "")
    return Outcome(total["tests"], total["failures"], total["errors"], total["skipped"], skips, problems)


#: What the target holds before the suite starts: a QA lead's staging PBX is never empty.
#: (Not an immediate forward or DND on a role: calls to that user would rightly not ring, a precondition no
#: scenario can meet.)
DIRT = (
    "open sessions of users A, B and C, a finished call between users A and B (communication log), "
    "a message from A in the mailbox of C, an overflow on no answer of user C to its voice mail (routing)"
)


def _login(foreign: Foreign, login: str, password: str) -> Session:
    client = O2GClient(foreign.url, verify=str(foreign.ca), timeout=10)
    return client.login(login, password, application_name="someone-else")


def dirty(foreign: Foreign) -> list[Session]:
    """Leave on the target what other users of a staging PBX leave (DIRT); the sessions stay open."""
    a = _login(foreign, "oxe43100", PASSWORDS["O2G_PW_A"])
    b = _login(foreign, "oxe43102", PASSWORDS["O2G_PW_B"])
    a.call(
        "telephony.calls.make", json={"deviceId": "43100", "callee": "43102", "autoAnswer": True}, raise_for_error=True
    )
    for _ in range(50):
        calls = b.call("telephony.calls.list", raise_for_error=True).json.get("calls") or []
        if calls:
            break
        time.sleep(0.1)
    ref = calls[0]["callRef"]
    b.call("telephony.calls.answer", path={"callRef": ref}, json={"deviceId": "43102"}, raise_for_error=True)
    b.call("telephony.calls.release", path={"callRef": ref}, raise_for_error=True)
    c = _login(foreign, "oxe43104", PASSWORDS["O2G_PW_C"])
    # a message in the mailbox of C: A's call forwarded to its voice mail for a while
    c.call(
        "routing.forwardroute.set",
        json={"forwardRoute": {"destinations": [{"type": "VOICEMAIL"}]}},
        raise_for_error=True,
    )
    a.call(
        "telephony.calls.make", json={"deviceId": "43100", "callee": "43104", "autoAnswer": True}, raise_for_error=True
    )
    time.sleep(1.5)
    for call in a.call("telephony.calls.list", raise_for_error=True).json.get("calls") or []:
        a.call("telephony.calls.release", path={"callRef": call["callRef"]}, raise_for_error=True)
    c.call("routing.forwardroute.cancel", raise_for_error=True)
    overflow = {"overflowRoutes": [{"destinations": [{"type": "VOICEMAIL"}], "overflowType": "NO_ANSWER"}]}
    c.call("routing.overflowroute.set", json=overflow, raise_for_error=True)
    return [a, b, c]


def run_suite(foreign: Foreign, workdir: pathlib.Path, *extra: str) -> tuple[Outcome, str]:
    """The conformance suite (-m "not slow") against the foreign O2G, as a QA lead would run it."""
    junit = workdir / "junit.xml"
    command = [
        sys.executable,
        "-m",
        "pytest",
        "features",
        "-q",
        "-m",
        "not slow",
        "-p",
        "no:randomly",
        "--o2g-target",
        foreign.url,
        "--o2g-ca-file",
        str(foreign.ca),
        "--o2g-profile",
        str(FIXTURES / "profile.yaml"),
        "--o2g-allow-destructive",
        "yes",
        "--o2g-compliance-dir",
        str(workdir / "compliance"),
        "--junitxml",
        str(junit),
        *extra,
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("O2G_", "PYTEST_XDIST"))}
    env.update(PASSWORDS)
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False)
    if not junit.exists():
        tail = f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        raise RuntimeError(f"the suite did not run (exit {done.returncode}):\n{tail}")
    return read_junit(junit), done.stdout
