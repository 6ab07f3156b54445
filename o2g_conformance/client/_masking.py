"""Secret masking for everything the client records or prints: headers, bodies, URLs."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

__all__ = ["MASK", "SECRET_FIELDS", "SECRET_HEADERS", "mask_body", "mask_secrets", "mask_text"]

MASK = "***"
#: Headers whose values are credentials; cookie names and the auth scheme stay readable.
SECRET_HEADERS = frozenset({"authorization", "cookie", "set-cookie", "proxy-authorization"})
#: JSON fields whose values are credentials. `sessionId` is there because SessionInfo.otherSessions[].sessionId
#: is another session's AlcUserId token (o2g-rest-api-reference.txt L948-958).
SECRET_FIELDS = ("credential", "password", "oldPassword", "newPassword", "sessionId")

_FIELD_RE = re.compile(
    r'("(?:' + "|".join(SECRET_FIELDS) + r')"\s*:\s*)("(?:[^"\\]|\\.)*"|[^\s,}\]]+)',
    re.IGNORECASE,
)
_COOKIE_PAIR_RE = re.compile(r"([^=;,\s]+)=([^;,]*)")


def _mask_cookie_header(value: str) -> str:
    """`AlcUserId=eyJ...; JSESSIONID=88C` -> `AlcUserId=***; JSESSIONID=***`."""
    return _COOKIE_PAIR_RE.sub(lambda m: f"{m.group(1)}={MASK}", value)


def _mask_set_cookie(value: str) -> str:
    """`AlcUserId=eyJ...; Path=/` -> `AlcUserId=***; Path=/` (attributes are not secret)."""
    name_value, sep, attributes = value.partition(";")
    name, eq, _ = name_value.partition("=")
    return f"{name}{eq}{MASK if eq else ''}{sep}{attributes}"


def _mask_header(name: str, value: str) -> str:
    lower = name.lower()
    if lower in ("authorization", "proxy-authorization"):
        scheme, _, rest = value.strip().partition(" ")
        return f"{scheme} {MASK}" if rest else MASK
    if lower == "cookie":
        return _mask_cookie_header(value)
    if lower == "set-cookie":
        return _mask_set_cookie(value)
    return value


def mask_secrets(
    headers: Mapping[str, str] | Iterable[tuple[str, str]], *, known: Iterable[str] = ()
) -> dict[str, str]:
    """A copy of `headers` with Authorization, Cookie and Set-Cookie values masked.

    Repeated headers (several Set-Cookie) are joined with `, ` after masking each. Any of the `known`
    secret strings left in another header is masked as well.
    """
    items = headers.items() if isinstance(headers, Mapping) else headers
    out: dict[str, str] = {}
    for name, value in items:
        masked = mask_text(_mask_header(name, value), known=known)
        existing = next((k for k in out if k.lower() == name.lower()), None)
        if existing is None:
            out[name] = masked
        else:
            out[existing] = f"{out[existing]}, {masked}"
    return out


def mask_text(text: str, *, known: Iterable[str] = ()) -> str:
    """Replace every occurrence of the `known` secret strings (tokens, passwords) in `text`."""
    for secret in sorted({s for s in known if s and len(s) >= 4}, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


def mask_body(text: str, *, known: Iterable[str] = ()) -> str:
    """A body with the values of credential/password/oldPassword/newPassword/sessionId fields masked.

    Works on the text, so malformed JSON sent on purpose is masked too and keeps its exact shape.
    """
    if not text:
        return text
    return mask_text(_FIELD_RE.sub(lambda m: f'{m.group(1)}"{MASK}"', text), known=known)
