"""Plain text and Markdown into blocks.

Text copies of reports carry their tables in several flattened layouts (see
``parsers.blocks``); each is recognised from the shape of its lines:

- ``cell |`` lines, as a flattened web page prints table cells;
- Markdown pipe tables ``| a | b |``;
- tab-separated rows, or one tab-prefixed cell per line with blank lines
  between rows, and label cells running over several lines;
- columns separated by runs of two or more spaces;
- one cell per line with the empty cells gone: a run of short lines many of
  which are numbers.
"""

from __future__ import annotations

import re

from ..blocks import Cell, Document, Paragraph, Table
from ..numbers import cell_kind, clean

_MD_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
_ALL_PIPES = re.compile(r"^\|+$")
_SPACE_SPLIT = re.compile(r"\s{2,}|\u3000+")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
SHORT_LINE = 40


def extract_text(text: str, markdown: bool = False) -> Document:
    """Blocks of a text report.

    >>> doc = extract_text("二、主动公开政府信息情况\\n规章\\t0\\t0\\t0\\n")
    >>> [type(b).__name__ for b in doc.blocks]
    ['Paragraph', 'Table']
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Paragraph | Table] = []
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        s = line.strip()
        if _is_pipe_line(s) or (s and _next_is_pipe_only(lines, i)):
            j = _pipe_region_end(lines, i)
            table = _pipe_table(lines[i:j])
            # the cells stay readable as text too, so headings swallowed by the region still count
            blocks.extend(Paragraph(t, cell=True) for t in _pipe_texts(lines[i:j]))
            blocks.append(table)
            i = j
        elif _is_md_line(s):
            j = i
            while j < n and _is_md_line(lines[j].strip()):
                j += 1
            blocks.append(_md_table(lines[i:j]))
            i = j
        elif _starts_tab_region(line):
            j = _tab_region_end(lines, i)
            blocks.append(_tsv_table(lines[i:j]))
            i = j
        elif _space_cells(s, numbers=False) and (j := _space_region_end(lines, i)) > i + 1:
            rows = [
                [Cell(c) for c in _space_cells(x.strip(), numbers=False)] for x in lines[i:j] if x.strip()
            ]
            blocks.append(Table(rows, layout="spaces"))
            i = j
        else:
            if s:
                heading = bool(markdown and _MD_HEADING.match(s))
                blocks.append(Paragraph(_MD_HEADING.sub("", s) if heading else s, heading=heading))
            i += 1
    return Document(blocks=add_line_tables(blocks))


def _is_pipe_line(s: str) -> bool:
    """A line of a flattened table: ``cell |``, ``a | b | c |`` or pipes alone."""
    if _ALL_PIPES.match(s):
        return True
    return bool(s) and not s.startswith("|") and (s.endswith("|") or s.count(" | ") >= 2)


def _next_filled(lines: list[str], i: int) -> int:
    """The index of the first non-blank line after ``i`` (``len(lines)`` when there is none)."""
    k = i + 1
    while k < len(lines) and not lines[k].strip():
        k += 1
    return k


def _next_is_pipe_only(lines: list[str], i: int) -> bool:
    """A text line followed by a line of pipes alone: a cell in ``cell`` / ``|`` layout."""
    k = _next_filled(lines, i)
    return (
        k < len(lines) and bool(_ALL_PIPES.match(lines[k].strip())) and len(clean(lines[i])) <= SHORT_LINE * 2
    )


def _pipe_region_end(lines: list[str], start: int) -> int:
    j = start
    n = len(lines)
    while j < n:
        s = lines[j].strip()
        if not s or _is_pipe_line(s) or (j > start and s.startswith("|") and s.endswith("|")):
            j += 1
            continue
        if j > start and cell_kind(s) in ("number", "na") and _is_pipe_line(lines[j - 1].strip()):
            j += 1  # a last value cut off before its separator
            continue
        k = _next_filled(lines, j)
        if k < n and _is_pipe_line(lines[k].strip()) and len(clean(s)) <= SHORT_LINE * 2:
            j += 1  # a cell whose separator is on the next line
            continue
        break
    while j > start + 1 and not lines[j - 1].strip():
        j -= 1
    return j


def _pipe_texts(lines: list[str]) -> list[str]:
    return [t for line in lines if (t := line.strip().strip("|").strip()) and not _ALL_PIPES.match(t)]


def _is_md_line(s: str) -> bool:
    return len(s) > 2 and s.startswith("|") and s.endswith("|") and not _ALL_PIPES.match(s)


def _pipe_table(lines: list[str]) -> Table:
    """Cells of a flattened table: every ``|`` ends a cell, so ``||`` holds an empty one.

    This reads alike the three flattenings seen in stored pages: ``cell |`` lines
    with ``|`` lines for empty cells, ``cell`` lines with ``|`` lines between,
    and whole rows ``a | b | c |``.  Where several empty cells were run
    together on one line (``|||||``) their places in the row are not known:
    those cells are marked uncertain.
    """
    cells: list[Cell] = []
    uncertain: set[int] = set()
    pending = ""
    for line in (x.strip() for x in lines):
        if not line:
            continue
        parts = (pending + "\n" + line if pending else line).split("|")
        run = bool(_ALL_PIPES.match(line)) and len(line) >= 2
        for part in parts[:-1]:
            if run and not part.strip():
                uncertain.add(len(cells))
            cells.append(Cell(part.strip()))
        pending = parts[-1]
    if pending.strip():
        cells.append(Cell(pending.strip()))
    return Table([[c] for c in cells], layout="pipe", overlay=True, uncertain=uncertain)


def _md_table(lines: list[str]) -> Table:
    rows = []
    for line in lines:
        s = line.strip()
        if _MD_SEPARATOR.match(s):
            continue
        rows.append([Cell(c.strip()) for c in s.strip("|").split("|")])
    return Table(rows, layout="md")


def _starts_tab_region(line: str) -> bool:
    if "\t" not in line:
        return False
    filled = sum(1 for c in _tab_cells(line) if c)
    return line.startswith("\t") or line.count("\t") >= 2 or filled >= 2


def _tab_cells(line: str) -> list[str]:
    return [c.strip() for c in line.split("\t")]


def _tab_region_end(lines: list[str], start: int) -> int:
    """Index after the last line of the tab-separated region starting at ``start``."""
    j = start + 1
    n = len(lines)
    while j < n:
        line = lines[j]
        if "\t" in line or not line.strip():
            j += 1
            continue
        # a line without tabs continues a multi-line cell when tab lines follow
        k = _next_filled(lines, j)
        if k < n and lines[k].startswith("\t") and len(clean(line)) <= SHORT_LINE:
            j += 1
            continue
        break
    # do not swallow trailing blank lines
    while j > start + 1 and not lines[j - 1].strip():
        j -= 1
    return j


def _tsv_table(lines: list[str]) -> Table:
    tab_lines = [x for x in lines if "\t" in x]
    one_cell = [x for x in tab_lines if x.startswith("\t") and sum(1 for c in _tab_cells(x) if c) <= 1]
    if tab_lines and len(one_cell) >= 0.7 * len(tab_lines):
        return Table(_cell_per_line_rows(lines), layout="tsv")
    rows: list[list[Cell]] = []
    for line in lines:
        if not line.strip():
            continue
        if "\t" not in line and rows:
            _append_to_last(rows[-1], line.strip())
            continue
        rows.append([Cell(c) for c in _tab_cells(line)])
    return Table(rows, layout="tsv")


def _cell_per_line_rows(lines: list[str]) -> list[list[Cell]]:
    """Rows of a table printed one tab-prefixed cell per line, rows split by blank lines."""
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    for line in lines:
        if not line.strip() and "\t" not in line:
            if row:
                rows.append(row)
            row = []
        elif line.startswith("\t"):
            row.extend(Cell(c) for c in _tab_cells(line)[1:])
        elif row:
            _append_to_last(row, line.strip())
        else:
            row.append(Cell(line.strip()))
    if row:
        rows.append(row)
    return rows


def _append_to_last(row: list[Cell], text: str) -> None:
    for cell in reversed(row):
        if cell.text:
            cell.text = f"{cell.text}\n{text}"
            return
    row.append(Cell(text))


def _space_cells(s: str, numbers: bool = True) -> list[str]:
    """Cells of a line whose columns are separated by runs of spaces, else [].

    With ``numbers`` the line must hold a number (a data row); header rows of
    a region are taken without.
    """
    if not s:
        return []
    cells = [c for c in _SPACE_SPLIT.split(s) if c]
    if len(cells) < 2 or (numbers and (len(cells) < 3 or not any(cell_kind(c) == "number" for c in cells))):
        return []
    if any(len(clean(c)) > SHORT_LINE for c in cells):
        return []
    return cells


def _space_region_end(lines: list[str], start: int) -> int:
    """End of a run of two or more space-separated rows, one at least holding a number (a header may lead)."""
    j, data, count = start, 0, 0
    while j < len(lines) and (_space_cells(lines[j].strip(), numbers=False) or not lines[j].strip()):
        data += bool(_space_cells(lines[j].strip()))
        count += bool(lines[j].strip())
        j += 1
    while j > start and not lines[j - 1].strip():
        j -= 1
    return j if data >= 1 and count >= 2 else start


def add_line_tables(blocks: list[Paragraph | Table]) -> list[Paragraph | Table]:
    """Add overlay tables for tables printed as text lines.

    Two shapes are recognised: a run of short lines many of which are numbers
    (one cell per line, a ``lines`` table), and lines that end in several
    numbers separated by single spaces (``一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3``,
    as PDF text and Word paragraphs typed with tabs give them), a ``spaces``
    table whose rows are the label and its numbers.  The paragraphs stay (they
    are the document's text); the tables are overlays the table readers see.
    """
    out: list[Paragraph | Table] = []
    run: list[Paragraph] = []

    def flush() -> None:
        numbers = sum(1 for p in run if cell_kind(p.text) in ("number", "na"))
        out.extend(run)
        if numbers >= 4 and numbers >= 0.3 * len(run):
            out.append(Table([[Cell(p.text)] for p in run], layout="lines", overlay=True))
        run.clear()

    for block in blocks:
        if isinstance(block, Paragraph) and not block.cell and len(clean(block.text)) <= SHORT_LINE:
            run.append(block)
        else:
            flush()
            out.append(block)
    flush()
    return _add_number_tail_tables(out)


_NUMBER_TOKEN = r"(?:[+-]?\d[\d,]*(?:\.\d+)?(?:万元|元|件|条|个|人次|人|次)?|/|／|—|-{1,2}|NA|无|不适用)"
# how a _NUMBER_TOKEN can end, besides a digit (any \d, full-width too): a unit or a not-applicable mark
_TOKEN_ENDS = frozenset("元件条个人次/／—-A无用")
_NUMBER_TAIL = re.compile(
    r"^(?P<label>.*?)\s+(?P<numbers>" + _NUMBER_TOKEN + r"(?:\s+" + _NUMBER_TOKEN + r")+)$"
)
HEADER_LINES = 6  # label-only lines before the first numbered row that may be its header rows


def _number_tail(text: str) -> list[str] | None:
    """``"(一)予以公开 2 1 0 0 0 0 3"`` → ``["(一)予以公开", "2", "1", …]``; None for other lines."""
    text = text.strip()
    last = text[-1:]
    if not (last.isdecimal() or last in _TOKEN_ENDS):  # prose ends in 。: the pattern cannot match
        return None
    m = _NUMBER_TAIL.match(text)
    if not m:
        return None
    label = m["label"].strip()
    if label and cell_kind(label) != "label":  # the line is all numbers: the label matched one of them
        return text.split()
    return label.split() + m["numbers"].split()


def _add_number_tail_tables(blocks: list[Paragraph | Table]) -> list[Paragraph | Table]:
    out: list[Paragraph | Table] = []
    rows: list[list[str]] = []
    pending: list[str] = []  # label-only lines since the last numbered row

    def flush() -> None:
        if sum(1 for r in rows if len(r) >= 3) >= 2:
            out.append(Table([[Cell(c) for c in r] for r in rows], layout="spaces", overlay=True))
        rows.clear()
        pending.clear()

    for block in blocks:
        out.append(block)
        if not isinstance(block, Paragraph) or block.cell:
            continue
        cells = _number_tail(block.text)
        if cells and len(cells) >= 3:
            rows.extend(x.split() for x in pending[-HEADER_LINES:])
            pending.clear()
            rows.append(cells)
        elif len(clean(block.text)) <= SHORT_LINE * 2:
            pending.append(block.text)
            if rows and len(pending) > HEADER_LINES:
                flush()
        else:
            flush()
    flush()
    return out
