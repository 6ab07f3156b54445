"""Steps of User information: preferences, supported languages and the user events (reference L1325-1692)."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from pytest_bdd import parsers

from o2g_conformance.checks import NonConformance, check_error_body, check_event
from o2g_conformance.plugin.fixtures import Undo
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import given, then, when

from .common import ACTOR, actor_name, body_of, last, precondition, target_version
from .events import log_of
from .users import (
    LANGUAGE_CODE,
    LANGUAGES,
    PREFS_GET,
    PREFS_UPDATE,
    ROLE,
    UNKNOWN_LOGIN,
    about,
    aux,
    body_dict,
    check_user,
)

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
    response = aux(o2g, _owner(o2g, login), PREFS_GET, path={"loginName": login})
    if response.status != 200 or not isinstance(response.json, dict):
        raise AssertionError(f"reading the preferences of {login} failed: {response.status} {response.text[:200]}")
    return dict(response.json)


def _read_languages(o2g: World, login: str) -> list[str]:
    response = aux(o2g, _owner(o2g, login), LANGUAGES, path={"loginName": login})
    languages = response.json.get("supportedLanguages") if isinstance(response.json, dict) else None
    if response.status != 200 or not isinstance(languages, list):
        raise AssertionError(f"reading the languages of {login} failed: {response.status} {response.text[:200]}")
    return [str(x) for x in languages]


def _post_preferences(o2g: World, undo: Undo, actor: str, login: str, body: Any) -> None:
    """Send the update; a snapshot of the preferences before it is kept, and restored if it was accepted."""
    before = _read_preferences(o2g, login)
    o2g.values[f"preferences:{login}"] = before
    o2g.response = o2g.session(actor_name(actor)).call(PREFS_UPDATE, path={"loginName": login}, json=body)
    if o2g.response.status == 204 and before.get("guiLanguage"):
        owner = _owner(o2g, login)
        restore = {"guiLanguage": before["guiLanguage"]}

        def restore_language() -> None:
            o2g.session(owner).call(PREFS_UPDATE, path={"loginName": login}, json=restore, raise_for_error=True)

        undo.append((f"the GUI language of {login}", restore_language))


def _change_language(o2g: World, undo: Undo, actor: str, login: str) -> None:
    current = normalized_language(_read_preferences(o2g, login).get("guiLanguage", ""))
    choice = next((x for x in _read_languages(o2g, login) if normalized_language(x) != current), None)
    if choice is None:
        precondition(f"the target offers {login} a single GUI language: there is no other one to choose")
    o2g.values[f"language:{login}"] = choice
    _post_preferences(o2g, undo, actor, login, {"guiLanguage": choice})


@when(parsers.re(ACTOR + r" reads its preferences$"))
def read_own_preferences(o2g: World, actor: str) -> None:
    """The actor reads its preferences; sends users.preferences.get."""
    login = o2g.account(actor_name(actor)).login
    o2g.response = o2g.session(actor_name(actor)).call(PREFS_GET, path={"loginName": login})


@when(parsers.re(ACTOR + r" reads the preferences of (?:" + ROLE + r"|(?P<unknown>an unknown user))$"))
def read_preferences(o2g: World, actor: str, role: str | None, unknown: str | None) -> None:
    """The actor reads the preferences of (user {role}|an unknown user); sends users.preferences.get."""
    login = UNKNOWN_LOGIN if unknown else o2g.account(str(role)).login
    o2g.response = o2g.session(actor_name(actor)).call(PREFS_GET, path={"loginName": login})


@when(parsers.re(ACTOR + r" changes its GUI language to another supported language$"))
def change_own_language(o2g: World, undo: Undo, actor: str) -> None:
    """The actor changes its GUI language to another supported language; sends users.preferences.update."""
    _change_language(o2g, undo, actor, o2g.account(actor_name(actor)).login)


@when(parsers.re(ACTOR + r" changes the GUI language of " + ROLE + r" to another supported language$"))
def change_language_of(o2g: World, undo: Undo, actor: str, role: str) -> None:
    """The actor changes the GUI language of user {role} to another supported language.

    Sends users.preferences.get, users.preferences.update, users.supported_languages.get.
    """
    _change_language(o2g, undo, actor, o2g.account(role).login)


@when(parsers.re(ACTOR + r" changes its GUI language to \"(?P<language>[^\"]*)\"$"))
def change_language_to(o2g: World, undo: Undo, actor: str, language: str) -> None:
    """The actor changes its GUI language to "{language}"; sends users.preferences.get, users.preferences.update."""
    _post_preferences(o2g, undo, actor, o2g.account(actor_name(actor)).login, {"guiLanguage": language})


@when(parsers.re(ACTOR + r" sends its preferences as (?P<body>\{.*\})$"))
def send_preferences(o2g: World, undo: Undo, actor: str, body: str) -> None:
    """The actor sends its preferences as {body}; sends users.preferences.get, users.preferences.update."""
    _post_preferences(o2g, undo, actor, o2g.account(actor_name(actor)).login, json.loads(body))


@then(parsers.re(r"the GUI language of " + ROLE + r" is the new one$"))
def language_is_new(o2g: World, role: str) -> None:
    """Checks that the GUI language of user {role} is the new one (via users.preferences.get)."""
    login = o2g.account(role).login
    chosen = o2g.values.get(f"language:{login}")
    received = _read_preferences(o2g, login).get("guiLanguage")
    if chosen is None or normalized_language(received) != normalized_language(chosen):
        raise NonConformance(
            "the preferences read back are the ones set (L1361-1496)",
            op_id=PREFS_GET,
            documented=chosen,
            received=received,
        )


@then(parsers.re(r"the preferences of " + ROLE + r" are unchanged$"))
def preferences_unchanged(o2g: World, role: str) -> None:
    """Checks that the preferences of user {role} are unchanged: a refused update changes nothing.

    Reads users.preferences.get.
    """
    login = o2g.account(role).login
    before = o2g.values.get(f"preferences:{login}")
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


@then(parsers.re(r"the preferences are those " + ROLE + r" reads$"))
def preferences_as_owner_reads(o2g: World, role: str) -> None:
    """Checks that the preferences are those user {role} reads (via users.preferences.get)."""
    received = body_dict(o2g, "UserPreferences")
    own = _read_preferences(o2g, o2g.account(role).login)
    if {k: normalized_language(v) for k, v in received.items()} != {k: normalized_language(v) for k, v in own.items()}:
        raise NonConformance(
            "an administrator reads the preferences of the user it names (L1429, L1464-1467)",
            op_id=PREFS_GET,
            documented=own,
            received=received,
        )


@then("the GUI language is one of the supported languages")
def language_supported(o2g: World) -> None:
    """Checks that the GUI language is one of the supported languages."""
    language = body_dict(o2g, "UserPreferences").get("guiLanguage")
    supported = o2g.values.get("supported-languages")
    if supported is None:
        raise AssertionError("no supported languages were read in this scenario")
    if language is not None and normalized_language(language) not in {normalized_language(x) for x in supported}:
        raise NonConformance(
            "the GUI language is one the user may choose (L1497-1530)",
            op_id=PREFS_GET,
            documented=f"one of {supported}",
            received=language,
        )


@then(parsers.re(r"the error's user preferences detail is (?P<error_type>[A-Z_]+) for (?P<parameter>[A-Z_]+)$"))
def preferences_error_detail(o2g: World, error_type: str, parameter: str) -> None:
    """Checks that the error's user preferences detail is {error_type} for {parameter}."""
    response = last(o2g)
    check_error_body(
        body_of(response),
        response.status,
        user_preferences={"errorType": error_type, "parameter": parameter},
        op_id=response.op_id,
        target=target_version(o2g),
    )


# -- users.supported_languages.get -------------------------------------------------------------------------------------


def _read_supported(o2g: World, actor: str, login: str) -> None:
    o2g.response = o2g.session(actor_name(actor)).call(LANGUAGES, path={"loginName": login})
    body = o2g.response.json
    if o2g.response.status == 200 and isinstance(body, dict) and isinstance(body.get("supportedLanguages"), list):
        o2g.values["supported-languages"] = [str(x) for x in body["supportedLanguages"]]


@given(parsers.re(ACTOR + r" has read its supported languages$"))
@when(parsers.re(ACTOR + r" reads its supported languages$"))
def read_own_languages(o2g: World, actor: str) -> None:
    """The actor reads its supported languages; sends users.supported_languages.get."""
    _read_supported(o2g, actor, o2g.account(actor_name(actor)).login)


@when(parsers.re(ACTOR + r" reads the supported languages of (?:" + ROLE + r"|(?P<unknown>an unknown user))$"))
def read_languages_of(o2g: World, actor: str, role: str | None, unknown: str | None) -> None:
    """The actor reads the supported languages of (user {role}|an unknown user); sends users.supported_languages.get."""
    _read_supported(o2g, actor, UNKNOWN_LOGIN if unknown else o2g.account(str(role)).login)


@then("every supported language is a language code")
def languages_are_codes(o2g: World) -> None:
    """Checks that every supported language is a language code."""
    body = body_dict(o2g, "SupportedLanguages")
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


@then(parsers.re(ACTOR + r" receives \"(?P<name>On[A-Za-z]+)\" about " + ROLE + r"$"))
def receives_about(o2g: World, actor: str, name: str, role: str) -> None:
    """Checks that {actor} receives "{name}" about user {role}."""
    event = log_of(o2g, actor).wait_for(name, where=about(o2g.account(role).login), timeout=o2g.settings.event_timeout)
    check_event(event, target_version(o2g))
    if isinstance(event.get("user"), dict):
        check_user(o2g, event["user"], role, op_id=None, what=f"the user of {name}")


@then(parsers.re(ACTOR + r" receives no \"(?P<name>On[A-Za-z]+)\" about " + ROLE + r"$"))
def receives_none_about(o2g: World, actor: str, name: str, role: str) -> None:
    """Checks that {actor} receives no "{name}" about user {role}."""
    log_of(o2g, actor).assert_absent(name, where=about(o2g.account(role).login), within=0.3)
