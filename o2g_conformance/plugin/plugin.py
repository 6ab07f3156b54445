"""pytest hooks of the O2G conformance plugin (entry point `pytest11: o2g`); hooks only.

Options live in `options.py`, fixtures in `fixtures.py`, tag rules in `markers.py` and `gating.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

import pytest

from .. import featurefiles, reporting
from ..featurefiles import split_tag
from ..reporting import (
    COMPLIANCE,
    ComplianceSession,
    SectionSummary,
    labels_for,
    links_for,
    mark_section,
    outcome_of,
    scenario_description,
    section_of_item,
)
from . import exercised, exitcodes
from . import fixtures as _fixtures

# Public fixtures are defined in fixtures.py; importing them here registers them with the plugin.
from .fixtures import (  # noqa: F401
    admin_session,
    emulator,
    event_collector_factory,
    o2g,
    o2g_client,
    o2g_settings,
    o2g_target,
    o2g_users,
    undo,
    user_session_factory,
)
from .gating import skip_reason
from .markers import MARKERS, marker_name
from .options import add_options, settings
from .preflight import PreflightFailed, needed_roles
from .runtime import RUNTIME, SUMMARY, WORLD, Runtime, TargetUnavailable

#: The preflight's problems when it stopped the run; whether a test of the framework (not a scenario) failed.
PREFLIGHT = pytest.StashKey[list[str]]()
FRAMEWORK_FAILED = pytest.StashKey[bool]()
PREFLIGHT_PRINTED = pytest.StashKey[bool]()

del _fixtures
# --o2g-shard K/N (its own options and hooks); a faster pytest-bdd step lookup (same definitions found)
pytest_plugins = [
    "o2g_conformance.plugin.sharding",
    "o2g_conformance.plugin.steplookup",
    "o2g_conformance.plugin.handover",
    "o2g_conformance.plugin.stepcheck",
]


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)
    exercised.add_ini(parser)
    reporting.add_report_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(_FrameworkFailures(config), "o2g-framework-failures")
    for name, meaning in MARKERS.items():
        config.addinivalue_line("markers", f"{marker_name(name)}: {meaning}")
    # Labels are attached as allure markers; registered here too so strict markers accept them
    # whether or not the Allure plugin is active.
    config.addinivalue_line("markers", "allure_label: Allure label (set by the O2G plugin)")
    config.addinivalue_line("markers", "allure_link: Allure link (set by the O2G plugin)")
    config.addinivalue_line("markers", "allure_description: Allure description (set by the O2G plugin)")
    exercised.register_example_tags(config)  # Examples-block tags `@op.<id>`, `@event.<Name>`
    try:
        runtime = Runtime(settings(config))
        runtime.prepare()
    except pytest.UsageError as exc:  # nothing will run: the previous run's reports must not pass for this one's
        state = ComplianceSession.from_config(config)
        reporting.discard_stale(alluredir=state.alluredir, compliance_dir=state.compliance_dir, why=[str(exc)])
        raise
    config.stash[RUNTIME] = runtime
    config.stash[SUMMARY] = SectionSummary()
    config.pluginmanager.register(config.stash[SUMMARY], "o2g-section-summary")  # counts logged reports
    # The emulator's accounts are public fixtures; a real target's passwords are masked in every report.
    accounts = [] if runtime.settings.is_emulator else [runtime.admin, *runtime.users]
    config.stash[COMPLIANCE] = ComplianceSession.from_config(config, secrets=[a.password for a in accounts if a])


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reference = config.stash[COMPLIANCE].reference
    exercised.lift_example_tags(items)  # before the labels: an Examples row's operations are the scenario's
    for item in items:
        for label_type, value in labels_for(item):
            item.add_marker(pytest.mark.allure_label(value, label_type=label_type))
        for url, name in links_for(item, reference):
            item.add_marker(pytest.mark.allure_link(url, name=name, link_type="link"))
        if not reference:  # no URL to link to: the cited reference lines are quoted in the result
            description = scenario_description(item)
            if description:
                item.add_marker(pytest.mark.allure_description(description))


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist's worker sends its collection to the controller
def pytest_collection_finish(session: pytest.Session) -> None:
    """Preflight, once, before the first scenario: a problem of setup stops the run (exit 5).

    A pytest-xdist worker runs nothing and hands its problems to the controller, which reports them.
    """
    config = session.config
    scenarios = [item for item in session.items if reporting.is_scenario(item)]
    if not scenarios or config.option.collectonly:
        return
    runtime = config.stash[RUNTIME]
    try:
        runtime.preflight(needed_roles(scenarios))
    except PreflightFailed as exc:
        config.stash[PREFLIGHT] = [str(p) for p in exc.problems]
        if hasattr(config, "workerinput"):
            session.items.clear()
            return
        _print_preflight(config)
        pytest.exit(
            f"O2G preflight: {len(exc.problems)} problem(s) above; no scenario was run "
            f"(exit status {exitcodes.COULD_NOT_RUN}: could not run)",
            returncode=exitcodes.COULD_NOT_RUN,
        )


def _print_preflight(config: pytest.Config) -> None:
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None or config.stash.get(PREFLIGHT_PRINTED, False):
        return
    config.stash[PREFLIGHT_PRINTED] = True
    reporter.ensure_newline()
    for problem in config.stash.get(PREFLIGHT, []):
        reporter.write_line(f"o2g preflight: {problem}", red=True, bold=True)


def pytest_deselected(items: list[pytest.Item]) -> None:
    for item in items:
        if reporting.is_scenario(item):
            item.config.stash[COMPLIANCE].deselected.append(item.nodeid)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if config.stash.get(PREFLIGHT, None) and not config.stash.get(PREFLIGHT_PRINTED, False):  # xdist workers'
        _print_preflight(config)
        terminalreporter.write_line(
            f"O2G preflight: no scenario was run (exit status {exitcodes.COULD_NOT_RUN}: could not run)"
        )
    table = config.stash[SUMMARY].table()
    if table:
        terminalreporter.write_sep("=", "O2G conformance by section")
        terminalreporter.write_line(table)
    state = config.stash[COMPLIANCE]
    if state.matrix is not None:
        terminalreporter.write_sep("=", "O2G compliance per API version")
        terminalreporter.write_line(reporting.terminal(state.matrix))
        where = state.written.get("html")
        if where is not None:
            terminalreporter.write_line(f"compliance matrix: {where.parent}/{where.stem}.{{json,md,html}}")


def pytest_unconfigure(config: pytest.Config) -> None:
    runtime = config.stash.get(RUNTIME, None)
    if runtime is not None:
        runtime.stop()


@pytest.hookimpl(tryfirst=True)  # before pytest-bdd's default, whatever the plugin load order
def pytest_bdd_apply_tag(tag: str, function: Callable[..., Any]) -> Any:
    """`@op:telephony.calls.hold` -> `pytest.mark.op("telephony.calls.hold")`; `@needs-control:clock` likewise."""
    name, value = split_tag(tag)
    if name not in MARKERS:
        return None  # pytest-bdd's default: strict markers then report the unknown tag
    if name == "section":
        try:
            reporting.section_named(value or "")
        except ValueError as exc:
            raise pytest.UsageError(str(exc)) from None
    mark = getattr(pytest.mark, marker_name(name))
    (mark(value) if value is not None else mark)(function)
    return True


def pytest_report_header(config: pytest.Config) -> list[str]:
    runtime = config.stash[RUNTIME]
    s = runtime.settings
    if not _wants_target(config):
        return [f"o2g target: {s.target} (not started: no scenario collected yet)"]
    if not s.is_emulator and runtime.started is None:  # one message per problem: the preflight's
        return [f"o2g target: {s.target} (real O2G: checked by the preflight before the first scenario)"]
    try:
        target = runtime.target()
    except TargetUnavailable as exc:
        return [f"o2g target: {s.target} UNREACHABLE ({exc})"]
    kind = "bundled emulator" if target.is_emulator else "real O2G"
    return [
        f"o2g target: {target.url} ({kind}), product version {target.product_version}, "
        f"API {target.api_version or 'unknown'}, haMode {target.ha_mode}"
    ]


def _wants_target(config: pytest.Config) -> bool:
    # Starting the emulator costs well under a second; only the header of a pure unit-test run skips it.
    args = [str(a) for a in config.args]
    return any("features" in a for a in args) or not args or config.stash[RUNTIME].started is not None


GATED = ("op", "since", "licence", "needs_control", "destructive")


def pytest_runtest_setup(item: pytest.Item) -> None:
    runtime = item.config.stash[RUNTIME]
    missing = sorted(runtime.roles_of.get(item.nodeid, set()) & runtime.unbound)
    if missing:  # --o2g-unbound-roles skip
        pytest.skip(f"not applicable: the target profile binds no user to role {', '.join(missing)}")
    if not any(next(item.iter_markers(name), None) for name in GATED):
        return
    try:
        target = runtime.target()
    except TargetUnavailable as exc:
        pytest.fail(f"harness error: {exc}", pytrace=False)
    reason = skip_reason(item, target, runtime.settings)
    if reason:
        pytest.skip(reason)


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    outcome_of(request.node).started = True
    featurefiles.remember(request.node, feature, scenario)  # a scenario bound without `featurefiles.bind`


@pytest.hookimpl(wrapper=True)
def pytest_bdd_before_step_call(request: pytest.FixtureRequest, step_func_args: dict[str, Any]) -> Generator[None]:
    """Allure shows every step argument as a step parameter: keep the step's own, hide fixtures (the world).

    The scenario world's repr is kilobytes long and names accounts; the step text already says what matters.
    """
    hidden = {name: step_func_args.pop(name) for name in list(step_func_args) if name in request.fixturenames}
    try:
        yield
    finally:
        step_func_args.update(hidden)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    state = item.config.stash[COMPLIANCE]
    scenario = reporting.is_scenario(item)
    if scenario:  # before Allure closes the scenario's result
        state.attach_evidence(item, call, item.stash.get(WORLD, None))
    report = yield
    setattr(item, f"rep_{report.when}", report)
    report.o2g_scenario = scenario  # travels with the report to the xdist controller
    if scenario and (report.when == "call" or report.outcome != "passed"):
        mark_section(report, section_of_item(item))  # counted where it is logged (xdist: the controller)
    if scenario:
        state.record(item, call, report)
    return report


class _FrameworkFailures:
    """Marks the run when a test that is not a scenario fails, where reports are logged (the only process,
    or the xdist controller: workers' reports reach it with their `o2g_scenario` attribute)."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed and not getattr(report, "o2g_scenario", False):
            self.config.stash[FRAMEWORK_FAILED] = True


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    state = config.stash[COMPLIANCE]
    state.set_target(config.stash[RUNTIME].started)
    workeroutput = getattr(config, "workeroutput", None)
    if workeroutput is not None:  # a pytest-xdist worker: the controller writes the reports
        workeroutput["o2g"] = state.worker_output()
        workeroutput["o2g_preflight"] = config.stash.get(PREFLIGHT, None)
        return
    problems = config.stash.get(PREFLIGHT, None)
    if problems is not None:
        state.mark_could_not_run(problems)
    else:
        state.finish()
    session.exitstatus = exitcodes.run_status(
        int(session.exitstatus),
        state.matrix,
        framework_failed=config.stash.get(FRAMEWORK_FAILED, False),
        preflight_failed=problems is not None,
    )


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """pytest-xdist: a worker finished; take its scenario records (or the problems its preflight found)."""
    output = getattr(node, "workeroutput", {})
    node.config.stash[COMPLIANCE].absorb(output.get("o2g"))
    if output.get("o2g_preflight"):
        node.config.stash[PREFLIGHT] = list(output["o2g_preflight"])
