"""Request dispatch: map a request to its catalog operation, apply the shared rules, call its handler.

One place decides, for every operation: unknown path (404) or method (405), the session cookie,
administrator-only operations, hooks that later issues plug in (licences, fault injection), and the
rendering of every error as a RestErrorInfo body. Handlers only parse, call the backend and render.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, overload

from pydantic import BaseModel, ValidationError
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from ...catalog import Operation, load_catalog
from . import errors
from .limits import client_went_away
from .registry import Backend
from .sessions import Session, SessionStore
from .shapes import mandatory_checked, shape_problems

log = logging.getLogger("o2g_conformance.emulator")
M = TypeVar("M", bound=BaseModel)


@dataclass
class Reply:
    """What a handler answers: status, JSON body (None = no body), extra headers and cookies."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    cookies: list[tuple[str, str, str]] = field(default_factory=list)  # (name, value, path)


@dataclass
class Context:
    """Everything a handler needs about one request."""

    request: Request
    backend: Backend
    op: Operation
    path: dict[str, str]
    session: Session | None
    raw_body: bytes

    @property
    def query(self) -> dict[str, str]:
        return dict(self.request.query_params)

    def query_flag(self, name: str) -> bool:
        """A flag such as `?onlyACD` (given without value) or `?onlyACD=true`."""
        if name not in self.request.query_params:
            return False
        return self.request.query_params[name].lower() not in ("false", "0", "no")

    def json(self, *, required: bool = True) -> Any:
        text = self.raw_body.decode("utf-8", errors="replace").strip()
        if not text:
            if required:
                raise errors.bad_parameter(f"{self.op.id}: a JSON body ({self.op.body or 'object'}) is required")
            return None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            where = f"line {exc.lineno} column {exc.colno}"
            raise errors.bad_parameter(f"malformed JSON body: {exc.msg} at {where}") from None
        except (ValueError, RecursionError) as exc:  # giant integers, absurdly deep nesting
            raise errors.bad_parameter(f"unreadable JSON body: {type(exc).__name__}") from None
        mandatory = mandatory_checked(self.op.method, self.op.section)
        if self.op.body and (problems := shape_problems(self.op.section, self.op.body, data, mandatory=mandatory)):
            raise errors.bad_parameter(f"the body is not a {self.op.body}: " + "; ".join(problems[:5]))
        return data

    @overload
    def body(self, model: type[M]) -> M: ...
    @overload
    def body(self, model: type[M], *, required: Literal[True]) -> M: ...
    @overload
    def body(self, model: type[M], *, required: bool) -> M | None: ...

    def body(self, model: type[M], *, required: bool = True) -> M | None:
        """The body validated as `model`; None only when it is optional and absent (a JSON null is not absent)."""
        data = self.json(required=required)
        if data is None and not required and not self.raw_body.strip():
            return None
        if not isinstance(data, dict):
            raise errors.bad_parameter(f"the body of {self.op.id} must be a JSON object ({self.op.body})")
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            raise errors.bad_parameter(describe_validation(exc, self.op.body or model.__name__)) from None

    def require_session(self) -> Session:
        if self.session is None:
            raise errors.invalid_session("no session")
        return self.session

    def acting_login(self, *, param: str = "loginName", admin_may_omit: bool = False) -> str | None:
        """The user an operation acts for.

        A user (or supervised) session acts for itself and the query parameter is ignored; an
        administrator session MUST name the user (the recurring rule "ignored for a user session; MUST be
        specified when the session is an administrator account", e.g. L2505-2551). With
        `admin_may_omit`, an administrator may leave it out (None = all users, e.g. state snapshot).
        """
        session = self.require_session()
        if not session.admin:
            return session.login
        login = self.request.query_params.get(param)
        if not login:
            if admin_may_omit:
                return None
            raise errors.bad_parameter(f"query parameter '{param}' is mandatory for an administrator session")
        if self.backend.user(login) is None:
            raise errors.not_found(f"unknown {param} {login!r}")
        return login


def describe_validation(exc: ValidationError, what: str) -> str:
    parts = []
    for e in exc.errors():
        loc = ".".join(str(x) for x in e["loc"]) or "(body)"
        parts.append(f"{loc}: {e['msg'].lower()}")
    return f"invalid {what}: " + "; ".join(parts)


Handler = Callable[[Context], Awaitable[Reply]]


@dataclass(frozen=True)
class Registration:
    handler: Handler
    needs_session: bool


HANDLERS: dict[str, Registration] = {}

#: Called before every operation handler (licences, fault injection); may raise ApiError.
Hook = Callable[[Context], Awaitable[None] | None]


def operation(op_id: str, *, session: bool = True) -> Callable[[Handler], Handler]:
    """Register the handler of a catalog operation; `session=False` for the few that need none."""
    load_catalog().operation(op_id)  # fail at import time on a typo

    def register(fn: Handler) -> Handler:
        if op_id in HANDLERS:
            raise RuntimeError(f"two handlers for {op_id}")
        HANDLERS[op_id] = Registration(fn, session)
        return fn

    return register


class _AnyMethod:
    """An ASGI endpoint over a request handler; Starlette applies no method filter to ASGI endpoints."""

    def __init__(self, handler: Callable[[Request], Awaitable[Response]]) -> None:
        self.handler = handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self.handler(Request(scope, receive))
        await response(scope, receive, send)


def any_method_route(path: str, handler: Callable[[Request], Awaitable[Response]]) -> Route:
    """A route for every method, even unknown ones, so that the handler (not the framework) answers 405."""
    return Route(path, _AnyMethod(handler))


def error_response(err: errors.ApiError, op: Operation | None) -> Response:
    status = err.status_for(op)
    return JSONResponse(err.body(status), status_code=status, headers=err.headers)


def render(reply: Reply) -> Response:
    if reply.body is None or reply.status in (204, 304):  # these statuses never carry a body
        resp: Response = Response(status_code=reply.status, headers=reply.headers)
    elif isinstance(reply.body, bytes):  # a file (voicemail WAV): the handler sets its content type
        resp = Response(reply.body, status_code=reply.status, headers=reply.headers)
    else:
        resp = JSONResponse(reply.body, status_code=reply.status, headers=reply.headers)
    for name, value, path in reply.cookies:
        resp.set_cookie(name, value, path=path, secure=False, httponly=True, samesite=None)
    return resp


#: (method, path) -> the catalog's answer; bounded: cleared when full (paths carry ids: call refs, users).
_MATCHES: dict[tuple[str, str], tuple[Operation, dict[str, str]] | None] = {}
_MATCH_LIMIT = 4096
#: operation id -> administrators only (the operation's flag or its section's)
_ADMIN_ONLY: dict[str, bool] = {}


def match(method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
    """The catalog operation of a request, memoised: the catalog scans every path pattern in turn."""
    key = (method, path)
    if key in _MATCHES:
        found = _MATCHES[key]
    else:
        found = load_catalog().match(method, path)
        if len(_MATCHES) >= _MATCH_LIMIT:
            _MATCHES.clear()
        _MATCHES[key] = found
    if found is None:
        return None
    return found[0], dict(found[1])  # a copy: the memo is shared by every request


def _may_have_body(request: Request) -> bool:
    """A GET or HEAD without Content-Length or Transfer-Encoding has no body: no need to wait for one."""
    if request.method not in ("GET", "HEAD"):
        return True
    return any(name in (b"content-length", b"transfer-encoding") for name, _ in request.scope["headers"])


def admin_only(op: Operation) -> bool:
    flag = _ADMIN_ONLY.get(op.id)
    if flag is None:
        flag = _ADMIN_ONLY[op.id] = op.admin_only or load_catalog().section(op.section).admin_only
    return flag


async def dispatch(request: Request, backend: Backend, hooks: list[Hook]) -> Response:
    """Answer one O2G request (everything outside the control prefix and the event channels)."""
    catalog = load_catalog()
    path = request.scope["path"].rstrip("/") or "/"
    matched = match(request.method, path)
    op: Operation | None = matched[0] if matched else None
    try:
        backend.clock.tick()
        if matched is None:
            allowed = catalog.methods_for(path)
            if allowed:
                err = errors.not_supported(
                    f"method {request.method} is not allowed on {path}; allowed: {', '.join(sorted(allowed))}",
                    status=405,
                )
                err.headers["Allow"] = ", ".join(sorted(allowed))
                raise err
            raise errors.not_found(f"no resource at {path}", status=404)
        op, params = matched
        registration = HANDLERS.get(op.id)
        raw = await request.body() if _may_have_body(request) else b""
        session = None
        # The shared rules (session, rights, hooks: faults, licences) apply to operations without a
        # handler too, so that a missing licence is refused the same way on every operation.
        if registration is None or registration.needs_session:
            session = backend.state(SessionStore).lookup(request.cookies.get("AlcUserId"))
            if admin_only(op) and not session.admin:
                raise errors.not_allowed(f"{op.id} is reserved to administrators", status=403)
        ctx = Context(request, backend, op, params, session, raw)
        for hook in hooks:
            result = hook(ctx)
            if result is not None:
                await result
        if registration is None:
            # The reference's own example of a service that is not installed (L321-329).
            raise errors.server_problem(
                f"AlcChameleonException.PLUGIN_NOT_INSTALLED '{op.section}' plugin is not installed", status=503
            )
        reply = await registration.handler(ctx)
        if backend.modifiers.items:
            reply.status, reply.body = backend.modifiers.reply(op.id, reply.status, reply.body)
        return render(reply)
    except errors.ApiError as err:
        if op is not None and backend.modifiers.items:
            status = err.status_for(op)
            status, body = backend.modifiers.reply(op.id, status, err.body(status))
            return JSONResponse(body, status_code=status, headers=err.headers)
        return error_response(err, op)
    except ClientDisconnect:  # nobody to answer: one log line, no traceback
        client_went_away(request.method, path)
        return Response(status_code=400)
    except Exception as exc:  # never a stack trace on the wire
        log.exception("emulator failure on %s %s", request.method, path)
        return error_response(errors.server_problem(f"internal emulator error: {type(exc).__name__}", status=500), op)
