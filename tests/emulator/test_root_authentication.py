"""Root descriptor (L39-74) and authentication (L190-263, L590-665)."""

from __future__ import annotations

import base64
import socket
from collections.abc import Callable, Iterator

import httpx
import pytest

from o2g_conformance.emulator.core.registry import EmulatorConfig
from o2g_conformance.emulator.server import EmulatorServer
from tests.emulator.emulator_support import ADMIN, ALICE, Api

AUTH = "/api/rest/authenticate"


def test_root_descriptor(api: Api) -> None:
    r = api.control.get("/api/rest")
    assert r.status_code == 200
    body = r.json()
    assert body["serverInfo"] == {
        "productName": "O2G Solution",
        "productType": "O2G",
        "productVersion": {"major": "2.7", "minor": "004.000"},
        "haMode": False,
    }
    auth_url = f"{api.url}/api/rest/authenticate?version=1.0"
    assert body["versions"] == [{"id": "1.0", "status": "CURRENT", "publicUrl": auth_url, "internalUrl": auth_url}]


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_root_descriptor_other_methods_are_405(api: Api, method: str) -> None:
    r = api.control.request(method, "/api/rest", json={})
    api.check_error(r, 405, "NOT_SUPPORTED")
    assert r.headers["Allow"] == "GET"


@pytest.fixture(scope="module")
def public_server() -> Iterator[EmulatorServer]:
    server = EmulatorServer(public_host="localhost").start()
    yield server
    server.stop()


def test_every_url_is_built_from_the_public_host_and_the_listening_port(
    public_server: EmulatorServer, api_factory: Callable[[EmulatorServer], Api]
) -> None:
    api = api_factory(public_server)
    base = f"http://localhost:{public_server.config.port}"
    root = api.control.get("/api/rest").json()
    assert root["versions"][0]["publicUrl"] == base + "/api/rest/authenticate?version=1.0"
    c = api.client()
    auth = c.get(root["versions"][0]["publicUrl"], auth=ALICE).json()
    assert auth["publicUrl"] == auth["internalUrl"] == base + "/api/rest/1.0/sessions"
    session = c.post(auth["publicUrl"], json={"applicationName": "t"}).json()
    assert session["publicBaseUrl"] == session["privateBaseUrl"] == base + "/api/rest/1.0"
    sub = api.subscribe(c, {"names": ["telephony"]})
    assert sub["publicPollingUrl"].startswith(base + "/api/rest/1.0/OTEvents?subscriptionId=")


@pytest.mark.parametrize(("account", "admin"), [(ADMIN, True), (ALICE, False)])
def test_authentication_issues_a_credential_and_its_cookie(api: Api, account: tuple[str, str], admin: bool) -> None:
    c = api.client()
    r = c.get(AUTH, params={"version": "1.0"}, auth=account)
    assert r.status_code == 200
    body = r.json()
    assert body["loginName"] == account[0]
    assert body["publicUrl"] == body["internalUrl"] == f"{api.url}/api/rest/1.0/sessions"
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(f"AlcUserId={body['credential']};") and "Path=/" in cookie
    assert c.cookies["AlcUserId"] == body["credential"]
    opened = c.post("/api/rest/1.0/sessions", json={"applicationName": "t"}).json()
    assert opened["admin"] is admin and opened["login"] == account[0]


def test_each_authentication_issues_a_new_credential(api: Api) -> None:
    first = api.client().get(AUTH, params={"version": "1.0"}, auth=ALICE).json()["credential"]
    second = api.client().get(AUTH, params={"version": "1.0"}, auth=ALICE).json()["credential"]
    assert first != second


def test_a_script_may_set_the_cookie_itself_from_the_credential(api: Api) -> None:
    credential = api.client().get(AUTH, params={"version": "1.0"}, auth=ALICE).json()["credential"]
    r = httpx.post(
        f"{api.url}/api/rest/1.0/sessions",
        json={"applicationName": "script"},
        headers={"Cookie": f"AlcUserId={credential}"},
    )
    assert r.status_code == 200


def _basic(raw: bytes) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(raw).decode()}


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(_basic(b"oxe70120:9999"), id="bad password"),
        pytest.param(_basic(b"admin:1201"), id="user password for admin"),
        pytest.param(_basic(b"nobody:1201"), id="unknown login"),
        pytest.param(_basic(b"oxe70120"), id="no colon"),
        pytest.param(_basic(b"\xff\xfe:\xff"), id="not utf-8"),
        pytest.param({"Authorization": "Basic !!!not-base64!!!"}, id="not base64"),
        pytest.param({"Authorization": "Basic"}, id="empty basic"),
        pytest.param({"Authorization": "Bearer abc.def.ghi"}, id="bearer"),
        pytest.param({"Authorization": "garbage"}, id="garbage"),
        pytest.param({}, id="no header"),
    ],
)
def test_bad_credentials_are_401(api: Api, headers: dict[str, str]) -> None:
    r = httpx.get(f"{api.url}{AUTH}", params={"version": "1.0"}, headers=headers)
    api.check_error(r, 401, "NOT_ALLOWED")
    assert r.headers["WWW-Authenticate"].startswith("Basic")
    assert "set-cookie" not in r.headers


@pytest.mark.parametrize("params", [{}, {"version": "2.0"}, {"version": ""}, {"version": "1"}])
def test_missing_or_wrong_version_is_400(api: Api, params: dict[str, str]) -> None:
    r = api.client().get(AUTH, params=params, auth=ALICE)
    body = api.check_error(r, 400, "BAD_PARAMETER")
    assert "version" in body["innerMessage"]


def test_a_relogin_may_send_the_old_cookie_with_a_new_basic_header(api: Api) -> None:
    c = api.session(ALICE)
    old = c.cookies["AlcUserId"]
    r = c.get(AUTH, params={"version": "1.0"}, auth=ALICE)
    assert r.status_code == 200 and r.json()["credential"] != old


@pytest.mark.parametrize(
    ("host", "public_host", "tls", "base"),
    [
        ("127.0.0.1", None, False, "http://127.0.0.1:8443"),
        ("0.0.0.0", None, False, "http://127.0.0.1:8443"),  # a wildcard is no address to follow
        ("::", None, True, "https://[::1]:8443"),
        ("0.0.0.0", "o2g.example.com", True, "https://o2g.example.com:8443"),
        ("::1", None, False, "http://[::1]:8443"),
    ],
)
def test_base_urls(host: str, public_host: str | None, tls: bool, base: str) -> None:
    config = EmulatorConfig(host=host, port=8443, public_host=public_host, tls=tls)
    assert config.base_url == base


def test_an_ipv6_emulator_returns_bracketed_urls(api_factory: Callable[[EmulatorServer], Api]) -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6 on this host")
    try:
        server = EmulatorServer(host="::1").start()
    except OSError as exc:
        pytest.skip(f"cannot listen on ::1: {exc}")
    try:
        api = api_factory(server)
        assert server.url == f"http://[::1]:{server.config.port}"
        root = api.control.get("/api/rest").json()
        assert root["versions"][0]["publicUrl"] == f"{server.url}/api/rest/authenticate?version=1.0"
    finally:
        server.stop()
