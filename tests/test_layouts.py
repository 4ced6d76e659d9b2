"""The same real tables in every text layout reports reach us in give the same facts.

The values are those of the complete 2019-format report of 上海市人民政府办公厅
(fixtures/reports/2019-shanghai-szfbgt-2019.html), with its blank cells.
"""

from __future__ import annotations

import pytest

from parsers import parse_bytes, parse_file
from parsers.tables import APPLY_COLUMNS

from .conftest import FIXTURES
from .layouts import render
from .render_formats import facts_of


@pytest.fixture(scope="module")
def published() -> dict:
    return facts_of(parse_file(FIXTURES / "reports" / "2019-shanghai-szfbgt-2019.html"))


@pytest.fixture(scope="module")
def filled(published) -> dict:
    """The published facts with a not-applicable mark in each blank cell: ``{"apply.new.research": "NA", …}``."""
    return {k: ("NA" if v is None else v) for k, v in published.items()}


@pytest.mark.parametrize("layout", ["tsv", "md", "pipe", "pipe_rows"])
def test_layouts_with_printed_empty_cells_give_every_fact(published, layout):
    report = parse_bytes(render(published, layout).encode(), name=f"x.{'md' if layout == 'md' else 'txt'}")
    got = facts_of(report)
    if layout == "tsv":
        # tab-separated text cannot tell a blank at either end of a row from a spacer: those rows stay unplaced
        placed = {k: v for k, v in published.items() if k in got}
        assert got == placed and len(got) >= 0.5 * len(published)
    else:
        assert got == published
    assert report["format"] == "2019"
    assert not [c for c in report["checks"] if c["severity"] == "error"]


def test_spaces_layout(filled):
    # a not-applicable mark stands in for each blank cell: columns stay aligned
    report = parse_bytes(render(filled, "spaces").encode(), name="x.txt")
    got = facts_of(report)
    assert got == filled


def test_one_cell_per_line_places_only_complete_rows(published, filled):
    report = parse_bytes(render(published, "lines").encode(), name="x.txt")
    got = facts_of(report)
    # where blanks vanished a row cannot be placed; what is placed is right, nothing is made up
    assert got and {k: published[k] for k in got} == got
    assert any(c["code"] == "cell.missing" for c in report["checks"])
    # with a mark in every blank cell nothing vanishes, and every fact is read
    report = parse_bytes(render(filled, "lines").encode(), name="x.txt")
    assert facts_of(report) == filled


@pytest.fixture(scope="module")
def published_2021() -> dict:
    """Real 2021-format values: 龙岗区 department 2024 (fixtures/reports/2021-longgang-qbm-2024.txt), the rows
    its truncated copy lacks filled from the 上海 report's numbers, and （六） split into its three 2021 sub-rows."""
    longgang = parse_file(FIXTURES / "reports" / "2021-longgang-qbm-2024.txt")["facts"]
    shanghai = parse_file(FIXTURES / "reports" / "2019-shanghai-szfbgt-2019.html")["facts"]
    facts = {k: v for k, v in shanghai.items() if k.startswith(("apply.", "review.", "litigation."))}
    facts.update({k: v for k, v in longgang.items() if k.startswith(("apply.", "active.")) and v is not None})
    for col in APPLY_COLUMNS:
        facts[f"apply.other.no_correction.{col}"] = 1
        facts[f"apply.other.no_fee.{col}"] = 0
        facts[f"apply.other.other.{col}"] = 2
        facts[f"apply.other.{col}"] = 3  # the contract's sum of the three sub-rows
    return facts


@pytest.mark.parametrize("layout", ["md", "pipe", "pipe_rows"])
def test_2021_format_in_text_layouts(published_2021, layout):
    text = render(published_2021, layout, title="某区某局2024年政府信息公开工作年度报告", fmt="2021")
    report = parse_bytes(text.encode(), name=f"x.{'md' if layout == 'md' else 'txt'}")
    got = facts_of(report)
    assert report["format"] == "2021"
    assert got == published_2021
    assert got["active.normative_document.in_force"] == 25 and got["apply.other.other.total"] == 2


def test_flipbook_headers_one_character_per_cell(filled):
    """PDF flipbooks print 表四's headers one character per line (结/果/维/持)."""
    flip = render(filled, "lines").replace("结果维持", "结\n\n果\n\n维\n\n持")
    report = parse_bytes(flip.encode(), name="x.txt")
    assert report["facts"]["review.total"] == filled["review.total"]
    assert report["facts"]["litigation.direct.upheld"] == filled["litigation.direct.upheld"]


def test_flipbook_html_page_with_loose_cells(filled):
    """A PDF flipbook page (…/files/basic-html/pageN.html) prints each cell as its own line of text."""
    lines = [x for x in render(filled, "lines").split("\n") if x.strip()]
    html = "<html><body><div id='page'>" + "".join(f"<p>{x}</p>" for x in lines) + "</div></body></html>"
    report = parse_bytes(html.encode(), name="page8.html")
    assert facts_of(report) == filled


def test_tables_split_by_a_page_break(filled):
    """A Word table broken by a page break reaches HTML as two tables: 表三 and 表四 read across the break."""
    rows = [x for x in render(filled, "md").split("\n") if x.startswith("|")]
    # split 表三 after （三）4 and 表四 between its header rows and its row of numbers
    at_third_party = next(i for i, r in enumerate(rows) if "保护第三方合法权益" in r) + 1
    at_numbers = len(rows) - 1

    def table(part: list[str]) -> str:
        return (
            "<table>"
            + "".join(
                "<tr>" + "".join(f"<td>{c.strip()}</td>" for c in r.strip("|").split("|")) + "</tr>"
                for r in part
                if not r.startswith("| ---")  # fmt: skip
            )
            + "</table>"
        )

    html = ("<html><body><div class='TRS_Editor'><p>某某局2019年政府信息公开工作年度报告</p>"
            + table(rows[:at_third_party]) + "<p>第 2 页</p>" + table(rows[at_third_party:at_numbers])
            + "<p>第 3 页</p>" + table(rows[at_numbers:]) + "</div></body></html>")  # fmt: skip
    report = parse_bytes(html.encode(), name="split.html")
    assert facts_of(report) == filled


def test_rows_with_single_spaces_as_pdf_text_gives_them(filled):
    """PDF text (and Word paragraphs typed with tabs) print a row as its label then its numbers, one space apart."""
    text = render(filled, "tsv").replace("\t", " ")
    report = parse_bytes(text.encode(), name="x.txt")
    assert facts_of(report) == filled
    assert report["format"] == "2019"
