"""Steps of User information: preferences, supported languages and the user events (reference L1325-1692)."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import pytest

from o2g_conformance.checks import NonConformance, check_error_body, check_event
from o2g_conformance.client import ApiResponse
from o2g_conformance.plugin.fixtures import Undo
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import Actor, EventName, Role, given, then, when

from .common import answer_object, body_of, precondition, target_version
from .events import log_of
from .users import (
    LANGUAGE_CODE,
    LANGUAGES,
    PREFS_GET,
    PREFS_UPDATE,
    UNKNOWN_LOGIN,
    about,
    check_user,
)


@dataclass
class PreferenceNotes:
    """What the preferences steps of a scenario note for later steps."""

    #: The preferences of each login read just before an update was sent for it.
    before: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: The GUI language chosen for each login by a "another supported language" step.
    chosen: dict[str, str] = field(default_factory=dict)
    #: The supported languages the last successful users.supported_languages.get listed (None: not read).
    supported: list[str] | None = None


@pytest.fixture
def preference_notes() -> PreferenceNotes:
    """The preferences steps' notes of one scenario."""
    return PreferenceNotes()


# -- users.preferences.get / update ------------------------------------------------------------------------------------


def normalized_language(code: Any) -> str:
    """`en_GB` and `en-gb` name one language: the examples use both spellings (L1454, L1530)."""
    return unicodedata.normalize("NFKC", str(code)).strip().replace("_", "-").casefold()


def _owner(o2g: World, login: str) -> str:
    """The actor name whose own session reads `login`'s preferences."""
    if login == o2g.target.admin.login:
        return "administrator"
    return next(a.role for a in o2g.target.users if a.login == login)


def _read_preferences(o2g: World, login: str) -> dict[str, Any]:
    response = o2g.aside(_owner(o2g, login), PREFS_GET, path={"loginName": login})
    if response.status != 200 or not isinstance(response.json, dict):
        raise AssertionError(f"reading the preferences of {login} failed: {response.status} {response.text[:200]}")
    return dict(response.json)


def _read_languages(o2g: World, login: str) -> list[str]:
    response = o2g.aside(_owner(o2g, login), LANGUAGES, path={"loginName": login})
    languages = response.json.get("supportedLanguages") if isinstance(response.json, dict) else None
    if response.status != 200 or not isinstance(languages, list):
        raise AssertionError(f"reading the languages of {login} failed: {response.status} {response.text[:200]}")
    return [str(x) for x in languages]


def _post_preferences(o2g: World, undo: Undo, notes: PreferenceNotes, actor: str, login: str, body: Any) -> ApiResponse:
    """Send the update; a snapshot of the preferences before it is kept, and restored if it was accepted."""
    before = _read_preferences(o2g, login)
    notes.before[login] = before
    response = o2g.send(actor, PREFS_UPDATE, path={"loginName": login}, json=body)
    if response.status == 204 and before.get("guiLanguage"):
        owner = _owner(o2g, login)
        restore = {"guiLanguage": before["guiLanguage"]}

        def restore_language() -> None:
            o2g.session(owner).call(PREFS_UPDATE, path={"loginName": login}, json=restore, raise_for_error=True)

        undo.append((f"the GUI language of {login}", restore_language))
    return response


def _change_language(o2g: World, undo: Undo, notes: PreferenceNotes, actor: str, login: str) -> ApiResponse:
    current = normalized_language(_read_preferences(o2g, login).get("guiLanguage", ""))
    choice = next((x for x in _read_languages(o2g, login) if normalized_language(x) != current), None)
    if choice is None:
        precondition(f"the target offers {login} a single GUI language: there is no other one to choose")
    notes.chosen[login] = choice
    return _post_preferences(o2g, undo, notes, actor, login, {"guiLanguage": choice})


@when("{actor} reads its preferences", target_fixture="answer")
def read_own_preferences(o2g: World, actor: Actor) -> ApiResponse:
    """Sends users.preferences.get with the actor's own login."""
    return o2g.send(actor, PREFS_GET, path={"loginName": o2g.account(actor).login})


@when("{actor} reads the preferences of (?:{role:user}|(?P<unknown>an unknown user))", target_fixture="answer")
def read_preferences(o2g: World, actor: Actor, role: Role | None, unknown: str | None) -> ApiResponse:
    """Sends users.preferences.get with that user's login, or a login no target has."""
    login = UNKNOWN_LOGIN if unknown else o2g.account(str(role)).login
    return o2g.send(actor, PREFS_GET, path={"loginName": login})


@when("{actor} changes its GUI language to another supported language", target_fixture="answer")
def change_own_language(o2g: World, undo: Undo, preference_notes: PreferenceNotes, actor: Actor) -> ApiResponse:
    """Sends users.preferences.update with a supported language other than the current one (read by the owner)."""
    return _change_language(o2g, undo, preference_notes, actor, o2g.account(actor).login)


@when("{actor} changes the GUI language of {role:user} to another supported language", target_fixture="answer")
def change_language_of(
    o2g: World, undo: Undo, preference_notes: PreferenceNotes, actor: Actor, role: Role
) -> ApiResponse:
    """Sends users.preferences.update for that user with another of its supported languages (read by the user)."""
    return _change_language(o2g, undo, preference_notes, actor, o2g.account(role).login)


@when('{actor} changes its GUI language to "{language:text}"', target_fixture="answer")
def change_language_to(
    o2g: World, undo: Undo, preference_notes: PreferenceNotes, actor: Actor, language: str
) -> ApiResponse:
    """Sends users.preferences.update with that guiLanguage, the preferences before it kept."""
    login = o2g.account(actor).login
    return _post_preferences(o2g, undo, preference_notes, actor, login, {"guiLanguage": language})


@when(r"{actor} sends its preferences as (?P<body>\{.*\})", target_fixture="answer")
def send_preferences(o2g: World, undo: Undo, preference_notes: PreferenceNotes, actor: Actor, body: str) -> ApiResponse:
    """Sends users.preferences.update with that JSON body, the preferences before it kept."""
    login = o2g.account(actor).login
    return _post_preferences(o2g, undo, preference_notes, actor, login, json.loads(body))


@then("the GUI language of {role:user} is the new one")
def language_is_new(o2g: World, preference_notes: PreferenceNotes, role: Role) -> None:
    """Checks that the GUI language the user reads back (users.preferences.get) is the one chosen (L1361-1496)."""
    login = o2g.account(role).login
    chosen = preference_notes.chosen.get(login)
    received = _read_preferences(o2g, login).get("guiLanguage")
    if chosen is None or normalized_language(received) != normalized_language(chosen):
        raise NonConformance(
            "the preferences read back are the ones set (L1361-1496)",
            op_id=PREFS_GET,
            documented=chosen,
            received=received,
        )


@then("the preferences of {role:user} are unchanged")
def preferences_unchanged(o2g: World, preference_notes: PreferenceNotes, role: Role) -> None:
    """Checks that the preferences the user reads back (users.preferences.get) are those before the update."""
    login = o2g.account(role).login
    before = preference_notes.before.get(login)
    after = _read_preferences(o2g, login)
    if before is None or {k: normalized_language(v) for k, v in after.items()} != {
        k: normalized_language(v) for k, v in before.items()
    }:
        raise NonConformance(
            "a refused update changes nothing",
            op_id=PREFS_UPDATE,
            documented=before,
            received=after,
        )


@then("the preferences are those {role:user} reads")
def preferences_as_owner_reads(o2g: World, answer: ApiResponse, role: Role) -> None:
    """Checks that the answered preferences are those the user reads itself (users.preferences.get, L1429)."""
    received = answer_object(answer, "UserPreferences")
    own = _read_preferences(o2g, o2g.account(role).login)
    if {k: normalized_language(v) for k, v in received.items()} != {k: normalized_language(v) for k, v in own.items()}:
        raise NonConformance(
            "an administrator reads the preferences of the user it names (L1429, L1464-1467)",
            op_id=PREFS_GET,
            documented=own,
            received=received,
        )


@then("the GUI language is one of the supported languages")
def language_supported(answer: ApiResponse, preference_notes: PreferenceNotes) -> None:
    """Checks that the answered guiLanguage is one of the supported languages read before (L1497-1530)."""
    language = answer_object(answer, "UserPreferences").get("guiLanguage")
    supported = preference_notes.supported
    if supported is None:
        raise AssertionError("no supported languages were read in this scenario")
    if language is not None and normalized_language(language) not in {normalized_language(x) for x in supported}:
        raise NonConformance(
            "the GUI language is one the user may choose (L1497-1530)",
            op_id=PREFS_GET,
            documented=f"one of {supported}",
            received=language,
        )


@then("the error's user preferences detail is (?P<error_type>[A-Z_]+) for (?P<parameter>[A-Z_]+)")
def preferences_error_detail(o2g: World, answer: ApiResponse, error_type: str, parameter: str) -> None:
    """Checks the error body's userPreferences detail: that errorType for that parameter (L544-557)."""
    check_error_body(
        body_of(answer),
        answer.status,
        user_preferences={"errorType": error_type, "parameter": parameter},
        op_id=answer.op_id,
        target=target_version(o2g),
    )


# -- users.supported_languages.get -------------------------------------------------------------------------------------


def _read_supported(o2g: World, notes: PreferenceNotes, actor: str, login: str) -> ApiResponse:
    """Sends users.supported_languages.get; a list answered is noted for later steps."""
    response = o2g.send(actor, LANGUAGES, path={"loginName": login})
    body = response.json
    if response.status == 200 and isinstance(body, dict) and isinstance(body.get("supportedLanguages"), list):
        notes.supported = [str(x) for x in body["supportedLanguages"]]
    return response


@given("{actor} has read its supported languages", target_fixture="answer")
@when("{actor} reads its supported languages", target_fixture="answer")
def read_own_languages(o2g: World, preference_notes: PreferenceNotes, actor: Actor) -> ApiResponse:
    """Sends users.supported_languages.get with the actor's own login; the languages are noted."""
    return _read_supported(o2g, preference_notes, actor, o2g.account(actor).login)


@when("{actor} reads the supported languages of (?:{role:user}|(?P<unknown>an unknown user))", target_fixture="answer")
def read_languages_of(
    o2g: World, preference_notes: PreferenceNotes, actor: Actor, role: Role | None, unknown: str | None
) -> ApiResponse:
    """Sends users.supported_languages.get with that user's login, or a login no target has."""
    login = UNKNOWN_LOGIN if unknown else o2g.account(str(role)).login
    return _read_supported(o2g, preference_notes, actor, login)


@then("every supported language is a language code")
def languages_are_codes(answer: ApiResponse) -> None:
    """Checks that supportedLanguages and supportedGuiLanguages list language codes (L1366-1422, L1530-1533)."""
    body = answer_object(answer, "SupportedLanguages")
    for name in ("supportedLanguages", "supportedGuiLanguages"):
        values = body.get(name) or []
        wrong = [v for v in values if not isinstance(v, str) or not LANGUAGE_CODE.match(v)]
        if wrong:
            raise NonConformance(
                f"SupportedLanguages.{name} lists GUI language codes (L1366-1422, L1530-1533)",
                op_id=LANGUAGES,
                documented="codes such as fr, en-gb, de",
                received=wrong,
            )


# -- events of users ---------------------------------------------------------------------------------------------------


@then('{actor} receives "{name:event}" about {role:user}')
def receives_about(o2g: World, actor: Actor, name: EventName, role: Role) -> None:
    """Checks that the actor's event log gets that event about the user, a valid event whose user is that user."""
    event = log_of(o2g, actor).wait_for(name, where=about(o2g.account(role).login), timeout=o2g.settings.event_timeout)
    check_event(event, target_version(o2g))
    if isinstance(event.get("user"), dict):
        check_user(o2g, event["user"], role, op_id=None, what=f"the user of {name}")


@then('{actor} receives no "{name:event}" about {role:user}')
def receives_none_about(o2g: World, actor: Actor, name: EventName, role: Role) -> None:
    """Checks that the actor's event log gets no such event about the user (within 0.3 s)."""
    log_of(o2g, actor).assert_absent(name, where=about(o2g.account(role).login), within=0.3)
