"""Encodings: BOM, ``<meta charset>``, the HTTP header, and mojibake detected and decoded again."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parsers import parse_bytes, parse_file
from parsers.extract.encoding import decode_html, decode_text, looks_mojibake, quality, repair

from .render_formats import facts_of

FIXTURES = Path(__file__).parent / "fixtures"
RENDERED = FIXTURES / "rendered"
GBK_PAGE = RENDERED / "seed-004.html"  # a real report laid out as a portal page, saved in GBK
TEXT = "梁园区前进街道办事处2020年政府信息公开工作年度报告。一、总体情况：本年新收政府信息公开申请数量"


def _without_meta(page: bytes) -> bytes:
    return re.sub(rb"<meta[^>]*charset[^>]*>", b"", page, flags=re.I)


@pytest.fixture(scope="module")
def gbk_facts() -> dict:
    return facts_of(parse_file(GBK_PAGE))


def test_the_gbk_page_is_gbk_and_declares_it():
    page = GBK_PAGE.read_bytes()
    assert b"charset=gb2312" in page
    with pytest.raises(UnicodeDecodeError):
        page.decode("utf-8")


@pytest.mark.parametrize(
    "header, meta",
    [
        ("ISO-8859-1", None),  # the server's default charset, no meta: decodes, but to mojibake
        ("windows-1252", None),
        ("utf-8", None),  # wrong and does not decode
        (None, "iso-8859-1"),  # a wrong meta that decodes
        ("ISO-8859-1", "utf-8"),  # both wrong
        (None, None),  # nothing declared: detection
    ],
)
def test_gbk_page_served_with_a_wrong_charset_reads_the_same(header, meta, gbk_facts):
    page = _without_meta(GBK_PAGE.read_bytes())
    if meta:
        page = page.replace(b"<head>", f'<head><meta charset="{meta}">'.encode(), 1)
    text = decode_html(page, header)
    assert "梁园区前进街道办事处2020年政府信息公开工作年度报告" in text
    report = parse_bytes(page, name="index.html", declared_encoding=header)
    assert report["title"] == "梁园区前进街道办事处2020年政府信息公开工作年度报告"
    assert facts_of(report) == gbk_facts


def test_utf8_page_declaring_gb2312_reads_as_utf8():
    page = (
        (RENDERED / "2021-longgang-qbm-2024.html").read_bytes().replace(b"charset=utf-8", b"charset=gb2312")
    )
    assert b"charset=gb2312" in page
    text = decode_html(page, "GBK")
    assert "本年新收政府信息公开申请数量" in text and not looks_mojibake(text)
    assert parse_bytes(page, declared_encoding="GBK")["facts"]["apply.new.total"] == 66


def _as_browser_cp1252(data: bytes) -> str:
    """Bytes read as a browser reads windows-1252: its five undefined bytes become C1 controls."""
    return "".join(
        chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252") for b in data
    )


@pytest.mark.parametrize(
    "original, wrongly",
    [(TEXT, _as_browser_cp1252), ("政府信息公开工作年度报告", lambda b: b.decode("gb18030"))],
)
def test_page_mis_decoded_once_and_saved_again_as_utf8_is_repaired(original, wrongly):
    """UTF-8 read as windows-1252 (``æ”¿åºœ``) or as GBK (``鏀垮簻``), then saved as UTF-8."""
    garbled = wrongly(original.encode("utf-8"))
    assert looks_mojibake(garbled) and original not in garbled
    page = f'<html><head><meta charset="utf-8"></head><body><p>{garbled}</p></body></html>'.encode()
    assert original in decode_html(page)


def test_gbk_read_as_latin1_then_saved_as_utf8_is_repaired():
    garbled = TEXT.encode("gbk").decode("latin-1")
    assert repair(garbled) == TEXT


def test_text_file_with_wrong_declaration_and_boms():
    assert decode_text(TEXT.encode("gbk"), "ISO-8859-1") == TEXT
    assert decode_text(TEXT.encode("gbk"), "utf-8") == TEXT
    assert decode_text(TEXT.encode("utf-16")) == TEXT  # BOM
    assert decode_text(b"\xef\xbb\xbf" + TEXT.encode()) == TEXT
    assert decode_text(TEXT.encode("gb18030"), None) == TEXT


def test_traditional_chinese_in_big5_without_declaration():
    text = "臺北市政府資訊公開工作年度報告。一、總體情況：本年新收政府資訊公開申請數量為十二件。" * 5
    assert decode_text(text.encode("big5")) == text


def test_quality_tells_chinese_from_mojibake():
    assert quality(TEXT) > 0.9
    assert quality("plain ASCII text") == 1.0
    assert quality(_as_browser_cp1252(TEXT.encode("utf-8"))) < 0.2
    assert quality(TEXT.encode("gbk").decode("latin-1")) < 0.2
    assert quality(TEXT.encode("utf-8").decode("gb18030", errors="replace")) < 0.6


def test_no_real_report_is_mistaken_for_mojibake():
    files = [
        *sorted((FIXTURES / "reports").glob("*.txt")),
        *sorted((FIXTURES / "reports").glob("*.html")),
        *sorted((FIXTURES / "seeds").glob("*.txt")),
    ]
    assert len(files) > 30
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert not looks_mojibake(text), path.name
        assert repair(text) is text
        assert decode_text(path.read_bytes()) == text
