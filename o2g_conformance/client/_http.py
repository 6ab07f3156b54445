"""The HTTP layer under every call: one httpx client, masked recording, guarded retries, typed failures."""

from __future__ import annotations

import base64
import dataclasses
import functools
import http.cookiejar
import logging
import os
import ssl
import time
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import tenacity

from .. import __version__
from ..catalog import API_BASE
from ._errors import TargetUnreachable
from ._masking import mask_body, mask_secrets, mask_text
from ._response import UNSET, ApiResponse, Exchange, Recorder, RequestSummary, Unset, parse_json

__all__ = ["IDEMPOTENT_METHODS", "HttpCore", "Verify", "basic_auth", "join_url", "server_path", "ssl_verify"]

log = logging.getLogger("o2g_conformance.client")

USER_AGENT = f"o2g-conformance/{__version__}"

#: Only these are retried; a POST is never repeated (it may have taken effect).
IDEMPOTENT_METHODS = frozenset({"GET", "PUT", "DELETE", "HEAD"})
#: Connection-level failures worth another try; a timeout is not (the target may still be working on it).
_RESET_ERRORS = (httpx.ConnectError, httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)


class _RejectAllCookies(http.cookiejar.CookiePolicy):
    """Cookies are sent explicitly by sessions, never by a jar: tests must control every Cookie header."""

    netscape = True
    rfc2965 = False
    hide_cookie2 = False

    def set_ok(self, cookie: http.cookiejar.Cookie, request: urllib.request.Request) -> bool:
        return False

    def return_ok(self, cookie: http.cookiejar.Cookie, request: urllib.request.Request) -> bool:
        return False

    def domain_return_ok(self, domain: str, request: urllib.request.Request) -> bool:
        return False

    def path_return_ok(self, path: str, request: urllib.request.Request) -> bool:
        return False


#: TLS verification: on, off, a CA file or directory, or a ready context.
Verify = bool | str | ssl.SSLContext


def ssl_verify(verify: Verify) -> bool | ssl.SSLContext:
    """What httpx takes: a CA file or directory becomes a context (httpx deprecates passing the path).

    Contexts are built once per setting and shared: loading a CA bundle costs tens of milliseconds, and a
    scenario opens several clients and event channels.
    """
    if isinstance(verify, ssl.SSLContext):
        return verify
    if verify is False:
        return False
    return _context(verify if isinstance(verify, str) else None)


@functools.cache
def _context(ca: str | None) -> ssl.SSLContext:
    if ca is None:
        return httpx.create_ssl_context(verify=True)
    if os.path.isdir(ca):
        return ssl.create_default_context(capath=ca)
    return ssl.create_default_context(cafile=ca)


def basic_auth(login: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode("ascii")


def _prefix(base_url: str) -> tuple[str, str]:
    """(scheme://host:port, path prefix before /api/rest) of a server-given URL; reverse proxies add a prefix."""
    parts = urlsplit(base_url)
    path = parts.path.rstrip("/")
    for suffix in (API_BASE, "/api/rest"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    else:
        cut = path.find("/api/rest")
        path = path[:cut] if cut >= 0 else ""
    return urlunsplit((parts.scheme, parts.netloc, "", "", "")), path


def join_url(base_url: str, url_path: str) -> str:
    """The absolute URL of a catalog path (`/api/rest/1.0/...`) on the server that gave `base_url`."""
    origin, prefix = _prefix(base_url)
    return origin + prefix + url_path


def server_path(base_url: str, url: str) -> str:
    """The catalog-comparable path of `url` (prefix removed), for mapping a raw request to its operation."""
    _, prefix = _prefix(base_url)
    path = urlsplit(url).path
    return path[len(prefix) :] if prefix and path.startswith(prefix) else path


def _headers_of(headers: httpx.Headers) -> list[tuple[str, str]]:
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers.raw]


class HttpCore:
    """One httpx client plus the rules every exchange follows: masking, recording, retry, error typing."""

    def __init__(
        self,
        *,
        verify: Verify,
        timeout: float,
        transport: httpx.BaseTransport | None = None,
        recorder: Recorder | None = None,
        event_hooks: Mapping[str, list[Callable[..., Any]]] | None = None,
        retries: int = 0,
        backoff: float = 0.25,
        backoff_cap: float = 2.0,
    ) -> None:
        self.verify = verify
        self.timeout = timeout
        self.recorder = recorder
        self.retries = retries
        self.backoff = backoff
        self.backoff_cap = backoff_cap
        self._secrets: set[str] = set()
        self._client = httpx.Client(
            verify=ssl_verify(verify),
            timeout=timeout,
            transport=transport,
            event_hooks=dict(event_hooks or {}),
            cookies=http.cookiejar.CookieJar(policy=_RejectAllCookies()),
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT},
        )

    def remember_secret(self, *values: str) -> None:
        """Strings (tokens, passwords) to mask wherever they show up in recorded exchanges."""
        self._secrets.update(v for v in values if v)

    @property
    def secrets(self) -> frozenset[str]:
        return frozenset(self._secrets)

    def close(self) -> None:
        self._client.close()

    def send(
        self,
        method: str,
        url: str,
        *,
        op_id: str | None = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
        json: Any = UNSET,
        content: bytes | str | None = None,
        timeout: float | None = None,
        retries: int | None = None,
    ) -> ApiResponse:
        """Send one request (with retries where allowed) and return the final answer.

        Raises TargetUnreachable when no answer came; an error status is an ApiResponse, not an exception.
        """
        method = method.upper()
        query = {k: v for k, v in (params or {}).items() if v is not None}
        attempts = 0

        def attempt() -> ApiResponse:
            nonlocal attempts
            attempts += 1
            return self._attempt(method, url, op_id, query, headers, json, content, timeout, attempts)

        allowed = self.retries if retries is None else retries
        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(max(allowed, 0) + 1),
            wait=tenacity.wait_exponential(multiplier=self.backoff, max=self.backoff_cap),
            retry=tenacity.retry_if_exception(lambda e: _transient_failure(method, e))
            | tenacity.retry_if_result(lambda r: _transient_answer(method, r)),
            retry_error_callback=lambda state: state.outcome.result() if state.outcome else None,
            before_sleep=lambda state: log.info("retrying %s %s (attempt %d)", method, url, state.attempt_number + 1),
        )
        response: ApiResponse = retrying(attempt)
        return dataclasses.replace(response, attempts=attempts) if attempts > 1 else response

    def _attempt(
        self,
        method: str,
        url: str,
        op_id: str | None,
        params: Mapping[str, Any],
        headers: Mapping[str, str] | Iterable[tuple[str, str]] | None,
        json: Any,
        content: bytes | str | None,
        timeout: float | None,
        attempt: int,
    ) -> ApiResponse:
        body_args: dict[str, Any] = {}
        if not isinstance(json, Unset):
            body_args["json"] = json
        elif content is not None:
            body_args["content"] = content
        request = self._client.build_request(
            method,
            url,
            params=params or None,
            headers=list(headers.items() if isinstance(headers, Mapping) else headers or ()),
            timeout=timeout if timeout is not None else self.timeout,
            **body_args,
        )
        summary = self._summary(request)
        started = time.perf_counter()
        try:
            response = self._client.send(request)
        except httpx.TransportError as exc:
            elapsed = time.perf_counter() - started
            self._record(Exchange(summary, None, {}, "", elapsed, op_id, attempt, f"{type(exc).__name__}: {exc}"))
            log.debug("%s %s -> no answer (%s)", method, summary.url, type(exc).__name__)
            raise TargetUnreachable(
                summary.url,
                timeout=timeout if timeout is not None else self.timeout,
                cause=exc,
                method=method,
                op_id=op_id,
            ) from exc
        elapsed = time.perf_counter() - started
        text = response.text
        known = self._secrets
        ctype = response.headers.get("content-type", "")
        binary = bool(response.content) and not ctype.startswith(("application/json", "text/")) and ctype != ""
        recorded = f"<{len(response.content)} bytes of {ctype}>" if binary else mask_body(text, known=known)
        self._record(
            Exchange(
                summary,
                response.status_code,
                mask_secrets(_headers_of(response.headers), known=known),
                recorded,
                elapsed,
                op_id,
                attempt,
            )
        )
        log.debug("%s %s -> %s (%.3f s)", method, summary.url, response.status_code, elapsed)
        return ApiResponse(
            op_id=op_id,
            status=response.status_code,
            headers=dict(response.headers),
            text=text,
            json=parse_json(text),
            elapsed=elapsed,
            request=summary,
            attempts=attempt,
            set_cookies=tuple(response.headers.get_list("set-cookie")),
            content=response.content,
        )

    def _summary(self, request: httpx.Request) -> RequestSummary:
        known = self._secrets
        body = request.content.decode("utf-8", errors="replace") if request.content else ""
        return RequestSummary(
            method=request.method,
            url=mask_text(str(request.url), known=known),
            headers=mask_secrets(_headers_of(request.headers), known=known),
            body=mask_body(body, known=known),
        )

    def _record(self, exchange: Exchange) -> None:
        recorder = self.recorder
        if recorder is None:
            return
        if isinstance(recorder, list):
            recorder.append(exchange)
            return
        try:
            recorder(exchange)
        except Exception:  # a broken report hook must not change the outcome of a test
            log.exception("exchange recorder failed")


def _transient_failure(method: str, exc: BaseException) -> bool:
    return method in IDEMPOTENT_METHODS and isinstance(exc, TargetUnreachable) and isinstance(exc.cause, _RESET_ERRORS)


def _transient_answer(method: str, response: ApiResponse) -> bool:
    """NOT_READY with canRetry true, or a bare 503: the server is starting or switching over (L313)."""
    if method not in IDEMPOTENT_METHODS or response.ok:
        return False
    if response.status == 503 and not response.text.strip():
        return True
    error = response.error
    return error is not None and error.canRetry is True and error.type == "NOT_READY"
