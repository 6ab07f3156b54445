"""Steps of error answers: any operation by id, the RestErrorInfo field by field, service details, retries.

The error table (o2g-rest-api-reference.txt L311-320) gives, per type, the code, the help message and
canRetry; the details telephony (L499-544), routing (L439-470) and userPreferences (L544-557) add the
service's own error type and cause.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from typing import Any

import pytest

from o2g_conformance.catalog import load_catalog
from o2g_conformance.checks import NonConformance, check_error_body
from o2g_conformance.client import ApiResponse, TargetUnreachable
from o2g_conformance.plugin.world import ANONYMOUS, World
from o2g_conformance.steplib import Actor, OperationId, then, when

from .common import body_of, target_version
from .users import node_of

#: `<new call>` in a table stands for the call reference of the last 201 answer's Location.
NEW_CALL = "<new call>"
#: The client's own backoff between retries in these steps: short, the target answers at once.
RETRY_BACKOFF = 0.01


@dataclass
class OperationNotes:
    """What the generic operation steps of a scenario keep for later steps."""

    #: The call reference of the last 201 answer with a Location (`<new call>` in a table).
    new_call: str | None = None
    #: The statuses of the answers of `calls "..." N times`, in order.
    statuses: list[int] | None = None


@pytest.fixture
def operation_notes() -> OperationNotes:
    """The scenario's notes of the generic operation steps (empty at the start)."""
    return OperationNotes()


@dataclass(frozen=True)
class TimedCall:
    """A request sent with the client's own timeout: its answer, or the failure for want of one, and the wait."""

    response: ApiResponse | None
    unreachable: TargetUnreachable | None
    waited: float


@pytest.fixture
def client_timeout() -> TimedCall:
    """No request with a client timeout was sent in this scenario."""
    raise AssertionError("harness error: no request was sent with a client timeout in this scenario")


def _value(o2g: World, notes: OperationNotes, text: str) -> Any:
    """A table cell: `<new call>`, `<login of B>`, `<number of B>`, `<node of B>`, JSON or plain text."""
    if text == NEW_CALL:
        ref = notes.new_call
        if not ref:
            raise AssertionError("no call was created in this scenario (no 201 with a Location yet)")
        return ref
    role = re.fullmatch(r"<(?P<what>login|number|node) of (?P<role>[A-Z])>", text)
    if role is not None:  # the target's own values, never the bundled topology's
        if role["what"] == "node":
            return node_of(o2g, role["role"])
        account = o2g.account(role["role"])
        return account.login if role["what"] == "login" else account.number
    try:
        return json.loads(text)
    except ValueError:
        return text


def _request_parts(o2g: World, notes: OperationNotes, rows: list[list[str]]) -> dict[str, Any]:
    """| where | name | value | rows -> path, query and a JSON body (dotted names nest)."""
    header, *body = rows
    parts: dict[str, Any] = {"path": {}, "query": {}}
    payload: dict[str, Any] = {}
    for row in body:
        cells = dict(zip(header, row, strict=True))
        where, name, value = cells["where"], cells["name"], _value(o2g, notes, cells["value"])
        if where == "body":
            node = payload
            *parents, leaf = name.split(".")
            for p in parents:
                node = node.setdefault(p, {})
            node[leaf] = value
        elif where in ("path", "query"):
            parts[where][name] = str(value)
        else:
            raise AssertionError(f"'where' is path, query or body, not {where!r}")
    if payload:
        parts["json"] = payload
    return parts


def _noted(notes: OperationNotes, response: ApiResponse) -> ApiResponse:
    """The answer, its Location noted when it is a 201 (the `<new call>` of later tables)."""
    location = response.headers.get("location") or response.headers.get("Location")
    if response.status == 201 and location:
        notes.new_call = location.rstrip("/").rsplit("/", 1)[-1]
    return response


def _call(o2g: World, notes: OperationNotes, actor: Actor, op_id: str, rows: list[list[str]] | None) -> ApiResponse:
    """The scenario's request of the generic steps, its values read from the table rows (if any)."""
    parts = _request_parts(o2g, notes, rows) if rows else {}
    return _noted(notes, o2g.send(actor, op_id, **parts))


@when('{actor} calls "{op_id:op}"', target_fixture="answer")
def call_operation(o2g: World, operation_notes: OperationNotes, actor: Actor, op_id: OperationId) -> ApiResponse:
    """Sends any catalog operation by its id as the actor, with no parameters (generic step)."""
    return _call(o2g, operation_notes, actor, op_id, None)


@when('{actor} calls "{op_id:op}" with the parameters "{params:text}"', target_fixture="answer")
def call_with_parameters(
    o2g: World, operation_notes: OperationNotes, actor: Actor, op_id: OperationId, params: str
) -> ApiResponse:
    """Sends the operation with `name=value` parameters: path ones in the path, others in the query."""
    op = load_catalog().operation(op_id)
    rows = [["where", "name", "value"]]
    for name, value in re.findall(r"(\w+)=(<[^>]*>|\S+)", params):
        rows.append(["path" if name in op.path_params else "query", name, value])
    return _call(o2g, operation_notes, actor, op_id, rows if len(rows) > 1 else None)


@when('{actor} calls "{op_id:op}" with:', target_fixture="answer")
def call_operation_with(
    o2g: World, operation_notes: OperationNotes, actor: Actor, op_id: OperationId, datatable: list[list[str]]
) -> ApiResponse:
    """Sends the operation with the path, query and body values of the table below the step."""
    return _call(o2g, operation_notes, actor, op_id, datatable)


def _call_anonymous(o2g: World, notes: OperationNotes, op_id: str, rows: list[list[str]] | None) -> ApiResponse:
    """The operation sent by a client that has no session (it cannot go through `o2g.send`)."""
    op = load_catalog().operation(op_id)
    parts = _request_parts(o2g, notes, rows) if rows else {}
    client = o2g.client(ANONYMOUS)
    url = op.render_path(parts.get("path"))
    if "json" in parts:
        response = client.request(op.method, url, query=parts.get("query"), json=parts["json"], op_id=op_id)
    else:
        response = client.request(op.method, url, query=parts.get("query"), op_id=op_id)
    return _noted(notes, response)


@when('a client without session calls "{op_id:op}"', target_fixture="answer")
def call_without_session(o2g: World, operation_notes: OperationNotes, op_id: OperationId) -> ApiResponse:
    """Sends an operation by its id from a client with no session (to check it is refused)."""
    return _call_anonymous(o2g, operation_notes, op_id, None)


@when('a client without session calls "{op_id:op}" with:', target_fixture="answer")
def call_without_session_with(
    o2g: World, operation_notes: OperationNotes, op_id: OperationId, datatable: list[list[str]]
) -> ApiResponse:
    """Sends an operation from a client with no session, with the values of the table below the step."""
    return _call_anonymous(o2g, operation_notes, op_id, datatable)


@when("{actor} sends (?P<method>[A-Z]+) to the {op_id:op} resource", target_fixture="answer")
def send_method(o2g: World, actor: Actor, method: str, op_id: OperationId) -> ApiResponse:
    """Sends an HTTP method the resource does not offer (the exchange has no operation id)."""
    session = o2g.session(actor)
    url = session.url_for(op_id)
    return session.request(method, url)


# -- the error body, field by field ----------------------------------------------------------------------


@then("the error body reads:")
def error_body_reads(
    o2g: World, operation_notes: OperationNotes, answer: ApiResponse, datatable: list[list[str]]
) -> None:
    """Checks each field of the error body as the table says (| httpStatus | code | type | canRetry | ...)."""
    header, *rows = datatable
    body = body_of(answer)
    for row in rows:
        for name, text in zip(header, row, strict=True):
            expected = _value(o2g, operation_notes, text)
            received = body.get(name) if isinstance(body, dict) else None
            if received != expected:
                raise NonConformance(
                    f"RestErrorInfo.{name} (L311-338)",
                    op_id=answer.op_id or None,
                    line=311,
                    documented=expected,
                    received=received,
                )


@then("the error's help message is the documented one")
def documented_help_message(answer: ApiResponse) -> None:
    """Checks that the error's help message is the documented one: the help message of the error type (L311-320)."""
    body = body_of(answer)
    type_ = body.get("type") if isinstance(body, dict) else None
    row = load_catalog().error_table().get(str(type_))
    if row is None or body.get("helpMessage") != row["helpMessage"]:
        raise NonConformance(
            "the help message of the error type (L311-320)",
            op_id=answer.op_id or None,
            line=311,
            documented=row["helpMessage"] if row else f"a documented type, not {type_!r}",
            received=body.get("helpMessage") if isinstance(body, dict) else body,
        )


def _detail(
    o2g: World,
    response: ApiResponse,
    *,
    telephony: dict[str, str] | None = None,
    routing: dict[str, str] | None = None,
    user_preferences: dict[str, str] | None = None,
) -> None:
    check_error_body(
        body_of(response),
        response.status,
        telephony=telephony,
        routing=routing,
        user_preferences=user_preferences,
        op_id=response.op_id or None,
        target=target_version(o2g),
    )


@then("the error's telephony detail is (?P<error_type>[A-Z_]+)(?: caused by (?P<cause>[A-Z_]+))?")
def telephony_detail(o2g: World, answer: ApiResponse, error_type: str, cause: str | None) -> None:
    """Checks the error body's telephony detail: its errorType, and its errorCause when named (L499-544)."""
    detail = {"errorType": error_type, **({"errorCause": cause} if cause else {})}
    _detail(o2g, answer, telephony=detail)


@then("the error's routing detail is (?P<error_type>[A-Z_]+)(?: caused by (?P<cause>[A-Z_]+))?")
def routing_detail(o2g: World, answer: ApiResponse, error_type: str, cause: str | None) -> None:
    """Checks the error body's routing detail: its errorType, and its errorCause when named (L439-470)."""
    _detail(o2g, answer, routing={"errorType": error_type, **({"errorCause": cause} if cause else {})})


@then("the error's userPreferences detail is (?P<error_type>[A-Z_]+) for (?P<parameter>[A-Z_]+)")
def preferences_detail(o2g: World, answer: ApiResponse, error_type: str, parameter: str) -> None:
    """Checks the error body's userPreferences detail: its errorType and the parameter named (L544-557)."""
    _detail(o2g, answer, user_preferences={"errorType": error_type, "parameter": parameter})


# -- the client: canRetry and its own timeout -------------------------------------------------------------


@when('{actor} calls "{op_id:op}" with a client that retries {times:count} times?', target_fixture="answer")
def call_with_retries(
    o2g: World, operation_notes: OperationNotes, actor: Actor, op_id: OperationId, times: int
) -> ApiResponse:
    """Sends the operation with a client that retries a retryable error that many times (canRetry, L311-320)."""
    http = o2g.session(actor).client.http
    saved = (http.retries, http.backoff)
    http.retries, http.backoff = times, RETRY_BACKOFF
    try:
        return _noted(operation_notes, o2g.send(actor, op_id))
    finally:
        http.retries, http.backoff = saved


@then("the client sent the request {times:count} times?")
def attempts(answer: ApiResponse, times: int) -> None:
    """Checks how many times the client sent the answered request (its attempts, retries included)."""
    received = answer.attempts
    if received != times:
        raise AssertionError(f"the client sent the request {received} time(s), not {times}")


@when('{actor} calls "{op_id:op}" with a client timeout of {seconds} seconds', target_fixture="client_timeout")
def call_with_timeout(
    o2g: World, operation_notes: OperationNotes, actor: Actor, op_id: OperationId, seconds: float
) -> TimedCall:
    """Sends the operation with the client's own timeout; hands on its answer or the failure, and the wait."""
    session = o2g.session(actor)
    started = time.monotonic()
    try:
        response: ApiResponse | None = _noted(operation_notes, session.call(op_id, timeout=seconds))
        unreachable = None
    except TargetUnreachable as exc:
        response, unreachable = None, exc
    return TimedCall(response, unreachable, time.monotonic() - started)


@then("the request fails for want of an answer within {seconds} seconds")
def failed_by_timeout(client_timeout: TimedCall, seconds: float) -> None:
    """Checks that the client timed out, names its configured timeout, and gave up right after it."""
    exc = client_timeout.unreachable
    if not isinstance(exc, TargetUnreachable) or not exc.is_timeout:
        raise AssertionError(
            f"the request was expected to time out on the client side; got {exc or client_timeout.response!r}"
        )
    limit = seconds
    if f"within the configured timeout of {limit:g} s" not in str(exc):
        raise AssertionError(f"the failure does not name the configured timeout: {exc}")
    waited = client_timeout.waited
    if not limit <= waited < limit + 1.0:
        raise AssertionError(f"the client gave up after {waited:.2f} s, not after its timeout of {limit:g} s")


@when('{actor} calls "{op_id:op}" {times:count} times', target_fixture="answer")
def call_repeatedly(
    o2g: World, operation_notes: OperationNotes, actor: Actor, op_id: OperationId, times: int
) -> ApiResponse:
    """Sends the operation that many times in a row; the last answer is the answer, every status is noted."""
    responses = [_noted(operation_notes, o2g.aside(actor, op_id)) for _ in range(times - 1)]
    if times > 0:
        responses.append(_noted(operation_notes, o2g.send(actor, op_id)))
    operation_notes.statuses = [r.status for r in responses]
    if not responses:
        raise AssertionError("harness error: `calls ... 0 times` sends no request")
    return responses[-1]


@then(r"the answers are (?P<statuses>\d{3}(?:, \d{3})*)")
def answers_are(operation_notes: OperationNotes, statuses: str) -> None:
    """Checks the statuses of the answers of the repeated request, in order."""
    expected = [int(s) for s in statuses.split(", ")]
    if operation_notes.statuses != expected:
        raise AssertionError(f"the answers were {operation_notes.statuses}, not {expected}")
