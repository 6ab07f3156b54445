#!/usr/bin/env python3
"""Rebuild the packaged catalog data from the reference extraction in ../shared/spec.

The packaged files are committed: users of the framework do not have the reference folder.
Run from the project root: `python tools/build_catalog_data.py [SPEC_DIR]`.
"""

from __future__ import annotations

import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "o2g_conformance" / "catalog" / "data"


def main(spec_dir: pathlib.Path) -> None:
    catalog = json.loads((spec_dir / "catalog.json").read_text())
    representations: dict[str, dict[str, object]] = {}
    events: dict[str, object] = {}
    general: dict[str, object] = {}
    ambiguities: dict[str, object] = {}
    for part in sorted((spec_dir / "parts").glob("part*.json")):
        data = json.loads(part.read_text())
        if "license_rules" in data.get("general", {}):
            general = data["general"]
        for svc in data["services"]:
            reps = representations.setdefault(svc["name"], {})
            for rep in svc.get("representations", []):
                reps[rep["name"]] = {k: v for k, v in rep.items() if k != "description"}
            for ev in svc.get("events", []):
                events[ev["name"]] = {k: v for k, v in ev.items() if k != "description"}
            notes = svc.get("ambiguities") or svc.get("section_notes")
            if notes:
                ambiguities[svc["name"]] = notes
    keep_general = {
        k: general[k]
        for k in ("license_rules", "error_management", "subscription_rules", "session_rules", "high_availability")
        if k in general
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "catalog.json").write_text(json.dumps(catalog, indent=1, ensure_ascii=False) + "\n")
    (OUT / "representations.json").write_text(json.dumps(representations, indent=1, ensure_ascii=False) + "\n")
    (OUT / "events.json").write_text(json.dumps(events, indent=1, ensure_ascii=False) + "\n")
    (OUT / "general.json").write_text(json.dumps(keep_general, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {OUT} ({sum(len(s['operations']) for s in catalog['services'])} operations)")


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "spec")
