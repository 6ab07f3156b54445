"""The leak check: what a scenario left on a target with the control API, compared with the run's snapshot.

The snapshot is the target's state view (`GET /__emulator__/state`: live sessions, subscriptions, calls)
taken once, at the start of the run, after the first reset: whatever was there then (a session another
client keeps open, a call in progress) belongs to the target, not to the scenarios. After each scenario's
cleanup, a session, subscription or call absent from the snapshot is a leak.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: state view key -> how one entry is identified and named in a leak message
_KINDS: dict[str, tuple[str, str]] = {
    "sessions": ("session(s) still open", "login"),
    "subscriptions": ("subscription(s) still alive", "owner"),
    "calls": ("call(s) still in progress", ""),
}


def _key(entry: Any) -> str:
    if isinstance(entry, Mapping):
        return str(entry.get("id"))
    return str(entry)


@dataclass(frozen=True)
class Snapshot:
    """The identities of what the target held at the start of the run, per kind."""

    held: Mapping[str, frozenset[str]]

    @classmethod
    def of(cls, state: Mapping[str, Any]) -> Snapshot:
        return cls({kind: frozenset(_key(e) for e in state.get(kind) or []) for kind in _KINDS})

    def leaks(self, state: Mapping[str, Any]) -> list[str]:
        """What `state` holds beyond the snapshot, one line per kind."""
        out = []
        for kind, (what, label) in _KINDS.items():
            before = self.held.get(kind, frozenset())
            new = [e for e in state.get(kind) or [] if _key(e) not in before]
            if not new:
                continue
            names = [str(e.get(label)) for e in new if isinstance(e, Mapping) and label and e.get(label)]
            out.append(f"{len(new)} {what}" + (": " + ", ".join(names) if names else ""))
        return out


EMPTY = Snapshot({})
