"""Feature files as the suite reads them: each scenario's file, line, tags in written order and steps, per row.

The files are read with the `gherkin` parser (the one pytest-bdd is built on), so the reports and the
coverage gate can read them offline, and `bind` turns them into pytest tests through pytest-bdd's public
`scenario` decorator, leaving on each test function the `FeatureScenario` it runs (`scenario_of(item)`).
Nothing here, nor in the reports or the plugin, reads a private name of pytest-bdd: an upgrade of it cannot
change what the reports say, and `tests/test_public_api.py` keeps it that way.

Both `plugin/` and `reporting/` use this module; it imports neither.
"""

from __future__ import annotations

import functools
import pathlib
import re
import textwrap
from collections.abc import Callable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from gherkin.parser import Parser

_PARAM = re.compile(r"<(.+?)>")
_TAG = re.compile(r"^(?P<name>[a-z][a-z-]*)(?::(?P<value>.+))?$")
#: How pytest-bdd names the test of a scenario (`test_` + the name as a Python identifier, `_1`... if taken).
_NOT_WORD = re.compile(r"\W")
_LEADING_DIGITS = re.compile(r"^\d+_*")
#: The attribute of a bound test function that holds its `FeatureScenario`.
_ATTRIBUTE = "feature_scenario"
_SEEN = pytest.StashKey["FeatureScenario"]()


def split_tag(tag: str) -> tuple[str, str | None]:
    """`op:telephony.calls.hold` -> ("op", "telephony.calls.hold"); `slow` -> ("slow", None)."""
    m = _TAG.match(tag.strip().lstrip("@"))
    if not m:
        return tag, None
    return m.group("name"), m.group("value")


def render(text: str, values: Mapping[str, str]) -> str:
    """`text` with the `<name>` placeholders that the example row names replaced (others left as written)."""
    return _PARAM.sub(lambda m: values.get(m.group(1), m.group(0)), text)


@dataclass(frozen=True)
class Example:
    """One row of an outline's Examples (values by column) and the tags of its Examples block (without `@`)."""

    values: Mapping[str, str]
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class FeatureScenario:
    """A scenario as written: where, its name, its tags (own, rule's, feature's, in written order), its steps."""

    path: pathlib.Path  # absolute
    rel: str  # the file's folder and name, e.g. "acd_agent/states.feature" (as pytest-bdd's rel_filename)
    line: int
    name: str
    tags: tuple[str, ...]  # without `@`, deduplicated, scenario first, then rule, then feature
    steps: tuple[str, ...]  # background steps first, placeholders not filled in
    kinds: tuple[str | None, ...] = ()  # the kind of each step (given, when, then), as `steps`
    examples: tuple[Example, ...] = ()
    description: str = ""  # the scenario's own text under its title
    feature_description: str = ""
    feature_name: str = ""

    def name_for(self, values: Mapping[str, str]) -> str:
        return render(self.name, values)

    def steps_for(self, values: Mapping[str, str]) -> list[str]:
        return [render(step, values) for step in self.steps]


def _tags(node: Mapping[str, Any]) -> list[str]:
    return [str(t["name"]).lstrip("@") for t in node.get("tags", [])]


def _steps(node: Mapping[str, Any] | None) -> list[str]:
    return [str(s["text"]) for s in node.get("steps", [])] if node else []


#: gherkin's keyword types -> the step kinds of pytest-bdd (`And`/`But` take the kind before them).
_KINDS = {"Context": "given", "Action": "when", "Outcome": "then"}


def _kinds(node: Mapping[str, Any] | None, before: str | None = None) -> list[str | None]:
    """The kind of each step: `given`, `when`, `then` (None: `*` with nothing before it)."""
    kinds: list[str | None] = []
    for s in node.get("steps", []) if node else []:
        before = _KINDS.get(str(s.get("keywordType")), before)
        kinds.append(before)
    return kinds


def _examples(scenario: Mapping[str, Any]) -> tuple[Example, ...]:
    rows = []
    for block in scenario.get("examples", []):
        header = [str(c["value"]) for c in (block.get("tableHeader") or {}).get("cells", [])]
        for row in block.get("tableBody", []):
            cells = [str(c["value"]) if c.get("value") is not None else "" for c in row["cells"]]
            rows.append(Example(dict(zip(header, cells, strict=True)), tuple(_tags(block))))
    return tuple(rows)


def _walk(children: Sequence[Any], background: list[Any], rule_tags: list[str]) -> Iterator[Any]:
    """(scenario node, background step nodes, rule tags) of each scenario, rules included, in file order."""
    for child in children:
        if "background" in child:
            background = background + list(child["background"].get("steps", []))
        elif "scenario" in child:
            yield child["scenario"], background, rule_tags
        elif "rule" in child:
            rule = child["rule"]
            yield from _walk(rule.get("children", []), background, _tags(rule))


@functools.lru_cache(maxsize=512)
def _read(path: str, mtime: float) -> tuple[str, tuple[FeatureScenario, ...]]:
    text = pathlib.Path(path).read_text(encoding="utf-8")
    feature: Mapping[str, Any] = dict(Parser().parse(text).get("feature") or {})
    rel = "/".join(pathlib.Path(path).parts[-2:])
    out = []
    for node, background, rule_tags in _walk(feature.get("children", []), [], []):
        tags = tuple(dict.fromkeys([*_tags(node), *rule_tags, *_tags(feature)]))
        steps = {"steps": [*background, *node.get("steps", [])]}
        out.append(
            FeatureScenario(
                path=pathlib.Path(path),
                rel=rel,
                line=int(node["location"]["line"]),
                name=str(node["name"]),
                tags=tags,
                steps=tuple(_steps(steps)),
                kinds=tuple(_kinds(steps)),
                examples=_examples(node),
                description=textwrap.dedent(str(node.get("description") or "")),
                feature_description=textwrap.dedent(str(feature.get("description") or "")),
                feature_name=str(feature.get("name") or ""),
            )
        )
    return str(feature.get("name") or ""), tuple(out)


def read_feature(path: pathlib.Path) -> tuple[str, tuple[FeatureScenario, ...]]:
    """(feature name, scenarios in file order) of one feature file."""
    path = path.resolve()
    return _read(str(path), path.stat().st_mtime)


def read_features(*paths: pathlib.Path) -> list[FeatureScenario]:
    """Every scenario of the feature files (and folders of them), files in pytest-bdd's order (feature name,
    else file name). Scenarios of one file that share a name are one test for pytest-bdd (the last one counts).
    """
    found = [p.resolve() for path in paths for p in (sorted(path.rglob("*.feature")) if path.is_dir() else [path])]
    files = [(*read_feature(p), p) for p in dict.fromkeys(found)]
    files.sort(key=lambda f: f[0] or str(f[2]))
    out: list[FeatureScenario] = []
    for _, scenarios, _ in files:
        out += {s.name: s for s in scenarios}.values()
    return out


def _python_names(name: str) -> Iterator[str]:
    stem = _LEADING_DIGITS.sub("", _NOT_WORD.sub("", name.replace(" ", "_"))).lower()
    yield f"test_{stem}"
    index = 1
    while True:
        yield f"test_{stem}_{index}"
        index += 1


def bind(namespace: MutableMapping[str, Any], *paths: str) -> None:
    """Bind every scenario of the feature files as a test of the calling module (pytest-bdd's `scenarios`).

    Call as `bind(globals())` from `features/<folder>/test_<folder>.py` (every feature file of that folder),
    or `bind(globals(), "a.feature", "sub")` with paths relative to the module's folder. Test names are those
    `scenarios` gives; each test function carries its `FeatureScenario` (`scenario_of`).
    """
    from pytest_bdd import scenario

    folder = pathlib.Path(str(namespace["__file__"])).resolve().parent
    found = read_features(*[folder / p for p in paths or ("",)])
    if not found:
        raise LookupError(f"no scenario in the feature files {paths or (str(folder),)}")
    for ref in found:
        # Relative to the file's own folder, as `scenarios` does: pytest-bdd's rel_filename, which Allure's
        # fullName and historyId are made of, stays "folder/name.feature" (`ref.rel`).
        decorate = scenario(ref.path.name, ref.name, features_base_dir=str(ref.path.parent))
        test: Callable[..., Any] = decorate(_no_body)
        setattr(test, _ATTRIBUTE, ref)
        name = next(n for n in _python_names(ref.name) if n not in namespace)
        namespace[name] = test


def _no_body() -> None:
    """A scenario's test does nothing but run its steps."""


def scenario_of(item: Any) -> FeatureScenario | None:
    """The scenario a test item runs: bound by `bind` (known from collection on), or seen by `remember` when
    it started (a scenario bound otherwise); None for a plain test."""
    ref = getattr(getattr(item, "obj", None), _ATTRIBUTE, None)
    if isinstance(ref, FeatureScenario):
        return ref
    stash = getattr(item, "stash", None)
    return stash.get(_SEEN, None) if stash is not None else None


def remember(item: pytest.Item, feature: Any, scenario: Any) -> None:
    """From pytest-bdd's `pytest_bdd_before_scenario(request, feature, scenario)`: keep on the item the
    scenario it runs, when `bind` did not (its name and steps as rendered, its tags as written)."""
    if scenario_of(item) is not None:
        return
    path = pathlib.Path(str(feature.filename))
    line = int(scenario.line_number)
    written = next((s for s in read_feature(path)[1] if s.line == line), None) if path.is_file() else None
    item.stash[_SEEN] = FeatureScenario(
        path=path,
        rel=str(feature.rel_filename),
        line=line,
        name=str(scenario.name),
        tags=written.tags if written is not None else tuple(sorted(scenario.tags)),
        steps=tuple(str(step.name) for step in scenario.steps),
        description=str(getattr(scenario, "description", "") or ""),
        feature_description=str(getattr(feature, "description", "") or ""),
        feature_name=str(getattr(feature, "name", "") or ""),
    )


def example_of(item: Any) -> Example | None:
    """The outline row a test item runs: its index among the item's parameters (the rows are its only one)."""
    ref = scenario_of(item)
    callspec = getattr(item, "callspec", None)
    if ref is None or not ref.examples or callspec is None:
        return None
    indices = [int(i) for i in callspec.indices.values()]
    if len(indices) != 1 or not 0 <= indices[0] < len(ref.examples):
        return None
    return ref.examples[indices[0]]


def values_of(item: Any) -> dict[str, str]:
    """The outline row's values of a test item ({} for a plain scenario or test)."""
    example = example_of(item)
    return dict(example.values) if example is not None else {}
