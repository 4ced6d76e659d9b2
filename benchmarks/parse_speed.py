"""Parse time per report over the fixtures, and HTML parsing as a ratio to lxml's bare parse.

The ratio is measured in one process, each file parsed by both in turn many
times, so machine noise affects both sides alike.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

import lxml.html

from parsers import parse_bytes
from parsers.extract import sniff
from parsers.numbers import cell_kind, clean


def _cold_parse(data: bytes, name: str) -> None:
    """Parse with the label caches emptied first: no help from the previous run."""
    clean.cache_clear()
    cell_kind.cache_clear()
    parse_bytes(data, name=name)


ROOT = Path(__file__).resolve().parent.parent
CORPUS = [
    ROOT / "tests" / "fixtures" / "reports",
    ROOT / "tests" / "fixtures" / "seeds",
    ROOT / "demo" / "portal",
]


def corpus() -> list[Path]:
    """Every report file of the fixtures and the demo portal (list and decoy pages left out).

    ``corpus()`` → ``[Path("tests/fixtures/reports/2019-ankang-ju-2019.txt"), …]``
    """
    files = []
    for folder in CORPUS:
        for path in sorted(folder.rglob("*")):
            if (
                path.suffix in (".txt", ".html", ".md", ".docx")
                and "index" not in path.name
                and path.stat().st_size
            ):
                files.append(path)
    return files


def best_of(fn: Callable[[], object], repeat: int) -> float:
    """The shortest of ``repeat`` timings of ``fn()``, in seconds (the least disturbed run)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def run(repeat: int = 5) -> dict:
    """Median and p95 parse time (ms) per report, and the HTML ratio to lxml.

    ``run(repeat=5)`` → ``{"reports": 60, "median_ms": 0.85, "p95_ms": 3.1, "html_files": 7, …}``
    """
    times: list[float] = []
    ratios: list[float] = []
    for path in corpus():
        data = path.read_bytes()
        elapsed = best_of(lambda data=data, name=path.name: _cold_parse(data, name), repeat)
        times.append(elapsed * 1000)
        if sniff(data) == "html":
            floor = best_of(lambda data=data: lxml.html.document_fromstring(data), repeat)
            ratios.append(elapsed / floor)
    times.sort()
    return {
        "reports": len(times),
        "median_ms": statistics.median(times),
        "p95_ms": times[min(len(times) - 1, int(0.95 * len(times)))],
        "html_files": len(ratios),
        "html_ratio_median": statistics.median(ratios) if ratios else None,
        "html_ratio_max": max(ratios) if ratios else None,
    }
