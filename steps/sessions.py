"""Steps of session management: open, get, keepalive, close (o2g-rest-api-reference.txt L665-1124)."""

from __future__ import annotations

from typing import Any

from pytest_bdd import parsers

from o2g_conformance.checks import NonConformance
from o2g_conformance.client import Session, SessionInfo
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import given, then, when

from .common import ACTOR, actor_name, body_of, last


def _open_raw(o2g: World, actor: str, body: Any, *, cookie: str | None = "credential", fresh: bool = False) -> None:
    name = actor_name(actor)
    credential = o2g.authenticate(name) if fresh else o2g.credential(name)
    headers = {}
    if cookie == "credential":
        headers["Cookie"] = credential.cookie_header
    elif cookie is not None:
        headers["Cookie"] = f"AlcUserId={cookie}"
    o2g.response = o2g.client(name).request(
        "POST", credential.sessions_url, json=body, headers=headers, op_id="sessions.session.open"
    )
    if o2g.response.ok and isinstance(o2g.response.json, dict):
        session = Session(o2g.client(name), credential, o2g.response.model(SessionInfo), response=o2g.response)
        key = o2g.key(name)
        if key in o2g.sessions and not o2g.sessions[key].closed:
            key = f"{key}#{len(o2g.sessions)}"
        o2g.set_session(key, session)


@when(parsers.re(ACTOR + r" opens a session$"))
def open_session(o2g: World, actor: str) -> None:
    """The actor opens a session; sends sessions.session.open."""
    _open_raw(o2g, actor, {"applicationName": "o2g-conformance"})


@given(parsers.re(ACTOR + r" has opened a session with a time to live of (?P<ttl>\d+) seconds$"))
@when(parsers.re(ACTOR + r" opens a session with a time to live of (?P<ttl>\d+) seconds$"))
def open_session_ttl(o2g: World, actor: str, ttl: str) -> None:
    """The actor opens a session with a time to live of {ttl} seconds; sends sessions.session.open."""
    _open_raw(o2g, actor, {"applicationName": "o2g-conformance", "timeToLive": int(ttl)})


@when(parsers.re(ACTOR + r" opens a second session with the same credential$"))
def open_again(o2g: World, actor: str) -> None:
    """The actor opens a second session with the same credential; sends sessions.session.open."""
    _open_raw(o2g, actor, {"applicationName": "o2g-conformance-again"})


@given(parsers.re(ACTOR + r" has opened a second session with a new credential$"))
@when(parsers.re(ACTOR + r" opens a second session with a new credential$"))
def open_with_new_credential(o2g: World, actor: str) -> None:
    """The actor opens a second session with a new credential; sends sessions.session.open."""
    name = actor_name(actor)
    key = o2g.key(name)
    if key in o2g.sessions:  # the first session stays reachable as "<role>#1"
        first = o2g.sessions[f"{key}#1"] = o2g.sessions.pop(key)
        # what the user had besides this scenario's sessions (a real target is not empty)
        o2g.values["sessions.live-before"] = len(_live(first.open_response.json if first.open_response else None))
    o2g.clients.pop(key, None)  # a second application: its own client and cookie jar
    _open_raw(o2g, actor, {"applicationName": "o2g-conformance-second"}, fresh=True)


@when(parsers.re(ACTOR + r" opens a session without the AlcUserId cookie$"))
def open_without_cookie(o2g: World, actor: str) -> None:
    """The actor opens a session without the AlcUserId cookie; sends sessions.session.open."""
    _open_raw(o2g, actor, {"applicationName": "o2g-conformance"}, cookie=None)


@when(parsers.re(ACTOR + r" opens a session with a forged AlcUserId cookie$"))
def open_forged_cookie(o2g: World, actor: str) -> None:
    """The actor opens a session with a forged AlcUserId cookie; sends sessions.session.open."""
    _open_raw(o2g, actor, {"applicationName": "o2g-conformance"}, cookie="eyJhbGciOiJIUzI1NiJ9.forged.signature")


@when(parsers.re(ACTOR + r" opens a session without an application name$"))
def open_without_name(o2g: World, actor: str) -> None:
    """The actor opens a session without an application name; sends sessions.session.open."""
    _open_raw(o2g, actor, {"applicationAddress": "10.0.0.1"})


@when(parsers.re(ACTOR + r" opens a session with a malformed JSON body$"))
def open_malformed(o2g: World, actor: str) -> None:
    """The actor opens a session with a malformed JSON body; sends sessions.session.open."""
    name = actor_name(actor)
    credential = o2g.credential(name)
    o2g.response = o2g.client(name).request(
        "POST",
        credential.sessions_url,
        content='{"applicationName": ',
        op_id="sessions.session.open",
        headers={"Cookie": credential.cookie_header, "Content-Type": "application/json"},
    )


@when(
    parsers.re(
        r"the administrator opens a session supervising user \"?(?P<role>[A-Z])\"? "
        r"by (?P<kind>login name|phone number)$"
    )
)
def open_supervised(o2g: World, role: str, kind: str) -> None:
    """The administrator opens a session supervising user {role} by (login name|phone number).

    Sends sessions.session.open.
    """
    account = o2g.account(role)
    ident = account.login if kind == "login name" else account.number
    kind_value = "LOGIN_NAME" if kind == "login name" else "PHONE_NUMBER"
    _open_raw(
        o2g,
        "the administrator",
        {"applicationName": "o2g-conformance-supervisor", "supervisedAccount": {"type": kind_value, "id": ident}},
    )


@when(parsers.re(r"the administrator opens a session supervising an unknown (?P<kind>login name|phone number)$"))
def open_supervised_unknown(o2g: World, kind: str) -> None:
    """The administrator opens a session supervising an unknown (login name|phone number).

    Sends sessions.session.open.
    """
    kind_value = "LOGIN_NAME" if kind == "login name" else "PHONE_NUMBER"
    ident = "oxe00000000" if kind == "login name" else "000000000"
    _open_raw(
        o2g,
        "the administrator",
        {"applicationName": "o2g-conformance-supervisor", "supervisedAccount": {"type": kind_value, "id": ident}},
    )


def _session(o2g: World, actor: str) -> Session:
    key = o2g.key(actor_name(actor))
    if key not in o2g.sessions:
        raise AssertionError(f"{actor} has no session in this scenario")
    return o2g.sessions[key]


@when(parsers.re(ACTOR + r" gets its session information$"))
def get_info(o2g: World, actor: str) -> None:
    """The actor gets its session information; sends sessions.session.get."""
    o2g.response = _session(o2g, actor).call("sessions.session.get")


@when(parsers.re(ACTOR + r" sends a keepalive$"))
@given(parsers.re(ACTOR + r" has sent a keepalive$"))
def send_keepalive(o2g: World, actor: str) -> None:
    """The actor sends a keepalive; sends sessions.keepalive.post."""
    o2g.response = _session(o2g, actor).call("sessions.keepalive.post")


@when(parsers.re(ACTOR + r" closes its session$"))
@given(parsers.re(ACTOR + r" has closed its session$"))
def close(o2g: World, actor: str) -> None:
    """The actor closes its session; sends sessions.session.close."""
    session = _session(o2g, actor)
    o2g.response = session.call("sessions.session.close")
    if o2g.response.status == 204:
        session.closed = True


@given(parsers.re(ACTOR + r" has closed its first session$"))
def close_first(o2g: World, actor: str) -> None:
    """Closes the first session; what the second one listed before is kept (a real target is not empty)."""
    key = o2g.key(actor_name(actor))
    session = o2g.sessions[f"{key}#1"]
    if key in o2g.sessions:
        before = o2g.sessions[key].call("sessions.session.get")
        body = before.json if before.status == 200 and isinstance(before.json, dict) else {}
        o2g.values["sessions.before-close"] = list(body.get("otherSessions") or [])
    o2g.response = session.call("sessions.session.close")
    if o2g.response.status == 204:
        session.closed = True


@when(parsers.re(ACTOR + r" closes its session again$"))
def close_again(o2g: World, actor: str) -> None:
    """The actor closes its session again; sends sessions.session.close."""
    o2g.response = _session(o2g, actor).call("sessions.session.close")


@then(
    parsers.re(
        r"the session is (?P<kind>a user|an administrator) session of (?P<actor>the administrator|user \"?[A-Z]\"?)$"
    )
)
def session_kind(o2g: World, kind: str, actor: str) -> None:
    """Checks that the session is (a user|an administrator) session of {actor}."""
    body = body_of(last(o2g))
    admin = kind == "an administrator"
    if body.get("admin", False) is not admin:
        raise NonConformance(
            "SessionInfo.admin tells an administrator session (L1040)",
            op_id=last(o2g).op_id,
            documented=admin,
            received=body.get("admin"),
        )
    login = body.get("login")
    expected = o2g.account(actor_name(actor)).login
    if login is not None and login != expected:  # `login` is optional, since 2.7.4 (L1041)
        raise NonConformance(
            "SessionInfo.login is the roxe login (L1041)", op_id=last(o2g).op_id, documented=expected, received=login
        )


@then(parsers.re(r"the session's time to live is (?P<ttl>\d+) seconds$"))
def session_ttl(o2g: World, ttl: str) -> None:
    """Checks that the session's time to live is {ttl} seconds."""
    received = body_of(last(o2g)).get("timeToLive")
    if str(received) != ttl:  # int in the table (L1042), a string in four examples (L843 ...)
        raise NonConformance(
            "SessionInfo.timeToLive", op_id=last(o2g).op_id, line=1042, documented=ttl, received=received
        )


@then(parsers.re(r"the session offers the service \"(?P<name>[^\"]+)\"$"))
def offers_service(o2g: World, name: str) -> None:
    """Checks that the session offers the service "{name}"."""
    body = body_of(last(o2g))
    services = body.get("services") or body.get("Services") or []
    names = [str(s.get("serviceName", "")).lower() for s in services if isinstance(s, dict)]
    if name.lower() not in names:
        raise NonConformance(
            "the services list drives client routing (wire-facts, start-up 3)",
            op_id=last(o2g).op_id,
            documented=f"a service named {name}",
            received=names,
        )


@then("the session has a creation date")
def has_creation_date(o2g: World) -> None:
    """Checks that the session has a creation date: SessionInfo.creationDate (since 2.7, L1049)."""
    if not body_of(last(o2g)).get("creationDate"):
        raise NonConformance(
            "SessionInfo.creationDate (since 2.7, L1049)",
            op_id=last(o2g).op_id,
            documented="a creation date",
            received=None,
        )


@then(parsers.re(r"the other sessions include (?P<count>\d+) live sessions?$"))
def other_live_sessions(o2g: World, count: str) -> None:
    """Live ones only: a real target also lists earlier, finished sessions until its purge (L1121-1124)."""
    others = body_of(last(o2g)).get("otherSessions") or []
    before = int(o2g.values.get("sessions.live-before", 0))
    if len(_live(body_of(last(o2g)))) != int(count) + before:
        raise NonConformance(
            "SessionInfo.otherSessions lists the user's other live sessions (L1052)",
            op_id=last(o2g).op_id,
            documented=f"{count} live session(s) besides the {before} the user had before the scenario",
            received=others,
        )


@then(parsers.re(r"the other sessions list (?P<count>\d+) sessions?(?P<closed> with a time to live of 0)?$"))
def other_sessions(o2g: World, count: str, closed: str | None) -> None:
    """Checks that the other sessions list {count} session[s][ with a time to live of 0]."""
    others = body_of(last(o2g)).get("otherSessions") or []
    if len(others) != int(count):
        raise NonConformance(
            "SessionInfo.otherSessions lists the user's other sessions until the purge (L1052)",
            op_id=last(o2g).op_id,
            documented=f"{count} session(s)",
            received=others,
        )
    if closed and any(int(o.get("timeToLive", -1)) != 0 for o in others):
        raise NonConformance(
            "a finished session not yet purged has timeToLive 0 (L1121-1124)",
            op_id=last(o2g).op_id,
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


@then(parsers.re(r"the other sessions list (?P<count>\d+) more sessions? with a time to live of 0 than before$"))
def more_finished_sessions(o2g: World, count: str) -> None:
    """Compared with what the user's other sessions were before the close: earlier scenarios' sessions may
    still be listed on a real target until its purge (L1121-1124)."""
    others = body_of(last(o2g)).get("otherSessions") or []
    before = _finished(o2g.values.get("sessions.before-close", []))
    now = _finished(others)
    if len(now) - len(before) != int(count):
        raise NonConformance(
            "a finished session not yet purged is listed with timeToLive 0 (L1052, L1121-1124)",
            op_id=last(o2g).op_id,
            documented=f"{count} more session(s) with timeToLive 0 than the {len(before)} before the close",
            received=others,
        )
    o2g.values["sessions.finished"] = now


@then("the finished sessions are no longer listed")
def finished_purged(o2g: World) -> None:
    """The purge runs every 5 minutes (L1121-1124): every session listed with timeToLive 0 is gone."""
    others = body_of(last(o2g)).get("otherSessions") or []
    finished = o2g.values.get("sessions.finished", [])
    known = {_identity(f) for f in finished} - {None}
    left = [o for o in others if isinstance(o, dict) and _identity(o) in known] if known else _finished(others)
    if left:
        raise NonConformance(
            "the purge removes a finished session within 5 minutes (L1121-1124)",
            op_id=last(o2g).op_id,
            documented="none of the sessions finished before the wait",
            received=left,
        )
