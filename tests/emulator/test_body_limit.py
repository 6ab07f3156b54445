"""Big and broken requests: bodies over the limit are refused early (413 RestErrorInfo); a client that
disconnects in the middle of its body is logged as one line, without a traceback."""

from __future__ import annotations

import json
import logging
import socket
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from o2g_conformance.emulator.core.limits import MAX_BODY_BYTES
from o2g_conformance.emulator.server import EmulatorServer
from tests.emulator.emulator_support import ALICE, Api

SESSIONS = "/api/rest/1.0/sessions"


def _raw(server: EmulatorServer, head: bytes, body: bytes = b"") -> socket.socket:
    url = urlsplit(server.url)
    sock = socket.create_connection((url.hostname, url.port), timeout=10)
    sock.sendall(head + body)
    return sock


def _answer(sock: socket.socket) -> tuple[int, dict[str, object]]:
    data = b""
    while b"\r\n\r\n" not in data or len(data.split(b"\r\n\r\n", 1)[1]) < _length(data):
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


def _length(data: bytes) -> int:
    for line in data.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return int(line.split(b":")[1])
    return 0


def test_a_200_mb_body_is_refused_from_its_announced_length_without_being_sent(
    api: Api, emulator_server: EmulatorServer
) -> None:
    length = 200 * 1024 * 1024
    head = f"POST {SESSIONS} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
    with _raw(emulator_server, head.encode()) as sock:  # not one byte of the body is sent
        status, body = _answer(sock)
    assert status == 413
    assert body["httpStatus"] == "REQUEST_ENTITY_TOO_LARGE" and body["type"] == "BAD_PARAMETER"
    assert str(MAX_BODY_BYTES) in str(body["innerMessage"])


def test_a_body_just_over_the_limit_is_refused_and_one_at_the_limit_is_read(api: Api) -> None:
    c = api.authenticate(*ALICE)
    Api.check_error(c.post(SESSIONS, content=b" " * (MAX_BODY_BYTES + 1)), 413, "BAD_PARAMETER")
    padded = json.dumps({"applicationName": "x"}).encode().ljust(MAX_BODY_BYTES)
    assert c.post(SESSIONS, content=padded).status_code == 200


def test_a_chunked_body_over_the_limit_is_refused(api: Api) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(3):
            yield b" " * (MAX_BODY_BYTES // 2)

    c = api.authenticate(*ALICE)
    Api.check_error(c.post(SESSIONS, content=chunks()), 413, "BAD_PARAMETER")


def test_a_control_api_body_over_the_limit_is_refused(api: Api) -> None:
    r = api.control.post("/__emulator__/clock/advance", content=b" " * (MAX_BODY_BYTES + 1))
    Api.check_error(r, 413, "BAD_PARAMETER")


@pytest.mark.parametrize("path", [SESSIONS, "/__emulator__/clock/advance"])
def test_a_client_that_disconnects_mid_body_is_one_log_line(
    api: Api, emulator_server: EmulatorServer, caplog: pytest.LogCaptureFixture, path: str
) -> None:
    uvicorn_log = logging.getLogger("uvicorn.error")
    uvicorn_log.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.INFO):
            head = f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n"
            _raw(emulator_server, head.encode(), b'{"applicationName"').close()
            deadline = time.monotonic() + 10  # waits for the log line, not for a duration
            while not any("disconnected" in r.getMessage() for r in caplog.records) and time.monotonic() < deadline:
                time.sleep(0.01)
            assert api.control.get("/__emulator__/clock").status_code == 200  # still serving
    finally:
        uvicorn_log.removeHandler(caplog.handler)
    lines = [r for r in caplog.records if "disconnected" in r.getMessage()]
    assert len(lines) == 1 and lines[0].exc_info is None, [r.getMessage() for r in caplog.records]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info], caplog.text
