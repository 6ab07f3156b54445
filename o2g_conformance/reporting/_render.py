"""The compliance matrix as Markdown, a self-contained HTML page, a terminal table and Allure settings."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from typing import Any

from ..catalog import VERSIONS
from ._categories import NAMES, NON_CONFORMANCE, categories_json
from ._matrix import COMPLIANT, INCONCLUSIVE, NOT_ASSESSED, NOT_COMPLIANT, Cell, Matrix

_MESSAGE_CHARS = 240


def short(message: str, limit: int = _MESSAGE_CHARS) -> str:
    """The first line of a message, cut to `limit` characters."""
    first = (message or "").strip().splitlines()[0] if (message or "").strip() else ""
    return first if len(first) <= limit else first[: limit - 3] + "..."


def why(message: str, limit: int = _MESSAGE_CHARS) -> str:
    """A failure message made to fit a table cell: the requirement and each problem, not the whole body.

    `NonConformance: op (ref L1): requirement: documented X, received Y` + `  - problem` lines becomes
    `op (ref L1): requirement: problem; problem`.
    """
    lines = [line.strip() for line in (message or "").strip().splitlines() if line.strip()]
    if not lines:
        return ""
    head = lines[0].removeprefix("NonConformance: ")
    problems = [line[2:] for line in lines[1:] if line.startswith("- ")]
    if problems:
        head = head.split(": documented ", 1)[0]
        head = re.sub(r" \(\d+ problem\(s\)\)$", "", head) + ": " + "; ".join(problems)
    else:
        head = " ".join([head, *lines[1:]])
    return short(head, limit)


def _skips(counts: dict[str, int]) -> str:
    return ", ".join(f"{NAMES[k].lower()} {n}" for k, n in counts.items()) or "0"


def _errors(counts: dict[str, int]) -> int:
    return sum(n for k, n in counts.items() if k != NON_CONFORMANCE)


def target_lines(matrix: Matrix) -> list[tuple[str, str]]:
    run = matrix.run
    kind = {"emulator": "bundled emulator", "real": "real O2G"}.get(run.kind, run.kind)
    rows = [
        ("target", f"{run.target} ({kind})"),
        ("product version", f"{run.product_version} (API {run.api_version or 'unknown'})"),
        ("haMode", str(run.ha_mode).lower() if run.ha_mode is not None else "unknown"),
        ("licences", run.licence_mode),
    ]
    if run.secondary:
        rows.insert(1, ("secondary", run.secondary))
    rows.append(("runs merged", str(matrix.runs)))
    if matrix.not_run:
        rows.append(("not run", f"{len(matrix.not_run)} scenario(s) deselected in every run"))
    rows.append(("generated", matrix.generated))
    return rows


# -- Markdown ----------------------------------------------------------------------------------------------
def _md(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _md_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
    return lines


MATRIX_HEADER = (
    "API",
    "section",
    "operations documented",
    "covered",
    "ops passed",
    "ops failed",
    "events documented",
    "events asserted",
    "scenarios",
    "passed",
    "failed",
    "errors",
    "skipped (by reason)",
)


def _matrix_row(c: Cell) -> list[object]:
    return [
        c.version,
        c.section,
        c.documented,
        c.covered,
        c.ops_passed,
        c.ops_failed,
        c.events_documented,
        c.events_asserted,
        c.scenarios,
        c.passed,
        c.failed.get(NON_CONFORMANCE, 0),
        _errors(c.failed),
        _skips(c.skipped),
    ]


def markdown(matrix: Matrix) -> str:
    lines = ["# O2G compliance matrix", "", f"**{matrix.headline}**", ""]
    lines += _md_table(("about the run", ""), target_lines(matrix))
    lines += ["", "## Verdict per API version", ""]
    lines += _md_table(
        ("API", "verdict", "mandatory scenarios", "passed", "failed", "errors", "skipped (by reason)"),
        (
            (
                v.version,
                v.text,
                v.mandatory,
                v.passed,
                v.failed.get(NON_CONFORMANCE, 0),
                _errors(v.failed),
                _skips(v.skipped),
            )
            for v in matrix.verdicts
        ),
    )
    lines += ["", "## Matrix (API version x section)", ""]
    lines += _md_table(MATRIX_HEADER, (_matrix_row(c) for c in matrix.cells))
    lines += ["", "## Failed operations", ""]
    if matrix.failures:
        lines += _md_table(
            ("operation", "section", "reference", "scenario", "category", "mandatory", "why"),
            (
                (
                    f.op,
                    f.section,
                    f"L{f.line}" if f.line else "",
                    f.scenario,
                    NAMES[f.category],
                    "yes" if f.mandatory else "no",
                    why(f.message),
                )
                for f in matrix.failures
            ),
        )
    else:
        lines.append("None.")
    lines += ["", "## Operations without a scenario", ""]
    for section, ops in matrix.uncovered.items():
        lines.append(f"- **{section}** ({len(ops)}): " + ", ".join(f"`{o}`" for o in ops))
    if not matrix.uncovered:
        lines.append("None: every documented operation has a scenario.")
    lines += ["", "Categories: " + "; ".join(f"{name}" for name in dict.fromkeys(NAMES.values())) + ".", ""]
    return "\n".join(lines)


# -- terminal ----------------------------------------------------------------------------------------------
def terminal(matrix: Matrix) -> str:
    """A short table for the end of a pytest run."""
    lines = [f"verdict: {matrix.headline}"]
    width = max(len(v.version) for v in matrix.verdicts)
    for v in matrix.verdicts:
        lines.append(f"  API {v.version:<{width}}  {v.text}")
    grouped: dict[tuple[str, str, str], int] = {}
    for f in matrix.failures:
        key = (f.op, NAMES[f.category], why(f.message, 160))
        grouped[key] = grouped.get(key, 0) + 1
    for (op, category, reason), count in list(grouped.items())[:10]:
        lines.append(f"  FAILED {op} in {count} scenario(s) [{category}]: {reason}")
    if len(grouped) > 10:
        lines.append(f"  ... {len(grouped) - 10} more failure(s) in the matrix")
    return "\n".join(lines)


# -- HTML --------------------------------------------------------------------------------------------------
_CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#1f2933}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
table{border-collapse:collapse;margin:6px 0}th,td{border:1px solid #d5dbe1;padding:4px 8px;text-align:left;
vertical-align:top}th{background:#f3f5f7}td.n{text-align:right}.headline{font-size:18px;font-weight:600;
padding:8px 12px;border-radius:6px;display:inline-block;margin:8px 0}
.compliant{background:#dcf5e3}.not-compliant{background:#fbdada}.inconclusive{background:#fdf0cf}
.not-assessed{background:#eceff2;color:#52606d}.none{color:#9aa5b1}small{color:#52606d}code{font-size:12px}
"""

_STATUS_CLASS = {
    COMPLIANT: "compliant",
    NOT_COMPLIANT: "not-compliant",
    INCONCLUSIVE: "inconclusive",
    NOT_ASSESSED: "not-assessed",
}


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _html_table(header: Sequence[str], rows: Iterable[Sequence[object]], cls: str = "") -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(f'<td class="n">{c}</td>' if isinstance(c, int) else f"<td>{_e(c)}</td>" for c in row)
        + "</tr>"
        for row in rows
    )
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _pivot_cell(cell: Cell | None, assessed: bool) -> str:
    if cell is None:
        return '<td class="none">-</td>'
    if not assessed:
        cls = "not-assessed"
    elif cell.failed.get(NON_CONFORMANCE):
        cls = "not-compliant"
    elif cell.failures:
        cls = "inconclusive"
    elif cell.passed:
        cls = "compliant"
    else:
        cls = "none"
    parts = [f"{cell.covered}/{cell.documented} ops"]
    if cell.scenarios:
        parts.append(f"{cell.passed} passed")
    if cell.failures:
        parts.append(f"{cell.failures} failed")
    skipped = sum(cell.skipped.values())
    if skipped:
        parts.append(f"{skipped} skipped")
    title = f"{cell.section}, API {cell.version}: skipped {_skips(cell.skipped)}"
    return f'<td class="{cls}" title="{_e(title)}">{_e(" · ".join(parts))}</td>'


def _section_order(section: str) -> tuple[int, str]:
    from ..catalog import load_catalog

    names = [s.name for s in load_catalog().sections]
    return (names.index(section), "") if section in names else (len(names), section)


def html_page(matrix: Matrix) -> str:
    """A self-contained page (inline CSS, no script, no external resource)."""
    assessed = {v.version: v.status != NOT_ASSESSED or v.mandatory == 0 for v in matrix.verdicts}
    headline_status = next(
        (v.status for v in matrix.verdicts if v.status in (NOT_COMPLIANT, INCONCLUSIVE)),
        COMPLIANT if matrix.headline.startswith("compliant") else NOT_ASSESSED,
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><title>O2G compliance matrix</title>',
        f"<style>{_CSS}</style></head><body>",
        "<h1>O2G compliance matrix</h1>",
        f'<div class="headline {_STATUS_CLASS[headline_status]}" id="headline">{_e(matrix.headline)}</div>',
        '<table class="target"><tbody>'
        + "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in target_lines(matrix))
        + "</tbody></table>",
        "<h2>Verdict per API version</h2>",
    ]
    rows = "".join(
        f'<tr class="{_STATUS_CLASS[v.status]}"><td>{_e(v.version)}</td><td>{_e(v.text)}</td>'
        f'<td class="n">{v.mandatory}</td><td class="n">{v.passed}</td>'
        f'<td class="n">{v.failed.get(NON_CONFORMANCE, 0)}</td><td class="n">{_errors(v.failed)}</td>'
        f"<td>{_e(_skips(v.skipped))}</td></tr>"
        for v in matrix.verdicts
    )
    parts.append(
        '<table id="verdicts"><thead><tr><th>API</th><th>verdict</th><th>mandatory</th><th>passed</th>'
        f"<th>failed</th><th>errors</th><th>skipped (by reason)</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    sections = sorted(dict.fromkeys(c.section for c in matrix.cells), key=_section_order)
    versions = [str(v) for v in VERSIONS]
    by_key = {(c.version, c.section): c for c in matrix.cells}
    head = "".join(f"<th>API {_e(v)}</th>" for v in versions)
    body = "".join(
        f"<tr><th>{_e(s)}</th>" + "".join(_pivot_cell(by_key.get((v, s)), assessed[v]) for v in versions) + "</tr>"
        for s in sections
    )
    parts += [
        "<h2>Matrix: sections x API versions</h2>",
        "<small>covered/documented operations · scenarios passed · failed · skipped (hover for reasons)</small>",
        f'<table id="matrix"><thead><tr><th>section</th>{head}</tr></thead><tbody>{body}</tbody></table>',
        "<h2>Failed operations</h2>",
    ]
    if matrix.failures:
        parts.append(
            _html_table(
                ("operation", "section", "reference", "scenario", "category", "mandatory", "why"),
                (
                    (
                        f.op,
                        f.section,
                        f"L{f.line}" if f.line else "",
                        f.scenario,
                        NAMES[f.category],
                        "yes" if f.mandatory else "no",
                        why(f.message, 400),
                    )
                    for f in matrix.failures
                ),
                "failures",
            )
        )
    else:
        parts.append("<p>None.</p>")
    parts += [
        "<details><summary>Matrix rows (API version x section, every count)</summary>",
        _html_table(MATRIX_HEADER, (_matrix_row(c) for c in matrix.cells), "rows"),
        "</details>",
        "<details><summary>Operations without a scenario</summary><ul>",
        *(
            f"<li><b>{_e(s)}</b> ({len(ops)}): " + ", ".join(f"<code>{_e(o)}</code>" for o in ops) + "</li>"
            for s, ops in matrix.uncovered.items()
        ),
        "</ul></details>",
        "</body></html>",
    ]
    return "\n".join(parts)


# -- Allure ------------------------------------------------------------------------------------------------
def allure_settings(matrix: Matrix, attachments: Sequence[str] = ()) -> dict[str, Any]:
    """The run-dependent part of the Allure 3 configuration (read by allurerc.mjs)."""
    variables = {f"API {v.version}": v.text for v in matrix.verdicts}
    kind = {"emulator": "bundled emulator", "real": "real O2G"}.get(matrix.run.kind, matrix.run.kind)
    variables["target"] = f"{matrix.run.target} ({kind}, product version {matrix.run.product_version})"
    return {
        "name": f"O2G conformance: {matrix.headline}",
        "variables": variables,
        "categories": categories_json(),
        "globalAttachments": list(attachments),
    }
