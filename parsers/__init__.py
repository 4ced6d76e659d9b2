"""Parse a 政府信息公开工作年度报告 into the contract's object.

    >>> from parsers import parse_file
    >>> report = parse_file("tests/fixtures/seeds/004_310a36c5978b6ada.txt")
    >>> report["format"], report["report_year"]
    ('2019', 2020)

``parse_bytes`` does the same for bytes already in memory (the crawler's
pipelines call it); neither needs Scrapy or a database.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from .blocks import Document
from .checks import check
from .errors import ParseError
from .extract import extract
from .numbers import is_number, nfkc, squash
from .report import (
    agency_in,
    detect_format,
    find_sections,
    find_title,
    page_time,
    region_of,
    report_year,
    signature_date,
)
from .tables import Reading, read_tables

__all__ = ["PARSER_VERSION", "ParseError", "parse_bytes", "parse_document", "parse_file"]

PARSER_VERSION = "0.1.0"


def parse_file(path: str | Path, url: str | None = None) -> dict:
    """Parse a report file; raises ParseError naming the reason for unreadable input."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"cannot read file: {exc.strerror or exc}") from exc
    return parse_bytes(data, name=path.name, url=url)


def parse_bytes(
    data: bytes,
    name: str = "",
    url: str | None = None,
    published: str | None = None,
    declared_encoding: str | None = None,
) -> dict:
    """Parse a report held in memory.

    ``published`` is the time the portal's list page gave, used when the
    document itself prints none; ``declared_encoding`` the HTTP header's charset.
    """
    doc = extract(data, name=name, declared_encoding=declared_encoding)
    report = parse_document(doc, published=published)
    report["source"] = {
        "url": url,
        "sha256": hashlib.sha256(data).hexdigest(),
        "media_type": doc.media_type,
        "bytes": len(data),
    }
    return report


def parse_document(doc: Document, published: str | None = None) -> dict:
    """The contract's object for a document already in the block model."""
    title = find_title(doc)
    text = doc.text()
    normalised = [nfkc(p.text) for p in doc.paragraphs]  # once: NFKC of a whole report is not cheap
    reading = read_tables(doc)
    statistics = any(k.startswith(("apply.", "review.", "litigation.")) for k in reading.facts)
    fmt = detect_format(doc, statistics, bool(reading.legacy), squash("".join(normalised)))
    if fmt in ("2019", "2021", "narrative"):
        reading.legacy = []
    year = report_year(title, text)
    agency = agency_in(title, text)
    sections = find_sections(doc, fmt)
    facts = {k: f.value for k, f in sorted(reading.facts.items())}
    facts.update(_series(fmt, facts, reading, text))
    body = "\n".join(n for p, n in zip(doc.paragraphs, normalised, strict=True) if p.text.strip() != title)
    checks = check(fmt, reading, sections, agency, year, body)
    if doc.scanned:
        checks.append({"code": "document.scanned", "severity": "error",
                       "message": "the document is an image without text: nothing extracted", "keys": []})  # fmt: skip
    unrecognised = [t for t in doc.tables if t.index not in reading.recognised and not t.overlay]
    if unrecognised and fmt != "legacy":
        checks.append({"code": "table.unparsed", "severity": "warning",
                       "message": f"{len(unrecognised)} table(s) matched no rule", "keys": []})  # fmt: skip
    return {
        "agency": agency,
        "region": region_of(agency),
        "report_year": year,
        "title": title,
        "published": doc.published or page_time(doc) or published or signature_date(doc),
        "format": fmt,
        "sections": [s.as_dict() for s in sections],
        "facts": facts,
        "provenance": {k: f.where() for k, f in sorted(reading.facts.items())},
        "legacy": reading.legacy,
        "checks": checks,
        "source": {},
        "parser_version": PARSER_VERSION,
    }


LEGACY_SERIES = [
    # 收到申请数 / 受理政府信息公开申请总数 / 受理依申请公开信息总数 (2009-era)
    ("series.requests_received", re.compile(r"^(?:收到|受理|接受|共受理|接收).{0,14}申请.{0,6}?数(?:量)?$")),
    ("series.requests_granted", re.compile(r"^同意公开答复数")),
    ("series.reviews", re.compile(r"行政复议(?:案件)?数(?:量)?$")),
    ("series.lawsuits", re.compile(r"行政诉讼(?:案件)?数(?:量)?$")),
    ("series.active_published", re.compile(r"^主动公开(?:政府)?(?:信息|文件)(?:总)?数")),
]
# 主动公开政府信息数22条 / 共发布政府信息32条 / 通过门户网站公开各类信息46条
ACTIVE_IN_TEXT = re.compile(
    r"(?:主动公开|共发布|累计发布|共公开|累计公开|通过[^。,，；]{1,12}?(?:公开|发布))了?(?:政府|各类|政务)?信息"
    r"(?:数|件数|总数)?(?:为|共|达|总计|合计|的有|有)?(\d+)(?:条|件)"
)


def _series(fmt: str, facts: dict, reading: Reading, text: str) -> dict:
    """The ``series.*`` values that make formats comparable over the years."""
    out: dict = {}
    if fmt in ("2019", "2021"):
        pairs = {
            "series.requests_received": facts.get("apply.new.total"),
            "series.requests_granted": facts.get("apply.granted.total"),
            "series.reviews": facts.get("review.total"),
        }
        direct, after = facts.get("litigation.direct.total"), facts.get("litigation.after_review.total")
        if is_number(direct) and is_number(after):
            pairs["series.lawsuits"] = direct + after
        out.update({k: v for k, v in pairs.items() if is_number(v)})
    elif fmt == "legacy":
        current = reading.legacy[0]["column"] if reading.legacy else None
        for key, pattern in LEGACY_SERIES:
            for row in reading.legacy:
                label = re.sub(r"\(.*?\)", "", row["label"])
                if row["column"] == current and pattern.search(label) and is_number(row["value"]):
                    out[key] = row["value"]
                    break
        extra = next((r["value"] for r in reading.legacy if r["label"].startswith("属于已主动公开范围数")
                      and r["column"] == current and is_number(r["value"])), None)  # fmt: skip
        if extra is not None and "series.requests_granted" in out:
            out["series.requests_granted"] += extra
    if "series.active_published" not in out:
        m = ACTIVE_IN_TEXT.search(re.sub(r"\s+", "", text))
        if m:
            out["series.active_published"] = int(m.group(1))
    return out
