"""One telephony operation (`Operation`) and the index its settling renders with (`Snapshot`).

Rendering moves nothing, so while a settling renders every call for every user, these lookups replace
scans of every call (same results, same orders as the scans in `core.py`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .entities import Call, Connection

if TYPE_CHECKING:
    from .core import TelephonyCore


class Snapshot:
    """Where every connection, call, view and parked call is, at one instant (same orders as the scans)."""

    def __init__(self, calls: Iterable[Call], seen: Iterable[tuple[str, str]]) -> None:
        self.viewers: dict[str, list[str]] = {}  # callRef -> logins last told about it (in `views` order)
        for login, ref in seen:
            self.viewers.setdefault(ref, []).append(login)
        self.conns: dict[str, list[tuple[Call, Connection]]] = {}
        self.calls: dict[str | None, list[Call]] = {}  # by connection owner (None: not a user's device)
        self.parked: set[str] = set()
        for call in calls:
            for conn in call.connections:
                if conn.device is not None:
                    self.conns.setdefault(conn.device, []).append((call, conn))
                owner = conn.owner
                if owner not in self.calls or self.calls[owner][-1] is not call:
                    self.calls.setdefault(owner, []).append(call)
            if call.parked_at is not None:
                self.parked.add(call.parked_at)


class Operation:
    """`with core.operation():` batch the events, settle when the body succeeded, then run what was deferred.

    A plain class rather than a generator context manager: it wraps every telephony request.
    """

    __slots__ = ("batch", "core")

    def __init__(self, core: TelephonyCore) -> None:
        self.core = core
        self.batch = core.emitter.batch()

    def __enter__(self) -> None:
        self.batch.__enter__()

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        try:
            try:
                if exc_type is None:
                    self.core.settle()
            finally:
                self.batch.__exit__()
        finally:
            if not self.core.emitter.active:
                self.core._run_deferred()
