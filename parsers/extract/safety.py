"""Guards that keep hostile or broken input in bounded time and memory.

Every limit is checked before a library gets the bytes:

- the input's size (``MAX_BYTES``, the crawler's ``DOWNLOAD_MAXSIZE`` too);
- ZIP containers (DOCX, XLSX): member count, declared sizes, compression
  ratio, compression methods, encryption.  Python's ``zipfile`` never
  inflates a member past its declared size (a member that lies fails its
  CRC), so checking the declared sizes bounds what python-docx and openpyxl
  can be made to inflate;
- XML members: a DTD or entity declaration (billion laughs, external
  entities) is refused before any parser sees the member; OOXML never has one.
  openpyxl also parses through defusedxml when it is installed (it is pinned);
- PDF: the Flate streams are inflated once, counting, up to a limit, so a
  decompression bomb is refused before PDFium or pdfminer inflates it.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from ..errors import ParseError

MAX_BYTES = 50 * 1024 * 1024  # one document as downloaded
MAX_MEMBERS = 5_000  # files inside one ZIP container
MAX_UNZIPPED = 256 * 1024 * 1024  # all members of a container, as declared
MAX_MEMBER = 128 * 1024 * 1024  # one member
MAX_RATIO = 100  # declared / compressed size, for members over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_XML_PROLOG = 64 * 1024  # bytes before an XML member's root element
MAX_PDF_INFLATED = 512 * 1024 * 1024  # all Flate streams of a PDF, inflated
_SAFE_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
_ELEMENT_START = re.compile(rb"<[A-Za-z_]")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)
_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)")


def mib(n: int) -> str:
    """A byte count for messages: ``mib(52428800)`` → ``'50 MiB'``."""
    return f"{n / 1024 / 1024:.0f} MiB" if n >= 1024 * 1024 else f"{n} bytes"


def check_size(data: bytes, limit: int = MAX_BYTES) -> None:
    """Refuse input over ``limit`` bytes.

    >>> check_size(b"x" * 10, limit=5)
    Traceback (most recent call last):
    ...
    parsers.errors.ParseError: file too large (10 bytes, limit 5 bytes)
    """
    if len(data) > limit:
        raise ParseError(f"file too large ({len(data):_} bytes, limit {limit:_} bytes)".replace("_", " "))


def open_zip(data: bytes, kind: str = "ZIP") -> zipfile.ZipFile:
    """A ZIP container whose members are safe to inflate, or ParseError naming what is wrong.

    ``kind`` names the container in messages (``"docx"``).

    >>> import io, zipfile
    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w") as z:
    ...     z.writestr("word/document.xml", "<w:document/>")
    >>> open_zip(buf.getvalue()).namelist()
    ['word/document.xml']
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ParseError(f"corrupt {kind} file (not a readable ZIP container: {_short(exc)})") from exc
    if len(infos) > MAX_MEMBERS:
        raise ParseError(f"{kind} file has {len(infos)} members (limit {MAX_MEMBERS}): refused")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ParseError(f"encrypted {kind} file (password-protected ZIP member {info.filename!r})")
        if info.compress_type not in _SAFE_METHODS:
            raise ParseError(f"{kind} file uses an unsupported compression method ({info.compress_type})")
        if info.file_size > MAX_MEMBER:
            raise ParseError(
                f"zip bomb: {kind} member {info.filename!r} inflates to {mib(info.file_size)} "
                f"(limit {mib(MAX_MEMBER)})"
            )
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise ParseError(
                f"zip bomb: {kind} member {info.filename!r} compressed {ratio}:1 (limit {MAX_RATIO}:1)"
            )
        total += info.file_size
    if total > MAX_UNZIPPED:
        raise ParseError(f"zip bomb: {kind} file inflates to {mib(total)} (limit {mib(MAX_UNZIPPED)})")
    return archive


def check_xml_members(archive: zipfile.ZipFile, kind: str = "ZIP") -> None:
    """Refuse a container whose XML members declare a DTD or entities (entity-expansion attacks).

    Only each member's prolog is read (``MAX_XML_PROLOG`` bytes at most).

    >>> import io, zipfile
    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w") as z:
    ...     z.writestr("word/document.xml", '<!DOCTYPE d [<!ENTITY x "y">]><d>&x;</d>')
    >>> check_xml_members(open_zip(buf.getvalue()), "docx")
    Traceback (most recent call last):
    ...
    parsers.errors.ParseError: docx member 'word/document.xml' declares a DTD or entities (XML entity attack refused)
    """
    for info in archive.infolist():
        name = info.filename.lower()
        if not name.endswith((".xml", ".rels", ".vml")) or info.is_dir():
            continue
        try:
            with archive.open(info) as member:
                head = member.read(MAX_XML_PROLOG)
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error, RuntimeError) as exc:
            raise ParseError(f"corrupt {kind} file (member {info.filename!r}: {_short(exc)})") from exc
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            head = head.decode("utf-16", errors="replace").encode("utf-8", errors="replace")
        start = _ELEMENT_START.search(head)
        prolog = head[: start.start()] if start else head
        if _DTD.search(prolog):
            raise ParseError(
                f"{kind} member {info.filename!r} declares a DTD or entities (XML entity attack refused)"
            )
        if start is None and len(head) >= MAX_XML_PROLOG:
            raise ParseError(
                f"{kind} member {info.filename!r} has no XML root element in its first {mib(MAX_XML_PROLOG)}"
            )


def check_pdf_streams(data: bytes, limit: int = MAX_PDF_INFLATED) -> int:
    """Inflate every Flate stream of a PDF, counting, and refuse a decompression bomb.

    Returns the inflated size.  A stream that is not zlib data (images,
    other filters) is skipped after its first bytes.

    >>> import zlib
    >>> pdf = b"%PDF-1.4\\n1 0 obj<</Filter/FlateDecode>>stream\\n" + zlib.compress(b" " * 1000) + b"\\nendstream"
    >>> check_pdf_streams(pdf)
    1000
    """
    total = 0
    for m in _STREAM.finditer(data):
        start = m.end()
        if not _is_zlib(data[start : start + 2]):
            continue
        dictionary = data[max(0, m.start() - 1024) : m.start()]
        if b"/Image" in dictionary[dictionary.rfind(b" obj") + 1 :]:
            continue  # images are decoded only when a page is rendered, never for text
        inflater = zlib.decompressobj()
        pos = start
        try:
            while pos < len(data) and not inflater.eof:
                chunk = data[pos : pos + 65536]
                pos += len(chunk)
                total += len(inflater.decompress(chunk, 8 * 1024 * 1024))
                while inflater.unconsumed_tail and total <= limit:
                    total += len(inflater.decompress(inflater.unconsumed_tail, 8 * 1024 * 1024))
                if total > limit:
                    raise ParseError(f"PDF decompression bomb: its streams inflate to more than {mib(limit)}")
        except zlib.error:
            continue
    return total


def _is_zlib(head: bytes) -> bool:
    """True when two bytes are a zlib header (deflate, checksum valid)."""
    return len(head) == 2 and head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0


def _short(exc: BaseException) -> str:
    """An exception as a short one-line text."""
    text = " ".join(str(exc).split()) or exc.__class__.__name__
    return text[:120]
