"""`GET /api/rest/authenticate?version=1.0`: Basic credentials in, JWT credential and AlcUserId cookie out.

Reference: L190-263 and L590-665. Administrators are checked first; users authenticate in O2G mode
(login `oxe` + QMCDU, 4-digit secret code).
"""

from __future__ import annotations

import base64
import binascii

from ...core import errors
from ...core.dispatch import Context, Reply, operation
from ...core.sessions import SessionStore


def _unauthorized(message: str) -> errors.ApiError:
    """401 with the Basic challenge: bad or missing credentials (authenticate, L590-665)."""
    return errors.ApiError("NOT_ALLOWED", message, status=401, headers={"WWW-Authenticate": 'Basic realm="O2G"'})


def _basic(header: str | None) -> tuple[str, str]:
    if not header:
        raise _unauthorized("missing Authorization header (Basic)")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic" or not value:
        raise _unauthorized(f"unsupported authorization scheme {scheme!r}; expected Basic")
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise _unauthorized("malformed Basic credentials") from None
    login, sep, password = decoded.partition(":")
    if not sep:
        raise _unauthorized("malformed Basic credentials (no colon)")
    return login, password


@operation("authentication.authenticate.get", session=False)
async def authenticate(ctx: Context) -> Reply:
    version = ctx.request.query_params.get("version")
    if version is None:
        raise errors.bad_parameter("query parameter 'version' is mandatory and must be 1.0")
    if version != "1.0":
        raise errors.bad_parameter(f"unsupported version {version!r}; the only version is 1.0")
    login, password = _basic(ctx.request.headers.get("authorization"))
    store = ctx.backend.state(SessionStore)
    principal = store.authenticate(login, password)
    if principal is None:
        raise _unauthorized("bad login or password")
    credential = store.issue_credential(principal)
    sessions_url = ctx.backend.api_base + "/sessions"
    return Reply(
        200,
        {
            "credential": credential,
            "publicUrl": sessions_url,
            "internalUrl": sessions_url,
            "loginName": principal.login,
            "expired": False,
        },
        cookies=[("AlcUserId", credential, "/")],
    )
