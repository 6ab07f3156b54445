"""The call center's handlers: importing this module registers the operations of its five sections."""

from __future__ import annotations

from .agent import handlers as agent_handlers
from .management import handlers as management_handlers
from .pilot import handlers as pilot_handlers
from .rti import handlers as rti_handlers
from .stats import handlers as stats_handlers

__all__ = ["agent_handlers", "management_handlers", "pilot_handlers", "rti_handlers", "stats_handlers"]
