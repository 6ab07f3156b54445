"""Control routes of the simulated PBX: external parties and phone-set actions (emulator-only powers).

Under `<prefix>/telephony`:

    POST /external/calls                {"from": "0612345678", "to": "70120", "name"?}  an external party calls in
    POST /external/{number}/answer      {"callRef"?}   the external party answers the call ringing to it
    POST /external/{number}/hangup      {"callRef"?}   the external party hangs up
    PUT  /external/{number}             {"answer"?: "manual"|"immediate"|"busy", "answerAfter"?: s,
                                         "ringTimeout"?: s, "name"?}   how it reacts when called
    POST /devices/{deviceId}/answer     {"callRef"?}   the person at the set lifts the handset
    POST /devices/{deviceId}/hangup     {"callRef"?}   the person at the set hangs up (or rejects)
    POST /devices/{deviceId}/dial       {"to": "70121"}                 the person dials on the set
    PUT  /devices/{deviceId}            {"answer"?, "answerAfter"?, "ringTimeout"?,
                                         "state"?: "IN_SERVICE"|"OUT_OF_SERVICE", "cause"?}
    GET  /state                          calls, devices, external parties, user states

Errors use the same RestErrorInfo body (with the telephony detail) as the O2G routes.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ...core import errors as core_errors
from ...core.dispatch import describe_validation, error_response
from ...core.errors import ApiError
from ...core.registry import Backend
from . import errors
from .entities import IllegalTransition
from .models import TelephonyState


class _Control(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, coerce_numbers_to_str=True)


class ExternalCall(_Control):
    caller: str = Field(alias="from", min_length=1)
    to: str = Field(min_length=1)
    name: str | None = None


class PartyAction(_Control):
    callRef: str | None = None


class Dial(_Control):
    to: str = Field(min_length=1)


class Settings(_Control):
    answer: Literal["manual", "immediate", "busy"] | None = None
    answerAfter: float | None = Field(default=None, ge=0)
    ringTimeout: float | None = Field(default=None, gt=0)
    name: str | None = None
    state: Literal["IN_SERVICE", "OUT_OF_SERVICE"] | None = None
    cause: str | None = None


async def _parse(request: Request, model: type[BaseModel]) -> Any:
    raw = await request.body()
    try:
        data = json.loads(raw) if raw.strip() else {}
    except json.JSONDecodeError as exc:
        raise core_errors.bad_parameter(f"malformed JSON body: {exc.msg}") from None
    if not isinstance(data, dict):
        raise core_errors.bad_parameter("the control API takes a JSON object")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise core_errors.bad_parameter(describe_validation(exc, model.__name__)) from None


def telephony_control_routes(backend: Backend, prefix: str) -> list[Route]:
    """The telephony control routes, to be listed with the other control routes."""
    base = f"{prefix}/telephony"
    Action = Callable[[Request, TelephonyState], Awaitable[Any]]

    def guarded(fn: Action) -> Callable[[Request], Awaitable[Response]]:
        async def handler(request: Request) -> Response:
            tel = backend.state(TelephonyState)  # looked up per request: a reset rebuilds it
            try:
                with tel.operation():
                    result = await fn(request, tel)
                return JSONResponse(result)
            except IllegalTransition as exc:
                return error_response(errors.incompatible(str(exc)), None)
            except ApiError as err:
                return error_response(errors.with_detail(err), None)

        return handler

    def call_result(call_ref: str | None, cause: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {"callRef": call_ref}
        if cause:
            out["cause"] = cause
        return out

    async def external_call(request: Request, tel: TelephonyState) -> Any:
        req: ExternalCall = await _parse(request, ExternalCall)
        call, failure = tel.external_call_in(req.caller, req.to, req.name)
        return call_result(call.ref if call else None, failure)

    async def answer(request: Request, tel: TelephonyState) -> Any:
        req: PartyAction = await _parse(request, PartyAction)
        return call_result(tel.party_answer(request.path_params["number"], req.callRef).ref)

    async def hangup(request: Request, tel: TelephonyState) -> Any:
        req: PartyAction = await _parse(request, PartyAction)
        return call_result(tel.party_hangup(request.path_params["number"], req.callRef).ref)

    async def dial(request: Request, tel: TelephonyState) -> Any:
        req: Dial = await _parse(request, Dial)
        return call_result(tel.dial(request.path_params["number"], req.to).ref)

    async def configure(request: Request, tel: TelephonyState) -> Any:
        req: Settings = await _parse(request, Settings)
        return tel.configure(request.path_params["number"], req.model_dump(include=req.model_fields_set))

    async def dump(request: Request, tel: TelephonyState) -> Any:
        return tel.dump()

    return [
        Route(f"{base}/external/calls", guarded(external_call), methods=["POST"]),
        Route(f"{base}/external/{{number}}/answer", guarded(answer), methods=["POST"]),
        Route(f"{base}/external/{{number}}/hangup", guarded(hangup), methods=["POST"]),
        Route(f"{base}/external/{{number}}", guarded(configure), methods=["PUT"]),
        Route(f"{base}/devices/{{number}}/answer", guarded(answer), methods=["POST"]),
        Route(f"{base}/devices/{{number}}/hangup", guarded(hangup), methods=["POST"]),
        Route(f"{base}/devices/{{number}}/dial", guarded(dial), methods=["POST"]),
        Route(f"{base}/devices/{{number}}", guarded(configure), methods=["PUT"]),
        Route(f"{base}/state", guarded(dump), methods=["GET"]),
    ]
