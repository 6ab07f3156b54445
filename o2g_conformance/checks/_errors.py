"""The two failures the checks raise: the target broke a documented rule, or the checks were misused.

Exception tree::

    Exception
     ├── AssertionError
     │    └── NonConformance    the system under test answered against the reference;
     │                          pytest reports the test as *failed*
     └── HarnessError           the checks were called wrongly (unknown operation id, a scenario
                                expecting an undocumented status, ...); pytest reports an *error*

A NonConformance names the requirement, where the reference states it (operation id and line of
`o2g-rest-api-reference.txt`), what is documented and what was received, plus every individual
problem found (a schema check collects them all before raising once).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

#: How much of a received value a message shows before cutting it.
_MAX_SHOWN = 300


def render(value: object) -> str:
    """A short, readable rendering of a documented or received value for messages."""
    if isinstance(value, str):
        text = value
    else:
        try:
            text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=repr)
        except (TypeError, ValueError):
            text = repr(value)
    return text if len(text) <= _MAX_SHOWN else text[:_MAX_SHOWN] + f"... ({len(text)} characters)"


class NonConformance(AssertionError):
    """The system under test broke a documented rule: documented one thing, received another."""

    def __init__(
        self,
        requirement: str,
        *,
        op_id: str | None = None,
        line: int | None = None,
        documented: object = None,
        received: object = None,
        problems: Sequence[str] = (),
    ) -> None:
        self.requirement = requirement
        self.op_id = op_id
        self.line = line
        self.documented = documented
        self.received = received
        self.problems: tuple[str, ...] = tuple(problems)
        super().__init__(self._message())

    @property
    def where(self) -> str:
        """`op.id (o2g-rest-api-reference.txt Lnnnn)`, or whichever of the two is known."""
        ref = f"o2g-rest-api-reference.txt L{self.line}" if self.line is not None else None
        if self.op_id and ref:
            return f"{self.op_id} ({ref})"
        return self.op_id or ref or "O2G reference"

    def _message(self) -> str:
        head = (
            f"{self.where}: {self.requirement}: documented {render(self.documented)}, received {render(self.received)}"
        )
        if not self.problems:
            return head
        shown = "\n".join(f"  - {p}" for p in self.problems)
        return f"{head}\n{len(self.problems)} problem(s):\n{shown}"

    def __str__(self) -> str:
        return self._message()

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only arguments defeat the default exception pickling (pytest-xdist ships failures
        # between processes): rebuild through a helper that knows the fields.
        return (
            _rebuild,
            (self.requirement, self.op_id, self.line, self.documented, self.received, self.problems),
        )


def _rebuild(
    requirement: str,
    op_id: str | None,
    line: int | None,
    documented: object,
    received: object,
    problems: tuple[str, ...],
) -> NonConformance:
    return NonConformance(
        requirement, op_id=op_id, line=line, documented=documented, received=received, problems=problems
    )


class HarnessError(Exception):
    """The checks were misused (unknown operation id or event, impossible expectation): not a target failure."""
