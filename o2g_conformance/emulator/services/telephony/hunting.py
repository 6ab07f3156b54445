"""Hunting groups (logon, membership, list) and CCD pilot transfer information."""

from __future__ import annotations

from typing import Any

from . import errors, events
from .core import TelephonyCore
from .entities import HuntingGroup


class HuntingFamily(TelephonyCore):
    """Operations of /telephony/huntingGroup* and /telephony/pilots."""

    def _group(self, number: str) -> HuntingGroup:
        group = self.hunting_groups.get(number)
        if group is None:
            # The operation lists 404 for a group that does not exist (L4112-4191).
            raise errors.telephony_error(
                "BAD_PARAMETER_VALUE", "INVALID_DESTINATION", f"no hunting group {number}", rest_type="NOT_FOUND"
            )
        return group

    def hunting_status(self, login: str) -> dict[str, Any]:
        """HuntingGroupStatus: `logon` is a boolean (L5271-5275) though the example sends "true" (L4036)."""
        return {"logon": bool(self.hunting_groups_of(login)) and self.hunting_logon.get(login, False)}

    def hunting_logon_set(self, login: str, logon: bool) -> None:
        """Log the user in or out of its hunting group; OnDynamicStateChanged on change (L4038-4109)."""
        if not self.hunting_groups_of(login):
            raise errors.incompatible(f"{login} is not a member of a hunting group (L4040)", "INVALID_DEVICE_STATE")
        if self.hunting_logon.get(login) != logon:
            self.hunting_logon[login] = logon
            self.emitter.emit(login, events.on_dynamic_state_changed(login, logon))

    def hunting_member_add(self, login: str, number: str) -> None:
        """Idempotent: already a member is OK (L4112-4151)."""
        group = self._group(number)
        if login not in group.members:
            group.members.append(login)
            self.hunting_logon.setdefault(login, True)

    def hunting_member_remove(self, login: str, number: str) -> None:
        """Idempotent: not a member is OK (L4152-4191)."""
        group = self._group(number)
        if login in group.members:
            group.members.remove(login)

    def hunting_list(self, login: str) -> dict[str, Any]:
        """HuntingGroupResult (L5265-5270); currentHg is left out when the user is in no group."""
        out: dict[str, Any] = {"hgList": [g.number for g in self.hunting_groups.values()]}
        mine = self.hunting_groups_of(login)
        if mine:
            out["currentHg"] = mine[0].number
        return out

    def pilot_transfer_info(self, node_id: str, pilot: str, supervised: bool | None) -> dict[str, Any]:
        """PilotTransferCapa as the representation defines it (L6216-6234).

        The example answer (L4499-4515) has another shape (queueState, rules, possibleTransfer, no
        transferInfo); the emulator follows the representation, which clients deserialise.
        """
        if node_id != str(self.node) or pilot not in self.pilots:
            raise errors.telephony_error(
                "BAD_PARAMETER_VALUE",
                "INVALID_DESTINATION",
                f"no pilot {pilot} on node {node_id}",
                rest_type="NOT_FOUND",
            )
        return {
            "number": pilot,
            "waitingTime": 0,
            "saturation": False,
            "supervisedTransfer": bool(supervised),
            "transferInfo": {"transferPossible": True, "pilotStatus": "OPEN"},
        }
