"""Exit status of a conformance run: what a CI pipeline acts on.

| code | meaning |
|---|---|
| 0 | compliant: every mandatory scenario that applies to the target passed (skips carry their category) |
| 1 | a test of the framework itself failed (only in runs that mix `tests/` with the features) |
| 3 | not compliant: a mandatory scenario found a documented behaviour the target broke |
| 4 | usage error: a bad option, profile or argument (nothing was run) |
| 5 | could not run: preflight failed, harness error, target unreachable, API version unknown, no scenario |

pytest's own statuses are mapped onto these when scenarios were selected; a run without any scenario
(the framework's unit tests) keeps pytest's status.
"""

from __future__ import annotations

from typing import Any

import pytest

COMPLIANT = 0
FRAMEWORK_TEST_FAILED = 1
NOT_COMPLIANT = 3
USAGE_ERROR = 4
COULD_NOT_RUN = 5

MEANINGS: dict[int, str] = {
    COMPLIANT: "compliant",
    FRAMEWORK_TEST_FAILED: "a test of the framework failed",
    NOT_COMPLIANT: "not compliant",
    USAGE_ERROR: "usage error",
    COULD_NOT_RUN: "could not run",
}


def from_matrix(matrix: Any) -> int:
    """The status a finished run's compliance matrix gives (duck-typed on reporting.Matrix).

    Not compliant as soon as a version is; otherwise could-not-run when a mandatory scenario ended in a
    harness error or an unreachable target, or when the API version is unknown (no version claim).
    """
    from ..reporting import INCONCLUSIVE
    from ..reporting import NOT_COMPLIANT as VERDICT_NOT_COMPLIANT

    if matrix.api_version_unknown:  # no version claim; a broken documented behaviour is still one
        broken = any(r.mandatory and r.category == "non-conformance" for r in matrix.scenarios)
        return NOT_COMPLIANT if broken else COULD_NOT_RUN
    statuses = {v.status for v in matrix.verdicts}
    if VERDICT_NOT_COMPLIANT in statuses:
        return NOT_COMPLIANT
    if INCONCLUSIVE in statuses:
        return COULD_NOT_RUN
    if not any(r.category == "passed" for r in matrix.scenarios):
        return COULD_NOT_RUN  # nothing was assessed: every scenario skipped or none ran
    return COMPLIANT


def run_status(pytest_status: int, matrix: Any, *, framework_failed: bool, preflight_failed: bool) -> int:
    """The exit status of the run, from pytest's and the compliance matrix (None: no scenario ran)."""
    if preflight_failed:
        return COULD_NOT_RUN
    if pytest_status == pytest.ExitCode.USAGE_ERROR:
        return USAGE_ERROR
    if pytest_status in (pytest.ExitCode.INTERRUPTED, pytest.ExitCode.INTERNAL_ERROR):
        return COULD_NOT_RUN  # a collection error (broken feature or step module) is the suite's problem
    if matrix is None:
        return int(pytest_status)  # no scenario selected: a run of the framework's own tests
    if framework_failed:
        return FRAMEWORK_TEST_FAILED
    status = from_matrix(matrix)
    if status == COMPLIANT and pytest_status == pytest.ExitCode.TESTS_FAILED:
        return FRAMEWORK_TEST_FAILED  # something failed that no scenario accounts for: never a green run
    return status
