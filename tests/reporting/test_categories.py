"""Outcome categories: each message lands in its category, in Python and in Allure's JavaScript alike."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from o2g_conformance.checks import HarnessError, NonConformance
from o2g_conformance.reporting import CATEGORIES, categories_json, classify, status_of

#: (Allure status, status message as allure-pytest-bdd writes it, expected category)
SAMPLES = [
    ("passed", "", "passed"),
    (
        "failed",
        "o2g_conformance.checks._errors.NonConformance: sessions.session.get (o2g-rest-api-reference.txt L1037): x",
        "non-conformance",
    ),
    ("failed", "AssertionError: subscription of A refused: 'no'", "non-conformance"),
    ("failed", "Failed: unexpected events no step asserted (strict events):\n  A: OnCallModified", "non-conformance"),
    (
        "failed",
        "Failed: harness error: O2G target http://127.0.0.1:9 is unreachable: [Errno 111]",
        "target-unreachable",
    ),
    (
        "broken",
        "o2g_conformance.client._errors.TargetUnreachable: no answer from http://127.0.0.1:9 (timeout 10 s)",
        "target-unreachable",
    ),
    ("failed", "Failed: harness error: the profile names no user C", "harness-error"),
    ("failed", "Failed: cleanup failed: 1 session(s) still open: oxe70120", "harness-error"),
    ("broken", "o2g_conformance.checks._errors.HarnessError: unknown operation id 'x.y'", "harness-error"),
    ("broken", "KeyError: 'callRef'", "harness-error"),
    ("skipped", "Skipped: not applicable: needs API 2.7.4, target is 2.7.2", "not-applicable"),
    ("skipped", "not applicable: usermanagement.users.list exists since API 2.7.3, target is 2.7.2", "not-applicable"),
    ("skipped", "not licensed on target: ROXE_API_TEL_ADVANCED", "not-licensed"),
    (
        "skipped",
        "needs emulator power 'clock': not available on a real target without an operator hook",
        "needs-emulator-power",
    ),
    ("skipped", "destructive: changes PBX configuration; enable with --o2g-allow-destructive yes", "destructive"),
    ("skipped", "some other reason", "skipped-other"),
]


@pytest.mark.parametrize(("status", "message", "expected"), SAMPLES)
def test_each_outcome_lands_in_its_category(status: str, message: str, expected: str) -> None:
    assert classify(status, message) == expected


def test_an_unknown_status_is_a_harness_error() -> None:
    assert classify("unknown", "whatever") == "harness-error"


def test_exceptions_map_to_allure_statuses() -> None:
    assert status_of(None) == "passed"
    assert status_of(NonConformance("r", op_id="a.b", documented=1, received=2)) == "failed"
    assert status_of(AssertionError("x")) == "failed"
    assert status_of(HarnessError("x")) == "broken"
    assert status_of(RuntimeError("x")) == "broken"
    with pytest.raises(pytest.skip.Exception) as skipped:
        pytest.skip("not applicable: x")
    assert status_of(skipped.value) == "skipped"
    with pytest.raises(pytest.fail.Exception) as failed:
        pytest.fail("harness error: x")
    assert status_of(failed.value) == "failed"


def test_categories_json_is_allure_2_shaped() -> None:
    entries = categories_json()
    assert all(set(e) == {"name", "matchedStatuses", "messageRegex", "description"} for e in entries)
    assert [e["name"] for e in entries][:5] == [
        "Target unreachable",
        "Harness error",
        "Non-conformance",  # a success answer whose body the reference does not allow (UnusableAnswer)
        "Harness error",
        "Non-conformance",
    ]


def test_an_unusable_success_answer_is_a_non_conformance_not_a_harness_error() -> None:
    message = "UnusableAnswer: sessions.session.open -> 200 OK: body is not a valid SessionInfo: timeToLive"
    assert classify("broken", message) == "non-conformance"
    assert classify("broken", "KeyError: 'callRef'") == "harness-error"


def test_allure_s_javascript_classifies_the_same_way() -> None:
    """Allure 3 evaluates the patterns with JavaScript RegExp (search, first matching category wins)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node not found: Node.js is needed to evaluate the patterns as Allure does")
    rules = [{"key": c.key, "statuses": list(c.statuses), "pattern": c.pattern} for c in CATEGORIES]
    script = """
const [rules, samples] = JSON.parse(process.argv[1]);
const out = samples.map(([status, message]) => {
  if (status === "passed") return "passed";
  const hit = rules.find((r) => r.statuses.includes(status) && new RegExp(r.pattern).test(message));
  return hit ? hit.key : "harness-error";
});
console.log(JSON.stringify(out));
"""
    proc = subprocess.run(
        [node, "-e", script, json.dumps([rules, [[s, m] for s, m, _ in SAMPLES]])],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert json.loads(proc.stdout) == [expected for _, _, expected in SAMPLES]
