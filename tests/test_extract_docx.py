"""DOCX: vertical and horizontal merges as spans (no value read twice), wrappers, layout tables, headings."""

from __future__ import annotations

from pathlib import Path

from parsers import parse_bytes
from parsers.extract.docx import extract_docx

from .test_bad_input import W, docx_with

RENDERED = Path(__file__).parent / "fixtures" / "rendered"


def tc(text: str, span: int = 1, vmerge: str | None = None) -> str:
    props = (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "") + (
        "" if vmerge is None else (f'<w:vMerge w:val="{vmerge}"/>' if vmerge else "<w:vMerge/>")
    )
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def p(text: str, style: str | None = None) -> str:
    ppr = '<w:pPr><w:outlineLvl w:val="0"/></w:pPr>' if style == "outline" else ""
    return f"<w:p>{ppr}<w:r><w:t>{text}</w:t></w:r></w:p>"


def document(*body: str) -> bytes:
    return docx_with(f"<w:document {W}><w:body>{''.join(body)}</w:body></w:document>")


def test_vertical_and_horizontal_merges_are_spans():
    table = (
        "<w:tbl>"
        f"<w:tr>{tc('', 2, 'restart')}{tc('申请人情况', 3)}</w:tr>"
        f"<w:tr>{tc('', 2, '')}{tc('自然人')}{tc('商业企业')}{tc('总计')}</w:tr>"
        f"<w:tr>{tc('三、本年度办理结果', 1, 'restart')}{tc('（一）予以公开')}{tc('2')}{tc('1')}{tc('3')}</w:tr>"
        f"<w:tr>{tc('', 1, 'continue')}{tc('（二）部分公开')}{tc('16')}{tc('1')}{tc('17')}</w:tr>"
        "</w:tbl>"
    )
    doc = extract_docx(document(p("三、收到和处理政府信息公开申请情况"), table))
    t = doc.tables[0]
    assert [(c.text, c.rowspan, c.colspan) for c in t.rows[0]] == [("", 2, 2), ("申请人情况", 1, 3)]
    assert [(c.text, c.rowspan) for c in t.rows[2]][:1] == [("三、本年度办理结果", 2)]
    assert t.logical_rows()[3] == ["三、本年度办理结果", "（二）部分公开", "16", "1", "17"]
    assert t.logical_rows()[1] == ["", "自然人", "商业企业", "总计"]


def test_grid_before_content_controls_and_legacy_hmerge():
    table = (
        "<w:tbl>"
        f"<w:tr>{tc('信息内容')}{tc('本年制发件数')}{tc('本年废止件数')}</w:tr>"
        f'<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>{tc("5")}{tc("1")}</w:tr>'
        f"<w:sdt><w:sdtContent><w:tr>{tc('规章')}<w:sdt><w:sdtContent>{tc('0')}</w:sdtContent></w:sdt>{tc('0')}</w:tr>"
        "</w:sdtContent></w:sdt>"
        f'<w:tr>{tc("合并")}<w:tc><w:tcPr><w:hMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>9</w:t></w:r></w:p></w:tc>'
        f"<w:tc><w:tcPr><w:hMerge/></w:tcPr><w:p/></w:tc></w:tr>"
        "</w:tbl>"
    )
    body = f"<w:sdt><w:sdtContent>{p('二、主动公开政府信息情况', 'outline')}{table}</w:sdtContent></w:sdt>"
    doc = extract_docx(document(body))
    assert doc.blocks[0].text == "二、主动公开政府信息情况" and doc.blocks[0].heading
    rows = doc.tables[0].logical_rows()
    assert rows[1] == ["", "5", "1"]  # the row starts one grid column in
    assert rows[2] == ["规章", "0", "0"]  # rows and cells inside content controls
    assert rows[3] == ["合并", "9"] and doc.tables[0].rows[3][1].colspan == 2


def test_one_cell_layout_table_around_the_report_is_unwrapped():
    inner = f"<w:tbl><w:tr>{tc('规章')}{tc('0')}</w:tr><w:tr>{tc('行政规范性文件')}{tc('5')}</w:tr></w:tbl>"
    outer = f"<w:tbl><w:tr><w:tc>{p('二、主动公开政府信息情况')}{inner}{p('三、收到和处理')}</w:tc></w:tr></w:tbl>"
    doc = extract_docx(document(p("某局2024年政府信息公开工作年度报告"), outer))
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Paragraph", "Table", "Paragraph"]
    assert doc.tables[0].logical_rows() == [["规章", "0"], ["行政规范性文件", "5"]]


def test_rendered_docx_headings_and_merges_read_once():
    data = (RENDERED / "2021-longgang-qbm-2024.docx").read_bytes()
    doc = extract_docx(data)
    assert [b.text for b in doc.paragraphs if b.heading][:2] == ["一、总体情况", "二、主动公开政府信息情况"]
    apply = doc.tables[1]
    assert sum(len(r) for r in apply.rows) < sum(len(r) for r in apply.logical_rows())  # spans, not copies
    report = parse_bytes(data)
    assert report["facts"]["apply.new.total"] == 66 and report["facts"]["apply.new.natural_person"] == 58
