"""Run-wide reporting state: collects scenario records and writes the run reports at session end."""

from __future__ import annotations

import pathlib
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest

from ..optionspec import Opt, raw_value
from . import _allure as allure_files
from ._collect import Attachment, evidence, flush, outcome_of, phase_failed, record_phase, scenario_record, unstarted
from ._matrix import Matrix, build_matrix
from ._records import RecordSet, RunInfo, ScenarioRecord
from ._redact import url_without_credentials
from ._render import allure_settings, html_page, markdown

REPORT_OPTIONS: tuple[Opt, ...] = (
    Opt(
        "--o2g-compliance-dir",
        "O2G_COMPLIANCE_DIR",
        "o2g_compliance_dir",
        "where the compliance matrix (JSON, Markdown, HTML) of the run is written",
        "reports/compliance",
        "DIR",
    ),
    Opt(
        "--o2g-reference-url",
        "O2G_REFERENCE_URL",
        "o2g_reference_url",
        "URL of o2g-rest-api-reference.txt for the report's reference links (#Lnnn-Lmmm is appended); "
        "without it the cited lines are quoted in each result",
        None,
        "URL",
    ),
)
MATRIX_NAME = "compliance-matrix"


def add_report_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("o2g", "O2G conformance")
    for opt in REPORT_OPTIONS:
        group.addoption(
            opt.flag,
            dest=opt.dest,
            default=None,
            metavar=opt.metavar,
            help=f"{opt.help}" + (f" (default: {opt.default})" if opt.default else "") + f"; env {opt.env}",
        )
        parser.addini(opt.ini, help=opt.help, default=None)


def write_matrix(matrix: Matrix, directory: pathlib.Path) -> dict[str, pathlib.Path]:
    """compliance-matrix.json / .md / .html and allure-settings.json (read by allurerc.mjs)."""
    import json

    directory.mkdir(parents=True, exist_ok=True)
    paths = {ext: directory / f"{MATRIX_NAME}.{ext}" for ext in ("json", "md", "html")}
    allure_files.write_json(paths["json"], matrix.to_json())
    paths["md"].write_text(markdown(matrix), encoding="utf-8")
    paths["html"].write_text(html_page(matrix), encoding="utf-8")
    settings = directory / "allure-settings.json"
    settings.write_text(json.dumps(allure_settings(matrix, [str(paths["html"].resolve())]), indent=1), encoding="utf-8")
    paths["settings"] = settings
    return paths


#: What a results folder holds from a run (Allure's files and the run files the plugin writes).
_RESULT_FILES = (
    "*-result.json",
    "*-container.json",
    "*-attachment*",
    "o2g-records-*.json",
    "environment.properties",
    "executor.json",
    "categories.json",
)
STALE_NOTE = "could-not-run.txt"


def discard_stale(
    *,
    alluredir: pathlib.Path | None,
    compliance_dir: pathlib.Path | None,
    html: pathlib.Path | None = None,
    why: Iterable[str] = (),
) -> list[pathlib.Path]:
    """A run that could not start leaves no report of the previous one behind: its results, matrix and HTML
    report are removed, and `could-not-run.txt` in the compliance folder says why. Returns what was removed."""
    import shutil

    removed: list[pathlib.Path] = []
    if alluredir is not None and alluredir.is_dir():
        for pattern in _RESULT_FILES:
            for path in alluredir.glob(pattern):
                path.unlink(missing_ok=True)
                removed.append(path)
    if compliance_dir is not None:
        for path in [*compliance_dir.glob(f"{MATRIX_NAME}.*"), compliance_dir / "allure-settings.json"]:
            if path.is_file():
                path.unlink()
                removed.append(path)
        compliance_dir.mkdir(parents=True, exist_ok=True)
        lines = [f"{_now()}: the run could not start; the previous run's reports were removed.", *why]
        (compliance_dir / STALE_NOTE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    if html is not None and html.is_dir():
        shutil.rmtree(html, ignore_errors=True)
        removed.append(html)
    return removed


def run_info(target: Any, *, started: str, deselected: Iterable[str] = ()) -> RunInfo:
    """What the reports may say about the target (duck-typed on plugin.target.Target)."""
    if target is None:
        return RunInfo(started=started, deselected=tuple(deselected))
    if target.is_emulator:
        licences = "emulator: every licence installed"
    elif target.licences is None:
        licences = "not declared by the target profile (licence gating off)"
    else:
        licences = "declared by the target profile: " + (", ".join(sorted(target.licences)) or "none")
    return RunInfo(
        target=url_without_credentials(target.url),
        kind=target.kind,
        product_version=target.product_version,
        api_version=str(target.api_version) if target.api_version is not None else None,
        ha_mode=target.ha_mode,
        licence_mode=licences,
        secondary=url_without_credentials(target.secondary) if target.secondary else None,
        started=started,
        deselected=tuple(deselected),
    )


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class ComplianceSession:
    """Records of this process (and of its xdist workers) and where the run's reports go.

    With pytest-xdist each worker collects the records of the scenarios it ran and hands them to the
    controller in `workeroutput`; only the controller (or a plain run) writes files.
    """

    compliance_dir: pathlib.Path
    reference: str | None
    alluredir: pathlib.Path | None
    records: dict[str, ScenarioRecord] = field(default_factory=dict)
    deselected: list[str] = field(default_factory=list)
    run: RunInfo | None = None
    started: str = field(default_factory=_now)
    started_at: float = field(default_factory=time.time)
    matrix: Matrix | None = None
    written: dict[str, pathlib.Path] = field(default_factory=dict)
    secrets: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, config: pytest.Config, *, secrets: Iterable[str] = ()) -> ComplianceSession:
        def value(flag: str) -> str:
            opt = next(o for o in REPORT_OPTIONS if o.flag == flag)
            raw, _ = raw_value(config, opt)
            return raw or str(opt.default or "")

        base = config.invocation_params.dir
        alluredir = getattr(config.option, "allure_report_dir", None)
        return cls(
            compliance_dir=base / value("--o2g-compliance-dir"),
            reference=value("--o2g-reference-url") or None,
            alluredir=(base / alluredir) if alluredir else None,
            secrets=tuple(secrets),
        )

    def add(self, record: ScenarioRecord) -> None:
        self.records[record.nodeid] = record

    # -- per scenario -----------------------------------------------------------------------------------------
    def attach_evidence(self, item: pytest.Item, call: pytest.CallInfo[None], world: Any) -> None:
        """When a step or the teardown failed: the scenario's exchanges, event streams and oracle verdicts.

        Runs before Allure writes the scenario's result (which it does after the teardown report).
        """
        outcome = outcome_of(item)
        failed = call.when != "setup" and phase_failed(call)
        if failed and not outcome.evidence_attached:
            outcome.evidence_attached = True
            if world is not None:
                events = {actor: c.log.history for actor, c in world.collectors.items()}
                verdicts = getattr(world, "oracle_verdicts", {})
                outcome.pending[:0] = evidence(world.exchanges, events, self.secrets, verdicts)
        if failed or call.when == "teardown":
            flush(item, failed or outcome.evidence_attached, _allure_attach)

    def record(self, item: pytest.Item, call: pytest.CallInfo[None], report: pytest.TestReport) -> None:
        """Merge a phase into the scenario's outcome; after the teardown, keep its record (and its Allure
        result when the scenario never started)."""
        record_phase(item, call, report, self.secrets)
        if report.when != "teardown":
            return
        record = scenario_record(item)
        if record is not None:
            self.add(record)
        result = unstarted(item, self.reference)
        if result is not None and self.alluredir is not None:
            allure_files.write_result(self.alluredir, result)

    def set_target(self, target: Any) -> None:
        if target is not None or self.run is None:
            self.run = run_info(target, started=self.started)

    # -- pytest-xdist ---------------------------------------------------------------------------------------
    def worker_output(self) -> dict[str, Any]:
        """What a worker hands to the controller (plain data: execnet serialises it)."""
        run = self.run or RunInfo(started=self.started)
        return {
            "records": [r.plain() for r in self.records.values()],
            "run": run.__dict__ | {"deselected": list(self.deselected)},
        }

    def absorb(self, output: Mapping[str, Any] | None) -> None:
        """Merge a worker's output (its records and the target it reached)."""
        if not output:
            return
        for raw in output.get("records", ()):
            self.add(ScenarioRecord.from_json(raw))
        run = RunInfo.from_json(output.get("run", {}))
        self.deselected = sorted(set(self.deselected) | set(run.deselected))
        if run.known and (self.run is None or not self.run.known):
            self.run = run

    # -- end of the run -------------------------------------------------------------------------------------
    def mark_could_not_run(self, problems: Iterable[str]) -> None:
        """The preflight stopped the run: the previous run's reports must not pass for this one's."""
        from ._redact import redact

        why = [redact(p, known=self.secrets) for p in problems]
        discard_stale(alluredir=self.alluredir, compliance_dir=self.compliance_dir, why=why)

    def finish(self) -> Matrix | None:
        """Write the records, the Allure run files and the matrix; None when no scenario ran."""
        if not self.records and not self.deselected:
            return None
        base = self.run or RunInfo(started=self.started)
        run = RunInfo(
            **(base.__dict__ | {"finished": _now(), "deselected": tuple(self.deselected), "started": self.started})
        )
        records = RecordSet((run,), tuple(sorted(self.records.values(), key=lambda r: r.nodeid)))
        self.matrix = build_matrix(records)
        if self.alluredir is not None:
            self.written["records"] = records.write(self.alluredir)
            allure_files.write_run_files(self.alluredir, run, self.matrix.headline)
            allure_files.sweep(self.alluredir, self.started_at, self.secrets)
        self.written.update(write_matrix(self.matrix, self.compliance_dir))
        (self.compliance_dir / STALE_NOTE).unlink(missing_ok=True)
        return self.matrix


def _allure_attach(attachment: Attachment) -> None:
    import allure

    kind = allure.attachment_type.JSON if attachment.mime == "application/json" else allure.attachment_type.TEXT
    allure.attach(attachment.body, name=attachment.name, attachment_type=kind)


COMPLIANCE = pytest.StashKey[ComplianceSession]()
