"""Steps of session management: open, get, keepalive, close (o2g-rest-api-reference.txt L665-1124)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from o2g_conformance.checks import NonConformance
from o2g_conformance.client import ApiResponse, Session, SessionInfo
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import Actor, Role, given, then, when

from .common import body_of

OPEN = "sessions.session.open"
GET = "sessions.session.get"
KEEPALIVE = "sessions.keepalive.post"
CLOSE = "sessions.session.close"


@dataclass
class SessionNotes:
    """What the session steps of a scenario note for later steps (a real target is not empty)."""

    #: The live sessions the user had besides this scenario's, read when its second session opens.
    live_before: int = 0
    #: The other sessions the second session listed just before the first one closed.
    before_close: list[Any] = field(default_factory=list)
    #: The finished sessions (timeToLive 0) listed after the close: the purge must remove them.
    finished: list[dict[str, Any]] = field(default_factory=list)


@pytest.fixture
def session_notes() -> SessionNotes:
    """The session steps' notes of one scenario."""
    return SessionNotes()


def open_raw(
    o2g: World, actor: str, body: Any, *, cookie: str | None = "credential", fresh: bool = False
) -> ApiResponse:
    """POST the sessions URL as `actor` (its own client) with `body`; an opened session joins the world.

    `cookie`: "credential" sends the actor's credential, None none, any other value as the AlcUserId cookie.
    """
    credential = o2g.authenticate(actor) if fresh else o2g.credential(actor)
    headers = {}
    if cookie == "credential":
        headers["Cookie"] = credential.cookie_header
    elif cookie is not None:
        headers["Cookie"] = f"AlcUserId={cookie}"
    response = o2g.client(actor).request("POST", credential.sessions_url, json=body, headers=headers, op_id=OPEN)
    if response.ok and isinstance(response.json, dict):
        session = Session(o2g.client(actor), credential, response.model(SessionInfo), response=response)
        key = o2g.key(actor)
        if key in o2g.sessions and not o2g.sessions[key].closed:
            key = f"{key}#{len(o2g.sessions)}"
        o2g.set_session(key, session)
    return response


@when("{actor} opens a session", target_fixture="answer")
def open_session(o2g: World, actor: Actor) -> ApiResponse:
    """Sends sessions.session.open with the actor's credential and an application name (L665-1124)."""
    return open_raw(o2g, actor, {"applicationName": "o2g-conformance"})


@given("{actor} has opened a session with a time to live of {ttl:count} seconds", target_fixture="answer")
@when("{actor} opens a session with a time to live of {ttl:count} seconds", target_fixture="answer")
def open_session_ttl(o2g: World, actor: Actor, ttl: int) -> ApiResponse:
    """Sends sessions.session.open asking for that timeToLive (since 2.7.4, L1081)."""
    return open_raw(o2g, actor, {"applicationName": "o2g-conformance", "timeToLive": ttl})


@when("{actor} opens a second session with the same credential", target_fixture="answer")
def open_again(o2g: World, actor: Actor) -> ApiResponse:
    """Sends sessions.session.open a second time with the credential the first session was opened with."""
    return open_raw(o2g, actor, {"applicationName": "o2g-conformance-again"})


@given("{actor} has opened a second session with a new credential", target_fixture="answer")
@when("{actor} opens a second session with a new credential", target_fixture="answer")
def open_with_new_credential(o2g: World, session_notes: SessionNotes, actor: Actor) -> ApiResponse:
    """Authenticates again in a second client and sends sessions.session.open with the new credential."""
    key = o2g.key(actor)
    if key in o2g.sessions:  # the first session stays reachable as "<role>#1"
        first = o2g.sessions[f"{key}#1"] = o2g.sessions.pop(key)
        # what the user had besides this scenario's sessions (a real target is not empty)
        session_notes.live_before = len(_live(first.open_response.json if first.open_response else None))
    o2g.clients.pop(key, None)  # a second application: its own client and cookie jar
    return open_raw(o2g, actor, {"applicationName": "o2g-conformance-second"}, fresh=True)


@when("{actor} opens a session without the AlcUserId cookie", target_fixture="answer")
def open_without_cookie(o2g: World, actor: Actor) -> ApiResponse:
    """Sends sessions.session.open without any cookie."""
    return open_raw(o2g, actor, {"applicationName": "o2g-conformance"}, cookie=None)


@when("{actor} opens a session with a forged AlcUserId cookie", target_fixture="answer")
def open_forged_cookie(o2g: World, actor: Actor) -> ApiResponse:
    """Sends sessions.session.open with an AlcUserId cookie no authentication gave."""
    return open_raw(o2g, actor, {"applicationName": "o2g-conformance"}, cookie="eyJhbGciOiJIUzI1NiJ9.forged.signature")


@when("{actor} opens a session without an application name", target_fixture="answer")
def open_without_name(o2g: World, actor: Actor) -> ApiResponse:
    """Sends sessions.session.open with a body that has no applicationName."""
    return open_raw(o2g, actor, {"applicationAddress": "10.0.0.1"})


@when("{actor} opens a session with a malformed JSON body", target_fixture="answer")
def open_malformed(o2g: World, actor: Actor) -> ApiResponse:
    """Sends sessions.session.open with a truncated JSON body."""
    credential = o2g.credential(actor)
    return o2g.client(actor).request(
        "POST",
        credential.sessions_url,
        content='{"applicationName": ',
        op_id=OPEN,
        headers={"Cookie": credential.cookie_header, "Content-Type": "application/json"},
    )


def _supervising(kind: str, ident: str) -> dict[str, Any]:
    kind_value = "LOGIN_NAME" if kind == "login name" else "PHONE_NUMBER"
    return {"applicationName": "o2g-conformance-supervisor", "supervisedAccount": {"type": kind_value, "id": ident}}


@when(
    "the administrator opens a session supervising {role:user} by (?P<kind>login name|phone number)",
    target_fixture="answer",
)
def open_supervised(o2g: World, role: Role, kind: str) -> ApiResponse:
    """Sends sessions.session.open as the administrator with a supervisedAccount naming the user."""
    account = o2g.account(role)
    ident = account.login if kind == "login name" else account.number
    return open_raw(o2g, "administrator", _supervising(kind, ident))


@when(
    "the administrator opens a session supervising an unknown (?P<kind>login name|phone number)",
    target_fixture="answer",
)
def open_supervised_unknown(o2g: World, kind: str) -> ApiResponse:
    """Sends sessions.session.open as the administrator with a supervisedAccount no target has."""
    return open_raw(o2g, "administrator", _supervising(kind, "oxe00000000" if kind == "login name" else "000000000"))


def _session(o2g: World, actor: str) -> Session:
    key = o2g.key(actor)
    if key not in o2g.sessions:
        raise AssertionError(f"{actor} has no session in this scenario")
    return o2g.sessions[key]


@when("{actor} gets its session information", target_fixture="answer")
def get_info(o2g: World, actor: Actor) -> ApiResponse:
    """Sends sessions.session.get in the actor's session of this scenario."""
    _session(o2g, actor)
    return o2g.send(actor, GET)


@when("{actor} sends a keepalive", target_fixture="answer")
@given("{actor} has sent a keepalive", target_fixture="answer")
def send_keepalive(o2g: World, actor: Actor) -> ApiResponse:
    """Sends sessions.keepalive.post in the actor's session of this scenario (L992-995)."""
    _session(o2g, actor)
    return o2g.send(actor, KEEPALIVE)


@when("{actor} closes its session", target_fixture="answer")
@given("{actor} has closed its session", target_fixture="answer")
def close(o2g: World, actor: Actor) -> ApiResponse:
    """Sends sessions.session.close in the actor's session of this scenario; a 204 marks it closed."""
    session = _session(o2g, actor)
    response = o2g.send(actor, CLOSE)
    if response.status == 204:
        session.closed = True
    return response


@given("{actor} has closed its first session", target_fixture="answer")
def close_first(o2g: World, session_notes: SessionNotes, actor: Actor) -> ApiResponse:
    """Sends sessions.session.close in the first session; what the second one listed before is kept."""
    key = o2g.key(actor)
    session = o2g.sessions[f"{key}#1"]
    if key in o2g.sessions:
        before = o2g.aside(actor, GET)
        body = before.json if before.status == 200 and isinstance(before.json, dict) else {}
        session_notes.before_close = list(body.get("otherSessions") or [])
    response = session.call(CLOSE)  # not the actor's current session: it cannot be `o2g.send`
    if response.status == 204:
        session.closed = True
    return response


@when("{actor} closes its session again", target_fixture="answer")
def close_again(o2g: World, actor: Actor) -> ApiResponse:
    """Sends sessions.session.close in the actor's session that is closed already."""
    _session(o2g, actor)
    return o2g.send(actor, CLOSE)


@then("the session is (?P<kind>a user|an administrator) session of {actor}")
def session_kind(o2g: World, answer: ApiResponse, kind: str, actor: Actor) -> None:
    """Checks SessionInfo.admin (L1040) and, when given, SessionInfo.login is the actor's login (L1041)."""
    body = body_of(answer)
    admin = kind == "an administrator"
    if body.get("admin", False) is not admin:
        raise NonConformance(
            "SessionInfo.admin tells an administrator session (L1040)",
            op_id=answer.op_id,
            documented=admin,
            received=body.get("admin"),
        )
    login = body.get("login")
    expected = o2g.account(actor).login
    if login is not None and login != expected:  # `login` is optional, since 2.7.4 (L1041)
        raise NonConformance(
            "SessionInfo.login is the roxe login (L1041)", op_id=answer.op_id, documented=expected, received=login
        )


@then("the session's time to live is {ttl:count} seconds")
def session_ttl(answer: ApiResponse, ttl: int) -> None:
    """Checks SessionInfo.timeToLive (L1042): that number of seconds, as an int or a string."""
    received = body_of(answer).get("timeToLive")
    if str(received) != str(ttl):  # int in the table (L1042), a string in four examples (L843 ...)
        raise NonConformance("SessionInfo.timeToLive", op_id=answer.op_id, line=1042, documented=ttl, received=received)


@then('the session offers the service "{name:text}"')
def offers_service(answer: ApiResponse, name: str) -> None:
    """Checks that SessionInfo.services names that service (case-insensitive serviceName)."""
    body = body_of(answer)
    services = body.get("services") or body.get("Services") or []
    names = [str(s.get("serviceName", "")).lower() for s in services if isinstance(s, dict)]
    if name.lower() not in names:
        raise NonConformance(
            "the services list drives client routing (wire-facts, start-up 3)",
            op_id=answer.op_id,
            documented=f"a service named {name}",
            received=names,
        )


@then("the session has a creation date")
def has_creation_date(answer: ApiResponse) -> None:
    """Checks that the session has a creation date: SessionInfo.creationDate (since 2.7, L1049)."""
    if not body_of(answer).get("creationDate"):
        raise NonConformance(
            "SessionInfo.creationDate (since 2.7, L1049)",
            op_id=answer.op_id,
            documented="a creation date",
            received=None,
        )


@then("the other sessions include {count} live sessions?")
def other_live_sessions(answer: ApiResponse, session_notes: SessionNotes, count: int) -> None:
    """Live ones only: a real target also lists earlier, finished sessions until its purge (L1121-1124)."""
    others = body_of(answer).get("otherSessions") or []
    before = session_notes.live_before
    if len(_live(body_of(answer))) != count + before:
        raise NonConformance(
            "SessionInfo.otherSessions lists the user's other live sessions (L1052)",
            op_id=answer.op_id,
            documented=f"{count} live session(s) besides the {before} the user had before the scenario",
            received=others,
        )


@then("the other sessions list {count} sessions?(?P<closed> with a time to live of 0)?")
def other_sessions(answer: ApiResponse, count: int, closed: str | None) -> None:
    """Checks the number of SessionInfo.otherSessions (L1052) and, if said, that each has timeToLive 0."""
    others = body_of(answer).get("otherSessions") or []
    if len(others) != count:
        raise NonConformance(
            "SessionInfo.otherSessions lists the user's other sessions until the purge (L1052)",
            op_id=answer.op_id,
            documented=f"{count} session(s)",
            received=others,
        )
    if closed and any(int(o.get("timeToLive", -1)) != 0 for o in others):
        raise NonConformance(
            "a finished session not yet purged has timeToLive 0 (L1121-1124)",
            op_id=answer.op_id,
            documented="timeToLive 0",
            received=others,
        )


def _live(info: Any) -> list[dict[str, Any]]:
    """The live sessions a SessionInfo lists in otherSessions (timeToLive above 0, L1115-1118)."""
    others = info.get("otherSessions") if isinstance(info, dict) else None
    return [o for o in others or [] if isinstance(o, dict) and int(o.get("timeToLive", 0)) > 0]


def _finished(others: list[Any]) -> list[dict[str, Any]]:
    return [o for o in others if isinstance(o, dict) and int(o.get("timeToLive", -1)) == 0]


def _identity(session: dict[str, Any]) -> Any:
    """A UserSession's identity: its sessionId, else its creation date (both [0..1], L1115-1118)."""
    return session.get("sessionId") or session.get("creationDate")


@then("the other sessions list {count} more sessions? with a time to live of 0 than before")
def more_finished_sessions(answer: ApiResponse, session_notes: SessionNotes, count: int) -> None:
    """Checks the finished otherSessions against those before the close (a real target lists older ones, L1121-1124)."""
    others = body_of(answer).get("otherSessions") or []
    before = _finished(session_notes.before_close)
    now = _finished(others)
    if len(now) - len(before) != count:
        raise NonConformance(
            "a finished session not yet purged is listed with timeToLive 0 (L1052, L1121-1124)",
            op_id=answer.op_id,
            documented=f"{count} more session(s) with timeToLive 0 than the {len(before)} before the close",
            received=others,
        )
    session_notes.finished = now


@then("the finished sessions are no longer listed")
def finished_purged(answer: ApiResponse, session_notes: SessionNotes) -> None:
    """The purge runs every 5 minutes (L1121-1124): every session listed with timeToLive 0 is gone."""
    others = body_of(answer).get("otherSessions") or []
    finished = session_notes.finished
    known = {_identity(f) for f in finished} - {None}
    left = [o for o in others if isinstance(o, dict) and _identity(o) in known] if known else _finished(others)
    if left:
        raise NonConformance(
            "the purge removes a finished session within 5 minutes (L1121-1124)",
            op_id=answer.op_id,
            documented="none of the sessions finished before the wait",
            received=left,
        )
