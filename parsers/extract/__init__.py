"""Any supported file into the block model: the kind is sniffed from the bytes.

The kind is never trusted from a file name or a Content-Type header: a ``.pdf``
URL that serves an HTML error page is read as HTML.
"""

from __future__ import annotations

import io
import re
import zipfile

from ..blocks import Document
from ..errors import ParseError
from .docx import extract_docx
from .encoding import decode_text
from .html import extract_html
from .text import extract_text

MAX_BYTES = 50 * 1024 * 1024

_HTML = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|div|table|p|title)\b", re.I | re.S
)


def sniff(data: bytes) -> str:
    """The kind of a document from its first bytes: html, docx, xlsx, doc, pdf, text.

    >>> sniff(b"%PDF-1.7 ..."), sniff(b"<!DOCTYPE html><html>"), sniff("报告".encode())
    ('pdf', 'html', 'text')
    """
    head = data[:2048]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return "zip"
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole2"
    stripped = head.lstrip(b"\xef\xbb\xbf")
    if _HTML.match(stripped):
        return "html"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return "text"


def extract(data: bytes, name: str = "", declared_encoding: str | None = None) -> Document:
    """Blocks of one document; ``name`` only tells Markdown from plain text.

    Raises ParseError (one line: the reason) for what cannot be read.
    """
    if not data:
        raise ParseError("empty file")
    if len(data) > MAX_BYTES:
        raise ParseError(f"file too large ({len(data)} bytes, limit {MAX_BYTES})")
    kind = sniff(data)
    if kind == "html":
        return extract_html(data, declared_encoding)
    if kind == "docx":
        try:
            return extract_docx(data)
        except (KeyError, ValueError, zipfile.BadZipFile) as exc:
            raise ParseError(f"corrupt .docx file ({exc.__class__.__name__})") from exc
    if kind == "text":
        text = decode_text(data, declared_encoding)
        return extract_text(text, markdown=name.lower().endswith(".md"))
    raise ParseError(f"unsupported kind of document: {kind}")
