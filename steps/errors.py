"""Steps of error answers: any operation by id, the RestErrorInfo field by field, service details, retries.

The error table (o2g-rest-api-reference.txt L311-320) gives, per type, the code, the help message and
canRetry; the details telephony (L499-544), routing (L439-470) and userPreferences (L544-557) add the
service's own error type and cause.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

from pytest_bdd import parsers

from o2g_conformance.catalog import load_catalog
from o2g_conformance.checks import NonConformance, check_error_body
from o2g_conformance.client import ApiResponse, TargetUnreachable
from o2g_conformance.plugin.world import ANONYMOUS, World
from o2g_conformance.steplib import then, when

from .common import ACTOR, actor_name, body_of, last, target_version
from .users import node_of

#: `<new call>` in a table stands for the call reference of the last 201 answer's Location.
NEW_CALL = "<new call>"
#: The client's own backoff between retries in these steps: short, the target answers at once.
RETRY_BACKOFF = 0.01


def _value(o2g: World, text: str) -> Any:
    """A table cell: `<new call>`, `<login of B>`, `<number of B>`, `<node of B>`, JSON or plain text."""
    if text == NEW_CALL:
        ref = o2g.values.get("new-call")
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


def _request_parts(o2g: World, rows: list[list[str]]) -> dict[str, Any]:
    """| where | name | value | rows -> path, query and a JSON body (dotted names nest)."""
    header, *body = rows
    parts: dict[str, Any] = {"path": {}, "query": {}}
    payload: dict[str, Any] = {}
    for row in body:
        cells = dict(zip(header, row, strict=True))
        where, name, value = cells["where"], cells["name"], _value(o2g, cells["value"])
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


def _remember(o2g: World, response: ApiResponse) -> None:
    o2g.response = response
    location = response.headers.get("location") or response.headers.get("Location")
    if response.status == 201 and location:
        o2g.values["new-call"] = location.rstrip("/").rsplit("/", 1)[-1]


def _call(o2g: World, actor: str, op_id: str, rows: list[list[str]] | None, **options: Any) -> None:
    parts = _request_parts(o2g, rows) if rows else {}
    session = o2g.session(actor_name(actor))
    _remember(o2g, session.call(op_id, **parts, **options))


@when(parsers.re(ACTOR + r" calls \"(?P<op_id>[a-z_.]+)\"$"))
def call_operation(o2g: World, actor: str, op_id: str) -> None:
    """The actor calls any catalog operation by its id, with no parameters (generic step)."""
    _call(o2g, actor, op_id, None)


@when(parsers.re(ACTOR + r" calls \"(?P<op_id>[a-z_.]+)\" with the parameters \"(?P<params>[^\"]*)\"$"))
def call_with_parameters(o2g: World, actor: str, op_id: str, params: str) -> None:
    """The actor calls an operation with `name=value` parameters: path ones by the path, others in the query."""
    op = load_catalog().operation(op_id)
    rows = [["where", "name", "value"]]
    for name, value in re.findall(r"(\w+)=(<[^>]*>|\S+)", params):
        rows.append(["path" if name in op.path_params else "query", name, value])
    _call(o2g, actor, op_id, rows if len(rows) > 1 else None)


@when(parsers.re(ACTOR + r" calls \"(?P<op_id>[a-z_.]+)\" with:$"))
def call_operation_with(o2g: World, actor: str, op_id: str, datatable: list[list[str]]) -> None:
    """The actor calls an operation with the path, query and body values of the table below the step."""
    _call(o2g, actor, op_id, datatable)


def _call_anonymous(o2g: World, op_id: str, rows: list[list[str]] | None) -> None:
    op = load_catalog().operation(op_id)
    parts = _request_parts(o2g, rows) if rows else {}
    client = o2g.client(ANONYMOUS)
    url = op.render_path(parts.get("path"))
    if "json" in parts:
        response = client.request(op.method, url, query=parts.get("query"), json=parts["json"], op_id=op_id)
    else:
        response = client.request(op.method, url, query=parts.get("query"), op_id=op_id)
    _remember(o2g, response)


@when(parsers.re(r"a client without session calls \"(?P<op_id>[a-z_.]+)\"$"))
def call_without_session(o2g: World, op_id: str) -> None:
    """A client with no session calls an operation by its id (to check it is refused)."""
    _call_anonymous(o2g, op_id, None)


@when(parsers.re(r"a client without session calls \"(?P<op_id>[a-z_.]+)\" with:$"))
def call_without_session_with(o2g: World, op_id: str, datatable: list[list[str]]) -> None:
    """A client with no session calls an operation with the values of the table below the step."""
    _call_anonymous(o2g, op_id, datatable)


@when(parsers.re(ACTOR + r" sends (?P<method>[A-Z]+) to the (?P<op_id>[a-z_.]+) resource$"))
def send_method(o2g: World, actor: str, method: str, op_id: str) -> None:
    """The actor sends an HTTP method the resource does not offer (the exchange has no operation id)."""
    session = o2g.session(actor_name(actor))
    url = session.url_for(op_id)
    o2g.response = session.request(method, url)


# -- the error body, field by field ----------------------------------------------------------------------


@then(parsers.re(r"the error body reads:$"))
def error_body_reads(o2g: World, datatable: list[list[str]]) -> None:
    """Checks each field of the error body as the table says (| httpStatus | code | type | canRetry | ...)."""
    header, *rows = datatable
    body = body_of(last(o2g))
    for row in rows:
        for name, text in zip(header, row, strict=True):
            expected = _value(o2g, text)
            received = body.get(name) if isinstance(body, dict) else None
            if received != expected:
                raise NonConformance(
                    f"RestErrorInfo.{name} (L311-338)",
                    op_id=last(o2g).op_id or None,
                    line=311,
                    documented=expected,
                    received=received,
                )


@then("the error's help message is the documented one")
def documented_help_message(o2g: World) -> None:
    """Checks that the error's help message is the documented one: the help message of the error type (L311-320)."""
    body = body_of(last(o2g))
    type_ = body.get("type") if isinstance(body, dict) else None
    row = load_catalog().error_table().get(str(type_))
    if row is None or body.get("helpMessage") != row["helpMessage"]:
        raise NonConformance(
            "the help message of the error type (L311-320)",
            op_id=last(o2g).op_id or None,
            line=311,
            documented=row["helpMessage"] if row else f"a documented type, not {type_!r}",
            received=body.get("helpMessage") if isinstance(body, dict) else body,
        )


def _detail(
    o2g: World,
    *,
    telephony: dict[str, str] | None = None,
    routing: dict[str, str] | None = None,
    user_preferences: dict[str, str] | None = None,
) -> None:
    response = last(o2g)
    check_error_body(
        body_of(response),
        response.status,
        telephony=telephony,
        routing=routing,
        user_preferences=user_preferences,
        op_id=response.op_id or None,
        target=target_version(o2g),
    )


@then(parsers.re(r"the error's telephony detail is (?P<error_type>[A-Z_]+)(?: caused by (?P<cause>[A-Z_]+))?$"))
def telephony_detail(o2g: World, error_type: str, cause: str | None) -> None:
    """Checks that the error's telephony detail is {error_type}[ caused by {cause}]."""
    detail = {"errorType": error_type, **({"errorCause": cause} if cause else {})}
    _detail(o2g, telephony=detail)


@then(parsers.re(r"the error's routing detail is (?P<error_type>[A-Z_]+)(?: caused by (?P<cause>[A-Z_]+))?$"))
def routing_detail(o2g: World, error_type: str, cause: str | None) -> None:
    """Checks that the error's routing detail is {error_type}[ caused by {cause}]."""
    _detail(o2g, routing={"errorType": error_type, **({"errorCause": cause} if cause else {})})


@then(parsers.re(r"the error's userPreferences detail is (?P<error_type>[A-Z_]+) for (?P<parameter>[A-Z_]+)$"))
def preferences_detail(o2g: World, error_type: str, parameter: str) -> None:
    """Checks that the error's userPreferences detail is {error_type} for {parameter}."""
    _detail(o2g, user_preferences={"errorType": error_type, "parameter": parameter})


# -- the client: canRetry and its own timeout -------------------------------------------------------------


@when(parsers.re(ACTOR + r" calls \"(?P<op_id>[a-z_.]+)\" with a client that retries (?P<times>\d+) times?$"))
def call_with_retries(o2g: World, actor: str, op_id: str, times: str) -> None:
    """The actor calls "{op_id}" with a client that retries {times} time[s]."""
    session = o2g.session(actor_name(actor))
    http = session.client.http
    saved = (http.retries, http.backoff)
    http.retries, http.backoff = int(times), RETRY_BACKOFF
    try:
        _remember(o2g, session.call(op_id))
    finally:
        http.retries, http.backoff = saved


@then(parsers.re(r"the client sent the request (?P<times>\d+) times?$"))
def attempts(o2g: World, times: str) -> None:
    """Checks that the client sent the request {times} time[s]."""
    received = last(o2g).attempts
    if received != int(times):
        raise AssertionError(f"the client sent the request {received} time(s), not {times}")


@when(parsers.re(ACTOR + r" calls \"(?P<op_id>[a-z_.]+)\" with a client timeout of (?P<seconds>[\d.]+) seconds$"))
def call_with_timeout(o2g: World, actor: str, op_id: str, seconds: str) -> None:
    """The actor calls "{op_id}" with a client timeout of {seconds} seconds."""
    session = o2g.session(actor_name(actor))
    started = time.monotonic()
    try:
        _remember(o2g, session.call(op_id, timeout=float(seconds)))
        o2g.values["unreachable"] = None
    except TargetUnreachable as exc:
        o2g.values["unreachable"] = exc
    o2g.values["waited"] = time.monotonic() - started


@then(parsers.re(r"the request fails for want of an answer within (?P<seconds>[\d.]+) seconds$"))
def failed_by_timeout(o2g: World, seconds: str) -> None:
    """Checks that the request fails for want of an answer within {seconds} seconds."""
    exc = o2g.values.get("unreachable")
    if not isinstance(exc, TargetUnreachable) or not exc.is_timeout:
        raise AssertionError(f"the request was expected to time out on the client side; got {exc or last(o2g)!r}")
    limit = float(seconds)
    if f"within the configured timeout of {limit:g} s" not in str(exc):
        raise AssertionError(f"the failure does not name the configured timeout: {exc}")
    waited = float(o2g.values.get("waited", 0.0))
    if not limit <= waited < limit + 1.0:
        raise AssertionError(f"the client gave up after {waited:.2f} s, not after its timeout of {limit:g} s")


@when(parsers.re(ACTOR + r" calls \"(?P<op_id>[a-z_.]+)\" (?P<times>\d+) times$"))
def call_repeatedly(o2g: World, actor: str, op_id: str, times: str) -> None:
    """The actor calls "{op_id}" {times} times."""
    session = o2g.session(actor_name(actor))
    statuses = []
    for _ in range(int(times)):
        _remember(o2g, session.call(op_id))
        statuses.append(last(o2g).status)
    o2g.values["statuses"] = statuses


@then(parsers.re(r"the answers are (?P<statuses>\d{3}(?:, \d{3})*)$"))
def answers_are(o2g: World, statuses: str) -> None:
    """Checks that the answers are {statuses}."""
    expected = [int(s) for s in statuses.split(", ")]
    if o2g.values.get("statuses") != expected:
        raise AssertionError(f"the answers were {o2g.values.get('statuses')}, not {expected}")
