"""Routing backend: one method per `routing.*` operation, the users' routes, and the routing telephony consults.

Readings chosen where the reference is silent or disagrees with itself:
- Forward and overflow: "Overflow destinations is only used when the forward destination is not active"
  (L6844). An overflow may be set while a forward is active; it applies again once the forward is
  cancelled. The routing decides what telephony does with an offered call (`plan`, see
  services/telephony/progress.py): forward first, then overflow; do not disturb makes the set busy, so a
  forward or overflow on busy takes the call, else it fails with DO_NOT_DISTURB.
- `POST /routing/forwardroute` without `forwardRoute`: SetForwardRouteRequest is a "request to activate
  or cancel the forward" with forwardRoute [0..1] (L7719-7722) while DELETE also cancels (L7162-7195); the
  emulator cancels, as the representation says.
- `POST /routing`: presentationRoutes only (de)selects MOBILE (L6909-6910, L7663-7667; OFFICE is always on),
  although DestinationType marks MOBILE and OFFICE deprecated (L7559-7560): the operation's own text wins.
  forwardRoutes sets the forward "for compatibility" (L6911): one route at most (L7758, INVALID_FORWARD_ROUTE
  L414), an empty list cancels it, an absent one leaves it. The presentation route can only be changed by a
  user with a remote extension (a MOBILE set); without one the request is UNAUTHORIZED.
- Shapes as documented, however uneven: GET forwardroute/overflowroute answer one route (L7137, L7310),
  POST overflowroute takes a list `overflowRoutes` (L7738), POST forwardroute one `forwardRoute` (L7722).
  Every successful change answers 204, including the forward example that shows no response (L7272-7288).
- RoutingState is answered as the representation defines it (L7680-7718), with dndState and without the
  example's currentDeviceId and routing profiles (L7489, L7447).
- GET forwardroute/overflowroute list 404 with no explanation (L7143, L7316) and the overflow route has a
  mandatory overflowType (L7643): with no route set they answer 404 (routing errorType UNKNOWN). An
  unknown loginName is 404 as well (`Context.acting_login`).
- DND set twice, or cancelling what is not set: 204 and no event (nothing changed).
- OnRoutingStateChanged (package routingManagement, L2092) on every change, although the notification
  summary and every "Associated notifications" list of the section are empty (L6864, L7007); the snapshot
  (L7493-7507) sends it to the requesting session's subscriptions only, as the telephony snapshot does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...core.registry import Backend, state
from ...core.sessions import Session
from ..subscriptions.models import SubscriptionStore
from ..telephony.hooks import VOICEMAIL, Diversion, RoutePlan
from ..telephony.models import TelephonyState
from . import errors
from .rules import DestinationIn, ForwardRouteIn, OverflowRouteIn, PresentationRouteIn, Route, parse_route


@dataclass
class UserRouting:
    """The routing of one user."""

    forward: Route | None = None
    overflow: Route | None = None
    dnd: bool = False
    mobile_selected: bool = False


@state
class RoutingService:
    """Routes of every user, rebuilt empty on reset (no forward, no overflow, no DND)."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self._users: dict[str, UserRouting] = {}

    def start(self) -> None:
        self.tel.hooks.routing = self.plan

    def control_summary(self) -> dict[str, Any]:
        """What the control API's state view shows: the users whose routing is not the initial one."""
        return {"routing": sorted(login for login, r in self._users.items() if r != UserRouting())}

    @property
    def tel(self) -> TelephonyState:
        return self.backend.state(TelephonyState)

    def _of(self, login: str) -> UserRouting:
        return self._users.setdefault(login, UserRouting())

    def _mobile(self, login: str) -> str | None:
        """The user's remote extension (a MOBILE set), if he has one."""
        user = self.backend.user(login)
        return next((d.number for d in user.devices if d.type == "MOBILE"), None) if user else None

    # -- what telephony asks ---------------------------------------------------------------------------
    def plan(self, login: str) -> RoutePlan | None:
        """How calls offered to `login` are routed now (None: nothing to do)."""
        r = self._users.get(login)
        if r is None:
            return None
        route, cause = (r.forward, "FORWARDED") if r.forward is not None else (r.overflow, "OVERFLOWN")
        if route is None:
            return RoutePlan(dnd=r.dnd) if r.dnd else None
        d = Diversion(VOICEMAIL if route.destination == VOICEMAIL else str(route.number), cause)
        return RoutePlan(
            dnd=r.dnd,
            immediate=d if route.condition is None else None,
            busy=d if route.condition in ("BUSY", "BUSY_NO_ANSWER") else None,
            no_answer=d if route.condition in ("NO_ANSWER", "BUSY_NO_ANSWER") else None,
        )

    # -- views ------------------------------------------------------------------------------------------
    def capabilities(self, login: str) -> dict[str, Any]:
        """Capabilities (L7532-7539): presentation routes only for a user with a remote extension."""
        return {
            "presentationRoute": self._mobile(login) is not None,
            "forwardRoute": True,
            "overflowRoute": True,
            "dnd": True,
        }

    def state_view(self, login: str) -> dict[str, Any]:
        """RoutingState (L7680-7718); deviceId filled by the system on presentation destinations (L7544)."""
        r = self._of(login)
        user = self.backend.user(login)
        office: dict[str, Any] = {"type": "OFFICE", "selected": True}
        if user is not None:
            office["deviceId"] = user.companyPhone
        destinations = [office]
        mobile = self._mobile(login)
        if mobile is not None:
            destinations.append({"type": "MOBILE", "selected": r.mobile_selected, "deviceId": mobile})
        return {
            "presentationRoutes": [{"destinations": destinations}],
            "forwardRoutes": [r.forward.view()] if r.forward else [],
            "overflowRoutes": [r.overflow.view()] if r.overflow else [],
            "dndState": {"activate": r.dnd},
        }

    def forward_route(self, login: str) -> dict[str, Any]:
        route = self._of(login).forward
        if route is None:
            raise errors.no_route("forward")
        return route.view()

    def overflow_route(self, login: str) -> dict[str, Any]:
        route = self._of(login).overflow
        if route is None:
            raise errors.no_route("overflow")
        return route.view()

    def dnd_state(self, login: str) -> dict[str, Any]:
        return {"activate": self._of(login).dnd}

    # -- changes ----------------------------------------------------------------------------------------
    def _forwards(self) -> dict[str, Route]:
        return {login: r.forward for login, r in self._users.items() if r.forward is not None}

    def _parse_forward(self, login: str, route: ForwardRouteIn) -> Route:
        return parse_route(self.tel, login, "forward", route.forwardType, route.destinations, self._forwards())

    def set_forward(self, login: str, route: ForwardRouteIn | None) -> None:
        new = self._parse_forward(login, route) if route is not None else None
        self._change(login, forward=new)

    def cancel_forward(self, login: str) -> None:
        self._change(login, forward=None)

    def set_overflow(self, login: str, routes: list[OverflowRouteIn] | None) -> None:
        if not routes:
            raise errors.bad_value("NULL_OR_EMPTY_PARAMETER", "overflowRoutes must hold one overflow route (L7738)")
        if len(routes) > 1:
            raise errors.bad_value("INVALID_OVERFLOW_ROUTE", "only one overflow route can be set (L421, L7738)")
        route = routes[0]
        parsed = parse_route(self.tel, login, "overflow", route.overflowType, route.destinations, self._forwards())
        self._change(login, overflow=parsed)

    def cancel_overflow(self, login: str) -> None:
        self._change(login, overflow=None)

    def set_dnd(self, login: str, active: bool) -> None:
        self._change(login, dnd=active)

    def set_routes(
        self, login: str, presentation: list[PresentationRouteIn] | None, forwards: list[ForwardRouteIn] | None
    ) -> None:
        """POST /routing: validate everything, then apply both parts with one event."""
        changes: dict[str, Any] = {}
        if presentation:
            if len(presentation) > 1:
                raise errors.bad_value("UNKNOWN", "only one presentation route can be set (L7755)")
            changes["mobile_selected"] = self._presentation(login, presentation[0].destinations or [])
        if forwards is not None:
            if len(forwards) > 1:
                raise errors.bad_value("INVALID_FORWARD_ROUTE", "more than 1 forward route is specified (L414, L7758)")
            changes["forward"] = self._parse_forward(login, forwards[0]) if forwards else None
        self._change(login, **changes)

    def _presentation(self, login: str, destinations: list[DestinationIn]) -> bool | None:
        """The MOBILE selection asked (None: unchanged); OFFICE is always selected (L7667)."""
        r = self._of(login)
        mobile = None
        for dest in destinations:
            if dest.type == "OFFICE":
                if dest.selected is False:
                    raise errors.routing_error(
                        "INVALID_OPERATION", "UNKNOWN", "the OFFICE destination is always activated (L7667)", "OFFICE"
                    )
            elif dest.type == "MOBILE":
                if self._mobile(login) is None:
                    raise errors.unauthorized("UNKNOWN", f"{login} has no remote extension (L7666)", "MOBILE")
                if dest.selected is None:
                    raise errors.bad_value("NULL_PARAMETER", "selected must say whether MOBILE is selected", "MOBILE")
                mobile = dest.selected
            else:
                kind = dest.type if dest.type in ("VOICEMAIL", "NUMBER", "UNKNOWN") else "UNKNOWN"
                raise errors.bad_value(
                    "UNKNOWN", f"only MOBILE can be set as a presentation route, not {dest.type!r} (L6910)", kind
                )
        return r.mobile_selected if mobile is None else mobile

    def _change(self, login: str, **changes: Any) -> None:
        r = self._of(login)
        before = self.state_view(login)
        for name, value in changes.items():
            setattr(r, name, value)
        after = self.state_view(login)
        if after != before:
            self._publish(login, after)

    def _publish(self, login: str, view: dict[str, Any], only: frozenset[str] | None = None) -> None:
        event = {"eventName": "OnRoutingStateChanged", "loginName": login, "routingState": view}
        self.backend.bus.publish(event, subject=login, only=only)

    # -- snapshot ---------------------------------------------------------------------------------------
    def snapshot(self, session: Session, login: str | None) -> int:
        """OnRoutingStateChanged for one user, or every user for an administrator without loginName (L7495)."""
        subs = frozenset(s.id for s in self.backend.state(SubscriptionStore).all() if s.session_id == session.id)
        logins = [login] if login is not None else self.backend.logins()
        for who in logins:
            self._publish(who, self.state_view(who), only=subs)
        return len(logins)
