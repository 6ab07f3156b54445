"""User information backend: one method per `users.*` operation (o2g-rest-api-reference.txt L1125-1692).

Readings chosen where the reference is silent or disagrees with itself:
- Reading another account: the presentation lets "a user ... get information on another user account"
  (L1129) and the example reads another user (L1257-1267), so `users.user.get` and the company-phone search
  answer any O2G user, without `devices` unless the caller owns the account or is an administrator
  (footnotes *1/*2, L1649, L1652-1653).
- Password and preferences are the caller's own: "a user to change its password or some parameter"
  (L1130), "a user or an administrator to change its password" (L1322). The path loginName of the
  preferences update is said to be "ignored" for a user session (L1464-1467), yet it names the user whose
  preferences are read (L1429) and changed; the emulator rejects (403 NOT_ALLOWED) a user session naming
  another login rather than silently acting on the caller. An administrator names the user it acts for
  (L1464-1467); it may also name itself (its own GUI language, L1675; its own password, L1322-1326).
- A user session passing an administrator-only parameter of /logins (L1151-1159) gets 403 NOT_ALLOWED.
- The password of a user is its 4-digit secret code (L1329-1330, O2G authentication mode, L106-112); the
  OXE and O2G password policies are not given: the emulator requires 4 digits for a user, and for an
  administrator at least 8 characters with a letter and a digit. A wrong old password is a bad credential:
  403 NOT_ALLOWED (error table L315).
- OnPreferencesChanged (L1496) is named but never defined; the emulator publishes
  {eventName, loginName, preferences: UserPreferences} for the user, and OnUserInfoChanged (package `user`,
  L2090), the documented "any change on the user's data" event (L1600), so that subscribers can see it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...core import errors
from ...core.registry import Backend, state
from ...core.sessions import Session
from .accounts import Subscriber, UserAccounts, user_view
from .languages import SUPPORTED_GUI_LANGUAGES, initial_languages, normalize_gui_language

USER_PASSWORD = re.compile(r"^\d{4}$")
ADMIN_PASSWORD_MIN = 8


@dataclass
class Preferences:
    gui_language: str
    oxe_language: str | None

    def view(self) -> dict[str, Any]:
        out: dict[str, Any] = {"guiLanguage": self.gui_language}
        if self.oxe_language is not None:
            out["oxeLanguage"] = self.oxe_language
        return out


def parse_node_ids(raw: str | None) -> list[int] | None:
    """`nodeIds=7,8` (L1151-1153); ';' is accepted too, as the vendor SDKs join node ids with it."""
    if raw is None:
        return None
    parts = [p.strip() for p in re.split(r"[,;]", raw)]
    if not raw.strip() or not all(p.isdigit() for p in parts):
        raise errors.bad_parameter(
            f"nodeIds must be one OXE node id or a comma separated list of node ids, not {raw!r}"
        )
    return [int(p) for p in parts]


@state
class UserInformation:
    """Per-user O2G data of the User information service (preferences) and its operations."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self._preferences: dict[str, Preferences] = {}

    @property
    def accounts(self) -> UserAccounts:
        return self.backend.state(UserAccounts)

    # -- access rules ----------------------------------------------------------------------------------
    def _readable(self, login: str) -> Subscriber:
        sub = self.accounts.user(login)
        if sub is None:
            raise errors.not_found(f"no O2G user {login!r}")
        return sub

    def _own(self, session: Session, login: str, what: str) -> str:
        """The account a per-user operation may touch: its own for a user, any user or itself for an admin."""
        if not session.admin:
            if login != session.login:
                raise errors.not_allowed(f"a user session can only {what} of its own account ({session.login})")
            return login
        if login == session.login:
            return login
        return self._readable(login).login

    # -- users.logins.list -----------------------------------------------------------------------------
    def list_logins(
        self, session: Session, *, node_ids: str | None, only_acd: bool, only_with_ext_login: bool
    ) -> dict[str, Any]:
        if not session.admin:
            if node_ids is not None or only_acd or only_with_ext_login:
                raise errors.not_allowed("nodeIds, onlyACD and onlyWithExtLogin can only be used by an administrator")
            return {"loginNames": [session.login]}  # L1143-1144, example L1178-1185
        users = self.accounts.users(parse_node_ids(node_ids))
        if only_acd:  # "only the ACD operators (agents or supervisors)" (L1154, example L1204-1212)
            from ..acd.ccd import CallCenter

            call_center = self.backend.state(CallCenter)
            users = [s for s in users if call_center.operator(s.login) is not None]
        if only_with_ext_login:
            users = [s for s in users if s.user.email]
        return {"loginNames": [s.login for s in users]}

    # -- users.users.find_by_company_phone ---------------------------------------------------------------
    def find_by_company_phone(self, session: Session, query: Mapping[str, str]) -> dict[str, Any]:
        # "only one query parameter can be used at a time. If no query parameter a BAD_REQUEST" (L1228).
        if not query:
            raise errors.bad_parameter("a query parameter is required: companyPhone")
        if len(query) > 1:
            raise errors.bad_parameter(
                f"only one query parameter can be used at a time, not {', '.join(sorted(query))}"
            )
        if "companyPhone" not in query:
            raise errors.bad_parameter(f"unknown query parameter {next(iter(query))!r}; use companyPhone")
        phone = query["companyPhone"].strip()
        if not phone:
            raise errors.bad_parameter("companyPhone must not be empty")
        sub = next((s for s in self.accounts.users() if s.user.companyPhone == phone), None)
        if sub is None:
            raise errors.not_found(f"no O2G user with company phone {phone}", status=404)  # 404 documented L1250
        return user_view(sub, devices=session.admin or sub.login == session.login)

    # -- users.user.get --------------------------------------------------------------------------------
    def get_user(self, session: Session, login: str) -> dict[str, Any]:
        if session.admin and login == session.login:
            return {"loginName": login}  # "First name of the User or Administrator owner of this Account" (L1643)
        sub = self._readable(login)
        return user_view(sub, devices=session.admin or login == session.login)

    # -- users.password.change -------------------------------------------------------------------------
    def change_password(self, session: Session, login: str, old: str, new: str) -> None:
        if session.admin and login != session.login:
            raise errors.not_allowed("an administrator can only change its own password (L1322)")
        target = self._own(session, login, "change the password")
        current = self.accounts.configured_password(target)
        if current is None or old != current:
            raise errors.not_allowed("oldPassword does not match the current password")
        if session.admin:
            if (
                len(new) < ADMIN_PASSWORD_MIN
                or not re.search(r"[A-Za-z]", new)
                or not re.search(r"\d", new)
                or re.search(r"\s", new)
            ):
                raise errors.bad_parameter(
                    f"newPassword does not comply with the O2G password policy: at least {ADMIN_PASSWORD_MIN} "
                    "characters, with a letter and a digit, no space"
                )
        elif not USER_PASSWORD.match(new):
            raise errors.bad_parameter("newPassword must be the 4-digit secret code of the OXE subscriber (L1329-1330)")
        self.accounts.set_password(target, new)

    # -- users.preferences.get / update ----------------------------------------------------------------
    def _preferences_of(self, login: str) -> Preferences:
        prefs = self._preferences.get(login)
        if prefs is None:
            sub = self.accounts.subscriber(login)
            if sub is None:  # an administrator: a GUI language only
                prefs = Preferences(initial_languages("en")[0], None)
            else:
                prefs = Preferences(*initial_languages(sub.user.language))
            self._preferences[login] = prefs
        return prefs

    def get_preferences(self, session: Session, login: str) -> dict[str, Any]:
        return self._preferences_of(self._own(session, login, "read the preferences")).view()

    def update_preferences(
        self, session: Session, login: str, gui_language: str | None, oxe_language: str | None
    ) -> None:
        target = self._own(session, login, "change the preferences")
        prefs = self._preferences_of(target)
        if gui_language is None and oxe_language is None:
            raise errors.bad_parameter("UserPreferences: nothing to update (guiLanguage)")
        if oxe_language is not None and oxe_language != prefs.oxe_language:
            # The OXE language is subscriber configuration; only GUI_LANGUAGE is a documented parameter (L555-557).
            raise errors.bad_parameter("oxeLanguage is read-only: it is set in the OXE subscriber configuration")
        if gui_language is not None:
            code = normalize_gui_language(gui_language)
            if code not in SUPPORTED_GUI_LANGUAGES:
                raise errors.ApiError(
                    "BAD_PARAMETER",
                    f"guiLanguage {gui_language!r} is not a supported language ({', '.join(SUPPORTED_GUI_LANGUAGES)})",
                    user_preferences={"errorType": "WRONG_VALUE", "parameter": "GUI_LANGUAGE"},
                )
            changed = code != prefs.gui_language
            prefs.gui_language = code
            if changed:
                self._changed(target, prefs)

    def _changed(self, login: str, prefs: Preferences) -> None:
        bus = self.backend.bus
        bus.publish(
            {"eventName": "OnPreferencesChanged", "loginName": login, "preferences": prefs.view()}, subject=login
        )
        sub = self.accounts.user(login)
        if sub is not None:
            self.publish_user_info_changed(sub)

    def publish_user_info_changed(self, sub: Subscriber) -> None:
        """OnUserInfoChanged (L1600-1627) to the user's own subscriptions (and userManagement ones)."""
        event = {"eventName": "OnUserInfoChanged", "loginName": sub.login, "user": user_view(sub, devices=True)}
        self.backend.bus.publish(event, subject=sub.login)

    def forget(self, login: str) -> None:
        """The account is no longer an O2G user: its O2G-side preferences go with it."""
        self._preferences.pop(login, None)

    # -- users.supported_languages.get -----------------------------------------------------------------
    def supported_languages(self, session: Session, login: str) -> dict[str, Any]:
        self._own(session, login, "read the supported languages")
        languages = list(SUPPORTED_GUI_LANGUAGES)
        # Example L1530 fills supportedLanguages only; supportedGuiLanguages [0..*] (L1633) carries the same list.
        return {"supportedLanguages": languages, "supportedGuiLanguages": languages}
