"""Directory search backend: search contexts, their polling lifecycle and limits (reference L6496-6702).

Lifecycle of a search on the virtual clock: POST creates it (201); the first GET answers NOK (the call
server is still searching, L6559-6562); each later GET answers OK with the next results (L6563-6566), then
FINISH once all were given (L6567-6571). A search whose results are not all fetched SEARCH_TIMEOUT seconds
after its start ends with TIMEOUT. A context unused for a minute is freed (L6514), as are the contexts of a
closed session.

Readings chosen where the reference is silent or disagrees with itself:
- Which search GET/DELETE address: the resource has no search id (L6513, L6702). GET reads "the current
  search" (L6554) of the session for the acting user; a new POST makes the new search current. Searches it
  superseded stay allocated (they count against the limits) until DELETE, which stops the current search and
  frees the superseded ones of the same session and user, or until the idle purge.
- Limits (L6512-6514): the error is not documented. A sixth search of a session is NOT_EXPECTED (the
  session's state, canRetry; status 400, the documented client error); the 101st of the system is
  SERVER_PROBLEM 503 (Service Unavailable, documented).
- GET or DELETE without a search (never started, stopped, or purged) is NOT_FOUND, status 400.
- Administrators: the presentation allows "an administrator without any delegation" (L6502) while loginName
  "MUST be specified" for an administrator (L6521-6524); an administrator may omit it and searches for
  itself, or name the user it acts for.
- ResultElement (L6771-6786): one element per matching entry, its contacts holding that entry.
- The phone book is the call server's: every OXE subscriber, O2G user or not; `id.loginName` is given for
  O2G users only. Entries are sorted by last name, then first name.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ...core import errors
from ...core.clock import TimerHandle
from ...core.registry import Backend, state
from ...core.sessions import Session, SessionStore
from ..users.accounts import UserAccounts
from .criteria import MAX_DEPTH, Contact, Criterion, dtmf_matches

SESSION_LIMIT = 5
SYSTEM_LIMIT = 100
IDLE_PURGE = 60.0
SEARCH_TIMEOUT = 30.0
RESULTS_PER_POLL = 10
DEFAULT_LIMIT = 100

Key = tuple[str, str | None]  # (session id, acting login or None for an administrator acting for itself)


@dataclass
class Search:
    id: int
    key: Key
    contacts: list[Contact]
    created: float
    polls: int = 0
    delivered: int = 0
    outcome: str | None = None  # FINISH or TIMEOUT once the search has ended
    idle: TimerHandle | None = field(default=None, repr=False)


@state
class DirectoryService:
    """Every live search context of the system."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self._searches: dict[int, Search] = {}
        self._current: dict[Key, int] = {}
        self._ids = itertools.count(1)

    def start(self) -> None:
        self.backend.state(SessionStore).on_close.append(self._session_closed)

    def shutdown(self) -> None:
        for search in list(self._searches.values()):
            self._free(search)

    # -- the phone book ------------------------------------------------------------------------------
    def phone_book(self) -> list[Contact]:
        accounts = self.backend.state(UserAccounts)
        entries = [
            Contact(
                s.user.firstName, s.user.lastName, s.user.companyPhone, s.login if accounts.is_user(s.login) else None
            )
            for s in accounts.subscribers()
        ]
        return sorted(entries, key=lambda c: (c.last_name.casefold(), c.first_name.casefold(), c.phone_number))

    # -- directory.search.create / directory.searchbydtmf.create -----------------------------------------
    def search(self, session: Session, login: str | None, criterion: Criterion, limit: int | None) -> Search:
        if criterion.depth() > MAX_DEPTH:
            raise errors.bad_parameter(f"the search filter nests criteria too deeply (at most {MAX_DEPTH} levels)")
        return self._create(session, login, criterion.matches, limit)

    def search_by_dtmf(
        self,
        session: Session,
        login: str | None,
        keyboard: str,
        last_name: str,
        first_name: str | None,
        limit: int | None,
    ) -> Search:
        return self._create(session, login, lambda c: dtmf_matches(c, keyboard, last_name, first_name), limit)

    def _create(
        self, session: Session, login: str | None, match: Callable[[Contact], bool], limit: int | None
    ) -> Search:
        mine = [s for s in self._searches.values() if s.key[0] == session.id]
        if len(mine) >= SESSION_LIMIT:
            raise errors.not_expected(
                f"this session already has {SESSION_LIMIT} concurrent searches (L6513); stop one or wait a minute"
            )
        if len(self._searches) >= SYSTEM_LIMIT:
            raise errors.server_problem(f"the system already runs {SYSTEM_LIMIT} concurrent searches (L6512)")
        contacts = [c for c in self.phone_book() if match(c)][: limit or DEFAULT_LIMIT]
        search = Search(next(self._ids), (session.id, login), contacts, self.backend.clock.now())
        self._searches[search.id] = search
        self._current[search.key] = search.id
        self._touch(search)
        return search

    # -- directory.search.get ------------------------------------------------------------------------
    def next_results(self, session: Session, login: str | None) -> dict[str, Any]:
        search = self._current_search(session, login)
        self._touch(search)
        if search.outcome is None:
            search.polls += 1
            remaining = len(search.contacts) - search.delivered
            if search.polls == 1 and self.backend.clock.now() - search.created < SEARCH_TIMEOUT:
                return {"resultCode": "NOK", "resultElements": []}
            if remaining <= 0:
                search.outcome = "FINISH"
            elif self.backend.clock.now() - search.created >= SEARCH_TIMEOUT:
                search.outcome = "TIMEOUT"
            else:
                batch = search.contacts[search.delivered : search.delivered + RESULTS_PER_POLL]
                search.delivered += len(batch)
                return {"resultCode": "OK", "resultElements": [{"contacts": [c.view()]} for c in batch]}
        return {"resultCode": search.outcome, "resultElements": []}

    # -- directory.search.delete ---------------------------------------------------------------------
    def stop(self, session: Session, login: str | None) -> None:
        current = self._current_search(session, login)
        for search in [s for s in self._searches.values() if s.key == current.key]:
            self._free(search)

    # -- context bookkeeping -------------------------------------------------------------------------
    def _current_search(self, session: Session, login: str | None) -> Search:
        search_id = self._current.get((session.id, login))
        search = self._searches.get(search_id) if search_id is not None else None
        if search is None:
            who = f" for {login}" if login and session.admin else ""
            raise errors.not_found(f"no current directory search in this session{who}: start one with POST")
        return search

    def _touch(self, search: Search) -> None:
        """The context is in use: it is freed IDLE_PURGE seconds after its last use (L6514)."""
        if search.idle:
            search.idle.cancel()
        search.idle = self.backend.clock.call_later(IDLE_PURGE, lambda: self._free(search))

    def _free(self, search: Search) -> None:
        if search.idle:
            search.idle.cancel()
        self._searches.pop(search.id, None)
        if self._current.get(search.key) == search.id:
            del self._current[search.key]

    def _session_closed(self, session: Session) -> None:
        for search in [s for s in self._searches.values() if s.key[0] == session.id]:
            self._free(search)

    def count(self) -> int:
        return len(self._searches)
