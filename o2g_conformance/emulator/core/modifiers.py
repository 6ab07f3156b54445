"""Defect-injecting modifiers: deliberately wrong answers and events, so every check is shown to fire.

They live on the backend and survive `reset` (a test installs them once for a whole run); the control
API (`/__emulator__/modifiers`) and the plugin option `--o2g-emulator-modifiers FILE` install them.

Kinds (each names the operation id or the event it applies to):

    status            {"op", "status"}            answer that status instead of the success status
    drop_field        {"op", "path"}              remove a field of the JSON answer, success or error
                                                  (dotted path, `*` = every item of a list)
    set_field         {"op", "path", "value"}     replace a field of the JSON answer, success or error
    omit_event        {"event"}                   never publish that event
    drop_event_field  {"event", "path"}           publish the event without that field
    reorder_events    {"event"}                   publish a batch holding that event in reverse order
    accept_wrong_state {"op"}                     answer success where the state forbids the operation
    ha_lose_calls     {}                          an HA pair's new active server has lost the PBX's calls
    ha_renumber_calls {}                          an HA pair's new active server gives every call a new callRef
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from ...catalog import load_catalog
from . import errors

KINDS = (
    "status",
    "drop_field",
    "set_field",
    "omit_event",
    "drop_event_field",
    "reorder_events",
    "accept_wrong_state",
    *("ha_lose_calls", "ha_renumber_calls"),  # applied by the HA pair at takeover (emulator/ha/pair.py)
)
#: Kinds that name neither an operation nor an event.
_PLAIN_KINDS = {"ha_lose_calls", "ha_renumber_calls"}
_OP_KINDS = {"status", "drop_field", "set_field", "accept_wrong_state"}
_NEEDS = {"status": ("status",), "drop_field": ("path",), "set_field": ("path", "value"), "drop_event_field": ("path",)}


@dataclass(frozen=True)
class Modifier:
    """One installed defect."""

    kind: str
    op: str | None = None
    event: str | None = None
    path: str | None = None
    value: Any = None
    status: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


def parse(raw: Any) -> Modifier:
    """Validate a modifier description; errors name the field and the accepted form."""
    if not isinstance(raw, dict):
        raise errors.bad_parameter("a modifier is a JSON object with a 'kind'")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise errors.bad_parameter(f"modifier 'kind' must be one of {', '.join(KINDS)}, not {kind!r}")
    catalog = load_catalog()
    op = raw.get("op")
    event = raw.get("event")
    if kind in _OP_KINDS:
        if not isinstance(op, str) or not (op == "*" or catalog.has_operation(op)):
            raise errors.bad_parameter(f"modifier {kind}: 'op' must be a catalog operation id (or '*'), not {op!r}")
    elif kind not in _PLAIN_KINDS:
        try:
            catalog.event(str(event))
        except KeyError:
            raise errors.bad_parameter(
                f"modifier {kind}: 'event' must be a documented event name, not {event!r}"
            ) from None
    for name in _NEEDS.get(kind, ()):
        if name not in raw:
            raise errors.bad_parameter(f"modifier {kind} needs '{name}'")
    status = raw.get("status")
    if kind == "status" and (isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599):
        raise errors.bad_parameter("modifier status: 'status' must be an HTTP status code (100-599)")
    path = raw.get("path")
    if path is not None and (not isinstance(path, str) or not path):
        raise errors.bad_parameter("modifier: 'path' must be a dotted field path such as services.*.relativeUrl")
    return Modifier(kind, op, event, path, raw.get("value"), status)


def _edit(node: Any, parts: list[str], *, drop: bool, value: Any) -> None:
    if not parts:
        return
    head, rest = parts[0], parts[1:]
    targets: list[Any]
    if head == "*" and isinstance(node, list):
        targets = node
        for item in targets:
            _edit(item, rest, drop=drop, value=value)
        return
    if not isinstance(node, dict):
        return
    if not rest:
        if drop:
            node.pop(head, None)
        else:
            node[head] = value
        return
    if head in node:
        _edit(node[head], rest, drop=drop, value=value)


def edit_json(body: Any, path: str, *, drop: bool, value: Any = None) -> Any:
    out = copy.deepcopy(body)
    _edit(out, path.split("."), drop=drop, value=value)
    return out


class Modifiers:
    """The installed modifiers (kept across resets)."""

    def __init__(self) -> None:
        self.items: list[Modifier] = []

    def add(self, raw: Any) -> Modifier:
        modifier = parse(raw)
        self.items.append(modifier)
        return modifier

    def clear(self) -> None:
        self.items.clear()

    def _for_op(self, op_id: str, *kinds: str) -> list[Modifier]:
        return [m for m in self.items if m.kind in kinds and m.op in (op_id, "*")]

    def accepts_wrong_state(self, op_id: str) -> bool:
        return bool(self._for_op(op_id, "accept_wrong_state"))

    def reply(self, op_id: str, status: int, body: Any) -> tuple[int, Any]:
        """The (status, body) of an answer after the op's modifiers (`status` rewrites success answers only)."""
        for m in self._for_op(op_id, "status", "drop_field", "set_field"):
            if m.kind == "status" and m.status is not None and 200 <= status < 300:
                status = m.status
            elif m.kind == "drop_field" and m.path and body is not None:
                body = edit_json(body, m.path, drop=True)
            elif m.kind == "set_field" and m.path and body is not None:  # nothing to edit in an empty answer
                body = edit_json(body, m.path, drop=False, value=m.value)
        return status, body

    def event(self, event: dict[str, Any]) -> dict[str, Any] | None:
        """The event to publish after omit/drop modifiers; None = omitted."""
        name = event.get("eventName")
        for m in self.items:
            if m.event != name:
                continue
            if m.kind == "omit_event":
                return None
            if m.kind == "drop_event_field" and m.path:
                event = edit_json(event, m.path, drop=True)
        return event

    def reorders(self, names: list[str]) -> bool:
        return any(m.kind == "reorder_events" and m.event in names for m in self.items)
