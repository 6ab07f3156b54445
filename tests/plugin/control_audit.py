"""Which steps use the emulator's control API, and which scenarios use such a step without @needs-control.

A step function uses the control API when its body (or a helper it calls, in its own module or imported
from another module of the step package) reads `<world>.control` outside a guard: a test of
`<...>.control is not None` (an `if` or a conditional expression) makes the use optional. Scenarios are
read as pytest-bdd reads them (background steps, every example row); a step is matched against every
step definition of its type.
"""

from __future__ import annotations

import ast
import importlib
import pathlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from o2g_conformance.featurefiles import read_features
from o2g_conformance.steplib import StepDef, definitions

Key = tuple[str, str]  # (module name, function name)


#: A step whose control use depends on its arguments (inside an `if` that does not test the power) needs it
#: when its text names a party that is not a user: only the emulator plays those (answers, hangs up).
NON_USER_PARTY = re.compile(r"the external party|the desk-sharing set|the voice mail|the hunting group")
ALWAYS, CONDITIONAL = 2, 1


def _mentions_control(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr == "control" for n in ast.walk(node))


def _branches(func: ast.AST) -> tuple[set[int], set[int]]:
    """Ids of the nodes under a guard of the power (`... control is not None`), and under any other `if`."""
    guarded: set[int] = set()
    conditional: set[int] = set()
    for node in ast.walk(func):
        if isinstance(node, ast.If | ast.IfExp):
            parts = [*node.body, *node.orelse] if isinstance(node, ast.If) else [node.body, node.orelse]
            into = guarded if _mentions_control(node.test) else conditional
            for part in parts:
                into.update(id(n) for n in ast.walk(part))
    return guarded, conditional


def _uses(func: ast.AST, callees: dict[str, int]) -> int:
    """ALWAYS, CONDITIONAL or 0: `x.control` (World.control; `x.target.control` only tests the power), or a
    call of a function that needs it, outside a guard of the power."""
    guarded, conditional = _branches(func)
    level = 0
    for node in ast.walk(func):
        if id(node) in guarded:
            continue
        if isinstance(node, ast.Attribute) and node.attr == "control":
            owner = node.value
            found = 0 if isinstance(owner, ast.Attribute) and owner.attr == "target" else ALWAYS
        elif isinstance(node, ast.Name):
            found = callees.get(node.id, 0)
        else:
            continue
        if found and id(node) in conditional:
            found = CONDITIONAL
        level = max(level, found)
    return level


@dataclass
class StepLibrary:
    """The functions of a step package that need the control API, transitively."""

    package: str
    directory: pathlib.Path

    def __post_init__(self) -> None:
        self.functions: dict[Key, ast.AST] = {}
        self.imports: dict[str, dict[str, Key]] = {}
        for path in sorted(self.directory.glob("*.py")):
            module = f"{self.package}.{path.stem}"
            tree = ast.parse(path.read_text(encoding="utf-8"))
            names: dict[str, Key] = {}
            for node in tree.body:
                if isinstance(node, ast.FunctionDef):
                    self.functions[(module, node.name)] = node
                    names[node.name] = (module, node.name)
                elif isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
                    for alias in node.names:
                        names[alias.asname or alias.name] = (f"{self.package}.{node.module}", alias.name)
            self.imports[module] = names
        self.needing = self._closure()

    def _closure(self) -> dict[Key, int]:
        """Fixed point: a function needs the control API as much as its own uses and its callees' say."""
        needing: dict[Key, int] = {}
        changed = True
        while changed:
            changed = False
            for key, func in self.functions.items():
                callees = {name: needing.get(target, 0) for name, target in self.imports[key[0]].items()}
                level = _uses(func, callees)
                if level > needing.get(key, 0):
                    needing[key] = level
                    changed = True
        return needing

    def contexts(self) -> list[StepDef]:
        """The step definitions of the package (imports every module so that the step library registers them)."""
        for path in sorted(self.directory.glob("*.py")):
            importlib.import_module(f"{self.package}.{path.stem}")
        prefix = self.package + "."
        return [d for d in definitions() if d.module.startswith(prefix)]

    def needs_control(self, definition: StepDef, text: str) -> bool:
        level = self.needing.get((definition.module, definition.func.__name__), 0)
        return level == ALWAYS or (level == CONDITIONAL and NON_USER_PARTY.search(text) is not None)


@dataclass(frozen=True)
class Leak:
    """A scenario that uses a control step without the tag."""

    feature: str
    scenario: str
    step: str
    function: str

    def __str__(self) -> str:
        return f"{self.feature}: {self.scenario!r}: step {self.step!r} ({self.function}) needs @needs-control"


def _scenarios(
    features: Iterable[pathlib.Path],
) -> Iterator[tuple[str, str, set[str], list[tuple[str | None, str]]]]:
    """(file, scenario, tags, [(kind, step text)]) of every scenario and example row, as the feature files read."""
    for ref in read_features(*sorted(features)):
        rows = [(set(ex.tags), dict(ex.values)) for ex in ref.examples] or [(set(), {})]
        for extra, values in rows:
            kinds = ref.kinds or (None,) * len(ref.steps)
            yield ref.rel, ref.name, set(ref.tags) | extra, list(zip(kinds, ref.steps_for(values), strict=True))


def leaks(library: StepLibrary, features: Iterable[pathlib.Path]) -> list[Leak]:
    contexts = library.contexts()
    out: list[Leak] = []
    for feature, scenario, tags, steps in _scenarios(features):
        if any(t.startswith("needs-control") for t in tags):
            continue
        for kind, text in steps:
            for d in contexts:
                if d.binds(kind) and d.matches(text) and library.needs_control(d, text):
                    out.append(Leak(feature, scenario, text, f"{d.module}.{d.func.__name__}"))
                    break
            else:
                continue
            break
    return out
