"""The request body limit: a body over MAX_BODY_BYTES is refused before anything reads it.

The reference documents no size limit and no 413. A body over 1 MiB (the largest documented bodies, user
lists and PBX objects, are a few kilobytes) is refused with 413 Payload Too Large (RFC 9110 section
15.5.14) and the RestErrorInfo type BAD_PARAMETER ("Request parameters are not correct", L318), the
closest documented type: at once when `Content-Length` announces it (before the session check, nothing
is read), else as soon as a chunked body passes the limit. A client that goes away in the middle of its
body is logged as one line (`client_went_away`), never as an error with a traceback.
"""

from __future__ import annotations

import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import errors

log = logging.getLogger("o2g_conformance.emulator")
MAX_BODY_BYTES = 1024 * 1024


class BodyTooLarge(errors.ApiError):
    """BAD_PARAMETER with status 413: the body is over MAX_BODY_BYTES."""

    def __init__(self, what: str) -> None:
        super().__init__(
            "BAD_PARAMETER", f"request body too large: {what}, the limit is {MAX_BODY_BYTES} bytes", status=413
        )
        self.headers["Connection"] = "close"


def client_went_away(method: str, path: str) -> None:
    """One log line for a client that disconnected before its request was read."""
    log.info("client disconnected before the end of its request: %s %s", method, path)


class BodyLimit:
    """ASGI middleware: refuse a body over the limit from its Content-Length, or once a chunked one passes it."""

    def __init__(self, app: ASGIApp, *, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = next((v for k, v in scope.get("headers", []) if k == b"content-length"), None)
        if length is not None and (not length.strip().isdigit() or int(length) > self.limit):
            from .dispatch import error_response

            what = f"Content-Length {length.decode('latin-1')[:20]}"
            err = BodyTooLarge(what) if length.strip().isdigit() else errors.bad_parameter(f"bad {what}")
            await error_response(err, None)(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge(f"more than {self.limit} bytes sent")
            return message

        await self.app(scope, counted, send)
