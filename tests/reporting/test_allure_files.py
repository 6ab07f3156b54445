"""Redaction, environment.properties, executor.json and the sweep of results: no credential leaves the run."""

from __future__ import annotations

import json
import pathlib

import pytest

from o2g_conformance.reporting import RunInfo, environment, executor, properties, redact, sweep, url_without_credentials

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJveGU3MDEyMCJ9.c2lnbmF0dXJlLXZhbHVl"


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ('{"credential":"abc-token-value","x":1}', "abc-token-value"),
        ('{"password": "Adm1n-Pass"}', "Adm1n-Pass"),
        (f"Cookie: AlcUserId={JWT}; JSESSIONID=88C1", JWT),
        ("Cookie: JSESSIONID=88C1EA; Path=/", "88C1EA"),
        ("Authorization: Basic b3hlNzAxMjA6MTIwMQ==", "b3hlNzAxMjA6MTIwMQ=="),
        ("Authorization: Bearer abcdef123456", "abcdef123456"),
        (f"received {{'token': '{JWT}'}}", JWT),
        ("https://admin:S3cret@o2g.example:443/api/rest", "S3cret"),
    ],
)
def test_redact_masks_credentials(text: str, secret: str) -> None:
    clean = redact(text)
    assert secret not in clean and "***" in clean


def test_redact_masks_known_passwords_and_leaves_ordinary_text() -> None:
    assert redact("the password is hunter22!", known=["hunter22!"]) == "the password is ***"
    plain = "GET /api/rest/1.0/sessions -> 200 [sessions.session.get] in 0.002 s"
    assert redact(plain) == plain


def test_urls_lose_their_credentials_paths_and_queries() -> None:
    assert url_without_credentials("https://admin:pw@o2g.example:8443/api/rest?x=1") == "https://o2g.example:8443"
    assert url_without_credentials("http://[::1]:8080") == "http://[::1]:8080"
    assert url_without_credentials("not a url") == "not a url"


def test_environment_properties_name_the_target_without_credentials() -> None:
    run = RunInfo(
        target=url_without_credentials("https://admin:Adm1n-Pass@o2g.example:443"),
        kind="real",
        product_version="2.7 003.000",
        api_version="2.7.3",
        ha_mode=True,
        licence_mode="declared by the target profile: ROXE_API_TEL_ADVANCED",
        secondary="https://o2g-b.example:443",
    )
    text = properties(environment(run, "compliant with 2.7.3", {"note": "line one\nline two"}))
    assert "Adm1n-Pass" not in text and "admin@" not in text
    lines = dict(line.split("=", 1) for line in text.splitlines())
    assert lines["O2G.target"] == "https://o2g.example:443"
    assert lines["O2G.target.kind"] == "real O2G"
    assert lines["O2G.api.version"] == "2.7.3"
    assert lines["O2G.haMode"] == "true"
    assert lines["O2G.secondary"] == "https://o2g-b.example:443"
    assert lines["O2G.licence.mode"].startswith("declared by the target profile")
    assert lines["note"] == "line one\\nline two"  # one property per line


@pytest.mark.parametrize(
    ("environ", "kind", "url"),
    [
        (
            {
                "GITHUB_ACTIONS": "true",
                "GITHUB_SERVER_URL": "https://github.example",
                "GITHUB_REPOSITORY": "qa/o2g",
                "GITHUB_RUN_ID": "42",
                "GITHUB_RUN_NUMBER": "7",
                "GITHUB_WORKFLOW": "conformance",
            },
            "github",
            "https://github.example/qa/o2g/actions/runs/42",
        ),
        (
            {"GITLAB_CI": "true", "CI_PIPELINE_URL": "https://gitlab.example/p/1", "CI_JOB_NAME": "o2g"},
            "gitlab",
            "https://gitlab.example/p/1",
        ),
        (
            {"JENKINS_URL": "https://ci", "BUILD_URL": "https://ci/job/o2g/3/", "JOB_NAME": "o2g", "BUILD_NUMBER": "3"},
            "jenkins",
            "https://ci/job/o2g/3/",
        ),
        ({"CI": "true"}, "ci", None),
        ({}, "local", None),
    ],
)
def test_executor_names_the_ci_and_its_build(environ: dict[str, str], kind: str, url: str | None) -> None:
    info = executor(environ)
    assert info["type"] == kind
    assert info.get("buildUrl") == url
    assert info["reportName"] == "O2G conformance"


def test_the_sweep_redacts_results_but_keeps_identifiers(tmp_path: pathlib.Path) -> None:
    result = {
        "uuid": "1201-uuid",
        "historyId": "abc1201",
        "name": "s",
        "status": "failed",
        "statusDetails": {"message": f'NonConformance: received {{"credential":"{JWT}"}} pw hunter22!', "trace": JWT},
        "steps": [{"name": "x", "statusDetails": {"message": f"AlcUserId={JWT}"}}],
    }
    (tmp_path / "a-result.json").write_text(json.dumps(result))
    (tmp_path / "b-attachment.txt").write_text(f"Cookie: AlcUserId={JWT}")
    (tmp_path / "c-attachment.png").write_bytes(b"\x89PNG" + JWT.encode())
    assert sweep(tmp_path, since=0, known=["hunter22!"]) == 2
    text = (tmp_path / "a-result.json").read_text()
    assert JWT not in text and "hunter22!" not in text
    cleaned = json.loads(text)
    assert cleaned["uuid"] == "1201-uuid" and cleaned["historyId"] == "abc1201"
    assert JWT not in (tmp_path / "b-attachment.txt").read_text()
    assert JWT.encode() in (tmp_path / "c-attachment.png").read_bytes()  # binary attachments are not touched
    assert sweep(tmp_path, since=0, known=["hunter22!"]) == 0  # idempotent
