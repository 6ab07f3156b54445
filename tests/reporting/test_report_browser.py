"""The HTML report as a QA lead sees it: opened in Debian's chromium (headless), served on the loopback."""

from __future__ import annotations

import os
import re

import pytest

from o2g_conformance.catalog import VERSIONS

from .conftest import Report, Run
from .support import CHROMIUM, dump_dom, embedded, matrix_of, serve, visible_text


@pytest.fixture(scope="module")
def browser() -> None:
    if not CHROMIUM.is_file():
        reason = f"{CHROMIUM} is absent: install Debian's chromium (make test does it with apt-get)"
        if os.environ.get("O2G_REQUIRE_BROWSER"):
            pytest.fail(f"O2G_REQUIRE_BROWSER is set but {reason}", pytrace=False)
        pytest.skip(reason)


def test_the_report_shows_the_sections_and_the_verdicts(browser: None, report_272: Report, run_272: Run) -> None:
    assert report_272.status == 0, report_272.output
    with serve(report_272.html) as base:
        text = visible_text(dump_dom(f"{base}/index.html"))
    sections = {s["section"] for s in matrix_of(run_272.compliance)["scenarios"]}
    # every scenario has its section, even one that sends no catalog operation (@section:introduction)
    assert sections == {"Introduction", "Authentication", "Session management", "Subscription management"}
    missing = [s for s in sections if s not in text]
    assert not missing, f"sections not shown: {missing}; page text: {text[:1500]}"
    assert "O2G conformance: compliant with 2.7.2" in text
    for version in VERSIONS:
        assert f"API {version}" in text, f"no verdict for API {version}: {text[:1500]}"
    assert "not assessed: target is API 2.7.2" in text


def test_the_report_holds_the_compliance_matrix(browser: None, report_272: Report) -> None:
    with serve(report_272.html) as base:
        tab = visible_text(dump_dom(f"{base}/index.html#globalAttachments"))
        page = dump_dom(f"{base}/compliance-matrix.html")
    assert "compliance-matrix.html" in tab, tab[:1500]
    text = visible_text(page)
    assert "O2G compliance matrix" in text and "compliant with 2.7.2" in text
    table = re.search(r'<table id="matrix">.*?</table>', page, re.S)
    assert table, "no matrix table in the page"
    for version in VERSIONS:
        assert f"API {version}" in table.group(0)
    for section in ("Session management", "Call control", "Call Center Statistics"):
        assert section in table.group(0)


def test_the_matrix_page_is_the_report_s_global_attachment(browser: None, report_272: Report) -> None:
    import base64

    globals_ = embedded(report_272.html, "widgets/globals.json")
    attachment = next(a for a in globals_["attachments"] if a["name"] == "compliance-matrix.html")
    page = (report_272.html / "index.html").read_text()
    match = re.search(rf'"data/attachments/{attachment["id"]}[^"]*","([A-Za-z0-9+/=]+)"', page)
    assert match, "the matrix page is not embedded in the report"
    (report_272.html.parent / "attachment.html").write_bytes(base64.b64decode(match.group(1)))
    with serve(report_272.html.parent) as base:
        text = visible_text(dump_dom(f"{base}/attachment.html"))
    assert "Verdict per API version" in text and "compliant with 2.7.2" in text


def test_the_single_file_report_opens_from_disk(browser: None, report_272: Report) -> None:
    """A QA lead opens the CI artifact with a double click: file://, no server."""
    text = visible_text(dump_dom((report_272.html / "index.html").as_uri()))
    assert "O2G conformance: compliant with 2.7.2" in text and "Session management" in text
