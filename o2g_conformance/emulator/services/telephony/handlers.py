"""The telephony service's handlers: importing this module registers all 53 operations of the section."""

from __future__ import annotations

from . import handlers_calls, handlers_devices, handlers_misc

__all__ = ["handlers_calls", "handlers_devices", "handlers_misc"]
