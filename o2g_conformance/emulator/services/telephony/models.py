"""The telephony backend registered in the emulator registry: one method per operation, grouped by family."""

from __future__ import annotations

from ...core.registry import state
from .hunting import HuntingMixin
from .messages import MessagesMixin
from .phone import PhoneMixin


@state
class TelephonyState(PhoneMixin, HuntingMixin, MessagesMixin):
    """All telephony state of the emulator, rebuilt from the topology on reset."""
