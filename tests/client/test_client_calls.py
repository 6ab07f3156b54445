"""Calls by operation id, raw requests, error parsing, guarded retries, keepalive and close."""

from __future__ import annotations

import json
import threading

import httpx
import pytest
from pydantic import BaseModel

from o2g_conformance.client import O2GClient, O2GError, RestErrorInfo, TargetUnreachable, UnusableAnswer

HOLD = "/api/rest/1.0/telephony/calls/{ref}/hold"


def test_call_renders_the_catalog_path_on_the_private_base_url(session, fake):
    fake.on("POST", "/api/rest/1.0/telephony/calls/a/b 1/hold", lambda r: httpx.Response(204))  # decoded path
    response = session.call("telephony.calls.hold", path={"callRef": "a/b 1"}, json={"deviceId": "1000"})
    request = fake.last()
    assert request.method == "POST"
    assert str(request.url) == "https://api.internal:7443/api/rest/1.0/telephony/calls/a%2Fb%201/hold"
    assert json.loads(request.content) == {"deviceId": "1000"}
    assert request.headers["cookie"] == f"AlcUserId={fake.TOKEN}"
    assert response.status == 204
    assert response.ok
    assert response.op_id == "telephony.calls.hold"
    assert response.request.method == "POST"
    assert response.elapsed >= 0


def test_call_sends_query_parameters_and_no_body_when_json_is_unset(session, fake):
    fake.on("GET", "/api/rest/1.0/telephony/calls", lambda r: httpx.Response(200, json={"calls": []}))
    response = session.call("telephony.calls.list", query={"loginName": "oxe1000", "skipped": None})
    request = fake.last()
    assert dict(request.url.params) == {"loginName": "oxe1000"}
    assert request.content == b""
    assert "content-type" not in request.headers
    assert response.json == {"calls": []}


def test_call_keeps_a_reverse_proxy_prefix_of_the_base_url(client, fake):
    fake.session_body = dict(fake.session_body, privateBaseUrl="https://proxy.test/o2g/api/rest/1.0/")
    session = client.login("oxe1000", fake.PASSWORD)
    session.call("sessions.keepalive.post")
    assert str(fake.last().url) == "https://proxy.test/o2g/api/rest/1.0/sessions/keepalive"


def test_unknown_operation_id_is_a_key_error(session):
    with pytest.raises(KeyError, match=r"unknown operation id 'telephony\.calls\.hodl'"):
        session.call("telephony.calls.hodl")


def test_missing_and_unknown_path_parameters_are_usage_errors(session):
    with pytest.raises(KeyError, match="needs path parameter 'callRef'"):
        session.call("telephony.calls.hold")
    with pytest.raises(ValueError, match=r"has no path parameter \['callref'\]"):
        session.call("telephony.calls.hold", path={"callRef": "1", "callref": "1"})


def test_raw_request_resolves_paths_and_labels_the_operation(session, fake):
    response = session.request("GET", "/telephony/calls")
    assert str(fake.last().url) == fake.PRIVATE_BASE + "/telephony/calls"
    assert response.op_id == "telephony.calls.list"
    session.request("GET", "/api/rest")
    assert str(fake.last().url) == "https://api.internal:7443/api/rest"
    session.request("PATCH", "https://elsewhere.test/x", op_id="custom")
    assert str(fake.last().url) == "https://elsewhere.test/x"


def test_raw_request_sends_malformed_bodies_and_chosen_cookies(session, fake):
    session.request("POST", "/telephony/calls", content=b'{"deviceId": ', headers={"Content-Type": "application/json"})
    assert fake.last().content == b'{"deviceId": '
    session.request("GET", "/telephony/calls", cookies=None)
    assert "cookie" not in fake.last().headers
    session.request("GET", "/telephony/calls", cookies={"AlcUserId": "forged"})
    assert fake.last().headers["cookie"] == "AlcUserId=forged"
    session.request("GET", "/telephony/calls", headers={"Cookie": "AlcUserId=raw"})
    assert fake.last().headers["cookie"] == "AlcUserId=raw"


def test_error_body_is_parsed_into_rest_error_info(session, fake):
    telephony = {"errorType": "CALL_REFERENCE_NOT_FOUND", "errorCause": "INVALID_CALL_ID", "message": "no call"}
    fake.on(
        "POST", HOLD.format(ref="c1"), lambda r: fake.error(403, "INVALID_SESSION", 1001, True, telephony=telephony)
    )
    response = session.call("telephony.calls.hold", path={"callRef": "c1"})
    error = response.error
    assert isinstance(error, RestErrorInfo)
    assert (error.httpStatus, error.code, error.type, error.canRetry) == ("FORBIDDEN", 1001, "INVALID_SESSION", True)
    assert error.telephony is not None
    assert error.telephony.errorType == "CALL_REFERENCE_NOT_FOUND"
    with pytest.raises(O2GError) as info:
        response.raise_for_error()
    assert str(info.value) == (
        "telephony.calls.hold -> 403 FORBIDDEN INVALID_SESSION (1001): help for INVALID_SESSION / inner INVALID_SESSION"
    )
    assert info.value.status == 403
    assert info.value.error == error
    assert info.value.op_id == "telephony.calls.hold"
    assert '"code":1001' in info.value.body


def test_raise_for_error_flag_and_non_json_error_bodies(session, fake):
    fake.on("POST", HOLD.format(ref="c1"), lambda r: httpx.Response(502, text="<html>Bad gateway</html>"))
    with pytest.raises(O2GError, match=r"^telephony.calls.hold -> 502 BAD_GATEWAY: <html>Bad gateway</html>$") as info:
        session.call("telephony.calls.hold", path={"callRef": "c1"}, raise_for_error=True)
    assert info.value.error is None


def test_success_has_no_error_and_raise_for_error_chains(session, fake):
    response = session.keepalive()
    assert response.error is None
    assert response.raise_for_error() is response


class _Calls(BaseModel):
    calls: list[dict[str, str]]


def test_model_parses_or_reports_an_unusable_answer(session, fake):
    fake.on("GET", "/api/rest/1.0/telephony/calls", [lambda r: httpx.Response(200, json={"calls": [{"a": "b"}]})])
    assert session.call("telephony.calls.list").model(_Calls).calls == [{"a": "b"}]
    fake.on("GET", "/api/rest/1.0/telephony/calls", lambda r: httpx.Response(200, json={"calls": 3}))
    with pytest.raises(UnusableAnswer, match="body is not a valid _Calls: calls: "):
        session.call("telephony.calls.list").model(_Calls)
    fake.on("GET", "/api/rest/1.0/telephony/calls", lambda r: httpx.Response(200, text="not json"))
    with pytest.raises(UnusableAnswer, match="expected a JSON _Calls body"):
        session.call("telephony.calls.list").model(_Calls)


# -- retries ----------------------------------------------------------------------------------------------------

CALLS = "/api/rest/1.0/telephony/calls"


def _not_ready(r: httpx.Request) -> httpx.Response:
    body = {"httpStatus": "SERVICE_UNAVAILABLE", "code": 1000, "type": "NOT_READY", "canRetry": True}
    return httpx.Response(503, json=body)


def _ok(r: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"calls": []})


def test_retries_are_off_by_default(session, fake):
    fake.on("GET", CALLS, [_not_ready, _ok])
    assert session.call("telephony.calls.list").status == 503
    assert len(fake.hits("GET", CALLS)) == 1


def test_idempotent_not_ready_is_retried(session, client, fake):
    client.retries = 2
    recorded = []
    client.recorder = recorded
    fake.on("GET", CALLS, [_not_ready, _not_ready, _ok])
    response = session.call("telephony.calls.list")
    assert response.status == 200
    assert response.attempts == 3
    assert len(fake.hits("GET", CALLS)) == 3
    assert [(e.status, e.attempt) for e in recorded] == [(503, 1), (503, 2), (200, 3)]


def test_post_not_ready_is_never_retried(session, client, fake):
    client.retries = 3
    fake.on("POST", HOLD.format(ref="c1"), [_not_ready, lambda r: httpx.Response(204)])
    response = session.call("telephony.calls.hold", path={"callRef": "c1"})
    assert response.status == 503
    assert response.attempts == 1
    assert len(fake.hits("POST", HOLD.format(ref="c1"))) == 1


@pytest.mark.parametrize(
    ("status", "type_", "can_retry"),
    [(403, "INVALID_SESSION", True), (503, "SERVER_PROBLEM", False), (503, "NOT_READY", False)],
)
def test_other_errors_are_not_retried(session, client, fake, status, type_, can_retry):
    client.retries = 3
    fake.on("GET", CALLS, [lambda r: fake.error(status, type_, 1000, can_retry), _ok])
    assert session.call("telephony.calls.list").status == status
    assert len(fake.hits("GET", CALLS)) == 1


def test_bare_503_is_retried_and_exhaustion_returns_the_last_answer(session, client, fake):
    client.retries = 2
    fake.on("GET", CALLS, [lambda r: httpx.Response(503)])
    response = session.call("telephony.calls.list")
    assert response.status == 503
    assert response.attempts == 3
    assert len(fake.hits("GET", CALLS)) == 3


def test_connection_reset_on_get_is_retried_but_not_on_post(session, client, fake):
    def reset(r: httpx.Request) -> httpx.Response:
        raise httpx.ReadError("connection reset by peer", request=r)

    client.retries = 1
    fake.on("GET", CALLS, [reset, _ok])
    assert session.call("telephony.calls.list").status == 200
    fake.on("POST", CALLS, [reset, _ok])
    with pytest.raises(TargetUnreachable, match="connection reset"):
        session.call("telephony.calls.make", json={})
    assert len(fake.hits("POST", CALLS)) == 1


# -- keepalive and close --------------------------------------------------------------------------------------


def test_keepalive_and_close_use_the_session_operations(session, fake):
    assert session.keepalive().status == 204
    request = fake.last()
    assert (request.method, str(request.url)) == ("POST", fake.PRIVATE_BASE + "/sessions/keepalive")
    assert request.content == b""
    assert session.close() is not None
    assert (fake.last().method, str(fake.last().url)) == ("DELETE", fake.PRIVATE_BASE + "/sessions")
    assert session.closed
    assert session.close() is None


def test_session_context_manager_closes(client, fake):
    with client.login("oxe1000", fake.PASSWORD) as session:
        pass
    assert session.closed
    assert fake.last().method == "DELETE"


def test_close_raises_on_error_unless_told_not_to(session, fake):
    fake.on("DELETE", "/api/rest/1.0/sessions", lambda r: fake.error(403, "INVALID_SESSION", 1001, True))
    with pytest.raises(O2GError, match=r"sessions\.session\.close -> 403"):
        session.close()


def test_keepalive_thread_sends_and_stops(session, fake):
    two = threading.Event()

    def count(r: httpx.Request) -> httpx.Response:
        if len(fake.hits("POST", "/api/rest/1.0/sessions/keepalive")) >= 2:
            two.set()
        return httpx.Response(204)

    fake.on("POST", "/api/rest/1.0/sessions/keepalive", count)
    session.start_keepalive(interval=0.01)
    assert session.keepalive_running
    assert two.wait(2.0)
    session.stop_keepalive()
    assert not session.keepalive_running
    assert session.keepalive_count >= 2
    assert session.keepalive_failures == []


def test_keepalive_thread_records_failures_and_close_stops_it(session, fake):
    failed = threading.Event()

    def forbidden(r: httpx.Request) -> httpx.Response:
        failed.set()
        return fake.error(403, "INVALID_SESSION", 1001, True)

    fake.on("POST", "/api/rest/1.0/sessions/keepalive", forbidden)
    session.start_keepalive(interval=0.01)
    assert failed.wait(2.0)
    session.close()
    assert not session.keepalive_running
    assert session.keepalive_failures
    assert session.keepalive_failures[0].type == "INVALID_SESSION"


def test_keepalive_default_interval_is_ninety_percent_of_ttl(session, monkeypatch):
    seen = {}

    class FakeThread:
        def __init__(self, target, args, name, daemon):
            seen.update(period=args[0], daemon=daemon)

        def start(self):
            pass

        def is_alive(self):
            return False

    monkeypatch.setattr("o2g_conformance.client._session.threading.Thread", FakeThread)
    session.start_keepalive()
    assert seen == {"period": pytest.approx(1620.0), "daemon": True}


def test_open_session_can_start_keepalive(client, fake):
    session = client.open_session(client.authenticate("oxe1000", fake.PASSWORD), keepalive=True)
    try:
        assert session.keepalive_running
    finally:
        session.close()
    assert not session.keepalive_running


# -- subscriptions ----------------------------------------------------------------------------------------------


def _subscribed(status: str = "ACCEPTED", **extra: str) -> httpx.Response:
    body = {
        "subscriptionId": "sub-1",
        "status": status,
        "privatePollingUrl": "http://events.internal:8016/OTEvents?subscriptionId=sub-1",
        "mode": "CHUNK",
        "format": "JSON",
        **extra,
    }
    return httpx.Response(200, json=body)


def test_subscribe_update_and_delete(session, fake):
    fake.on("POST", "/api/rest/1.0/subscriptions", lambda r: _subscribed())
    fake.on("PUT", "/api/rest/1.0/subscriptions", lambda r: httpx.Response(204))
    fake.on("DELETE", "/api/rest/1.0/subscriptions/sub-1", lambda r: httpx.Response(204))
    selectors = [{"ids": ["oxe1000"], "names": ["telephony"]}]
    subscription = session.subscribe(selectors, timeout=0, extra={"sessionId": "x"})
    assert json.loads(fake.last().content) == {
        "version": "1.0",
        "filter": {"selectors": selectors},
        "timeout": 0,
        "sessionId": "x",
    }
    assert subscription.accepted
    assert subscription.id == "sub-1"
    assert subscription.polling_url == "http://events.internal:8016/OTEvents?subscriptionId=sub-1"
    assert session.subscriptions == [subscription]
    subscription.update([{"ids": ["oxe1000", "oxe2000"], "names": ["telephony"]}])
    assert json.loads(fake.last().content) == {"selectors": [{"ids": ["oxe1000", "oxe2000"], "names": ["telephony"]}]}
    assert subscription.delete() is not None
    assert str(fake.last().url) == fake.PRIVATE_BASE + "/subscriptions/sub-1"
    assert subscription.deleted
    assert session.subscriptions == []
    assert subscription.delete() is None


def test_refused_subscription_is_returned_and_has_no_channel(session, fake):
    fake.on(
        "POST",
        "/api/rest/1.0/subscriptions",
        lambda r: httpx.Response(200, json={"status": "REFUSED", "message": "no licence"}),
    )
    subscription = session.subscribe([{"names": ["system"]}])
    assert not subscription.accepted
    assert subscription.status == "REFUSED"
    with pytest.raises(UnusableAnswer, match="gave no polling URL"):
        subscription.open_channel()


def test_public_polling_url_wins(session, fake):
    public = "https://public.example:8016/OTEvents?subscriptionId=sub-1"
    fake.on("POST", "/api/rest/1.0/subscriptions", lambda r: _subscribed(publicPollingUrl=public))
    assert session.subscribe([{"names": ["system"]}]).polling_url == public


def test_close_deletes_the_session_subscriptions_first(session, fake):
    fake.on("POST", "/api/rest/1.0/subscriptions", lambda r: _subscribed())
    fake.on("DELETE", "/api/rest/1.0/subscriptions/sub-1", lambda r: httpx.Response(204))
    session.subscribe([{"names": ["system"]}])
    session.close()
    assert [(r.method, r.url.path) for r in fake.requests[-2:]] == [
        ("DELETE", "/api/rest/1.0/subscriptions/sub-1"),
        ("DELETE", "/api/rest/1.0/sessions"),
    ]


def test_client_raw_request_has_no_cookie(client, fake):
    client.request("GET", "/api/rest")
    assert "cookie" not in fake.last().headers
    assert str(fake.last().url) == "http://configured.test/api/rest"


def test_client_accepts_a_custom_catalog_argument(fake):
    with O2GClient(fake.CONFIGURED, transport=httpx.MockTransport(fake)) as client:
        assert client.catalog.has_operation("telephony.calls.hold")


def test_a_file_answer_keeps_its_bytes_and_is_recorded_by_size() -> None:
    import httpx

    from o2g_conformance.client import O2GClient

    wav = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(range(256))
    recorded = []

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=wav, headers={"content-type": "application/octet-stream"})

    client = O2GClient("https://o2g.test", transport=httpx.MockTransport(handler), recorder=recorded.append)
    response = client.request("GET", "/api/rest/1.0/messaging/mailboxes/1/voicemails/2")
    assert response.content == wav
    assert (
        recorded[0].to_text().count("<") >= 1
        and f"<{len(wav)} bytes of application/octet-stream>" in recorded[0].to_text()
    )
