"""Example answers taken from the O2G reference, one fresh copy per test (tests mutate them)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from o2g_conformance.catalog import ApiVersion

# Root descriptor example, o2g-rest-api-reference.txt L46-66.
ROOT_DESCRIPTOR: dict[str, Any] = {
    "serverInfo": {
        "productName": "O2G Solution",
        "productType": "O2G",
        "productVersion": {"major": "2.6", "minor": "000.000"},
        "haMode": True,
    },
    "versions": [
        {
            "id": "1.0",
            "status": "CURRENT",
            "publicUrl": "https://public-server/api/rest/authenticate?version=1.0",
            "internalUrl": "https://server/api/rest/authenticate?version=1.0",
        }
    ],
    "custoFeatures": [{"CCD_LOAD_OPE_CCA": True, "HOTEL_LOAD_Z_GUESTS": True}],
}

# User session example, L775-818 (the service list shortened to four of its ten entries).
SESSION_USER: dict[str, Any] = {
    "timeToLive": 1800,
    "publicBaseUrl": "http://public-server/api/rest/1.0",
    "privateBaseUrl": "https://server/api/rest/1.0",
    "services": [
        {"serviceName": "Users", "serviceVersion": "1.0", "relativeUrl": "/users"},
        {"serviceName": "Telephony", "serviceVersion": "1.0", "relativeUrl": "/telephony/calls"},
        {"serviceName": "Subscriptions", "serviceVersion": "1.0", "relativeUrl": "/subscriptions"},
        {"serviceName": "Comlog", "serviceVersion": "1.0", "relativeUrl": "/comlog/records"},
    ],
}

# Administrator session with other sessions, L938-960: "Services" and timeToLive "1800" as printed.
SESSION_ADMIN: dict[str, Any] = {
    "admin": True,
    "timeToLive": "1800",
    "publicBaseUrl": "https://public-server/api/rest/1.0",
    "privateBaseUrl": "https://server/api/rest/1.0",
    "Services": [
        {"serviceName": "Users", "serviceVersion": "1.0", "relativeUrl": "/logins"},
        {"serviceName": "Telephony", "serviceVersion": "1.0", "relativeUrl": "/telephony/calls"},
    ],
    "creationDate": "2023-08-07T14:13:36Z",
    "otherSessions": [
        {"sessionId": "eyJhbGciOiJIUzI1NiJ9.a.b", "creationDate": "2023-08-07T13:46:14Z", "timeToLive": 1426},
        {"sessionId": "eyJhbGciOiJIUzI1NiJ9.c.d", "creationDate": "2023-08-07T13:29:21Z", "timeToLive": 1607},
    ],
}

# RestErrorInfo examples, L321-338.
ERROR_SERVER_PROBLEM: dict[str, Any] = {
    "httpStatus": "SERVICE_UNAVAILABLE",
    "code": 1007,
    "helpMessage": "Server general problem. Please contact the installer to fix the problem.",
    "type": "SERVER_PROBLEM",
    "innerMessage": "AlcChameleonException.PLUGIN_NOT_INSTALLED 'PLUGIN_NAME' plugin is not installed",
    "canRetry": False,
}
ERROR_INVALID_SESSION: dict[str, Any] = {
    "httpStatus": "FORBIDDEN",
    "code": 1001,
    "helpMessage": "No valid session found for the given identifier. Please logout and login with correct credentials.",
    "type": "INVALID_SESSION",
    "innerMessage": "AlcChameleonException.BAD_FRAMEWORK_SESSION_IDENTIFIER No framework session in API with this ID",
    "canRetry": True,
}

# Subscription answer, L2199-2205 (with the undocumented "mode"/"format" real servers add).
SUBSCRIPTION: dict[str, Any] = {
    "subscriptionId": "...93231353535373132393",
    "publicPollingUrl": "https://public.server:8016/OTEvents?subscriptionId=...93231353535373132393",
    "privatePollingUrl": "https://server:8016/OTEvents?subscriptionId=...93231353535373132393",
    "status": "ACCEPTED",
    "mode": "CHUNK",
    "format": "JSON",
}

# System status, L8840-8864 (one PBX kept) plus a DR link (DRLink L8883: initiator [1] since 2.7.3).
SYSTEM_STATUS: dict[str, Any] = {
    "logicalAddress": {"fqdn": "vm-roxel2.bstlabrd.fr.alcatel-lucent.com", "ip": "172.25.152.181"},
    "pbxs": [
        {
            "name": "bsbice35",
            "mainAddress": {"fqdn": "bsbice35.bstlabrd.fr.alcatel-lucent.com", "ip": "172.25.152.35"},
            "secondaryAddress": {},
            "version": "j1.410",
            "connected": True,
            "monitoredUserNumber": 4999,
            "drLinks": [{"identifier": "dr1", "initiator": "O2G", "nbRecordedDevices": 0}],
        }
    ],
    "license": {
        "lics": [
            {"name": "ROXE_API_TEL_BASIC", "total": 100000, "currentUsed": 0},
            {"name": "ROXE_API_TEL_ADVANCED", "total": 100, "currentUsed": 0},
        ]
    },
}

# OnCallCreated as real servers send it (wire-facts, events 6; fields L5490-5502).
ON_CALL_CREATED: dict[str, Any] = {
    "eventName": "OnCallCreated",
    "loginName": "oxe70020",
    "callRef": "e4c3a0564c030100",
    "cause": "UNKNOWN",
    "callData": {
        "initialCalled": {"id": {"loginName": "oxe70022", "phoneNumber": "70022"}, "firstName": "F", "lastName": "L"},
        "state": "RINGING_OUTGOING",
        "tags": [],
        "capabilities": {"transfer": False, "dropMe": True},
    },
    "legs": [{"deviceId": "70020", "state": "RINGING_OUTGOING", "ringingRemote": True}],
    "participants": [{"participantId": "70022", "identity": {"id": {"phoneNumber": "70022"}}}],
    "deviceCapabilities": [{"deviceId": "70020", "makeCall": True}],
}


def fresh(value: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(value)


@pytest.fixture
def latest() -> ApiVersion:
    return ApiVersion("2.7.4")


@pytest.fixture
def session_user() -> dict[str, Any]:
    return fresh(SESSION_USER)


@pytest.fixture
def session_admin() -> dict[str, Any]:
    return fresh(SESSION_ADMIN)


@pytest.fixture
def error_server_problem() -> dict[str, Any]:
    return fresh(ERROR_SERVER_PROBLEM)


@pytest.fixture
def error_invalid_session() -> dict[str, Any]:
    return fresh(ERROR_INVALID_SESSION)


@pytest.fixture
def subscription() -> dict[str, Any]:
    return fresh(SUBSCRIPTION)


@pytest.fixture
def system_status() -> dict[str, Any]:
    return fresh(SYSTEM_STATUS)


@pytest.fixture
def root_descriptor() -> dict[str, Any]:
    return fresh(ROOT_DESCRIPTOR)


@pytest.fixture
def on_call_created() -> dict[str, Any]:
    return fresh(ON_CALL_CREATED)
