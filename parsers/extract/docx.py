"""Word .docx files into blocks, tables with their merged cells as spans."""

from __future__ import annotations

import io

from docx import Document as open_docx
from docx.oxml.ns import qn

from ..blocks import Cell, Document, Paragraph, Table


def extract_docx(data: bytes) -> Document:
    """Blocks of a .docx report, body paragraphs and tables in document order.

    A horizontally merged cell (``w:gridSpan``) becomes a colspan and a
    vertically merged one (``w:vMerge``) a rowspan, so a merged value is read once.
    """
    body = open_docx(io.BytesIO(data)).element.body
    blocks: list[Paragraph | Table] = []
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            text = _text(child)
            if text.strip():
                blocks.extend(Paragraph(line.strip()) for line in text.split("\n") if line.strip())
        elif child.tag == qn("w:tbl"):
            blocks.append(_table(child))
    return Document(
        blocks=blocks, media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


def _text(element) -> str:
    parts = []
    for node in element.iter(qn("w:t"), qn("w:br"), qn("w:tab"), qn("w:p")):
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:tab"):
            parts.append(" ")
        elif parts:
            parts.append("\n")
    return "".join(parts).strip("\n")


def _table(tbl) -> Table:
    """Grid rows with spans: vMerge="continue" cells extend the cell above."""
    rows: list[list[Cell]] = []
    origin: dict[int, Cell] = {}  # grid column -> cell that a vertical merge continues
    for tr in tbl.iterchildren(qn("w:tr")):
        row: list[Cell] = []
        col = 0
        for tc in tr.iterchildren(qn("w:tc")):
            props = tc.find(qn("w:tcPr"))
            span = 1
            merge = None
            if props is not None:
                grid_span = props.find(qn("w:gridSpan"))
                if grid_span is not None:
                    span = int(grid_span.get(qn("w:val"), "1") or 1)
                v_merge = props.find(qn("w:vMerge"))
                if v_merge is not None:
                    merge = v_merge.get(qn("w:val"), "continue")
            if merge == "continue" and col in origin:
                origin[col].rowspan += 1
            else:
                cell = Cell(_text(tc), colspan=span)
                row.append(cell)
                origin[col] = cell
            col += span
        rows.append(row)
    return Table(rows, layout="grid")
