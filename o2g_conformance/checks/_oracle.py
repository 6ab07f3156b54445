"""The call-state oracle: follows every telephony event per user and per call, and rejects illegal sequences."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ._oracle_rules import TELEPHONY_EVENTS, compact, entries, initial_called_login, text
from ._oracle_views import (
    LEGS,
    PARTICIPANTS,
    Call,
    CallStateViolation,
    Step,
    User,
    apply_deltas,
    call_state_vs_leg,
    judge_legs,
    judge_participants,
    unique,
)


@dataclass(frozen=True)
class OracleVerdict:
    """What the oracle concluded: `ok`, every violation found, and a per-user per-call timeline for a report."""

    ok: bool
    violations: tuple[CallStateViolation, ...]
    timeline: str
    events: int
    telephony_events: int


class CallStateOracle:
    """Consumes telephony events one at a time, in arrival order, and checks them as a protocol.

    Each user's view (the event's `loginName`) of each call (`callRef`) is followed on its own. Feed the
    events of one subscription, or of subscriptions whose users do not overlap: the same event delivered
    twice is a second event. Calls the oracle was not told of are unknown to it: feed from the start of
    the scenario, or from an OnTelephonyState snapshot. Other events count in the index (so it matches
    the collector's history) and are otherwise ignored. `collect=True` records every violation instead
    of raising the first one; `strict_user_state=True` adds a reading the reference does not state: a
    user is BUSY exactly while in a call (OFF_HOOK, L5463, is busy for other reasons than a call).
    """

    def __init__(self, *, collect: bool = False, strict_user_state: bool = False) -> None:
        self.collect = collect
        self.strict_user_state = strict_user_state
        self._users: dict[str, User] = {}
        self._violations: list[CallStateViolation] = []
        self._unplaced: list[str] = []
        self._count = 0
        self._telephony = 0

    @property
    def violations(self) -> tuple[CallStateViolation, ...]:
        return tuple(self._violations)

    def feed(self, event: Mapping[str, Any]) -> None:
        """Judge the next event; raises its first CallStateViolation unless collecting.

        The event is applied to the oracle's state before raising, so feeding may go on afterwards.
        """
        index = self._count
        self._count += 1
        if not isinstance(event, Mapping) or event.get("eventName") not in TELEPHONY_EVENTS:
            return
        self._telephony += 1
        step = Step(index, event)
        sink = self._dispatch(step)
        for found in step.found:
            sink.append(f"      !! {found.rule} (L{found.line}): {found.received}")
        self._violations.extend(step.found)
        if step.found and not self.collect:
            raise step.found[0]

    def feed_all(self, events: Iterable[Mapping[str, Any]]) -> None:
        for event in events:
            self.feed(event)

    def verdict(self) -> OracleVerdict:
        return OracleVerdict(
            ok=not self._violations,
            violations=self.violations,
            timeline=self._timeline(),
            events=self._count,
            telephony_events=self._telephony,
        )

    # -- dispatch ---------------------------------------------------------------------------------
    def _dispatch(self, step: Step) -> list[str]:
        """Judge the event; returns the timeline it was written to."""
        event = step.event
        login = text(event.get("loginName"))
        if login is None:
            step.fail("unplaceable-event", "no loginName string: whose view it is cannot be known")
            self._unplaced.append(f"  #{step.index} {step.name} without loginName")
            return self._unplaced
        step.login = login
        user = self._users.setdefault(login, User(login))
        if step.name in ("OnCallCreated", "OnCallModified", "OnCallRemoved"):
            ref = text(event.get("callRef"))
            if ref is None:
                step.fail("unplaceable-event", "no callRef string: which call it concerns cannot be known")
                user.lines.append(f"    #{step.index} {step.name} without callRef")
                return user.lines
            step.ref = ref
            if step.name == "OnCallCreated":
                return self._created(step, user, ref).lines
            if step.name == "OnCallModified":
                return self._modified(step, user, ref).lines
            return self._removed(step, user, ref).lines
        if step.name == "OnTelephonyState":
            self._snapshot(step, user)
        elif step.name == "OnUserStateModified":
            self._user_state(step, user)
        else:  # OnDeviceStateModified, OnDynamicStateChanged: followed in the timeline, no sequence rule
            detail = {k: v for k, v in event.items() if k not in ("eventName", "loginName")}
            user.lines.append(f"    #{step.index} {step.name} {compact(detail)}")
        return user.lines

    # -- the three call events --------------------------------------------------------------------
    def _created(self, step: Step, user: User, ref: str) -> Call:
        event = step.event
        old = user.calls.get(ref)
        if old is not None and old.status == "live":
            step.fail("call-created-twice", f"call {ref} is already live for {user.login}")
        prev_ref = text(event.get("previousCallRef"))
        # previousCallRef is documented on OnCallModified only (L5654-5655); on OnCallCreated it is read alike.
        prev = self._predecessor(step, user, ref, prev_ref)
        # A user may take part again in a call it left (a call parked from its set and unparked keeps its
        # reference, L3273, L3959): OnCallCreated after OnCallRemoved starts a new view, not judged as incoming.
        incoming = old is None and initial_called_login(event) == user.login
        call = Call(ref, incoming=prev.incoming if prev is not None else incoming)
        call.lines = old.lines if old is not None else []
        user.calls[ref] = call
        legs = entries(event.get("legs"), "deviceId")
        parts = entries(event.get("participants"), "participantId")
        unique(step, legs, "duplicate-leg", "legs")
        unique(step, parts, "duplicate-participant", "participants")
        call.legs = judge_legs(step, call, prev.legs if prev else {}, legs, initial=prev is None)
        call.participants = judge_participants(step, prev.participants if prev else {}, parts, change=bool(prev))
        self._after_change(step, user, call, prev, prev_ref)
        return call

    def _modified(self, step: Step, user: User, ref: str) -> Call:
        event = step.event
        call = user.calls.get(ref)
        # An ended call is followed on, so that one misuse is reported once; its deltas are not judged.
        lenient = call is not None and call.status != "live"
        if call is not None and lenient:
            self._ended_use(step, call)
            call.status = "live"
        prev_ref = text(event.get("previousCallRef"))
        prev = self._predecessor(step, user, ref, prev_ref)
        if call is None:
            source = prev
            if source is None and ref in user.announced:  # named by replacedByCallRef (L5656-5657)
                source = user.calls.get(user.announced[ref])
            if source is None:
                step.fail(
                    "unknown-call",
                    f"OnCallModified for call {ref}, never created for {user.login} nor named by previousCallRef "
                    "(L5654) or replacedByCallRef (L5656)",
                )
                lenient = True  # adopted: its deltas cannot be judged against a view the oracle never had
            call = user.calls[ref] = Call(ref)
            if source is not None:
                call.incoming, call.legs, call.participants = source.incoming, source.legs, source.participants
        # What the deltas of a replacing event are relative to is not stated (L5654-5655): this call's view
        # when the user had it, else the replaced call's; entries are looked up in both, and the full lists
        # (when sent) are not compared with the deltas.
        other = prev if prev is not None and prev is not call else None
        # previousCallRef naming a call the user does not have (or no longer has): deltas not judged either.
        lenient = lenient or (prev_ref is not None and prev_ref != ref and prev is None)
        flags = {"lenient": lenient, "replacing": prev is not None}
        lookup_legs = {**(other.legs if other else {}), **call.legs}
        shown = apply_deltas(step, LEGS, {k: v.state for k, v in call.legs.items()}, lookup_legs, **flags)
        legs = judge_legs(step, call, lookup_legs, shown, initial=False)
        lookup_parts = {**(other.participants if other else {}), **call.participants}
        shown = apply_deltas(
            step, PARTICIPANTS, {k: v.state for k, v in call.participants.items()}, lookup_parts, **flags
        )
        call.legs, call.participants = legs, judge_participants(step, lookup_parts, shown, change=True)
        replaced_by = text(event.get("replacedByCallRef"))
        if replaced_by is not None and replaced_by != ref:
            user.announced[replaced_by] = ref
        self._after_change(step, user, call, prev, prev_ref)
        return call

    def _removed(self, step: Step, user: User, ref: str) -> Call:
        call = user.calls.get(ref)
        if call is None:
            step.fail("unknown-call", f"OnCallRemoved for call {ref}, never created for {user.login}", line=5863)
            call = user.calls[ref] = Call(ref)
        elif call.status != "live":
            self._ended_use(step, call)
        call.status, call.ended = "removed", f"removed at #{step.index}"
        call.legs, call.participants = {}, {}
        cause = text(step.event.get("cause"))
        call.lines.append(f"    #{step.index} OnCallRemoved" + (f" cause={cause}" if cause else ""))
        return call

    def _predecessor(self, step: Step, user: User, ref: str, prev_ref: str | None) -> Call | None:
        """The live call that `ref` replaces (previousCallRef, L5654-5655), if this user had it."""
        if prev_ref is None or prev_ref == ref:
            return None
        prev = user.calls.get(prev_ref)
        if prev is not None and prev.status != "live":
            step.fail(
                "replaced-call-used",
                f"previousCallRef {prev_ref} names a call already {prev.ended}",
                ref=prev_ref,
            )
            return None
        return prev

    @staticmethod
    def _ended_use(step: Step, call: Call) -> None:
        if call.status == "replaced":
            # "previousCallRef has been removed (call removed event is not generated)", L5655.
            step.fail("replaced-call-used", f"{step.name} for call {call.ref}, {call.ended}", ref=call.ref)
        else:
            step.fail("event-after-removal", f"{step.name} for call {call.ref}, {call.ended}", ref=call.ref)

    @staticmethod
    def _after_change(step: Step, user: User, call: Call, prev: Call | None, prev_ref: str | None) -> None:
        """Replacement, the checks on the whole view after OnCallCreated/OnCallModified, and the timeline line."""
        event = step.event
        if prev is not None and prev is not call:
            prev.status, prev.ended = "replaced", f"replaced by {call.ref} at #{step.index}"
            prev.lines.append(f"    #{step.index} {step.name} of {call.ref} replaces it (previousCallRef)")
        if len(call.participants) >= 2:
            for participant in call.participants.values():
                participant.multi = True
        cause = text(event.get("cause"))
        if cause == "CONFERENCED" and len(call.participants) < 2:
            step.fail(
                "conferenced-two-party",
                f"cause CONFERENCED while the call has {1 + len(call.participants)} parties "
                f"({user.login} and participants {sorted(call.participants)})",
            )
        call_state_vs_leg(step, call, event.get("callData"))
        head = f"    #{step.index} {step.name}" + (f" cause={cause}" if cause else "")
        if prev_ref is not None:
            head += f" previousCallRef={prev_ref}"
        call.lines.append(f"{head} | {call.describe()}")

    # -- snapshot and user state ------------------------------------------------------------------
    def _snapshot(self, step: Step, user: User) -> None:
        """OnTelephonyState (L5911; TelephonicState L6322-6327) lists every current call of the user."""
        state = step.event.get("state")
        if not isinstance(state, Mapping):  # state [0..1]: a snapshot without it tells nothing
            user.lines.append(f"    #{step.index} OnTelephonyState without state")
            return
        calls = state.get("calls")  # calls [0..*] (L6325): absent reads as none
        listed: list[str] = []
        for item in calls if isinstance(calls, list) else []:
            ref = text(item.get("callRef")) if isinstance(item, Mapping) else None
            if ref is None:
                continue
            listed.append(ref)
            call = user.calls.get(ref)
            if call is not None and call.status != "live":
                self._ended_use(step, call)
                call.status = "live"
            if call is None:  # a snapshot is the documented way to learn the calls in progress (L4557-4558)
                call = user.calls[ref] = Call(ref)
            legs = entries(item.get("legs"), "deviceId")
            parts = entries(item.get("participants"), "participantId")
            unique(step, legs, "duplicate-leg", f"calls[{ref}].legs")
            unique(step, parts, "duplicate-participant", f"calls[{ref}].participants")
            call.legs = judge_legs(step, call, call.legs, legs, initial=not call.legs)
            call.participants = judge_participants(step, call.participants, parts, change=False)
            call_state_vs_leg(step, call, item.get("callData"), ref=ref)
            call.lines.append(f"    #{step.index} OnTelephonyState | {call.describe()}")
        for ref, call in user.calls.items():
            if call.status == "live" and ref not in listed:
                step.fail("snapshot-missing-call", f"call {ref} is live for {user.login}, not in the snapshot", ref=ref)
                call.status, call.ended = "removed", f"missing from the snapshot at #{step.index}"
                call.legs, call.participants = {}, {}
                call.lines.append(f"    #{step.index} OnTelephonyState: not listed")
        user_state = text(state.get("userState"))
        if user_state is not None:
            user.state = user_state
        user.lines.append(f"    #{step.index} OnTelephonyState calls={listed} userState={user_state}")

    def _user_state(self, step: Step, user: User) -> None:
        state = text(step.event.get("state"))
        user.lines.append(f"    #{step.index} OnUserStateModified {state}")
        if self.strict_user_state and state in ("FREE", "BUSY"):
            live = sorted(ref for ref, call in user.calls.items() if call.status == "live")
            if state == "BUSY" and not live:
                step.fail("user-state", f"{user.login} is BUSY with no call in progress")
            elif state == "FREE" and live:
                step.fail("user-state", f"{user.login} is FREE while in calls {live}")
        user.state = state

    # -- report -----------------------------------------------------------------------------------
    def _timeline(self) -> str:
        out = [
            f"call-state oracle: {self._count} event(s), {self._telephony} telephony, "
            f"{len(self._violations)} violation(s)"
        ]
        out.extend(self._unplaced)
        for login in sorted(self._users):
            user = self._users[login]
            out.append(f"user {login}" + (f" (last user state {user.state})" if user.state else ""))
            out.extend(user.lines)
            for ref, call in user.calls.items():
                out.append(f"  call {ref}: {call.ended or 'live'}" + (" (made to this user)" if call.incoming else ""))
                out.extend(call.lines)
        return "\n".join(out)


def check_sequence(events: Iterable[Mapping[str, Any]], *, strict_user_state: bool = False) -> None:
    """Feed `events` to a fresh oracle; raises the first CallStateViolation."""
    CallStateOracle(strict_user_state=strict_user_state).feed_all(events)
