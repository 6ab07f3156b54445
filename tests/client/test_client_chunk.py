"""ChunkConsumer against a loopback HTTP/1.1 server: split lines, first-line rule, EOF, errors, prompt stop."""

from __future__ import annotations

import time

import httpx
import pytest

from o2g_conformance.client import CHUNK_STARTED, ChunkConsumer, EventLog, O2GClient, O2GError, TargetUnreachable


def _consumer(chunk_server, path: str, **options) -> ChunkConsumer:
    return ChunkConsumer(chunk_server.url + path, **options).start()


def test_reads_lines_split_across_chunks(chunk_server):
    body = chunk_server.lines(
        CHUNK_STARTED, {"eventName": "OnCallCreated", "callRef": "c1"}, {"eventName": "OnCallRemoved", "callRef": "c1"}
    )
    # Cut in the middle of every line, and at one line boundary.
    pieces = [body[:10], body[10:70], body[70:71], body[71:]]
    chunk_server.scripts["/events"] = chunk_server.Script(chunks=pieces)
    raw: list[str] = []
    with _consumer(chunk_server, "/events?subscriptionId=s1", on_line=raw.append) as consumer:
        assert consumer.wait_started(2.0)
        assert consumer.log.wait_for("OnCallRemoved", timeout=2.0)["callRef"] == "c1"
        assert consumer.log.wait_for("OnCallCreated", timeout=0)["callRef"] == "c1"
        assert consumer.violations == []
        assert consumer.status == 200
        assert consumer.running
    assert raw[0] == '{"eventName":"OnChannelInformation","text":"Chunk started"}'
    assert consumer.log.history[0] == CHUNK_STARTED


def test_posts_without_cookie_by_default_and_can_use_get(chunk_server):
    chunk_server.scripts["/OTEvents"] = chunk_server.Script(chunks=[chunk_server.lines(CHUNK_STARTED)])
    with _consumer(chunk_server, "/OTEvents?subscriptionId=s1") as consumer:
        assert consumer.wait_started(2.0)
    with _consumer(chunk_server, "/OTEvents?subscriptionId=s2", method="GET") as consumer:
        assert consumer.wait_started(2.0)
    (m1, p1, h1), (m2, p2, _) = chunk_server.seen
    assert (m1, p1) == ("POST", "/OTEvents?subscriptionId=s1")
    assert (m2, p2) == ("GET", "/OTEvents?subscriptionId=s2")
    assert "Cookie" not in h1


def test_a_wrong_first_line_is_a_protocol_violation(chunk_server):
    chunk_server.scripts["/events"] = chunk_server.Script(
        chunks=[chunk_server.lines({"eventName": "OnCallCreated", "callRef": "c1"}, CHUNK_STARTED)]
    )
    with _consumer(chunk_server, "/events") as consumer:
        assert consumer.wait_started(2.0) is False
        consumer.log.wait_for("OnChannelInformation", timeout=2.0)
    assert consumer.started is False
    assert len(consumer.violations) == 1
    assert consumer.violations[0].startswith("first line is not")
    assert consumer.log.count("OnCallCreated") == 1  # still delivered: the checks decide


def test_non_json_lines_are_violations_and_blank_lines_are_ignored(chunk_server):
    chunk_server.scripts["/events"] = chunk_server.Script(
        chunks=[
            chunk_server.lines(CHUNK_STARTED),
            b"\n",
            b"not json\n",
            b'["x"]\n',
            chunk_server.lines({"eventName": "E"}),
        ]
    )
    with _consumer(chunk_server, "/events") as consumer:
        consumer.log.wait_for("E", timeout=2.0)
    assert consumer.started
    assert consumer.lines == 4
    assert [v.split(":")[0] for v in consumer.violations] == [
        "line 2 is not a JSON object with eventName",
        "line 3 is not a JSON object with eventName",
    ]


def test_end_of_stream_is_recorded_as_closed(chunk_server):
    chunk_server.scripts["/events"] = chunk_server.Script(chunks=[chunk_server.lines(CHUNK_STARTED)], hold=False)
    consumer = _consumer(chunk_server, "/events")
    assert consumer.wait_closed(2.0)
    assert consumer.closed
    assert consumer.error is None
    assert not consumer.stopped


def test_error_status_is_kept_as_o2g_error(chunk_server):
    body = b'{"httpStatus":"FORBIDDEN","code":1001,"type":"INVALID_SESSION","canRetry":true}'
    chunk_server.scripts["/events"] = chunk_server.Script(status=403, chunks=[body], hold=False)
    consumer = _consumer(chunk_server, "/events")
    assert consumer.wait_started(2.0) is False
    assert consumer.wait_closed(2.0)
    assert consumer.status == 403
    assert isinstance(consumer.error, O2GError)
    assert consumer.error.type == "INVALID_SESSION"
    assert not consumer.closed


def test_stop_closes_a_held_stream_promptly(chunk_server):
    chunk_server.scripts["/events"] = chunk_server.Script(chunks=[chunk_server.lines(CHUNK_STARTED)])
    consumer = _consumer(chunk_server, "/events")
    assert consumer.wait_started(2.0)
    began = time.monotonic()
    consumer.stop()
    assert time.monotonic() - began < 1.0
    assert not consumer.running
    assert consumer.stopped
    assert consumer.error is None
    assert not consumer.closed


def test_stop_works_before_the_response_headers_arrive(chunk_server):
    chunk_server.scripts["/slow"] = chunk_server.Script(chunks=[chunk_server.lines(CHUNK_STARTED)], delay_headers=10)
    consumer = _consumer(chunk_server, "/slow")
    deadline = time.monotonic() + 2.0
    while not chunk_server.seen and time.monotonic() < deadline:
        time.sleep(0.005)
    began = time.monotonic()
    consumer.stop()
    assert time.monotonic() - began < 1.0
    assert not consumer.running
    assert consumer.status is None


def test_connection_refused_is_an_error(chunk_server):
    consumer = ChunkConsumer("http://127.0.0.1:9/events", connect_timeout=1.0).start()
    assert consumer.wait_closed(2.0)
    assert isinstance(consumer.error, httpx.ConnectError)
    assert not consumer.started


def test_subscription_channel_uses_the_public_polling_url(session, fake, chunk_server):
    chunk_server.scripts["/public"] = chunk_server.Script(
        chunks=[chunk_server.lines(CHUNK_STARTED, {"eventName": "OnUserInfoChanged", "loginName": "oxe1000"})]
    )
    body = {
        "subscriptionId": "s1",
        "status": "ACCEPTED",
        "publicPollingUrl": chunk_server.url + "/public?subscriptionId=s1",
        "privatePollingUrl": chunk_server.url + "/private?subscriptionId=s1",
    }
    fake.on("POST", "/api/rest/1.0/subscriptions", lambda r: httpx.Response(200, json=body))
    fake.on("DELETE", "/api/rest/1.0/subscriptions/s1", lambda r: httpx.Response(204))
    subscription = session.subscribe([{"ids": ["oxe1000"], "names": ["user"]}])
    log = EventLog()
    consumer = subscription.open_channel(log)
    assert consumer.log is log
    assert log.wait_for("OnUserInfoChanged", timeout=2.0)["loginName"] == "oxe1000"
    subscription.delete()
    assert not consumer.running
    assert [p for _, p, _ in chunk_server.seen] == ["/public?subscriptionId=s1"]


def test_tls_stream_with_a_ca_file_and_prompt_stop(tls_chunk_server, tls_ca):
    tls_chunk_server.scripts["/events"] = tls_chunk_server.Script(chunks=[tls_chunk_server.lines(CHUNK_STARTED)])
    consumer = ChunkConsumer(tls_chunk_server.url + "/events", verify=tls_ca[1]).start()
    assert consumer.wait_started(2.0), consumer.error
    began = time.monotonic()
    consumer.stop()
    assert time.monotonic() - began < 1.0
    assert not consumer.running
    assert consumer.error is None


def test_tls_verification_failure_is_an_error(tls_chunk_server):
    consumer = ChunkConsumer(tls_chunk_server.url + "/events").start()
    assert consumer.wait_closed(2.0)
    assert isinstance(consumer.error, httpx.ConnectError)


def test_client_verifies_with_a_ca_file(tls_chunk_server, tls_ca):
    tls_chunk_server.scripts["/api/rest"] = tls_chunk_server.Script(chunks=[b'{"versions":[]}'], hold=False)
    with O2GClient(tls_chunk_server.url, verify=tls_ca[1]) as client:
        assert client.discover().versions == []
    with O2GClient(tls_chunk_server.url) as client, pytest.raises(TargetUnreachable, match="CERTIFICATE_VERIFY_FAILED"):
        client.discover()
