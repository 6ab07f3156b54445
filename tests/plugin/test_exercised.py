"""The coverage check: a scenario's @op and @event tags must be among what it sent and asserted.

Unit cases of the mapping and the verdict, then child runs of a real feature and the real step library
against the embedded emulator: a step silently skipped (overridden by one that sends nothing) and a
deliberately wrong tag each fail the scenario as a harness error, while the unmodified scenarios pass.
Nothing depends on the machine's speed: the child runs wait for no event.
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import pytest

from o2g_conformance.client import EventLog, Exchange
from o2g_conformance.client._response import RequestSummary
from o2g_conformance.plugin import exercised
from o2g_conformance.plugin.exitcodes import COMPLIANT, COULD_NOT_RUN
from o2g_conformance.reporting._categories import HARNESS_ERROR, classify

pytest_plugins = ["pytester"]

ROOT = pathlib.Path(__file__).resolve().parents[2]
BASE = "http://127.0.0.1:1/api/rest/1.0"


def _exchange(method: str, url: str, status: int | None = 200) -> Exchange:
    return Exchange(RequestSummary(method, url, {}, ""), status, {}, "", 0.0)


def test_exchanges_map_to_operations_by_the_catalogs_routing() -> None:
    sent = exercised.sent_operations(
        [
            _exchange("GET", f"{BASE}/sessions"),
            _exchange("POST", f"{BASE}/telephony/calls/abc/hold?loginName=x", status=403),  # a failure counts
            _exchange("DELETE", f"{BASE}/subscriptions/s1", status=None),  # no answer: it was still sent
            _exchange("GET", "http://127.0.0.1:1/api/rest"),
            _exchange("PATCH", f"{BASE}/sessions"),  # a method the resource does not offer: no operation
            _exchange("GET", f"{BASE}/nowhere"),
        ]
    )
    assert sent == {
        "sessions.session.get",
        "telephony.calls.hold",
        "subscriptions.subscription.delete",
        "root.descriptor.get",
    }


def test_only_consumed_events_are_asserted() -> None:
    log = EventLog()
    for name in ("OnCallCreated", "OnCallModified", "OnChannelInformation"):
        log.append({"eventName": name})
    log.wait_for("OnCallModified", timeout=0)
    assert exercised.asserted_events([log]) == {"OnCallModified"}
    log.wait_for(None, timeout=0)  # "any event" consumes the first one left
    assert exercised.asserted_events([log]) == {"OnCallModified", "OnCallCreated"}


def test_the_verdict_names_what_was_claimed_and_what_was_done() -> None:
    ok = exercised.check(["a.get"], ["OnX"], sent={"a.get", "b.get"}, asserted={"OnX"})
    assert not ok
    bad = exercised.check(["a.get", "c.set"], ["OnX", "OnY"], sent={"a.get"}, asserted={"OnX"})
    assert bad.ops == ("c.set",) and bad.events == ("OnY",)
    message = bad.message()
    assert "never sent: @op:c.set (sent: a.get)" in message
    assert "never asserted: @event:OnY (asserted: OnX)" in message
    # A suite defect, never a non-conformance of the target.
    assert classify("failed", message) == HARNESS_ERROR


def test_examples_block_tags_become_op_and_event_markers(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        import pytest
        from o2g_conformance.plugin import exercised

        def pytest_configure(config):
            config.addinivalue_line("markers", "op: x")
            config.addinivalue_line("markers", "event: x")
            exercised.register_example_tags(config)

        def pytest_collection_modifyitems(items):
            exercised.lift_example_tags(items)

        @pytest.fixture
        def tags(request):
            return exercised.tagged(request.node, "op"), exercised.tagged(request.node, "event")
        """
    )
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.op("sessions.session.open")
        @pytest.mark.parametrize("row", [
            pytest.param(1, marks=[getattr(pytest.mark, "op.telephony.calls.hold"),
                                   getattr(pytest.mark, "event.OnCallModified")]),
            pytest.param(2),
        ])
        def test_rows(row, tags):
            ops, events = tags
            if row == 1:
                assert sorted(ops) == ["sessions.session.open", "telephony.calls.hold"] and events == ["OnCallModified"]
            else:
                assert ops == ["sessions.session.open"] and events == []
        """
    )
    pytester.runpytest("-p", "no:o2g", "--strict-markers").assert_outcomes(passed=2)
    # A misspelt Examples tag is an error at collection (strict markers), not a silent mismatch.
    pytester.makepyfile(
        test_typo="""
        import pytest

        @pytest.mark.parametrize("row", [pytest.param(1, marks=getattr(pytest.mark, "op.telephony.calls.hodl"))])
        def test_typo(row):
            pass
        """
    )
    result = pytester.runpytest("-p", "no:o2g", "--strict-markers", "test_typo.py")
    result.stdout.fnmatch_lines(["*op.telephony.calls.hodl*not found in `markers`*"])


# -- child runs of a real feature with the real step library ------------------------------------------------

SELECT = "test_a_user_reads_its_session_information or test_a_user_opens_a_session"
SILENT_STEP = '''

@when("user A gets its session information")
def silently_skipped() -> None:
    """A broken step that sends nothing: the Then step after it has no answer to check."""
'''


def _child(tmp_path: pathlib.Path, *, silent: bool, wrong_tag: bool) -> subprocess.CompletedProcess[str]:
    """Run two scenarios of features/sessions/sessions.feature in a child project using the step library."""
    project = tmp_path / "project"
    features = project / "features"
    features.mkdir(parents=True)
    (project / "pytest.ini").write_text("[pytest]\naddopts = --strict-markers\nbdd_features_base_dir = features\n")
    (project / "conftest.py").write_text(
        f"import runpy\n\npytest_plugins = runpy.run_path({str(ROOT / 'conftest.py')!r})['pytest_plugins']\n"
    )
    feature = (ROOT / "features" / "sessions" / "sessions.feature").read_text(encoding="utf-8")
    if wrong_tag:  # the opening scenario claims to close the session too; it never does
        opening = "  @op:sessions.session.open @user\n  Scenario: A user opens a session\n"
        assert opening in feature
        feature = feature.replace(opening, opening.replace("@user", "@op:sessions.session.close @user"), 1)
    (features / "sessions.feature").write_text(feature, encoding="utf-8")
    module = 'from pytest_bdd import scenarios, when\n\nscenarios("sessions.feature")\n'
    (features / "test_sessions.py").write_text(module + (SILENT_STEP if silent else ""))
    args = [sys.executable, "-m", "pytest", "features", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"]
    args += ["-o", "console_output_style=classic", "-k", SELECT]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"PYTHONPATH": str(ROOT)}
    return subprocess.run(args, cwd=project, env=env, capture_output=True, text=True, timeout=600, check=False)


def test_the_unmodified_scenarios_pass(tmp_path: pathlib.Path) -> None:
    proc = _child(tmp_path, silent=False, wrong_tag=False)
    assert proc.returncode == COMPLIANT, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "2 passed, 21 deselected in" in proc.stdout
    sent = _sent(tmp_path)  # the matrix's coverage comes from the exchanges each scenario recorded
    assert "sessions.session.get" in sent["A user reads its session information"]
    assert "sessions.session.open" in sent["A user opens a session"]


def test_a_silently_skipped_step_and_a_wrong_tag_fail_as_suite_defects(tmp_path: pathlib.Path) -> None:
    proc = _child(tmp_path, silent=True, wrong_tag=True)
    out = proc.stdout
    assert proc.returncode == COULD_NOT_RUN, out[-3000:] + proc.stderr[-2000:]  # harness error: not assessed
    # The skipped step: the Then step after it has no answer (the hand-on check); the wrong tag: the opening
    # scenario passed its steps and its teardown failed it (pytest counts the teardown as an error).
    assert "1 failed, 1 passed, 21 deselected, 1 error" in out, out[-3000:]
    assert "harness error: no answer yet" in out
    # The wrong tag.
    assert "never sent: @op:sessions.session.close" in out
    assert out.count("[Harness error]") == 2 and "[Non-conformance]" not in out
    assert "sessions.session.get" not in _sent(tmp_path)["A user reads its session information"]


def _sent(tmp_path: pathlib.Path) -> dict[str, list[str]]:
    """Operations each scenario of the child run sent, as its compliance matrix records them."""
    matrix = json.loads((tmp_path / "project" / "reports" / "compliance" / "compliance-matrix.json").read_text())
    return {s["name"]: s["sent"] for s in matrix["scenarios"]}
