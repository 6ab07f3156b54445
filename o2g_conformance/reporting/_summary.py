"""The short table a run prints: per documented section, scenarios passed / failed / skipped."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

_RANK = {"passed": 0, "skipped": 1, "failed": 2}


@dataclass
class SectionSummary:
    """Outcomes per section, one per test (setup errors count as failed)."""

    outcomes: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))

    def record(self, section: str, nodeid: str, outcome: str) -> None:
        """Keep the worst outcome of a test's phases: failed > skipped > passed."""
        current = self.outcomes[section].get(nodeid)
        if current is None or _RANK[outcome] > _RANK[current]:
            self.outcomes[section][nodeid] = outcome

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
