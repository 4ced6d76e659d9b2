"""The same report in HTML, DOCX, XLSX, PDF, DOC and XLS gives the same facts.

The renderings in ``tests/fixtures/rendered/`` were made by
``tests/render_formats.py`` from real reports (seed 004 and real 2019/2021
fixtures): the official table layouts with real merged header cells, the
values being the raw cells the parser read from the source.  Each rendering is
parsed here and its statistics facts compared with the source's, parsed now:
every fact of the source must come back with the same value, and a fact the
source does not show (a cell the truncated source page lacks) must come back
empty, never invented.

The .doc rendering goes through LibreOffice (converted once per session);
when LibreOffice is missing the test fails saying so: ``make test`` installs it.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from parsers import parse_bytes, parse_file
from parsers.extract import extract, sniff
from parsers.extract.doc import soffice

from .render_formats import SOURCES, facts_of

ROOT = Path(__file__).resolve().parent.parent
RENDERED = Path(__file__).parent / "fixtures" / "rendered"
KINDS = ("html", "docx", "xlsx", "pdf")
SLUGS = [slug for slug, *_ in SOURCES]


@pytest.fixture(scope="session")
def source_facts() -> dict[str, dict]:
    """Facts of every source report, parsed now (not the copy kept in expected.json)."""
    return {slug: facts_of(parse_file(path)) for slug, path, *_ in SOURCES}


@pytest.fixture(scope="session")
def doc_report() -> dict:
    """seed 004 as a Word 97-2003 .doc, converted by LibreOffice once for the session."""
    if soffice() is None:
        pytest.fail(
            "LibreOffice (soffice) is not installed: `make test` installs it (APT_PACKAGES in the Makefile)"
        )
    return parse_file(RENDERED / "seed-004.doc")


def assert_same_facts(source: dict, rendered: dict, label: str) -> None:
    """Every source fact with its value; anything else only as an empty cell."""
    wrong = {
        k: (v, rendered.get(k, "<absent>")) for k, v in source.items() if rendered.get(k, "<absent>") != v
    }
    invented = {k: v for k, v in rendered.items() if k not in source and v is not None}
    assert not wrong, (
        f"{label}: facts differ from the source (source, rendered): {dict(list(wrong.items())[:8])}"
    )
    assert not invented, f"{label}: values the source does not have: {dict(list(invented.items())[:8])}"


def test_sources_cover_the_2019_and_2021_formats(source_facts):
    formats = {json.loads((RENDERED / "expected.json").read_text())[s]["format"] for s in SLUGS}
    assert formats == {"2019", "2021"}
    assert "seed-004" in SLUGS and sum(s.startswith("2021-") for s in SLUGS) >= 2
    for slug, facts in source_facts.items():
        assert len(facts) >= 30, slug  # real tables, not a stub
        assert all(any(k.startswith(p) for k in facts) for p in ("active.", "apply.")), slug


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("slug", SLUGS)
def test_each_rendering_gives_the_source_facts(slug, kind, source_facts):
    path = RENDERED / f"{slug}.{kind}"
    report = parse_file(path)
    assert report["source"]["media_type"] != "application/octet-stream"
    assert_same_facts(source_facts[slug], facts_of(report), path.name)
    assert not any(c["code"] == "document.scanned" for c in report["checks"])


def test_renderings_agree_with_each_other_on_format_title_and_sections():
    for slug in SLUGS:
        reports = [parse_file(RENDERED / f"{slug}.{kind}") for kind in KINDS]
        assert len({r["format"] for r in reports}) == 1, slug
        assert len({r["title"] for r in reports}) == 1, slug
        assert len({tuple(s["heading"] for s in r["sections"]) for r in reports}) == 1, slug


def test_doc_via_libreoffice_gives_the_source_facts(doc_report, source_facts):
    assert doc_report["source"]["media_type"] == "application/msword"
    assert_same_facts(source_facts["seed-004"], facts_of(doc_report), "seed-004.doc")


def _rtf(text: str) -> str:
    return "".join(c if ord(c) < 128 else f"\\u{ord(c) if ord(c) < 32768 else ord(c) - 65536}?" for c in text)


def test_rtf_via_libreoffice_keeps_its_table(doc_report):
    """RTF (and ODT) go through the same conversion as .doc; the table comes back as a grid."""
    rows = [("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"), ("规章", "0", "0", "0"),
            ("行政规范性文件", "5", "1", "25")]  # fmt: skip
    body = "".join(
        "\\trowd" + "".join(f"\\cellx{1500 * (i + 1)}" for i in range(4))
        + "".join(f"\\pard\\intbl {_rtf(c)}\\cell " for c in row) + "\\row "
        for row in rows
    )  # fmt: skip
    rtf = "{\\rtf1\\ansi\\deff0 {\\pard " + _rtf("二、主动公开政府信息情况") + "\\par}" + body + "}"
    assert sniff(rtf.encode()) == "rtf"
    doc = extract(rtf.encode(), name="report.rtf")
    assert doc.paragraphs[0].text == "二、主动公开政府信息情况"
    assert doc.tables[0].logical_rows()[2] == ["行政规范性文件", "5", "1", "25"]


def test_xls_gives_the_source_facts(source_facts):
    report = parse_file(RENDERED / "seed-004.xls")
    assert report["source"]["media_type"] == "application/vnd.ms-excel"
    assert_same_facts(source_facts["seed-004"], facts_of(report), "seed-004.xls")


def test_copy_protected_pdf_is_read(source_facts):
    """A PDF with only an owner password (no copying) opens without one: most such reports do."""
    report = parse_file(RENDERED / "seed-004.restricted.pdf")
    assert_same_facts(source_facts["seed-004"], facts_of(report), "seed-004.restricted.pdf")


def test_scanned_pdf_gives_the_check_and_no_numbers():
    report = parse_file(RENDERED / "scanned.pdf")
    assert [c["code"] for c in report["checks"] if c["severity"] == "error"] == ["document.scanned"]
    assert report["facts"] == {} and report["legacy"] == []


@pytest.mark.parametrize(
    "name, kind",
    [
        ("seed-004.html", "html"),
        ("seed-004.docx", "docx"),
        ("seed-004.xlsx", "xlsx"),
        ("seed-004.pdf", "pdf"),
        ("seed-004.doc", "doc"),
        ("seed-004.xls", "xls"),
        ("scanned.pdf", "pdf"),
    ],
)
def test_kind_is_sniffed_from_the_bytes_never_the_name(name, kind):
    data = (RENDERED / name).read_bytes()
    assert sniff(data) == kind
    # the same bytes under a misleading name and Content-Type charset read the same
    if kind in ("html", "docx", "xlsx", "pdf", "xls"):
        doc = extract(data, name="report.txt", declared_encoding="iso-8859-1")
        assert doc == extract(data, name=name)  # every block, cell, title and flag alike
        assert doc.scanned == (name == "scanned.pdf") and (doc.tables or doc.scanned)


def test_docx_served_as_pdf_url_is_read_as_docx(source_facts):
    data = (RENDERED / "2021-longgang-qbm-2024.docx").read_bytes()
    report = parse_bytes(data, name="report.pdf", url="http://127.0.0.1:9/report.pdf")
    assert report["source"]["media_type"].endswith("wordprocessingml.document")
    assert_same_facts(source_facts["2021-longgang-qbm-2024"], facts_of(report), "docx named .pdf")


def test_docx_whose_main_part_has_another_name_is_sniffed_by_its_content_types():
    source = zipfile.ZipFile(RENDERED / "2021-longgang-qbm-2024.docx")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            data = source.read(info.filename).replace(b"word/document.xml", b"word/main.xml")
            z.writestr(info.filename.replace("word/document.xml", "word/main.xml"), data)
    data = buf.getvalue()
    assert "word/document.xml" not in zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert sniff(data) == "docx"
    assert parse_bytes(data)["facts"]["apply.new.total"] == 66
