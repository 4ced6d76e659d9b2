"""Spreadsheets (.xlsx through openpyxl, .xls and WPS .et through xlrd) into blocks.

A worksheet is cut into regions at empty rows.  A region of one-cell rows is
prose (a title, a heading, a line of text); in a region with real rows the
one-cell rows at its top are headings and the rest is a table, whose merged
ranges become rowspan/colspan on the range's first cell.  Numbers print as a
person reads them (``58``, not ``58.0``).

Sizes are bounded before anything is parsed: the ZIP guard of
``parsers.extract.safety`` plus a limit on the worksheets' XML, and a limit
on the cells of any one sheet.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile

from ..blocks import Cell, Document, Paragraph, Table
from ..errors import ParseError
from .safety import check_xml_members, mib, open_zip

MAX_SHEET_XML = 16 * 1024 * 1024  # all worksheets and shared strings of an .xlsx, inflated
MAX_CELLS = 200_000  # non-empty cells of one sheet
MAX_COLUMNS = 200
_DEFAULT_SHEET = re.compile(r"^(?:sheet|工作表)\s*\d+$", re.I)

# (row, column) -> text, and merged ranges as (first row, first col, last row, last col), all 0-based
Grid = dict[tuple[int, int], str]
Merge = tuple[int, int, int, int]


def cell_text(value: object) -> str:
    """A cell's value as printed: whole numbers without ``.0``, dates as ISO dates.

    >>> cell_text(58.0), cell_text(25.1), cell_text(None), cell_text(dt.datetime(2024, 1, 20))
    ('58', '25.1', '', '2024-01-20')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.10g}"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def sheet_blocks(grid: Grid, merges: list[Merge]) -> list[Paragraph | Table]:
    """The blocks of one worksheet from its non-empty cells and its merged ranges.

    >>> grid = {(0, 0): "年度报告", (2, 0): "信息内容", (2, 1): "本年制发件数", (3, 0): "规章", (3, 1): "0"}
    >>> [type(b).__name__ for b in sheet_blocks(grid, [(0, 0, 0, 3)])]
    ['Paragraph', 'Table']
    """
    covered: dict[tuple[int, int], Merge] = {}
    starts: dict[tuple[int, int], Merge] = {}
    for merge in merges:
        r0, c0, r1, c1 = merge
        if (r1 - r0 + 1) * (c1 - c0 + 1) > MAX_CELLS:
            continue
        starts[(r0, c0)] = merge
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    covered[(r, c)] = merge
    columns: dict[int, set[int]] = {}  # row -> columns with a cell or a merged range
    for r, c in [*grid, *starts, *covered]:
        columns.setdefault(r, set()).add(c)
    continued = {r for (r, _), m in covered.items() if m[0] < r}  # rows a range from above runs through
    regions: list[list[int]] = []
    for r in sorted(columns):
        if regions and r == regions[-1][-1] + 1:
            regions[-1].append(r)
        else:
            regions.append([r])
    blocks: list[Paragraph | Table] = []
    for region in regions:
        lo = min(min(columns[r]) for r in region)
        hi = min(max(max(columns[r]) for r in region), lo + MAX_COLUMNS - 1)
        blocks.extend(_region_blocks(region, lo, hi, grid, starts, covered, continued))
    return blocks


def _region_blocks(
    region: list[int],
    lo: int,
    hi: int,
    grid: Grid,
    starts: dict[tuple[int, int], Merge],
    covered: dict[tuple[int, int], Merge],
    continued: set[int],
) -> list[Paragraph | Table]:
    """Paragraphs, or headings and a table, of one run of consecutive rows."""
    filled = {r: [c for c in range(lo, hi + 1) if grid.get((r, c))] for r in region}
    single = [len(filled[r]) <= 1 and r not in continued for r in region]
    blocks: list[Paragraph | Table] = []
    if all(single):
        for r in region:
            for c in filled[r]:
                blocks.extend(Paragraph(x.strip()) for x in grid[(r, c)].split("\n") if x.strip())
        return blocks
    first = 0
    while first < len(region) and single[first] and not _starts_tall_merge(region[first], starts):
        r = region[first]
        blocks.extend(Paragraph(grid[(r, c)].strip(), heading=True) for c in filled[r])
        first += 1
    rows: list[list[Cell]] = []
    for r in region[first:]:
        row: list[Cell] = []
        for c in range(lo, hi + 1):
            if (r, c) in covered:
                continue
            merge = starts.get((r, c))
            rowspan = colspan = 1
            if merge:
                rowspan = merge[2] - merge[0] + 1
                colspan = min(merge[3], hi) - merge[1] + 1
            row.append(Cell(grid.get((r, c), ""), rowspan=rowspan, colspan=colspan))
        rows.append(row)
    if rows:
        blocks.append(Table(rows, layout="grid"))
    return blocks


def _starts_tall_merge(r: int, starts: dict[tuple[int, int], Merge]) -> bool:
    """A merged range that starts in row ``r`` and runs down: a table's header, not a heading."""
    return any(m[0] == r and m[2] > r for m in starts.values())


def extract_xlsx(data: bytes) -> Document:
    """Blocks of an .xlsx workbook, every visible sheet in order.

    >>> doc = extract_xlsx(open("tests/fixtures/rendered/2021-longgang-qbm-2024.xlsx", "rb").read())
    >>> doc.tables[1].rows[0][1].text, doc.tables[1].rows[0][1].colspan
    ('申请人情况', 7)
    """
    import openpyxl

    archive = open_zip(data, "xlsx")
    sheet_xml = sum(
        i.file_size
        for i in archive.infolist()
        if i.filename.startswith(("xl/worksheets/", "xl/sharedStrings"))
    )
    if sheet_xml > MAX_SHEET_XML:
        raise ParseError(
            f"spreadsheet too large: its sheets inflate to {mib(sheet_xml)} (limit {mib(MAX_SHEET_XML)})"
        )
    check_xml_members(archive, "xlsx")
    try:
        with warnings.catch_warnings():  # openpyxl warns about styles and extensions it skips: noise here
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(
                io.BytesIO(data), data_only=True, read_only=False, keep_links=False
            )
    except (KeyError, zipfile.BadZipFile) as exc:
        raise ParseError(f"corrupt .xlsx file ({exc.__class__.__name__})") from exc
    sheets = [ws for ws in workbook.worksheets if ws.sheet_state == "visible"]
    blocks: list[Paragraph | Table] = []
    for ws in sheets:
        cells = getattr(ws, "_cells", {})
        if len(cells) > MAX_CELLS:
            raise ParseError(
                f"spreadsheet too large: sheet {ws.title!r} has {len(cells)} cells (limit {MAX_CELLS})"
            )
        grid: Grid = {}
        for (r, c), cell in cells.items():
            text = cell_text(cell.value)
            if text:
                grid[(r - 1, c - 1)] = text
        merges = [
            (m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges
        ]
        if len(sheets) > 1 and grid and not _DEFAULT_SHEET.match(ws.title):
            blocks.append(Paragraph(ws.title, heading=True))
        blocks.extend(sheet_blocks(grid, merges))
    workbook.close()
    return Document(blocks=blocks)


def extract_xls(data: bytes) -> Document:
    """Blocks of an Excel 97-2003 (.xls) or WPS .et workbook, with merged ranges.

    >>> extract_xls(open("tests/fixtures/rendered/seed-004.xls", "rb").read()).tables[0].layout  # doctest: +SKIP
    'grid'
    """
    import xlrd

    try:
        # xlrd writes its warnings to stdout unless given a log file: they would mix with --json output
        book = xlrd.open_workbook(
            file_contents=data, formatting_info=True, on_demand=True, logfile=io.StringIO()
        )
    except xlrd.XLRDError as exc:
        message = str(exc)
        if "encrypt" in message.lower():
            raise ParseError("encrypted .xls file (password-protected)") from exc
        raise ParseError(f"corrupt .xls file ({message[:120]})") from exc
    blocks: list[Paragraph | Table] = []
    try:
        names = book.sheet_names()
        for index, name in enumerate(names):
            sheet = book.sheet_by_index(index)
            if getattr(sheet, "visibility", 0) != 0:
                continue
            if sheet.nrows * min(sheet.ncols, MAX_COLUMNS) > 4 * MAX_CELLS:
                raise ParseError(
                    f"spreadsheet too large: sheet {name!r} is {sheet.nrows}×{sheet.ncols} cells"
                )
            grid: Grid = {}
            for r in range(sheet.nrows):
                for c, value in enumerate(sheet.row_values(r, 0, min(sheet.ncols, MAX_COLUMNS))):
                    if sheet.cell_type(r, c) == xlrd.XL_CELL_DATE:
                        try:
                            value = xlrd.xldate.xldate_as_datetime(value, book.datemode)
                        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                            pass
                    text = cell_text(value)
                    if text:
                        grid[(r, c)] = text
            if len(grid) > MAX_CELLS:
                raise ParseError(
                    f"spreadsheet too large: sheet {name!r} has {len(grid)} cells (limit {MAX_CELLS})"
                )
            merges = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sheet.merged_cells]
            if len(names) > 1 and grid and not _DEFAULT_SHEET.match(name):
                blocks.append(Paragraph(name, heading=True))
            blocks.extend(sheet_blocks(grid, merges))
            book.unload_sheet(index)
    finally:
        book.release_resources()
    return Document(blocks=blocks)
