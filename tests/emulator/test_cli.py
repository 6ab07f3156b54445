"""The `o2g-emulator` command: usage errors return 2 with a message naming the option; it serves and stops."""

from __future__ import annotations

import pathlib
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from o2g_conformance.emulator.server import main
from tests.emulator.emulator_support import ALICE, Api, Stream


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--cert", "c.pem"], "--cert and --key go together"),
        (["--key", "k.pem"], "--cert and --key go together"),
        (["--port", "abc"], "argument --port: invalid int value: 'abc'"),
        (["--port", "70000"], "--port must be 0..65535, not 70000"),
        (["--port", "-1"], "--port must be 0..65535, not -1"),
        (["--no-such-option"], "unrecognized arguments: --no-such-option"),
        (["--topology", "/nonexistent/topology.yaml"], "--topology: topology file /nonexistent/topology.yaml"),
    ],
)
def test_usage_errors_return_2_with_a_clear_message(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "usage: o2g-emulator" in err
    assert message in err
    assert "Traceback" not in err


def test_a_malformed_topology_names_the_field(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "t.yaml"
    bad.write_text("administrators: []\nnodes: []\n", encoding="utf-8")
    assert main(["--topology", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "administrators" in err and "nodes" in err


def test_unusable_certificate_files_are_a_usage_error(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cert, key = tmp_path / "c.pem", tmp_path / "k.pem"
    cert.write_text("not a certificate", encoding="utf-8")
    key.write_text("not a key", encoding="utf-8")
    assert main(["--cert", str(cert), "--key", str(key)]) == 2
    assert "not a usable PEM certificate and key" in capsys.readouterr().err
    assert main(["--cert", str(tmp_path / "absent.pem"), "--key", str(key)]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_a_port_in_use_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["--port", str(port)]) == 2
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


@pytest.fixture
def cli(tmp_path: pathlib.Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """The command in a child process on a free port; yields it with its base URL."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "o2g_conformance.emulator.server", "--port", "0", "--tls-dir", str(tmp_path)],
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    url = None
    for line in proc.stderr:
        found = re.search(r"serving (http://127\.0\.0\.1:\d+)/api/rest", line)
        if found:
            url = found.group(1)
            break
    assert url, "the command did not say where it serves"
    yield proc, url
    if proc.poll() is None:
        proc.kill()
    proc.wait(5)


def test_the_command_serves_with_a_running_clock_and_stops_on_interrupt(
    cli: tuple[subprocess.Popen[str], str],
) -> None:
    proc, url = cli
    deadline = time.monotonic() + 5
    while True:  # the URL is printed just before uvicorn accepts
        try:
            assert httpx.get(url + "/api/rest").status_code == 200
            break
        except httpx.ConnectError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    first = httpx.get(url + "/__emulator__/clock").json()
    time.sleep(0.3)
    second = httpx.get(url + "/__emulator__/clock").json()
    assert first["running"] is True and second["now"] > first["now"]
    # An open event stream must not keep the command from stopping.
    api = Api(url)
    c = api.session(ALICE)
    sub = api.subscribe(c, {"names": ["telephony"]})
    stream = Stream(sub["publicPollingUrl"])
    assert stream.next()["text"] == "Chunk started"
    proc.send_signal(signal.SIGINT)
    assert proc.wait(10) in (0, -signal.SIGINT)  # uvicorn re-raises the signal once it has shut down
    stream.close()
    api.close()
