"""The error model (L307-338) and dispatch: status choice, undocumented types, missing handlers, crashes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from o2g_conformance.catalog import load_catalog
from o2g_conformance.emulator.app import load_services
from o2g_conformance.emulator.core import errors
from o2g_conformance.emulator.core.dispatch import HANDLERS, Context, Registration, Reply, operation
from tests.emulator.emulator_support import ALICE, Api


def test_the_body_follows_the_error_table() -> None:
    err = errors.invalid_session("No framework session in API with this ID : ...323437343")
    assert err.body() == {  # the reference's own example 2 (L330-338)
        "httpStatus": "FORBIDDEN",
        "code": 1001,
        "helpMessage": "No valid session found for the given identifier. "
        "Please logout and login with correct credentials.",
        "type": "INVALID_SESSION",
        "innerMessage": "AlcChameleonException.BAD_FRAMEWORK_SESSION_IDENTIFIER "
        "No framework session in API with this ID : ...323437343",
        "canRetry": True,
    }


def test_service_details_are_added_when_given() -> None:
    err = errors.ApiError("NOT_EXPECTED", "x", telephony={"errorType": "UNKNOWN", "errorCause": "UNKNOWN"})
    assert err.body()["telephony"] == {"errorType": "UNKNOWN", "errorCause": "UNKNOWN"}
    assert "routing" not in err.body()


def test_an_undocumented_error_type_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="undocumented error type"):
        errors.ApiError("TEAPOT", "x")


def test_a_status_the_operation_does_not_document_becomes_400() -> None:
    delete = load_catalog().operation("subscriptions.subscription.delete")  # documents 204, 400, 403, 500
    assert errors.not_found("x").status_for(delete) == 400
    assert errors.not_allowed("x").status_for(delete) == 403
    assert errors.not_found("x", status=404).status_for(delete) == 404  # an explicit choice is kept
    assert errors.not_found("x").status_for(None) == 404


def test_handlers_register_once_and_only_for_catalog_operations() -> None:
    load_services()
    with pytest.raises(KeyError, match="unknown operation id"):
        operation("no.such.operation")
    with pytest.raises(RuntimeError, match="two handlers"):

        @operation("root.descriptor.get", session=False)
        async def again(ctx: Context) -> Reply:
            return Reply()


#: A free GET operation that every user may call: users.supported_languages.get (no licence, no admin right).
_OP = "users.supported_languages.get"
_PATH = "/api/rest/1.0/users/oxe70120/preferences/supportedLanguages"


@pytest.fixture
def unregistered() -> Iterator[str]:
    """The operation's handler taken away for the test (as if its service were not installed)."""
    saved = HANDLERS.pop(_OP)
    yield _PATH
    HANDLERS[_OP] = saved


def test_an_operation_without_handler_answers_plugin_not_installed(api: Api, unregistered: str) -> None:
    r = api.session(ALICE).get(unregistered)
    body = Api.check_error(r, 503, "SERVER_PROBLEM")  # the reference's example 1 (L321-329)
    assert body["innerMessage"].startswith("AlcChameleonException.PLUGIN_NOT_INSTALLED")


@pytest.fixture
def crashing_handler() -> Iterator[str]:
    saved = HANDLERS[_OP]

    async def boom(ctx: Context) -> Reply:
        raise ZeroDivisionError("secret detail")

    HANDLERS[_OP] = Registration(boom, needs_session=False)
    yield _PATH
    HANDLERS[_OP] = saved


def test_a_crashing_handler_answers_500_without_a_trace(api: Api, crashing_handler: str) -> None:
    r = api.client().get(crashing_handler)
    body = Api.check_error(r, 500, "SERVER_PROBLEM")
    assert body["innerMessage"] == "internal emulator error: ZeroDivisionError"
    assert "secret detail" not in r.text
