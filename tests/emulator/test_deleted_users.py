"""A state any allowed request can create leaves every read working: here, each topology user deleted in turn.

No request may produce a 5xx (the reference documents 500 only as the server's own failure); after an
administrator deletes a user (`DELETE /usermanagement/{loginName}`), every documented GET of every section
still answers 2xx or a 4xx RestErrorInfo, for the administrator and for the users left.
"""

from __future__ import annotations

import re

import httpx
import pytest

from o2g_conformance.catalog import load_catalog
from tests.emulator.emulator_support import ADMIN, PATH_VALUES, REST_ERROR_KEYS, Api

API = "/api/rest/1.0"
LOGINS = [f"oxe7012{i}" for i in range(10)]
SECRETS = {f"oxe7012{i}": f"12{i}1" for i in range(10)}
OPERATORS = ["oxe70125", "oxe70126", "oxe70127", "oxe70128"]


def _reads(login: str) -> list[str]:
    """Every documented GET, its path parameters filled in for `login` (the root and authentication aside)."""
    urls = []
    for op in load_catalog().operations():
        if op.method != "GET" or op.section in ("Introduction", "Authentication"):
            continue
        values = {**PATH_VALUES, "loginName": login, "deviceId": login.removeprefix("oxe")}
        urls.append(re.sub(r"\{(\w+)\}", lambda m, v=values: v[m.group(1)], API + op.path))
    return urls


def _check_reads(c: httpx.Client, login: str, who: str) -> list[str]:
    bad = []
    for url in _reads(login):
        r = c.get(url, params={"loginName": login})
        if r.status_code >= 500:
            bad.append(f"{who} GET {url} -> {r.status_code} {r.text[:200]}")
        elif r.status_code >= 400:
            body = r.json()
            assert isinstance(body, dict) and set(body) >= REST_ERROR_KEYS, (url, body)
    return bad


@pytest.mark.parametrize("deleted", LOGINS)
def test_every_read_works_after_a_user_is_deleted(api: Api, deleted: str) -> None:
    admin = api.session(ADMIN)
    admin.post(f"{API}/acd/stats/scope", json={"supervisorId": "oxe70128"})  # a statistics scope to read
    survivors = [login for login in [*OPERATORS, "oxe70120"] if login != deleted]
    sessions = {login: api.session((login, SECRETS[login])) for login in survivors}
    r = admin.delete(f"{API}/usermanagement/{deleted}")
    assert r.status_code == 204, r.text
    bad = _check_reads(admin, deleted, "admin")
    bad += _check_reads(admin, survivors[0], "admin")
    for login, c in sessions.items():
        bad += _check_reads(c, login, login)
    assert bad == [], "\n".join(bad)
