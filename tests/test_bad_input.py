"""Bad input: each gives a one-line error naming the file and the reason, in bounded time and memory.

The hostile files (zip bombs, entity attacks, a PDF decompression bomb, deep
HTML …) are built here, in a few milliseconds each, rather than kept in the
repository; ``tests/fixtures/bad/`` holds only what needs LibreOffice to make
(see its README).  Each input is parsed in-process (one ParseError, one line,
within the time limit), then all of them together through the CLI in a child
process (exit status 2, one ``error: FILE: reason`` line each, peak memory
measured), and some of them are served to a crawl, which records them in
``errors`` and stores the good report beside them.
"""

from __future__ import annotations

import io
import json
import random
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlite_utils

from crawler.local import crawl, serve_directory
from parsers import ParseError, parse_file
from parsers.__main__ import main as cli_main
from parsers.extract.doc import Ole2
from parsers.extract.safety import MAX_BYTES

FIXTURES = Path(__file__).parent / "fixtures"
RENDERED = FIXTURES / "rendered"
BAD = FIXTURES / "bad"
TIME_LIMIT = 20.0  # seconds for any one bad input (LibreOffice's start included)
MEMORY_LIMIT_MB = 256  # peak RSS of a CLI run over every bad input (a 50 MiB file is read whole)

# prints the child's exit status and peak RSS: VmHWM is the process's own high-water mark
# (ru_maxrss would carry the forking parent's over exec)
PEAK_RSS = """
import json, re
try:
    rss = int(re.search(r"VmHWM:\\s*(\\d+)", open("/proc/self/status").read()).group(1)) / 1024
except OSError:
    import resource
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"status": status, "rss_mb": rss}))
"""

# ---------------------------------------------------------------- builders

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def zip_bytes(members: dict[str, bytes | str], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A ZIP archive of ``members`` (name → content): ``zip_bytes({"readme.txt": "hello"})``."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, content in members.items():
            z.writestr(name, content)
    return buf.getvalue()


def docx_with(document_xml: str | bytes, **extra: bytes | str) -> bytes:
    """A minimal .docx whose ``word/document.xml`` is ``document_xml``: ``docx_with(f"<w:document {W}/>")``."""
    return zip_bytes(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "_rels/.rels": RELS,
            "word/document.xml": document_xml,
            **extra,
        }
    )


def ole2_bytes(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file (512-byte sectors, streams padded past the mini-stream cutoff).

    ``ole2_bytes({"WordDocument": b"\\0" * 8192})``
    """
    sector = 512
    names = sorted(streams, key=lambda n: (len(n), n.upper()))
    data = {n: streams[n].ljust(4096, b"\0") for n in names}
    chains: list[list[int]] = []
    next_sector = 2  # 0: FAT, 1: directory
    for n in names:
        count = -(-len(data[n]) // sector)
        chains.append(list(range(next_sector, next_sector + count)))
        next_sector += count
    fat = [0xFFFFFFFD, 0xFFFFFFFE] + [0xFFFFFFFF] * (sector // 4 - 2)
    for chain in chains:
        for a, b in zip(chain, chain[1:] + [0xFFFFFFFE], strict=True):
            fat[a] = b
    assert next_sector <= sector // 4, "too many sectors for one FAT sector"

    def entry(name: str, kind: int, start: int, size: int, child: int, right: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (
            raw.ljust(64, b"\0")
            + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", 0xFFFFFFFF, right, child)
            + b"\0" * 36
            + struct.pack("<II", start, size)
            + b"\0\0\0\0"
        )

    directory = entry("Root Entry", 5, 0xFFFFFFFE, 0, 1 if names else 0xFFFFFFFF, 0xFFFFFFFF)
    for i, n in enumerate(names):
        right = i + 2 if i + 1 < len(names) else 0xFFFFFFFF
        directory += entry(n, 2, chains[i][0], len(streams[n]), 0xFFFFFFFF, right)
    directory = directory.ljust(sector, b"\0")[:sector]
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
        + struct.pack("<109I", 0, *[0xFFFFFFFF] * 108)
    )
    body = struct.pack(f"<{sector // 4}I", *fat) + directory + b"".join(data[n] for n in names)
    return header + body


def lying_zip(data: bytes, member: str, declared: int) -> bytes:
    """``data`` (a ZIP) with ``member``'s uncompressed size rewritten to ``declared`` in both headers.

    ``lying_zip(docx_with(big_xml), "word/document.xml", 900)``
    """
    out = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    struct.pack_into("<I", out, info.header_offset + 22, declared)
    central = data.find(b"PK\x01\x02")
    while (
        data[central + 46 : central + 46 + struct.unpack_from("<H", data, central + 28)[0]] != member.encode()
    ):
        central = data.find(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", out, central + 24, declared)
    return bytes(out)


def flag_encrypted_zip(data: bytes) -> bytes:
    """``data`` (a ZIP) with every member's 'encrypted' flag set: ``flag_encrypted_zip(docx_with(xml))``."""
    out = bytearray(data)
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        pos = out.find(sig)
        while pos != -1:
            out[pos + offset] |= 0x01
            pos = out.find(sig, pos + 4)
    return bytes(out)


def zeros_deflate(total: int) -> bytes:
    """zlib data inflating to at least ``total`` zero bytes, made without compressing them all.

    ``zeros_deflate(600 << 20)`` is about 600 KB.
    """
    c = zlib.compressobj(9)
    chunk = b"\0" * (1 << 20)
    first = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)  # after a full flush every block is alike
    return first + block * (total // len(chunk))


def pdf_bytes(content: bytes, filters: str = "/Filter /FlateDecode") -> bytes:
    """A one-page PDF whose content stream is ``content`` (already encoded): ``pdf_bytes(zlib.compress(b"q Q"))``."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        f"<< /Length {len(content)} {filters} >>\nstream\n".encode() + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer << /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def blank_pdf(pages: int) -> bytes:
    """A PDF of ``pages`` empty pages (no text, no images): ``blank_pdf(2)``."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(595, 842)
    buf = io.BytesIO()
    pdf.save(buf)
    pdf.close()
    return buf.getvalue()


def encrypted_doc() -> bytes:
    """seed 004's .doc with the FIB's fEncrypted flag set (what Word writes for a password to open)."""
    data = bytearray((RENDERED / "seed-004.doc").read_bytes())
    ole = Ole2(bytes(data))
    _, start, _ = ole.entries["WordDocument"]
    data[(start + 1) * ole.sector + 0x0B] |= 0x01
    return bytes(data)


def encrypted_xls() -> bytes:
    """seed 004's .xls with a FILEPASS record after BOF (what Excel writes for a password to open)."""
    data = bytearray((RENDERED / "seed-004.xls").read_bytes())
    ole = Ole2(bytes(data))
    _, start, _ = ole.entries["Workbook"]
    offset = (start + 1) * ole.sector
    bof_len = struct.unpack_from("<H", data, offset + 2)[0]
    struct.pack_into("<H", data, offset + 4 + bof_len, 0x002F)  # the next record becomes FILEPASS
    return bytes(data)


def high_bytes(seed: int, n: int) -> bytes:
    """``n`` random bytes from 0x80-0xFF (no NUL, no ASCII): ``high_bytes(1, 20_000)``."""
    rng = random.Random(seed)
    return bytes(rng.randrange(0x80, 0x100) for _ in range(n))


def deep_html(depth: int) -> bytes:
    """A page nesting ``depth`` divs around its text: ``deep_html(100_000)``."""
    return (
        "<html><body>" + "<div>" * depth + "一、总体情况" * 20 + "</div>" * depth + "</body></html>"
    ).encode()


def billion_laughs() -> str:
    """The classic entity-expansion workbook.xml (10⁹ ``lol``s once expanded)."""
    lol = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    ]
    return f'<?xml version="1.0"?><!DOCTYPE lolz [{"".join(lol)}]><workbook>&lol9;</workbook>'


def huge_sheet() -> bytes:
    """An .xlsx whose worksheet XML is 20 MB (a million cells), compressed at an ordinary ratio."""
    rng = random.Random(2)
    block = "".join(
        "<row>" + "".join(f"<c><v>{rng.randrange(10**6)}</v></c>" for _ in range(10)) + "</row>"
        for _ in range(1000)
    )
    sheet = (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{block * 120}</sheetData></worksheet>"
    )
    return zip_bytes(
        {
            "[Content_Types].xml": "<Types/>",
            "xl/workbook.xml": "<workbook/>",
            "xl/worksheets/sheet1.xml": sheet,
        }
    )


ERROR_PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>404 页面不存在</title></head>"
    "<body><div class='error'><h1>404</h1><p>您访问的页面不存在或已被删除。</p><a href='/'>返回首页</a></div></body></html>"
).encode()

# name -> (builder, what the reason must say)
CASES: dict[str, tuple[Callable[[], bytes], str]] = {
    "empty.pdf": (lambda: b"", "empty file"),
    "blank.txt": (lambda: b" \r\n\t \n" * 100, "empty file"),
    "oversized.html": (lambda: b"<html>" + b" " * MAX_BYTES, "too large"),
    "zip-bomb.docx": (lambda: docx_with(b"<w:document/>" + b" " * (200 << 20)), "zip bomb"),
    "zip-bomb-ratio.xlsx": (
        lambda: zip_bytes({"xl/workbook.xml": "<workbook/>", "xl/worksheets/sheet1.xml": b"\0" * (20 << 20)}),
        "zip bomb",
    ),
    "zip-lying-size.docx": (
        lambda: lying_zip(
            docx_with(f"<w:document {W}/>".encode() + b" " * (20 << 20)), "word/document.xml", 900
        ),
        "corrupt docx",
    ),
    "zip-many-members.docx": (
        lambda: docx_with(f"<w:document {W}/>", **{f"x/{i}.bin": b"" for i in range(5001)}),
        "members",
    ),
    "zip-encrypted.docx": (lambda: flag_encrypted_zip(docx_with(f"<w:document {W}/>")), "encrypted docx"),
    "xxe.docx": (
        lambda: docx_with(
            '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            f"<w:document {W}><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
        ),
        "entity attack",
    ),
    "billion-laughs.xlsx": (
        lambda: zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": billion_laughs()}),
        "entity attack",
    ),
    "huge-sheet.xlsx": (huge_sheet, "spreadsheet too large"),
    "encrypted.pdf": (lambda: (BAD / "encrypted.pdf").read_bytes(), "encrypted PDF"),
    "encrypted-ooxml.docx": (
        lambda: ole2_bytes({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"x" * 5000}),
        "encrypted Office document",
    ),
    "encrypted.doc": (encrypted_doc, "encrypted .doc"),
    "encrypted.xls": (encrypted_xls, "encrypted .xls"),
    "pdf-bomb.pdf": (lambda: pdf_bytes(zeros_deflate(600 << 20)), "decompression bomb"),
    "truncated.pdf": (lambda: (RENDERED / "seed-004.pdf").read_bytes()[:1500], "PDF"),
    "no-text.pdf": (lambda: blank_pdf(2), "PDF has no text and no images"),
    "too-many-pages.pdf": (lambda: blank_pdf(2001), "pages (limit"),
    "truncated.docx": (lambda: (RENDERED / "seed-004.docx").read_bytes()[:6000], "corrupt"),
    "missing-parts.docx": (lambda: zip_bytes({"word/document.xml": f"<w:document {W}/>"}), "corrupt docx"),
    "corrupt.xlsx": (
        lambda: zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook><sheets>"}),
        "corrupt xlsx",
    ),
    "truncated.xls": (lambda: (RENDERED / "seed-004.xls").read_bytes()[:5000], "corrupt Office 97-2003"),
    "garbage-word-stream.doc": (lambda: ole2_bytes({"WordDocument": b"\0" * 8192}), "doc"),
    "unknown-ole2.ppt": (lambda: ole2_bytes({"PowerPoint Document": b"\0" * 4096}), "neither .doc nor .xls"),
    "other.zip": (lambda: zip_bytes({"readme.txt": "not an office file"}), "neither .docx nor .xlsx"),
    "not-a-zip.docx": (lambda: b"PK\x03\x04" + b"\x00\xff" * 500, "corrupt docx"),
    "random.bin": (lambda: random.Random(0).randbytes(100_000), "binary data"),
    "high-bytes.txt": (lambda: high_bytes(1, 20_000), "binary data"),
    "deep.html": (lambda: deep_html(100_000), "nested too deeply"),
    "no-text.html": (
        lambda: b"<html><head><style>p{}</style></head><body><script>var a=1;</script></body></html>",
        "HTML page without text",
    ),
    "error-page.pdf": (lambda: ERROR_PAGE, "named .pdf but holds an HTML page"),
}


@pytest.fixture(scope="session")
def bad_files(tmp_path_factory) -> dict[str, Path]:
    """Every bad input written once to a temporary folder."""
    folder = tmp_path_factory.mktemp("bad")
    out = {}
    for name, (build, _) in CASES.items():
        path = folder / name
        path.write_bytes(build())
        out[name] = path
    return out


def test_at_least_25_kinds_of_bad_input():
    assert len(CASES) >= 25


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_gives_one_line_reason_in_bounded_time(name, bad_files):
    start = time.monotonic()
    with pytest.raises(ParseError) as caught:
        parse_file(bad_files[name])
    elapsed = time.monotonic() - start
    reason = str(caught.value)
    assert CASES[name][1].lower() in reason.lower(), reason
    assert "\n" not in reason and 0 < len(reason) <= 300 and "Traceback" not in reason
    assert elapsed < TIME_LIMIT, f"{name} took {elapsed:.1f} s"


def test_cli_names_each_bad_file_on_one_line_exits_2_in_bounded_memory(bad_files):
    """All bad inputs through ``python -m parsers`` in one child process; its peak RSS is measured."""
    names = [n for n in CASES if n != "garbage-word-stream.doc"]  # LibreOffice: covered above
    paths = [str(bad_files[n]) for n in names]
    code = "import sys\nfrom parsers.__main__ import main\nstatus = main(sys.argv[1:])\n" + PEAK_RSS
    start = time.monotonic()
    result = subprocess.run([sys.executable, "-c", code, *paths], capture_output=True, text=True, timeout=300)
    elapsed = time.monotonic() - start
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["status"] == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == len(paths), result.stderr[-3000:]
    for path, line in zip(paths, lines, strict=True):
        assert line.startswith(f"error: {path}: ") and len(line) > len(path) + 10, line
    assert "Traceback" not in result.stderr
    assert figures["rss_mb"] < MEMORY_LIMIT_MB, f"peak RSS {figures['rss_mb']:.0f} MB"
    assert elapsed < 120


def test_cli_in_process_exit_status_2_and_one_line(bad_files, capsys):
    paths = [str(bad_files[n]) for n in ("empty.pdf", "xxe.docx", "error-page.pdf")]
    assert cli_main(paths) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert [x.split(": ")[1] for x in err] == paths


def test_html_report_named_pdf_is_read_not_refused(tmp_path):
    """A .pdf link that serves the report as an HTML page is a report: only an error page is refused."""
    path = tmp_path / "report.pdf"
    path.write_bytes((RENDERED / "2021-longgang-qbm-2024.html").read_bytes())
    report = parse_file(path)
    assert report["source"]["media_type"] == "text/html" and report["facts"]["apply.new.total"] == 66


def test_bad_documents_in_a_crawl_are_recorded_and_the_crawl_goes_on(tmp_path, bad_files):
    site = tmp_path / "site"
    files = site / "files"
    files.mkdir(parents=True)
    bad = [
        "zip-bomb-ratio.xlsx",
        "xxe.docx",
        "encrypted.pdf",
        "pdf-bomb.pdf",
        "error-page.pdf",
        "random.bin",
        "truncated.docx",
    ]
    links = []
    for i, name in enumerate(bad):
        target = files / f"{i}{Path(name).suffix if Path(name).suffix != '.bin' else '.doc'}"
        target.write_bytes(bad_files[name].read_bytes())
        links.append(
            f'<li><a href="files/{target.name}">某单位{2010 + i}年政府信息公开工作年度报告</a><span>2021-01-0{i + 1}</span></li>'
        )
    (files / "good.docx").write_bytes((RENDERED / "2021-longgang-qbm-2024.docx").read_bytes())
    links.append(
        '<li><a href="files/good.docx">龙岗区2024年政府信息公开工作年度报告</a><span>2025-01-20</span></li>'
    )
    (site / "index.html").write_text(
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>政府信息公开年报</title></head>"
        f"<body><ul class='list'>{''.join(links)}</ul></body></html>",
        encoding="utf-8",
    )
    db_path = tmp_path / "r.db"
    with serve_directory(site) as base:
        result = crawl(base + "/index.html", db_path)
    assert result.returncode == 0, result.stderr[-2000:]
    db = sqlite_utils.Database(db_path)
    errors = {r["url"].rsplit("/", 1)[-1]: r["reason"] for r in db["errors"].rows}
    assert len(errors) == len(bad), errors
    assert all("\n" not in reason and reason for reason in errors.values())
    assert any("entity attack" in r for r in errors.values()) and any(
        "encrypted PDF" in r for r in errors.values()
    )
    reports = list(db["reports"].rows)
    assert len(reports) == 1 and reports[0]["url"].endswith("good.docx")
    run = next(db["crawl_runs"].rows)
    assert run["finish_reason"] == "finished" and run["errors"] == len(bad)
