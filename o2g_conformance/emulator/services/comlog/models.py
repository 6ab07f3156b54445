"""Communication log backend: records built from finished calls, one method per `comlog.*` operation, events.

Readings chosen where the reference is silent or disagrees with itself:
- Acknowledge is `PUT /comlog/records?acknowledge=true|false` with UpdateComRecordsRequest: the method is
  written nowhere (L7800, L7812-7842); the vendor's Node SDK sends PUT. Only missed calls can be
  (un)acknowledged (L7812); other ids, unknown ids included, are ignored as the bulk delete ignores them
  (L8036). OnComRecordsAck / OnComRecordsUnAck list the records whose state changed, none: no event.
- At most 100 records per user (L7789): a 101st drops the oldest, announced by OnComRecordsDeleted.
- The missed-call counter "decreases ... with a new answered call with the same user" (L8707-8709): a new
  answered record acknowledges the owner's missed calls from the same party (OnComRecordsAck).
- A first party leaving a conference creates the records of all its parties, updated (OnComRecordModified,
  with the whole record, L8409) when the call is over (L7796-7797).
- DELETE /comlog/records without any criterion deletes everything; OnComRecordsDeleted then has no
  recordIds (L8476). Unknown ids delete nothing and send no event (L8036); DELETE of one unknown record
  likewise answers 204 (no 404 is listed, L8148-8181) while GET of one answers 404 (L8142).
- The event the text calls OnComRecordDeleted (L8036) is OnComRecordsDeleted (L7807, L8470).
  OnComRecordsUnAck.recordIds lists the records unacknowledged, though its text, copied from
  OnComRecordsAck, says "acknowledged" (L8483 vs L8478).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from typing import Any

from ...core import errors
from ...core.registry import Backend, state
from ..telephony import views
from ..telephony.entities import Endpoint
from ..telephony.hooks import CallReport
from ..telephony.models import TelephonyState
from .query import Criteria, has_filter, parse_bool, parse_criteria, parse_int
from .records import Draft, Record, drafts

MAX_RECORDS = 100
FIRST_RECORD_ID = 10000  # the example's first id (L7913)


@state
class ComlogService:
    """Every user's records, oldest first; rebuilt empty on reset."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self._records: dict[str, list[Record]] = {}
        self._ids = itertools.count(FIRST_RECORD_ID)
        self._open: dict[tuple[str, str], Record] = {}  # (owner, callRef) -> record created before the call ended
        #: Told the login whose records changed (event counters follow the missed calls).
        self.on_change: list[Callable[[str], None]] = []

    def start(self) -> None:
        self.tel.hooks.call_listeners.append(self.call_reported)

    @property
    def tel(self) -> TelephonyState:
        return self.backend.state(TelephonyState)

    def records(self, login: str) -> list[Record]:
        return self._records.setdefault(login, [])

    def missed_count(self, login: str) -> int:
        """Unanswered incoming calls not acknowledged (EventSummary.missedCallsNb, L8707-8710)."""
        return sum(1 for r in self.records(login) if r.missed and not r.acknowledged)

    def _identity(self, ep: Endpoint) -> dict[str, Any]:
        return views.party_info(self.tel, ep)

    # -- records from calls ----------------------------------------------------------------------------
    def call_reported(self, report: CallReport) -> None:
        for draft in drafts(report, self._identity):
            key = (draft.owner, report.ref)
            opened = self._open.pop(key, None) if report.final else self._open.get(key)
            if opened is not None and opened in self.records(draft.owner):
                if report.final:
                    self._update(opened, draft)
                continue
            record = self._create(report.ref, draft)
            if not report.final:
                self._open[key] = record

    def _create(self, ref: str, draft: Draft) -> Record:
        record = Record(
            next(self._ids),
            draft.owner,
            ref,
            draft.role,
            draft.answered,
            draft.begin,
            draft.conv,
            draft.end,
            draft.entries,
            acknowledged=not (draft.role == "CALLEE" and not draft.answered),
            associated_data=draft.associated_data,
            transferred_by=draft.transferred_by,
        )
        owner = draft.owner
        mine = self.records(owner)
        mine.append(record)
        self._publish(owner, "OnComRecordCreated", record=record.view(event=True))
        if record.answered and any(e.owner for e in record.entries):  # the owner himself talked
            self._acknowledge_missed_from(owner, record)
        if len(mine) > MAX_RECORDS:
            dropped = mine[: len(mine) - MAX_RECORDS]
            del mine[: len(dropped)]
            self._publish(owner, "OnComRecordsDeleted", recordIds=[r.id for r in dropped])
        self._changed(owner)
        return record

    def _update(self, record: Record, draft: Draft) -> None:
        """The call is over: the record created when a party first left gets its final state (if it changed)."""
        before = record.view()
        was_missed = record.missed
        record.answered, record.conv, record.end, record.entries = draft.answered, draft.conv, draft.end, draft.entries
        if was_missed and not record.missed:
            record.acknowledged = True
        if record.view() != before:
            self._publish(record.owner, "OnComRecordModified", record=record.view(event=True))
            self._changed(record.owner)

    def _acknowledge_missed_from(self, owner: str, answered: Record) -> None:
        """A new answered call with the same party lowers the missed-call counter (L8707-8709)."""
        parties = answered.remote_keys()
        done = [r for r in self.records(owner) if r.missed and not r.acknowledged and r.remote_keys() & parties]
        for r in done:
            r.acknowledged = True
        if done:
            self._publish(owner, "OnComRecordsAck", recordIds=[r.id for r in done])

    # -- comlog.records.list / recordids.get / record.get ------------------------------------------------
    def search(self, login: str, query: Mapping[str, str]) -> dict[str, Any]:
        criteria = parse_criteria(query)
        offset = parse_int("offset", query.get("offset"), 0)
        limit = parse_int("limit", query.get("limit"), 0)
        optimized = parse_bool("optimized", query.get("optimized"))
        found = [r for r in reversed(self.records(login)) if criteria.keeps(r)]  # newest first (example L7913, L7974)
        page = found[offset : offset + limit] if limit else found[offset:]
        seen: set[str] | None = set() if optimized else None
        return {
            "comHistoryRecords": [r.view(seen=seen) for r in page],
            "offset": offset,
            "limit": limit,
            "totalCount": len(found),
        }

    def record_ids(self, login: str) -> dict[str, Any]:
        return {"recordIds": [r.id for r in reversed(self.records(login))]}

    def record(self, login: str, record_id: int) -> dict[str, Any]:
        found = next((r for r in self.records(login) if r.id == record_id), None)
        if found is None:
            raise errors.not_found(f"{login} has no communication log record {record_id}")
        return found.view()

    # -- comlog.records.acknowledge ---------------------------------------------------------------------
    def acknowledge(self, login: str, ids: list[int], acknowledged: bool) -> None:
        wanted = set(ids)
        changed = [r for r in self.records(login) if r.id in wanted and r.missed and r.acknowledged != acknowledged]
        for r in changed:
            r.acknowledged = acknowledged
        if changed:
            name = "OnComRecordsAck" if acknowledged else "OnComRecordsUnAck"
            self._publish(login, name, recordIds=[r.id for r in changed])
            self._changed(login)

    # -- comlog.records.delete / record.delete ---------------------------------------------------------
    def delete(self, login: str, query: Mapping[str, str]) -> None:
        if not has_filter(query):
            self._delete(login, Criteria(), announce_ids=False)
        else:
            self._delete(login, parse_criteria(query), announce_ids=True)

    def delete_one(self, login: str, record_id: int) -> None:
        self._delete(login, Criteria(record_ids=frozenset({record_id})), announce_ids=True)

    def _delete(self, login: str, criteria: Criteria, *, announce_ids: bool) -> None:
        mine = self.records(login)
        gone = [r for r in mine if criteria.keeps(r)]
        if not gone:
            return
        self._records[login] = [r for r in mine if r not in gone]
        if announce_ids:
            self._publish(login, "OnComRecordsDeleted", recordIds=[r.id for r in gone])
        else:
            self._publish(login, "OnComRecordsDeleted")  # no recordIds: all the user's records (L8476)
        self._changed(login)

    # -- events -----------------------------------------------------------------------------------------
    def _publish(self, login: str, name: str, **fields: Any) -> None:
        self.backend.bus.publish({"eventName": name, "loginName": login, **fields}, subject=login)

    def _changed(self, login: str) -> None:
        for listener in list(self.on_change):
            listener(login)
