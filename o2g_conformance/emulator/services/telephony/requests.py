"""Request bodies of the telephony operations (representations L4595-6489), validated by pydantic."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

Text = Annotated[str, Field(min_length=1)]


class _Body(BaseModel):
    """Numbers accepted where strings are documented; unknown fields never reach here (core/shapes.py)."""

    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)

    @model_validator(mode="before")
    @classmethod
    def _strip_keys(cls, data: Any) -> Any:
        # The reconnect example sends the key "\ndeviceId" (L3459-3460): keys are stripped of blanks.
        if isinstance(data, dict):
            return {k.strip() if isinstance(k, str) else k: v for k, v in data.items()}
        return data


class MakeBasicCallRequest(_Body):
    deviceId: Text
    callee: Text
    autoAnswer: bool = False


class AcdCallParam(_Body):
    supervisedTransfer: bool | None = None
    skills: dict[str, Any] | None = None
    callToSupervisor: bool | None = None


class MakeCallRequest(_Body):
    """deviceId is declared [0..1] but described as mandatory (L5373-5375): the emulator requires it."""

    deviceId: Text
    callee: str | None = None
    autoAnswer: bool = False
    inhibitProgressTone: bool | None = None
    associatedData: str | None = None
    hexaBinaryAssociatedData: str | None = None
    pin: str | None = None
    secretCode: str | None = None
    businessCode: str | None = None
    callingNumber: str | None = None
    secretIdentity: bool = False
    acdCall: AcdCallParam | None = None


class DeviceRequest(_Body):
    """AnswerRequest, HoldRequest, RetrieveRequest, AlternateRequest: {deviceId [1]}."""

    deviceId: Text


class SendAssociatedDataRequest(_Body):
    deviceId: str | None = None
    associatedData: str | None = None
    hexaBinaryAssociatedData: str | None = None


class BlindTransferRequest(_Body):
    transferTo: Text
    anonymous: bool = False


class SwitchDeviceRequest(_Body):
    otherDeviceId: Text


class HeldCallRequest(_Body):
    """MergeRequest and TransferRequest: {heldCallRef [1]}."""

    heldCallRef: Text


class ParkRequest(_Body):
    parkTo: str | None = None


class ReconnectRequest(_Body):
    deviceId: Text
    enquiryCallRef: Text


class RedirectRequest(_Body):
    redirectTo: Text
    anonymous: bool = False


class SendDtmfRequest(_Body):
    deviceId: Text
    number: Text


class SendAccountInfoRequest(_Body):
    deviceId: str | None = None
    accountInfo: Text


class DSLogOnRequest(_Body):
    dssDeviceNumber: Text


class PickupRequest(_Body):
    """otherCallRef and autoAnswer are "Not used" (L6176-6183)."""

    otherCallRef: str | None = None
    otherPhoneNumber: str | None = None
    autoAnswer: bool | None = None


class UnParkRequest(_Body):
    unParkFrom: str | None = None


class MiniMessageRequest(_Body):
    recipient: Text
    message: Text


class CallbackRequest(_Body):
    callee: Text


class PilotQueryParam(_Body):
    agentNumber: str | None = None
    skills: dict[str, Any] | None = None
    priorityTransfer: bool | None = None
    supervisedTransfer: bool | None = None
