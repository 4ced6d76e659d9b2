"""Any supported file into the block model: the kind is sniffed from the bytes.

The kind is never trusted from a file name or a Content-Type header: a ``.pdf``
URL that serves an HTML error page is read as HTML (and, when the page has no
article, refused as such).  What the bytes say:

==========  =====================================================  ==========================
kind        how it is told                                         read by
==========  =====================================================  ==========================
pdf         ``%PDF-`` in the first KiB                             ``pdf.extract_pdf``
docx        ZIP with ``word/document.xml``                         ``docx.extract_docx``
xlsx        ZIP with ``xl/workbook.xml``                           ``sheet.extract_xlsx``
odt         ZIP whose ``mimetype`` is OpenDocument text            LibreOffice → docx
doc         OLE2 compound file with a ``WordDocument`` stream      LibreOffice → docx
            (Word 97-2003, WPS Writer)
xls         OLE2 with a ``Workbook``/``Book`` stream (Excel, WPS)  ``sheet.extract_xls``
rtf         ``{\\rtf``                                              LibreOffice → docx
encrypted   OLE2 with ``EncryptedPackage`` (password-protected     refused
            .docx/.xlsx)
html        a tag (``<!DOCTYPE html>``, ``<html>``, ``<div>`` …)     ``html.extract_html``
text        anything else that decodes as text                     ``text.extract_text``
==========  =====================================================  ==========================

Every failure is a ParseError with a one-line reason; nothing else escapes
``extract`` (an unexpected library error on a corrupt file is reported as
``corrupt <kind> file (…)``).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from ..blocks import Document
from ..errors import ParseError
from ..numbers import squash
from .doc import ole2_kind
from .docx import extract_docx
from .encoding import decode_text, quality
from .html import extract_html
from .safety import MAX_BYTES, check_size, open_zip
from .text import extract_text

__all__ = ["MAX_BYTES", "extract", "sniff"]

_HTML = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|div|table|p|title|script|link|style|span|h[1-6]|center|font|br|form)\b",
    re.I | re.S,
)
_ODF_TEXT = b"application/vnd.oasis.opendocument.text"
# a binary kind's usual file extensions: a file named so but holding an HTML page was swapped for an error page
_BINARY_EXTENSIONS = re.compile(r"\.(pdf|docx?|xlsx?|wps|et|rtf|odt|zip)$", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd\ue000-\uf8ff]")
ERROR_PAGE_CHARS = 200  # an HTML page in place of a document with less article text is an error page


def sniff(data: bytes) -> str:
    """The kind of a document from its bytes (see the module's table).

    >>> sniff(b"%PDF-1.7 ..."), sniff(b"<!DOCTYPE html><html>"), sniff("报告".encode())
    ('pdf', 'html', 'text')
    """
    head = data[:2048]
    at = head.find(b"%PDF-", 0, 1024)
    if at == 0 or (at > 0 and b"<" not in head[:at]):  # PDF readers allow junk before the header
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return "zip"
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "[Content_Types].xml" in names:  # main part under another name: the content types say
            try:
                with archive.open("[Content_Types].xml") as f:
                    types = f.read(65536)
            except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, zlib.error):
                types = b""
            if b"wordprocessingml.document.main+xml" in types:
                return "docx"
            if b"spreadsheetml.sheet.main+xml" in types:
                return "xlsx"
        if "mimetype" in names and head[30:38] == b"mimetype" and _ODF_TEXT in head[38:120]:
            return "odt"
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return ole2_kind(data)
    if head.startswith(b"{\\rtf"):
        return "rtf"
    stripped = head.lstrip(b"\xef\xbb\xbf")
    if _HTML.match(stripped):
        return "html"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return "text"


# the media type of each kind a document can be read as (``Document.media_type``)
MEDIA_TYPES = {
    "html": "text/html",
    "text": "text/plain",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "rtf": "application/rtf",
    "odt": "application/vnd.oasis.opendocument.text",
}


def extract(data: bytes, name: str = "", declared_encoding: str | None = None) -> Document:
    """Blocks of one document; ``name`` tells Markdown from plain text, and an error page from a document.

    Raises ParseError (one line: the reason) for what cannot be read.

    >>> extract(b"").blocks
    Traceback (most recent call last):
    ...
    parsers.errors.ParseError: empty file
    """
    if not data:
        raise ParseError("empty file")
    check_size(data, MAX_BYTES)
    if data.isspace():
        raise ParseError("empty file (whitespace only)")
    kind = sniff(data)
    try:
        doc = _extract(kind, data, name, declared_encoding)
    except ParseError as exc:
        raise ParseError(_one_line(str(exc))) from exc
    except (MemoryError, RecursionError) as exc:
        raise ParseError(f"{kind} file too complex to read ({exc.__class__.__name__})") from exc
    except Exception as exc:  # a library's own error on a broken file: reported, never a traceback
        raise ParseError(_one_line(f"corrupt {kind} file ({exc.__class__.__name__}: {exc})")) from exc
    if not doc.blocks and not doc.scanned:
        raise ParseError(_empty_reason(kind, data))
    doc.media_type = MEDIA_TYPES[kind]
    return doc


def _extract(kind: str, data: bytes, name: str, declared_encoding: str | None) -> Document:
    if kind == "html":
        doc = extract_html(data, declared_encoding)
        if _BINARY_EXTENSIONS.search(name):
            words = sum(len(squash(p.text)) for p in doc.paragraphs) + sum(
                len(squash(c.text)) for t in doc.tables for row in t.rows for c in row
            )
            if words < ERROR_PAGE_CHARS:
                ext = name.rsplit(".", 1)[-1].lower()
                said = doc.title or next((p.text for p in doc.paragraphs), "")
                raise ParseError(
                    f"named .{ext} but holds an HTML page, not a document"
                    + (f" ({said[:60]})" if said else "")
                )
        return doc
    if kind == "docx":
        return extract_docx(data)
    if kind == "xlsx":
        from .sheet import extract_xlsx

        return extract_xlsx(data)
    if kind == "xls":
        from .sheet import extract_xls

        return extract_xls(data)
    if kind == "pdf":
        from .pdf import extract_pdf

        return extract_pdf(data)
    if kind in ("doc", "rtf", "odt"):
        from .doc import extract_doc

        return extract_doc(data, f".{kind}")
    if kind == "text":
        text = decode_text(data, declared_encoding)
        sample = text[:20000]
        if len(_CONTROL.findall(sample)) > 0.01 * len(sample) or quality(sample) < 0.2:
            raise ParseError("binary data, not a document (no readable text)")
        return extract_text(text, markdown=name.lower().endswith(".md"))
    if kind == "encrypted":
        raise ParseError("encrypted Office document (password-protected)")
    if kind == "doc-encrypted":
        raise ParseError("encrypted .doc file (password-protected)")
    if kind == "zip":
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else "ZIP"
        open_zip(data, ext if ext in ("docx", "xlsx") else "ZIP")  # a damaged container says so
        raise ParseError("a ZIP archive that is neither .docx nor .xlsx")
    if kind == "ole2":
        raise ParseError("an OLE2 file that is neither .doc nor .xls")
    if kind == "ole2-corrupt":
        raise ParseError("corrupt Office 97-2003 file (truncated or damaged: its directory cannot be read)")
    if kind == "binary":
        raise ParseError("binary data, not a document")
    raise ParseError(f"unsupported kind of document: {kind}")


def _empty_reason(kind: str, data: bytes) -> str:
    """Why a document that was read gave no blocks at all."""
    if kind == "html":
        import lxml.etree

        parser = lxml.etree.HTMLParser()
        try:
            lxml.etree.fromstring(data, parser)
        except lxml.etree.LxmlError:
            pass
        if any("depth" in str(e.message).lower() for e in parser.error_log):
            return "HTML nested too deeply to read (more than 256 levels)"
        return "HTML page without text"
    return f"no text in the {kind} file"


def _one_line(message: str) -> str:
    """A reason on one line, not too long."""
    text = " ".join(message.split())
    return text if len(text) <= 300 else text[:297] + "…"
