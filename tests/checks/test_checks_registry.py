"""The check registry: every registered check passes a right answer and fires on a wrong one."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import o2g_conformance.checks as checks
from o2g_conformance.catalog import ApiVersion
from o2g_conformance.checks import CHECKS, NonConformance

V274 = ApiVersion("2.7.4")
_ERROR = {
    "httpStatus": "FORBIDDEN",
    "code": 1001,
    "type": "INVALID_SESSION",
    "helpMessage": "No valid session found for the given identifier. Please logout and login with correct credentials.",
    "canRetry": True,
}

#: For each registered check: a call with a right answer and a call with a wrong one.
CASES: dict[str, tuple[Callable[[], None], Callable[[], None]]] = {
    "check_status": (
        lambda: checks.check_status("sessions.keepalive.post", 204),
        lambda: checks.check_status("sessions.keepalive.post", 201),
    ),
    "check_body": (
        lambda: checks.check_body("sessions.keepalive.post", 204, None, V274),
        lambda: checks.check_body("sessions.keepalive.post", 204, {"ok": True}, V274),
    ),
    "check_error_body": (
        lambda: checks.check_error_body(_ERROR, 403),
        lambda: checks.check_error_body(dict(_ERROR, canRetry=False), 403),
    ),
    "check_event": (
        lambda: checks.check_event({"eventName": "OnCtiLinkUp", "nodeId": "7"}, V274),
        lambda: checks.check_event({"eventName": "OnCtiLinkUp"}, V274),
    ),
}


def test_every_registered_check_has_cases() -> None:
    assert sorted(f.__name__ for f in CHECKS) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_passes_a_right_answer_and_fires_on_a_wrong_one(name: str) -> None:
    right, wrong = CASES[name]
    right()
    with pytest.raises(NonConformance):
        wrong()


def test_registered_checks_are_public_and_documented() -> None:
    for func in CHECKS:
        assert func.__name__ in checks.__all__
        assert func.__doc__


def test_check_decorator_registers_and_returns_the_function() -> None:
    before = list(CHECKS)
    try:

        @checks.check
        def check_nothing() -> None:
            """A check that never fires."""

        assert CHECKS[-1] is check_nothing
        check_nothing()
    finally:
        CHECKS[:] = before
