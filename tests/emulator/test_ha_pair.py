"""The emulated HA pair: doors, roles, system status, what survives a switchover, the licence, the OXE side."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from contextlib import closing
from typing import Any

import httpx
import pytest

from o2g_conformance.client import ChunkConsumer
from o2g_conformance.emulator.ha.server import HaEmulatorServer
from o2g_conformance.emulator.server import main

ADMIN = ("admin", "Adm1n-Pass")
USER_A = ("oxe70120", "1201")


@pytest.fixture(scope="module")
def pair() -> Iterator[HaEmulatorServer]:
    with HaEmulatorServer() as server:
        yield server


@pytest.fixture
def ctl(pair: HaEmulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=pair.control_url + "/__emulator__", timeout=10) as client:
        client.delete("/modifiers")
        client.post("/reset").raise_for_status()
        yield client
        client.delete("/modifiers")
        client.post("/reset").raise_for_status()


def login(url: str, who: tuple[str, str]) -> httpx.Client:
    """A client with an open session on the server at `url`."""
    client = httpx.Client(timeout=10)
    auth = client.get(url + "/api/rest/authenticate?version=1.0", auth=who)
    auth.raise_for_status()
    client.post(auth.json()["internalUrl"], json={"applicationName": "ha-test"}).raise_for_status()
    return client


def call(client: httpx.Client, url: str, caller: str, callee: str) -> str:
    made = client.post(url + "/api/rest/1.0/telephony/calls", json={"deviceId": caller, "callee": callee})
    assert made.status_code == 201, made.text
    return made.headers["location"].rsplit("/", 1)[1]


def refs(client: httpx.Client, url: str) -> list[str]:
    listed = client.get(url + "/api/rest/1.0/telephony/calls")
    assert listed.status_code == 200, listed.text
    return [c["callRef"] for c in listed.json().get("calls") or []]


def status(pair: HaEmulatorServer, door: str = "global") -> dict[str, Any]:
    with closing(login(pair.url(door), ADMIN)) as admin:
        answer = admin.get(pair.url(door) + "/api/rest/1.0/system/status")
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        return body


def test_the_active_server_and_the_global_address_say_ha_mode_the_standby_is_not_ready(
    pair: HaEmulatorServer, ctl: httpx.Client
) -> None:
    for door in ("primary", "global"):
        root = httpx.get(pair.url(door) + "/api/rest")
        assert root.status_code == 200
        assert root.json()["serverInfo"]["haMode"] is True
        # Every URL a door gives leads back to that door (wire-facts, Start-up 1).
        assert root.json()["versions"][0]["internalUrl"].startswith(pair.url(door) + "/")
    standby = httpx.get(pair.url("secondary") + "/api/rest")
    assert standby.status_code == 503
    assert standby.json()["type"] == "NOT_READY" and standby.json()["code"] == 1000 and standby.json()["canRetry"]


def test_the_system_status_names_the_active_server_as_primary_before_and_after_a_switchover(
    pair: HaEmulatorServer, ctl: httpx.Client
) -> None:
    before = status(pair)
    assert before["ha"] is True
    assert before["primary"] == pair.fqdns["primary"] and before["secondary"] == pair.fqdns["secondary"]
    assert before["primaryVersion"] and before["secondaryVersion"]
    assert before["logicalAddress"]["fqdn"] == pair.fqdns["global"]
    active, backup = before["primaryServicesStatus"], before["secondaryServicesStatus"]
    assert {s["status"] for s in active["services"]} == {"RUNNING"}
    assert {s["status"] for s in backup["services"]} == {"STOPPED"}
    assert active["globalIPAdress"] == "UP" and backup["globalIPAdress"] == "DOWN"
    assert active["drbd"].startswith("Primary/") and backup["drbd"].startswith("Secondary/")
    ctl.post("/ha/switchover").raise_for_status()
    after = status(pair, "secondary")
    assert (after["primary"], after["secondary"]) == (pair.fqdns["secondary"], pair.fqdns["primary"])
    assert after["license"]["currentServer"] == pair.fqdns["secondary"]


def test_calls_survive_a_switchover_with_their_callref_and_new_calls_never_reuse_one(
    pair: HaEmulatorServer, ctl: httpx.Client
) -> None:
    with closing(login(pair.url("primary"), USER_A)) as a:
        ref = call(a, pair.url("primary"), "70120", "70121")
    ctl.post("/ha/switchover").raise_for_status()
    with closing(login(pair.url("secondary"), USER_A)) as a:
        assert refs(a, pair.url("secondary")) == [ref]
        second = call(a, pair.url("secondary"), "70520", "70122")
        assert second != ref
        assert sorted(refs(a, pair.url("secondary"))) == sorted([ref, second])
        for r in (ref, second):
            a.delete(pair.url("secondary") + f"/api/rest/1.0/telephony/calls/{r}").raise_for_status()


def test_o2g_sessions_do_not_survive_the_old_cookie_is_an_invalid_session(
    pair: HaEmulatorServer, ctl: httpx.Client
) -> None:
    with closing(login(pair.url("global"), USER_A)) as old:
        cookie = old.cookies["AlcUserId"]
        ctl.post("/ha/fail", json={"server": "active"}).raise_for_status()
        # The global address now leads to the secondary, which never heard of that session.
        answer = httpx.get(pair.url("global") + "/api/rest/1.0/telephony/calls", cookies={"AlcUserId": cookie})
    assert answer.status_code == 403 and answer.json()["type"] == "INVALID_SESSION"
    assert ctl.get("/state").json()["sessions"] == []


def test_a_graceful_switchover_ends_the_stream_cleanly_a_failure_cuts_it(
    pair: HaEmulatorServer, ctl: httpx.Client
) -> None:
    def channel(url: str) -> ChunkConsumer:
        with closing(login(url, USER_A)) as a:
            sub = a.post(
                url + "/api/rest/1.0/subscriptions",
                json={"filter": {"selectors": [{"names": ["telephony"]}]}, "version": "1.0"},
            )
            consumer = ChunkConsumer(sub.json()["privatePollingUrl"]).start()
            assert consumer.wait_started(5)
            return consumer

    graceful = channel(pair.url("primary"))
    ctl.post("/ha/switchover").raise_for_status()
    assert graceful.wait_closed(5)
    assert graceful.closed and graceful.error is None  # the terminating chunk came
    abrupt = channel(pair.url("secondary"))
    ctl.post("/ha/fail", json={"server": "secondary"}).raise_for_status()
    assert abrupt.wait_closed(5)
    assert not abrupt.closed and isinstance(abrupt.error, httpx.TransportError)  # cut, no terminating chunk


def test_a_failed_server_refuses_connections_comes_back_as_standby_and_fails_back(
    pair: HaEmulatorServer, ctl: httpx.Client
) -> None:
    view = ctl.post("/ha/fail", json={"server": "primary"}).json()
    assert view["active"] == "secondary" and view["servers"]["primary"]["role"] == "failed"
    with pytest.raises(httpx.ConnectError):
        httpx.get(pair.url("primary") + "/api/rest")
    assert httpx.get(pair.url("global") + "/api/rest").status_code == 200  # the global address follows
    assert ctl.post("/ha/failback").status_code == 409  # the primary is not back yet
    ctl.post("/ha/restore", json={"server": "primary"}).raise_for_status()
    assert httpx.get(pair.url("primary") + "/api/rest").json()["type"] == "NOT_READY"
    assert ctl.post("/ha/failback").json()["active"] == "primary"
    assert httpx.get(pair.url("primary") + "/api/rest").status_code == 200


def test_the_takeover_runs_on_the_virtual_clock(pair: HaEmulatorServer, ctl: httpx.Client) -> None:
    ctl.post("/ha/fail", json={"server": "active", "takeoverSeconds": 10}).raise_for_status()
    assert httpx.get(pair.url("secondary") + "/api/rest").status_code == 503
    with pytest.raises(httpx.TransportError):  # no server behind the global address yet
        httpx.get(pair.url("global") + "/api/rest")
    ctl.post("/clock/advance", json={"seconds": 9.5})
    assert httpx.get(pair.url("secondary") + "/api/rest").status_code == 503
    ctl.post("/clock/advance", json={"seconds": 0.5})
    assert httpx.get(pair.url("secondary") + "/api/rest").status_code == 200
    assert httpx.get(pair.url("global") + "/api/rest").status_code == 200


def test_without_roxe_ha_the_pair_is_no_ha_pair(pair: HaEmulatorServer, ctl: httpx.Client) -> None:
    licences = ctl.get("/licences").json()
    kept = [{"name": lic["name"], "total": lic["total"]} for lic in licences["licences"] if lic["name"] != "ROXE_HA"]
    ctl.post("/licences", json={"mode": licences["mode"], "licences": kept}).raise_for_status()
    assert httpx.get(pair.url("primary") + "/api/rest").json()["serverInfo"]["haMode"] is False
    no_ha = status(pair, "primary")
    assert no_ha["ha"] is False and "secondary" not in no_ha and "primaryServicesStatus" not in no_ha
    assert ctl.post("/ha/switchover").status_code == 409
    ctl.post("/ha/fail", json={"server": "active"}).raise_for_status()
    assert httpx.get(pair.url("secondary") + "/api/rest").status_code == 503  # nobody takes over
    assert ctl.post("/ha/restore", json={"server": "primary"}).json()["active"] == "primary"


def test_without_roxe_ha_in_opex_mode_the_pair_is_ha(pair: HaEmulatorServer, ctl: httpx.Client) -> None:
    ctl.post("/licences", json={"mode": "OPEX", "licences": [{"name": "api-tel-f", "total": 10}]}).raise_for_status()
    assert httpx.get(pair.url("primary") + "/api/rest").json()["serverInfo"]["haMode"] is True


def test_an_oxe_call_server_switchover_drops_the_cti_link_then_comes_back_on_the_secondary(
    pair: HaEmulatorServer, ctl: httpx.Client
) -> None:
    with closing(login(pair.url("primary"), ADMIN)) as admin:
        url = pair.url("primary") + "/api/rest/1.0"
        sub = admin.post(
            url + "/subscriptions", json={"filter": {"selectors": [{"names": ["system"]}]}, "version": "1.0"}
        ).json()
        events = ChunkConsumer(sub["privatePollingUrl"]).start()
        assert events.wait_started(5)
        ctl.post("/ha/oxe-switchover", json={"downSeconds": 45}).raise_for_status()
        assert admin.get(url + "/system/status").json()["pbxs"][0]["ctiLinkState"] == "DISCONNECTED"
        ctl.post("/clock/advance", json={"seconds": 30})
        events.log.wait_for("OnCtiLinkDown", timeout=5)
        ctl.post("/clock/advance", json={"seconds": 15})
        events.log.wait_for("OnCtiLinkUp", timeout=5)
        assert admin.get(url + "/system/status").json()["pbxs"][0]["ctiLinkState"] == "CONNECTED_SECONDARY"
        names = [e["eventName"] for e in events.log.history if e["eventName"] != "OnChannelInformation"]
        assert names == ["OnCtiLinkDown", "OnCtiLinkUp"]
        events.stop()


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/ha/fail", {"server": "tertiary"}),
        ("/ha/fail", {"takeoverSeconds": -1}),
        ("/ha/oxe-switchover", {"downSeconds": 0}),
        ("/ha/oxe-switchover", {"eventDelay": 5}),
        ("/ha/oxe-switchover", {"nodeId": "seven"}),
    ],
)
def test_bad_control_bodies_are_refused(ctl: httpx.Client, path: str, body: dict[str, Any]) -> None:
    answer = ctl.post(path, json=body)
    assert answer.status_code == 400 and answer.json()["type"] == "BAD_PARAMETER"


def test_each_door_has_its_own_certificate_name(tmp_path: Any) -> None:
    with HaEmulatorServer(tls=True, tls_dir=tmp_path) as server:
        ctx = ssl.create_default_context(cafile=str(server.ca_file))
        for door in ("primary", "secondary", "global"):
            assert httpx.get(server.url(door) + "/api/rest", verify=ctx).status_code in (200, 503)
            ctx_by_name = ssl.create_default_context(cafile=str(server.ca_file))
            host, port = server.url(door).removeprefix("https://").rsplit(":", 1)
            import socket

            with (
                socket.create_connection((host, int(port))) as raw,
                ctx_by_name.wrap_socket(raw, server_hostname=server.fqdns[door]) as tls,
            ):
                assert tls.getpeercert() is not None  # the door's own FQDN verifies
            other = server.fqdns["secondary" if door == "primary" else "primary"]
            with (
                socket.create_connection((host, int(port))) as raw,
                pytest.raises(ssl.SSLCertVerificationError),
            ):
                ctx_by_name.wrap_socket(raw, server_hostname=other)


def test_the_command_line_documents_ha(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "--ha" in capsys.readouterr().out


def test_routing_and_voice_mail_are_the_pbxs_and_survive_a_failure(pair: HaEmulatorServer, ctl: httpx.Client) -> None:
    primary, secondary = pair.url("primary") + "/api/rest/1.0", pair.url("secondary") + "/api/rest/1.0"
    with closing(login(pair.url("primary"), USER_A)) as a:
        a.post(primary + "/routing/dnd", json={}).raise_for_status()
        dnd = a.get(primary + "/routing/dnd").json()
        mailboxes = a.get(primary + "/messaging/mailboxes").json()
    assert dnd == {"activate": True}
    ctl.post("/ha/fail", json={"server": "primary"}).raise_for_status()
    with closing(login(pair.url("secondary"), USER_A)) as a:
        assert a.get(secondary + "/routing/dnd").json() == dnd
        assert a.get(secondary + "/messaging/mailboxes").json() == mailboxes


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--ha", "--cert", "c.pem", "--key", "k.pem"], "--ha issues its own certificates"),
        (["--ha", "--port", "65534"], "too high"),
    ],
)
def test_ha_usage_errors_name_the_option(argv: list[str], said: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert said in capsys.readouterr().err
