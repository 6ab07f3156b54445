"""Registered response and event checks: status, body, RestErrorInfo error body, event payload."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any, TypeVar

from o2g_conformance.catalog import LATEST, ApiVersion, Operation, Representation, applies, load_catalog

from ._errors import HarnessError, NonConformance
from ._schema import PRIMITIVES, Problem, representation_problems, schema_failure, schema_problems

CheckFunc = Callable[..., None]
_F = TypeVar("_F", bound=CheckFunc)

#: Every registered check, in definition order (the unit tests prove each one fires).
CHECKS: list[CheckFunc] = []


def check(func: _F) -> _F:
    """Register a check: a function that takes plain data and raises NonConformance."""
    CHECKS.append(func)
    return func


def _operation(op_id: str) -> Operation:
    try:
        return load_catalog().operation(op_id)
    except KeyError:
        raise HarnessError(f"unknown operation id {op_id!r} (see the catalog)") from None


def _codes(op: Operation) -> str:
    return ", ".join(f"{r.code} {r.description}".strip() for r in op.responses)


def _is_empty(body: object) -> bool:
    return body is None or body == "" or body == b""


@check
def check_status(op_id: str, status: int, expected: int | None = None) -> None:
    """The status is one the operation documents and, if the scenario expects one, that one."""
    op = _operation(op_id)
    documented = [r.code for r in op.responses]
    if expected is not None and expected not in documented:
        raise HarnessError(f"{op_id} does not document status {expected} (documented: {_codes(op)})")
    if status not in documented:
        raise NonConformance(
            "status code is one the operation documents",
            op_id=op_id,
            line=op.doc_line,
            documented=f"one of {_codes(op)}",
            received=status,
        )
    if expected is not None and status != expected:
        wanted = op.response_for(expected)
        got = op.response_for(status)
        raise NonConformance(
            "status code of this scenario",
            op_id=op_id,
            line=op.doc_line,
            documented=f"status {expected} {wanted.description if wanted else ''}".strip(),
            received=f"{status} {got.description if got else ''}".strip(),
        )


#: Operations whose 2xx answer is a file rather than a representation: the reference gives no type
#: and no JSON for it, so the body is not looked into.
_FILE_ANSWERS: dict[str, str] = {
    "messaging.voicemail.download": "a wav file (L9459, L9496)",
    "analytics.licenses.get": "a zip file (L12003)",
    "analytics.services.get": "a zip file (L12040)",
    "acdstats.ctx.days_data.get": "JSON, or zipped CSV/XLS, per 'format' (L16112)",
    "acdstats.ctx.oneday_data.get": "JSON, or zipped CSV/XLS, per 'format' (L16157)",
}


@check
def check_body(op_id: str, status: int, body: object, target: ApiVersion, *, strict: bool = False) -> None:
    """The body is the representation the operation documents for `status` (none for 204).

    `body` is the parsed JSON (None or "" for an empty body). Error statuses document no type; their
    body, when present, is checked against RestErrorInfo here and against the error table by
    `check_error_body`.
    """
    op = _operation(op_id)
    response = op.response_for(status)
    if response is None:
        raise NonConformance(
            "a body for a documented status", op_id=op_id, line=op.doc_line, documented=_codes(op), received=status
        )
    empty = _is_empty(body)
    if status == 204:
        if not empty:
            raise NonConformance(
                "204 No Content carries no body", op_id=op_id, line=op.doc_line, documented="no body", received=body
            )
        return
    if response.type is None:
        if status >= 400:
            if not empty:
                _raise_problems(schema_problems(body, "Introduction", "RestErrorInfo", target), op_id, target, body)
            return
        if op_id in _FILE_ANSWERS or empty:
            return
        raise NonConformance(
            f"{status} documents no content",
            op_id=op_id,
            line=op.doc_line,
            documented="no body (no representation documented)",
            received=body,
        )
    if empty:
        # The 201 of a created call or search is typed 'string' but every example answers with a
        # Location header and no body (L2540-2542, L2707-2708): an empty body is the documented one.
        if status == 201 and response.type in PRIMITIVES:
            return
        raise NonConformance(
            f"{status} carries a {response.type} body",
            op_id=op_id,
            line=op.doc_line,
            documented=response.type,
            received="no body",
        )
    problems = schema_problems(body, op.section, response.type, target, strict=strict)
    if problems:
        raise schema_failure(problems, op.section, response.type, target, op_id=op_id, received=body)


def _raise_problems(problems: list[Problem], op_id: str | None, target: ApiVersion, body: object) -> None:
    if problems:
        raise schema_failure(problems, "Introduction", "RestErrorInfo", target, op_id=op_id, received=body)


# --- error bodies ---------------------------------------------------------------------------------

#: The error table (L311-320) sits above the RestErrorInfo definition (L364).
_ERROR_TABLE_LINE = 311

#: HttpStatus is serialized as the status *name* (examples L323, L332). Python's names equal the
#: server's for every status the reference documents (400-409, 500, 503); these are the spellings of
#: the same statuses in the server's (Spring) enum where Python's differ.
_STATUS_ALIASES: dict[int, tuple[str, ...]] = {
    413: ("PAYLOAD_TOO_LARGE",),
    414: ("URI_TOO_LONG",),
    418: ("I_AM_A_TEAPOT",),
}

#: The detail objects of RestErrorInfo and the representation of each (Introduction section).
_DETAILS: dict[str, str] = {
    "telephony": "TelephonyErrorInfo",
    "routing": "RoutingErrorInfo",
    "userPreferences": "UserPreferencesErrorInfo",
}


def status_names(status: int) -> tuple[str, ...]:
    """The accepted `httpStatus` strings for an HTTP status code (empty for a non-standard code)."""
    try:
        name = HTTPStatus(status).name
    except ValueError:
        return _STATUS_ALIASES.get(status, ())
    return (name, *_STATUS_ALIASES.get(status, ()))


def _introduction(name: str) -> Representation:
    rep = load_catalog().representation("Introduction", name)
    if rep is None:  # the packaged catalog always has them; guard against a broken data file
        raise HarnessError(f"the catalog has no {name} representation")
    return rep


def _harness_expectations(
    expected_type: str | None,
    expected_code: int | None,
    details: Mapping[str, Mapping[str, str] | None],
    table: Mapping[str, Any],
) -> None:
    """A scenario may only expect documented error types, detail fields and enum values."""
    if expected_type is not None and expected_type not in table:
        raise HarnessError(f"expected error type {expected_type!r} is not in the error table: {', '.join(table)}")
    if expected_code is not None and expected_code not in {row["code"] for row in table.values()}:
        raise HarnessError(f"expected error code {expected_code} is not in the error table (1000-1007)")
    for key, wanted in details.items():
        if not wanted:
            continue
        rep = _introduction(_DETAILS[key])
        for name, value in wanted.items():
            f = rep.field(name)
            if f is None:
                raise HarnessError(
                    f"{rep.name} has no field {name!r} (fields: {', '.join(x.name for x in rep.fields)})"
                )
            enum = load_catalog().representation("Introduction", f.type)
            if enum is not None and enum.kind == "enum" and value not in enum.values:
                raise HarnessError(f"expected {key}.{name} {value!r} is not a {enum.name} value")


def _error_table_problems(body: Mapping[str, Any], status: int, table: Mapping[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    names = status_names(status)
    http_status = body.get("httpStatus")
    if http_status is None:
        problems.append(Problem("httpStatus", f"missing; documented the status name {' or '.join(names) or '?'}"))
    elif not isinstance(http_status, str):
        wanted = repr(names[0]) if names else "a status name"
        problems.append(
            Problem("httpStatus", f"must be the status name string {wanted} (L323, L332), not {http_status!r}")
        )
    elif http_status not in names:
        wanted = " or ".join(repr(n) for n in names) if names else "a standard status name"
        problems.append(Problem("httpStatus", f"{http_status!r} does not name HTTP status {status} ({wanted})"))
    error_type, code = body.get("type"), body.get("code")
    row = table.get(error_type) if isinstance(error_type, str) else None
    by_code = {r["code"]: t for t, r in table.items()}
    if error_type is None:
        problems.append(Problem("type", f"missing; documented one of {', '.join(table)} (L311-320)"))
    elif isinstance(error_type, str) and row is None:
        problems.append(Problem("type", f"{error_type!r} is not in the error table: {', '.join(table)}"))
    if code is None:
        problems.append(Problem("code", "missing; documented the code of the error type (1000-1007, L311-320)"))
    elif isinstance(code, int) and not isinstance(code, bool):
        if row is not None and code != row["code"]:
            problems.append(
                Problem("code", f"{code} does not go with type {error_type} (L{row['line']}: {row['code']})")
            )
        elif row is None and code not in by_code:
            problems.append(Problem("code", f"{code} is not in the error table (1000-1007)"))
    if row is not None:
        help_message = body.get("helpMessage")
        if isinstance(help_message, str) and " ".join(help_message.split()) != " ".join(row["helpMessage"].split()):
            problems.append(
                Problem("helpMessage", f"differs from the {error_type} text (L{row['line']}): {row['helpMessage']!r}")
            )
        can_retry = body.get("canRetry")
        if isinstance(can_retry, bool) and can_retry != row["canRetry"]:
            problems.append(
                Problem("canRetry", f"{error_type} documents canRetry {str(row['canRetry']).lower()} (L{row['line']})")
            )
    return problems


def _expectation_problems(
    body: Mapping[str, Any],
    expected_type: str | None,
    expected_code: int | None,
    details: Mapping[str, Mapping[str, str] | None],
) -> list[Problem]:
    problems: list[Problem] = []
    if expected_type is not None and body.get("type") != expected_type:
        problems.append(Problem("type", f"this scenario expects {expected_type!r}, received {body.get('type')!r}"))
    if expected_code is not None and body.get("code") != expected_code:
        problems.append(Problem("code", f"this scenario expects {expected_code}, received {body.get('code')!r}"))
    for key, wanted in details.items():
        if wanted is None:
            continue
        detail = body.get(key)
        if not isinstance(detail, dict):
            problems.append(Problem(key, f"this scenario expects a {_DETAILS[key]} object, received {detail!r}"))
            continue
        for name, value in wanted.items():
            if detail.get(name) != value:
                problems.append(
                    Problem(f"{key}.{name}", f"this scenario expects {value!r}, received {detail.get(name)!r}")
                )
    return problems


@check
def check_error_body(
    body: object,
    status: int,
    *,
    expected_type: str | None = None,
    expected_code: int | None = None,
    telephony: Mapping[str, str] | None = None,
    routing: Mapping[str, str] | None = None,
    user_preferences: Mapping[str, str] | None = None,
    op_id: str | None = None,
    target: ApiVersion | None = None,
) -> None:
    """The error body is a RestErrorInfo consistent with the HTTP status and the error table (L311-338).

    httpStatus names `status`; type, code, helpMessage and canRetry agree with one row of the table
    (helpMessage and canRetry are optional, [0..1], but when present must be the documented ones);
    telephony / routing / userPreferences details use their documented enums and, when the scenario
    names values (e.g. `telephony={"errorType": "CALL_REFERENCE_NOT_FOUND"}`), carry those.
    httpStatus, type and code are required: every documented error answer has them (L321-338).
    """
    catalog = load_catalog()
    table = catalog.error_table()
    details = {"telephony": telephony, "routing": routing, "userPreferences": user_preferences}
    _harness_expectations(expected_type, expected_code, details, table)
    if not isinstance(body, dict):
        raise NonConformance(
            "error answers carry a RestErrorInfo object",
            op_id=op_id,
            line=_introduction("RestErrorInfo").line,
            documented="RestErrorInfo JSON object",
            received=body,
        )
    version = target or LATEST
    problems = [p for p in schema_problems(body, "Introduction", "RestErrorInfo", version) if p.path != "httpStatus"]
    problems += _error_table_problems(body, status, table)
    problems += _expectation_problems(body, expected_type, expected_code, details)
    if problems:
        raise NonConformance(
            f"RestErrorInfo for HTTP {status} agrees with the error table ({len(problems)} problem(s))",
            op_id=op_id,
            line=_ERROR_TABLE_LINE,
            documented="httpStatus = status name, type/code/helpMessage/canRetry from one table row",
            received=body,
            problems=[str(p) for p in problems],
        )


# --- events ---------------------------------------------------------------------------------------


@check
def check_event(event: object, target: ApiVersion, *, strict: bool = False) -> None:
    """The event names a documented event that exists on `target` and carries its documented fields."""
    catalog = load_catalog()
    if not isinstance(event, dict):
        raise NonConformance("an event is a JSON object", documented="object with eventName", received=event)
    name = event.get("eventName")
    if not isinstance(name, str):
        raise NonConformance("an event has an eventName string", documented="eventName", received=event)
    try:
        documented = catalog.event(name)
    except KeyError:
        names = sorted(e.name for e in catalog.events())
        closest = difflib.get_close_matches(name, names, n=1)
        raise NonConformance(
            "eventName names a documented event",
            documented=f"one of the {len(names)} documented events" + (f" (closest: {closest[0]})" if closest else ""),
            received=name,
        ) from None
    if not applies(documented.since, target):
        raise NonConformance(
            f"event {name} exists on API {target}",
            documented=f"{name} since {documented.since}",
            received=f"{name} from a target declared {target}",
        )
    shape = Representation(name=name, kind="object", fields=documented.fields)
    problems = representation_problems(event, shape, documented.section, target, strict=strict)
    if problems:
        raise NonConformance(
            f"event {name} carries its documented fields ({len(problems)} problem(s))",
            documented=f"{name} of section {documented.section!r} for API {target}",
            received=event,
            problems=[str(p) for p in problems],
        )
