"""The block model every extractor produces and the report parser reads.

A document is a list of blocks in reading order: paragraphs (one line of
prose or a heading) and tables.  A table keeps its rows as printed, each row a
list of cells that know their spans, plus the *layout* it was found in,
because the layout decides how an empty cell can be told from a vanished one:

========  ==========================================================
layout    meaning
========  ==========================================================
grid      real table markup (HTML, DOCX, XLSX): spans known, empty
          cells real, positions reliable
pipe      the ``cell |`` lines of a flattened web page: empty cells
          print as ``|``
md        Markdown pipe table
tsv       tab-separated text (a word processor's "save as text"):
          merged cells leave spacer tabs, so leading and trailing
          empties in a row are unreliable
spaces    columns separated by runs of spaces
lines     one cell per line, empty cells vanished
========  ==========================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Cell:
    """One printed cell.

    >>> Cell("申请人情况", colspan=7).colspan
    7
    """

    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Paragraph:
    """A line of prose or a heading, e.g. ``Paragraph("一、总体情况")``."""

    text: str
    heading: bool = False
    cell: bool = False  # the text of a table cell, kept as text too (flattened tables)


@dataclass
class Table:
    """A table: ``Table([[Cell("规章"), Cell("0")]], layout="grid")``."""

    rows: list[list[Cell]]
    layout: str = "grid"
    index: int = 0  # position among the document's tables, set by Document
    overlay: bool = False  # True when its cells are also the document's paragraphs
    # rows (of a one-cell-per-row flattened table) whose empty cell may not sit where it was printed
    uncertain: set[int] = field(default_factory=set)
    _logical: list[list[str]] | None = field(default=None, repr=False, compare=False)

    def logical_rows(self) -> list[list[str]]:
        """Rows as lists of cell texts, a merged cell given once per row it spans.

        Row-spanning cells repeat in every row they cover (a parent label such
        as ``三、本年度办理结果`` belongs to each of its rows); column-spanning
        cells appear once, so a value printed once is never read twice.

        >>> t = Table([[Cell("a", rowspan=2), Cell("1")], [Cell("2")]])
        >>> t.logical_rows()
        [['a', '1'], ['a', '2']]
        """
        if self._logical is None:
            self._logical = self._expand()
        return self._logical

    def _expand(self) -> list[list[str]]:
        pending: dict[int, tuple[int, Cell]] = {}  # column -> (rows left, cell)
        out: list[list[str]] = []
        for row in self.rows:
            line: list[str] = []
            col = 0
            cells = iter(row)
            cell = next(cells, None)
            while cell is not None or any(c >= col for c in pending):
                if col in pending:
                    left, spanning = pending[col]
                    line.append(spanning.text)
                    if left <= 1:
                        del pending[col]
                    else:
                        pending[col] = (left - 1, spanning)
                    col += max(spanning.colspan, 1)
                    continue
                if cell is None:
                    col += 1
                    if col > 10_000:
                        break
                    continue
                line.append(cell.text)
                if cell.rowspan > 1:
                    pending[col] = (cell.rowspan - 1, cell)
                col += max(cell.colspan, 1)
                cell = next(cells, None)
            out.append(line)
        return out


@dataclass
class Document:
    """What an extractor returns: blocks plus what the page itself says.

    ``title`` and ``published`` come from page markup when it has them
    (``<h1>``, ``发布时间：2018-01-31``); ``scanned`` is set by extractors that
    find an image-only document.
    """

    blocks: list[Paragraph | Table] = field(default_factory=list)
    title: str | None = None
    published: str | None = None
    scanned: bool = False
    media_type: str = "text/plain"

    def __post_init__(self) -> None:
        self.renumber()

    def renumber(self) -> None:
        """Give every table its index in document order."""
        for i, table in enumerate(self.tables):
            table.index = i

    @property
    def tables(self) -> list[Table]:
        """The tables in document order."""
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def paragraphs(self) -> list[Paragraph]:
        """The paragraphs in document order."""
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    def text(self) -> str:
        """All paragraph text, one paragraph a line."""
        return "\n".join(p.text for p in self.paragraphs)
