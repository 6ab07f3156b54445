"""Fault injection: latency and errors per operation, and the NOT_READY start-up window.

Faults are scenario state: `reset` clears them (defect modifiers, by contrast, survive it). Rules, as the
control API takes them (`POST /__emulator__/faults`), each naming operations by catalog id, `*`, or a
glob such as `telephony.*`:

    {"kind": "latency", "op": ..., "seconds": 2}                      fixed latency
    {"kind": "latency", "op": ..., "distribution": {"type": "uniform", "min": 1, "max": 3}, "seed": 7}
                                      also {"type": "normal", "mean", "stddev"}, {"type": "exponential", "mean"}
    {"kind": "latency", ..., "real": true}                            really delay the HTTP answer (<= 5 s)
    {"kind": "error", "op": ..., "type": "SERVER_PROBLEM", "count": 2}            the next 2 requests fail
    {"kind": "error", "op": ..., "type": "NOT_FOUND", "probability": 0.3, "seed": 1, "status"?: 404,
     "message"?: "...", "telephony"?: {...}, "routing"?: {...}, "userPreferences"?: {...}}

Latency runs on the virtual clock: the clock moves by the latency before the operation runs (timers
falling due on the way fire, as they would while a real server is busy). A telephony operation
whose latency exceeds the telephony service's response timeout (5 s, L543) moves the clock by 5 s and
fails with the telephony error REQUEST_TIMEOUT. `real` latency (bounded) exists only to make the
client's own HTTP timeout fire. Probabilities draw from a random generator seeded per rule (`seed`,
default 0): the same rules give the same answers on every run.

The start-up window (`POST /__emulator__/startup {"seconds": N}`) answers NOT_READY (L313) for N virtual
seconds to every O2G request but the root descriptor (after the session check of dispatch: a request
without a valid session still meets INVALID_SESSION); telephony requests carry the detail
INITIALIZATION (L534). When it ends, `on_ready` listeners run (the system service sends OnPbxLoaded
and OnServerStart).
"""

from __future__ import annotations

import asyncio
import fnmatch
import itertools
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ...catalog import load_catalog
from . import errors
from .clock import TimerHandle
from .registry import Backend, state

if TYPE_CHECKING:
    from .dispatch import Context

#: "exceeded the expected response timeout (default 5 seconds)" (L543).
TELEPHONY_TIMEOUT = 5.0
#: A real delay of an HTTP answer never exceeds this (the client's timeout is what a test is about).
MAX_REAL_LATENCY = 5.0
#: The longest virtual latency a rule may ask for.
MAX_LATENCY = 3600.0
DISTRIBUTIONS = ("uniform", "normal", "exponential")


@dataclass
class Rule:
    """One installed fault."""

    id: int
    kind: str
    op: str
    seconds: float | None = None
    distribution: dict[str, float | str] | None = None
    real: bool = False
    type: str = "SERVER_PROBLEM"
    status: int | None = None
    message: str | None = None
    details: dict[str, dict[str, Any]] = field(default_factory=dict)
    count: int | None = None
    probability: float | None = None
    seed: int = 0
    hits: int = 0
    rng: random.Random = field(default_factory=random.Random, repr=False)

    def matches(self, op_id: str) -> bool:
        return self.op == op_id or fnmatch.fnmatchcase(op_id, self.op)

    def fires(self) -> bool:
        """Whether this request is hit (consumes one of `count`; draws for `probability`)."""
        if self.count is not None and self.count <= 0:
            return False
        if self.probability is not None and self.rng.random() >= self.probability:
            return False
        if self.count is not None:
            self.count -= 1
        self.hits += 1
        return True

    def latency(self) -> float:
        if self.distribution is None:
            return float(self.seconds or 0.0)
        d = self.distribution
        kind = d["type"]
        if kind == "uniform":
            value = self.rng.uniform(float(d["min"]), float(d["max"]))
        elif kind == "normal":
            value = self.rng.gauss(float(d["mean"]), float(d.get("stddev", 0.0)))
        else:
            value = self.rng.expovariate(1.0 / float(d["mean"]))
        return min(max(value, 0.0), MAX_LATENCY)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "kind": self.kind, "op": self.op, "hits": self.hits, "seed": self.seed}
        for name in ("seconds", "distribution", "status", "message", "count", "probability"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.kind == "latency":
            out["real"] = self.real
        else:
            out["type"] = self.type
            out.update(self.details)
        return out


def _number(raw: dict[str, Any], name: str, *, low: float, high: float, integer: bool = False) -> float | None:
    value = raw.get(name)
    if value is None:
        return None
    ok = not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)
    if not ok or not low <= value <= high or (integer and not float(value).is_integer()):
        kind = "an integer" if integer else "a number"
        raise errors.bad_parameter(f"fault '{name}' must be {kind} from {low:g} to {high:g}, not {value!r}")
    return float(value)


def _distribution(raw: Any) -> dict[str, float | str]:
    if not isinstance(raw, dict) or raw.get("type") not in DISTRIBUTIONS:
        raise errors.bad_parameter(f"fault 'distribution' must be an object with 'type' one of {DISTRIBUTIONS}")
    needs = {"uniform": ("min", "max"), "normal": ("mean",), "exponential": ("mean",)}[raw["type"]]
    out: dict[str, float | str] = {"type": raw["type"]}
    for name in (*needs, "stddev"):
        if name in raw or name in needs:
            value = _number(raw, name, low=0, high=MAX_LATENCY)
            if value is None:
                raise errors.bad_parameter(f"a {raw['type']} distribution needs '{name}'")
            out[name] = value
    if raw["type"] == "uniform" and float(out["min"]) > float(out["max"]):
        raise errors.bad_parameter("a uniform distribution needs min <= max")
    if raw["type"] == "exponential" and float(out["mean"]) <= 0:
        raise errors.bad_parameter("an exponential distribution needs a mean above 0")
    return out


def parse_rule(raw: Any, rule_id: int) -> Rule:
    """Validate a fault description; errors name the field and the accepted form."""
    if not isinstance(raw, dict):
        raise errors.bad_parameter("a fault is a JSON object with a 'kind' (latency or error)")
    kind = raw.get("kind")
    if kind not in ("latency", "error"):
        raise errors.bad_parameter(f"fault 'kind' must be latency or error, not {kind!r}")
    op = raw.get("op")
    catalog = load_catalog()
    if not isinstance(op, str) or not (catalog.has_operation(op) or any(c in op for c in "*?[")):
        raise errors.bad_parameter(f"fault 'op' must be a catalog operation id or a glob (telephony.*), not {op!r}")
    seed = raw.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise errors.bad_parameter("fault 'seed' must be an integer")
    count = _number(raw, "count", low=1, high=1_000_000, integer=True)
    rule = Rule(
        rule_id,
        kind,
        op,
        count=int(count) if count is not None else None,
        probability=_number(raw, "probability", low=0, high=1),
        seed=seed,
        rng=random.Random(seed),
    )
    if kind == "latency":
        rule.seconds = _number(raw, "seconds", low=0, high=MAX_LATENCY)
        if "distribution" in raw:
            rule.distribution = _distribution(raw["distribution"])
        if (rule.seconds is None) == (rule.distribution is None):
            raise errors.bad_parameter("a latency fault takes either 'seconds' or 'distribution'")
        rule.real = raw.get("real") is True
        return rule
    type_ = raw.get("type", "SERVER_PROBLEM")
    if type_ not in catalog.error_table():
        raise errors.bad_parameter(f"fault 'type' must be a documented error type, not {type_!r}")
    rule.type = type_
    status = _number(raw, "status", low=400, high=599, integer=True)
    rule.status = int(status) if status is not None else None
    message = raw.get("message")
    if message is not None and not isinstance(message, str):
        raise errors.bad_parameter("fault 'message' must be a string")
    rule.message = message
    for detail in ("telephony", "routing", "userPreferences"):
        if detail in raw:
            if not isinstance(raw[detail], dict):
                raise errors.bad_parameter(f"fault '{detail}' must be an object")
            rule.details[detail] = raw[detail]
    return rule


@state
class Faults:
    """The installed faults and the start-up window of the current scenario."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.rules: list[Rule] = []
        self._ids = itertools.count(1)
        self.starting_until: float | None = None
        self._ready: TimerHandle | None = None
        #: Run when a start-up window ends (OnPbxLoaded, OnServerStart).
        self.on_ready: list[Callable[[], None]] = []

    def shutdown(self) -> None:
        if self._ready is not None:
            self._ready.cancel()

    def add(self, raws: list[Any]) -> list[Rule]:
        """Install rules, all or none."""
        parsed = [parse_rule(raw, next(self._ids)) for raw in raws]
        self.rules.extend(parsed)
        return parsed

    def clear(self) -> None:
        self.rules.clear()

    @property
    def starting(self) -> bool:
        return self.starting_until is not None

    def start_window(self, seconds: float) -> None:
        """The server (re)starts: NOT_READY for `seconds` of virtual time, then ready."""
        if self._ready is not None:
            self._ready.cancel()
        self.starting_until = self.backend.clock.now() + seconds
        self._ready = self.backend.clock.call_at(self.starting_until, self._end_window)

    def _end_window(self) -> None:
        self.starting_until = None
        self._ready = None
        for listener in list(self.on_ready):
            listener()

    # -- the dispatch hook -------------------------------------------------------------------------------
    async def apply(self, ctx: Context) -> None:
        op_id = ctx.op.id
        telephony = op_id.startswith("telephony.")
        if self.starting and op_id != "root.descriptor.get":
            left = (self.starting_until or 0) - self.backend.clock.now()
            detail = {"errorType": "INITIALIZATION", "errorCause": "UNKNOWN", "message": "starting"}
            raise errors.ApiError(
                "NOT_READY",
                f"the server is starting; ready in {max(left, 0):.0f} s",
                status=503,
                telephony=detail if telephony else None,
            )
        for rule in [r for r in self.rules if r.kind == "latency" and r.matches(op_id)]:
            if rule.fires():
                await self._delay(rule, rule.latency(), telephony, op_id)
        for rule in [r for r in self.rules if r.kind == "error" and r.matches(op_id)]:
            if rule.fires():
                raise errors.ApiError(
                    rule.type,
                    rule.message or f"injected {rule.type} fault #{rule.id} on {op_id}",
                    status=rule.status,
                    **{_KW[k]: v for k, v in rule.details.items()},
                )

    async def _delay(self, rule: Rule, seconds: float, telephony: bool, op_id: str) -> None:
        timed_out = telephony and seconds > TELEPHONY_TIMEOUT
        wait = min(seconds, TELEPHONY_TIMEOUT) if telephony else seconds
        if rule.real:
            await asyncio.sleep(min(wait, MAX_REAL_LATENCY))
        else:
            self.backend.clock.advance(wait)
        if timed_out:
            message = f"{op_id}: no answer from the PBX within {TELEPHONY_TIMEOUT:g} s (L543)"
            detail = {"errorType": "REQUEST_TIMEOUT", "errorCause": "UNKNOWN", "message": message}
            raise errors.ApiError("SERVER_PROBLEM", message, status=503, telephony=detail)


_KW = {"telephony": "telephony", "routing": "routing", "userPreferences": "user_preferences"}


async def fault_hook(ctx: Context) -> None:
    """The dispatch hook of fault injection (runs before the licence check)."""
    await ctx.backend.state(Faults).apply(ctx)
