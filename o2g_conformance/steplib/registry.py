"""The step decorators of the step library: pytest-bdd's own, keeping a catalogue of what they define.

`given`, `when`, `then` and `step` take a phrase written with the vocabulary (`{actor} lists its calls`,
see `vocabulary`), or a pytest-bdd parser, and register the step through pytest-bdd's public decorators.
Each definition is also kept here (`definitions()`): the step catalogue (`o2g-conformance steps`), the
collection check (every step of every scenario matches a definition and its words convert) and the
check that a step hands its answer on all read it, without any private name of pytest-bdd.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

import pytest_bdd
from pytest_bdd import parsers

from .vocabulary import compile_phrase

F = TypeVar("F", bound=Callable[..., Any])
Kind = Literal["given", "when", "then"]
Converters = Mapping[str, Callable[[str], Any]]

#: The fixture a step that sends the scenario's request hands its answer to.
ANSWER = "answer"


@dataclass(frozen=True)
class StepDef:
    """One phrase of the step library: its kind (None: any), parser, converters and function."""

    kind: Kind | None
    parser: Any  # a pytest_bdd.parsers parser
    func: Callable[..., Any]
    converters: Mapping[str, Callable[[str], Any]] = field(default_factory=dict)
    target_fixture: str | None = None
    #: The phrase as written in the step module (with its `{words}`); a parser's own pattern otherwise.
    phrase: str = ""

    @property
    def pattern(self) -> str:
        """The regular expression (or parse format) pytest-bdd matches."""
        return str(self.parser.name)

    @property
    def module(self) -> str:
        return str(self.func.__module__)

    @property
    def line(self) -> int:
        return int(self.func.__code__.co_firstlineno)

    def binds(self, kind: str | None) -> bool:
        """Whether this definition serves a step of `kind` (`given`, `when`, `then`; None: any)."""
        return self.kind is None or kind is None or self.kind == kind

    def matches(self, text: str) -> bool:
        return bool(self.parser.is_matching(text))

    def arguments(self, text: str) -> dict[str, Any]:
        """The step's arguments as the step function receives them (converted); ValueError on a bad word."""
        raw = self.parser.parse_arguments(text) or {}
        return {k: (self.converters[k](v) if k in self.converters and v is not None else v) for k, v in raw.items()}


_DEFINITIONS: list[StepDef] = []
_BY_FUNC: dict[Callable[..., Any], list[StepDef]] = {}


def definitions() -> tuple[StepDef, ...]:
    """Every step defined so far through these decorators, in definition order."""
    return tuple(_DEFINITIONS)


def definitions_of(func: Callable[..., Any]) -> tuple[StepDef, ...]:
    """The definitions of a step function (one per decorator it carries)."""
    return tuple(_BY_FUNC.get(inspect.unwrap(func), ()))


def _null_safe(convert: Callable[[str], Any]) -> Callable[[Any], Any]:
    """pytest-bdd hands an optional group that did not match as None: it stays None."""

    def converter(value: Any) -> Any:
        return None if value is None else convert(value)

    converter.__name__ = getattr(convert, "__name__", "converter")
    converter.__doc__ = getattr(convert, "__doc__", None)
    return converter


def _decorator(
    kind: Kind | None,
    phrase: str | Any,
    converters: Mapping[str, Callable[[str], Any]] | None,
    target_fixture: str | None,
) -> Callable[[F], F]:
    if isinstance(phrase, str):
        pattern, typed = compile_phrase(phrase)
        parser: Any = parsers.re(pattern)
    else:
        parser, typed = phrase, {}
    convert = {**typed, **(converters or {})}

    def decorate(func: F) -> F:
        written = phrase if isinstance(phrase, str) else str(parser.name)
        definition = StepDef(kind, parser, func, convert, target_fixture, written)
        _DEFINITIONS.append(definition)
        _BY_FUNC.setdefault(func, []).append(definition)
        safe = {name: _null_safe(c) for name, c in convert.items()}
        if kind is None:
            pytest_bdd.step(parser, converters=safe, target_fixture=target_fixture, stacklevel=2)(func)
        else:
            bdd = {"given": pytest_bdd.given, "when": pytest_bdd.when, "then": pytest_bdd.then}[kind]
            bdd(parser, converters=safe, target_fixture=target_fixture, stacklevel=2)(func)
        return func

    return decorate


def given(
    phrase: str | Any, *, converters: Converters | None = None, target_fixture: str | None = None
) -> Callable[[F], F]:
    """A Given step (a precondition); `phrase` in the vocabulary's words or a pytest-bdd parser."""
    return _decorator("given", phrase, converters, target_fixture)


def when(
    phrase: str | Any, *, converters: Converters | None = None, target_fixture: str | None = None
) -> Callable[[F], F]:
    """A When step (the action); one that sends the scenario's request hands it on: `target_fixture="answer"`."""
    return _decorator("when", phrase, converters, target_fixture)


def then(
    phrase: str | Any, *, converters: Converters | None = None, target_fixture: str | None = None
) -> Callable[[F], F]:
    """A Then step (a check of what the target answered, stored or sent)."""
    return _decorator("then", phrase, converters, target_fixture)


def step(
    phrase: str | Any, *, converters: Converters | None = None, target_fixture: str | None = None
) -> Callable[[F], F]:
    """A step of any kind (Given, When or Then)."""
    return _decorator(None, phrase, converters, target_fixture)
