"""The step library's building blocks: step decorators that keep a catalogue, and the typed vocabulary.

Step modules import `given`, `when`, `then` (and `step`) from here, not from pytest-bdd: each phrase is
written with the vocabulary's words (`{actor}`, `{user}`, `{op}`, `{parties}`...) and registered through
pytest-bdd's public decorators, and the definitions are kept for the catalogue and the collection check.
"""

from .registry import ANSWER, StepDef, definitions, definitions_of, given, step, then, when
from .vocabulary import (
    TERMS,
    Actor,
    CallState,
    Condition,
    ErrorType,
    EventName,
    Nth,
    OperationId,
    Parties,
    PartyRef,
    Role,
    Roles,
    Status,
    Term,
    compile_phrase,
)

__all__ = [
    "ANSWER",
    "TERMS",
    "Actor",
    "CallState",
    "Condition",
    "ErrorType",
    "EventName",
    "Nth",
    "OperationId",
    "Parties",
    "PartyRef",
    "Role",
    "Roles",
    "Status",
    "StepDef",
    "Term",
    "compile_phrase",
    "definitions",
    "definitions_of",
    "given",
    "step",
    "then",
    "when",
]
