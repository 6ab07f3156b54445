"""Secrets never show: masked headers and bodies, recorded exchanges, reprs, messages and logs."""

from __future__ import annotations

import base64
import logging

import httpx
import pytest

from o2g_conformance.client import MASK, O2GClient, O2GError, mask_body, mask_secrets


def test_mask_secrets_masks_values_and_keeps_names():
    masked = mask_secrets(
        [
            ("Authorization", "Basic b3hlMTAwMDpzM2NyZXQ="),
            ("Cookie", "AlcUserId=eyJ.abc.def; JSESSIONID=88C0"),
            ("Set-Cookie", "AlcUserId=eyJ.abc.def; Path=/"),
            ("Set-Cookie", "JSESSIONID=88C0.tomcat; Path=/api"),
            ("Content-Type", "application/json"),
        ]
    )
    assert masked == {
        "Authorization": "Basic ***",
        "Cookie": "AlcUserId=***; JSESSIONID=***",
        "Set-Cookie": "AlcUserId=***; Path=/, JSESSIONID=***; Path=/api",
        "Content-Type": "application/json",
    }


def test_mask_secrets_accepts_a_mapping_and_known_values():
    assert mask_secrets({"X-Token": "prefix-eyJsecret"}, known=["eyJsecret"]) == {"X-Token": f"prefix-{MASK}"}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('{"credential" : "eyJ.x", "publicUrl": "u"}', '{"credential" : "***", "publicUrl": "u"}'),
        ('{"oldPassword":"a","newPassword":"b"}', '{"oldPassword":"***","newPassword":"***"}'),
        ('{"password": "p\\"q", "login": "oxe1"}', '{"password": "***", "login": "oxe1"}'),
        ('{"password": 1234, "x": 1}', '{"password": "***", "x": 1}'),
        ('{"password": "abc", ', '{"password": "***", '),  # malformed on purpose: still masked
        ('{"otherSessions":[{"sessionId":"eyJ.o"}]}', '{"otherSessions":[{"sessionId":"***"}]}'),
        ('{"deviceId":"1000"}', '{"deviceId":"1000"}'),
        ("", ""),
    ],
)
def test_mask_body(body, expected):
    assert mask_body(body) == expected


def _secrets(fake) -> list[str]:
    basic = base64.b64encode(f"oxe1000:{fake.PASSWORD}".encode()).decode()
    return [fake.TOKEN, fake.BODY_TOKEN, fake.PASSWORD, basic]


def _assert_clean(text: str, fake) -> None:
    for secret in _secrets(fake):
        assert secret not in text


def test_recorded_exchanges_never_contain_credentials(fake):
    recorded = []
    with O2GClient(fake.CONFIGURED, transport=httpx.MockTransport(fake), recorder=recorded) as client:
        session = client.login("oxe1000", fake.PASSWORD)
        session.call(
            "users.password.change", path={"loginName": "oxe1000"}, json={"oldPassword": "a1", "newPassword": "b2"}
        )
        session.close()
    assert [e.op_id for e in recorded] == [
        "root.descriptor.get",
        "authentication.authenticate.get",
        "sessions.session.open",
        "users.password.change",
        "sessions.session.close",
    ]
    transcript = "\n".join(e.to_text() + repr(e) for e in recorded)
    _assert_clean(transcript, fake)
    assert '"oldPassword":"***"' in transcript
    auth = recorded[1]
    assert auth.request.headers["Authorization"] == "Basic ***"
    assert "AlcUserId=***; Path=/" in auth.response_headers["Set-Cookie"]
    assert '"credential":"***"' in auth.response_body
    assert recorded[2].request.headers["Cookie"] == "AlcUserId=***"


def test_reprs_and_messages_never_contain_credentials(client, fake):
    credential = client.authenticate("oxe1000", fake.PASSWORD)
    session = client.open_session(credential)
    fake.on("GET", "/api/rest/1.0/sessions", lambda r: fake.error(403, "INVALID_SESSION", 1001, True))
    response = session.call("sessions.session.get")
    with pytest.raises(O2GError) as info:
        response.raise_for_error()
    texts = [
        repr(credential),
        str(credential),
        repr(credential.response),
        repr(session),
        repr(session.info),
        repr(response),
        repr(response.request),
        str(info.value),
        repr(client),
    ]
    for text in texts:
        _assert_clean(text, fake)
    assert "token=***" in repr(credential)


def test_other_sessions_ids_are_hidden_in_reprs(client, fake):
    fake.session_body = dict(fake.session_body, otherSessions=[{"sessionId": "eyJother.secret", "timeToLive": 5}])
    session = client.login("oxe1000", fake.PASSWORD)
    assert session.info.otherSessions is not None
    assert session.info.otherSessions[0].sessionId == "eyJother.secret"
    assert "eyJother.secret" not in repr(session.info)


def test_logs_never_contain_credentials(fake, caplog):
    caplog.set_level(logging.DEBUG, logger="o2g_conformance")
    with O2GClient(fake.CONFIGURED, transport=httpx.MockTransport(fake)) as client:
        client.login("oxe1000", fake.PASSWORD).close()
    assert caplog.records
    _assert_clean(caplog.text, fake)


def test_a_failing_recorder_callback_does_not_fail_the_call(fake, caplog):
    def broken(exchange):
        raise RuntimeError("report store is full")

    with O2GClient(fake.CONFIGURED, transport=httpx.MockTransport(fake), recorder=broken) as client:
        assert client.discover().versions
    assert "exchange recorder failed" in caplog.text
