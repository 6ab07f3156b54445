"""The control API: loopback clients only unless a token is set, and never a file's lines in an answer."""

from __future__ import annotations

import asyncio
import json
import pathlib
from typing import Any

import pytest

from o2g_conformance.emulator.app import create_app
from o2g_conformance.emulator.control.guard import TOKEN_ENV, is_loopback
from o2g_conformance.emulator.core.registry import EmulatorConfig
from o2g_conformance.emulator.server import _parser
from tests.emulator.emulator_support import Api

CONTROL = "/__emulator__"
SECRET = "s3cr3t-line-of-a-host-file"


@pytest.mark.parametrize(
    "content",
    [
        f"{SECRET}\nroot:x:0:0:root:/root:/bin/bash\n",  # a plain text file: one YAML scalar
        f"{SECRET}: [unclosed\n",  # not YAML
        f"nodes: 7\n{SECRET}: 1\n",  # a mapping that is not a topology
        "\x00\x01binary",
    ],
    ids=["text", "broken-yaml", "mapping", "binary"],
)
def test_reset_with_a_file_that_is_not_a_topology_never_echoes_its_lines(
    api: Api, tmp_path: pathlib.Path, content: str
) -> None:
    path = tmp_path / "not-a-topology"
    path.write_text(content, encoding="utf-8")
    r = api.control.post(f"{CONTROL}/reset", json={"topology": str(path)})
    body = Api.check_error(r, 400, "BAD_PARAMETER")
    assert str(path) in body["innerMessage"]
    assert SECRET not in r.text and "root:x" not in r.text


def test_a_licence_file_that_is_not_one_is_not_echoed(api: Api, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "not-licences"
    path.write_text(f"{SECRET}: [unclosed\n", encoding="utf-8")
    r = api.control.post(f"{CONTROL}/licences", json={"file": str(path)})
    assert "not valid YAML (line" in Api.check_error(r, 400, "BAD_PARAMETER")["innerMessage"]
    assert SECRET not in r.text


def _call(
    app: Any, path: str, client: str, headers: list[tuple[bytes, bytes]] | None = None
) -> tuple[int, dict[str, Any]]:
    """One request straight through the ASGI app, from the given client address (no socket)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"emulator"), *(headers or [])],
        "client": (client, 40000),
        "server": ("192.0.2.1", 8443),
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, json.loads(body)


def test_without_a_token_the_control_api_answers_loopback_clients_only() -> None:
    app = create_app(EmulatorConfig(host="0.0.0.0"))
    assert _call(app, f"{CONTROL}/clock", "127.0.0.1")[0] == 200
    assert _call(app, f"{CONTROL}/clock", "::1")[0] == 200
    status, body = _call(app, f"{CONTROL}/clock", "192.0.2.7")
    assert (status, body["type"]) == (403, "NOT_ALLOWED") and TOKEN_ENV in body["innerMessage"]
    assert _call(app, "/api/rest", "192.0.2.7")[0] == 200  # O2G routes are for everyone


def test_with_a_token_every_control_request_carries_it() -> None:
    app = create_app(EmulatorConfig(host="0.0.0.0", control_token="t0ken"))
    good = [(b"authorization", b"Bearer t0ken")]
    assert _call(app, f"{CONTROL}/state", "192.0.2.7", good)[0] == 200
    assert _call(app, f"{CONTROL}/state", "192.0.2.7", [(b"authorization", b"Bearer other")])[0] == 403
    assert _call(app, f"{CONTROL}/state", "127.0.0.1")[0] == 403
    status, body = _call(app, f"{CONTROL}/state", "192.0.2.7")
    assert status == 403 and "t0ken" not in json.dumps(body)


def test_the_token_comes_from_the_option_or_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TOKEN_ENV, "from-env")
    assert _parser().parse_args([]).control_token == "from-env"
    assert _parser().parse_args(["--control-token", "from-option"]).control_token == "from-option"
    monkeypatch.delenv(TOKEN_ENV)
    assert _parser().parse_args([]).control_token is None


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("::1", True), ("0.0.0.0", False), ("x", False)])
def test_loopback_addresses(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback
