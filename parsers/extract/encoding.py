"""Decoding bytes of web pages and text files to str, with mojibake detected and undone.

The charset a page declares (BOM, ``<meta charset>``, the HTTP header) is
tried first, but a declaration that decodes the bytes is not therefore right:
servers send ``ISO-8859-1`` for GBK pages, CMSs print ``gb2312`` over UTF-8
bytes, and some pages were mis-decoded once already and saved again as UTF-8
(``æ”¿åºœ``, ``鏀垮簻``).  Every decoding is scored by what Chinese text looks
like (see ``quality``); when the score says mojibake, the other readings of
the bytes (UTF-8, GB18030) and the usual double-encodings are tried, and the
best-looking one wins.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_ASCII_RUNS = re.compile(r"[\x00-\x7f]+")
_NOT_CJK = re.compile(r"[^\u4e00-\u9fff]+")
# CJK symbols and punctuation, full-width forms: what Chinese prose is full of, mojibake never
_CJK_PUNCT = re.compile(r"[\u3000-\u303f\uff00-\uffef]")
# what mis-decoded Chinese turns into: Latin-1 letters, C1 controls, cp1252's extras, private use, U+FFFD
_MOJIBAKE = re.compile(
    r"[\x80-\xff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2020\u2021\u2030\u2039\u203a\u20ac\u2122\ue000-\uf8ff\ufffd]"
)
_LEVEL1_LEADS = bytes(range(0xB0, 0xD8))
SAMPLE = 2000  # non-ASCII characters scored
GOOD = 0.6  # a decoding scoring at least this is taken as right
# double encodings seen on portals: (how the text was wrongly decoded, what the bytes really were)
# ("cp1252" stands for what browsers do: windows-1252, its five undefined bytes taken as Latin-1)
_REPAIRS = [("cp1252", "utf-8"), ("cp1252", "gb18030"), ("gb18030", "utf-8")]


def _latin1_fallback(exc: UnicodeError) -> tuple[bytes, int]:
    """Encoding error handler: a character cp1252 lacks (U+0081 …) is its Latin-1 byte."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    chunk = exc.object[exc.start : exc.end]
    if any(ord(c) > 0xFF for c in chunk):
        raise exc
    return chunk.encode("latin-1"), exc.end


codecs.register_error("parsers-latin1-fallback", _latin1_fallback)


def _normal(name: str) -> str:
    name = name.lower().strip()
    return "gb18030" if name in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "gb2312-80", "euc-cn") else name


def quality(text: str) -> float:
    """How much a text's non-ASCII characters look like Chinese prose, from 0 (mojibake) to 1.

    A character counts as good when it is CJK punctuation or a full-width form,
    or a hanzi among GB2312's 3,755 common characters (level 1).  Mojibake of
    UTF-8 read as GBK falls mostly on rare characters and private-use code
    points; mojibake of GBK read as Latin-1 on accented letters.  A text
    without non-ASCII characters scores 1.

    >>> quality("政府信息公开工作年度报告。"), quality("Õþ¸®ÐÅÏ¢¹«¿ª")
    (1.0, 0.0)
    """
    chars = _ASCII_RUNS.sub("", text[: SAMPLE * 4])[:SAMPLE]
    if not chars:
        return 1.0
    # GB2312 characters only (two bytes each); a lead byte B0-D7 is level 1
    leads = _NOT_CJK.sub("", chars).encode("gb2312", errors="ignore")[0::2]
    level1 = len(leads) - len(leads.translate(None, _LEVEL1_LEADS))
    good = level1 + len(_CJK_PUNCT.findall(chars))
    bad = len(_MOJIBAKE.findall(chars))
    return max(0.0, (good - bad) / len(chars))


def looks_mojibake(text: str) -> bool:
    """True when a decoded text's non-ASCII characters do not look like Chinese.

    >>> looks_mojibake("政府信息公开"), looks_mojibake("æ”¿åºœä¿¡æ\x81¯å…¬å¼€")
    (False, True)
    """
    return quality(text) < GOOD


def repair(text: str, data: bytes | None = None, used: str | None = None) -> str:
    """The best-looking reading of a text that looks like mojibake; the text itself otherwise.

    ``data`` (the bytes) and ``used`` (the encoding that produced ``text``)
    let the bytes be decoded afresh; without them only double encodings are
    undone.

    >>> repair("æ”¿åºœä¿¡æ\x81¯å…¬å¼€")
    '政府信息公开'
    >>> repair("Õþ¸®ÐÅÏ¢¹«¿ª", "政府信息公开".encode("gbk"), "latin-1")
    '政府信息公开'
    """
    score = quality(text)
    if score >= GOOD:
        return text
    best, best_score = text, score
    candidates: list[str] = []
    if data is not None:
        for name in ("utf-8", "gb18030", "big5"):
            if used and _normal(used) == name:
                continue
            try:
                candidates.append(data.decode(name))
            except UnicodeDecodeError:
                continue
    for wrong, right in _REPAIRS:
        try:
            candidates.append(text.encode(wrong, errors="parsers-latin1-fallback").decode(right))
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    for candidate in candidates:
        s = quality(candidate)
        if s > best_score + 0.2:
            best, best_score = candidate, s
    return best


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Bytes of a text file to str: BOM, a declared charset that decodes, UTF-8, GB18030, then detection.

    A single-byte declaration (``ISO-8859-1``, ``windows-1252``) over bytes
    that read as Chinese is overruled, and any result that looks like
    mojibake is repaired (see ``repair``).

    >>> decode_text("报告".encode("gbk"))
    '报告'
    >>> decode_text("政府信息公开工作年度报告".encode("gbk"), declared="iso-8859-1")
    '政府信息公开工作年度报告'
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace")
    names = [_normal(declared)] if declared else []
    names += [n for n in ("utf-8", "gb18030") if n not in names]
    for name in names:
        try:
            return repair(data.decode(name), data, name)
        except (UnicodeDecodeError, LookupError):
            continue
    best = from_bytes(data[:200_000]).best()
    name = best.encoding if best else "utf-8"
    return repair(data.decode(name, errors="replace"), data, name)


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Bytes of an HTML page to str: BOM, ``<meta charset>``, the header's charset, then detection.

    A declaration that does not decode the bytes is not trusted, nor one whose
    reading looks like mojibake.

    >>> page = '<meta charset="utf-8"><p>政府信息公开</p>'.encode("gbk")
    >>> decode_html(page, declared="ISO-8859-1")[-13:]
    '<p>政府信息公开</p>'
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace")
    m = _META.search(data[:4096])
    meta = m.group(1).decode("ascii", "ignore") if m else None
    for name in filter(None, [meta, declared]):
        try:
            return repair(data.decode(_normal(name)), data, name)
        except (UnicodeDecodeError, LookupError):
            continue
    return decode_text(data)
