"""docs/coverage.md is generated: the committed file must be what `make coverage` writes now."""

from __future__ import annotations

import difflib

from o2g_conformance.reporting import coverage, document, implemented_operations, scan

from .support import FEATURES, REPO


def fresh_document() -> str:
    """The document `o2g-conformance coverage --write docs/coverage.md` writes from today's features."""
    return document(coverage(scan(FEATURES), implemented=implemented_operations()))


def test_the_committed_coverage_document_is_fresh() -> None:
    committed = (REPO / "docs" / "coverage.md").read_text(encoding="utf-8")
    fresh = fresh_document()
    diff = "\n".join(
        difflib.unified_diff(committed.splitlines(), fresh.splitlines(), "committed", "fresh", lineterm="", n=1)
    )
    assert committed == fresh, "docs/coverage.md is stale: run `make coverage` and commit it\n" + diff[:3000]


def test_a_changed_tag_makes_the_document_stale(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The freshness check would fail: dropping one scenario's @op tag changes the generated document."""
    features = tmp_path / "features"
    for source in FEATURES.rglob("*.feature"):
        target = features / source.relative_to(FEATURES)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    root = features / "root" / "root_descriptor.feature"
    text = root.read_text(encoding="utf-8")
    assert "@op:root.descriptor.get" in text
    root.write_text(text.replace("@op:root.descriptor.get", "@negative", 1), encoding="utf-8")
    changed = document(coverage(scan(features), implemented=implemented_operations()))
    row = [line for line in changed.splitlines() if line.startswith("| Introduction |")]
    assert row and row[0] not in fresh_document()  # fewer scenarios, and no feature about the section
