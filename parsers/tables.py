"""Readers for the statistics tables: 表二, 表三, 表四 (2019/2021) and legacy indicator tables.

Row and column labels are matched by meaning on NFKC-normalised,
whitespace-free text (``parsers.numbers.clean``): full- and half-width
brackets, 社会公益组织 / 社会组织, 行政规范性文件 / 规范性文件, numbering
variants and line breaks inside labels all match.  The label lists come from
the official formats (国办公开办函〔2019〕60号 and 〔2021〕30号).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .blocks import Document
from .numbers import NA, UNITS, clean, parse_value
from .rows import Row, Value, pick, rows

APPLY_COLUMNS = [
    "natural_person",
    "commercial",
    "research",
    "social_org",
    "legal_service",
    "other_org",
    "total",
]
# (key, pattern on the row's own label); parents (（三）不予公开 …) give the context for 3.其他
APPLY_ROWS: list[tuple[str, str]] = [
    ("new", r"本年新收"),
    ("carried_over", r"上年结转"),
    ("carried_forward", r"结转下年度|下年度继续办理"),
    ("partly_granted", r"部分公开"),
    ("refused.state_secret", r"国家秘密"),
    ("refused.prohibited_by_law", r"法律行政法规禁止公开|禁止公开"),
    ("refused.security_stability", r"三安全一稳定|危及"),
    ("refused.third_party", r"第三方"),
    ("refused.internal_affairs", r"内部事务|内容事务|三类内"),
    ("refused.process_info", r"过程性"),
    ("refused.enforcement_file", r"执法案卷"),
    ("refused.admin_query", r"行政查询"),
    ("unavailable.not_held", r"不掌握"),
    ("unavailable.needs_creation", r"另行制作"),
    ("unavailable.unclear", r"仍不明确|补正后"),
    ("not_processed.petition", r"信访|举报投诉"),
    ("not_processed.duplicate", r"重复申请"),
    ("not_processed.publication", r"公开出版物"),
    ("not_processed.mass_repeated", r"大量反复"),
    ("not_processed.confirm_reissue", r"确认或重新出具|重新出具"),
    ("other.no_correction", r"逾期不补正|不补正"),
    ("other.no_fee", r"缴纳费用|收费通知"),
    ("granted", r"予以公开"),
    ("total", r"^\(七\)(总计|合计)|^七[、.]?(总计|合计)"),
]
APPLY_PARENTS = [("refused", r"不予公开"), ("unavailable", r"无法提供"), ("not_processed", r"不予处理"),
                 ("other", r"其他处理")]  # fmt: skip
APPLY_ROW_PATTERNS = [(k, re.compile(p)) for k, p in APPLY_ROWS]
APPLY_PARENT_PATTERNS = [(k, re.compile(p)) for k, p in APPLY_PARENTS]

ACTIVE_ITEMS: list[tuple[str, str]] = [
    ("normative_document", r"^(行政)?规范性文件"),
    ("regulation", r"^规章"),
    ("licensing", r"^行政许可"),
    ("other_admin_service", r"^其他对外管理服务事项"),
    ("penalty", r"^行政处罚"),
    ("coercion", r"^行政强制"),
    ("fees", r"^行政事业性收费"),
    ("procurement", r"^政府集中采购"),
]
ACTIVE_COLUMNS: list[tuple[str, str]] = [
    ("issued", r"制发"),
    ("repealed", r"废止"),
    ("in_force", r"现行有效|有效件"),
    ("decisions", r"处理决定|决定数"),
    ("made", r"新制作|制作数"),
    ("published", r"新公开|本年公开"),
    ("total_published", r"公开总数|对外公开总"),
    ("prev_count", r"上一?年(度)?项目|上年数"),
    ("change", r"增/?减|增减"),
    ("projects", r"采购项目|项目数"),
    ("amount", r"金额"),
]
# columns when a block's header row could not be read
ACTIVE_DEFAULTS = {
    "2021": {"regulation": ["issued", "repealed", "in_force"], "normative_document": ["issued", "repealed", "in_force"],
             "licensing": ["decisions"], "penalty": ["decisions"], "coercion": ["decisions"], "fees": ["amount"]},
    "2019": {"regulation": ["made", "published", "total_published"],
             "normative_document": ["made", "published", "total_published"],
             "licensing": ["prev_count", "change", "decisions"],
             "other_admin_service": ["prev_count", "change", "decisions"],
             "penalty": ["prev_count", "change", "decisions"], "coercion": ["prev_count", "change", "decisions"],
             "fees": ["prev_count", "change"], "procurement": ["projects", "amount"]},
}  # fmt: skip
ACTIVE_ITEM_PATTERNS = [(k, re.compile(p)) for k, p in ACTIVE_ITEMS]
ACTIVE_COLUMN_PATTERNS = [(k, re.compile(p)) for k, p in ACTIVE_COLUMNS]
REVIEW_KEYS = [f"{group}.{result}" for group in ("review", "litigation.direct", "litigation.after_review")
               for result in ("upheld", "corrected", "other", "pending", "total")]  # fmt: skip

LEGACY_HEADER = re.compile(r"统计指标|指标名称|^指标$|^指标项目$")
LEGACY_UNIT_HEADER = re.compile(r"^(计量)?单位$")
LEGACY_VALUE_HEADER = re.compile(
    r"^(统计数|数值|数量|本年度?|\d{4}年度?|历年累计|累计|上年度?|合计|备注|本期|全年)$"
)
_GRANTED = re.compile(r"予以公开|部分公开")
_FORMAT_2019_COLUMNS = re.compile(r"本年新制作|新公开数量|上一年项目|采购项目|对外公开总数")
LEGACY_INDICATOR = re.compile(r"[数量额费率]")
_UNIT_IN_LABEL = re.compile(r"\((?:单位[:：])?(" + "|".join(UNITS) + r")\)$")
_NUMBERING = re.compile(
    r"^(?:其中[:：]?|[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十\d]+\)|\d+[、.]|[、.:：])+"
)


@dataclass
class Fact:
    """A value and the cell it came from."""

    key: str
    value: int | float | str | None
    raw: str
    table: int | None
    row: int | None
    col: int | None

    def where(self) -> dict:
        """Where the value was printed: ``{"table": 2, "row": 5, "col": 3, "raw": "12件"}``."""
        return {"table": self.table, "row": self.row, "col": self.col, "raw": self.raw}


@dataclass
class Reading:
    """What the table readers found in one document."""

    facts: dict[str, Fact] = field(default_factory=dict)
    legacy: list[dict] = field(default_factory=list)
    missing: list[tuple[list[str], str]] = field(default_factory=list)  # (keys, message)
    unplaced: set[str] = field(default_factory=set)  # keys whose row could not be placed
    recognised: set[int] = field(default_factory=set)  # table indexes some rule read
    apply_parent: str | None = None  # the 表三 parent row (不予公开 …) the last row read was under
    review_header: bool = False  # 表四's header was seen (a page break may put its numbers in the next table)

    def put(self, key: str, value: Value, money: bool = False) -> None:
        """Record the fact of ``key`` from ``value``'s cell, unless an earlier row already gave it."""
        if key not in self.facts:
            self.facts[key] = Fact(
                key, parse_value(value.raw, money), value.raw, value.table, value.row, value.col
            )


@lru_cache(maxsize=1 << 14)
def strip_numbering(label: str) -> str:
    """A label without its numbering: ``（一）主动公开政府信息数`` → ``主动公开政府信息数``."""
    return _NUMBERING.sub("", clean(label))


def read_tables(doc: Document) -> Reading:
    """Facts of 表二, 表三, 表四 and legacy indicator rows from every table of a document."""
    reading = Reading()
    cells = "\n".join(clean(c) for t in doc.tables for row in t.logical_rows() for c in row)
    apply_anchor = bool(re.search(r"本年新收|本年度办理结果|申请人情况|勾稽关系", cells))
    active_anchor = bool(re.search(r"信息内容|第二十条", cells))
    for table in doc.tables:
        table_rows = rows(table)
        if any(LEGACY_HEADER.search(x) for r in table_rows[:3] for x in r.clean_labels):
            continue  # a legacy indicator table: read below
        found = len(reading.facts)
        if apply_anchor:
            _read_apply(table_rows, reading)
        if active_anchor:
            _read_active(table_rows, reading)
        _read_review(table_rows, reading)
        if len(reading.facts) > found:
            reading.recognised.add(table.index)
    if not any(k.startswith(("apply.", "active.", "review.", "litigation.")) for k in reading.facts):
        for table in doc.tables:
            if _read_legacy(rows(table), reading):
                reading.recognised.add(table.index)
    _derive_other(reading)
    return reading


def _apply_key(row: Row, parent: str | None) -> str | None:
    labels = row.clean_labels
    for label in reversed(labels):
        own = strip_numbering(label) if not label.startswith("(七)") else label
        if parent == "other" and re.fullmatch(r"\d*[、.]?其他", label):
            return "other.other"
        for key, pattern in APPLY_ROW_PATTERNS:
            if pattern.search(label if key == "total" else own):
                return key
        if "其他处理" in label:
            return "other"
    return None


def _read_apply(table_rows: list[Row], reading: Reading) -> None:
    parent = reading.apply_parent  # a 表三 split over two tables keeps its （三）…（六） context
    for row in table_rows:
        labels = row.clean_labels
        for name, pattern in APPLY_PARENT_PATTERNS:
            if any(pattern.search(x) and not _GRANTED.search(x) for x in labels):
                parent = name
        if not row.values:
            continue
        key = _apply_key(row, parent)
        if key is None:
            continue
        if key == "other" and parent != "other":
            parent = "other"
        _place(reading, row, [f"apply.{key}.{c}" for c in APPLY_COLUMNS], "表三")
    reading.apply_parent = parent


def _place(
    reading: Reading, row: Row, keys: list[str], table_name: str, money: set[str] = frozenset()
) -> None:
    if all(k in reading.facts for k in keys):
        return
    values, complete = pick(row, len(keys))
    if not complete and any(v.kind != "empty" for v in row.values):
        unplaced = keys[len(values) :]
        reading.missing.append(
            (unplaced, f"{table_name}: row '{row.text()}' has fewer cells than its header")
        )
        reading.unplaced.update(unplaced)
    for key, value in zip(keys, values, strict=False):
        reading.put(key, value, money=key in money)


def _read_active(table_rows: list[Row], reading: Reading) -> None:
    columns: list[str] | None = None
    fmt = "2021"
    for row in table_rows:
        labels = row.clean_labels
        if any(_FORMAT_2019_COLUMNS.search(x) for x in labels):
            fmt = "2019"
        if "信息内容" in labels:
            start = labels.index("信息内容") + 1
            columns = []
            for label in labels[start:]:
                col = next((k for k, p in ACTIVE_COLUMN_PATTERNS if p.search(label)), None)
                if col is None:
                    break
                columns.append(col)
        if not row.values or not labels:
            continue
        own = strip_numbering(labels[-1])
        item = next((k for k, p in ACTIVE_ITEM_PATTERNS if p.search(own)), None)
        if item is None:
            continue
        cols = columns if columns else ACTIVE_DEFAULTS[fmt].get(item, [])
        if not cols:
            continue
        _place(reading, row, [f"active.{item}.{c}" for c in cols], "表二", money={f"active.{item}.amount"})


def _read_review(table_rows: list[Row], reading: Reading) -> None:
    if "review.total" in reading.facts:
        return
    for row in table_rows:
        # flipbook copies print headers one character per cell (结/果/维/持): look at the labels joined
        if "结果维持" in "".join(row.clean_labels):
            reading.review_header = True
        if reading.review_header and any(v.kind != "empty" for v in row.values):
            _place(reading, row, REVIEW_KEYS, "表四")
            reading.review_header = False  # one row of numbers per header
            return


def _read_legacy(table_rows: list[Row], reading: Reading) -> bool:
    columns: list[str] = []
    found = 0
    for row in table_rows:
        labels = row.clean_labels
        if any(LEGACY_HEADER.search(x) for x in labels):
            columns = [x for x in labels if LEGACY_VALUE_HEADER.match(x)]
        if not labels or not any(v.kind != "empty" for v in row.values):
            continue
        unit = labels[-1] if labels[-1] in UNITS else None
        own = [x for x in labels if x != unit and not LEGACY_VALUE_HEADER.match(x) and not LEGACY_HEADER.search(x)
               and not LEGACY_UNIT_HEADER.match(x)]  # fmt: skip
        if not own:
            continue
        label = strip_numbering(own[-1])
        if not LEGACY_INDICATOR.search(label):
            continue  # not an indicator: a signature, a date, a sub-heading
        if unit is None:  # the unit printed in the label: 主动公开政府信息数（条）
            m = _UNIT_IN_LABEL.search(label)
            unit = m.group(1) if m else None
        values = [v for v in row.values if v.kind != "empty"] if row.layout == "lines" else row.values
        if row.layout not in ("grid", "pipe", "md", "lines"):
            while values and values[0].kind == "empty":
                values = values[1:]
        for i, value in enumerate(values):
            if value.kind == "empty":
                continue
            reading.legacy.append({
                "label": label, "unit": unit, "value": parse_value(value.raw, money=unit == "万元"),
                "column": columns[i] if i < len(columns) else None,
                "where": {"table": value.table, "row": value.row, "col": value.col, "raw": value.raw,
                          "label_raw": own[-1]},
            })  # fmt: skip
            found += 1
    return found >= 3


def _derive_other(reading: Reading) -> None:
    """2021 format: （六）其他处理 is the sum of its three sub-rows, per column."""
    for col in APPLY_COLUMNS:
        key = f"apply.other.{col}"
        parts = [reading.facts.get(f"apply.other.{s}.{col}") for s in ("no_correction", "no_fee", "other")]
        if key in reading.facts or any(p is None for p in parts):
            continue
        values = [p.value for p in parts]
        if all(isinstance(v, (int, float)) for v in values):
            total = sum(values)
        elif all(v == NA for v in values):
            total = NA
        else:
            continue
        reading.facts[key] = Fact(key, total, "+".join(p.raw for p in parts), None, None, None)
