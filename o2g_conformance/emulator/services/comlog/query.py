"""Search criteria of the communication log: parsed from the query string, applied to a user's records.

The same criteria are typed boolean and Role on GET but string on DELETE (L7853-7866 vs L8037-8050):
both accept the same spellings (true/false in any case; CALLER, CALLEE). Dates are the documented UTC
form yyyy-MM-ddTHH:mm:ss.SSSZ (L7859); seconds without milliseconds and explicit offsets are accepted too.
afterDate keeps records "not older than" the date, beforeDate those "older than" it (L7858-7865), both
on beginDate. recordIdList is comma separated (L7851); ';' is accepted as the vendor SDKs join ids so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from ...core import errors
from .records import Record

FILTERS = ("recordIdList", "unanswered", "unacknowledged", "afterDate", "beforeDate", "role", "comRef", "remotePartyId")
ROLES = ("CALLER", "CALLEE")


@dataclass(frozen=True)
class Criteria:
    """What a search or a bulk delete keeps."""

    record_ids: frozenset[int] | None = None
    unanswered: bool = False
    unacknowledged: bool = False
    after: float | None = None
    before: float | None = None
    role: str | None = None
    com_ref: str | None = None
    remote: str | None = None

    def keeps(self, record: Record) -> bool:
        if self.record_ids is not None:  # every other criterion is ignored (L7850)
            return record.id in self.record_ids
        return (
            (not self.unanswered or record.missed)
            and (not self.unacknowledged or not record.acknowledged)
            and (self.after is None or record.begin >= self.after)
            and (self.before is None or record.begin < self.before)
            and (self.role is None or record.role == self.role)
            and (self.com_ref is None or record.ref == self.com_ref)
            and (self.remote is None or self.remote in record.remote_ids())
        )


def parse_bool(name: str, raw: str | None) -> bool:
    if raw is None:
        return False
    value = raw.strip().lower()
    if value not in ("true", "false"):
        raise errors.bad_parameter(f"{name} must be true or false, not {raw!r}")
    return value == "true"


def parse_int(name: str, raw: str | None, default: int) -> int:
    if raw is None:
        return default
    if not re.fullmatch(r"\d{1,9}", raw.strip()):
        raise errors.bad_parameter(f"{name} must be a non-negative integer, not {raw!r}")
    return int(raw)


def parse_record_id(raw: str) -> int:
    # The path parameter is a string (L8120) naming a record whose recordId is a long (L8187).
    if not re.fullmatch(r"\d{1,18}", raw.strip()):
        raise errors.bad_parameter(f"a record id is a number (ComHistoryRecord.recordId is a long), not {raw!r}")
    return int(raw)


def parse_date(name: str, raw: str | None) -> float | None:
    if raw is None:
        return None
    text = raw.strip()
    try:
        moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        raise errors.bad_parameter(f"{name} must be a UTC date yyyy-MM-ddTHH:mm:ss.SSSZ, not {raw!r}") from None
    if moment.tzinfo is None:
        raise errors.bad_parameter(f"{name} must be a UTC date ending with Z (yyyy-MM-ddTHH:mm:ss.SSSZ), not {raw!r}")
    return moment.timestamp()


def parse_criteria(query: Mapping[str, str]) -> Criteria:
    ids_raw = query.get("recordIdList")
    if ids_raw is not None:
        parts = [p for p in re.split(r"[,;]", ids_raw) if p.strip()]
        return Criteria(record_ids=frozenset(parse_record_id(p) for p in parts))
    role = query.get("role")
    if role is not None and role.strip().upper() not in ROLES:
        raise errors.bad_parameter(f"role must be CALLER or CALLEE, not {role!r}")
    return Criteria(
        unanswered=parse_bool("unanswered", query.get("unanswered")),
        unacknowledged=parse_bool("unacknowledged", query.get("unacknowledged")),
        after=parse_date("afterDate", query.get("afterDate")),
        before=parse_date("beforeDate", query.get("beforeDate")),
        role=role.strip().upper() if role is not None else None,
        com_ref=query.get("comRef"),
        remote=query.get("remotePartyId"),
    )


def has_filter(query: Mapping[str, str]) -> bool:
    return any(name in query for name in FILTERS)
