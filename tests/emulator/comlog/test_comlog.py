"""Communication log over HTTP: records left by calls, filters, acknowledgement, deletion, rights and events."""

from __future__ import annotations

from typing import Any

import pytest

from tests.emulator.services_support import Env, User, check_error

RECORDS = "/comlog/records"


def missed_call(env: Env, caller: User, device: str, callee: str, seconds: float = 3) -> str:
    """`caller` calls `callee`, who does not answer; the caller hangs up after `seconds`."""
    ref = caller.call(device, callee)
    env.advance(seconds)
    env.phone(device, "hangup")
    return ref


def answered_call(env: Env, caller: User, callee: User, device: str, callee_device: str, talk: float = 10) -> str:
    ref = caller.call(device, callee_device)
    env.advance(2)
    callee.ok("POST", f"/telephony/calls/{ref}/answer", {"deviceId": callee_device})
    env.advance(talk)
    env.phone(device, "hangup")
    return ref


def records(user: User, **params: Any) -> list[dict[str, Any]]:
    body = user.ok("GET", RECORDS, params=params, status=200)
    result: list[dict[str, Any]] = body["comHistoryRecords"]
    return result


def owner_part(record: dict[str, Any]) -> dict[str, Any]:
    return next(p for p in record["participants"] if "role" in p)


def test_a_missed_call_in_both_logs_and_the_counters(env: Env) -> None:
    alice, bruno = env.user("alice"), env.user("bruno")
    alice_events = alice.events("unifiedComLog", "eventSummary")
    ref = missed_call(env, bruno, "70121", "70120")
    created = alice_events.wait("OnComRecordCreated")
    record = created["record"]
    assert created["loginName"] == "oxe70120" and record["comRef"] == ref and record["acknowledged"] is False
    own = owner_part(record)
    # In events the owner is identified by his loginName only (L8515).
    assert own == {
        "role": "CALLEE",
        "answered": False,
        "identity": {"id": {"loginName": "oxe70120"}},
        "anonymous": False,
        "reason": "ABANDONED",
    }
    summary = alice_events.wait("OnEventSummaryUpdated")["eventSummary"]
    assert summary == {
        "missedCallsNb": 1,
        "voiceMessagesNb": 0,
        "callBackRequestsNb": 0,
        "faxNb": 0,
        "eventWaiting": True,
    }
    [mine] = records(alice)
    assert mine == {**record, "participants": mine["participants"]}
    caller = next(p for p in mine["participants"] if "role" not in p)
    assert caller["identity"] == {
        "id": {"loginName": "oxe70121", "phoneNumber": "70121"},
        "firstName": "Bruno",
        "lastName": "Bernard",
        "type": {"main": "USER"},
    }
    assert (mine["beginDate"], mine["endDate"]) == ("2026-01-05T09:00:00.000Z", "2026-01-05T09:00:03.000Z")
    assert "convDate" not in mine and mine["medias"] == ["AUDIO"]
    [outgoing] = records(bruno)
    assert outgoing["acknowledged"] is True and owner_part(outgoing)["role"] == "CALLER"
    assert bruno.ok("GET", "/eventSummary", status=200)["missedCallsNb"] == 0


def test_an_answered_call(env: Env) -> None:
    alice, bruno = env.user("alice"), env.user("bruno")
    answered_call(env, bruno, alice, "70121", "70120")
    [mine] = records(alice)
    assert mine["acknowledged"] is True and mine["convDate"] == "2026-01-05T09:00:02.000Z"
    assert owner_part(mine) == {**owner_part(mine), "role": "CALLEE", "answered": True, "reason": "NORMAL"}
    assert alice.ok("GET", "/eventSummary", status=200)["missedCallsNb"] == 0


def test_an_external_caller_and_a_busy_callee(env: Env) -> None:
    alice, bruno = env.user("alice"), env.user("bruno")
    env.call_in("0612345678", "70120", name="ACME")
    env.phone("0612345678", "hangup")
    [mine] = records(alice)
    caller = next(p for p in mine["participants"] if "role" not in p)
    assert caller["identity"]["id"] == {"phoneNumber": "0612345678"} and caller["identity"]["displayName"] == "ACME"
    env.configure("70122", answer="busy")
    bruno.call("70121", "70122")
    env.phone("70121", "hangup")
    [busy] = records(bruno)
    assert owner_part(busy)["reason"] == "BUSY" and owner_part(busy)["answered"] is False


def test_filters(env: Env) -> None:
    alice, bruno, chloe = env.user("alice"), env.user("bruno"), env.user("chloe")
    first = missed_call(env, bruno, "70121", "70120")  # 09:00:00
    env.advance(60)
    answered_call(env, alice, chloe, "70120", "70122")  # outgoing, 09:01:03
    env.advance(60)
    third = missed_call(env, chloe, "70122", "70120")  # 09:02:15
    ids = [r["recordId"] for r in records(alice)]
    assert len(ids) == 3 and ids == sorted(ids, reverse=True)  # newest first
    assert [r["comRef"] for r in records(alice, unanswered="true")] == [third, first]
    assert [r["comRef"] for r in records(alice, unacknowledged="TRUE")] == [third, first]
    assert len(records(alice, unanswered="false")) == 3
    assert [owner_part(r)["role"] for r in records(alice, role="CALLER")] == ["CALLER"]
    assert len(records(alice, role="CALLEE")) == 2
    assert [r["comRef"] for r in records(alice, afterDate="2026-01-05T09:02:15.000Z")] == [third]
    assert [r["comRef"] for r in records(alice, beforeDate="2026-01-05T09:01:00Z")] == [first]
    assert [r["comRef"] for r in records(alice, comRef=first)] == [first]
    assert [r["comRef"] for r in records(alice, remotePartyId="70122")] == [third, records(alice)[1]["comRef"]]
    assert [r["comRef"] for r in records(alice, remotePartyId="oxe70121")] == [first]
    page = alice.ok("GET", RECORDS, params={"offset": 1, "limit": 1}, status=200)
    assert (page["offset"], page["limit"], page["totalCount"]) == (1, 1, 3)
    assert [r["recordId"] for r in page["comHistoryRecords"]] == [ids[1]]
    # recordIdList wins over every other criterion (L7850).
    chosen = alice.ok("GET", RECORDS, params={"recordIdList": f"{ids[0]},{ids[2]}", "role": "CALLER"}, status=200)
    assert [r["recordId"] for r in chosen["comHistoryRecords"]] == [ids[0], ids[2]] and chosen["totalCount"] == 2
    assert alice.ok("GET", f"{RECORDS}/recordIds", status=200) == {"recordIds": ids}
    assert alice.ok("GET", f"{RECORDS}/{ids[1]}", status=200) == records(alice)[1]


def test_optimized_identities(env: Env) -> None:
    alice, bruno = env.user("alice"), env.user("bruno")
    missed_call(env, bruno, "70121", "70120")
    missed_call(env, bruno, "70121", "70120")
    newest, oldest = records(alice, optimized="true")
    assert all("firstName" in p["identity"] for p in newest["participants"])
    assert [p["identity"] for p in oldest["participants"]] == [
        {"id": {"phoneNumber": "70121"}},
        {"id": {"phoneNumber": "70120"}},
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"unanswered": "maybe"},
        {"unacknowledged": "1"},
        {"role": "BOSS"},
        {"afterDate": "yesterday"},
        {"beforeDate": "2026-01-05T09:00:00"},
        {"offset": "-1"},
        {"limit": "ten"},
        {"recordIdList": "10000,abc"},
        {"optimized": "yes"},
    ],
)
def test_bad_search_criteria(env: Env, params: dict[str, str]) -> None:
    check_error(env.user("alice").get(RECORDS, params=params), 400, "BAD_PARAMETER")


def test_acknowledge_and_unacknowledge(env: Env) -> None:
    alice, bruno = env.user("alice"), env.user("bruno")
    missed_call(env, bruno, "70121", "70120")
    missed_call(env, bruno, "70121", "70120")
    answered_call(env, bruno, alice, "70121", "70120")  # acknowledges both (L8707-8709)
    assert alice.ok("GET", "/eventSummary", status=200)["missedCallsNb"] == 0
    missed_call(env, env.user("chloe"), "70122", "70120")
    events = alice.events("unifiedComLog", "eventSummary")
    newest = records(alice)[0]["recordId"]
    answered_id = records(alice)[1]["recordId"]
    alice.ok("PUT", RECORDS, {"recordIds": [newest, answered_id, 99999]}, params={"acknowledge": "true"})
    assert events.wait("OnComRecordsAck") == {
        "eventName": "OnComRecordsAck",
        "loginName": "oxe70120",
        "recordIds": [newest],
    }
    assert events.wait("OnEventSummaryUpdated")["eventSummary"]["missedCallsNb"] == 0
    assert records(alice)[0]["acknowledged"] is True
    alice.ok("PUT", RECORDS, {"recordIds": [newest]}, params={"acknowledge": "true"})  # nothing changes
    assert events.drain() == []
    alice.ok("PUT", RECORDS, {"recordIds": [newest]}, params={"acknowledge": "false"})
    assert events.wait("OnComRecordsUnAck")["recordIds"] == [newest]
    assert events.wait("OnEventSummaryUpdated")["eventSummary"]["missedCallsNb"] == 1
    check_error(alice.put(RECORDS, {"recordIds": [newest]}), 400, "BAD_PARAMETER")
    check_error(alice.put(RECORDS, {"recordIds": [newest]}, params={"acknowledge": "yes"}), 400, "BAD_PARAMETER")
    check_error(alice.put(RECORDS, params={"acknowledge": "true"}), 400, "BAD_PARAMETER")
    check_error(alice.put(RECORDS, {"recordIds": ["x"]}, params={"acknowledge": "true"}), 400, "BAD_PARAMETER")


def test_the_auto_acknowledgement_of_missed_calls(env: Env) -> None:
    alice, bruno = env.user("alice"), env.user("bruno")
    events = alice.events("unifiedComLog")
    missed_call(env, bruno, "70121", "70120")
    first = events.wait("OnComRecordCreated")["record"]["recordId"]
    answered_call(env, alice, bruno, "70120", "70121")  # Alice calls Bruno back
    events.wait("OnComRecordCreated")
    assert events.wait("OnComRecordsAck")["recordIds"] == [first]


def test_delete(env: Env) -> None:
    alice, bruno, chloe = env.user("alice"), env.user("bruno"), env.user("chloe")
    for _ in range(3):
        missed_call(env, bruno, "70121", "70120")
    answered_call(env, chloe, alice, "70122", "70120")
    events = alice.events("unifiedComLog", "eventSummary")
    ids = [r["recordId"] for r in records(alice)]  # answered, then the three missed calls, newest first
    alice.ok("DELETE", f"{RECORDS}/{ids[1]}")
    assert events.wait("OnComRecordsDeleted")["recordIds"] == [ids[1]]
    assert events.wait("OnEventSummaryUpdated")["eventSummary"]["missedCallsNb"] == 2
    alice.ok("DELETE", f"{RECORDS}/{ids[1]}")  # already gone: 204, no event (L8036)
    alice.ok("DELETE", RECORDS, params={"recordIdList": "424242"})
    assert events.drain() == []
    check_error(alice.get(f"{RECORDS}/{ids[1]}"), 404, "NOT_FOUND")
    check_error(alice.get(f"{RECORDS}/first"), 400, "BAD_PARAMETER")
    check_error(alice.delete(f"{RECORDS}/first"), 400, "BAD_PARAMETER")
    alice.ok("DELETE", RECORDS, params={"recordIdList": str(ids[2])})
    assert events.wait("OnComRecordsDeleted")["recordIds"] == [ids[2]]
    assert events.wait("OnEventSummaryUpdated")["eventSummary"]["missedCallsNb"] == 1
    alice.ok("DELETE", RECORDS, params={"unanswered": "true"})
    assert events.wait("OnComRecordsDeleted")["recordIds"] == [ids[3]]
    assert [r["recordId"] for r in records(alice)] == [ids[0]]
    check_error(alice.delete(RECORDS, params={"role": "BOSS"}), 400, "BAD_PARAMETER")
    alice.ok("DELETE", RECORDS)
    assert events.wait("OnComRecordsDeleted") == {"eventName": "OnComRecordsDeleted", "loginName": "oxe70120"}
    assert records(alice) == [] and len(records(bruno)) == 3


def test_at_most_100_records_per_user(env: Env) -> None:
    alice, bruno = env.user("alice"), env.user("bruno")
    for _ in range(100):
        missed_call(env, bruno, "70121", "70120", seconds=1)
    oldest = records(alice)[-1]["recordId"]
    events = alice.events("unifiedComLog")
    missed_call(env, bruno, "70121", "70120", seconds=1)
    events.wait("OnComRecordCreated")
    assert events.wait("OnComRecordsDeleted")["recordIds"] == [oldest]
    body = alice.ok("GET", RECORDS, status=200)
    assert body["totalCount"] == 100 and oldest not in [r["recordId"] for r in body["comHistoryRecords"]]
    assert alice.ok("GET", "/eventSummary", status=200)["missedCallsNb"] == 100


def test_a_user_reads_and_changes_his_own_log_only(env: Env) -> None:
    alice, bruno = env.user("alice"), env.user("bruno")
    missed_call(env, bruno, "70121", "70120")
    [bruno_record] = records(bruno)
    [alice_record] = records(alice, loginName="oxe70121")  # ignored for a user session
    assert owner_part(alice_record)["role"] == "CALLEE"
    check_error(alice.get(f"{RECORDS}/{bruno_record['recordId']}"), 404, "NOT_FOUND")
    alice.ok("DELETE", f"{RECORDS}/{bruno_record['recordId']}")
    alice.ok("DELETE", RECORDS, params={"loginName": "oxe70121"})  # deletes Alice's own records
    assert records(bruno) == [bruno_record] and records(alice) == []


def test_an_administrator_names_the_user(env: Env) -> None:
    admin, bruno = env.user("admin"), env.user("bruno")
    missed_call(env, bruno, "70121", "70120")
    check_error(admin.get(RECORDS), 400, "BAD_PARAMETER")
    check_error(admin.get(RECORDS, params={"loginName": "oxe79999"}), 400, "NOT_FOUND")
    check_error(admin.get(f"{RECORDS}/10000", params={"loginName": "oxe79999"}), 404, "NOT_FOUND")
    [record] = records(admin, loginName="oxe70120")
    admin.ok(
        "PUT", RECORDS, {"recordIds": [record["recordId"]]}, params={"acknowledge": "true", "loginName": "oxe70120"}
    )
    assert admin.ok("GET", "/eventSummary", params={"loginName": "oxe70120"}, status=200)["missedCallsNb"] == 0
    check_error(admin.get("/eventSummary"), 400, "BAD_PARAMETER")


def test_forward_then_call_then_the_log_shows_the_forward(env: Env) -> None:
    alice, bruno, chloe = env.user("alice"), env.user("bruno"), env.user("chloe")
    alice.ok(
        "POST", "/routing/forwardroute", {"forwardRoute": {"destinations": [{"type": "NUMBER", "number": "70122"}]}}
    )
    ref = bruno.call("70121", "70120")
    chloe.ok("POST", f"/telephony/calls/{ref}/answer", {"deviceId": "70122"})
    env.advance(5)
    env.phone("70121", "hangup")
    [caller_record] = records(bruno)
    caller = owner_part(caller_record)
    assert (caller["role"], caller["answered"], caller["reason"]) == ("CALLER", True, "FORWARDED")
    assert caller["initialCalled"]["id"]["loginName"] == "oxe70120"
    logins = sorted(p["identity"]["id"]["loginName"] for p in caller_record["participants"])
    assert logins == ["oxe70121", "oxe70122"]  # Alice, the forwarding user, is not a participant (L8497)
    [forwarding] = records(alice)
    dest = owner_part(forwarding)
    assert dest["identity"]["id"]["loginName"] == "oxe70122" and dest["initialCalled"]["id"]["loginName"] == "oxe70120"
    assert (dest["answered"], dest["reason"], forwarding["acknowledged"]) == (True, "FORWARDED", True)
    [forwarded_to] = records(chloe)
    assert owner_part(forwarded_to)["identity"]["id"]["loginName"] == "oxe70122"
    assert owner_part(forwarded_to)["initialCalled"]["id"]["loginName"] == "oxe70120"


def test_a_conference_left_first_by_one_party(env: Env) -> None:
    alice, bruno, chloe = env.user("alice"), env.user("bruno"), env.user("chloe")
    first = bruno.call("70121", "70120")  # Bruno calls Alice, she answers
    alice.ok("POST", f"/telephony/calls/{first}/answer", {"deviceId": "70120"})
    second = alice.call("70120", "70122")  # Alice consults Chloe and makes a conference
    chloe.ok("POST", f"/telephony/calls/{second}/answer", {"deviceId": "70122"})
    alice.ok("POST", f"/telephony/calls/{second}/merge", {"heldCallRef": first})
    events = alice.events("unifiedComLog")
    env.advance(30)
    chloe.ok("POST", f"/telephony/calls/{second}/dropme")
    created = events.wait("OnComRecordCreated")["record"]
    assert created["comRef"] == second and "endDate" not in created
    assert len(records(chloe)) == 1 and records(chloe)[0]["endDate"] == "2026-01-05T09:00:30.000Z"
    env.advance(10)
    env.phone("70121", "hangup")
    modified = events.wait("OnComRecordModified")["record"]
    assert (modified["recordId"], modified["endDate"]) == (created["recordId"], "2026-01-05T09:00:40.000Z")
    assert len(records(alice)) == 1


def test_omit_event_modifier_hides_the_record_creation(env: Env) -> None:
    alice, bruno = env.user("alice"), env.user("bruno")
    events = alice.events("unifiedComLog", "eventSummary")
    env.modifiers({"kind": "omit_event", "event": "OnComRecordCreated"})
    missed_call(env, bruno, "70121", "70120")
    assert [e["eventName"] for e in events.drain()] == ["OnEventSummaryUpdated"]
    assert len(records(alice)) == 1


@pytest.mark.parametrize(
    ("method", "path", "params"),
    [
        ("GET", RECORDS, {}),
        ("PUT", RECORDS, {"acknowledge": "true"}),
        ("DELETE", RECORDS, {}),
        ("GET", f"{RECORDS}/recordIds", {}),
        ("GET", f"{RECORDS}/10000", {}),
        ("DELETE", f"{RECORDS}/10000", {}),
    ],
)
def test_every_comlog_operation_needs_a_session_and_an_administrator_names_the_user(
    env: Env, method: str, path: str, params: dict[str, str]
) -> None:
    url = f"/api/rest/1.0{path}"
    check_error(env.api.client().request(method, url, params=params), 403, "INVALID_SESSION")
    admin = env.user("admin")
    r = admin.client.request(method, url, params=params, json={"recordIds": []})
    assert "loginName" in check_error(r, 400, "BAD_PARAMETER")["innerMessage"]


def test_a_transferred_call(env: Env) -> None:
    alice, bruno, chloe = env.user("alice"), env.user("bruno"), env.user("chloe")
    first = bruno.call("70121", "70120")
    alice.ok("POST", f"/telephony/calls/{first}/answer", {"deviceId": "70120"})
    env.advance(10)
    second = alice.call("70120", "70122")
    chloe.ok("POST", f"/telephony/calls/{second}/answer", {"deviceId": "70122"})
    env.advance(5)
    alice.ok("POST", f"/telephony/calls/{second}/transfer", {"heldCallRef": first})
    env.advance(20)
    env.phone("70122", "hangup")
    for user in (alice, bruno, chloe):
        [record] = records(user)
        assert (record["comRef"], record["transferredBy"], owner_part(record)["reason"]) == (
            first,
            "oxe70120",
            "TRANSFERRED",
        )
    assert records(alice)[0]["endDate"] == "2026-01-05T09:00:15.000Z"  # Alice left at the transfer
    assert records(chloe)[0]["beginDate"] == "2026-01-05T09:00:10.000Z"  # Chloe keeps her enquiry's dates (L7795)


def test_a_picked_up_call(env: Env) -> None:
    alice, chloe = env.user("alice"), env.user("chloe")
    env.call_in("0612345678", "70120")
    chloe.ok("POST", "/telephony/devices/70122/pickup", {"otherPhoneNumber": "70120"})
    env.advance(5)
    env.phone("0612345678", "hangup")
    [picked] = records(alice)
    dest = owner_part(picked)
    assert dest["identity"]["id"]["loginName"] == "oxe70122" and (dest["reason"], dest["answered"]) == ("PICKUP", True)
    assert picked["acknowledged"] is True and alice.ok("GET", "/eventSummary", status=200)["missedCallsNb"] == 0
    [taken] = records(chloe)
    assert owner_part(taken)["initialCalled"]["id"]["loginName"] == "oxe70120"
