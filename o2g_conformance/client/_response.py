"""What one HTTP exchange left behind: the recorded Exchange and the ApiResponse handed to callers."""

from __future__ import annotations

import enum
import json as jsonlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ._errors import O2GError, RestErrorInfo, UnusableAnswer

__all__ = ["UNSET", "ApiResponse", "Exchange", "Recorder", "RequestSummary", "Unset", "parse_json"]

M = TypeVar("M", bound=BaseModel)


class Unset(enum.Enum):
    """Marks an argument that was not given (distinct from None, which may be a value to send)."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "<unset>"


UNSET = Unset.UNSET


@dataclass(frozen=True)
class RequestSummary:
    """The request as sent, with secrets already masked."""

    method: str
    url: str
    headers: dict[str, str]
    body: str

    def __str__(self) -> str:
        return f"{self.method} {self.url}"


@dataclass(frozen=True)
class Exchange:
    """One HTTP exchange (one attempt), masked, as handed to the recorder."""

    request: RequestSummary
    status: int | None
    response_headers: dict[str, str]
    response_body: str
    elapsed: float
    op_id: str | None = None
    attempt: int = 1
    error: str | None = None

    @property
    def method(self) -> str:
        return self.request.method

    @property
    def url(self) -> str:
        return self.request.url

    def to_text(self) -> str:
        """A readable transcript (for a report attachment)."""
        lines = [f"{self.request.method} {self.request.url}"]
        lines += [f"{k}: {v}" for k, v in self.request.headers.items()]
        if self.request.body:
            lines += ["", self.request.body]
        lines.append("")
        label = f" [{self.op_id}]" if self.op_id else ""
        attempt = f" attempt {self.attempt}" if self.attempt > 1 else ""
        if self.status is None:
            lines.append(f"-> no answer{label}{attempt} after {self.elapsed:.3f} s: {self.error}")
        else:
            lines.append(f"-> {self.status}{label}{attempt} in {self.elapsed:.3f} s")
            lines += [f"{k}: {v}" for k, v in self.response_headers.items()]
            if self.response_body:
                lines += ["", self.response_body]
        return "\n".join(lines)


#: Where exchanges go: a callback, or a list the client appends to.
Recorder = Callable[[Exchange], None] | list[Exchange]


def parse_json(text: str) -> Any:
    """The parsed body, or None when it is empty or not JSON."""
    if not text.strip():
        return None
    try:
        return jsonlib.loads(text)
    except ValueError:
        return None


@dataclass(frozen=True, repr=False)
class ApiResponse:
    """The answer to one operation: status, headers, raw text, parsed JSON, timing and the request sent.

    `headers`, `text` and `json` are as received (an authenticate answer holds the token); `request` and the
    recorder's Exchange are masked, and the repr shows neither: attach exchanges, not these, to reports.
    """

    op_id: str | None
    status: int
    headers: dict[str, str]
    text: str
    json: Any
    elapsed: float
    request: RequestSummary
    attempts: int = 1
    set_cookies: tuple[str, ...] = field(default=(), repr=False)
    #: The body as received, for files (voicemail WAV, analytics archives).
    content: bytes = field(default=b"", repr=False)

    def __repr__(self) -> str:
        return f"ApiResponse(op_id={self.op_id!r}, status={self.status}, {self.request}, elapsed={self.elapsed:.3f})"

    @property
    def ok(self) -> bool:
        """Any 2xx, as clients treat it (wire-facts, Errors)."""
        return 200 <= self.status < 300

    @property
    def url(self) -> str:
        return self.request.url

    @property
    def error(self) -> RestErrorInfo | None:
        """The RestErrorInfo of an error answer, or None (success, no body, or a body that is not one)."""
        if self.ok or not isinstance(self.json, dict):
            return None
        try:
            return RestErrorInfo.model_validate(self.json)
        except ValidationError:
            return None

    def to_error(self, detail: str | None = None) -> O2GError:
        kind = UnusableAnswer if self.ok else O2GError
        return kind(
            self.status,
            error=self.error,
            op_id=self.op_id,
            body=self.text,
            method=self.request.method,
            url=self.request.url,
            detail=detail,
        )

    def raise_for_error(self) -> ApiResponse:
        """Raise O2GError unless the status is 2xx; returns self for chaining."""
        if not self.ok:
            raise self.to_error()
        return self

    def model(self, cls: type[M]) -> M:
        """Parse the JSON body into `cls`; UnusableAnswer (with the validation error as cause) otherwise."""
        if self.json is None:
            raise self.to_error(f"expected a JSON {cls.__name__} body, got {self.text[:200]!r}")
        try:
            return cls.model_validate(self.json)
        except ValidationError as exc:
            # The field list only: pydantic's own text quotes the input, which may hold a credential.
            problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or '<body>'}: {e['msg']}" for e in exc.errors())
            raise self.to_error(f"body is not a valid {cls.__name__}: {problems}") from exc

    def cookie(self, name: str) -> str | None:
        """The value the answer's Set-Cookie headers give `name`, or None."""
        for header in self.set_cookies:
            pair = header.split(";", 1)[0]
            key, eq, value = pair.partition("=")
            if eq and key.strip() == name:
                return value.strip().strip('"')
        return None
