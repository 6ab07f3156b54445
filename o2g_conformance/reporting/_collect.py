"""From pytest items and phase reports to scenario records; `attach_text`, the evidence hook."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest

from ..catalog import load_catalog
from ..featurefiles import scenario_of, values_of
from ._categories import classify, status_of
from ._labels import ordered_ops, section_of_item, values
from ._records import ScenarioRecord
from ._redact import redact

_RANK = {"passed": 0, "skipped": 1, "failed": 2, "broken": 2}
_MESSAGE_LIMIT = 4000


@dataclass(frozen=True)
class Attachment:
    """A piece of evidence waiting for the scenario's outcome."""

    name: str
    body: str
    mime: str = "text/plain"
    always: bool = False


@dataclass
class Outcome:
    """The scenario's status so far, merged phase by phase the way allure-pytest-bdd does."""

    status: str | None = None
    message: str = ""
    match_text: str = ""
    trace: str = ""
    duration: float = 0.0
    started: bool = False
    evidence_attached: bool = False
    pending: list[Attachment] = field(default_factory=list)
    start: float = field(default_factory=time.time)
    #: Operations the scenario sent and events it asserted, set when its world closes (coverage).
    sent: tuple[str, ...] | None = None
    asserted: tuple[str, ...] | None = None


OUTCOME = pytest.StashKey[Outcome]()


def outcome_of(item: pytest.Item) -> Outcome:
    if OUTCOME not in item.stash:
        item.stash[OUTCOME] = Outcome()
    return item.stash[OUTCOME]


def attach_text(node: pytest.Item, name: str, text: str, *, mime: str = "text/plain", always: bool = False) -> None:
    """Attach `text` to the running scenario's Allure result when it fails (or `always`).

    Callable from any step, fixture or checker holding the test item (`request.node`); the text is
    redacted (credentials, tokens, cookies) before it is kept. Without Allure it is a no-op.
    """
    outcome_of(node).pending.append(Attachment(name, redact(text), mime, always))


def is_scenario(item: pytest.Item) -> bool:
    return scenario_of(item) is not None or any(item.iter_markers("op"))


def scenario_name(item: pytest.Item) -> tuple[str, str]:
    """(scenario name, feature file as "folder/name.feature") of a scenario item."""
    ref = scenario_of(item)
    if ref is None:
        return item.name, str(getattr(item, "path", ""))
    return ref.name_for(values_of(item)), ref.rel


def record_phase(
    item: pytest.Item, call: pytest.CallInfo[None], report: pytest.TestReport, known: Iterable[str] = ()
) -> None:
    """Merge one phase (setup, call, teardown) into the scenario's outcome, as allure-pytest-bdd does.

    Setup sets the status; the call replaces a passed one; a failing teardown replaces a passed one.
    """
    outcome = outcome_of(item)
    outcome.duration += report.duration
    exc = call.excinfo.value if call.excinfo is not None else None
    status = status_of(exc)
    if call.when == "setup" or outcome.status is None:
        take = True
    elif call.when == "call":
        take = outcome.status == "passed"
    else:
        take = outcome.status == "passed" and status in ("failed", "broken")
    if not take:
        return
    outcome.status = status
    if call.excinfo is None or exc is None:
        outcome.message = outcome.match_text = outcome.trace = ""
        return
    if isinstance(exc, pytest.skip.Exception | pytest.fail.Exception):
        message = str(getattr(exc, "msg", "") or exc)
    else:
        message = f"{type(exc).__name__}: {exc}"
    outcome.match_text = redact(call.excinfo.exconly(), known=known)
    outcome.message = redact(message, known=known)[:_MESSAGE_LIMIT]
    outcome.trace = redact(report.longreprtext, known=known)


def phase_failed(call: pytest.CallInfo[None]) -> bool:
    return call.excinfo is not None and status_of(call.excinfo.value) in ("failed", "broken")


def scenario_record(item: pytest.Item) -> ScenarioRecord | None:
    """The record of a finished scenario (None for plain tests and for items that never ran)."""
    outcome = item.stash.get(OUTCOME, None)
    if outcome is None or outcome.status is None or not is_scenario(item):
        return None
    catalog = load_catalog()
    ops, events, since_tags = ordered_ops(item), values(item, "event"), values(item, "since")
    name, feature = scenario_name(item)
    return ScenarioRecord(
        nodeid=item.nodeid,
        name=name,
        feature=feature,
        section=section_of_item(item),
        ops=tuple(ops),
        events=tuple(events),
        since=str(catalog.scenario_since(ops=ops, events=events, since_tags=since_tags)),
        mandatory=not any(item.iter_markers("optional")),
        status=outcome.status,
        category=classify(outcome.status, outcome.match_text),
        message=outcome.message,
        duration=round(outcome.duration, 3),
        sent=outcome.sent or (),  # no world (it never started): nothing was sent
        asserted=outcome.asserted or (),
    )


def evidence(
    exchanges: Sequence[Any],
    events: Mapping[str, Sequence[Mapping[str, Any]]],
    known: Iterable[str] = (),
    verdicts: Mapping[str, Any] | None = None,
) -> list[Attachment]:
    """Attachments for a failed scenario: every HTTP exchange (masked), each actor's event stream and the
    call-state oracle's verdicts that failed (`violations` and `timeline`, as checks.OracleVerdict has)."""
    import json
    from urllib.parse import urlsplit

    known = tuple(known)
    out = []
    width = len(str(len(exchanges)))
    for i, exchange in enumerate(exchanges, 1):
        path = urlsplit(str(exchange.url)).path or str(exchange.url)
        status = exchange.status if exchange.status is not None else "no answer"
        label = f" [{exchange.op_id}]" if exchange.op_id else ""
        name = f"HTTP {i:0{width}d}/{len(exchanges)}: {exchange.method} {path} -> {status}{label}"
        out.append(Attachment(name, redact(exchange.to_text(), known=known)))
    for actor, history in events.items():
        body = json.dumps(list(history), indent=1, ensure_ascii=False, default=str)
        out.append(
            Attachment(f"events seen by {actor} ({len(history)})", redact(body, known=known), "application/json")
        )
    for actor, verdict in (verdicts or {}).items():
        violations = "\n".join(f"- {v}" for v in getattr(verdict, "violations", ()))
        text = f"{violations}\n\n{getattr(verdict, 'timeline', '')}".strip()
        out.append(Attachment(f"call-state oracle verdict: {actor}", redact(text, known=known)))
    return out


def flush(item: pytest.Item, failed: bool, attach: Callable[[Attachment], None]) -> None:
    """Attach what waits on the item: everything when the scenario failed, else only `always` ones."""
    outcome = outcome_of(item)
    keep = []
    for attachment in outcome.pending:
        if failed or attachment.always:
            attach(attachment)
        else:
            keep.append(attachment)
    outcome.pending = keep


def unstarted(item: pytest.Item, reference: str | None) -> dict[str, Any] | None:
    """The Allure result of a scenario skipped or failed before its first step (else None)."""

    from ._allure import unstarted_result

    outcome = item.stash.get(OUTCOME, None)
    ref = scenario_of(item)
    if outcome is None or outcome.started or outcome.status is None or ref is None:
        return None
    name, feature_file = scenario_name(item)
    feature_path = ref.path
    try:
        parts = list(feature_path.relative_to(item.config.rootpath).parts[:-1])
    except ValueError:
        parts = []
    message = outcome.message if outcome.status == "skipped" else outcome.match_text
    return unstarted_result(
        item,
        name=name,
        feature_file=feature_file,
        title_path=[*parts, ref.feature_name or feature_path.name],
        status=outcome.status,
        message=message,
        trace=outcome.trace if outcome.status != "skipped" else "",
        start=outcome.start,
        params=values_of(item),
        reference=reference,
    )
