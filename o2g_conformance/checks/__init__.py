"""Conformance checks over plain data (status, headers, parsed JSON): documented vs received, or raise.

Knows nothing of pytest or HTTP clients. Every check takes values a client already has and raises
`NonConformance` (an AssertionError: the target failed) naming the requirement, the reference line,
what is documented and what was received; misuse of a check raises `HarnessError` instead.
"""

from ._errors import HarnessError, NonConformance
from ._oracle import CallStateOracle, OracleVerdict, check_sequence
from ._oracle_rules import MEDIA_TRANSITIONS, ORACLE_RULES, OracleRule
from ._oracle_views import CallStateViolation
from ._response import CHECKS, CheckFunc, check, check_body, check_error_body, check_event, check_status, status_names
from ._schema import (
    ALLOWANCES,
    PRIMITIVES,
    Allowance,
    Problem,
    representation_problems,
    schema_problems,
    validate,
)

__all__ = [
    "ALLOWANCES",
    "CHECKS",
    "MEDIA_TRANSITIONS",
    "ORACLE_RULES",
    "PRIMITIVES",
    "Allowance",
    "CallStateOracle",
    "CallStateViolation",
    "CheckFunc",
    "HarnessError",
    "NonConformance",
    "OracleRule",
    "OracleVerdict",
    "Problem",
    "check",
    "check_body",
    "check_error_body",
    "check_event",
    "check_sequence",
    "check_status",
    "representation_problems",
    "schema_problems",
    "status_names",
    "validate",
]
