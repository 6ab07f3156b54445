"""The `o2g-conformance` command: run the suite, build the report, serve the emulator, show coverage."""

from __future__ import annotations

import argparse
import pathlib
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence

from .catalog import load_catalog


def _features_dir(path: str) -> pathlib.Path:
    features = pathlib.Path(path)
    if not features.is_dir():
        raise SystemExit(
            f"o2g-conformance: no features folder at {features.resolve()} "
            "(run from the project root or pass --features)"
        )
    return features


def cmd_run(args: argparse.Namespace, rest: list[str]) -> int:
    import pytest

    features = _features_dir(args.features)
    argv = [str(features), "-q", "--alluredir", args.alluredir, *rest]
    return int(pytest.main(argv))


def cmd_report(args: argparse.Namespace, rest: list[str]) -> int:
    results = pathlib.Path(args.results)
    if not results.is_dir() or not any(results.glob("*-result.json")):
        print(f"o2g-conformance report: no Allure results in {results} (run the suite first)", file=sys.stderr)
        return 2
    npx = shutil.which("npx")
    if npx is None:
        print("o2g-conformance report: npx not found; install Node.js to build the HTML report", file=sys.stderr)
        return 2
    cmd = [npx, "--no-install", "allure", "generate", str(results), "--output", args.output]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        print(proc.stdout + proc.stderr, file=sys.stderr)
        print(f"o2g-conformance report: allure generate failed ({proc.returncode})", file=sys.stderr)
        return proc.returncode
    print(f"Allure report: {pathlib.Path(args.output).resolve()}/index.html")
    return 0


def coverage_rows(features: pathlib.Path) -> tuple[list[tuple[str, int, int, list[str]]], set[str]]:
    """Per section: operations tagged by some scenario, total, missing ids; and the unknown tags."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(features.rglob("*.feature")))
    tagged = set(re.findall(r"@op:([A-Za-z0-9_.\-]+)", text))
    catalog = load_catalog()
    rows = []
    for section in catalog.sections:
        ids = [op.id for op in section.operations]
        missing = [i for i in ids if i not in tagged]
        rows.append((section.name, len(ids) - len(missing), len(ids), missing))
    known = {op.id for op in catalog.operations()}
    return rows, tagged - known


def cmd_coverage(args: argparse.Namespace, rest: list[str]) -> int:
    rows, unknown = coverage_rows(_features_dir(args.features))
    covered = sum(r[1] for r in rows)
    total = sum(r[2] for r in rows)
    print(f"operations covered by @op tags: {covered}/{total}")
    for name, hit, n, missing in rows:
        mark = "complete" if hit == n else "missing: " + ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
        print(f"  {name:<26} {hit:>3}/{n:<3} {mark}")
    if unknown:
        print("  @op tags naming no catalog operation: " + ", ".join(sorted(unknown)))
        return 1
    return 0


def cmd_emulator(args: argparse.Namespace, rest: list[str]) -> int:
    from .emulator.server import main as emulator_main

    return emulator_main(rest)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="o2g-conformance", description="O2G REST API conformance framework")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the conformance features (extra arguments go to pytest)")
    run.add_argument("--features", default="features", help="folder of the .feature files (default: features)")
    run.add_argument("--alluredir", default="reports/allure-results", help="where Allure results go")
    rep = sub.add_parser("report", help="build the HTML report with Allure 3 (npx allure)")
    rep.add_argument("--results", default="reports/allure-results")
    rep.add_argument("--output", default="reports/allure-report")
    cov = sub.add_parser("coverage", help="which catalog operations the features cover")
    cov.add_argument("--features", default="features")
    sub.add_parser("emulator", help="run the emulator (arguments as o2g-emulator)", add_help=False)
    args, rest = parser.parse_known_args(argv)
    handlers = {"run": cmd_run, "report": cmd_report, "coverage": cmd_coverage, "emulator": cmd_emulator}
    if rest and args.command not in ("run", "emulator"):
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    return handlers[args.command](args, rest)


if __name__ == "__main__":
    raise SystemExit(main())
