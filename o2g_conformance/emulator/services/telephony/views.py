"""What a user sees of the telephony state: Call, Leg, Participant, capabilities (L4695-6489)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .entities import Call, Connection, Endpoint, MediaState, OperationalState, RecordState

if TYPE_CHECKING:
    from .core import TelephonyCore

M = MediaState


def party_info(core: TelephonyCore, ep: Endpoint) -> dict[str, Any]:
    """PartyInfo (L6153-6175): displayName stays empty when first and last names are known."""
    if ep.kind == "device" and ep.login:
        user = core.backend.user(ep.login)
        if user is not None:
            return {
                "id": {"loginName": user.login, "phoneNumber": user.companyPhone},
                "firstName": user.firstName,
                "lastName": user.lastName,
                "type": {"main": "USER"},
            }
    if ep.kind == "device":
        return {"id": {"phoneNumber": ep.number}, "displayName": f"Set {ep.number}", "type": {"main": "DEVICE"}}
    if ep.kind == "service":
        return {
            "id": {"phoneNumber": ep.number},
            "displayName": "Voice mail",
            "type": {"main": "SERVICE", "subType": "voicemail"},
        }
    ext = core.externals.get(ep.number)
    return {
        "id": {"phoneNumber": ep.number},
        "displayName": (ext.name if ext and ext.name else ep.number),
        "type": {"main": "EXTERNAL", "subType": "public"},
    }


def participant(core: TelephonyCore, call: Call, conn: Connection) -> dict[str, Any]:
    """Participant (L6087-6116).

    `state` is filled only in calls of three parties or more, and only when it changes to RINGING_INCOMING
    or from RINGING_INCOMING to ACTIVE (L6094-6095): a participant joined by merge or intrusion, or one
    whose answer is older than the current operation, carries no state.
    """
    out: dict[str, Any] = {"participantId": conn.id}
    if not conn.anonymous:
        out["identity"] = party_info(core, conn.endpoint)
    out["anonymous"] = conn.anonymous
    out["undroppable"] = False
    parties = {c.owner or c.endpoint.number for c in call.connections}
    if len(parties) >= 3 and (conn.state == M.RINGING_INCOMING or (conn.state == M.ACTIVE and conn.answered_now)):
        out["state"] = conn.state.value
    return out


def leg_capabilities(core: TelephonyCore, call: Call, conn: Connection) -> dict[str, bool]:
    """LegCapabilities (L5308-5320): what the owner may do on this leg now."""
    s = conn.state
    others = [x for c, x in core.device_conns(conn.device or "") if c is not call]
    consulting = any(x.state in (M.ACTIVE, M.DIALING, M.RINGING_OUTGOING) for x in others)
    spare = [
        d
        for d in (core.devices_of(conn.owner) if conn.owner else [])
        if d.number != conn.device and d.state == OperationalState.IN_SERVICE and not core.device_conns(d.number)
    ]
    return {
        "answer": s == M.RINGING_INCOMING,
        "drop": True,
        "hold": s == M.ACTIVE,
        "retrieve": s == M.HELD,
        "reconnect": s == M.HELD and consulting,
        "mute": False,
        "unMute": False,
        "sendDtmf": s == M.ACTIVE,
        "switchDevice": s == M.ACTIVE and bool(spare),
    }


def intrusion_target(core: TelephonyCore, call: Call) -> Call | None:
    """The two-party conversation a busy call ran into, if it may be intruded (L3858-3860)."""
    target = call.failed_target
    if call.failure != "BUSY" or target is None or target.kind != "device":
        return None
    for other, conn in core.device_conns(target.number):
        if other is not call and conn.state == M.ACTIVE and len(other.connections) == 2:
            return other
    return None


def call_capabilities(core: TelephonyCore, call: Call, login: str, conn: Connection) -> dict[str, bool]:
    """CallCapabilities (L4885-4938) of `login` on `call`; operations check the same flags."""
    s = conn.state
    others = call.others(conn)
    two = len(others) == 1
    mine_elsewhere = [x.state for c in core.user_calls(login) if c is not call for x in c.of(login)]
    ringing = next((o for o in others if o.state == M.RINGING_INCOMING), None)
    failed = call.failed_target if call.failure == "BUSY" else None
    ringing_prering = conn.prering and s == M.RINGING_INCOMING
    return {
        "addDevice": False,
        "addParticipant": False,
        "intruded": s == M.ACTIVE and two and others[0].endpoint.kind == "device",
        "intrusion": s == M.RELEASING and intrusion_target(core, call) is not None,
        "transfer": (s in (M.ACTIVE, M.RINGING_OUTGOING) and M.HELD in mine_elsewhere)
        or (s == M.HELD and any(x in (M.ACTIVE, M.RINGING_OUTGOING) for x in mine_elsewhere)),
        "blindTransfer": s in (M.ACTIVE, M.HELD) and two,
        "merge": (s == M.ACTIVE and M.HELD in mine_elsewhere) or (s == M.HELD and M.ACTIVE in mine_elsewhere),
        "redirect": s == M.RINGING_INCOMING and not ringing_prering,
        "pickedUp": s == M.RINGING_INCOMING and not ringing_prering,
        "redirectToVoiceMail": s == M.RINGING_INCOMING and not ringing_prering and core.has_voicemail(login),
        "redirectToDVA": False,
        "overflowToVoiceMail": s == M.RINGING_OUTGOING and ringing is not None and core.has_voicemail(ringing.owner),
        "dropMe": True,
        "terminate": True,
        "reject": s == M.RINGING_INCOMING,
        "callBack": (s == M.RINGING_OUTGOING and ringing is not None and ringing.owner is not None)
        or (s == M.RELEASING and failed is not None and failed.login is not None),
        "park": s == M.ACTIVE and two and others[0].endpoint.kind == "external",
        "startRecord": s == M.ACTIVE and call.record is None and core.has_voicemail(login),
        "stopRecord": call.record is not None and call.recorder == login,
        "pauseRecord": call.record == RecordState.RECORDING and call.recorder == login,
        "resumeRecord": call.record == RecordState.PAUSED and call.recorder == login,
        "dropParticipant": s == M.ACTIVE and bool(others),
        "muteParticipant": False,
        "holdParticipant": False,
    }


def call_data(core: TelephonyCore, call: Call, login: str, conn: Connection) -> dict[str, Any]:
    """CallData (L4971-5079); the field is spelled `associateData` there (not `associatedData`)."""
    data: dict[str, Any] = {}
    if call.initial_called is not None:
        data["initialCalled"] = party_info(core, call.initial_called)
    if call.last_redirecting is not None:
        data["lastRedirecting"] = party_info(core, call.last_redirecting)
    data["deviceCall"] = any(c.endpoint.kind == "device" and c.owner is None for c in call.connections)
    data["anonymous"] = call.anonymous
    data["state"] = conn.state.value
    if call.record is not None and call.recorder == login:
        data["recordState"] = call.record.value
    data["tags"] = []
    data["capabilities"] = call_capabilities(core, call, login, conn)
    if call.associated_data is not None:
        data["associateData"] = call.associated_data
    elif call.hexa_associated_data is not None:
        data["hexaBinaryAssociatedData"] = call.hexa_associated_data
    if call.account_info is not None:
        data["accountInfo"] = call.account_info
    trunks = [i for i, c in enumerate(call.connections) if c.endpoint.kind == "external"]
    if trunks:
        data["trunkIdentification"] = {"networkTimeslot": 1 + trunks[0], "trunkNeqt": [100 + i for i in trunks]}
    return data


def leg(core: TelephonyCore, call: Call, conn: Connection) -> dict[str, Any]:
    """Leg (L5283-5307); the leg id of /deviceLegs/{legId} is its deviceId."""
    return {
        "deviceId": conn.endpoint.number,
        "state": conn.state.value,
        "ringingRemote": conn.ringing_remote,
        "capabilities": leg_capabilities(core, call, conn),
    }


def render_call(core: TelephonyCore, call: Call, login: str) -> dict[str, Any] | None:
    """The Call representation for `login` (L4695-4833), or None when the user is not in the call."""
    mine = call.of(login)
    if not mine:
        return None
    return {
        "callRef": call.ref,
        "callData": call_data(core, call, login, mine[0]),
        "legs": [leg(core, call, c) for c in mine],
        "participants": [participant(core, call, c) for c in call.connections if c.owner != login],
    }


def device_capabilities(core: TelephonyCore, login: str) -> list[dict[str, Any]]:
    """DeviceCapabilities (L5219-5226) of every device of the user."""
    out = []
    for dev in core.devices_of(login):
        can = dev.state == OperationalState.IN_SERVICE and core.line_available(dev.number)
        out.append(
            {
                "deviceId": dev.number,
                "makeCall": can,
                "makeBusinessCall": can,
                "makePrivateCall": can,
                "unParkCall": core.parked_on(dev.number),
            }
        )
    return out


def telephonic_state(core: TelephonyCore, login: str) -> dict[str, Any]:
    """TelephonicState (L6322-6469); userState only when the user is not free (L6327)."""
    state: dict[str, Any] = {
        "calls": [v for c in core.user_calls(login) if (v := render_call(core, c, login)) is not None],
        "deviceCapabilities": device_capabilities(core, login),
    }
    if core.user_state(login) != "FREE":
        state["userState"] = core.user_state(login)
    return state
