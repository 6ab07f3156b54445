"""Layering rules read from the source: only pytest-bdd's public API, and `reporting/` never imports `plugin/`.

A pytest-bdd upgrade may rename or remove any private name (`scenario_wrapper_template_registry`, the
`_pytest_bdd_example` parameter, `pytest_bdd.feature.get_features`...); the reports and the plugin must not
depend on one. The package's public names are its `__all__` plus the documented `parsers` module.
"""

from __future__ import annotations

import ast
import pathlib

import pytest
import pytest_bdd

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "o2g_conformance"
PUBLIC = frozenset(pytest_bdd.__all__) | {"parsers"}
PUBLIC_MODULES = frozenset({"pytest_bdd", "pytest_bdd.parsers"})


def private_pytest_bdd_uses(source: str) -> list[str]:
    """What a module's source uses of pytest-bdd beyond its public API (one line per use)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if a.name.startswith("pytest_bdd.")]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] == "pytest_bdd":
            if node.module not in PUBLIC_MODULES:
                found.append(f"from {node.module} import ...")
            elif node.module == "pytest_bdd":
                found += [f"from pytest_bdd import {a.name}" for a in node.names if a.name not in PUBLIC]
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "pytest_bdd":
            if node.attr not in PUBLIC:
                found.append(f"pytest_bdd.{node.attr}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and "_pytest_bdd" in node.value:
            found.append(f"the private name {node.value!r}")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value.startswith("pytest_bdd.")
            and node.value not in PUBLIC_MODULES
        ):  # importlib.import_module("pytest_bdd.scenario")
            found.append(f"the module {node.value!r} by name")
    return found


def plugin_imports(source: str, module: str) -> list[str]:
    """The imports of `o2g_conformance.plugin` in the source of `module` (a dotted name, for relative imports)."""
    package = module.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join([*base, *([node.module] if node.module else [])])
            names = [target] + [f"{target}.{a.name}" for a in node.names]
        found += [n for n in names if n == "o2g_conformance.plugin" or n.startswith("o2g_conformance.plugin.")]
    return sorted(set(found))


def _sources(*folders: pathlib.Path) -> list[pathlib.Path]:
    return sorted(p for folder in folders for p in folder.rglob("*.py"))


def _module(path: pathlib.Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


#: Known exceptions, each with its reason and its guard. The step catalogue (not the report) reads
#: The one exception: the faster step lookup (plugin/steplookup.py) replaces pytest-bdd's own lookup, which no
#: public API reaches. It changes no result (tests/plugin/test_steplookup.py compares both lookups on every
#: step of the suite), installs itself only on the pytest-bdd versions whose lookup it reproduces, and else
#: leaves pytest-bdd's own in place: an upgrade makes the suite slower, never its reports different.
KNOWN = {
    "o2g_conformance/plugin/steplookup.py": [
        "the module 'pytest_bdd.scenario' by name",
        "the module 'pytest_bdd.scenario' by name",
    ]
}


def test_no_private_pytest_bdd_name_in_the_package_or_the_steps() -> None:
    offences = {
        str(p.relative_to(ROOT)): uses
        for p in [*_sources(PACKAGE, ROOT / "steps", ROOT / "features"), ROOT / "conftest.py"]
        if (uses := private_pytest_bdd_uses(p.read_text(encoding="utf-8")))
    }
    assert offences == KNOWN


def test_reporting_never_imports_the_plugin() -> None:
    offences = {
        _module(p): found
        for p in _sources(PACKAGE / "reporting")
        if (found := plugin_imports(p.read_text(encoding="utf-8"), _module(p)))
    }
    assert offences == {}


@pytest.mark.parametrize(
    "source",
    [
        "from pytest_bdd.scenario import scenario_wrapper_template_registry",
        "from pytest_bdd.feature import get_features",
        "import pytest_bdd.parser",
        "from pytest_bdd import utils",
        "import pytest_bdd\nx = pytest_bdd.scenario_wrapper_template_registry",
        "def f(callspec):\n    return callspec.params.get('_pytest_bdd_example', {})",
        "import importlib\nbdd = importlib.import_module('pytest_bdd.scenario')",
    ],
)
def test_the_check_catches_a_private_use(source: str) -> None:
    assert private_pytest_bdd_uses(source)


@pytest.mark.parametrize(
    "source",
    [
        "from pytest_bdd import given, parsers, scenario, then, when",
        "from pytest_bdd.parsers import re",
        "import pytest_bdd\nx = pytest_bdd.scenarios",
        "def pytest_bdd_before_scenario(request, feature, scenario): pass",
    ],
)
def test_the_check_accepts_the_public_api(source: str) -> None:
    assert private_pytest_bdd_uses(source) == []


@pytest.mark.parametrize(
    ("source", "module"),
    [
        ("from ..plugin.options import Opt", "o2g_conformance.reporting._session"),
        ("from .. import plugin", "o2g_conformance.reporting._session"),
        ("from o2g_conformance.plugin import world", "o2g_conformance.reporting._x"),
        ("import o2g_conformance.plugin.markers", "o2g_conformance.reporting._x"),
    ],
)
def test_the_layering_check_catches_a_plugin_import(source: str, module: str) -> None:
    assert plugin_imports(source, module)


def test_the_layering_check_accepts_lower_modules() -> None:
    source = "from ..featurefiles import scenario_of\nfrom ..optionspec import Opt\nfrom . import _labels"
    assert plugin_imports(source, "o2g_conformance.reporting._session") == []
