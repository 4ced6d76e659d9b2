"""Cell values and label text, normalised.

Real reports print the same thing many ways: full-width digits (``１２``),
thousands separators (``1,234``), units (``12件``, ``3.5万元``, ``251000元``),
signed changes (``+2``, ``减少1``) and not-applicable marks (``/ — - 无``).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

NA = "NA"
NA_MARKS = {"/", "／", "—", "——", "-", "--", "---", "–", "无", "不适用", "N/A", "n/a", "NA", "×", "\\"}
UNITS = (
    "万元",
    "人次",
    "元",
    "件",
    "条",
    "个",
    "人",
    "次",
    "项",
    "篇",
    "期",
    "份",
    "家",
    "场",
    "天",
    "户",
    "%",
)
_NUMBER = re.compile(
    r"^(?P<word>增加|减少|增|减)?(?P<sign>[+-]|--)?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?"
    r"(?P<unit>" + "|".join(UNITS) + r")?$"
)


def nfkc(text: str) -> str:
    """NFKC-normalised text (full-width ``（１）`` becomes ``(1)``), whitespace kept.

    >>> nfkc("（三）　不予公开")
    '(三) 不予公开'
    """
    return unicodedata.normalize("NFKC", text or "")


@lru_cache(maxsize=1 << 16)
def clean(text: str) -> str:
    r"""NFKC-normalise and drop all whitespace: the form labels are matched in.

    >>> clean("（三） 不予公开\n")
    '(三)不予公开'
    """
    return squash(nfkc(text))


def squash(text: str) -> str:
    """Text without any whitespace (for text already NFKC-normalised)."""
    if not text:
        return ""
    out = "".join(text.split())
    return out.replace("\u200b", "").replace("\ufeff", "") if ("\u200b" in out or "\ufeff" in out) else out


@lru_cache(maxsize=1 << 16)
def cell_kind(text: str) -> str:
    """``"empty"``, ``"na"``, ``"number"`` or ``"label"`` for one cell.

    >>> [cell_kind(x) for x in ["", "／", "１２件", "规章"]]
    ['empty', 'na', 'number', 'label']
    """
    s = clean(text)
    if not s:
        return "empty"
    if s in NA_MARKS or re.fullmatch(r"-{2,}|—{2,}", s):
        return "na"
    if _NUMBER.match(s):
        return "number"
    return "label"


def parse_value(text: str, money: bool = False) -> int | float | str | None:
    """A cell's value: a number, ``"NA"`` for a not-applicable mark, None when empty.

    With ``money=True`` the value is in 万元, and a cell printed in 元 is converted.

    >>> parse_value("１,２３４件"), parse_value("—"), parse_value(""), parse_value("减少1")
    (1234, 'NA', None, -1)
    >>> parse_value("251000元", money=True), parse_value("3.5万元", money=True)
    (25.1, 3.5)
    """
    s = clean(text)
    if not s:
        return None
    kind = cell_kind(s)
    if kind == "na":
        return NA
    m = _NUMBER.match(s)
    if not m:
        return None
    try:
        value = Decimal(m["num"].replace(",", "") + (m["frac"] or ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only digits
        return None
    if m["sign"] in ("-", "--") or m["word"] in ("减少", "减"):
        value = -value
    if money and m["unit"] == "元":
        value = value / Decimal(10000)
    return as_number(value)


def as_number(value: Decimal) -> int | float:
    """An exact Decimal as int when whole, else float."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def is_number(value: object) -> bool:
    """True for an int or float fact value (not ``"NA"``, not None)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "O": 0, "○": 0}
_CN_DATE = re.compile(
    r"([〇零○O一二三四五六七八九]{4})\s*年(?:\s*([一二三四五六七八九十]{1,3})\s*月)?(?:\s*([一二三四五六七八九十]{1,3})\s*[日号])?"
)


def _cn_small(s: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十一 → 21."""
    if "十" not in s:
        return _CN_DIGIT[s]
    tens, _, units = s.partition("十")
    return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[units] if units else 0)


def arabic_dates(text: str) -> str:
    """Dates written in Chinese numerals as digits, so date patterns find them.

    >>> arabic_dates("二〇二二年一月二十日")
    '2022年1月20日'
    """

    def repl(m: re.Match) -> str:
        out = "".join(str(_CN_DIGIT[c]) for c in m.group(1)) + "年"
        if m.group(2):
            out += f"{_cn_small(m.group(2))}月"
        if m.group(3):
            out += f"{_cn_small(m.group(3))}日"
        return out

    return _CN_DATE.sub(repl, text) if text else text
