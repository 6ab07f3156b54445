"""The step catalogue: every step of the step library with its kind, readable phrase, docstring and module.

`o2g-conformance steps` prints it so that a QA engineer writes a scenario from the phrases without reading
Python. Steps are those the step library's decorators (`o2g_conformance.steplib`) registered when their
modules were imported: the phrase as written, with its vocabulary words (`{actor}`, `{op}`...), its kind,
function and module. Nothing of pytest-bdd beyond its public API is read. `tests/steps_catalogue` compares
the result with the step decorators read from the source, so a step the catalogue misses fails a test.
"""

from __future__ import annotations

import importlib
import inspect
import pathlib
import pkgutil
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from .steplib import TERMS, StepDef, definitions

#: Kind of a step as the feature files write it; a `@step` binds every kind.
KINDS = {"given": "Given", "when": "When", "then": "Then", None: "Step"}


@dataclass(frozen=True)
class StepDoc:
    """One phrase of the catalogue (a function decorated twice gives two phrases)."""

    kind: str
    phrase: str
    pattern: str
    doc: str
    module: str
    function: str
    line: int

    def matches(self, text: str) -> bool:
        """`text` (case-insensitive) occurs in the phrase, the pattern or the docstring."""
        needle = text.lower()
        return any(needle in part.lower() for part in (self.phrase, self.pattern, self.doc))


def summary(func: Any) -> str:
    """The first paragraph of a function's docstring on one line ('' when it has none)."""
    doc = (inspect.getdoc(func) or "").strip()
    return " ".join(line.strip() for line in doc.split("\n\n", 1)[0].splitlines())


# -- the readable phrase of a parser's pattern ---------------------------------------------------------------------

_LITERALS = re.compile(r"^[\w .,'/-]+(?:\|[\w .,'/-]+)*$")
_ESCAPES = {"d": "{digit}", "s": " ", "w": "{letter}"}


def _group_end(pattern: str, start: int) -> int:
    """Index of the `)` closing the group opened at `start` (escapes and character classes skipped)."""
    depth, i, in_class = 0, start, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError(f"unbalanced group in {pattern!r}")


def _quantified(pattern: str, i: int) -> tuple[bool, int]:
    """Whether the atom ending before `i` is optional (`?`, `*`), and the index after its quantifier."""
    if i < len(pattern) and pattern[i] in "?*+":
        optional = pattern[i] in "?*"
        i += 1
        if i < len(pattern) and pattern[i] == "?":  # lazy
            i += 1
        return optional, i
    if i < len(pattern) and pattern[i] == "{":
        close = pattern.find("}", i)
        if close > 0 and re.fullmatch(r"\{\d*,?\d*\}", pattern[i : close + 1]):
            return pattern[i + 1 : i + 2] == "0", close + 1
    return False, i


def readable(pattern: str) -> str:
    """A regular expression step pattern as a QA engineer reads it.

    `(?P<role>...)` becomes `{role}` (or its literal choices `(a|b)`), optional text `[...]`, an optional
    quote disappears (`user "B"` and `user B` are the same phrase), escapes become their character.
    """
    text = pattern.removeprefix("^").removesuffix("$")
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "(":
            end = _group_end(text, i)
            inner = text[i + 1 : end]
            named = re.match(r"\?P<(\w+)>", inner)
            if named:
                body = inner[named.end() :]
                literal = _LITERALS.match(body)
                piece = (f"({body})" if "|" in body else body) if literal else "{" + named.group(1) + "}"
            else:
                body = re.sub(r"^\?(?::|[aiLmsux]+:)", "", inner)
                piece = readable(body)
            optional, i = _quantified(text, end + 1)
            if optional:
                piece = f"[{piece.strip('()')}]"
            elif "|" in piece and not piece.startswith("(") and not named:
                piece = f"({piece})"
            out.append(piece)
            continue
        if char == "[":
            close = _group_end_class(text, i)
            optional, i = _quantified(text, close + 1)
            out.append("[…]" if optional else "{…}")
            continue
        if char == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            atom = _ESCAPES.get(nxt, nxt)
            optional, i = _quantified(text, i + 2)
            if optional and atom == '"':
                continue
            out.append(f"[{atom}]" if optional else atom)
            continue
        if char == ".":
            optional, i = _quantified(text, i + 1)
            out.append("[…]" if optional else "…")
            continue
        optional, after = _quantified(text, i + 1)
        if optional:
            if char == '"':
                i = after
                continue
            out.append(f"[{char}]")
            i = after
            continue
        out.append(char)
        i += 1
    return "".join(out)


def _group_end_class(pattern: str, start: int) -> int:
    """Index of the `]` closing the character class opened at `start`."""
    i = start + 1
    if i < len(pattern) and pattern[i] == "^":
        i += 1
    if i < len(pattern) and pattern[i] == "]":
        i += 1
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 2
            continue
        if pattern[i] == "]":
            return i
        i += 1
    raise ValueError(f"unbalanced character class in {pattern!r}")


def phrase_of(definition: StepDef) -> str:
    """The readable phrase of a step: its words kept, regular expressions rendered, `parse` formats as they read."""
    pattern = definition.phrase or definition.pattern
    regex = getattr(definition.parser, "regex", None)
    if isinstance(regex, re.Pattern):
        try:
            return readable(pattern)
        except ValueError:
            return pattern
    return re.sub(r"\{(\w+):[^}]*\}", r"{\1}", pattern)


# -- finding the steps ------------------------------------------------------------------------------------------------


def step_definitions(module: ModuleType) -> list[StepDef]:
    """The steps a module defines, in the order the decorators ran."""
    return [d for d in definitions() if d.module == module.__name__]


def step_modules(steps_dir: pathlib.Path) -> list[ModuleType]:
    """Import every module of a step package folder (its parent goes on `sys.path` when needed)."""
    steps_dir = steps_dir.resolve()
    if not (steps_dir / "__init__.py").is_file():
        raise FileNotFoundError(f"no step package at {steps_dir} (a folder with __init__.py)")
    root = str(steps_dir.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    names = sorted(info.name for info in pkgutil.iter_modules([str(steps_dir)]))
    return [importlib.import_module(f"{steps_dir.name}.{name}") for name in names]


def catalogue(modules: Iterable[ModuleType]) -> list[StepDoc]:
    """Every phrase of the modules, module by module in source order."""
    docs: list[StepDoc] = []
    for module in modules:
        for definition in step_definitions(module):
            func = definition.func
            docs.append(
                StepDoc(
                    kind=KINDS.get(definition.kind, "Step"),
                    phrase=phrase_of(definition),
                    pattern=definition.pattern,
                    doc=summary(func),
                    module=func.__module__,
                    function=func.__name__,
                    line=func.__code__.co_firstlineno,
                )
            )
    docs.sort(key=lambda d: (d.module, d.line, d.kind))
    return docs


def undocumented(docs: Iterable[StepDoc]) -> list[StepDoc]:
    """The steps whose function has no docstring."""
    return [d for d in docs if not d.doc]


def select(
    docs: Iterable[StepDoc], *, modules: Sequence[str] = (), text: str | None = None, kind: str | None = None
) -> list[StepDoc]:
    """The steps of the named modules (`users` or `steps.users`), containing `text`, of one kind."""
    short = {m.rsplit(".", 1)[-1] for m in modules}
    return [
        d
        for d in docs
        if (not short or d.module.rsplit(".", 1)[-1] in short)
        and (text is None or d.matches(text))
        and (kind is None or d.kind.lower() in (kind.lower(), "step"))
    ]


# -- rendering ----------------------------------------------------------------------------------------------------


def as_text(docs: Sequence[StepDoc]) -> str:
    """One block per step: `Kind phrase`, its docstring, where it is defined."""
    lines: list[str] = []
    for d in docs:
        lines.append(f"{d.kind:<5} {d.phrase}")
        lines.append(f"      {d.doc or '(no docstring)'}")
        lines.append(f"      {d.module}:{d.line} {d.function}")
    lines.append(f"{len(docs)} steps")
    return "\n".join(lines) + "\n"


def words_text() -> str:
    """The vocabulary: each word a phrase may use, what it is written as and what the step receives."""
    lines = ["Words of the phrases (write the word's text where the phrase shows {word}):"]
    for term in TERMS.values():
        lines.append(f"  {{{term.name}}}  {term.doc}  -> {term.receives}")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def as_markdown(docs: Sequence[StepDoc]) -> str:
    """A Markdown catalogue: one table per module (kind, phrase, what it does)."""
    parts = ["# Step catalogue", "", f"{len(docs)} steps. Generated by `o2g-conformance steps --format md`.", ""]
    parts += ["## Words", "", "| Word | Written as | The step receives |", "|---|---|---|"]
    parts += [f"| `{{{t.name}}}` | {_cell(t.doc)} | `{t.receives}` |" for t in TERMS.values()]
    parts.append("")
    modules: dict[str, list[StepDoc]] = {}
    for d in docs:
        modules.setdefault(d.module, []).append(d)
    for module, entries in modules.items():
        parts += [f"## {module}", "", "| Kind | Phrase | What it does |", "|---|---|---|"]
        parts += [f"| {d.kind} | `{_cell(d.phrase)}` | {_cell(d.doc) or '(no docstring)'} |" for d in entries]
        parts.append("")
    return "\n".join(parts)
