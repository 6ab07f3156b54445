"""Steps shared by every feature: actors, answers (status, body, error), the virtual clock."""

from __future__ import annotations

import re
import time
from typing import Any, NoReturn

import httpx
import pytest

from o2g_conformance.catalog import LATEST, ApiVersion
from o2g_conformance.checks import NonConformance, check_body, check_error_body, check_status
from o2g_conformance.client import MASK, ApiResponse, RequestSummary, ssl_verify
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import Actor, ErrorType, Status, given, then, when

#: The RestErrorInfo fields every documented error example carries (L321-338); innerMessage is free text.
ERROR_FIELDS = ("httpStatus", "code", "helpMessage", "type", "canRetry")

#: `user A`, `user "A"`, `the administrator`: the actor phrase of every step.
ACTOR = r"(?P<actor>the administrator|user \"?[A-Z]\"?)"


#: Prefix of the skip reason of a precondition the target cannot meet (reporting files it as such).
PRECONDITION = "precondition"


def precondition(reason: str) -> NoReturn:
    """Skip the scenario: the target cannot give what it needs (a role, a device, a configuration).

    Never a failure: the target is not at fault for lacking what a scenario needs.
    """
    pytest.skip(f"{PRECONDITION}: {reason}")


def actor_name(text: str) -> str:
    return "administrator" if text == "the administrator" else text.removeprefix("user ").strip('"')


def target_version(o2g: World) -> ApiVersion:
    return o2g.target.api_version or LATEST


def body_of(response: ApiResponse) -> Any:
    """The answer's body: its JSON, else its text, else None."""
    return response.json if response.json is not None else (response.text or None)


def answer_object(answer: ApiResponse, what: str) -> dict[str, Any]:
    """The answer's body, which must be a `what` object (a JSON object): a NonConformance otherwise."""
    body = body_of(answer)
    if not isinstance(body, dict):
        raise NonConformance(f"the answer is a {what} object", op_id=answer.op_id, documented=what, received=body)
    return body


def expect(
    answer: ApiResponse, condition: bool, requirement: str, *, documented: Any, received: Any, line: int | None = None
) -> None:
    """The NonConformance of the answer's operation when `condition` does not hold (`line`: the reference's)."""
    if not condition:
        raise NonConformance(requirement, op_id=answer.op_id, line=line, documented=documented, received=received)


@given("{actor} is authenticated")
def authenticated(o2g: World, actor: Actor) -> None:
    """Precondition: the actor has authenticated (authentication.authenticate.get) and holds a token."""
    o2g.authenticate(actor)


@given("{actor} has an open session")
def has_session(o2g: World, actor: Actor) -> None:
    """Precondition: the actor has an open session (opened once per scenario, closed at the end)."""
    o2g.session(actor)


@when("{count} virtual seconds pass")
@given("{count} virtual seconds have passed")
def time_passes(o2g: World, count: int) -> None:
    """The emulator's virtual clock moves on by that many seconds (needs @needs-control:clock)."""
    o2g.control.advance(count)


@when("{count} virtual minutes pass")
def minutes_pass(o2g: World, count: int) -> None:
    """The emulator's virtual clock moves on by that many minutes (needs @needs-control:clock)."""
    o2g.control.advance(count * 60)


@then(r"the answer is {status} with an? (?P<rep>[A-Za-z]+) body")
def answer_with_body(o2g: World, answer: ApiResponse, status: Status, rep: str) -> None:
    """Checks the status, that {rep} is the documented body of that status, and the body against its schema."""
    response = answer
    op_id = _op(response)
    check_status(op_id, response.status, status)
    documented = next((r.type for r in _catalog_op(op_id).responses if r.code == status), None)
    if documented != rep:
        raise NonConformance(
            "the step names the documented representation", op_id=op_id, documented=documented, received=rep
        )
    check_body(op_id, response.status, body_of(response), target_version(o2g))


@then("the answer is {status} with no body")
def answer_without_body(o2g: World, answer: ApiResponse, status: Status) -> None:
    """Checks the status against the operation's documented ones, and that the answer has no body."""
    response = answer
    op_id = _op(response)
    check_status(op_id, response.status, status)
    check_body(op_id, response.status, body_of(response), target_version(o2g))


@then("the answer is the error {type_:error} with status {status}")
def answer_error(o2g: World, answer: ApiResponse, type_: ErrorType, status: Status) -> None:
    """Checks the documented error status and a full RestErrorInfo body of that error type (L321-338)."""
    response = answer
    if response.op_id:
        check_status(response.op_id, response.status, status)
    elif response.status != status:
        raise NonConformance(
            "error status", op_id=None, documented=str(status), received=f"{response.status}: {response.text[:200]}"
        )
    body = body_of(response)
    check_error_body(body, response.status, expected_type=type_, op_id=response.op_id, target=target_version(o2g))
    missing = [f for f in ERROR_FIELDS if not isinstance(body, dict) or body.get(f) is None]
    if missing:
        raise NonConformance(
            "an error answer carries the full RestErrorInfo, as every documented error does (L321-338)",
            op_id=response.op_id,
            line=321,
            documented=", ".join(ERROR_FIELDS),
            received=f"missing {', '.join(missing)}",
        )


@then('the error\'s inner message mentions "{text}"')
def inner_message_mentions(answer: ApiResponse, text: str) -> None:
    """Checks that the error body's innerMessage contains the text given."""
    body = body_of(answer)
    inner = body.get("innerMessage") if isinstance(body, dict) else None
    if not isinstance(inner, str) or not re.search(re.escape(text), inner, re.IGNORECASE):
        raise AssertionError(f"innerMessage {inner!r} does not mention {text!r}")


def _op(response: ApiResponse) -> str:
    if not response.op_id:
        raise AssertionError(f"the last request ({response.request}) matches no catalog operation")
    return response.op_id


def _catalog_op(op_id: str) -> Any:
    from o2g_conformance.catalog import load_catalog

    return load_catalog().operation(op_id)


def raw_get(
    o2g: World, actor: str, op_id: str, path: dict[str, str] | None, query: dict[str, str] | None
) -> tuple[httpx.Response, float, RequestSummary]:
    """GET `op_id` as `actor` keeping the answer's bytes (the client's answers carry decoded text only).

    Answers the response, its duration and the request as it is recorded (the session cookie masked).
    """
    session = o2g.session(actor_name(actor))
    url = session.url_for(op_id, path)
    cookie = "; ".join(f"{k}={v}" for k, v in session.cookies.items())
    started = time.perf_counter()
    with httpx.Client(verify=ssl_verify(o2g.target.verify), timeout=o2g.target.timeout) as http:
        raw = http.get(url, params=query, headers={"Cookie": cookie})
    elapsed = time.perf_counter() - started
    return raw, elapsed, RequestSummary("GET", str(raw.request.url), {"Cookie": f"AlcUserId={MASK}"}, "")
