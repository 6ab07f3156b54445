"""Steps of the root descriptor (`GET /api/rest`, o2g-rest-api-reference.txt L39-74)."""

from __future__ import annotations

from urllib.parse import urlsplit

from pytest_bdd import parsers

from o2g_conformance.checks import NonConformance, check_error_body
from o2g_conformance.plugin.world import World
from o2g_conformance.steplib import then, when

from .common import body_of, last


@when("the client gets the root descriptor")
def get_root(o2g: World) -> None:
    """The client gets the root descriptor; sends root.descriptor.get."""
    o2g.response = o2g.client("client").request("GET", "/api/rest", op_id="root.descriptor.get")


@when(parsers.re(r"the client sends (?P<method>[A-Z]+) to the root descriptor$"))
def other_method_on_root(o2g: World, method: str) -> None:
    """The client sends {method} to the root descriptor; sends root.descriptor.get."""
    o2g.response = o2g.client("client").request(method, "/api/rest", op_id="root.descriptor.get")


@then(parsers.re(r"the descriptor offers version \"(?P<version>[^\"]+)\" with status \"(?P<status>[A-Z]+)\"$"))
def offers_version(o2g: World, version: str, status: str) -> None:
    """Checks that the descriptor offers version "{version}" with status "{status}"."""
    versions = body_of(last(o2g)).get("versions") or []
    found = next((v for v in versions if v.get("id") == version), None)
    if found is None or found.get("status") != status:
        raise NonConformance(
            "the root descriptor lists the API version",
            op_id="root.descriptor.get",
            line=57,
            documented=f"version {version} with status {status}",
            received=versions,
        )


@then("every URL of the descriptor is absolute and points back at the target")
def absolute_urls(o2g: World) -> None:
    """Checks that every URL of the descriptor is absolute and points back at the target."""
    target = urlsplit(o2g.target.url)
    for v in body_of(last(o2g)).get("versions") or []:
        for key in ("publicUrl", "internalUrl"):
            url = urlsplit(str(v.get(key, "")))
            if url.scheme not in ("http", "https") or not url.netloc:
                raise NonConformance(
                    "the descriptor's URLs are absolute (wire-facts, start-up 1)",
                    op_id="root.descriptor.get",
                    documented="http(s)://host:port/api/rest/authenticate?version=1.0",
                    received=v.get(key),
                )
            if key == "internalUrl" and (url.hostname, url.port) != (target.hostname, target.port):
                raise NonConformance(
                    "the internal URL points back at the server the client reached",
                    op_id="root.descriptor.get",
                    documented=o2g.target.url,
                    received=v.get(key),
                )


@then(parsers.re(r"the answer is (?P<status>\d{3}), with a RestErrorInfo body if it has one$"))
def status_and_optional_error(o2g: World, status: str) -> None:
    """Checks that the answer is {status}, with a RestErrorInfo body if it has one."""
    response = last(o2g)
    if response.status != int(status):
        raise NonConformance(
            "only GET is available on the root URL (L41)",
            op_id=response.op_id,
            line=41,
            documented=f"{status} Method Not Allowed",
            received=response.status,
        )
    if response.text.strip():
        check_error_body(body_of(response), response.status, op_id=response.op_id)
