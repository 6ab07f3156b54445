"""Who may use the control API, and what its errors may say about files.

- The control API answers loopback clients only, unless a control token is set (`o2g-emulator
  --control-token` or the environment variable O2G_EMULATOR_CONTROL_TOKEN): then every control request,
  from anywhere, must carry `Authorization: Bearer <token>`. An emulator bound to another address than the
  loopback thus never lets a remote client reset it, move its clock or read its state without the token.
- A file named in a control request (a topology, a licence file) is described by its path and the kind
  of problem only (cannot be read, not YAML at line N, not a mapping, which documented fields are wrong):
  its lines, values and unknown keys never travel back, whatever file it was.
"""

from __future__ import annotations

import ipaddress
import os
import secrets

import yaml
from pydantic import ValidationError
from starlette.types import ASGIApp, Receive, Scope, Send

from ..core import errors
from ..core.dispatch import error_response

TOKEN_ENV = "O2G_EMULATOR_CONTROL_TOKEN"


def token_from_env() -> str | None:
    """The control token of the environment (empty = none)."""
    return os.environ.get(TOKEN_ENV) or None


def is_loopback(host: str | None) -> bool:
    try:
        return host is not None and ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def refusal(scope: Scope, token: str | None) -> str | None:
    """Why a control request is refused (None: it is served)."""
    if token is not None:
        sent = next((v for k, v in scope.get("headers", []) if k == b"authorization"), b"").decode("latin-1")
        scheme, _, value = sent.partition(" ")
        if scheme.lower() == "bearer" and secrets.compare_digest(value.strip().encode(), token.encode()):
            return None
        return "the control API needs its token (Authorization: Bearer ...)"
    client = scope.get("client")
    if is_loopback(client[0] if client else None):
        return None
    return f"the control API answers loopback clients only; set {TOKEN_ENV} (or --control-token) to use it remotely"


class ControlGuard:
    """ASGI middleware: requests under the control prefix pass `refusal` first (403 NOT_ALLOWED otherwise)."""

    def __init__(self, app: ASGIApp, *, prefix: str, token: str | None) -> None:
        self.app = app
        self.prefix = prefix
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(self.prefix):
            why = refusal(scope, self.token)
            if why is not None:
                await error_response(errors.not_allowed(why, status=403), None)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def describe_file_error(what: str, path: str, exc: Exception) -> str:
    """A file problem told without any of the file's content (the original error is the exception's context)."""
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, OSError):
        return f"{what} {path}: cannot read it ({cause.strerror or type(cause).__name__})"
    if isinstance(cause, yaml.MarkedYAMLError) and cause.problem_mark is not None:
        mark = cause.problem_mark
        return f"{what} {path}: not valid YAML (line {mark.line + 1}, column {mark.column + 1})"
    if isinstance(cause, yaml.YAMLError):
        return f"{what} {path}: not valid YAML"
    if isinstance(cause, ValidationError):
        # Locations are the model's own field names and list indices; an unknown key is the file's, not told.
        where = [
            ".".join(str(x) for x in e["loc"]) or "(top level)"
            for e in cause.errors()
            if e["type"] != "extra_forbidden"
        ]
        unknown = cause.error_count() - len(where)
        told = "; ".join(dict.fromkeys(where[:5])) + (f"; {unknown} unknown key(s)" if unknown else "")
        return f"{what} {path}: not a {what} ({cause.error_count()} problem(s): {told.strip('; ')})"
    return f"{what} {path}: not a {what} (expected a mapping of the documented keys)"
