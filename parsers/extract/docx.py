"""Word .docx files into blocks, tables with their merged cells as spans.

A horizontally merged cell (``w:gridSpan``) becomes a colspan and a
vertically merged one (``w:vMerge`` restart/continue) a rowspan on the cell
that starts the merge, so a merged value is read once.  Rows that start
later than the grid's first column (``w:gridBefore``), cells and paragraphs
wrapped in content controls (``w:sdt``) or custom XML, and a layout table of
one cell that wraps the whole report are all read as Word shows them.

The container is checked first (``safety.open_zip``: sizes, ratio,
encryption; ``safety.check_xml_members``: no DTD or entity declarations).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

from docx import Document as open_docx
from docx.oxml.ns import qn
from lxml import etree

from ..blocks import Cell, Document, Paragraph, Table
from .safety import check_xml_members, open_zip
from .text import add_line_tables

_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_WRAPPERS = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:smartTag")}
_T, _BR, _TAB, _CR = qn("w:t"), qn("w:br"), qn("w:tab"), qn("w:cr")
_VAL = qn("w:val")
_HEADING_STYLE = re.compile(r"^(?:heading|title|标题)\s*\d*$", re.I)
MAX_TABLE_DEPTH = 8


def extract_docx(data: bytes) -> Document:
    """Blocks of a .docx report, body paragraphs and tables in document order.

    >>> doc = extract_docx(open("tests/fixtures/rendered/2021-longgang-qbm-2024.docx", "rb").read())
    >>> [c.text for c in doc.tables[1].rows[0]][1], doc.tables[1].rows[0][1].colspan
    ('申请人情况', 7)
    """
    check_xml_members(open_zip(data, "docx"), "docx")
    document = open_docx(io.BytesIO(data))
    headings = {s.style_id for s in document.styles if s.name and _HEADING_STYLE.match(s.name.strip())}
    blocks: list[Paragraph | Table] = []
    _body(document.element.body, blocks, headings, 0)
    # tables typed as paragraphs with tabs: label then its numbers
    return Document(blocks=add_line_tables(blocks))


def _children(element: etree._Element) -> Iterator[etree._Element]:
    """Child elements with content-control and custom-XML wrappers opened."""
    for child in element.iterchildren():
        if child.tag in _WRAPPERS:
            yield from _children(child)
        else:
            yield child


def _body(container, blocks: list[Paragraph | Table], headings: set[str], depth: int) -> None:
    for child in _children(container):
        if child.tag == _P:
            text = _text(child)
            heading = _is_heading(child, headings)
            blocks.extend(
                Paragraph(line.strip(), heading=heading) for line in text.split("\n") if line.strip()
            )
        elif child.tag == _TBL:
            wrapped = _only_cell(child) if depth < MAX_TABLE_DEPTH else None
            if wrapped is not None and any(True for _ in wrapped.iterdescendants(_TBL)):
                # a one-cell layout table wrapping the report: read what is inside it
                _body(wrapped, blocks, headings, depth + 1)
                continue
            table = _table(child)
            if any(table.rows):
                blocks.append(table)


def _only_cell(tbl) -> etree._Element | None:
    """The cell of a table of one row and one cell (no grid columns skipped before it), else None."""
    trs = [tr for tr in _children(tbl) if tr.tag == _TR]
    if len(trs) != 1:
        return None
    props = trs[0].find(qn("w:trPr"))
    before = props.find(qn("w:gridBefore")) if props is not None else None
    if before is not None and _int(before.get(_VAL), 0):
        return None
    tcs = [tc for tc in _children(trs[0]) if tc.tag == _TC]
    return tcs[0] if len(tcs) == 1 else None


def _is_heading(p, headings: set[str]) -> bool:
    props = p.find(qn("w:pPr"))
    if props is None:
        return False
    style = props.find(qn("w:pStyle"))
    if style is not None and style.get(_VAL) in headings:
        return True
    level = props.find(qn("w:outlineLvl"))
    return level is not None and (level.get(_VAL) or "9").isdigit() and int(level.get(_VAL)) < 9


def _text(element) -> str:
    """The text of a paragraph or cell: runs, tabs as spaces, breaks and paragraphs as newlines."""
    parts = []
    for node in element.iter(_T, _BR, _TAB, _CR, _P):
        if node.tag == _T:
            parts.append(node.text or "")
        elif node.tag == _TAB:
            parts.append(" ")
        elif parts:
            parts.append("\n")
    return "".join(parts).strip("\n")


def _cell_text(tc: etree._Element) -> str:
    """A cell's text, each line with its white space collapsed, empty lines dropped."""
    return "\n".join(" ".join(line.split()) for line in _text(tc).split("\n") if line.strip())


def _int(value: str | None, default: int = 1) -> int:
    try:
        return max(0, min(int(value or default), 1000))
    except ValueError:
        return default


def _table(tbl) -> Table:
    """Grid rows with spans: vMerge="continue" cells extend the cell above in the same grid column."""
    rows: list[list[Cell]] = []
    origin: dict[int, Cell] = {}  # grid column -> cell that a vertical merge continues
    for tr in _children(tbl):
        if tr.tag != _TR:
            continue
        row: list[Cell] = []
        col = 0
        tr_props = tr.find(qn("w:trPr"))
        if tr_props is not None:
            before = tr_props.find(qn("w:gridBefore"))
            if before is not None:
                col = _int(before.get(_VAL), 0)
                if col:
                    row.append(Cell("", colspan=col))  # the row starts further right: an empty area
        for tc in _children(tr):
            if tc.tag != _TC:
                continue
            props = tc.find(qn("w:tcPr"))
            span = 1
            merge = None
            if props is not None:
                grid_span = props.find(qn("w:gridSpan"))
                if grid_span is not None:
                    span = max(1, _int(grid_span.get(_VAL)))
                v_merge = props.find(qn("w:vMerge"))
                if v_merge is not None:
                    merge = v_merge.get(_VAL) or "continue"
                h_merge = props.find(qn("w:hMerge"))
                if h_merge is not None and (h_merge.get(_VAL) or "continue") == "continue" and row:
                    row[-1].colspan += span  # legacy horizontal merge: this cell continues the one before
                    col += span
                    continue
            if merge == "continue" and col in origin:
                origin[col].rowspan += 1
            else:
                cell = Cell(_cell_text(tc), colspan=span)
                row.append(cell)
                origin[col] = cell
            col += span
        rows.append(row)
    return Table(rows, layout="grid")
