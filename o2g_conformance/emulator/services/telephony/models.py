"""The telephony backend registered in the emulator registry: every family of operations, combined in one place.

Each family (one module per family) derives only from the shared core (`TelephonyCore` in core.py, with the
call progression of progress.py) and never from another family; this class is the only place that puts them
together, as the state every handler and every other service reaches through `backend.state(TelephonyState)`.
"""

from __future__ import annotations

from ...core.registry import state
from .calls import CallsFamily
from .devices import DevicesFamily
from .hunting import HuntingFamily
from .messages import MessagesFamily
from .phone import PhoneFamily
from .transfer import TransferFamily


@state
class TelephonyState(CallsFamily, TransferFamily, DevicesFamily, PhoneFamily, HuntingFamily, MessagesFamily):
    """All telephony state of the emulator, rebuilt from the topology on reset."""
