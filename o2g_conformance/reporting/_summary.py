"""The short table a run prints: per documented section, scenarios passed / failed / skipped.

The process that runs a scenario names its section on the phase reports (`mark`); the table counts the
reports where they are logged (`pytest_runtest_logreport`): in the single process, or, with pytest-xdist, in
the controller, to which the workers send their reports with every attribute they carry.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

_RANK = {"passed": 0, "skipped": 1, "failed": 2}
#: The attribute of a phase report that names the scenario's section (plain data: pytest-xdist carries it).
SECTION = "o2g_section"


def mark(report: Any, section: str) -> None:
    """Name the section a phase report counts for in the table."""
    setattr(report, SECTION, section)


@dataclass(eq=False)  # registered as a plugin: hashed by identity
class SectionSummary:
    """Outcomes per section, one per test (setup errors count as failed)."""

    outcomes: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))

    def record(self, section: str, nodeid: str, outcome: str) -> None:
        """Keep the worst outcome of a test's phases: failed > skipped > passed."""
        current = self.outcomes[section].get(nodeid)
        if current is None or _RANK[outcome] > _RANK[current]:
            self.outcomes[section][nodeid] = outcome

    def pytest_runtest_logreport(self, report: Any) -> None:
        """Count a logged report that names its section (registered as a plugin by the O2G plugin)."""
        section = getattr(report, SECTION, None)
        if isinstance(section, str):
            self.record(section, str(report.nodeid), str(report.outcome))

    def rows(self) -> list[tuple[str, int, int, int]]:
        out = []
        for section in sorted(self.outcomes):
            values = list(self.outcomes[section].values())
            out.append((section, values.count("passed"), values.count("failed"), values.count("skipped")))
        return out

    def table(self) -> str:
        rows = self.rows()
        if not rows:
            return ""
        width = max(len("section"), *(len(r[0]) for r in rows))
        lines = [f"{'section':<{width}}  passed  failed  skipped"]
        for section, passed, failed, skipped in rows:
            lines.append(f"{section:<{width}}  {passed:>6}  {failed:>6}  {skipped:>7}")
        totals = [sum(r[1] for r in rows), sum(r[2] for r in rows), sum(r[3] for r in rows)]
        lines.append(f"{'total':<{width}}  {totals[0]:>6}  {totals[1]:>6}  {totals[2]:>7}")
        return "\n".join(lines)
