"""Tables of any layout as rows of (labels, values).

Every statistics table in these reports reads left to right: label cells
(a parent such as ``三、本年度办理结果``, then the row's own label) followed by
value cells.  ``rows()`` turns a table of any layout into that shape, and
``pick()`` takes the n values a row must have, in the way its layout allows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .blocks import Table
from .numbers import cell_kind, clean

POSITIONAL = {"grid", "pipe", "md"}  # empty cells are printed: positions are reliable
FLATTENED = {"pipe", "lines"}  # row boundaries are lost: a label after values starts a row


@dataclass
class Value:
    """A value cell as printed and where it sits: table index, row, column."""

    raw: str
    table: int
    row: int
    col: int
    uncertain: bool = False  # an empty cell whose place in the row is not known

    @property
    def kind(self) -> str:
        """``empty``, ``na``, ``number`` or ``label`` (see ``parsers.numbers.cell_kind``)."""
        return cell_kind(self.raw)


@dataclass
class Row:
    """One table row: ``Row(["三、本年度办理结果", "(一)予以公开"], [Value("3", 1, 5, 2), …])``."""

    labels: list[str]
    values: list[Value] = field(default_factory=list)
    layout: str = "grid"

    @property
    def clean_labels(self) -> list[str]:
        """The labels NFKC-normalised and without whitespace, as they are matched."""
        return [clean(x) for x in self.labels]

    def text(self) -> str:
        """The labels as printed, for messages: ``三、本年度办理结果 (一)予以公开``."""
        return " ".join(self.labels)


def rows(table: Table) -> list[Row]:
    """The rows of a table (computed once per table)."""
    cached = getattr(table, "_rows", None)
    if cached is None:
        cached = _rows(table)
        table._rows = cached
    return cached


def _rows(table: Table) -> list[Row]:
    """The rows of a table, whatever its layout.

    >>> from parsers.blocks import Cell
    >>> t = Table([[Cell("规章")], [Cell("0")], [Cell("1")]], layout="lines")
    >>> [(r.labels, [v.raw for v in r.values]) for r in rows(t)]
    [(['规章'], ['0', '1'])]
    """
    logical = table.logical_rows()
    out: list[Row] = []
    if table.layout in FLATTENED:
        current: Row | None = None
        for r, line in enumerate(logical):
            for c, text in enumerate(line):
                if cell_kind(text) == "label":
                    if current is None or current.values:
                        current = Row([], layout=table.layout)
                        out.append(current)
                    current.labels.append(text)
                else:
                    if current is None:
                        current = Row([], layout=table.layout)
                        out.append(current)
                    current.values.append(Value(text, table.index, r, c, r in table.uncertain))
        return out
    for r, line in enumerate(logical):
        kinds = [cell_kind(x) for x in line]
        last_label = max((i for i, k in enumerate(kinds) if k == "label"), default=-1)
        labels = [x for x, k in zip(line, kinds, strict=True) if k == "label"]
        # a label repeated by a span (rowspan parents) is kept once
        dedup = [x for i, x in enumerate(labels) if i == 0 or clean(x) != clean(labels[i - 1])]
        values = [Value(line[c], table.index, r, c) for c in range(last_label + 1, len(line))]
        out.append(Row(dedup, values, layout=table.layout))
    return out


def pick(row: Row, n: int) -> tuple[list[Value], bool]:
    """The row's values for its n columns, in order, and whether all n were placed.

    Where empty cells are printed (HTML, ``cell |`` lines, Markdown) cells
    are read left to right, so a row cut short still places its first cells.
    In tab- or space-separated text a merged cell leaves spacer cells, and in
    one-cell-per-line text empty cells vanish: unless such a row has exactly n
    cells, the empties at either end are dropped, and a row with fewer than n
    values places nothing.
    """
    values = row.values
    placed = not any(v.uncertain for v in values[:n])
    if (row.layout in POSITIONAL and placed) or (row.layout not in FLATTENED and len(values) == n):
        return values[:n], len(values) >= n
    start, end = 0, len(values)
    while start < end and values[start].kind == "empty":
        start += 1
    while end > start and values[end - 1].kind == "empty":
        end -= 1
    values = values[start:end]
    if len(values) < n:
        return [], False
    return values[:n], True
