"""The emulated PBX's accounting files, tickets and incidents: small, fixed, derived from the topology.

Each node has ACCOUNTING_DAYS days of accounting, two files a day (08:00 and 16:00) named like the
examples (`/DHS3dyn/account/TAXA....DAT`, L11872-11880), each with TICKETS_PER_FILE tickets of the node's
subscribers: external calls (some of zero cost, L11758-11759) and internal calls of zero cost.
Incidents (L11927-11966) are a fixed list, newest first.
"""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass
from typing import Any

from ...core.topology import Node

#: The first accounting day (the emulated PBX's files go back this far).
FIRST_DAY = dt.date(2026, 1, 1)
ACCOUNTING_DAYS = 4
FILE_TIMES = ("08:00:00", "16:00:00")
TICKETS_PER_FILE = 6
UNIT_COST = 0.12


@dataclass(frozen=True)
class Ticket:
    """One accounting ticket (Charging with the `all` option, L12070-12108)."""

    caller: str
    name: str
    called: str
    start: dt.datetime
    units: int
    duration: int
    waiting: int
    external: bool
    node: int

    @property
    def cost(self) -> float:
        return round(self.units * UNIT_COST, 2)

    def view(self) -> dict[str, Any]:
        return {
            "caller": self.caller,
            "name": self.name,
            "called": self.called,
            "initialDialledNumber": ("0" + self.called) if self.external else self.called,
            "chargingUnits": self.units,
            "cost": self.cost,
            "startDate": self.start.strftime("%Y%m%d %H:%M:%S"),
            "duration": self.duration,
            "callType": "PublicNetworkCall" if self.external else "LocalNode",
            "waitingDuration": self.waiting,
            "effectiveCallDuration": self.duration - self.waiting,
            "actingExtensionNumberNode": self.node,
            "internalFacilities": {"facilities": ["BasicCall"]},
            "externalFacilities": {
                "facilities": ["CallingLineIdentificationPresentation" if self.external else "None"]
            },
        }


@dataclass(frozen=True)
class AccountingFile:
    """An OXE accounting file (ChargingFile, L12109-12114) and its tickets."""

    name: str
    day: dt.date
    time: str
    tickets: tuple[Ticket, ...]

    def view(self) -> dict[str, str]:
        return {"name": self.name, "date": self.day.strftime("%m/%d/%y"), "time": self.time}


def _file_name(index: int) -> str:
    letters = string.ascii_uppercase
    return f"/DHS3dyn/account/TAXA{letters[index // 26 % 26]}{letters[index % 26]}T{letters[index % 7]}.DAT"


def accounting_files(node: Node) -> list[AccountingFile]:
    """The node's accounting files, oldest first."""
    users = list(node.users)
    files = []
    for index in range(ACCOUNTING_DAYS * len(FILE_TIMES)):
        day = FIRST_DAY + dt.timedelta(days=index // len(FILE_TIMES))
        time = FILE_TIMES[index % len(FILE_TIMES)]
        tickets = []
        for t in range(TICKETS_PER_FILE if users else 0):
            n = index * TICKETS_PER_FILE + t
            user = users[n % len(users)]
            external = n % 3 != 2
            called = f"01{45670000 + n * 37:08d}" if external else users[(n + 1) % len(users)].companyPhone
            hour, minute, _ = (int(x) for x in time.split(":"))
            start = dt.datetime.combine(day, dt.time(hour, minute)) - dt.timedelta(minutes=90 - 13 * t)
            units = (n * 7 % 5) if external else 0
            duration = 20 + (n * 53) % 600
            tickets.append(
                Ticket(
                    caller=user.companyPhone,
                    name=f"{user.firstName} {user.lastName}",
                    called=called,
                    start=start,
                    units=units,
                    duration=duration,
                    waiting=3 + t,
                    external=external,
                    node=node.id,
                )
            )
        files.append(AccountingFile(_file_name(index), day, time, tuple(tickets)))
    return files


#: (days before the last accounting day, hour, severity, value, type, occurrences) of each incident.
_INCIDENTS = (
    (0, "17:03:09", 4, "0606", "002=AFE_AG_CSTA: 11", 9),
    (0, "16:59:27", 4, "4017", "CSTA server : new creation 3 192.0.2.10", 1),
    (0, "09:12:44", 1, "2050", "IP link to the CTI server lost", 1),
    (1, "22:00:01", 0, "0010", "Daily backup completed", 1),
    (1, "14:31:05", 3, "5300", "Trunk group 12: all channels busy", 3),
    (2, "08:00:05", 5, "0999", "Power supply failure on rack 1", 1),
    (2, "08:00:00", 0, "0001", "Call server started", 1),
)


def incidents(node: Node) -> list[dict[str, Any]]:
    """The node's incidents since its last start, newest first (Incident, L12159-12187)."""
    last_day = FIRST_DAY + dt.timedelta(days=ACCOUNTING_DAYS - 1)
    out = []
    for days_before, hour, severity, value, kind, occurrences in _INCIDENTS:
        day = last_day - dt.timedelta(days=days_before)
        out.append(
            {
                "date": day.strftime("%m/%d/%y"),
                "hour": hour,
                "severity": severity,
                "value": value,
                "type": kind,
                "nbOccurs": occurrences,
                "node": f"{node.id:06d}",
                "main": True,
                "rack": "---",
                "board": "--",
                "equipment": "-",
                "termination": "---",
            }
        )
    return out
