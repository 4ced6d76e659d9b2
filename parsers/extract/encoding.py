"""Decoding bytes of web pages and text files to str."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _normal(name: str) -> str:
    name = name.lower().strip()
    return "gb18030" if name in ("gb2312", "gbk", "gb_2312-80", "x-gbk") else name


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Bytes of a text file to str: BOM, then a declared charset that decodes, then UTF-8, then detection.

    >>> decode_text("报告".encode("gbk"))
    '报告'
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace")
    for name in filter(None, [declared and _normal(declared), "utf-8"]):
        try:
            return data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
    for name in ("gb18030",):
        try:
            return data.decode(name)
        except UnicodeDecodeError:
            pass
    best = from_bytes(data[:200_000]).best()
    return data.decode(best.encoding if best else "utf-8", errors="replace")


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Bytes of an HTML page to str: BOM, ``<meta charset>``, the header's charset, then detection.

    A declaration that does not decode the bytes is not trusted.
    """
    m = _META.search(data[:4096])
    meta = m.group(1).decode("ascii", "ignore") if m else None
    for name in filter(None, [meta, declared]):
        try:
            return data.decode(_normal(name))
        except (UnicodeDecodeError, LookupError):
            continue
    return decode_text(data)
