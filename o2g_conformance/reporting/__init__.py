"""Reporting: Allure labels and files, scenario records, compliance matrix per API version, coverage gate."""

# Public hook for evidence: attach_text(request.node, name, text) (see _collect.attach_text).
from ._allure import environment, executor, properties, sweep, unstarted_result, write_result, write_run_files
from ._categories import CATEGORIES, NAMES, Category, categories_json, classify, status_of
from ._collect import (
    Attachment,
    attach_text,
    evidence,
    flush,
    is_scenario,
    outcome_of,
    phase_failed,
    record_phase,
    scenario_record,
    unstarted,
)
from ._coverage import Coverage, SectionCoverage, TaggedScenario, coverage, document, implemented_operations, scan
from ._coverage import summary as coverage_summary
from ._labels import labels_for, links_for, section_of_item, tags_for
from ._matrix import COMPLIANT, INCONCLUSIVE, NOT_ASSESSED, NOT_COMPLIANT, Cell, Failure, Matrix, Verdict, build_matrix
from ._records import RecordsError, RecordSet, RunInfo, ScenarioRecord, load, merge
from ._redact import redact, url_without_credentials
from ._render import allure_settings, html_page, markdown, terminal
from ._session import COMPLIANCE, ComplianceSession, add_report_options, run_info, write_matrix
from ._summary import SectionSummary

__all__ = [
    "CATEGORIES",
    "COMPLIANCE",
    "COMPLIANT",
    "INCONCLUSIVE",
    "NAMES",
    "NOT_ASSESSED",
    "NOT_COMPLIANT",
    "Attachment",
    "Category",
    "Cell",
    "ComplianceSession",
    "Coverage",
    "Failure",
    "Matrix",
    "RecordSet",
    "RecordsError",
    "RunInfo",
    "ScenarioRecord",
    "SectionCoverage",
    "SectionSummary",
    "TaggedScenario",
    "Verdict",
    "add_report_options",
    "allure_settings",
    "attach_text",
    "build_matrix",
    "categories_json",
    "classify",
    "coverage",
    "coverage_summary",
    "document",
    "environment",
    "evidence",
    "executor",
    "flush",
    "html_page",
    "implemented_operations",
    "is_scenario",
    "labels_for",
    "links_for",
    "load",
    "markdown",
    "merge",
    "outcome_of",
    "phase_failed",
    "properties",
    "record_phase",
    "redact",
    "run_info",
    "scan",
    "scenario_record",
    "section_of_item",
    "status_of",
    "sweep",
    "tags_for",
    "terminal",
    "unstarted",
    "unstarted_result",
    "url_without_credentials",
    "write_matrix",
    "write_result",
    "write_run_files",
]
