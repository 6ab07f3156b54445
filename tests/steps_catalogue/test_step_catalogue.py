"""The step catalogue (`o2g-conformance steps`): every step listed, none without a docstring, phrases readable."""

from __future__ import annotations

import ast
import itertools
import pathlib
import re

import pytest

from o2g_conformance import cli, stepdoc

ROOT = pathlib.Path(__file__).resolve().parents[2]
STEPS = ROOT / "steps"
KINDS = {"given": "Given", "when": "When", "then": "Then", "step": "Step"}
_counter = itertools.count()


def declared_steps(folder: pathlib.Path) -> set[tuple[str, str, str]]:
    """(module, function, kind) of every step decorator in the source, read independently of pytest-bdd."""
    found = set()
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef):
                continue
            for deco in node.decorator_list:
                if isinstance(deco, ast.Call) and isinstance(deco.func, ast.Name) and deco.func.id in KINDS:
                    found.add((f"{folder.name}.{path.stem}", node.name, KINDS[deco.func.id]))
    return found


def step_package(tmp_path: pathlib.Path, source: str) -> pathlib.Path:
    """A step package of its own (a unique name: modules stay imported) holding one module `extra`."""
    package = tmp_path / f"qa_steps_{next(_counter)}_{tmp_path.name.replace('-', '_')}"
    package.mkdir()
    (package / "__init__.py").write_text('"""Steps of a test."""\n', encoding="utf-8")
    (package / "extra.py").write_text(source, encoding="utf-8")
    return package


DOCUMENTED = '''
from pytest_bdd import parsers

from o2g_conformance.steplib import given, then


@given(parsers.re(r"user (?P<role>[A-Z]) has a (?P<what>red|blue) phone$"))
def red_phone(role: str, what: str) -> None:
    """User {role} owns a phone of the colour named."""


@then("the phone rings")
def rings() -> None:
    """Checks that the phone rings | loudly."""
'''

UNDOCUMENTED = (
    DOCUMENTED
    + """

@then("the phone is silent")
def silent() -> None:
    pass
"""
)


@pytest.fixture(scope="module")
def library() -> list[stepdoc.StepDoc]:
    return stepdoc.catalogue(stepdoc.step_modules(STEPS))


def test_every_step_of_the_library_is_listed(library: list[stepdoc.StepDoc]) -> None:
    listed = {(d.module, d.function, d.kind) for d in library}
    assert listed == declared_steps(STEPS)
    assert len(library) > 600


def test_no_step_of_the_library_lacks_a_docstring(library: list[stepdoc.StepDoc]) -> None:
    missing = [f"{d.module}:{d.line} {d.function}" for d in stepdoc.undocumented(library)]
    assert missing == []
    assert all("\n" not in d.doc for d in library)


def test_every_module_with_steps_is_loaded_by_the_root_conftest(library: list[stepdoc.StepDoc]) -> None:
    tree = ast.parse((ROOT / "conftest.py").read_text(encoding="utf-8"))
    plugins = next(
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "pytest_plugins"
    )
    assert {d.module for d in library} <= set(plugins)


def test_a_step_added_without_docstring_is_caught(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    package = step_package(tmp_path, UNDOCUMENTED)
    docs = stepdoc.catalogue(stepdoc.step_modules(package))
    assert [d.function for d in stepdoc.undocumented(docs)] == ["silent"]
    assert cli.main(["steps", "--steps", str(package)]) == 1
    out, err = capsys.readouterr()
    assert "the phone is silent" in out and "(no docstring)" in out
    assert f"{package.name}.extra" in err and "silent has no docstring" in err


def test_the_catalogue_gives_kind_phrase_docstring_and_module(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = step_package(tmp_path, DOCUMENTED)
    assert cli.main(["steps", "--steps", str(package)]) == 0
    out = capsys.readouterr().out
    assert "Given user {role} has a (red|blue) phone\n      User {role} owns a phone of the colour named." in out
    assert f"Then  the phone rings\n      Checks that the phone rings | loudly.\n      {package.name}.extra:" in out
    assert out.endswith("2 steps\n")


def test_filters_by_module_text_and_kind(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    package = step_package(tmp_path, DOCUMENTED)
    docs = stepdoc.catalogue(stepdoc.step_modules(package))
    assert [d.function for d in stepdoc.select(docs, text="COLOUR")] == ["red_phone"]
    assert [d.function for d in stepdoc.select(docs, kind="then")] == ["rings"]
    assert stepdoc.select(docs, modules=["other"]) == []
    assert len(stepdoc.select(docs, modules=["extra"])) == len(stepdoc.select(docs, modules=[f"{package.name}.extra"]))
    assert cli.main(["steps", "--steps", str(package), "--grep", "rings", "--kind", "then"]) == 0
    assert capsys.readouterr().out.endswith("1 steps\n")


def test_markdown_is_one_table_per_module(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    package = step_package(tmp_path, DOCUMENTED)
    assert cli.main(["steps", "--steps", str(package), "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert f"## {package.name}.extra\n\n| Kind | Phrase | What it does |\n|---|---|---|\n" in out
    assert "| Given | `user {role} has a (red\\|blue) phone` | User {role} owns a phone of the colour named. |" in out
    assert "| Then | `the phone rings` | Checks that the phone rings \\| loudly. |" in out


def test_a_folder_that_is_no_step_package_is_an_error(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["steps", "--steps", str(tmp_path)]) == 2
    assert "no step package" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("pattern", "phrase"),
    [
        (r"(?P<actor>the administrator|user \"?[A-Z]\"?) lists the logins$", "{actor} lists the logins"),
        (
            r"user \"?(?P<role>[A-Z])\"? reads (?:its|the) log(?: of user (?P<who>[A-Z]))?$",
            "user {role} reads (its|the) log[ of user {who}]",
        ),
        (
            r"the answer is (?P<status>\d{3}) with an? (?P<rep>[A-Za-z]+) body$",
            "the answer is {status} with a[n] {rep} body",
        ),
        (r"(?P<n>\d+) virtual seconds pass$", "{n} virtual seconds pass"),
        (
            r"the (?P<kind>normal|exception) calendar(?P<force> with force)?$",
            "the (normal|exception) calendar[ with force]",
        ),
        (r"the error mentions \"(?P<text>[^\"]+)\"$", 'the error mentions "{text}"'),
        (r"(?:the|a) call\.$", "(the|a) call."),
    ],
)
def test_regular_expressions_read_as_phrases(pattern: str, phrase: str) -> None:
    assert stepdoc.readable(pattern) == phrase


def test_every_phrase_of_the_library_reads_without_regex_syntax(library: list[stepdoc.StepDoc]) -> None:
    leftovers = [d.phrase for d in library if re.search(r"\(\?|\\|\$$|\[A-Z\]", d.phrase)]
    assert leftovers == []


def test_the_catalogue_reads_the_step_library_not_pytest_bdd() -> None:
    tree = ast.parse((ROOT / "o2g_conformance" / "stepdoc.py").read_text(encoding="utf-8"))
    imported = [
        (node.module or "", alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pytest_bdd")
        for alias in node.names
    ]
    assert imported == []


def test_words_are_listed_with_the_type_a_step_receives(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["steps", "--words"]) == 0
    out = capsys.readouterr().out
    assert '{actor}  who acts: the administrator, user A, user "A"  -> Actor' in out
    assert "{op}  an operation id of the catalog  -> OperationId" in out
    assert "{party}" in out and "-> PartyRef" in out


def test_a_phrase_written_with_words_is_shown_with_them(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = step_package(
        tmp_path,
        '''
from o2g_conformance.steplib import Actor, OperationId, when


@when("{actor} sends {op} to {owner:user}", target_fixture="answer")
def sends(actor: Actor, op: OperationId, owner: str) -> None:
    """Sends the operation."""
''',
    )
    assert cli.main(["steps", "--steps", str(package)]) == 0
    assert "When  {actor} sends {op} to {owner:user}\n      Sends the operation." in capsys.readouterr().out
