"""The verdict rules of the compliance matrix, the merge of runs and the rendered pages, on made-up records."""

from __future__ import annotations

import json
import pathlib
import re

import pytest

from o2g_conformance.reporting import (
    RecordsError,
    RecordSet,
    RunInfo,
    ScenarioRecord,
    build_matrix,
    html_page,
    load,
    markdown,
    merge,
    terminal,
)
from o2g_conformance.reporting._render import why

RUN = RunInfo(
    target="https://o2g.example", kind="real", product_version="2.7 004.000", api_version="2.7.4", started="1"
)


def rec(
    nodeid: str,
    op: str = "sessions.session.get",
    *,
    since: str = "2.7",
    category: str = "passed",
    section: str = "Session management",
    mandatory: bool = True,
    message: str = "",
    events: tuple[str, ...] = (),
) -> ScenarioRecord:
    status = {
        "passed": "passed",
        "non-conformance": "failed",
        "harness-error": "broken",
        "target-unreachable": "failed",
    }.get(category, "skipped")
    return ScenarioRecord(
        nodeid, nodeid, "f.feature", section, (op,), events, since, mandatory, status, category, message, 0.1
    )


def matrix(*records: ScenarioRecord, run: RunInfo = RUN, deselected: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    return build_matrix(RecordSet((replace(run, deselected=deselected),), records))


def statuses(m) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {v.version: v.status for v in m.verdicts}


def test_all_passed_is_compliant_with_the_target_version() -> None:
    m = matrix(rec("a"), rec("b", since="2.7.4", op="sessions.session.open"))
    assert m.headline == "compliant with 2.7.4"
    assert set(statuses(m).values()) == {"compliant"}


def test_a_failure_of_a_newer_scenario_keeps_the_older_versions() -> None:
    m = matrix(rec("a"), rec("b", since="2.7.4", category="non-conformance", message="sessions.session.get (L1): x"))
    assert statuses(m) == {
        "2.7": "compliant",
        "2.7.1": "compliant",
        "2.7.2": "compliant",
        "2.7.3": "compliant",
        "2.7.4": "not compliant",
    }
    assert m.headline == "compliant with 2.7.3; not compliant with 2.7.4: 1 mandatory scenario(s) failed"


def test_a_baseline_failure_is_compliant_with_nothing() -> None:
    m = matrix(rec("a", category="non-conformance"), rec("b"))
    assert set(statuses(m).values()) == {"not compliant"}
    assert m.headline == "not compliant with any API version (API 2.7: 1 mandatory scenario(s) failed)"
    assert not m.headline.startswith("compliant")


def test_a_harness_error_is_inconclusive_not_a_non_conformance() -> None:
    m = matrix(rec("a", category="harness-error"), rec("b"))
    assert statuses(m)["2.7"] == "inconclusive"
    assert m.headline.startswith("inconclusive for 2.7")
    m = matrix(rec("a", category="target-unreachable"))
    assert statuses(m)["2.7.4"] == "inconclusive"


def test_an_optional_failure_does_not_change_the_verdict() -> None:
    m = matrix(rec("a"), rec("b", category="non-conformance", mandatory=False))
    assert m.headline == "compliant with 2.7.4"
    assert len(m.failures) == 1 and not m.failures[0].mandatory


def test_versions_newer_than_the_target_are_not_assessed() -> None:
    old = RunInfo(target="t", kind="emulator", product_version="2.7 002.000", api_version="2.7.2", started="1")
    m = matrix(rec("a"), rec("b", since="2.7.3", category="not-applicable"), run=old)
    assert statuses(m) == {
        "2.7": "compliant",
        "2.7.1": "compliant",
        "2.7.2": "compliant",
        "2.7.3": "not assessed",
        "2.7.4": "not assessed",
    }
    assert m.headline == "compliant with 2.7.2"
    assert m.verdict("2.7.4").skipped == {"not-applicable": 1}


def test_scenarios_skipped_for_lack_of_a_power_are_named_in_the_verdict() -> None:
    m = matrix(rec("a"), rec("b", category="needs-emulator-power"), rec("c", category="not-licensed"))
    assert statuses(m)["2.7"] == "compliant"
    assert "(2 not assessed on this target: not licensed on target 1, needs emulator power 1)" in m.verdict("2.7").text


def test_nothing_ran_is_not_assessed() -> None:
    m = matrix(rec("a", category="needs-emulator-power"))
    assert statuses(m)["2.7"] == "not assessed"
    assert not m.headline.startswith("compliant")


def test_a_partial_run_says_so() -> None:
    m = matrix(rec("a"), deselected=("features/x.py::test_other",))
    assert m.headline == "compliant with 2.7.4 (partial run: 1 scenario(s) not run)"


def test_the_failing_operation_is_the_one_the_message_names() -> None:
    failing = rec(
        "a",
        op="sessions.keepalive.post",
        category="non-conformance",
        message="NonConformance: sessions.session.get (o2g-rest-api-reference.txt L1037): body ...",
    )
    m = matrix(failing, rec("b", op="sessions.keepalive.post"))
    assert [f.op for f in m.failures] == ["sessions.session.get"]
    cell = m.cell("2.7.4", "Session management")
    assert cell.ops_failed == 1 and cell.covered == 1  # keepalive covered, session.get failed (untagged)
    assert cell.ops_passed == 0  # keepalive's scenarios did not all pass


def test_cells_count_documented_covered_and_events() -> None:
    m = matrix(
        rec(
            "a",
            op="subscriptions.subscription.create",
            section="Subscription management",
            events=("OnChannelInformation",),
        )
    )
    cell = m.cell("2.7", "Subscription management")
    assert (cell.documented, cell.covered, cell.ops_passed) == (3, 1, 1)
    assert (cell.events_documented, cell.events_asserted) == (1, 1)
    assert m.cell("2.7.4", "Call Center Statistics").documented == 20
    with pytest.raises(StopIteration):
        m.cell("2.7", "Call Center Statistics")  # no operation of it exists in 2.7: no row
    assert "subscriptions.subscription.update" in m.uncovered["Subscription management"]


def test_coverage_comes_from_what_the_scenarios_sent_not_from_their_tags() -> None:
    from dataclasses import replace

    section = "Subscription management"
    create, update, delete = (f"subscriptions.subscription.{v}" for v in ("create", "update", "delete"))
    m = matrix(
        # Tagged create, but sent only update (and asserted no event): update is covered, create is not.
        replace(rec("a", op=create, section=section, events=("OnChannelInformation",)), sent=(update,), asserted=()),
        # Skipped after sending delete: a skipped scenario covers nothing.
        replace(rec("b", op=delete, section=section, category="not-licensed"), sent=(delete,), asserted=()),
    )
    cell = m.cell("2.7", section)
    assert (cell.covered, cell.ops_passed, cell.events_asserted) == (1, 1, 0)
    assert set(m.uncovered[section]) == {create, delete}
    # The same records read from an older records file (nothing recorded of the traffic) count their tags.
    legacy = matrix(rec("a", op=create, section=section, events=("OnChannelInformation",)))
    assert legacy.cell("2.7", section).covered == 1 and create not in legacy.uncovered[section]
    # The records file keeps what was sent and asserted.
    raw = replace(rec("a", op=create, section=section), sent=(update,), asserted=("OnChannelInformation",)).plain()
    back = ScenarioRecord.from_json(json.loads(json.dumps(raw)))
    assert (back.sent, back.asserted) == ((update,), ("OnChannelInformation",))


def test_merge_keeps_the_last_attempt_and_refuses_other_targets() -> None:
    first = RecordSet(
        (RunInfo(kind="emulator", api_version="2.7.4", started="1", id="a"),), (rec("x", category="non-conformance"),)
    )
    rerun = RecordSet((RunInfo(kind="emulator", api_version="2.7.4", started="2", id="b"),), (rec("x"),))
    merged = merge([rerun, first])
    assert [r.category for r in merged.scenarios] == ["passed"]
    other = RecordSet((RunInfo(kind="emulator", api_version="2.7.2", started="3", id="c"),), (rec("y"),))
    with pytest.raises(RecordsError, match="different targets"):
        merge([first, other])


def test_shards_deselecting_each_other_are_not_a_partial_run() -> None:
    one = RecordSet((RunInfo(kind="real", api_version="2.7.4", started="1", id="a", deselected=("y",)),), (rec("x"),))
    two = RecordSet((RunInfo(kind="real", api_version="2.7.4", started="1", id="b", deselected=("x",)),), (rec("y"),))
    assert merge([one, two]).not_run == ()
    assert merge([one]).not_run == ("y",)


def test_records_files_round_trip_and_bad_files_are_refused(tmp_path: pathlib.Path) -> None:
    records = RecordSet((RUN,), (rec("a"), rec("b", category="non-conformance")))
    path = records.write(tmp_path)
    assert load([tmp_path]).scenarios == records.scenarios
    path.write_text(json.dumps({"format": "something else"}))
    with pytest.raises(RecordsError, match="not an O2G records file"):
        load([tmp_path])
    path.unlink()
    with pytest.raises(RecordsError, match="no O2G records"):
        load([tmp_path])


def test_pages_show_the_verdict_and_escape_what_the_target_sent() -> None:
    m = matrix(
        rec("a", category="non-conformance", message="sessions.session.get (L1): got <script>alert(1)</script> | x")
    )
    page = html_page(m)
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert not re.search(r"""(src|href)=["']?https?:""", page), "the page must not load anything"
    assert "<script" not in page
    md = markdown(m)
    assert "\\| x" in md and "not compliant with any API version" in md
    assert "Session management" in md and "| 2.7.4 |" in md
    assert "FAILED sessions.session.get in 1 scenario(s) [Non-conformance]" in terminal(m)


def test_why_keeps_the_requirement_and_the_problems() -> None:
    message = (
        "NonConformance: sessions.session.get (o2g-rest-api-reference.txt L1037): body matches the SessionInfo "
        "representation (1 problem(s)): documented SessionInfo, received {...}\n1 problem(s):\n"
        "  - privateBaseUrl: required field [1] of SessionInfo is missing"
    )
    assert why(message) == (
        "sessions.session.get (o2g-rest-api-reference.txt L1037): body matches the SessionInfo representation: "
        "privateBaseUrl: required field [1] of SessionInfo is missing"
    )
    assert why("unexpected events no step asserted (strict events):\n  A: OnX") == (
        "unexpected events no step asserted (strict events): A: OnX"
    )


def test_a_record_travels_to_the_xdist_controller_as_plain_data() -> None:
    """Step words are str subclasses (EventName, OperationId); execnet refuses them, so records carry str."""
    from dataclasses import replace

    import execnet

    from o2g_conformance.steplib import EventName, OperationId

    record = replace(
        rec("a", op="sessions.session.open", events=(EventName("OnChannelInformation"),)),
        sent=(OperationId("sessions.session.open"),),
        asserted=(EventName("OnChannelInformation"),),
    )
    plain = record.plain()
    assert execnet.loads(execnet.dumps(plain)) == plain
    assert {type(v) for k in ("events", "sent", "asserted") for v in plain[k]} == {str}
