"""The words of the step library, defined once: each a pattern and the type a step receives.

A phrase names a word in braces: `{actor} lists the calls of {user}` reads the actor (`the administrator`,
`user A`, `user "A"`) and a user, and hands the step an `Actor` and a `Role`. `{owner:user}` names the
argument `owner` and reads it as a `user`. The rest of a phrase is a regular expression. A word that does
not convert (an unknown operation id, event or error type) is an error at collection, where the
collection check (`plugin/stepcheck.py`) converts every step of every scenario before anything runs.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..catalog import load_catalog

_ROLE = re.compile(r'(?:user )?"?(?P<role>[A-Z])"?')


def _suggest(word: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


class Actor(str):
    """Who acts: `administrator` for `the administrator`, the role letter for `user A` / `user "A"`."""

    __slots__ = ()

    def __new__(cls, text: str) -> Actor:
        text = text.strip()
        if text in ("the administrator", "administrator"):
            return super().__new__(cls, "administrator")
        m = _ROLE.fullmatch(text)
        if not m:
            raise ValueError(f'{text!r} is not an actor: "the administrator", "user A" or \'user "A"\'')
        return super().__new__(cls, m.group("role"))

    @property
    def is_admin(self) -> bool:
        return self == "administrator"


class Role(str):
    """A user of the scenario by its role letter (`A`); the target's binding says who it is."""

    __slots__ = ()

    def __new__(cls, text: str) -> Role:
        m = _ROLE.fullmatch(text.strip())
        if not m:
            raise ValueError(f"{text!r} is not a user role: one capital letter, as in `user A`")
        return super().__new__(cls, m.group("role"))


class Roles(tuple[Role, ...]):
    """Users by role: `user A`, `users A and B`, `users A, B and C`."""

    def __new__(cls, text: str) -> Roles:
        body = re.sub(r"^users? ", "", text.strip())
        return super().__new__(cls, tuple(Role(r) for r in re.split(r", | and ", body)))


class OperationId(str):
    """An operation of the reference by its catalog id (`telephony.calls.list`)."""

    __slots__ = ()

    def __new__(cls, text: str) -> OperationId:
        catalog = load_catalog()
        if not catalog.has_operation(text):
            raise ValueError(f"{text!r} is no operation of the reference{_suggest(text, _operation_ids())}")
        return super().__new__(cls, text)


class EventName(str):
    """An event of the reference by its name (`OnCallCreated`)."""

    __slots__ = ()

    def __new__(cls, text: str) -> EventName:
        if text not in _event_names():
            raise ValueError(f"{text!r} is no event of the reference{_suggest(text, _event_names())}")
        return super().__new__(cls, text)


class ErrorType(str):
    """A RestErrorInfo type of the reference's error table (`BAD_REQUEST`, L311-320)."""

    __slots__ = ()

    def __new__(cls, text: str) -> ErrorType:
        known = load_catalog().error_table()
        if text not in known:
            raise ValueError(f"{text!r} is no RestErrorInfo type of the reference{_suggest(text, known)}")
        return super().__new__(cls, text)


class Status(int):
    """An HTTP status code (three digits, 100-599)."""

    def __new__(cls, text: str | int) -> Status:
        value = int(text)
        if not 100 <= value <= 599:
            raise ValueError(f"{text!r} is not an HTTP status (100-599)")
        return super().__new__(cls, value)


class CallState(str):
    """A MediaState of the reference (`ACTIVE`, `HELD`, `RINGING_INCOMING`...)."""

    __slots__ = ()

    def __new__(cls, text: str) -> CallState:
        if text not in _media_states():
            raise ValueError(f"{text!r} is no MediaState of the reference{_suggest(text, _media_states())}")
        return super().__new__(cls, text)


#: Forward and overflow conditions as the features write them -> the reference's value (None: immediate).
CONDITIONS: dict[str, str | None] = {
    "immediately": None,
    "on busy": "BUSY",
    "on no answer": "NO_ANSWER",
    "on busy or no answer": "BUSY_NO_ANSWER",
}


class Condition(str):
    """A forward or overflow condition: `immediately`, `on busy`, `on no answer`, `on busy or no answer`."""

    __slots__ = ()

    def __new__(cls, text: str) -> Condition:
        if text not in CONDITIONS:
            raise ValueError(f"{text!r} is no condition: one of {', '.join(CONDITIONS)}")
        return super().__new__(cls, text)

    @property
    def o2g(self) -> str | None:
        """The reference's value of the condition (None: immediate, no condition sent)."""
        return CONDITIONS[self]


class Nth(int):
    """`first` -> 0, `second` -> 1: which of a user's devices."""

    def __new__(cls, text: str) -> Nth:
        index = {"first": 0, "second": 1}.get(text)
        if index is None:
            raise ValueError(f"{text!r} is not `first` or `second`")
        return super().__new__(cls, index)

    @property
    def word(self) -> str:
        return ("first", "second")[self]


#: The parties a user can be in a call with, as the features write them.
PARTY_KINDS = ("user", "the external party", "the desk-sharing set", "the voice mail", "the hunting group of")
_PARTY = r'(?:user "?[A-Z]"?|the external party|the desk-sharing set|the voice mail|the hunting group of user [A-Z])'
_PARTIES = rf"(?:users [A-Z](?:, [A-Z])* and [A-Z]|{_PARTY}(?: and {_PARTY})?)"


@dataclass(frozen=True)
class PartyRef:
    """A party as written: its kind (`user`, `external`, `desk-sharing set`, `voice mail`, `hunting group`)
    and the role it belongs to (the user, or the member of the hunting group), if any."""

    kind: str
    role: Role | None = None

    @classmethod
    def parse(cls, text: str) -> PartyRef:
        text = text.strip()
        fixed = {"the external party": "external", "the desk-sharing set": "desk-sharing set"}
        if text in fixed:
            return cls(fixed[text])
        if text == "the voice mail":
            return cls("voice mail")
        if text.startswith("the hunting group of "):
            return cls("hunting group", Role(text.removeprefix("the hunting group of ")))
        if _ROLE.fullmatch(text) and text.startswith("user"):
            return cls("user", Role(text))
        raise ValueError(f"{text!r} is no party: user A, the external party, the desk-sharing set, the voice mail...")

    @property
    def text(self) -> str:
        """The party as the features write it (`user B`, `the external party`, `the hunting group of user B`)."""
        if self.kind == "user":
            return f"user {self.role}"
        if self.kind == "external":
            return "the external party"
        return f"the {self.kind} of user {self.role}" if self.role else f"the {self.kind}"

    @property
    def key(self) -> str:
        """A stable name of the party (`B`, `external`, `hunting group of B`)."""
        if self.kind == "user":
            return str(self.role)
        return f"{self.kind} of {self.role}" if self.role else self.kind


class Parties(tuple[PartyRef, ...]):
    """One or more parties: `user B`, `users B and C`, `users B, C and D`, `user B and the external party`."""

    def __new__(cls, text: str) -> Parties:
        text = text.strip()
        if text.startswith("users "):
            return super().__new__(cls, tuple(PartyRef("user", r) for r in Roles(text)))
        m = re.fullmatch(rf"(?P<a>{_PARTY}) and (?P<b>{_PARTY})", text)
        parts = [m.group("a"), m.group("b")] if m else [text]
        return super().__new__(cls, tuple(PartyRef.parse(p) for p in parts))


@dataclass(frozen=True)
class Term:
    """A word of the vocabulary: the pattern it is written with and the type a step receives."""

    name: str
    pattern: str
    convert: Callable[[str], Any]
    doc: str

    @property
    def receives(self) -> str:
        """The name of the type a step receives for this word."""
        return str(getattr(getattr(self.convert, "__self__", self.convert), "__name__", "str"))


TERMS: dict[str, Term] = {
    t.name: t
    for t in (
        Term("actor", r'the administrator|user "?[A-Z]"?', Actor, 'who acts: the administrator, user A, user "A"'),
        Term("user", r'user "?[A-Z]"?', Role, 'a user by role: user A, user "A"'),
        Term("role", r"[A-Z]", Role, "a role letter alone (after a literal `user `)"),
        Term("users", r"users? [A-Z](?:(?:, | and )[A-Z])*", Roles, "users A, B and C"),
        Term("op", r"[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+", OperationId, "an operation id of the catalog"),
        Term("event", r"On[A-Za-z]+", EventName, "an event name of the reference"),
        Term("error", r"[A-Z][A-Z_]*", ErrorType, "a RestErrorInfo type (BAD_REQUEST, NOT_FOUND...)"),
        Term("status", r"\d{3}", Status, "an HTTP status code"),
        Term("count", r"\d+", int, "a whole number"),
        Term("seconds", r"\d+(?:\.\d+)?", float, "a duration in seconds"),
        Term("text", r'[^"]*', str, 'free text between double quotes: "{text}"'),
        Term("call_state", r"[A-Z][A-Z_]*", CallState, "a MediaState (ACTIVE, HELD, RINGING_INCOMING...)"),
        Term("condition", "|".join(CONDITIONS), Condition, "immediately, on busy, on no answer..."),
        Term("nth", r"first|second", Nth, "first or second (device)"),
        Term("party", _PARTY, PartyRef.parse, "user B, the external party, the voice mail..."),
        Term("parties", _PARTIES, Parties, "users B and C, user B and the external party..."),
    )
}

_WORD = re.compile(r"\{(?P<name>[a-z_]+)(?::(?P<term>[a-z_]+))?\}")


def compile_phrase(phrase: str) -> tuple[str, dict[str, Callable[[str], Any]]]:
    """A phrase -> (the regular expression pytest-bdd matches, the converters of its words).

    `{term}` and `{name:term}` become named groups; other braces (`\\d{3}`) are the expression's own.
    """
    converters: dict[str, Callable[[str], Any]] = {}

    def group(m: re.Match[str]) -> str:
        name, term_name = m.group("name"), m.group("term") or m.group("name")
        term = TERMS.get(term_name)
        if term is None:
            if m.group("term") is None:
                return m.group(0)  # not a word of ours
            raise ValueError(f"unknown word {{{term_name}}} in the phrase {phrase!r}: one of {', '.join(TERMS)}")
        if name in converters:
            raise ValueError(f"the phrase {phrase!r} names {name!r} twice: write {{other:{term_name}}}")
        converters[name] = term.convert
        return f"(?P<{name}>{term.pattern})"

    pattern = _WORD.sub(group, phrase).removesuffix("$")
    re.compile(pattern)
    return pattern, converters


@functools.cache
def _operation_ids() -> tuple[str, ...]:
    return tuple(op.id for op in load_catalog().operations())


@functools.cache
def _event_names() -> frozenset[str]:
    return frozenset(e.name for e in load_catalog().events())


@functools.cache
def _media_states() -> tuple[str, ...]:
    rep = load_catalog().representation("Call control", "MediaState")
    return tuple(rep.values) if rep is not None else ()
