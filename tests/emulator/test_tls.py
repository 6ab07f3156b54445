"""TLS: the generated certificate names 127.0.0.1 and localhost, so clients trusting its CA connect by either."""

from __future__ import annotations

import ipaddress
import pathlib
import ssl
from collections.abc import Iterator

import httpx
import pytest
from cryptography import x509

from o2g_conformance.emulator.server import EmulatorServer


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorServer]:
    server = EmulatorServer(tls=True, tls_dir=tmp_path_factory.mktemp("tls")).start()
    yield server
    server.stop()


def _ca(server: EmulatorServer) -> pathlib.Path:
    assert server.tls_files is not None and server.tls_files.ca is not None
    return server.tls_files.ca


def test_the_certificate_names_the_loopback_addresses(tls_server: EmulatorServer) -> None:
    assert tls_server.tls_files is not None
    cert = x509.load_pem_x509_certificate(tls_server.tls_files.cert.read_bytes())
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert ipaddress.ip_address("127.0.0.1") in san.get_values_for_type(x509.IPAddress)
    assert "localhost" in san.get_values_for_type(x509.DNSName)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_client_trusting_the_ca_connects(tls_server: EmulatorServer, host: str) -> None:
    context = ssl.create_default_context(cafile=str(_ca(tls_server)))
    r = httpx.get(f"https://{host}:{tls_server.config.port}/api/rest", verify=context)
    assert r.status_code == 200
    # URLs in answers are https and point back at the emulator (wire-facts, start-up 1).
    assert r.json()["versions"][0]["publicUrl"] == f"{tls_server.url}/api/rest/authenticate?version=1.0"
    assert tls_server.url.startswith("https://127.0.0.1:")


def test_a_client_not_trusting_the_ca_is_refused(tls_server: EmulatorServer) -> None:
    with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
        httpx.get(f"{tls_server.url}/api/rest", verify=ssl.create_default_context())


def test_plain_http_to_the_tls_port_does_not_get_an_answer(tls_server: EmulatorServer) -> None:
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"http://127.0.0.1:{tls_server.config.port}/api/rest", timeout=3)
