"""Known deviations of the schemathesis run: findings that are contradictions of the reference, with its lines.

The list is a YAML file (`data/known-deviations.yaml` by default). Each entry names the operation id
(or `*`), the schemathesis check, optionally the HTTP status and a part of the finding's message, the
reading chosen and the reference lines that contradict each other. A finding matching an entry is
expected; every other one fails the run.
"""

from __future__ import annotations

import pathlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from o2g_conformance.catalog import load_catalog

from ._fuzz import CHECK_NAMES, Finding

_LINE_RE = re.compile(r"^L\d+(-L?\d+)?$")


class DeviationError(ValueError):
    """The known-deviations file is malformed (the message names the entry and the field)."""


@dataclass(frozen=True)
class Deviation:
    """A finding the reference itself explains: operation (or `*`), check, status (or any) and its lines."""

    operation: str
    check: str
    status: int | None
    reading: str
    lines: tuple[str, ...]
    message: str | None = None

    def matches(self, finding: Finding) -> bool:
        return (
            self.operation in ("*", finding.op_id)
            and self.check == finding.check
            and (self.status is None or self.status == finding.status)
            and (self.message is None or self.message in finding.message)
        )


def _entry(raw: Any, index: int) -> Deviation:
    where = f"known deviation #{index + 1}"
    if not isinstance(raw, dict):
        raise DeviationError(f"{where}: an entry is a mapping with operation, check, reading and lines")
    operation, check, status = raw.get("operation"), raw.get("check"), raw.get("status")
    if not isinstance(operation, str) or not (operation == "*" or load_catalog().has_operation(operation)):
        raise DeviationError(f"{where}: 'operation' must be a catalog operation id or '*', not {operation!r}")
    if check not in CHECK_NAMES:
        raise DeviationError(f"{where}: 'check' must be one of {', '.join(CHECK_NAMES)}, not {check!r}")
    if status is not None and not (isinstance(status, int) and 100 <= status <= 599):
        raise DeviationError(f"{where}: 'status' must be an HTTP status code, not {status!r}")
    reading = raw.get("reading")
    if not isinstance(reading, str) or not reading.strip():
        raise DeviationError(f"{where}: 'reading' must say which reading of the reference is taken")
    lines = raw.get("lines")
    if not isinstance(lines, list) or not lines or not all(isinstance(x, str) and _LINE_RE.match(x) for x in lines):
        raise DeviationError(f"{where}: 'lines' must list the reference lines, e.g. [L2540, L2707-2708]")
    message = raw.get("message")
    if message is not None and (not isinstance(message, str) or not message.strip()):
        raise DeviationError(f"{where}: 'message' must be a part of the finding's message, not {message!r}")
    return Deviation(operation, str(check), status, reading.strip(), tuple(lines), message)


def parse_deviations(text: str) -> tuple[Deviation, ...]:
    """The deviations of a YAML text: `{deviations: [...]}` (an empty list is allowed)."""
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict) or not isinstance(data.get("deviations", []), list):
        raise DeviationError("the known-deviations file is a mapping with a 'deviations' list")
    return tuple(_entry(raw, i) for i, raw in enumerate(data.get("deviations") or []))


def load_deviations(path: str | pathlib.Path | None = None) -> tuple[Deviation, ...]:
    """The packaged list, or the file at `path`."""
    if path is None:
        text = resources.files("o2g_conformance.openapi").joinpath("data", "known-deviations.yaml").read_text("utf-8")
    else:
        text = pathlib.Path(path).read_text(encoding="utf-8")
    return parse_deviations(text)


def unexpected(findings: Iterable[Finding], deviations: Sequence[Deviation]) -> list[Finding]:
    """The findings no known deviation explains."""
    return [f for f in findings if not any(d.matches(f) for d in deviations)]


def unused(findings: Sequence[Finding], deviations: Sequence[Deviation]) -> list[Deviation]:
    """The deviations no finding of this run needed (kept: another target or seed may need them)."""
    return [d for d in deviations if not any(d.matches(f) for f in findings)]
