#!/usr/bin/env python3
"""Rebuild the reference excerpts the reports quote (the lines each catalog operation cites).

The packaged file is committed: users of the framework do not have the reference text, yet a report must
show what an operation's reference lines say when no `--o2g-reference-url` is configured.
Run from the project root: `python tools/build_reference_excerpts.py [REFERENCE_TXT]`.
"""

from __future__ import annotations

import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "o2g_conformance" / "reporting" / "data" / "reference-excerpts.json"
#: At most this many lines are quoted per operation (the block's start, where the operation is described).
MAX_LINES = 60


def main(reference: pathlib.Path) -> None:
    sys.path.insert(0, str(ROOT))
    from o2g_conformance.catalog import load_catalog

    lines = reference.read_text(encoding="utf-8").splitlines()
    out: dict[str, dict[str, object]] = {}
    for section in load_catalog().sections:
        for op in section.operations:
            if op.doc_block:
                start, end = op.doc_block
            elif op.doc_line:
                start = end = op.doc_line
            else:
                continue
            shown = min(end, start + MAX_LINES - 1)
            out[op.id] = {"start": start, "end": end, "text": "\n".join(lines[start - 1 : shown])}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, indent=0, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(out)} operations -> {OUT.relative_to(ROOT)} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main(
        pathlib.Path(
            sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared" / "spec" / "o2g-rest-api-reference.txt"
        )
    )
