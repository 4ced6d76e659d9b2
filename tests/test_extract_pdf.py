"""PDF: ruled tables with merged cells, tables over page breaks, split rows, page numbers, wrapped lines."""

from __future__ import annotations

from pathlib import Path

import pypdfium2

from parsers.blocks import Cell
from parsers.extract.pdf import _assemble, _Grid, _Line, _lines_by_char, _pdfium_lines, extract_pdf

FIXTURES = Path(__file__).parent / "fixtures"
RENDERED = FIXTURES / "rendered"


def test_tables_running_over_page_breaks_are_one_table_each():
    data = (RENDERED / "seed-004.pdf").read_bytes()
    assert len(pypdfium2.PdfDocument(data)) >= 4
    doc = extract_pdf(data)
    assert len(doc.tables) == 3  # 表二, 表三, 表四, though 表二 and 表三 each cross a page break
    apply = doc.tables[1].logical_rows()
    assert apply[0][1] == "申请人情况" and apply[-1][0] == "四、结转下年度继续办理"
    assert len(apply) == 3 + 2 + 20 + 1  # header rows, new and carried over, 20 result rows, carried forward


def test_row_split_by_a_page_break_is_one_row():
    seed = extract_pdf((RENDERED / "seed-004.pdf").read_bytes()).tables[1].logical_rows()
    assert any(r[2:] == ["5.要求行政机关确认或重新出具已获取信息"] + ["0"] * 7 for r in seed)
    longgang = extract_pdf((RENDERED / "2021-longgang-qbm-2024.pdf").read_bytes()).tables[1].logical_rows()
    labels = [r[2] for r in longgang if len(r) > 2]
    assert "2.重复申请" in labels and "申请" not in labels  # split with empty values: joined all the same


def test_merged_header_cells_and_cell_text_wrapped_inside_cells():
    doc = extract_pdf((RENDERED / "2021-hezhang-jtj-2021.pdf").read_bytes())
    header = doc.tables[1].rows
    assert [(c.text, c.rowspan, c.colspan) for c in header[0]][1] == ("申请人情况", 1, 7)
    assert [c.text for c in header[2]] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    review = extract_pdf((RENDERED / "seed-004.pdf").read_bytes()).tables[2].rows
    assert [(c.text, c.colspan) for c in review[0]] == [("行政复议", 5), ("行政诉讼", 10)]


def test_wrapped_lines_are_joined_into_their_paragraph():
    doc = extract_pdf((RENDERED / "seed-004.pdf").read_bytes())
    source = (FIXTURES / "seeds" / "004_310a36c5978b6ada.txt").read_text(encoding="utf-8")
    paragraph = next(p.text for p in doc.paragraphs if p.text.startswith("2020年，前进街道"))
    assert paragraph.endswith("现将自检自查情况报告如下：") and paragraph in source
    assert "一、总体情况" in [p.text for p in doc.paragraphs]
    assert (
        doc.paragraphs[0].text == "梁园区前进街道办事处2020年政府信息公开工作年度报告"
    )  # no "办事处 2020 年"


def _grid(top: float, rows: list[list[str]]) -> _Grid:
    return _Grid(top, top + 10 * len(rows), [[Cell(x) for x in row] for row in rows])


def test_page_numbers_are_dropped_and_do_not_break_a_table():
    line = _Line("二、主动公开政府信息情况", 50, 72, 300)
    pages = [
        [line, _grid(80, [["信息内容", "本年制发件数"], ["规章", "0"]]), _Line("- 1 -", 800, 280, 300)],
        [
            _Line("第 2 页 共 5 页", 20, 260, 330),
            _grid(72, [["行政规范性文件", "5"]]),
            _Line("2/5", 800, 290, 300),
        ],
    ]
    blocks = _assemble(pages)
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Table"]
    assert blocks[1].logical_rows() == [["信息内容", "本年制发件数"], ["规章", "0"], ["行政规范性文件", "5"]]


def test_tables_of_different_width_on_two_pages_stay_apart():
    pages = [[_grid(700, [["a", "1"]])], [_grid(72, [["b", "1", "2"]])]]
    assert len(_assemble(pages)) == 2


def test_restricted_pdf_reads_like_the_plain_one():
    plain = extract_pdf((RENDERED / "seed-004.pdf").read_bytes())
    restricted = extract_pdf((RENDERED / "seed-004.restricted.pdf").read_bytes())
    assert [t.logical_rows() for t in restricted.tables] == [t.logical_rows() for t in plain.tables]


def test_scanned_pdf_is_flagged_with_no_blocks():
    doc = extract_pdf((RENDERED / "scanned.pdf").read_bytes())
    assert doc.scanned and doc.blocks == []


def test_char_by_char_lines_agree_with_the_fast_path():
    """The fallback for text whose indexes and characters disagree reads the same lines."""
    pdf = pypdfium2.PdfDocument((RENDERED / "seed-004.pdf").read_bytes())
    for i in range(2):
        textpage = pdf[i].get_textpage()
        fast = _pdfium_lines(textpage, pdf[i].get_height())
        slow = _lines_by_char(textpage, pdf[i].get_height())
        assert [x.text for x in fast] == [x.text for x in slow]
        assert all(abs(a.x0 - b.x0) < 1 and abs(a.x1 - b.x1) < 1 for a, b in zip(fast, slow, strict=True))
    pdf.close()
