"""Helpers of the emulator's own tests: a client view of the emulator (`Api`) and a chunk stream reader."""

from __future__ import annotations

import contextlib
import json
import queue
import socket
import ssl
import threading
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

import httpx

from o2g_conformance.catalog import load_catalog

ADMIN = ("admin", "Adm1n-Pass")
OPERATOR = ("operator", "0perator-Pass")  # an administrator without the supervisor role
ALICE = ("oxe70120", "1201")
BRUNO = ("oxe70121", "1211")
REST_ERROR_KEYS = {"httpStatus", "code", "helpMessage", "type", "innerMessage", "canRetry"}
#: A value for every path parameter of the catalog: existing objects of the bundled topology where one exists.
PATH_VALUES = {
    "nodeId": "7",
    "pilotNumber": "79200",
    "supervisorId": "oxe70128",
    "ctxId": "1",
    "scheduleId": "1",
    "callRef": "1",
    "legId": "70120",
    "participantId": "1",
    "recordId": "1",
    "mailboxId": "79000",
    "voicemailId": "1",
    "objectName": "Subscriber",
    "objectNameobjectId": "Subscriber",
    "loginName": "oxe70120",
    "deviceId": "70120",
    "dayOfWeek": "monday",
    "date": "20261225",
    "transitionNbr": "1",
    "requestId": "1",
    "position": "1",
}
_EOF = object()
#: One TLS context for every client: building one per httpx.Client costs ~20 ms (CA bundle loading).
_TLS = ssl.create_default_context()


class Stream:
    """A chunk channel read line by line in a background thread (so a test can act while it is open)."""

    def __init__(self, url: str, method: str = "GET") -> None:
        self.lines: queue.Queue[object] = queue.Queue()
        self.status: int | None = None
        self._socket: socket.socket | None = None
        self._opened = threading.Event()
        self._client = httpx.Client(timeout=httpx.Timeout(10.0, read=None), verify=_TLS)
        self._thread = threading.Thread(target=self._read, args=(method, url), daemon=True)
        self._thread.start()
        if not self._opened.wait(5):
            raise AssertionError(f"the channel {url} did not answer")

    def _read(self, method: str, url: str) -> None:
        try:
            with self._client.stream(method, url) as resp:
                self.status = resp.status_code
                self._socket = resp.extensions["network_stream"].get_extra_info("socket")
                self._opened.set()
                for line in resp.iter_lines():
                    if line:
                        self.lines.put(json.loads(line))
        except httpx.HTTPError:
            pass  # closed by the test
        finally:
            self._opened.set()
            self.lines.put(_EOF)

    def next(self, timeout: float = 5.0, unconsumed: Callable[[], list[str]] | None = None) -> dict[str, Any]:
        """The next JSON line; fails if the stream ends or stays silent (naming the `unconsumed` events if given)."""
        try:
            item = self.lines.get(timeout=timeout)
        except queue.Empty:
            pending = "" if unconsumed is None else f"; unconsumed: {unconsumed()}"
            raise AssertionError(f"no event within {timeout} s{pending}") from None
        if item is _EOF:
            raise AssertionError("the stream ended")
        assert isinstance(item, dict)
        return item

    def ended(self, timeout: float = 5.0) -> bool:
        """True when the server ended the stream within `timeout` (lines still unread are discarded)."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def close(self) -> None:
        """Leave as a client does: the connection goes away (a blocked read cannot be closed otherwise)."""
        if self._socket is not None and self._thread.is_alive():
            with contextlib.suppress(OSError):
                self._socket.shutdown(socket.SHUT_RDWR)
        self._thread.join(2)
        self._client.close()


class Api:
    """The emulator as a client sees it: authentication, sessions, the control API and error checks."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._clients: list[httpx.Client] = []
        self.streams: list[Stream] = []
        self.control = self.client()

    def client(self, **kwargs: Any) -> httpx.Client:
        c = httpx.Client(base_url=self.url, timeout=10.0, verify=_TLS, **kwargs)
        self._clients.append(c)
        return c

    def authenticate(self, login: str, password: str) -> httpx.Client:
        """A client holding the AlcUserId cookie of a fresh credential."""
        c = self.client()
        r = c.get("/api/rest/authenticate", params={"version": "1.0"}, auth=(login, password))
        assert r.status_code == 200, r.text
        return c

    def session(self, account: tuple[str, str] = ALICE, **body: Any) -> httpx.Client:
        """A client with an open session (body fields such as timeToLive or supervisedAccount)."""
        c = self.authenticate(*account)
        r = c.post("/api/rest/1.0/sessions", json={"applicationName": "emulator-tests", **body})
        assert r.status_code == 200, r.text
        return c

    def subscribe(self, c: httpx.Client, *selectors: dict[str, Any], **extra: Any) -> dict[str, Any]:
        body = {"filter": {"selectors": list(selectors)}, "version": "1.0", **extra}
        r = c.post("/api/rest/1.0/subscriptions", json=body)
        assert r.status_code == 200, r.text
        result: dict[str, Any] = r.json()
        return result

    def stream(self, url: str, method: str = "GET") -> Stream:
        s = Stream(url, method)
        self.streams.append(s)
        return s

    # -- control API ------------------------------------------------------------------------------
    def advance(self, seconds: float) -> float:
        r = self.control.post("/__emulator__/clock/advance", json={"seconds": seconds})
        assert r.status_code == 200, r.text
        return float(r.json()["now"])

    def now(self) -> float:
        return float(self.control.get("/__emulator__/clock").json()["now"])

    def publish(self, event: dict[str, Any], subject: str | None = None) -> int:
        r = self.control.post("/__emulator__/events", json={"event": event, "subject": subject})
        assert r.status_code == 200, r.text
        return int(r.json()["reached"])

    def state(self) -> dict[str, Any]:
        result: dict[str, Any] = self.control.get("/__emulator__/state").json()
        return result

    def reset(self) -> None:
        r = self.control.post("/__emulator__/reset")
        assert r.status_code == 200, r.text

    # -- checks -------------------------------------------------------------------------------------
    @staticmethod
    def check_error(r: httpx.Response, status: int, type_: str) -> dict[str, Any]:
        """`r` is the documented RestErrorInfo answer (L311-320) with this status and error type."""
        assert r.status_code == status, f"{r.status_code} {r.text}"
        assert r.headers.get("content-type", "").startswith("application/json"), r.headers
        body = r.json()
        assert isinstance(body, dict) and set(body) >= REST_ERROR_KEYS, body
        row = load_catalog().error_table()[type_]
        assert body["httpStatus"] == HTTPStatus(status).name
        assert (body["type"], body["code"], body["helpMessage"], body["canRetry"]) == (
            type_,
            row["code"],
            row["helpMessage"],
            row["canRetry"],
        )
        assert isinstance(body["innerMessage"], str) and "Traceback" not in body["innerMessage"]
        return body

    def close(self) -> None:
        for s in self.streams:
            s.close()
        for c in self._clients:
            c.close()
