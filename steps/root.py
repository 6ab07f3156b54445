"""Steps of the root descriptor (`GET /api/rest`, o2g-rest-api-reference.txt L39-74)."""

from __future__ import annotations

from urllib.parse import urlsplit

from o2g_conformance.checks import NonConformance, check_error_body
from o2g_conformance.client import ApiResponse
from o2g_conformance.plugin.world import ANONYMOUS, World
from o2g_conformance.steplib import Status, then, when

from .common import body_of

OP = "root.descriptor.get"


@when("the client gets the root descriptor", target_fixture="answer")
def get_root(o2g: World) -> ApiResponse:
    """Sends root.descriptor.get (GET /api/rest) without any account; the answer is the descriptor (L39-74)."""
    return o2g.client(ANONYMOUS).request("GET", "/api/rest", op_id=OP)


@when(r"the client sends (?P<method>[A-Z]+) to the root descriptor", target_fixture="answer")
def other_method_on_root(o2g: World, method: str) -> ApiResponse:
    """Sends that method to /api/rest without any account (only GET is available there, L41)."""
    return o2g.client(ANONYMOUS).request(method, "/api/rest", op_id=OP)


@then(r'the descriptor offers version "{version:text}" with status "(?P<status>[A-Z]+)"')
def offers_version(answer: ApiResponse, version: str, status: str) -> None:
    """Checks that the descriptor's versions list that version id with that status (L57)."""
    versions = body_of(answer).get("versions") or []
    found = next((v for v in versions if v.get("id") == version), None)
    if found is None or found.get("status") != status:
        raise NonConformance(
            "the root descriptor lists the API version",
            op_id=OP,
            line=57,
            documented=f"version {version} with status {status}",
            received=versions,
        )


@then("every URL of the descriptor is absolute and points back at the target")
def absolute_urls(o2g: World, answer: ApiResponse) -> None:
    """Checks that each version's publicUrl and internalUrl is absolute, the internal one on the target reached."""
    target = urlsplit(o2g.target.url)
    for v in body_of(answer).get("versions") or []:
        for key in ("publicUrl", "internalUrl"):
            url = urlsplit(str(v.get(key, "")))
            if url.scheme not in ("http", "https") or not url.netloc:
                raise NonConformance(
                    "the descriptor's URLs are absolute (wire-facts, start-up 1)",
                    op_id=OP,
                    documented="http(s)://host:port/api/rest/authenticate?version=1.0",
                    received=v.get(key),
                )
            if key == "internalUrl" and (url.hostname, url.port) != (target.hostname, target.port):
                raise NonConformance(
                    "the internal URL points back at the server the client reached",
                    op_id=OP,
                    documented=o2g.target.url,
                    received=v.get(key),
                )


@then("the answer is {status}, with a RestErrorInfo body if it has one")
def status_and_optional_error(answer: ApiResponse, status: Status) -> None:
    """Checks the status (only GET is available on the root URL, L41) and a RestErrorInfo body if any."""
    response = answer
    if response.status != status:
        raise NonConformance(
            "only GET is available on the root URL (L41)",
            op_id=response.op_id,
            line=41,
            documented=f"{status} Method Not Allowed",
            received=response.status,
        )
    if response.text.strip():
        check_error_body(body_of(response), response.status, op_id=response.op_id)
