"""Word 97-2003 (.doc), WPS, RTF and ODT files: converted to .docx by LibreOffice, then read as DOCX.

LibreOffice keeps tables with their merged cells, so the converted file goes
through the same DOCX reader as any other.  It runs headless in a temporary
folder with its own throw-away profile, under a time limit, its whole process
group killed when the limit passes.  Without LibreOffice, ``antiword`` or
``catdoc`` give the text (tables flattened) when installed.

The OLE2 compound-file reader here is what ``sniff`` uses to tell a .doc from
an .xls or a password-protected Office file: it reads the directory only.
"""

from __future__ import annotations

import os
import shutil
import signal
import struct
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..blocks import Document
from ..errors import ParseError
from .docx import extract_docx
from .encoding import decode_text
from .safety import MAX_BYTES
from .text import extract_text

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CONVERT_TIMEOUT = 120  # seconds; LibreOffice's first start in a fresh profile takes a few
_FREE, _END = 0xFFFFFFFF, 0xFFFFFFFE


class Ole2:
    """The directory of an OLE2 compound file (.doc, .xls, .wps, encrypted OOXML).

    >>> Ole2(b"not ole").streams
    Traceback (most recent call last):
    ...
    ValueError: not an OLE2 compound file
    """

    def __init__(self, data: bytes) -> None:
        if not data.startswith(OLE2_MAGIC) or len(data) < 512:
            raise ValueError("not an OLE2 compound file")
        self.data = data
        shift = struct.unpack_from("<H", data, 0x1E)[0]
        mini_shift = struct.unpack_from("<H", data, 0x20)[0]
        if not 7 <= shift <= 16 or not 2 <= mini_shift <= shift:
            raise ValueError("bad OLE2 sector size")
        self.sector = 1 << shift
        self.mini_sector = 1 << mini_shift
        self.cutoff = struct.unpack_from("<I", data, 0x38)[0]
        n_sectors = max(0, (len(data) - 512) // self.sector + 1)
        self.max_chain = n_sectors + 1
        difat = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < _END]
        next_difat = struct.unpack_from("<I", data, 0x44)[0]
        per = self.sector // 4 - 1
        for _ in range(n_sectors):
            if next_difat >= _END:
                break
            block = self._sector(next_difat)
            entries = struct.unpack_from(f"<{per + 1}I", block)
            difat.extend(s for s in entries[:per] if s < _END)
            next_difat = entries[per]
        fat = bytearray()
        for s in difat[:n_sectors]:
            fat += self._sector(s)
        self.fat = struct.unpack(f"<{len(fat) // 4}I", fat[: len(fat) // 4 * 4])
        directory = self._chain_bytes(struct.unpack_from("<I", data, 0x30)[0], self.fat, self._sector)
        self.entries: dict[str, tuple[int, int, int]] = {}  # name -> (type, start, size)
        for off in range(0, len(directory) - 127, 128):
            size = struct.unpack_from("<H", directory, off + 0x40)[0]
            kind = directory[off + 0x42]
            if kind not in (1, 2, 5) or not 2 <= size <= 64:
                continue
            name = directory[off : off + size - 2].decode("utf-16-le", errors="replace")
            start, length = struct.unpack_from("<II", directory, off + 0x74)
            self.entries.setdefault(name, (kind, start, length))
        self._mini: bytes | None = None  # the mini stream and its FAT, read on first need
        self._mini_fat: tuple[int, ...] = ()

    @property
    def streams(self) -> set[str]:
        """Names of the streams and storages.

        >>> sorted(Ole2(open("tests/fixtures/rendered/seed-004.doc", "rb").read()).streams)[-3:]
        ['Data', 'Root Entry', 'WordDocument']
        """
        return set(self.entries)

    def read(self, name: str, limit: int = 1 << 20) -> bytes:
        """The first ``limit`` bytes of a stream (regular or mini).

        >>> Ole2(open("tests/fixtures/rendered/seed-004.doc", "rb").read()).read("WordDocument", 2)
        b'\\xec\\xa5'
        """
        _kind, start, full = self.entries[name]
        size = min(full, limit)
        if full < self.cutoff:
            if self._mini is None:
                _, root_start, _ = next(v for v in self.entries.values() if v[0] == 5)
                self._mini = self._chain_bytes(root_start, self.fat, self._sector)
                mini_fat_start = struct.unpack_from("<I", self.data, 0x3C)[0]
                raw = self._chain_bytes(mini_fat_start, self.fat, self._sector)
                self._mini_fat = struct.unpack(f"<{len(raw) // 4}I", raw[: len(raw) // 4 * 4])
            mini = self._mini

            def mini_sector(n: int) -> bytes:
                return mini[n * self.mini_sector : (n + 1) * self.mini_sector]

            return self._chain_bytes(start, self._mini_fat, mini_sector, size)
        return self._chain_bytes(start, self.fat, self._sector, size)

    def _sector(self, n: int) -> bytes:
        off = (n + 1) * self.sector
        if off >= len(self.data):
            raise ValueError("OLE2 sector out of range")
        return self.data[off : off + self.sector]

    def _chain_bytes(
        self,
        start: int,
        fat: tuple[int, ...],
        read: Callable[[int], bytes],
        limit: int | None = None,
    ) -> bytes:
        """The sectors of a chain from ``start``, followed through ``fat`` (at most as many as the file has)."""
        out = bytearray()
        s = start
        for _ in range(self.max_chain):
            if s >= len(fat):
                break
            out += read(s)
            if limit is not None and len(out) >= limit:
                return bytes(out[:limit])
            s = fat[s]
        return bytes(out)


def ole2_kind(data: bytes) -> str:
    """What an OLE2 file holds: ``doc`` (Word, WPS), ``doc-encrypted`` (a Word file its FIB says is
    encrypted), ``xls``, ``encrypted`` (password-protected OOXML), ``ole2`` (something else) or
    ``ole2-corrupt`` (its directory cannot be read).

    >>> ole2_kind(b"junk")
    'ole2-corrupt'
    """
    try:
        ole = Ole2(data)
    except (ValueError, struct.error, IndexError, StopIteration):
        return "ole2-corrupt"
    streams = ole.streams
    if not streams:
        return "ole2-corrupt"
    if "EncryptedPackage" in streams or "EncryptionInfo" in streams:
        return "encrypted"
    if "WordDocument" in streams:
        return "doc-encrypted" if _fib_encrypted(ole) else "doc"
    if "Workbook" in streams or "Book" in streams:
        return "xls"
    return "ole2"


def _fib_encrypted(ole: Ole2) -> bool:
    """True when a Word 97-2003 file's FIB says it is encrypted or obfuscated (``fEncrypted``)."""
    try:
        fib = ole.read("WordDocument", 64)
    except (ValueError, KeyError, struct.error, IndexError, StopIteration):
        return False
    return len(fib) >= 12 and bool(struct.unpack_from("<H", fib, 0x0A)[0] & 0x0100)


def soffice() -> str | None:
    """The LibreOffice binary on PATH (``soffice`` or ``libreoffice``), if any.

    >>> soffice()  # doctest: +SKIP
    '/usr/bin/soffice'
    """
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(data: bytes, suffix: str = ".doc", timeout: float = CONVERT_TIMEOUT) -> bytes:
    """A document LibreOffice can open, converted to .docx bytes.

    ``suffix`` is the input's extension as LibreOffice should see it (``.doc``,
    ``.rtf``, ``.odt``); the content decides the import filter anyway.

    >>> convert_to_docx(b"{\\\\rtf1 report}", ".rtf")[:2]  # doctest: +SKIP
    b'PK'
    """
    binary = soffice()
    if binary is None:
        raise ParseError("cannot convert: LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="parsers-soffice-") as tmp:
        work = Path(tmp)
        source = work / f"document{suffix}"
        source.write_bytes(data)
        outdir = work / "out"
        command = [
            binary,
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(outdir),
            str(source),
        ]
        env = {**os.environ, "HOME": tmp, "SAL_USE_VCLPLUGIN": "svp"}
        proc = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True, cwd=tmp
        )
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise ParseError(
                f"LibreOffice took longer than {timeout:.0f} s to convert the document"
            ) from None
        finally:
            _kill(proc)
        target = outdir / "document.docx"
        if not target.exists() or target.stat().st_size == 0:
            last = (err or b"").decode("utf-8", "replace").strip().splitlines()
            reason = next((x for x in reversed(last) if "javaldx" not in x), "no output")
            raise ParseError(f"LibreOffice could not convert the document ({reason[:120]})")
        if target.stat().st_size > MAX_BYTES:
            raise ParseError("the converted document is too large")
        return target.read_bytes()


def _kill(proc: subprocess.Popen) -> None:
    """End a conversion's process group: LibreOffice's helpers must not outlive the conversion."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if proc.poll() is None:
        proc.wait(timeout=10)


def extract_doc(data: bytes, suffix: str = ".doc") -> Document:
    """Blocks of a Word 97-2003 / WPS / RTF / ODT report, through LibreOffice and the DOCX reader.

    Falls back to ``antiword`` or ``catdoc`` text (tables flattened) for
    .doc files when LibreOffice is not installed.

    >>> extract_doc(open("tests/fixtures/rendered/seed-004.doc", "rb").read()).tables[0].layout  # doctest: +SKIP
    'grid'
    """
    if soffice() is None and suffix == ".doc":
        text = _fallback_text(data)
        if text is not None:
            return extract_text(text)
    docx = convert_to_docx(data, suffix)
    return extract_docx(docx)


def _fallback_text(data: bytes) -> str | None:
    """Text of a .doc by antiword or catdoc, when one of them is installed."""
    for tool, args in (("antiword", ["-w", "0", "-m", "UTF-8.txt"]), ("catdoc", ["-d", "utf-8", "-w"])):
        binary = shutil.which(tool)
        if not binary:
            continue
        with tempfile.NamedTemporaryFile(suffix=".doc") as f:
            f.write(data)
            f.flush()
            try:
                out = subprocess.run([binary, *args, f.name], capture_output=True, timeout=60, check=False)
            except subprocess.TimeoutExpired:
                continue
        if out.returncode == 0 and out.stdout.strip():
            return decode_text(out.stdout, "utf-8")
    return None
