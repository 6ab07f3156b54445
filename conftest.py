"""Root conftest: load the shared step library; nothing else."""

pytest_plugins = [
    "steps.common",
    "steps.root",
    "steps.authentication",
    "steps.sessions",
    "steps.subscriptions",
    "steps.events",
    "steps.telephony",
    "steps.telephony_events",
    "steps.telephony_calls",
    "steps.telephony_views",
    "steps.telephony_data",
    "steps.telephony_errors",
    "steps.users",
    "steps.usermanagement",
    "steps.directory",
    "steps.system",
    "steps.licensing",
    "steps.errors",
    "steps.faults",
]
