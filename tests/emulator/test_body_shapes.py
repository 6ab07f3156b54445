"""Request bodies must have their documented shape: unknown fields and missing mandatory ones are BAD_PARAMETER.

A lenient reading turns a client's mistake into a silent change: a flat forward body (`forwardType` and
`number` at the top level instead of in `forwardRoute`, L7719) once answered 204 and cancelled the
existing forward.
"""

from __future__ import annotations

import re

import pytest

from o2g_conformance.catalog import load_catalog
from tests.emulator.emulator_support import ADMIN, ALICE, PATH_VALUES, Api

API = "/api/rest/1.0"
FORWARD = f"{API}/routing/forwardroute"


def test_a_flat_forward_body_is_refused_and_the_forward_stays(api: Api) -> None:
    alice = api.session(ALICE)
    body = {"forwardRoute": {"destinations": [{"type": "VOICEMAIL"}]}}
    r = alice.post(FORWARD, json=body)
    assert r.status_code == 204, r.text
    before = alice.get(FORWARD).json()
    r = alice.post(FORWARD, json={"forwardType": "IMMEDIATE", "number": "70121"})
    body = Api.check_error(r, 400, "BAD_PARAMETER")
    assert "forwardType" in body["innerMessage"] and "SetForwardRouteRequest" in body["innerMessage"]
    assert alice.get(FORWARD).json() == before


def test_an_unknown_field_in_a_nested_object_is_refused(api: Api) -> None:
    alice = api.session(ALICE)
    body = {"forwardRoute": {"destinations": [{"type": "VOICEMAIL", "nmber": "1"}]}}
    assert (
        "destinations[0].nmber" in Api.check_error(alice.post(FORWARD, json=body), 400, "BAD_PARAMETER")["innerMessage"]
    )


def test_a_missing_mandatory_field_is_refused(api: Api) -> None:
    c = api.authenticate(*ALICE)
    Api.check_error(c.post(f"{API}/sessions", json={"applicationAddress": "x"}), 400, "BAD_PARAMETER")
    Api.check_error(api.session(ALICE).post(f"{API}/subscriptions", json={"filter": {}}), 400, "BAD_PARAMETER")


def test_an_unknown_top_level_field_of_a_subscription_is_refused(api: Api) -> None:
    body = {"filter": {"selectors": [{"names": ["telephony"]}]}, "version": "1.0", "unknownField": 1}
    Api.check_error(api.session(ALICE).post(f"{API}/subscriptions", json=body), 400, "BAD_PARAMETER")
    assert api.state()["subscriptions"] == []


def _operations_with_a_body() -> list[str]:
    return [op.id for op in load_catalog().operations() if op.body and op.section != "Authentication"]


@pytest.mark.parametrize("op_id", _operations_with_a_body())
def test_no_operation_accepts_a_body_of_unknown_fields(api: Api, op_id: str) -> None:
    """Every request body of the catalog, answered with a body made of an undocumented field: never a success."""
    op = load_catalog().operation(op_id)
    admin = op.admin_only or load_catalog().section(op.section).admin_only
    c = api.authenticate(*ADMIN) if op_id == "sessions.session.open" else api.session(ADMIN if admin else ALICE)
    url = re.sub(r"\{(\w+)\}", lambda m: PATH_VALUES[m.group(1)], API + op.path)
    r = c.request(op.method, url, params={"loginName": "oxe70120"}, json={"noSuchField": "x"})
    assert not r.is_success, f"{op.method} {op.path}: {r.status_code} {r.text}"
    assert r.status_code < 500, r.text
