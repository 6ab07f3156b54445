"""Event collection: a thread-safe event log with consume-once waits, and the HTTP chunk-mode consumer."""

from __future__ import annotations

import contextlib
import json as jsonlib
import logging
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from ._errors import O2GError, RestErrorInfo
from ._http import Verify, ssl_verify
from ._response import parse_json

__all__ = ["CHUNK_STARTED", "ChunkConsumer", "EventLog", "EventTimeout", "UnexpectedEvent", "Where", "describe_event"]

log = logging.getLogger("o2g_conformance.client.events")

#: The first line of every chunk stream (wire-facts, Events 3).
CHUNK_STARTED: dict[str, str] = {"eventName": "OnChannelInformation", "text": "Chunk started"}
#: An event filter: a predicate, or a dict every listed field must equal (nested dicts match as subsets).
Where = Callable[[dict[str, Any]], bool] | Mapping[str, Any] | None

_KEY_FIELDS = ("text", "loginName", "callRef", "state", "cause", "deviceId", "subscriptionId")


class EventTimeout(AssertionError):
    """An awaited event did not arrive in time; the message lists what did arrive."""

    def __init__(self, message: str, *, name: str | None, timeout: float, seen: list[dict[str, Any]]) -> None:
        super().__init__(message)
        self.name = name
        self.timeout = timeout
        self.seen = seen


class UnexpectedEvent(AssertionError):
    """An event that had to stay absent arrived."""

    def __init__(self, message: str, *, event: dict[str, Any]) -> None:
        super().__init__(message)
        self.event = event


def _subset(expected: Any, actual: Any) -> bool:
    if isinstance(expected, Mapping):
        return isinstance(actual, Mapping) and all(k in actual and _subset(v, actual[k]) for k, v in expected.items())
    return bool(expected == actual)


def _matches(event: dict[str, Any], name: str | None, where: Where) -> bool:
    if name is not None and event.get("eventName") != name:
        return False
    if where is None:
        return True
    if isinstance(where, Mapping):
        return _subset(where, event)
    try:
        return bool(where(event))
    except (KeyError, IndexError, TypeError, AttributeError):
        return False  # a predicate written for the awaited shape does not match other shapes


def _short(value: Any, limit: int = 32) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def describe_event(event: Mapping[str, Any], fields: int = 3) -> str:
    """`OnCallCreated(loginName='oxe1', callRef='c1')`: the name and a few identifying fields."""
    keys = [k for k in _KEY_FIELDS if k in event]
    keys += [k for k, v in event.items() if k not in keys and k != "eventName" and not isinstance(v, dict | list)]
    inner = ", ".join(f"{k}={_short(event[k])}" for k in keys[:fields])
    return f"{event.get('eventName', '?')}({inner})"


def _describe_filter(name: str | None, where: Where) -> str:
    what = name or "any event"
    if where is None:
        return what
    if isinstance(where, Mapping):
        return f"{what} matching {dict(where)!r}"
    return f"{what} matching {getattr(where, '__name__', 'a predicate')}"


@dataclass
class _Entry:
    event: dict[str, Any]
    received: float
    consumed: bool = False


class EventLog:
    """The ordered history of received events; waits search it first and consume each match once."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._entries: list[_Entry] = []

    def append(self, event: dict[str, Any]) -> None:
        with self._cond:
            self._entries.append(_Entry(event, time.monotonic()))
            self._cond.notify_all()

    def __len__(self) -> int:
        with self._cond:
            return len(self._entries)

    @property
    def history(self) -> list[dict[str, Any]]:
        """Every event received, consumed or not, in arrival order."""
        with self._cond:
            return [e.event for e in self._entries]

    def timeline(self) -> list[tuple[float, dict[str, Any]]]:
        """Every event with the `time.monotonic()` of its arrival, in arrival order."""
        with self._cond:
            return [(e.received, e.event) for e in self._entries]

    def unconsumed(self, ignore: tuple[str, ...] = ("OnChannelInformation",)) -> list[dict[str, Any]]:
        """Events no wait has taken yet, except the `ignore`d names (channel keepalives by default)."""
        with self._cond:
            return [e.event for e in self._entries if not e.consumed and e.event.get("eventName") not in ignore]

    def count(self, name: str | None = None, where: Where = None) -> int:
        """How many received events (consumed or not) match."""
        with self._cond:
            return sum(1 for e in self._entries if _matches(e.event, name, where))

    def clear(self) -> None:
        with self._cond:
            self._entries.clear()

    def wait_for(self, name: str | None, *, where: Where = None, timeout: float) -> dict[str, Any]:
        """The first unconsumed event named `name` (None: any) that matches `where`; waits up to `timeout` s.

        The event is consumed: no later wait returns it again. Raises EventTimeout naming what was seen.
        """
        deadline = time.monotonic() + timeout
        scanned = 0
        with self._cond:
            while True:
                scanned = min(scanned, len(self._entries))  # clear() may have shrunk the history
                for entry in self._entries[scanned:]:
                    if not entry.consumed and _matches(entry.event, name, where):
                        entry.consumed = True
                        return entry.event
                # Earlier entries cannot start matching; only new ones need a look after a wake-up.
                scanned = len(self._entries)
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [e.event for e in self._entries]
                    raise EventTimeout(
                        f"no {_describe_filter(name, where)} within {timeout:g} s; {self._describe()}",
                        name=name,
                        timeout=timeout,
                        seen=seen,
                    )
                self._cond.wait(remaining)

    def assert_absent(self, name: str | None, where: Where = None, within: float = 0.0) -> None:
        """Fail with UnexpectedEvent if an unconsumed matching event is there or arrives within `within` s.

        Consumed events are not considered: they were awaited, hence expected.
        """
        deadline = time.monotonic() + within
        with self._cond:
            while True:
                for entry in self._entries:
                    if not entry.consumed and _matches(entry.event, name, where):
                        raise UnexpectedEvent(
                            f"unexpected {describe_event(entry.event)} (expected no {_describe_filter(name, where)}"
                            f"{f' within {within:g} s' if within else ''}); {self._describe()}",
                            event=entry.event,
                        )
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return
                self._cond.wait(remaining)

    def describe(self, limit: int = 30) -> str:
        with self._cond:
            return self._describe(limit)

    def _describe(self, limit: int = 30) -> str:
        entries = self._entries
        if not entries:
            return "no events seen"
        shown = entries[-limit:]
        more = f"... {len(entries) - len(shown)} earlier, " if len(entries) > len(shown) else ""
        listed = ", ".join(("*" if e.consumed else "") + describe_event(e.event) for e in shown)
        return f"{len(entries)} events seen (* = already consumed): {more}{listed}"


class ChunkConsumer:
    """Reads an HTTP chunk-mode event stream on a daemon thread into an EventLog.

    Opens the polling URL (POST and no cookie by default, as the vendor SDKs do: wire-facts, Events 2), reads
    `\\n`-terminated JSON lines (a line may span chunks), and records what a conformant stream must look like:
    the first line is `{"eventName":"OnChannelInformation","text":"Chunk started"}` (wire-facts, Events 3).
    """

    def __init__(
        self,
        url: str,
        *,
        method: str = "POST",
        verify: Verify = True,
        log: EventLog | None = None,
        on_line: Callable[[str], None] | None = None,
        headers: Mapping[str, str] | None = None,
        connect_timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.url = url
        self.method = method.upper()
        self.verify = verify
        self.log = log if log is not None else EventLog()
        self.on_line = on_line
        self.headers = dict(headers or {})
        self.connect_timeout = connect_timeout
        self._transport = transport
        self.status: int | None = None
        self.started = False
        self.closed = False
        self.stopped = False
        self.error: BaseException | None = None
        self.violations: list[str] = []
        self.lines = 0
        self._settled = threading.Event()
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self._response: httpx.Response | None = None
        self._thread = threading.Thread(target=self._run, name=f"o2g-chunk {url}", daemon=True)

    def __repr__(self) -> str:
        state = "running" if self.running else "closed" if self.closed else "stopped" if self.stopped else "done"
        return f"ChunkConsumer({self.method} {self.url}, {state}, lines={self.lines})"

    def start(self) -> ChunkConsumer:
        self._thread.start()
        return self

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def wait_started(self, timeout: float) -> bool:
        """Wait until the first line arrived (or the stream ended); True if it was "Chunk started"."""
        self._settled.wait(timeout)
        return self.started

    def wait_closed(self, timeout: float) -> bool:
        """Wait until the stream ended for any reason; True if it did."""
        return self._done.wait(timeout)

    def stop(self, timeout: float = 5.0) -> None:
        """Close the stream promptly from another thread and wait for the reader to finish."""
        with self._lock:
            self.stopped = True
            sock, response = self._sock, self._response
        if sock is not None:
            # close() does not wake a thread blocked in recv(); shutdown() does.
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        elif response is not None:
            response.close()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    def __enter__(self) -> ChunkConsumer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _trace(self, event: str, info: dict[str, Any]) -> None:
        # The socket is caught at connect time so that stop() works even before response headers arrive.
        if event in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            stream = info.get("return_value")
            sock = stream.get_extra_info("socket") if stream is not None else None
            with self._lock:
                self._sock = sock
                stopped = self.stopped
            if stopped and sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def _run(self) -> None:
        timeout = httpx.Timeout(self.connect_timeout, read=None)
        try:
            with (
                httpx.Client(verify=ssl_verify(self.verify), timeout=timeout, transport=self._transport) as client,
                client.stream(self.method, self.url, headers=self.headers, extensions={"trace": self._trace}) as resp,
            ):
                with self._lock:
                    self._response = resp
                self.status = resp.status_code
                if not 200 <= resp.status_code < 300:
                    text = resp.read().decode("utf-8", errors="replace")
                    self._fail_status(resp.status_code, text)
                    return
                for line in resp.iter_lines():
                    self._handle(line)
                    if self.stopped:
                        return
                if not self.stopped:
                    self.closed = True
                    log.info("chunk stream %s ended by the server after %d lines", self.url, self.lines)
        except Exception as exc:
            if not self.stopped:
                self.error = exc
                log.info("chunk stream %s failed: %s: %s", self.url, type(exc).__name__, exc)
        finally:
            self._settled.set()
            self._done.set()

    def _fail_status(self, status: int, text: str) -> None:
        body = parse_json(text)
        error = None
        if isinstance(body, dict):
            try:
                error = RestErrorInfo.model_validate(body)
            except ValueError:
                error = None
        self.error = O2GError(status, error=error, body=text, method=self.method, url=self.url)

    def _handle(self, line: str) -> None:
        if self.on_line is not None:
            self.on_line(line)
        text = line.strip()
        if not text:
            return
        self.lines += 1
        first = self.lines == 1
        try:
            event = jsonlib.loads(text)
        except ValueError:
            event = None
        if not isinstance(event, dict) or "eventName" not in event:
            self.violations.append(f"line {self.lines} is not a JSON object with eventName: {text[:200]!r}")
            event = None
        if first:
            if event is not None and all(event.get(k) == v for k, v in CHUNK_STARTED.items()):
                self.started = True
            else:
                self.violations.append(f"first line is not {jsonlib.dumps(CHUNK_STARTED)}: {text[:200]!r}")
            self._settled.set()
        if event is not None:
            self.log.append(event)
