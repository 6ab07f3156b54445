"""The vocabulary of the step library: each word reads its phrases into one type, and refuses a typo."""

from __future__ import annotations

import pytest

from o2g_conformance.steplib import (
    Actor,
    CallState,
    Condition,
    ErrorType,
    EventName,
    Nth,
    OperationId,
    Parties,
    PartyRef,
    Role,
    Roles,
    Status,
    compile_phrase,
)
from o2g_conformance.steplib.registry import StepDef, definitions, definitions_of, given, when


@pytest.mark.parametrize(
    ("text", "actor"),
    [("the administrator", "administrator"), ("user A", "A"), ('user "B"', "B"), ("administrator", "administrator")],
)
def test_an_actor_is_the_administrator_or_a_role_letter(text: str, actor: str) -> None:
    assert Actor(text) == actor
    assert Actor(text).is_admin is (actor == "administrator")


@pytest.mark.parametrize("text", ["user a", "users A", "the admin", "user AB", ""])
def test_anything_else_is_no_actor(text: str) -> None:
    with pytest.raises(ValueError, match="is not an actor"):
        Actor(text)


def test_users_and_parties_read_lists() -> None:
    assert Roles("users A, B and C") == ("A", "B", "C")
    assert Roles("user D") == ("D",)
    assert Parties("users B and C") == (PartyRef("user", Role("B")), PartyRef("user", Role("C")))
    assert Parties("user B and the external party") == (PartyRef("user", Role("B")), PartyRef("external"))
    assert Parties("the hunting group of user C") == (PartyRef("hunting group", Role("C")),)
    assert [p.key for p in Parties("user B and the voice mail")] == ["B", "voice mail"]
    with pytest.raises(ValueError, match="is no party"):
        PartyRef.parse("the neighbour")


def test_reference_words_are_checked_against_the_catalog() -> None:
    assert OperationId("telephony.calls.list") == "telephony.calls.list"
    assert EventName("OnCallCreated") == "OnCallCreated"
    assert ErrorType("NOT_FOUND") == "NOT_FOUND"
    assert CallState("RINGING_INCOMING") == "RINGING_INCOMING"
    with pytest.raises(
        ValueError, match=r"'telephony\.call\.list' is no operation.*did you mean 'telephony\.calls\.list'"
    ):
        OperationId("telephony.call.list")
    with pytest.raises(ValueError, match=r"'OnCallCreate' is no event.*OnCallCreated"):
        EventName("OnCallCreate")
    with pytest.raises(ValueError, match=r"'NOT_FOUNDED' is no RestErrorInfo type.*NOT_FOUND"):
        ErrorType("NOT_FOUNDED")
    with pytest.raises(ValueError, match="'RINGING' is no MediaState"):
        CallState("RINGING")


def test_numbers_conditions_and_ordinals() -> None:
    assert Status("404") == 404 and isinstance(Status("404"), int)
    with pytest.raises(ValueError, match="not an HTTP status"):
        Status("999")
    assert Condition("on busy").o2g == "BUSY" and Condition("immediately").o2g is None
    with pytest.raises(ValueError, match="is no condition"):
        Condition("on busy and no answer")
    assert (Nth("first"), Nth("second"), Nth("second").word) == (0, 1, "second")


def test_a_phrase_becomes_a_regular_expression_with_converters() -> None:
    pattern, converters = compile_phrase(r"{actor} reads {op} of {owner:user} within \d{3} ms")
    assert pattern.startswith("(?P<actor>") and "(?P<owner>user " in pattern and pattern.endswith(r"\d{3} ms")
    assert converters == {"actor": Actor, "op": OperationId, "owner": Role}


def test_a_phrase_with_an_unknown_word_or_a_name_twice_is_refused() -> None:
    with pytest.raises(ValueError, match=r"unknown word \{person\}"):
        compile_phrase("{who:person} calls")
    with pytest.raises(ValueError, match="names 'role' twice"):
        compile_phrase("user {role} calls user {role}")
    assert compile_phrase("a {literal} brace")[1] == {}  # not a word: left to the expression


def test_the_decorators_register_what_they_define() -> None:
    @when("{actor} counts to {count} and{note:text}", target_fixture="answer")
    @given("{actor} has counted to {count}")
    def counts(actor: Actor, count: int) -> None:
        """Counts."""

    defs = definitions_of(counts)
    assert [d.kind for d in defs] == ["given", "when"] and all(d in definitions() for d in defs)
    when_def: StepDef = defs[1]
    assert when_def.target_fixture == "answer" and when_def.phrase == "{actor} counts to {count} and{note:text}"
    assert when_def.matches('user "C" counts to 12 and') and not when_def.matches("user C counts to twelve and")
    assert when_def.arguments('user "C" counts to 12 and') == {"actor": "C", "count": 12, "note": ""}
    assert when_def.binds("when") and not when_def.binds("then") and when_def.module == __name__
