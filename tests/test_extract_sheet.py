"""Spreadsheets: merged ranges as spans, regions cut at empty rows, numbers as printed, .xls too."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl

from parsers import parse_bytes
from parsers.extract.sheet import extract_xls, extract_xlsx, sheet_blocks

RENDERED = Path(__file__).parent / "fixtures" / "rendered"


def test_rendered_workbook_blocks():
    doc = extract_xlsx((RENDERED / "seed-004.xlsx").read_bytes())
    assert doc.paragraphs[0].text == "梁园区前进街道办事处2020年政府信息公开工作年度报告"
    texts = [p.text for p in doc.paragraphs]
    assert texts.index("二、主动公开政府信息情况") + 1 == texts.index(
        "第二十条第（一）项"
    )  # the table's caption row
    active, apply, review = doc.tables
    assert active.rows[0][0].text == "信息内容"
    assert [r[0] for r in active.logical_rows()].count("信息内容") == 5  # one table, sub-headers inside it
    assert active.rows[3][0].text == "第二十条第（五）项" and active.rows[3][0].colspan == 4
    assert (apply.rows[0][0].rowspan, apply.rows[0][0].colspan, apply.rows[0][1].colspan) == (3, 3, 7)
    assert review.logical_rows()[-1] == ["0"] * 15


def test_numbers_print_as_typed():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["规章", 58.0, 25.1, None, "5件"])
    ws.append(["行政许可", 3, 0, 1, 2])
    buf = io.BytesIO()
    wb.save(buf)
    doc = extract_xlsx(buf.getvalue())
    assert doc.tables[0].logical_rows() == [
        ["规章", "58", "25.1", "", "5件"],
        ["行政许可", "3", "0", "1", "2"],
    ]


def test_regions_headings_and_tall_header_merges():
    grid = {
        (0, 0): "某局2024年政府信息公开工作年度报告",
        (2, 0): "三、收到和处理政府信息公开申请情况",
        (3, 0): "（本列数据的勾稽关系）",
        (3, 1): "申请人情况",
        (4, 1): "自然人",
        (4, 2): "总计",
        (5, 0): "一、本年新收",
        (5, 1): "1",
        (5, 2): "1",
        (7, 0): "五、存在的主要问题",
        (8, 0): "无。",
    }
    merges = [(0, 0, 0, 5), (3, 0, 4, 0), (3, 1, 3, 2)]
    blocks = sheet_blocks(grid, merges)
    kinds = [(type(b).__name__, getattr(b, "text", None)) for b in blocks]
    assert kinds == [
        ("Paragraph", "某局2024年政府信息公开工作年度报告"),
        ("Paragraph", "三、收到和处理政府信息公开申请情况"),
        ("Table", None),
        ("Paragraph", "五、存在的主要问题"),
        ("Paragraph", "无。"),
    ]
    table = blocks[2]
    assert table.logical_rows() == [
        ["（本列数据的勾稽关系）", "申请人情况"],
        ["（本列数据的勾稽关系）", "自然人", "总计"],
        ["一、本年新收", "1", "1"],
    ]


def test_sheets_named_hidden_skipped():
    wb = openpyxl.Workbook()
    wb.active.title = "表二"
    wb.active.append(["信息内容", "本年制发件数"])
    wb.active.append(["规章", 0])
    hidden = wb.create_sheet("草稿")
    hidden.append(["规章", 99])
    hidden.sheet_state = "hidden"
    third = wb.create_sheet("表三")
    third.append(["一、本年新收政府信息公开申请数量", 1])
    third.append(["二、上年结转政府信息公开申请数量", 0])
    buf = io.BytesIO()
    wb.save(buf)
    doc = extract_xlsx(buf.getvalue())
    assert [p.text for p in doc.paragraphs] == ["表二", "表三"] and "99" not in str(doc.tables)


def test_xls_merges_and_facts():
    data = (RENDERED / "seed-004.xls").read_bytes()
    doc = extract_xls(data)
    apply = doc.tables[1]
    assert (apply.rows[0][0].rowspan, apply.rows[0][0].colspan) == (3, 3)
    assert parse_bytes(data)["source"]["media_type"] == "application/vnd.ms-excel"
