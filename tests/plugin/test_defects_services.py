"""The routing, comlog, event summary and voicemail features fail against deliberately wrong answers.

Each case runs one real scenario against the embedded emulator with one defect-injecting modifier installed
and expects it to fail with a NonConformance naming what is wrong, while the same scenarios pass unmodified.
"""

from __future__ import annotations

import pathlib

import pytest

from tests.plugin.defects_support import run_features

CASES = [
    pytest.param(
        "- {kind: set_field, op: routing.forwardroute.set, path: routing.errorCause, value: UNKNOWN}",
        "features/routing",
        "test_a_forward_the_routing_service_cannot_accept_is_refused_with_its_cause and 99999",
        "routing.errorCause: this scenario expects 'INVALID_FORWARD_ROUTE', received 'UNKNOWN'",
        id="wrong-routing-error-cause",
    ),
    pytest.param(
        "- {kind: omit_event, event: OnComRecordCreated}",
        "features/comlog",
        "test_a_missed_call_appears_in_the_log_unacknowledged_and_raises_the_missedcall_counter",
        "OnComRecordCreated",
        id="comlog-record-event-missing",
    ),
    pytest.param(
        "- {kind: set_field, op: eventsummary.get, path: missedCallsNb, value: 0}",
        "features/comlog",
        "test_a_missed_call_appears_in_the_log_unacknowledged_and_raises_the_missedcall_counter",
        "EventSummary.missedCallsNb",
        id="missed-call-counter-does-not-move",
    ),
    pytest.param(
        "- {kind: drop_event_field, event: OnEventSummaryUpdated, path: eventSummary.voiceMessagesNb}",
        "features/voicemail",
        "test_a_call_not_answered_overflows_to_the_voice_mail_leaves_a_message_and_raises_the_voice_message_counter",
        "voiceMessagesNb = 1",
        id="voice-message-counter-not-told",
    ),
    pytest.param(
        "- {kind: set_field, op: comlog.records.list, path: comHistoryRecords.*.acknowledged, value: true}",
        "features/comlog",
        "test_a_missed_call_appears_in_the_log_unacknowledged_and_raises_the_missedcall_counter",
        "only a missed call is left unacknowledged",
        id="missed-call-acknowledged-from-the-start",
    ),
    pytest.param(
        "- {kind: omit_event, event: OnRoutingStateChanged}",
        "features/routing",
        "test_a_user_forwards_its_calls_to_its_voice_mail_immediately",
        "OnRoutingStateChanged",
        id="routing-event-missing",
    ),
    pytest.param(
        "- {kind: status, op: messaging.voicemail.download, status: 201}",
        "features/voicemail",
        "test_a_user_downloads_a_message_as_a_wav_file",
        "messaging.voicemail.download (o2g-rest-api-reference.txt L9459): status code is one the operation documents",
        id="download-undocumented-status",
    ),
]


@pytest.mark.parametrize(("modifiers", "features", "scenario", "named"), CASES)
def test_a_wrong_answer_fails_its_scenario(
    tmp_path: pathlib.Path, modifiers: str, features: str, scenario: str, named: str
) -> None:
    result = run_features(tmp_path, features, modifiers, scenario)
    failed = [line for line in result.stdout.splitlines() if line.startswith("FAILED")]
    assert any(scenario.split(" and ")[0] in line for line in failed), result.stdout[-3000:]
    assert named in result.stdout, result.stdout[-3000:]
    assert result.returncode == 3  # not compliant (o2g_conformance.plugin.exitcodes)


def test_the_same_scenarios_pass_without_modifiers(tmp_path: pathlib.Path) -> None:
    scenarios = " or ".join(sorted({str(case.values[2]).split(" and ")[0] for case in CASES}))
    result = run_features(tmp_path, "features/routing features/comlog features/voicemail", None, scenarios)
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout and "failed" not in result.stdout.split("passed")[-1]
