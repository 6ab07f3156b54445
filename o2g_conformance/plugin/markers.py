"""The Gherkin tags of the suite, registered as strict pytest markers with their meaning."""

from __future__ import annotations

#: name -> (signature shown by `pytest --markers`, meaning)
MARKERS: dict[str, str] = {
    "op": "op:<operation-id>: the scenario covers this catalog operation (coverage, Allure story)",
    "since": "since:<x.y.z>: not applicable on a target older than this API version",
    "licence": "licence:<NAME>: skipped as not licensed when the target lacks this licence",
    "admin": "admin: acts with an administrator session",
    "user": "user: acts with a user session",
    "supervised": "supervised: acts with a supervised session",
    "needs-control": "needs-control:<power>: needs an emulator power (clock, fault, ha, cti, licence, inject, phone)",
    "slow": "slow: takes real time on a real target",
    "destructive": "destructive: changes PBX configuration; opt-in on real targets (--o2g-allow-destructive)",
    "ha": "ha: high-availability behaviour (needs a secondary server)",
    "negative": "negative: asserts a documented error",
    "event": "event:<EventName>: the scenario asserts this event",
    "mandatory": "mandatory: part of the compliance verdict (default for every scenario)",
    "optional": "optional: informative, not part of the compliance verdict",
    "section": "section:<section-slug>: the documented section of a scenario that sends no catalog operation "
    "(a method a resource does not offer), e.g. section:introduction",
}

#: Emulator powers a scenario may need; a real target has none unless its profile names an operator hook.
POWERS = ("clock", "fault", "ha", "cti", "licence", "inject", "phone")


def marker_name(name: str) -> str:
    """pytest marker names cannot contain '-': `needs-control` is registered as `needs_control`."""
    return name.replace("-", "_")
