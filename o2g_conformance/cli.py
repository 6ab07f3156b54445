"""The `o2g-conformance` command: run the suite, build the reports, serve the emulator, show coverage."""

from __future__ import annotations

import argparse
import os
import pathlib
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from .reporting import (
    RecordsError,
    build_matrix,
    coverage,
    coverage_summary,
    document,
    implemented_operations,
    load,
    scan,
    terminal,
    write_matrix,
)

if TYPE_CHECKING:
    from .optionspec import Opt

#: Exit status of `report` when the Allure quality gate fails (mandatory scenarios failed).
GATE_FAILED = 3
#: Exit status of a command line the CLI cannot use (as pytest's usage error).
USAGE_ERROR = 4
#: Allure 3's report page loads Google Analytics when opened; a report of a staging PBX must not call
#: anyone (and opens offline): the tag and its configuration script are removed from the page.
_ANALYTICS = re.compile(
    r"\s*<script async src=\"https://www\.googletagmanager\.com/[^\"]*\"></script>\s*"
    r"<script>\s*window\.dataLayer[^<]*</script>"
)


def strip_analytics(page: pathlib.Path) -> bool:
    """Remove the analytics tag from a generated report page; False when a tag is left (unknown shape)."""
    text = page.read_text(encoding="utf-8")
    clean = _ANALYTICS.sub("", text)
    if clean != text:
        page.write_text(clean, encoding="utf-8")
    return "googletagmanager" not in clean


def _features_dir(path: str) -> pathlib.Path:
    features = pathlib.Path(path)
    if not features.is_dir():
        raise SystemExit(
            f"o2g-conformance: no features folder at {features.resolve()} "
            "(run from the project root or pass --features)"
        )
    return features


def _fail(command: str, message: str, status: int = 2) -> int:
    print(f"o2g-conformance {command}: {message}", file=sys.stderr)
    return status


def _run_options() -> tuple[Opt, ...]:
    from .plugin.options import OPTIONS
    from .reporting._session import REPORT_OPTIONS

    return (*OPTIONS, *REPORT_OPTIONS)


def _short(flag: str) -> str:
    """`--o2g-ca-file` -> `--ca-file`: the run command's own spelling of a plugin option."""
    return "--" + flag.removeprefix("--o2g-")


def add_run_options(run: argparse.ArgumentParser) -> None:
    """Every plugin option, as `--NAME` and `--o2g-NAME` (both shown by `run --help`)."""
    group = run.add_argument_group(
        "target and report options",
        "the plugin's options (also --o2g-NAME for pytest, an O2G_* environment variable or an ini key; "
        "precedence: command line > environment > ini > default)",
    )
    for opt in _run_options():
        default = f" (default: {opt.default})" if opt.default is not None else ""
        group.add_argument(
            _short(opt.flag), opt.flag, dest=opt.dest, metavar=opt.metavar, help=f"{opt.help}{default}; env {opt.env}"
        )


def cmd_run(args: argparse.Namespace, rest: list[str]) -> int:
    """Run the features through pytest with the plugin's options; the exit status is the run's verdict
    (see o2g_conformance/plugin/exitcodes.py): 0 compliant, 3 not compliant, 4 usage error, 5 could not run."""
    import pytest

    from .plugin import exitcodes
    from .reporting import discard_stale

    features = _features_dir(args.features)
    argv = [str(features), "-q", "--alluredir", args.alluredir]
    junit = args.junitxml if args.junitxml is not None else str(pathlib.Path(args.alluredir).parent / "junit.xml")
    if junit:
        argv.append(f"--junitxml={junit}")
    for opt in _run_options():
        value = getattr(args, opt.dest, None)
        if value is not None:
            argv += [opt.flag, str(value)]
    status = int(pytest.main([*argv, *rest]))
    if status == exitcodes.USAGE_ERROR:  # nothing ran: the previous run's reports must not pass for this one's
        html = pathlib.Path(args.alluredir).parent / "allure-report"
        compliance = getattr(args, "o2g_compliance_dir", None) or "reports/compliance"
        discard_stale(
            alluredir=pathlib.Path(args.alluredir),
            compliance_dir=pathlib.Path(compliance),
            html=html,
            why=["usage error: see the message above"],
        )
    if status in exitcodes.MEANINGS:
        print(f"o2g-conformance run: exit status {status} ({exitcodes.MEANINGS[status]})", file=sys.stderr)
    return status


def _npx(args: Sequence[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    npx = shutil.which("npx")
    if npx is None:
        raise FileNotFoundError("npx not found; install Node.js to build the HTML report")
    return subprocess.run([npx, "--no-install", "allure", *args], capture_output=True, text=True, check=False, env=env)


def cmd_report(args: argparse.Namespace, rest: list[str]) -> int:
    """Rebuild the compliance matrix from the results of one or more runs, then the Allure 3 report.

    Exit status: 0, 2 (no results / usage), 1 (Allure failed), 3 (the quality gate failed: a mandatory
    scenario failed).
    """
    results = [pathlib.Path(r) for r in (args.results or ["reports/allure-results"])]
    missing = [str(r) for r in results if not r.is_dir()]
    if missing:
        return _fail("report", f"no results folder {', '.join(missing)} (run the suite first)")
    try:
        records = load(results)
    except RecordsError as exc:
        return _fail("report", str(exc))
    matrix = build_matrix(records)
    written = write_matrix(matrix, pathlib.Path(args.compliance_dir))
    print(terminal(matrix))
    print(f"compliance matrix: {written['html'].parent}/{written['html'].stem}.{{json,md,html}}")
    if args.matrix_only:
        return 0
    config = pathlib.Path(args.config)
    if not config.is_file():
        return _fail("report", f"no Allure configuration at {config.resolve()} (run from the project root)")
    output = pathlib.Path(args.output)
    shutil.rmtree(output, ignore_errors=True)  # Allure nests a second report in a non-empty folder
    env = dict(os.environ, O2G_ALLURE_SETTINGS=str(written["settings"].resolve()))
    if args.history:
        env["O2G_ALLURE_HISTORY"] = str(pathlib.Path(args.history).resolve())
    dirs = [str(r) for r in results]
    try:
        generated = _npx(["generate", "--config", str(config), *dirs, "--output", str(output)], env)
    except FileNotFoundError as exc:
        return _fail("report", str(exc))
    if generated.returncode != 0 or not (output / "index.html").is_file():
        print(generated.stdout + generated.stderr, file=sys.stderr)
        return _fail("report", f"allure generate failed ({generated.returncode})", 1)
    if not strip_analytics(output / "index.html"):
        print("o2g-conformance report: warning: the report page still loads an analytics tag", file=sys.stderr)
    shutil.copy2(written["html"], output / written["html"].name)
    print(f"Allure report: {output.resolve()}/index.html")
    gate = _npx(["quality-gate", "--config", str(config), *dirs], env | {"O2G_ALLURE_NO_HISTORY": "1"})
    if gate.returncode != 0:
        print((gate.stdout + gate.stderr).strip(), file=sys.stderr)
        return _fail("report", "quality gate failed: mandatory scenarios failed (see the report)", GATE_FAILED)
    print("quality gate: passed (no mandatory scenario failed)")
    return 0


def cmd_coverage(args: argparse.Namespace, rest: list[str]) -> int:
    scenarios = scan(_features_dir(args.features))
    cov = coverage(scenarios, implemented=implemented_operations())
    print(coverage_summary(cov))
    if args.write:
        target = pathlib.Path(args.write)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(document(cov), encoding="utf-8")
        print(f"coverage document: {target}")
    if cov.unknown_ops or cov.unknown_events:
        return 1
    return 1 if args.strict and cov.gaps else 0


def cmd_steps(args: argparse.Namespace, rest: list[str]) -> int:
    """Print the step catalogue (kind, phrase, docstring, module); exit 1 when a step has no docstring."""
    from . import stepdoc

    try:
        docs = stepdoc.catalogue(stepdoc.step_modules(pathlib.Path(args.steps)))
    except (FileNotFoundError, ImportError) as exc:
        return _fail("steps", str(exc))
    if args.words:
        sys.stdout.write(stepdoc.words_text())
        return 0
    shown = stepdoc.select(docs, modules=args.module or (), text=args.grep, kind=args.kind)
    sys.stdout.write(stepdoc.as_markdown(shown) if args.format == "md" else stepdoc.as_text(shown))
    missing = stepdoc.undocumented(docs)
    for d in missing:
        print(f"o2g-conformance steps: {d.module}:{d.line} {d.function} has no docstring", file=sys.stderr)
    return 1 if missing else 0


def cmd_emulator(args: argparse.Namespace, rest: list[str]) -> int:
    from .emulator.server import main as emulator_main

    return emulator_main(rest)


def cmd_openapi(args: argparse.Namespace, rest: list[str]) -> int:
    """Write the OpenAPI 3.1 document of one API version (stdout, or -o FILE)."""
    from .catalog import VERSIONS, ApiVersion
    from .openapi import document_json

    if args.fuzz:
        return _openapi_fuzz(args)
    try:
        version = ApiVersion.parse(args.version or "2.7.4")
    except ValueError as exc:
        return _fail("openapi", str(exc))
    if version not in VERSIONS:
        return _fail("openapi", f"API {version} is not documented; one of {', '.join(map(str, VERSIONS))}")
    text = document_json(version)
    if args.output in (None, "-"):
        sys.stdout.write(text)
        return 0
    target = pathlib.Path(args.output)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"OpenAPI {version} document: {target}", file=sys.stderr)
    return 0


def _openapi_fuzz(args: argparse.Namespace) -> int:
    """schemathesis, read-only, against a real O2G with the accounts of a target profile."""
    from .openapi import StagingError, fuzz_target

    if not args.profile:
        return _fail("openapi", "--fuzz needs --profile FILE (the accounts to act with)")
    values = dict(v.split("=", 1) for v in args.path_value or [] if "=" in v)
    try:
        return fuzz_target(
            args.fuzz,
            profile=pathlib.Path(args.profile),
            version=args.version,
            examples=args.examples,
            seed=args.seed,
            verify=args.ca_file or True,
            path_values=values,
            deviations=pathlib.Path(args.deviations) if args.deviations else None,
        )
    except (StagingError, ValueError) as exc:
        return _fail("openapi", str(exc))
    except ImportError as exc:  # schemathesis is a development dependency
        return _fail("openapi", f"--fuzz needs {exc.name or 'schemathesis'}: pip install -e '.[dev]'")


class _Parser(argparse.ArgumentParser):
    """A usage error exits with the documented usage status (4), not argparse's 2."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(USAGE_ERROR, f"{self.prog}: error: {message}\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _Parser(
        prog="o2g-conformance",
        description="O2G REST API conformance framework",
        epilog="exit status of run: 0 compliant, 1 a test of the framework failed, 3 not compliant, "
        "4 usage error, 5 could not run (preflight, harness error, target unreachable, API version unknown)",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = sub.add_parser(
        "run",
        help="run the conformance features (extra arguments go to pytest)",
        description="Run the conformance features with pytest; arguments not listed here go to pytest "
        "(-k, -m, -n ...). Exit status: 0 compliant, 1 a test of the framework failed, 3 not compliant, "
        "4 usage error, 5 could not run.",
        allow_abbrev=False,  # pytest's own options (--co, --tb) must not match one of these by prefix
    )
    run.add_argument("--features", default="features", help="folder of the .feature files (default: features)")
    run.add_argument("--alluredir", default="reports/allure-results", help="where Allure results go")
    run.add_argument(
        "--junitxml",
        metavar="FILE",
        help="JUnit XML report (default: junit.xml next to the Allure results folder, reports/junit.xml; '' for none)",
    )
    add_run_options(run)
    rep = sub.add_parser(
        "report", help="rebuild the compliance matrix and the Allure 3 report from results (several runs merge)"
    )
    rep.add_argument(
        "--results",
        action="append",
        help="Allure results folder of a run; repeat to merge runs (xdist, CI shards); default reports/allure-results",
    )
    rep.add_argument("--output", default="reports/allure-report", help="HTML report folder")
    rep.add_argument("--compliance-dir", default="reports/compliance", help="where the merged matrix is written")
    rep.add_argument("--config", default="allurerc.mjs", help="Allure 3 configuration (default: allurerc.mjs)")
    rep.add_argument("--history", help="Allure history file (default from allurerc.mjs: reports/history/history.jsonl)")
    rep.add_argument("--matrix-only", action="store_true", help="write the matrix only, no HTML report")
    cov = sub.add_parser("coverage", help="which catalog operations and events the features cover")
    cov.add_argument("--features", default="features")
    cov.add_argument("--write", metavar="FILE", help="also write the coverage document (docs/coverage.md)")
    cov.add_argument("--strict", action="store_true", help="exit 1 when a closed section has gaps")
    stp = sub.add_parser("steps", help="the step catalogue: every phrase a feature can use, with what it does")
    stp.add_argument("--steps", default="steps", help="folder of the step package (default: steps)")
    stp.add_argument("--module", action="append", help="only the steps of this module (users, steps.users); repeatable")
    stp.add_argument("--grep", metavar="TEXT", help="only the steps whose phrase or docstring contains TEXT")
    stp.add_argument("--kind", choices=("given", "when", "then"), help="only the steps of this kind")
    stp.add_argument("--words", action="store_true", help="the vocabulary: the words phrases are written with")
    stp.add_argument("--format", choices=("text", "md"), default="text", help="plain text (default) or Markdown")
    sub.add_parser("emulator", help="run the emulator (arguments as o2g-emulator)", add_help=False)
    oas = sub.add_parser("openapi", help="write the OpenAPI 3.1 document of the API (generated from the catalog)")
    oas.add_argument("--version", help="API version (2.7 ... 2.7.4; default 2.7.4, or the profile's with --fuzz)")
    oas.add_argument("-o", "--output", metavar="FILE", help="write the document here (default: stdout)")
    oas.add_argument("--fuzz", metavar="URL", help="instead, run schemathesis read-only against the O2G at URL")
    oas.add_argument("--profile", metavar="FILE", help="target profile whose accounts the run acts with (--fuzz)")
    oas.add_argument("--examples", type=int, default=2, help="examples per operation (--fuzz; default 2)")
    oas.add_argument("--seed", type=int, default=20240101, help="random seed (--fuzz; default 20240101)")
    oas.add_argument("--ca-file", help="PEM file of the CA that signed the target's certificate (--fuzz)")
    oas.add_argument("--path-value", action="append", metavar="NAME=VALUE", help="fix a path parameter (--fuzz)")
    oas.add_argument("--deviations", metavar="FILE", help="known-deviations YAML (--fuzz; default: the packaged one)")
    args, rest = parser.parse_known_args(argv)
    handlers = {"run": cmd_run, "report": cmd_report, "coverage": cmd_coverage, "emulator": cmd_emulator}
    handlers["openapi"] = cmd_openapi
    handlers["steps"] = cmd_steps
    if rest and args.command not in ("run", "emulator"):
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    return handlers[args.command](args, rest)


if __name__ == "__main__":
    raise SystemExit(main())
