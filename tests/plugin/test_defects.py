"""The conformance features fail against deliberately wrong answers (defect-injecting emulator modifiers).

Each case runs real features against the embedded emulator with one modifier installed and expects the
named scenario to fail with a NonConformance naming the operation, while an unmodified run passes.
"""

from __future__ import annotations

import pathlib

import pytest

from tests.plugin.defects_support import run_features

CASES = [
    pytest.param(
        "- {kind: drop_field, op: sessions.session.get, path: privateBaseUrl}",
        "features/sessions",
        "test_a_user_reads_its_session_information",
        "sessions.session.get",
        id="missing-required-field",
    ),
    pytest.param(
        "- {kind: status, op: root.descriptor.get, status: 201}",
        "features/root",
        "test_the_root_descriptor_lists_api_version_10_with_absolute_urls",
        "root.descriptor.get",
        id="undocumented-status",
    ),
    pytest.param(
        "- {kind: set_field, op: sessions.session.open, path: timeToLive, value: thirty minutes}",
        "features/sessions",
        "test_a_user_opens_a_session",
        "sessions.session.open",
        id="wrong-field-type",
    ),
    pytest.param(
        "- {kind: drop_field, op: sessions.session.get, path: canRetry}",
        "features/sessions",
        "test_a_closed_session_is_no_longer_valid",
        "canRetry",
        id="error-body-field-missing",
    ),
    pytest.param(
        "- {kind: set_field, op: subscriptions.subscription.create, path: status, value: ACCEPTED}",
        "features/subscriptions",
        "test_subscriptions_that_break_the_selector_rules_are_refused",
        "REFUSED",
        id="refusal-answered-as-acceptance",
    ),
    pytest.param(
        "- {kind: omit_event, event: OnUserStateModified}",
        "features/subscriptions",
        "test_events_between_subscription_and_channel_opening_are_queued_and_delivered_first",
        "OnUserStateModified",
        id="event-omitted",
    ),
    # Sessions compared with what the user had before: a session not listed, finished ones miscounted.
    pytest.param(
        "- {kind: drop_field, op: sessions.session.get, path: otherSessions}",
        "features/sessions",
        "test_a_user_with_two_credentials_sees_its_other_session",
        "besides the 0 the user had before",
        id="other-session-not-listed",
    ),
    pytest.param(
        "- {kind: set_field, op: sessions.session.get, path: otherSessions.*.timeToLive, value: 0}",
        "features/timeouts",
        "test_a_closed_session_is_purged_within_5_minutes",
        "more session(s) with timeToLive 0 than the",  # every session claims to be finished, before and after
        id="finished-session-miscounted",
    ),
    # Call control: the suite fails when the PBX omits an event, sends them out of order, answers a wrong
    # state with success, or drops a documented field.
    pytest.param(
        "- {kind: omit_event, event: OnCallRemoved}",
        "features/call_control",
        "test_hanging_up_a_call_releases_every_party",
        "is told of the removal",  # the removal never comes
        id="call-event-omitted",
    ),
    pytest.param(
        "- {kind: reorder_events, event: OnCallCreated}",
        "features/call_control",
        "test_a_user_puts_a_call_on_hold_and_retrieves_it",
        "call-state rule",
        id="call-events-out-of-order",
    ),
    pytest.param(
        "- {kind: accept_wrong_state, op: telephony.calls.retrieve}",
        "features/call_control",
        "test_a_call_service_the_calls_state_does_not_allow_is_refused",
        "received 204 No Content",
        id="wrong-state-answered-with-success",
    ),
    pytest.param(
        "- {kind: drop_event_field, event: OnCallModified, path: previousCallRef}",
        "features/call_control",
        "test_a_consultation_call_then_a_transfer_leaves_the_held_party_with_the_consulted_party",
        "previousCallRef",
        id="call-event-field-dropped",
    ),
]


@pytest.mark.parametrize(("modifiers", "features", "scenario", "named"), CASES)
def test_a_wrong_answer_fails_its_scenario(
    tmp_path: pathlib.Path, modifiers: str, features: str, scenario: str, named: str
) -> None:
    result = run_features(tmp_path, features, modifiers, select=scenario)
    failed = [line for line in result.stdout.splitlines() if line.startswith("FAILED")]
    assert any(scenario in line for line in failed), result.stdout[-3000:]
    assert named in result.stdout
    assert result.returncode == 3  # not compliant (o2g_conformance.plugin.exitcodes)


def test_the_same_features_pass_without_modifiers(tmp_path: pathlib.Path) -> None:
    result = run_features(tmp_path, "features/root features/sessions features/subscriptions", None)
    assert result.returncode == 0, result.stdout[-3000:]


def test_a_bad_modifier_file_is_a_usage_error(tmp_path: pathlib.Path) -> None:
    result = run_features(tmp_path, "features/root", "- {kind: drop_field, op: nothing.here, path: x}")
    assert result.returncode == 4
    assert "--o2g-emulator-modifiers" in result.stderr and "item 0" in result.stderr
