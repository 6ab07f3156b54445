"""How calls progress: offering a call, answering, hanging up, and the timed progressions of the virtual clock.

A ringing connection progresses according to the `Behaviour` of the endpoint it rings (manual,
immediate, busy, answer after N seconds, give up after N seconds); the control API and the phone-set
actions use the same methods as the O2G operations.

A call offered to a user's set first goes through the user's routing (`hooks.RoutePlan`): an immediate
forward takes it away before the set rings; a busy set (or do not disturb) diverts it to the forward or
overflow on busy, else the call fails (BUSY, DO_NOT_DISTURB); a forward or overflow on no answer takes
it after `NO_ANSWER_DELAY` seconds of ringing. A diversion that cannot apply (no mailbox, a number that
no longer resolves, a user the call was already taken from) is ignored, which also stops forward loops.
"""

from __future__ import annotations

from collections.abc import Callable

from ...core.errors import ApiError
from . import errors
from .core import TelephonyCore
from .entities import Behaviour, Call, Connection, DeviceRecord, Endpoint, MediaState, OperationalState, Reroute
from .hooks import NO_ANSWER_DELAY, VOICEMAIL, Diversion, RoutePlan

M = MediaState
#: Failures that a diversion on busy takes over.
_BUSY = ("BUSY", "DO_NOT_DISTURB")


class CallProgress(TelephonyCore):
    """Call progression shared by every operation: with `TelephonyCore`, the core every family derives from."""

    # -- lines of a set ---------------------------------------------------------------------------
    def check_line(self, dev: DeviceRecord) -> tuple[Call, Connection] | None:
        """Before a set places or takes a call: in service, a line free; returns the conversation to hold."""
        if dev.state != OperationalState.IN_SERVICE:
            raise errors.out_of_service(dev.number)
        if not self.line_available(dev.number):
            raise errors.busy(f"all the lines of device {dev.number} are engaged")
        return next(((c, x) for c, x in self.device_conns(dev.number) if x.state == M.ACTIVE), None)

    def hold_for_new_call(self, conversation: tuple[Call, Connection] | None) -> None:
        """A set that places or takes a second call puts its conversation on hold first (enquiry call)."""
        if conversation is not None:
            call, conn = conversation
            conn.move(M.HELD)
            self.publish(call, first=conn.owner)

    def behaviour_of(self, ep: Endpoint) -> Behaviour:
        if ep.kind == "device":
            return self.devices[ep.number].behaviour
        if ep.kind == "external":
            return self.external(ep.number).behaviour
        return Behaviour(answer="immediate")

    def failure_for(self, ep: Endpoint) -> str | None:
        """The CallCause with which a call offered to `ep` now fails, or None when it can ring."""
        if ep.kind == "device":
            dev = self.devices[ep.number]
            if dev.state != OperationalState.IN_SERVICE:
                return "DESTINATION_NOT_OBTAINABLE"
            if dev.behaviour.answer == "busy" or self.device_conns(ep.number):
                return "BUSY"
        elif ep.kind == "external" and self.external(ep.number).behaviour.answer == "busy":
            return "BUSY"
        return None

    def require_reachable(self, ep: Endpoint) -> None:
        """For services that fail synchronously (redirect, blind transfer): busy answers RESOURCE_BUSY.

        A destination whose routing takes the call elsewhere (immediate forward, busy diversion) is reachable.
        """
        plan = self.route_plan(ep)
        failure = self.routed_failure(ep, plan)
        if plan is not None:
            if plan.immediate is not None and self.diversion_target(None, ep, plan.immediate) is not None:
                return
            if failure in _BUSY and plan.busy is not None and self.diversion_target(None, ep, plan.busy) is not None:
                return
        if failure in _BUSY:
            raise errors.busy(f"destination {ep.number} is busy")
        if failure is not None:
            raise errors.out_of_service(ep.number)

    # -- routing of a user (forward, overflow, do not disturb) --------------------------------------
    def route_plan(self, ep: Endpoint) -> RoutePlan | None:
        """The routing of the user whose set `ep` is (None: not a user's set, or no routing installed)."""
        if ep.kind != "device" or not ep.login or self.hooks.routing is None:
            return None
        return self.hooks.routing(ep.login)

    def routed_failure(self, ep: Endpoint, plan: RoutePlan | None) -> str | None:
        """`failure_for`, where a set in do not disturb that could ring fails with DO_NOT_DISTURB."""
        failure = self.failure_for(ep)
        if failure is None and plan is not None and plan.dnd:
            return "DO_NOT_DISTURB"
        return failure

    def diversion_target(self, call: Call | None, victim: Endpoint, d: Diversion) -> tuple[Endpoint, bool] | None:
        """Where a diversion of the user at `victim` leads now (endpoint, is a deposit), or None if it cannot apply."""
        login = victim.login
        taken = call.history.victims() if call is not None else set()
        if login is None or login in taken:
            return None
        if d.to == VOICEMAIL:
            user = self.backend.user(login)
            if user is None or not self.has_voicemail(login) or not user.voicemailNumber:
                return None
            return Endpoint("service", user.voicemailNumber, login), True
        try:
            target = self.resolve(d.to, caller=login)
        except ApiError:
            return None
        if target.kind == "service" or (target.kind == "device" and (target.login == login or target.login in taken)):
            return None
        return target, False

    def _divert(
        self,
        call: Call,
        victim: Endpoint,
        d: Diversion,
        target: tuple[Endpoint, bool],
        callers: list[Connection],
        *,
        first: str | None,
    ) -> Connection | None:
        endpoint, deposit = target
        self.note_reroute(call, victim, "VOICEMAIL" if deposit else "FORWARDED")
        call.last_redirecting = victim
        return self.offer(
            call, endpoint, callers, cause=d.cause, first=first, new_destination=endpoint.number, deposit=deposit
        )

    def note_reroute(self, call: Call, victim: Endpoint, reason: str) -> None:
        """The call is taken away from the user at `victim` (forward, overflow, redirection, pick-up)."""
        if victim.kind == "device" and victim.login:
            call.history.reroutes.append(Reroute(victim.login, victim, reason, self.backend.clock.now()))

    def _when_unanswered(self, call: Call, conn: Connection, d: Diversion) -> Callable[[], None]:
        def fire() -> None:
            if self.calls.get(call.ref) is not call or conn not in call.connections or conn.state != M.RINGING_INCOMING:
                return
            with self.operation():
                target = self.diversion_target(call, conn.endpoint, d)
                if target is None:
                    return
                callers = [c for c in call.others(conn) if c.state == M.RINGING_OUTGOING]
                self.detach(call, conn)
                self._divert(call, conn.endpoint, d, target, callers, first=conn.owner)

        return fire

    # -- offering and answering -------------------------------------------------------------------
    def offer(
        self,
        call: Call,
        callee: Endpoint,
        callers: list[Connection],
        *,
        cause: str | None = None,
        causes: dict[str, str] | None = None,
        first: str | None = None,
        new_destination: str | None = None,
        deposit: bool = False,
    ) -> Connection | None:
        """Offer `call` to `callee`: the callers hear it ring, or the call fails (callers RELEASING).

        The callee's routing applies first (module docstring); `deposit`: a voice mail callee records a message.
        """
        plan = self.route_plan(callee)
        if plan is not None and plan.immediate is not None:
            target = self.diversion_target(call, callee, plan.immediate)
            if target is not None:
                return self._divert(call, callee, plan.immediate, target, callers, first=first)
        failure = self.routed_failure(callee, plan)
        if plan is not None and plan.busy is not None and failure in _BUSY:
            target = self.diversion_target(call, callee, plan.busy)
            if target is not None:
                return self._divert(call, callee, plan.busy, target, callers, first=first)
        call.history.destination = callee
        if failure is not None:
            for conn in callers:
                conn.move(M.RELEASING)
            call.failure, call.failed_target = failure, callee
            self.publish(call, cause=failure, first=first)
            return None
        if callee.kind == "service":  # the voice mail answers at once
            conn = self.attach(call, callee, M.ACTIVE)
            conn.deposit = deposit
            for caller in callers:
                if caller.state != M.ACTIVE:
                    caller.move(M.ACTIVE)
            call.answered = True
            self.publish(call, cause=cause, causes=causes, first=first, new_destination=new_destination)
            return conn
        conn = self.attach(call, callee, M.RINGING_INCOMING)
        for caller in callers:
            if caller.state != M.RINGING_OUTGOING:
                caller.move(M.RINGING_OUTGOING)
            caller.ringing_remote = True
        call.answered = False
        self.publish(call, cause=cause, causes=causes, first=first, new_destination=new_destination)
        self.arm(call, conn, self.behaviour_of(callee))
        if plan is not None and plan.no_answer is not None and conn.state == M.RINGING_INCOMING:
            unanswered = self._when_unanswered(call, conn, plan.no_answer)
            conn.timers.append(self.backend.clock.call_later(NO_ANSWER_DELAY, unanswered))
        return conn

    def arm(self, call: Call, conn: Connection, behaviour: Behaviour) -> None:
        """Schedule how the ringing connection progresses on its own."""
        clock = self.backend.clock
        if behaviour.answer == "immediate":
            self.answer_connection(call, conn)
            return
        if behaviour.answer_after is not None:
            conn.timers.append(clock.call_later(behaviour.answer_after, self._when_ringing(call, conn, True)))
        if behaviour.ring_timeout is not None:
            conn.timers.append(clock.call_later(behaviour.ring_timeout, self._when_ringing(call, conn, False)))

    def _when_ringing(self, call: Call, conn: Connection, answer: bool) -> Callable[[], None]:
        def fire() -> None:
            if self.calls.get(call.ref) is not call or conn not in call.connections or conn.state != M.RINGING_INCOMING:
                return
            with self.operation():
                if answer:
                    self.answer_connection(call, conn)
                else:
                    self.end(call, by=conn, cause="NOT_ANSWERED")

        return fire

    def answer_connection(self, call: Call, conn: Connection) -> None:
        """The party of a ringing connection goes off-hook (O2G answer, phone set, external party, timer)."""
        conn.cancel_timers()
        if conn.prering:  # the caller's own set answered: now the callee is called (L5362-5365)
            conn.prering = False
            conn.move(M.DIALING)
            self.publish(call, first=conn.owner)
            callee, call.pending_callee = call.pending_callee, None
            if callee is not None:
                self.offer(call, callee, [conn], first=conn.owner)
            return
        if conn.device:
            for other, x in self.device_conns(conn.device):
                if other is not call and x.state == M.ACTIVE:
                    self.hold_for_new_call((other, x))
        conn.move(M.ACTIVE)
        for party in call.others(conn):
            if party.state == M.RINGING_OUTGOING:
                party.move(M.ACTIVE)
        call.answered = True
        self.publish(call, first=conn.owner)

    # -- hanging up -------------------------------------------------------------------------------
    def leave(self, call: Call, conn: Connection) -> None:
        """A party hangs up: a conference goes on without it (PARTICIPANT_LEFT), a two-party call ends."""
        if len(call.others(conn)) >= 2 and call.parked_at is None:
            who = conn.owner
            self.detach(call, conn)
            self.publish(call, cause="PARTICIPANT_LEFT", causes={who: "CLEARED"} if who else None, first=who)
            self.report(call, final=False)  # a first party leaving a conference: tickets for all (L7796)
            return
        self.end(call, by=conn)

    def end(self, call: Call, *, by: Connection | None, cause: str | None = None) -> None:
        """Release every party; each sees the cause of its side (CallCause, L4939-4970).

        Answered: CLEARED. Not answered: the caller side hanging up sees NOT_ANSWERED and the called
        side ABANDONED; a called party rejecting, or a timeout, gives NOT_ANSWERED to all. A failed call
        keeps its failure (BUSY, DESTINATION_NOT_OBTAINABLE).
        """
        causes: dict[str, str] = {}
        if cause is None:
            if call.answered:
                cause = "CLEARED"
            elif call.failure is not None:
                cause = call.failure
            else:
                cause = "NOT_ANSWERED"
                if by is not None and by.state in (M.DIALING, M.RINGING_OUTGOING):
                    causes = {c.owner: "ABANDONED" for c in call.others(by) if c.owner and c.owner != by.owner}
        first = by.owner if by is not None else None
        self.drop_call(call)
        self.publish(call, cause=cause, causes=causes, first=first)
