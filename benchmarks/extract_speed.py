"""Extraction speed per kind of document, peak memory, and PDF extraction against the bare PDFium floor.

Corpus: the renderings in ``tests/fixtures/rendered/`` (the same real
reports as HTML, DOCX, XLSX, PDF; seed 004 also as .doc and .xls) plus the
report fixtures and seeds (text).  For each kind it measures

- documents per second through ``parsers.extract.extract`` (bytes to blocks)
  and through ``parsers.parse_bytes`` (the whole parse: blocks, tables,
  checks), each the best of ``repeat`` runs;
- peak RSS of a child process that extracts every file of that kind once
  (VmHWM, so the figure is the kind's own, not the parent's);

and for PDF the ratio of our extraction time to pypdfium2's bare text
extraction of the same file (open, every page's ``get_text_range``), both
timed in this process, file by file.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

from benchmarks.parse_speed import best_of

ROOT = Path(__file__).resolve().parent.parent
RENDERED = ROOT / "tests" / "fixtures" / "rendered"
TEXTS = [ROOT / "tests" / "fixtures" / "reports", ROOT / "tests" / "fixtures" / "seeds"]
KINDS = ("text", "html", "docx", "xlsx", "xls", "pdf", "doc")

_CHILD = """
import re, sys
from parsers.extract import extract
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        extract(f.read(), name=path)
status = open("/proc/self/status").read()
print(int(re.search(r"VmHWM:\\s*(\\d+)", status).group(1)) / 1024)
"""


def corpus() -> dict[str, list[Path]]:
    """Files of each kind, sniffed from their bytes.

    >>> sorted(k for k, v in corpus().items() if v)
    ['doc', 'docx', 'html', 'pdf', 'text', 'xls', 'xlsx']
    """
    from parsers.extract import sniff

    files: dict[str, list[Path]] = {k: [] for k in KINDS}
    candidates = [p for p in sorted(RENDERED.iterdir()) if p.suffix != ".json" and p.name != "README.md"]
    for folder in TEXTS:
        candidates += sorted(folder.glob("*.txt"))
    for path in candidates:
        kind = sniff(path.read_bytes())
        if kind in files and "scanned" not in path.name:
            files[kind].append(path)
    return files


def pdfium_floor(data: bytes) -> None:
    """The bare library floor: pypdfium2 opens the PDF and reads every page's text.

    ``pdfium_floor(Path("tests/fixtures/rendered/seed-004.pdf").read_bytes())``
    """
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    for i in range(len(pdf)):
        page = pdf[i]
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    pdf.close()


def peak_rss_mb(paths: list[Path]) -> float:
    """Peak RSS (MiB) of a fresh interpreter that imports the parser and extracts ``paths`` once.

    ``peak_rss_mb([Path("tests/fixtures/rendered/seed-004.pdf")])`` → ``51.2``
    """
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, *map(str, paths)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        timeout=600,
    )
    return float(out.stdout.strip().splitlines()[-1])


def run(repeat: int = 5) -> dict:
    """Figures per kind: files, docs/s (extract, full parse), median ms, peak RSS; the PDF floor ratio.

    ``run(repeat=5)`` → ``{"baseline_rss_mb": 32.0, "kinds": {"pdf": {"files": 6, "floor_ratio_median": 4.6, …}, …}}``
    """
    from parsers import parse_bytes
    from parsers.extract import extract

    results: dict[str, dict] = {}
    baseline = peak_rss_mb([])
    for kind, paths in corpus().items():
        if not paths:
            continue
        blobs = [(p.name, p.read_bytes()) for p in paths]
        for name, data in blobs:  # warm imports and caches once
            extract(data, name=name)
        reps = 1 if kind == "doc" else repeat  # LibreOffice: one conversion is seconds
        extract_s = [best_of(lambda d=data, n=name: extract(d, name=n), reps) for name, data in blobs]
        parse_s = [best_of(lambda d=data, n=name: parse_bytes(d, name=n), reps) for name, data in blobs]
        results[kind] = {
            "files": len(blobs),
            "extract_docs_per_s": len(blobs) / sum(extract_s),
            "parse_docs_per_s": len(blobs) / sum(parse_s),
            "extract_median_ms": statistics.median(extract_s) * 1000,
            "peak_rss_mb": peak_rss_mb(paths),
        }
        if kind == "pdf":  # the floor timed once per file, for the ratios and the printed median alike
            floor_s = [best_of(lambda d=data: pdfium_floor(d), repeat) for _, data in blobs]
            ratios = [e / f for e, f in zip(extract_s, floor_s, strict=True)]
            results[kind]["floor_ratio_median"] = statistics.median(ratios)
            results[kind]["floor_ratio_max"] = max(ratios)
            results[kind]["floor_median_ms"] = statistics.median(floor_s) * 1000
    return {"baseline_rss_mb": baseline, "kinds": results}


def report(figures: dict) -> str:
    """The figures as printed lines (``python -m benchmarks``).

    >>> report({"baseline_rss_mb": 32.0, "kinds": {}})
    'extract: interpreter + parser imported, nothing read: peak RSS 32 MiB'
    """
    lines = [
        f"extract: interpreter + parser imported, nothing read: peak RSS {figures['baseline_rss_mb']:.0f} MiB"
    ]
    for kind, r in figures["kinds"].items():
        lines.append(
            f"extract {kind}: {r['files']} files, {r['extract_docs_per_s']:.1f} docs/s extract "
            f"({r['extract_median_ms']:.1f} ms median), {r['parse_docs_per_s']:.1f} docs/s full parse, "
            f"peak RSS {r['peak_rss_mb']:.0f} MiB"
        )
        if kind == "pdf":
            lines.append(
                f"extract pdf ÷ pypdfium2 bare text ({r['floor_median_ms']:.1f} ms median): "
                f"median {r['floor_ratio_median']:.1f}×, max {r['floor_ratio_max']:.1f}×"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    print(json.dumps(run(), indent=1))
