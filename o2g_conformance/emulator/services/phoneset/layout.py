"""What each kind of phone set has: programmable keys, soft keys, add-on modules; and the node's prefixes.

The reference describes the resources, not the sets: these layouts are the emulator's own, fixed so that
runs are reproducible. An ALE desk phone (NOE) has 12 programmable keys, a 10-key add-on module (keys
13-22) and 6 soft keys; a SIP desk phone 6 keys and 4 soft keys; a softphone 8 keys; DECT, analog and
mobile sets none. The key of position 1 of an ALE set whose user has a voice mail is programmed by the
administrator with the voice mail number and locked (ProgrammeableKey.locked, L10625).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...core.topology import Device, User


@dataclass(frozen=True)
class Layout:
    """The keys and add-on modules of one kind of set."""

    pkeys: int
    addon_keys: int
    softkeys: int
    addons: tuple[str, ...]


#: Topology device type -> layout; AddonType values per L10538-10545.
LAYOUTS: dict[str, Layout] = {
    "ALE": Layout(pkeys=12, addon_keys=10, softkeys=6, addons=("ADDON_10_KEYS",)),
    "SIP": Layout(pkeys=6, addon_keys=0, softkeys=4, addons=("NO_EXTENSIONS",)),
    "SOFTPHONE": Layout(pkeys=8, addon_keys=0, softkeys=0, addons=("NO_EXTENSIONS",)),
}
NO_KEYS = Layout(pkeys=0, addon_keys=0, softkeys=0, addons=("NO_EXTENSIONS",))

#: The mnemonic of the voice mail key an administrator programmed and locked.
VOICEMAIL_MNEMONIC = "Messages"

#: Number of digits of a PIN on the emulated PBX ("must agree with the PBX configuration", L10604).
PIN_LENGTH = 4
PIN_TYPES = ("PIN_Category", "PIN_Restricted_To_Owner_Set", "PIN_Universal_Access", "PIN_Group_Control")

#: The prefixes of the emulated node: the documented subset of (type, value) pairs (L10442-10501) with the
#: example's number for Overflow_on_busy_on_associated (485, L10528); the other numbers are the emulator's.
PREFIXES: dict[tuple[str, str], str] = {
    ("Station_Facility_Type", "Do_not_disturb"): "411",
    ("Station_Facility_Type", "Lock"): "412",
    ("Station_Facility_Type", "Overflow_on_busy_on_associated"): "485",
    ("Station_Facility_Type", "Overflow_busy_noreply_on_associated"): "486",
    ("Station_Facility_Type", "Overflow_no_reply_on_associated"): "487",
    ("Station_Facility_Type", "Cancel_Overflow_on_associated"): "488",
    ("Station_Facility_Type", "Immediate_forwarding"): "451",
    ("Station_Facility_Type", "Immediate_forwarding_on_busy"): "452",
    ("Station_Facility_Type", "Forwarding_on_no_reply"): "453",
    ("Station_Facility_Type", "Forwarding_on_busy_or_no_reply"): "454",
    ("Station_Facility_Type", "Forwarding_cancellation"): "459",
    ("Station_Facility_Type", "Cancel_automatic_call_back_on_busy_station"): "465",
    ("General_Facility_Type", "Direct_call_pick_up"): "56",
    ("General_Facility_Type", "Group_call_pick_up"): "57",
    ("Local_Facility_Type", "Speed_call_to_associated_station"): "471",
    ("Local_Facility_Type", "Voice_Mail_Deposit"): "472",
    ("Local_Facility_Type", "Wake_up"): "473",
    ("Local_Facility_Type", "Wake_up_cancellation"): "474",
}


@dataclass
class Key:
    """A programmable or soft key: free when it has neither number nor mnemonic."""

    position: int
    number: str = ""
    mnemonic: str = ""
    locked: bool = False

    @property
    def programmed(self) -> bool:
        return bool(self.number or self.mnemonic)

    def pkey_view(self) -> dict[str, object]:
        return {"position": self.position, "number": self.number, "mnemonic": self.mnemonic, "locked": self.locked}

    def softkey_view(self) -> dict[str, object]:
        return {"position": self.position, "number": self.number, "mnemonic": self.mnemonic}


def layout_of(device: Device) -> Layout:
    return LAYOUTS.get(device.type, NO_KEYS)


def initial_pkeys(user: User, device: Device) -> dict[int, Key]:
    layout = layout_of(device)
    keys = {p: Key(p) for p in range(1, layout.pkeys + layout.addon_keys + 1)}
    if device.type == "ALE" and user.voicemail and user.voicemailNumber and 1 in keys:
        keys[1] = Key(1, user.voicemailNumber, VOICEMAIL_MNEMONIC, locked=True)
    return keys


def initial_softkeys(device: Device) -> dict[int, Key]:
    return {p: Key(p) for p in range(1, layout_of(device).softkeys + 1)}
