"""Outcome categories of a scenario: one table drives the matrix, categories.json and the Allure 3 config."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest

PASSED = "passed"
NON_CONFORMANCE = "non-conformance"
TARGET_UNREACHABLE = "target-unreachable"
HARNESS_ERROR = "harness-error"
NOT_APPLICABLE = "not-applicable"
NOT_LICENSED = "not-licensed"
NEEDS_POWER = "needs-emulator-power"
DESTRUCTIVE = "destructive"
SKIPPED_OTHER = "skipped-other"


@dataclass(frozen=True)
class Category:
    """One outcome category: key used in the matrix, name shown by Allure, and how it is recognised."""

    key: str
    name: str
    statuses: tuple[str, ...]
    pattern: str
    description: str

    def matches(self, status: str, message: str) -> bool:
        return status in self.statuses and re.fullmatch(self.pattern, message or "") is not None

    def allure(self) -> dict[str, Any]:
        """The Allure 2 `categories.json` entry (Allure 3 reads the same keys from its config)."""
        return {
            "name": self.name,
            "matchedStatuses": list(self.statuses),
            "messageRegex": self.pattern,
            "description": self.description,
        }


_ANY = r"[\s\S]*"

#: Ordered: the first category whose statuses and pattern match a result is its category. A category is
#: matched on the Allure status and the status message; patterns match the whole message and use only
#: `[\s\S]`, alternation and literals, so Python (`re.fullmatch`), Allure 2 (Java `matches`) and
#: Allure 3 (JavaScript `RegExp.test`) agree (tests/reporting/test_categories.py runs them in Node.js).
CATEGORIES: tuple[Category, ...] = (
    Category(
        TARGET_UNREACHABLE,
        "Target unreachable",
        ("failed", "broken"),
        _ANY + r"(is unreachable|TargetUnreachable|TargetUnavailable)" + _ANY,
        "The O2G under test did not answer (connection refused, broken or timed out): nothing was assessed.",
    ),
    Category(
        HARNESS_ERROR,
        "Harness error",
        ("failed", "broken"),
        _ANY + r"(harness error|HarnessError|cleanup failed)" + _ANY,
        "The suite itself failed (configuration, step misuse, cleanup): fix the harness, not the target.",
    ),
    Category(
        NON_CONFORMANCE,
        "Non-conformance",
        ("failed", "broken"),
        _ANY + r"UnusableAnswer" + _ANY,
        "The target answered success with a body the reference does not allow (not JSON, wrong type, no URL).",
    ),
    Category(
        HARNESS_ERROR,
        "Harness error",
        ("broken",),
        _ANY,
        "An unexpected exception in the suite (not an assertion on the target's answer).",
    ),
    Category(
        NON_CONFORMANCE,
        "Non-conformance",
        ("failed",),
        _ANY,
        "The target answered against the O2G reference: the message names the operation and reference line.",
    ),
    Category(
        NOT_APPLICABLE,
        "Not applicable",
        ("skipped",),
        _ANY + r"(not applicable|precondition): " + _ANY,
        "The scenario needs a newer API version than the target's, or something this target does not have "
        "(a second device, a hunting group): a precondition, not a non-conformance.",
    ),
    Category(
        NOT_LICENSED,
        "Not licensed on target",
        ("skipped",),
        _ANY + r"not licensed on target: " + _ANY,
        "The target profile does not list the licence the scenario needs.",
    ),
    Category(
        NEEDS_POWER,
        "Needs emulator power",
        ("skipped",),
        _ANY + r"needs emulator power" + _ANY,
        "The scenario needs a power only the emulator has (clock, injection, faults ...).",
    ),
    Category(
        DESTRUCTIVE,
        "Destructive (opt-in)",
        ("skipped",),
        _ANY + r"destructive: " + _ANY,
        "The scenario changes PBX configuration; enable with --o2g-allow-destructive yes.",
    ),
    Category(SKIPPED_OTHER, "Skipped (other reason)", ("skipped",), _ANY, "Skipped for another stated reason."),
)

#: Display names by key (one name per key).
NAMES: dict[str, str] = {PASSED: "Passed", **{c.key: c.name for c in CATEGORIES}}
#: Keys of the skip categories, in table order.
SKIP_KEYS: tuple[str, ...] = tuple(dict.fromkeys(c.key for c in CATEGORIES if c.statuses == ("skipped",)))
#: Keys that make a scenario count as failed in the matrix, in table order.
FAILURE_KEYS: tuple[str, ...] = (NON_CONFORMANCE, HARNESS_ERROR, TARGET_UNREACHABLE)


def classify(status: str, message: str) -> str:
    """The category key of a result with this Allure status and status message."""
    if status == "passed":
        return PASSED
    for category in CATEGORIES:
        if category.matches(status, message):
            return category.key
    return HARNESS_ERROR  # an unknown status: the suite's problem


def status_of(exception: BaseException | None) -> str:
    """The Allure status of a phase that raised `exception` (as allure-pytest-bdd computes it)."""
    if exception is None:
        return "passed"
    if isinstance(exception, pytest.skip.Exception | pytest.xfail.Exception):
        return "skipped"
    if isinstance(exception, AssertionError | pytest.fail.Exception):
        return "failed"
    return "broken"


def categories_json() -> list[dict[str, Any]]:
    """The content of Allure's `categories.json` (entries sharing a name are merged by Allure)."""
    return [c.allure() for c in CATEGORIES]
