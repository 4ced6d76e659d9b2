"""PDF files into blocks: text through PDFium (pypdfium2), ruled tables through pdfplumber's table finder.

Every page's text layer and drawing operations are read with PDFium, which
is fast.  The straight horizontal and vertical segments a page draws (its
rulings) go to pdfplumber's ``TableFinder`` as explicit edges; it joins them
into cells and cells into tables the way its ``lines`` strategy does, but
without pdfminer parsing the page again.  Each cell's box is placed on the
grid its rulings make, so a merged cell becomes a rowspan or colspan and its
value is read once; its text is the text PDFium finds inside the box.  Text
outside the tables keeps its place, blocks following the page from top to
bottom.

What a PDF does to a report is undone where it can be told:

- a table running over a page break is one table again (same columns, nothing
  but a page number between), and a row split by the break (its label
  finishing on the next page with no values, or unnumbered where the rows are
  numbered) is one row again;
- page numbers (``- 3 -``, ``第3页``, ``3/12``) are dropped;
- lines wrapped at the right margin are joined into their paragraph, a cell's
  text wrapped inside the cell is joined, and the space PDFium puts between
  CJK and Latin runs (``2019 年``) is removed.

A PDF whose pages carry no text but images is a scan: the document comes back
empty with ``scanned=True`` (the parser turns that into the
``document.scanned`` check).  Encrypted (a password to open), corrupt and
oversized PDFs raise ParseError; decompression bombs are refused by
``safety.check_pdf_streams`` before PDFium sees the file.  A PDF with only an
owner password (copying forbidden) opens and is read.
"""

from __future__ import annotations

import bisect
import ctypes
import io
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..blocks import Cell, Document, Paragraph, Table
from ..errors import ParseError
from ..numbers import cell_kind, squash
from .safety import check_pdf_streams
from .text import add_line_tables

# pdfminer (under pdfplumber) logs what it repairs at WARNING; without a handler that reaches stderr
if logging.getLogger("pdfminer").level == logging.NOTSET:
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
MAX_PAGES = 2_000
MAX_SECONDS = 60.0  # one document, all pages
TABLE_MIN_RULINGS = 4  # fewer straight lines cannot rule a table
TABLE_MAX_OBJECTS = 20_000  # past this a page goes to PDFium text only (pdfplumber would crawl)
SCANNED_MIN_CHARS = 20  # a page with fewer non-space characters has no text layer to speak of
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—－_\s]*\d{1,4}[-–—－_\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}"
    r"|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$",
    re.I,
)
_SENTENCE_END = re.compile(r"[。！？!?：:；;]$")
_CJK = "\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_BREAK = re.compile(r"[ \t\r]*\n\s*")
# how a row's label starts in the statistics tables: 一、 （一） 1. 第二十条
_ROW_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、]|第)"
)
# a space PDFium or pdfminer put in where a CJK run meets a Latin one ("2019 年"): typesetting, not text
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}]) +(?=[0-9A-Za-z{_CJK}])|(?<=[0-9A-Za-z]) +(?=[{_CJK}])")
_SNAP = 2.0  # points: ruling positions closer than this are one


@dataclass
class _Line:
    text: str
    top: float
    x0: float
    x1: float


@dataclass
class _Grid:
    """A table found on one page: cells at their grid positions, None where a merge covers."""

    top: float
    bottom: float
    matrix: list[list[Cell | None]]
    x0: float = 0.0
    x1: float = 0.0

    @property
    def width(self) -> int:
        return len(self.matrix[0]) if self.matrix else 0

    def holds(self, line: _Line) -> bool:
        """True when a text line starts inside the table's box."""
        return self.top - 1 <= line.top + 2 <= self.bottom + 1 and self.x0 - 1 <= line.x0 <= self.x1 + 1


def extract_pdf(data: bytes) -> Document:
    """Blocks of a PDF report.

    >>> doc = extract_pdf(open("tests/fixtures/rendered/2021-longgang-qbm-2024.pdf", "rb").read())
    >>> doc.tables[1].rows[0][1].text, doc.tables[1].rows[0][1].colspan
    ('申请人情况', 7)
    """
    check_pdf_streams(data)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise ParseError("encrypted PDF (a password is needed to open it)") from exc
        raise ParseError(f"corrupt PDF ({_pdfium_reason(message)})") from exc
    try:
        return _extract(pdf, data)
    finally:
        pdf.close()


def _pdfium_reason(message: str) -> str:
    m = re.search(r"PDFium: ([^)]*)", message)
    return (m.group(1) if m else message).strip().rstrip(".")[:100]


def _extract(pdf: pdfium.PdfDocument, data: bytes) -> Document:
    n = len(pdf)
    if n == 0:
        raise ParseError("PDF has no pages")
    if n > MAX_PAGES:
        raise ParseError(f"PDF has {n} pages (limit {MAX_PAGES})")
    deadline = time.monotonic() + MAX_SECONDS
    plumber: pdfplumber.PDF | None = None
    plumber_tried = False
    pages: list[list[_Line | _Grid]] = []
    text_chars = images = 0
    try:
        for i in range(n):
            if time.monotonic() > deadline:
                raise ParseError(f"PDF took longer than {MAX_SECONDS:.0f} s to read ({i} of {n} pages)")
            page = pdf[i]
            textpage = page.get_textpage()
            height = page.get_height()
            rulings, page_images, objects = _page_objects(page, height)
            images += page_images
            lines = _pdfium_lines(textpage, height)
            meaningful = sum(len(squash(x.text)) for x in lines)
            text_chars += meaningful
            blocks: list[_Line | _Grid] = lines
            if meaningful and len(rulings) >= TABLE_MIN_RULINGS and objects <= TABLE_MAX_OBJECTS:
                if not plumber_tried:
                    plumber, plumber_tried = _open_plumber(data), True
                grids = _find_tables(plumber, i, rulings, textpage, height) if plumber else []
                if grids:
                    outside = [x for x in lines if not any(g.holds(x) for g in grids)]
                    blocks = sorted([*outside, *grids], key=lambda b: b.top)
            pages.append(blocks)
            textpage.close()
            page.close()
    finally:
        if plumber is not None:
            plumber.close()
    if text_chars < SCANNED_MIN_CHARS:
        if images:
            return Document(blocks=[], scanned=True)
        raise ParseError("PDF has no text and no images: nothing to read")
    # tables without ruling lines come out as text lines: label then its numbers
    return Document(blocks=add_line_tables(_assemble(pages)))


def _page_objects(page: pdfium.PdfPage, height: float) -> tuple[list[dict], int, int]:
    """The page's rulings (axis-aligned straight path segments, as table edges), image and object counts.

    Edges are in top-left coordinates (``top`` measured down from the page's
    top), as pdfplumber's table finder takes them.  Paths inside form XObjects
    are placed with their forms' matrices.
    """
    edges: list[dict] = []
    images = total = 0
    forms: list[tuple[float, ...]] = []  # matrix of the form at each nesting level
    for obj in page.get_objects(max_depth=3):
        total += 1
        if total > TABLE_MAX_OBJECTS:
            break
        del forms[obj.level :]
        if obj.type == pdfium_c.FPDF_PAGEOBJ_FORM:
            forms.append(_matrix(obj))
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images += 1
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_PATH and len(edges) < TABLE_MAX_OBJECTS:
            chain = [_matrix(obj), *reversed(forms)]
            edges.extend(_path_edges(obj, chain, height))
    return edges, images, total


def _matrix(obj: pdfium.PdfObject) -> tuple[float, ...]:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj.raw, ctypes.byref(m)):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _path_edges(obj: pdfium.PdfObject, chain: list[tuple[float, ...]], height: float) -> list[dict]:
    """Horizontal and vertical straight segments of one path object, in page coordinates."""

    def place(x: float, y: float) -> tuple[float, float]:
        for a, b, c, d, e, f in chain:
            x, y = a * x + c * y + e, b * x + d * y + f
        return x, y

    n = pdfium_c.FPDFPath_CountSegments(obj.raw)
    if n <= 0 or n > 5_000:
        return []
    x, y = ctypes.c_float(), ctypes.c_float()
    edges: list[dict] = []
    start = current = None
    for i in range(n):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj.raw, i)
        if not pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
            continue
        point = place(x.value, y.value)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_LINETO and current is not None:
            _add_edge(edges, current, point, height)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        current = point
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
            _add_edge(edges, current, start, height)
            current = start
    return edges


def _add_edge(edges: list[dict], p: tuple[float, float], q: tuple[float, float], height: float) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y1 - y0) < 0.5 and abs(x1 - x0) >= 1:
        top = height - (y0 + y1) / 2
        left, right = min(x0, x1), max(x0, x1)
        edges.append(
            {
                "object_type": "line_edge",
                "orientation": "h",
                "x0": left,
                "x1": right,
                "top": top,
                "bottom": top,
                "width": right - left,
                "height": 0.0,
            }
        )
    elif abs(x1 - x0) < 0.5 and abs(y1 - y0) >= 1:
        top, bottom = height - max(y0, y1), height - min(y0, y1)
        edges.append(
            {
                "object_type": "line_edge",
                "orientation": "v",
                "x0": (x0 + x1) / 2,
                "x1": (x0 + x1) / 2,
                "top": top,
                "bottom": bottom,
                "width": 0.0,
                "height": bottom - top,
            }
        )


def _pdfium_lines(textpage: pdfium.PdfTextPage, height: float) -> list[_Line]:
    """The page's text lines with their left and right ends (for joining wrapped lines, placing tables)."""
    text = textpage.get_text_range()
    if len(text) != textpage.count_chars():  # characters and indexes disagree (surrogates …): go char by char
        return _lines_by_char(textpage, height)
    lines: list[_Line] = []
    pos = 0
    for raw in re.split(r"(\r\n|\r|\n)", text):
        if raw.strip():
            first = pos + (len(raw) - len(raw.lstrip()))
            last = pos + len(raw.rstrip()) - 1
            left, _, _, top = textpage.get_charbox(first)
            right = textpage.get_charbox(last)[2]
            lines.append(_Line(_tidy(raw), height - top, left, right))
        pos += len(raw)
    return lines


def _lines_by_char(textpage: pdfium.PdfTextPage, height: float) -> list[_Line]:
    """Text lines read one character at a time, each with its own box: slower, never misaligned."""
    lines: list[_Line] = []
    chars: list[str] = []
    box: list[float] = []
    high = 0

    def flush() -> None:
        if "".join(chars).strip():
            lines.append(_Line(_tidy("".join(chars)), height - box[3], box[0], box[2]))
        chars.clear()
        box.clear()

    for i in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(textpage.raw, i)
        if 0xD800 <= code < 0xDC00:
            high = code
            continue
        if 0xDC00 <= code < 0xE000 and high:
            code, high = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00), 0
        if code in (0x0A, 0x0D):
            flush()
            continue
        char = chr(code)
        if not char.isspace():
            left, bottom, right, top = textpage.get_charbox(i)
            if box:
                box[2], box[3] = max(box[2], right), max(box[3], top)
            else:
                box.extend([left, bottom, right, top])
        chars.append(char)
    flush()
    return lines


def _open_plumber(data: bytes) -> pdfplumber.PDF | None:
    """pdfplumber's view of the document (its pages are parsed only if asked: here they never are)."""
    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception:  # pdfminer cannot read what PDFium could: PDFium's text stands
        return None


def _find_tables(
    plumber: pdfplumber.PDF, index: int, rulings: list[dict], textpage: pdfium.PdfTextPage, height: float
) -> list[_Grid]:
    """Ruled tables of one page: pdfplumber's table finder on PDFium's rulings, cell text from PDFium."""
    from pdfplumber.table import TableFinder

    vertical = [e for e in rulings if e["orientation"] == "v"]
    horizontal = [e for e in rulings if e["orientation"] == "h"]
    if len(vertical) < 2 or len(horizontal) < 2:
        return []
    try:
        finder = TableFinder(
            plumber.pages[index],
            {
                "vertical_strategy": "explicit",
                "horizontal_strategy": "explicit",
                "explicit_vertical_lines": vertical,
                "explicit_horizontal_lines": horizontal,
            },
        )
    except Exception:  # a page pdfplumber cannot make out: its text stands, as text
        return []

    def text(box: tuple[float, float, float, float]) -> str:
        x0, top, x1, bottom = box
        return textpage.get_text_bounded(
            left=x0 + 0.5, bottom=height - bottom + 0.5, right=x1 - 0.5, top=height - top - 0.5
        )

    grids = [_grid([tuple(c) for c in t.cells], text) for t in finder.tables if len(t.cells) >= 2]
    return [g for g in grids if g.matrix and g.width >= 2]


def _snap(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _SNAP:
            out.append(v)
    return out


def _index(edges: list[float], v: float) -> int:
    """The position in sorted ``edges`` nearest to ``v``."""
    i = bisect.bisect_left(edges, v)
    if i == len(edges) or (i and v - edges[i - 1] < edges[i] - v):
        return i - 1
    return i


def _grid(boxes: list[tuple[float, ...]], text: Callable[[tuple[float, ...]], str]) -> _Grid:
    """Cell boxes as a grid: each placed by the ruling positions it spans, its text read once."""
    xs = _snap([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _snap([b[1] for b in boxes] + [b[3] for b in boxes])
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    left, top, right, bottom = (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
    if n_rows <= 0 or n_cols <= 0:
        return _Grid(top, bottom, [], left, right)
    matrix: list[list[Cell | None]] = [[Cell("") for _ in range(n_cols)] for _ in range(n_rows)]
    for box in sorted(boxes, key=lambda b: (b[1], b[0])):
        c0, c1 = _index(xs, box[0]), _index(xs, box[2])
        r0, r1 = _index(ys, box[1]), _index(ys, box[3])
        if c1 <= c0 or r1 <= r0 or matrix[r0][c0] is None:
            continue
        matrix[r0][c0] = Cell(_cell_text(text(box)), rowspan=r1 - r0, colspan=c1 - c0)
        for r in range(r0, r1):
            for c in range(c0, c1):
                if (r, c) != (r0, c0):
                    matrix[r][c] = None
    return _Grid(top, bottom, matrix, left, right)


def _cell_text(text: str) -> str:
    """A cell's text with the lines wrapped inside the cell joined.

    A break is kept only between two Latin letters or digits (``1,234`` /
    ``5,678``); next to a CJK character or punctuation it is a wrap.

    >>> _cell_text("6.\\r\\n属于四类过\\r\\n程性信息"), _cell_text("3\\n.危及"), _cell_text("1,234\\n5,678")
    ('6.属于四类过程性信息', '3.危及', '1,234\\n5,678')
    """
    text = _BREAK.sub(_wrap_or_break, text.strip())
    return "\n".join(_tidy(line) for line in text.split("\n") if line.strip())


def _wrap_or_break(m: re.Match) -> str:
    left = m.string[m.start() - 1] if m.start() else ""
    right = m.string[m.end()] if m.end() < len(m.string) else ""
    latin = left.isascii() and left.isalnum() and right.isascii() and right.isalnum()
    return "\n" if latin else ""


def _tidy(line: str) -> str:
    """One line of text: runs of white space as one space, none between CJK and Latin characters.

    >>> _tidy("梁园区前进街道办事处 2020 年政府信息公开  工作")
    '梁园区前进街道办事处2020年政府信息公开工作'
    """
    return _CJK_SPACE.sub("", " ".join(line.split()))


def _assemble(pages: list[list[_Line | _Grid]]) -> list[Paragraph | Table]:
    """Blocks of all pages: page numbers dropped, tables continued over page breaks, wrapped lines joined."""
    flow: list[_Line | _Grid] = []
    for blocks in pages:
        blocks = [b for b in blocks if not (isinstance(b, _Line) and _PAGE_NUMBER.match(b.text))]
        if blocks and flow and isinstance(blocks[0], _Grid) and isinstance(flow[-1], _Grid):
            if _continue_table(flow[-1], blocks[0]):
                blocks = blocks[1:]
        flow.extend(blocks)
    out: list[Paragraph | Table] = []
    for group in _paragraph_groups(flow):
        if isinstance(group, _Grid):
            out.append(Table([[c for c in row if c is not None] for row in group.matrix], layout="grid"))
        else:
            out.append(Paragraph(group))
    return out


def _continue_table(previous: _Grid, following: _Grid) -> bool:
    """Append ``following`` (the first table of a page) to ``previous`` when it continues it."""
    if previous.width != following.width or not following.matrix:
        return False
    rows = following.matrix
    last = previous.matrix[-1]
    first = rows[0]
    kinds = [cell_kind(c.text) for c in first if c is not None]
    labels_only = all(k in ("label", "empty") for k in kinds) and "label" in kinds
    # the first row's text sits only in cells the row before filled: it may finish them
    inside = all(
        c is None or not c.text or (last[j] is not None and last[j].text) for j, c in enumerate(first)
    )
    values_before = any(c is not None and cell_kind(c.text) in ("number", "na") for c in last)
    split_row = labels_only and inside and (values_before or _unnumbered(first, last))
    if split_row:
        for j, cell in enumerate(first):
            if cell is None:
                continue
            if cell.text:
                joiner = "" if re.match(rf"[{_CJK}]", cell.text) else "\n"
                last[j].text = f"{last[j].text}{joiner}{cell.text}"
            if cell.rowspan > 1 and len(rows) > 1:
                rows[1][j] = Cell("", rowspan=cell.rowspan - 1, colspan=cell.colspan)
        rows = rows[1:]
    previous.matrix.extend(rows)
    previous.bottom = following.bottom
    return True


def _unnumbered(first: list[Cell | None], last: list[Cell | None]) -> bool:
    """The first row's labels carry no row numbering where the row before had one: a row's second half."""
    filled = [j for j, c in enumerate(first) if c is not None and c.text]
    return all(not _ROW_START.match(squash(first[j].text)) for j in filled) and any(
        _ROW_START.match(squash(last[j].text)) for j in filled
    )


def _paragraph_groups(flow: list[_Line | _Grid]) -> list[str | _Grid]:
    """Lines joined into paragraphs where a line runs to the right margin and the next one is not indented."""
    lines = [b for b in flow if isinstance(b, _Line) and b.x1 > b.x0]
    left = min((x.x0 for x in lines), default=0.0)
    right = max((x.x1 for x in lines), default=0.0)
    out: list[str | _Grid] = []
    previous: _Line | None = None
    for block in flow:
        if isinstance(block, _Grid):
            out.append(block)
            previous = None
            continue
        if previous is not None and isinstance(out[-1], str) and _wraps(previous, block, left, right):
            joiner = "" if re.match(rf"[{_CJK}]", block.text) and re.search(rf"[{_CJK}]$", out[-1]) else " "
            out[-1] = f"{out[-1]}{joiner}{block.text}"
        else:
            out.append(block.text)
        previous = block
    return out


def _wraps(line: _Line, following: _Line, left: float, right: float) -> bool:
    """True when ``line`` was wrapped at the right margin and ``following`` carries it on."""
    if line.x1 <= line.x0 or following.x1 <= following.x0:
        return False
    em = (line.x1 - line.x0) / max(len(line.text), 1)
    return (
        line.x1 >= right - 1.5 * em
        and following.x0 <= left + 0.5 * em
        and not _SENTENCE_END.search(line.text)
        and 0 < following.top - line.top < 3 * em
    )
