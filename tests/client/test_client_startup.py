"""Discovery, authentication and session opening follow the server-given URLs and parse lenient answers."""

from __future__ import annotations

import base64
import json

import httpx
import pytest

from o2g_conformance.client import O2GClient, O2GError, TargetUnreachable, UnusableAnswer


def test_discovery_parses_the_root_descriptor(client, fake):
    descriptor = client.discover()
    assert fake.last().url == httpx.URL("http://configured.test/api/rest")
    assert descriptor.serverInfo is not None
    assert descriptor.serverInfo.productVersion is not None
    assert descriptor.serverInfo.productVersion.major == "2.7"
    assert descriptor.serverInfo.haMode is True
    assert descriptor.custoFeatures == [{"CCD_LOAD_OPE_CCA": True}]
    assert client.authenticate_url() == fake.AUTH_URL


def test_start_up_follows_the_absolute_urls_the_server_gives(session, fake):
    hosts = [(r.method, r.url.host, r.url.port, r.url.path) for r in fake.requests]
    assert hosts == [
        ("GET", "configured.test", None, "/api/rest"),
        ("GET", "auth.internal", 8443, "/api/rest/authenticate"),
        ("POST", "sessions.internal", 9443, "/api/rest/1.0/sessions"),
    ]
    session.call("telephony.calls.list")
    assert fake.last().url == httpx.URL("https://api.internal:7443/api/rest/1.0/telephony/calls")


def test_prefer_public_uses_the_public_urls(fake):
    with O2GClient(fake.CONFIGURED, transport=httpx.MockTransport(fake), prefer_public=True) as client:
        session = client.login("oxe1000", fake.PASSWORD)
        session.keepalive()
    urls = [str(r.url) for r in fake.requests]
    assert urls[1] == fake.PUBLIC_AUTH_URL
    assert urls[2] == fake.PUBLIC_SESSIONS_URL
    assert urls[3] == fake.PUBLIC_BASE + "/sessions/keepalive"


def test_authenticate_sends_basic_auth_and_keeps_the_version_parameter_once(client, fake):
    client.authenticate("oxe1000", fake.PASSWORD)
    request = fake.last()
    expected = base64.b64encode(f"oxe1000:{fake.PASSWORD}".encode()).decode()
    assert request.headers["authorization"] == f"Basic {expected}"
    assert request.url.params.get_list("version") == ["1.0"]


def test_authenticate_adds_the_version_parameter_when_the_url_lacks_it(client, fake):
    descriptor = fake.descriptor()
    descriptor["versions"][0]["internalUrl"] = "https://auth.internal:8443/api/rest/authenticate"
    fake.on("GET", "/api/rest", lambda r: httpx.Response(200, json=descriptor))
    client.authenticate("oxe1000", fake.PASSWORD)
    assert fake.last().url.params.get_list("version") == ["1.0"]


def test_credential_prefers_the_set_cookie_value(client, fake):
    credential = client.authenticate("oxe1000", fake.PASSWORD)
    assert credential.token == fake.TOKEN
    assert credential.from_cookie is True
    assert credential.sessions_url == fake.SESSIONS_URL
    assert credential.login_name == "oxe1000"  # sent as "login" by the intro example
    assert credential.expired is False  # sent as the string "false"


def test_credential_falls_back_to_the_credential_field(client, fake):
    fake.set_cookie = False
    credential = client.authenticate("oxe1000", fake.PASSWORD)
    assert credential.token == fake.BODY_TOKEN
    assert credential.from_cookie is False


def test_authentication_failure_raises_o2g_error(client, fake):
    fake.on("GET", "/api/rest/authenticate", lambda r: fake.error(401, "NOT_ALLOWED", 1002, False))
    with pytest.raises(O2GError) as info:
        client.authenticate("oxe1000", "wrong")
    assert info.value.status == 401
    assert info.value.type == "NOT_ALLOWED"
    assert info.value.op_id == "authentication.authenticate.get"


def test_descriptor_without_the_version_is_unusable(client, fake):
    fake.on("GET", "/api/rest", lambda r: httpx.Response(200, json={"versions": [{"id": "2.0"}]}))
    with pytest.raises(UnusableAnswer, match=r"versions \['2.0'\] give no URL for version '1.0'"):
        client.authenticate("oxe1000", fake.PASSWORD)


def test_open_session_sends_the_cookie_and_the_request_body(client, fake):
    credential = client.authenticate("oxe1000", fake.PASSWORD)
    client.open_session(credential, application_name="app", supervised=("LOGIN_NAME", "oxe2000"), time_to_live=60)
    request = fake.last()
    assert request.headers["cookie"] == f"AlcUserId={fake.TOKEN}"
    assert json.loads(request.content) == {
        "applicationName": "app",
        "supervisedAccount": {"type": "LOGIN_NAME", "id": "oxe2000"},
        "timeToLive": 60,
    }


def test_session_info_accepts_capital_services_and_string_ttl(session, fake):
    assert session.info.timeToLive == 1800
    assert session.ttl == 1800
    assert [s.serviceName for s in session.info.services] == ["Subscriptions", "Telephony", "ACD Statistics"]
    assert session.service_urls == {
        "subscriptions": fake.PRIVATE_BASE + "/subscriptions",
        "telephony": fake.PRIVATE_BASE + "/telephony/calls",
        "acd statistics": fake.PRIVATE_BASE + "/acdstatistics",
    }


def test_session_info_accepts_lower_case_services_and_int_ttl(client, fake):
    body = dict(fake.session_body, timeToLive=600)
    body["services"] = body.pop("Services")
    fake.session_body = body
    session = client.login("oxe1000", fake.PASSWORD)
    assert session.ttl == 600
    assert "telephony" in session.service_urls


def test_no_cookie_jar_only_the_session_cookie_is_sent(session, fake):
    # The session answer set JSESSIONID; a jar would send it back. Tests must control every Cookie header.
    session.call("telephony.calls.list")
    assert fake.last().headers["cookie"] == f"AlcUserId={fake.TOKEN}"


def test_hosts_and_switch_to_secondary(fake):
    client = O2GClient("https://primary.test:8443/api/rest/", secondary="https://secondary.test/")
    assert client.hosts == ("https://primary.test:8443", "https://secondary.test")
    assert client.active_host == "https://primary.test:8443"
    assert client.switch_to_secondary() == "https://secondary.test"
    assert client.active_host == "https://secondary.test"
    assert client.descriptor is None
    client.close()


def test_switch_without_secondary_is_refused():
    with O2GClient("https://primary.test") as client, pytest.raises(RuntimeError, match="no secondary"):
        client.switch_to_secondary()


def test_host_must_be_an_http_url():
    with pytest.raises(ValueError, match="must be an http"):
        O2GClient("primary.test:8443")


def _refuse(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("[Errno 111] Connection refused", request=request)


def _stall(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("timed out", request=request)


def test_connection_failure_is_target_unreachable_naming_url_and_timeout():
    client = O2GClient("https://down.test", transport=httpx.MockTransport(_refuse), timeout=3.5)
    with client, pytest.raises(TargetUnreachable) as info:
        client.discover()
    message = str(info.value)
    assert "https://down.test/api/rest" in message
    assert "Connection refused" in message
    assert "3.5 s" in message
    assert not isinstance(info.value, O2GError)


def test_timeout_is_target_unreachable_saying_so():
    client = O2GClient("https://slow.test", transport=httpx.MockTransport(_stall), timeout=2)
    with client, pytest.raises(TargetUnreachable, match=r"no answer from GET https://slow\.test/api/rest .* 2 s"):
        client.discover()
