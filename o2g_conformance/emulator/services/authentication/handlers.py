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


def _basic(header: str | None) -> tuple[str, str]:
    if not header:
        raise errors.ApiError("NOT_ALLOWED", "missing Authorization header (Basic)", status=401,
                              headers={"WWW-Authenticate": 'Basic realm="O2G"'})
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic" or not value:
        raise errors.ApiError("NOT_ALLOWED", f"unsupported authorization scheme {scheme!r}; expected Basic",
                              status=401, headers={"WWW-Authenticate": 'Basic realm="O2G"'})
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise errors.ApiError("NOT_ALLOWED", "malformed Basic credentials", status=401,
                              headers={"WWW-Authenticate": 'Basic realm="O2G"'}) from None
    login, sep, password = decoded.partition(":")
    if not sep:
        raise errors.ApiError("NOT_ALLOWED", "malformed Basic credentials (no colon)", status=401,
                              headers={"WWW-Authenticate": 'Basic realm="O2G"'})
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
        raise errors.ApiError("NOT_ALLOWED", "bad login or password", status=401,
                              headers={"WWW-Authenticate": 'Basic realm="O2G"'})
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
