"""The real-target stage: the whole suite (-m "not slow") against a foreign O2G in a separate process.

Passes only with 0 failures and 0 errors, every skip carrying its category, the licences and the API
version read from the target (its profile declares neither): "not licensed on target" for the families it
lacks, "not applicable" for what is newer than its API 2.7.2. The target is not clean when the suite starts
(foreign.DIRT): scenarios compare with what was there before them. `make test` runs it as its own stage.
"""

from __future__ import annotations

import pathlib
import textwrap

from o2g_conformance.plugin.leaks import Snapshot
from tests.realtarget.foreign import SKIP_CATEGORIES, dirty, foreign_o2g, read_junit, run_suite, state


def test_the_suite_passes_against_a_foreign_o2g(tmp_path: pathlib.Path) -> None:
    with foreign_o2g(tmp_path) as foreign:
        left = dirty(foreign)  # DIRT: the target is not clean, as a staging PBX never is
        try:
            before = state(foreign)
            outcome, output = run_suite(foreign, tmp_path)
            after = state(foreign)
        finally:
            for session in left:
                session.close(raise_for_error=False)
    # The suite leaves the target as it found it: the other application's sessions and routing stay, and
    # nothing the scenarios opened (sessions, subscriptions, calls) or changed (routing) is left behind.
    assert Snapshot.of(before).leaks(after) == []
    assert after.get("routing") == before.get("routing") == ["oxe43104"]
    summary = "\n".join(output.splitlines()[-60:])
    assert outcome.tests > 900, summary
    assert outcome.problems == [], "\n".join(outcome.problems) + "\n" + summary
    assert outcome.failures == 0 and outcome.errors == 0, summary
    assert outcome.uncategorised() == [], outcome.uncategorised()
    categories = outcome.by_category()
    # The licences come from the target (no analytics, no phone set programming), the version too (2.7.2).
    assert any("not licensed on target: ROXE_API_ANALYTICS" in r for r in outcome.skips), categories
    assert any("not licensed on target: ROXE_API_PHONESETPROG" in r for r in outcome.skips), categories
    assert any("target is 2.7.2" in r for r in outcome.skips), categories
    assert outcome.passed > 600, summary


def test_the_stage_reads_failures_errors_and_uncategorised_skips(tmp_path: pathlib.Path) -> None:
    """The stage's reading of pytest's JUnit XML fails a run with a failure, an error or a bare skip."""
    junit = tmp_path / "junit.xml"
    junit.write_text(
        textwrap.dedent(
            """\
            <?xml version="1.0" encoding="utf-8"?>
            <testsuites><testsuite name="pytest" errors="1" failures="1" skipped="3" tests="6">
              <testcase classname="features.a" name="ok"/>
              <testcase classname="features.a" name="broken"><failure message="NonConformance: x"/></testcase>
              <testcase classname="features.a" name="harness"><error message="harness error: y"/></testcase>
              <testcase classname="features.a" name="s1"><skipped message="not applicable: needs API 2.7.4"/></testcase>
              <testcase classname="features.a" name="s2"><skipped message="precondition: no set"/></testcase>
              <testcase classname="features.a" name="s3"><skipped message="no reason given"/></testcase>
            </testsuite></testsuites>
            """
        )
    )
    outcome = read_junit(junit)
    assert (outcome.tests, outcome.failures, outcome.errors, outcome.skipped, outcome.passed) == (6, 1, 1, 3, 1)
    assert [p.split(":")[0] for p in outcome.problems] == ["failure", "error"]
    assert outcome.uncategorised() == ["no reason given"]
    assert outcome.by_category() == {"not applicable": 1, "precondition": 1, "other": 1}
    assert len(SKIP_CATEGORIES) == 4
