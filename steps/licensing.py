"""Steps of licences: the emulator's licence file, licence refusals, and the target's declared licences.

The kinds of requirement are in o2g-rest-api-reference.txt L7-31; a refusal is NOT_ALLOWED 403
(L315; GET /system/licenses answers 403 for an absent licence, L8806-8809).
"""

from __future__ import annotations

import json
import pathlib
from typing import Any

import yaml

from o2g_conformance.checks import NonConformance
from o2g_conformance.client import ApiResponse
from o2g_conformance.plugin.world import ANONYMOUS, World
from o2g_conformance.steplib import ErrorType, Status, given, then, when

from .common import answer_error, body_of, precondition
from .system import CHECK, STATUS, system_status

LICENCE_FILES = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "licences"
#: A licence no target has (checked to be reported absent).
NO_SUCH_LICENCE = "O2G_CONFORMANCE_NO_SUCH_LICENCE"


def install(o2g: World, document: dict[str, Any]) -> None:
    """Install a licence document on the emulator now (a reset restores its own licence file)."""
    o2g.control.post("/licences", document)


@given(r'the emulator runs with the licence file "(?P<name>[\w.-]+)"')
def licence_file(o2g: World, name: str) -> None:
    """Precondition: installs that licence file of fixtures/licences on the emulator (control API)."""
    path = LICENCE_FILES / name
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    install(o2g, json.loads(json.dumps(document, default=str)))  # YAML dates travel as ISO strings


@given("the emulator's (?:(?P<mode>CAPEX|OPEX) )?licences are:")
def licences_are(o2g: World, mode: str | None, datatable: list[list[str]]) -> None:
    """The emulator's licences become those of the table (| name | total | expiration? |; true/false: boolean)."""
    header, *rows = datatable
    licences = []
    for row in rows:
        cells = dict(zip(header, row, strict=True))
        total: Any = cells["total"]
        total = {"true": True, "false": False}.get(total.lower(), total)
        entry: dict[str, Any] = {"name": cells["name"], "total": total if isinstance(total, bool) else int(total)}
        if cells.get("expiration"):
            entry["expiration"] = cells["expiration"]
        licences.append(entry)
    install(o2g, {"mode": mode or "CAPEX", "licences": licences})


@then('the answer is a licence refusal naming "{name:text}"')
def licence_refusal(o2g: World, answer: ApiResponse, name: str) -> None:
    """Checks that the answer is the error NOT_ALLOWED 403 (L315) whose innerMessage names that licence."""
    answer_error(o2g, answer, ErrorType("NOT_ALLOWED"), Status(403))
    inner = body_of(answer).get("innerMessage") or ""
    if name not in inner:
        raise AssertionError(f"the refusal does not name the licence {name}: {inner!r}")


@then("the answer is not a licence refusal")
def not_refused(answer: ApiResponse) -> None:
    """Checks that the answer is not a NOT_ALLOWED 403 refusal (L315)."""
    response = answer
    body = body_of(response)
    if response.status == 403 and isinstance(body, dict) and body.get("type") == "NOT_ALLOWED":
        raise AssertionError(f"the operation was refused: {body.get('innerMessage')!r}")


# -- the target's declaration ---------------------------------------------------------------------------------


def declared(o2g: World) -> list[str]:
    if o2g.target.licences is None:
        precondition("the target profile declares no licences (add `licences:` to --o2g-profile)")
    return sorted(o2g.target.licences)


@then("every licence the target declares is available")
def declared_available(o2g: World) -> None:
    """Checks that every licence the target declares is available (via system.licenses.check)."""
    missing = []
    for name in declared(o2g):
        response = o2g.client(ANONYMOUS).request(
            "GET", "/api/rest/1.0/system/licenses", query={"lic": name}, op_id=CHECK
        )
        if response.status != 204:
            missing.append(f"{name}: {response.status}")
    if missing:
        raise NonConformance(
            "the profile's licences are installed: GET /system/licenses answers 204 (L8802-8805)",
            op_id=CHECK,
            documented="204 for every declared licence",
            received=missing,
        )


@then("the system status lists every licence the target declares")
def declared_in_status(o2g: World) -> None:
    """Checks that the system status lists every licence the target declares (via system.status.get)."""
    lics = {x.get("name"): x for x in (system_status(o2g).get("license") or {}).get("lics") or []}
    wrong = [n for n in declared(o2g) if not isinstance((lics.get(n) or {}).get("total"), int) or lics[n]["total"] < 1]
    if wrong:
        raise NonConformance(
            "the system status gives the total of each installed licence (L8752-8755, L8907-8915)",
            op_id=STATUS,
            documented=f"{wrong} with a total of 1 or more",
            received={n: lics.get(n) for n in wrong},
        )


@then("a licence nobody has is not available", target_fixture="answer")
def undeclared_absent(o2g: World) -> ApiResponse:
    """Sends system.licenses.check for a licence no target has and checks the error NOT_ALLOWED 403 (L8806-8809)."""
    response = o2g.client(ANONYMOUS).request(
        "GET", "/api/rest/1.0/system/licenses", query={"lic": NO_SUCH_LICENCE}, op_id=CHECK
    )
    answer_error(o2g, response, ErrorType("NOT_ALLOWED"), Status(403))
    return response


def _default_document() -> dict[str, Any]:
    document = yaml.safe_load((LICENCE_FILES / "default.yaml").read_text(encoding="utf-8"))
    return dict(json.loads(json.dumps(document, default=str)))


@given('the emulator has every licence but "{name:text}"')
def all_but(o2g: World, name: str) -> None:
    """Precondition: installs the default licence file on the emulator without that licence (control API)."""
    document = _default_document()
    document["licences"] = [e for e in document["licences"] if e["name"] != name]
    install(o2g, document)


@given("the emulator has every licence")
@when("the emulator's licences are restored")
def every_licence(o2g: World) -> None:
    """Installs the default licence file on the emulator again (control API)."""
    install(o2g, _default_document())
