"""NonConformance and HarnessError: what they carry, how they read, how they travel."""

from __future__ import annotations

import pickle

from o2g_conformance.checks import HarnessError, NonConformance


def test_non_conformance_is_an_assertion_error_and_harness_error_is_not() -> None:
    assert issubclass(NonConformance, AssertionError)
    assert not issubclass(HarnessError, AssertionError)


def test_non_conformance_renders_requirement_line_documented_and_received() -> None:
    exc = NonConformance(
        "status code of this scenario", op_id="telephony.calls.hold", line=3170, documented="status 204", received=200
    )
    text = str(exc)
    assert text.startswith("telephony.calls.hold (o2g-rest-api-reference.txt L3170): status code of this scenario")
    assert "documented status 204, received 200" in text
    assert (exc.requirement, exc.op_id, exc.line, exc.documented, exc.received) == (
        "status code of this scenario",
        "telephony.calls.hold",
        3170,
        "status 204",
        200,
    )


def test_non_conformance_lists_problems_one_per_line() -> None:
    exc = NonConformance("body", documented="SessionInfo", received={}, problems=["a: missing", "b: wrong type"])
    lines = str(exc).splitlines()
    assert lines[1] == "2 problem(s):"
    assert lines[2:] == ["  - a: missing", "  - b: wrong type"]


def test_non_conformance_without_op_or_line_still_says_where() -> None:
    assert str(NonConformance("x", line=311)).startswith("o2g-rest-api-reference.txt L311: x")
    assert str(NonConformance("x")).startswith("O2G reference: x")


def test_long_received_values_are_cut() -> None:
    text = str(NonConformance("x", received="y" * 5000))
    assert "(5000 characters)" in text
    assert len(text) < 500


def test_non_conformance_survives_pickling() -> None:
    exc = NonConformance("r", op_id="a.b", line=1, documented={"d": 1}, received=[2], problems=["p"])
    back = pickle.loads(pickle.dumps(exc))
    assert isinstance(back, NonConformance)
    assert (back.op_id, back.line, back.documented, back.received, back.problems) == ("a.b", 1, {"d": 1}, [2], ("p",))
    assert str(back) == str(exc)
