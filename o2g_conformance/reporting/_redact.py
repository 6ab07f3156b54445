"""Last line of defence for everything the reports write: credentials, tokens and cookies are masked."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..client import MASK, mask_body

#: A JSON Web Token (the AlcUserId credential is one): three base64url parts, the first `{"` encoded.
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
#: `Authorization: Basic <base64>` / `Bearer <token>` written anywhere (headers, messages, curl lines).
_AUTH = re.compile(r"\b(Basic|Bearer)\s+(?!\*\*\*)[A-Za-z0-9+/=._-]{6,}")
#: `AlcUserId=<token>` / `JSESSIONID=...` in a Cookie or Set-Cookie value.
_COOKIE = re.compile(r"\b(AlcUserId|JSESSIONID)=(?!\*\*\*)[^;,\s\"']+")
#: `user:password@host` in a URL.
_USERINFO = re.compile(r"(?P<scheme>\b[a-z][a-z0-9+.-]*://)[^/@\s\"']+@")


def redact(text: str, *, known: Iterable[str] = ()) -> str:
    """`text` with credential-bearing JSON fields, tokens, auth headers, cookies, URL passwords and `known` masked."""
    if not text:
        return text
    text = mask_body(text, known=known)
    text = _JWT.sub(MASK, text)
    text = _AUTH.sub(lambda m: f"{m.group(1)} {MASK}", text)
    text = _COOKIE.sub(lambda m: f"{m.group(1)}={MASK}", text)
    return _USERINFO.sub(lambda m: f"{m.group('scheme')}{MASK}@", text)


def url_without_credentials(url: str) -> str:
    """`https://admin:pw@o2g.example:443/x?y` -> `https://o2g.example:443` (what reports may name)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if not parts.scheme or not parts.hostname:
        return _USERINFO.sub(lambda m: m.group("scheme"), url)
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:  # not a port number: say nothing rather than something wrong
        port = ""
    return f"{parts.scheme}://{host}{port}"
