"""Voicemail over HTTP: mailboxes, connection, messages deposited by diverted calls, listing, download, deletion."""

from __future__ import annotations

import io
import wave
from typing import Any

import pytest

from o2g_conformance.emulator.core.sessions import SessionStore
from o2g_conformance.emulator.server import EmulatorServer
from o2g_conformance.emulator.services.messaging.models import MessagingService
from tests.emulator.services_support import Env, User, check_error

ALICE_BOX = "/messaging/mailboxes/70120-7-MAILBOX"
BRUNO_BOX = "/messaging/mailboxes/70121-7-MAILBOX"


def connect(user: User, box: str = ALICE_BOX, password: str = "1201") -> dict[str, Any]:
    result: dict[str, Any] = user.ok("POST", box, {"password": password}, status=200)
    return result


def leave_message(env: Env, caller: User, device: str, callee: str, seconds: float) -> str:
    """`caller` calls `callee`, who has an immediate forward to his voice mail, and talks `seconds`."""
    ref = caller.call(device, callee)
    env.advance(seconds)
    env.phone(device, "hangup")
    return ref


@pytest.fixture
def alice_to_voicemail(env: Env) -> User:
    """Alice, with every call forwarded to her voice mail."""
    alice = env.user("alice")
    alice.ok("POST", "/routing/forwardroute", {"forwardRoute": {"destinations": [{"type": "VOICEMAIL"}]}})
    return alice


def test_mailboxes(env: Env) -> None:
    assert env.user("alice").ok("GET", "/messaging/mailboxes", status=200) == {
        "mailboxes": [
            {
                "id": "70120-7-MAILBOX",
                "name": "Embedded",
                "capabilities": {
                    "listMessages": True,
                    "getMessages": True,
                    "getRecord": True,
                    "play": False,
                    "pause": False,
                    "hangup": False,
                    "record": False,
                    "resume": True,
                    "cancel": False,
                    "forward": False,
                    "callback": False,
                    "send": True,
                    "events": True,
                },
            }
        ]
    }
    assert env.user("david").ok("GET", "/messaging/mailboxes", status=200) == {"mailboxes": []}


def test_connect(env: Env) -> None:
    alice = env.user("alice")
    assert connect(alice) == {"totalVoiceMsg": 0, "newVoiceMsg": 0, "storageUsage": -1}
    check_error(alice.post(ALICE_BOX, {"password": "0000"}), 403, "NOT_ALLOWED")
    check_error(alice.post(ALICE_BOX), 400, "BAD_PARAMETER")
    check_error(alice.post(ALICE_BOX, {}), 400, "BAD_PARAMETER")
    # The flag takes no value (L9287): the user's own password is used, no body needed.
    r = alice.client.post(f"/api/rest/1.0{ALICE_BOX}?withUserPwd")
    assert r.status_code == 200 and r.json()["totalVoiceMsg"] == 0
    check_error(alice.post(BRUNO_BOX, {"password": "1211"}), 403, "NOT_ALLOWED")
    check_error(alice.post("/messaging/mailboxes/99999-7-MAILBOX", {"password": "1201"}), 400, "NOT_FOUND")
    check_error(env.user("david").post("/messaging/mailboxes/70123-7-MAILBOX?withUserPwd"), 400, "NOT_FOUND")


def test_operations_need_a_connection(env: Env) -> None:
    alice = env.user("alice")
    for r in (
        alice.get(f"{ALICE_BOX}/voicemails"),
        alice.delete(f"{ALICE_BOX}/voicemails"),
        alice.delete(f"{ALICE_BOX}/voicemails/19458"),
        alice.get(f"{ALICE_BOX}/voicemails/19458"),
    ):
        check_error(r, 400, "NOT_EXPECTED")
    connect(alice)
    assert alice.ok("GET", f"{ALICE_BOX}/voicemails", status=200) == {"voicemails": []}
    other_session = env.user("alice")  # a connection belongs to its session
    check_error(other_session.get(f"{ALICE_BOX}/voicemails"), 400, "NOT_EXPECTED")


def test_a_diverted_call_leaves_a_message(env: Env, alice_to_voicemail: User) -> None:
    alice, bruno = alice_to_voicemail, env.user("bruno")
    events = alice.events("eventSummary")
    leave_message(env, bruno, "70121", "70120", 7)
    summary = events.drain()[-1]["eventSummary"]
    assert (summary["voiceMessagesNb"], summary["missedCallsNb"], summary["eventWaiting"]) == (1, 1, True)
    assert connect(alice) == {"totalVoiceMsg": 1, "newVoiceMsg": 1, "storageUsage": -1}
    [message] = alice.ok("GET", f"{ALICE_BOX}/voicemails", status=200)["voicemails"]
    assert message == {
        "voicemailId": "19458",
        "from": {
            "id": {"loginName": "oxe70121", "phoneNumber": "70121", "companyEmail": "bruno.bernard@example.com"},
            "firstName": "Bruno",
            "lastName": "Bernard",
        },
        "duration": 7,
        "date": "2026-01-05T09:00:00.000Z",
        "unread": True,
        "highPriority": False,
    }
    assert alice.ok("GET", "/eventSummary", status=200)["voiceMessagesNb"] == 1


def test_overflow_to_voicemail_after_no_answer_leaves_a_message(env: Env) -> None:
    bruno = env.user("bruno")
    bruno.ok(
        "POST",
        "/routing/overflowroute",
        {"overflowRoutes": [{"overflowType": "NO_ANSWER", "destinations": [{"type": "VOICEMAIL"}]}]},
    )
    events = bruno.events("eventSummary")
    env.call_in("0612345678", "70121", name="ACME")
    env.advance(20)  # rings 20 s, then the overflow takes the call
    env.advance(4)
    env.phone("0612345678", "hangup")
    summary = events.drain()[-1]["eventSummary"]
    assert summary["voiceMessagesNb"] == 1
    connect(bruno, BRUNO_BOX, "1211")
    [message] = bruno.ok("GET", f"{BRUNO_BOX}/voicemails", status=200)["voicemails"]
    assert message["from"] == {"id": {"phoneNumber": "0612345678"}, "displayName": "ACME"}
    assert (message["duration"], message["date"]) == (4, "2026-01-05T09:00:20.000Z")
    [record] = bruno.ok("GET", "/comlog/records", status=200)["comHistoryRecords"]
    dest = next(p for p in record["participants"] if "role" in p)
    assert (dest["reason"], dest["answered"], record["acknowledged"]) == ("VOICEMAIL", False, False)


def test_redirect_and_overflow_to_voicemail_leave_messages(env: Env) -> None:
    alice, bruno = env.user("alice"), env.user("bruno")
    ref = bruno.call("70121", "70120")
    alice.ok("POST", f"/telephony/calls/{ref}/redirect", {"redirectTo": "VOICEMAIL"})
    env.advance(3)
    env.phone("70121", "hangup")
    ref = bruno.call("70121", "70120")
    bruno.ok("POST", f"/telephony/calls/{ref}/overflowToVoiceMail")
    env.advance(5)
    env.phone("70121", "hangup")
    connect(alice)
    durations = [m["duration"] for m in alice.ok("GET", f"{ALICE_BOX}/voicemails", status=200)["voicemails"]]
    assert durations == [5, 3]  # newest first
    bruno.call("70121", "79000")  # Bruno consults his own mailbox: no message
    env.advance(5)
    env.phone("70121", "hangup")
    connect(bruno, BRUNO_BOX, "1211")
    assert bruno.ok("GET", f"{BRUNO_BOX}/voicemails", status=200) == {"voicemails": []}


def test_listing_filters(env: Env, alice_to_voicemail: User) -> None:
    alice, bruno = alice_to_voicemail, env.user("bruno")
    for seconds in (1, 2, 3):
        leave_message(env, bruno, "70121", "70120", seconds)
    connect(alice)
    all_ids = [m["voicemailId"] for m in alice.ok("GET", f"{ALICE_BOX}/voicemails", status=200)["voicemails"]]
    assert all_ids == ["19460", "19459", "19458"]
    page = alice.ok("GET", f"{ALICE_BOX}/voicemails", params={"offset": 1, "limit": 1}, status=200)
    assert [m["voicemailId"] for m in page["voicemails"]] == ["19459"]
    assert alice.ok("GET", f"{ALICE_BOX}/voicemails", params={"newOnly": "true", "limit": -1}, status=200)
    for params in ({"offset": "-1"}, {"limit": "-2"}, {"limit": "all"}, {"newOnly": "yes"}):
        check_error(alice.get(f"{ALICE_BOX}/voicemails", params=params), 400, "BAD_PARAMETER")


def test_delete_messages(env: Env, alice_to_voicemail: User) -> None:
    alice, bruno = alice_to_voicemail, env.user("bruno")
    for seconds in (1, 2, 3, 4):
        leave_message(env, bruno, "70121", "70120", seconds)
    connect(alice)
    events = alice.events("eventSummary")
    alice.ok("DELETE", f"{ALICE_BOX}/voicemails/19458")
    assert events.wait("OnEventSummaryUpdated")["eventSummary"]["voiceMessagesNb"] == 3
    alice.ok("DELETE", f"{ALICE_BOX}/voicemails/19458")  # "by nature non-existent" (L9371)
    assert events.wait("OnEventSummaryUpdated")["eventSummary"]["voiceMessagesNb"] == 3
    alice.ok("DELETE", f"{ALICE_BOX}/voicemails", params={"msgIds": "19459,424242"})
    alice.ok("DELETE", f"{ALICE_BOX}/voicemails", params={"msgIds": "19460;"})  # the Node SDK's separator
    assert [m["voicemailId"] for m in alice.ok("GET", f"{ALICE_BOX}/voicemails", status=200)["voicemails"]] == ["19461"]
    alice.ok("DELETE", f"{ALICE_BOX}/voicemails")
    assert alice.ok("GET", f"{ALICE_BOX}/voicemails", status=200) == {"voicemails": []}
    assert events.drain()[-1]["eventSummary"]["voiceMessagesNb"] == 0


@pytest.mark.usefixtures("alice_to_voicemail")
def test_rights_of_users_and_administrators(env: Env) -> None:
    bruno, admin = env.user("bruno"), env.user("admin")
    leave_message(env, bruno, "70121", "70120", 2)
    connect(bruno, BRUNO_BOX, "1211")
    check_error(bruno.get(f"{ALICE_BOX}/voicemails"), 403, "NOT_ALLOWED")
    check_error(bruno.delete(f"{ALICE_BOX}/voicemails"), 403, "NOT_ALLOWED")
    # loginName is ignored for a user session: Bruno still acts on his own mailbox only.
    check_error(bruno.get(f"{ALICE_BOX}/voicemails", params={"loginName": "oxe70120"}), 403, "NOT_ALLOWED")
    check_error(admin.get("/messaging/mailboxes"), 400, "BAD_PARAMETER")
    as_alice = {"loginName": "oxe70120"}
    assert (
        admin.ok("GET", "/messaging/mailboxes", params=as_alice, status=200)["mailboxes"][0]["id"] == "70120-7-MAILBOX"
    )
    r = admin.client.post(f"/api/rest/1.0{ALICE_BOX}?withUserPwd&loginName=oxe70120")
    assert r.status_code == 200 and r.json()["totalVoiceMsg"] == 1
    assert len(admin.ok("GET", f"{ALICE_BOX}/voicemails", params=as_alice, status=200)["voicemails"]) == 1


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/messaging/mailboxes"),
        ("POST", ALICE_BOX),
        ("GET", f"{ALICE_BOX}/voicemails"),
        ("DELETE", f"{ALICE_BOX}/voicemails"),
        ("DELETE", f"{ALICE_BOX}/voicemails/19458"),
        ("GET", f"{ALICE_BOX}/voicemails/19458"),
    ],
)
def test_every_voicemail_operation_needs_a_session_and_an_administrator_names_the_user(
    env: Env, method: str, path: str
) -> None:
    url = f"/api/rest/1.0{path}"
    check_error(env.api.client().request(method, url), 403, "INVALID_SESSION")
    r = env.user("admin").client.request(method, url, json={"password": "1201"})
    assert "loginName" in check_error(r, 400, "BAD_PARAMETER")["innerMessage"]


def test_download_over_http(env: Env, alice_to_voicemail: User) -> None:
    alice, bruno = alice_to_voicemail, env.user("bruno")
    leave_message(env, bruno, "70121", "70120", 2)
    connect(alice)
    r = alice.get(f"{ALICE_BOX}/voicemails/19458")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/octet-stream"
    assert r.headers["content-disposition"] == "attachment; filename=voicefile19458.wav"
    with wave.open(io.BytesIO(r.content)) as w:
        assert (w.getnchannels(), w.getframerate(), w.getnframes()) == (1, 8000, 16000)
    assert alice.ok("GET", "/eventSummary", status=200)["voiceMessagesNb"] == 0  # read now


def test_download_errors(env: Env, alice_to_voicemail: User) -> None:
    alice = alice_to_voicemail
    connect(alice)
    check_error(alice.get(f"{ALICE_BOX}/voicemails/19458"), 400, "NOT_FOUND")


def test_the_downloaded_file_is_a_wav_and_marks_the_message_read(
    env: Env, alice_to_voicemail: User, emulator_server: EmulatorServer
) -> None:
    """The WAV the download answers, taken from the backend (until the HTTP body can carry bytes, see above)."""
    alice, bruno = alice_to_voicemail, env.user("bruno")
    leave_message(env, bruno, "70121", "70120", 3)
    connect(alice)
    events = alice.events("eventSummary")
    [session_id] = [s["id"] for s in env.api.state()["sessions"] if s["login"] == "oxe70120"]

    def download() -> tuple[str, bytes]:
        backend = emulator_server.backend
        session = next(s for s in backend.state(SessionStore).live() if s.id == session_id)
        return backend.state(MessagingService).download(session, "oxe70120", "70120-7-MAILBOX", "19458")

    name, data = emulator_server.invoke(download)
    assert name == "voicefile19458.wav" and data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    with wave.open(io.BytesIO(data)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()) == (1, 2, 8000, 24000)
    assert events.wait("OnEventSummaryUpdated")["eventSummary"]["voiceMessagesNb"] == 0
    [message] = alice.ok("GET", f"{ALICE_BOX}/voicemails", status=200)["voicemails"]
    assert message["unread"] is False
