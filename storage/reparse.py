"""Rebuild reports, facts, sections and checks from the raw documents kept on disk.

``make reparse`` (``python -m storage reparse --db data/reports.db``) reads
every stored document's raw file (``documents.path``) and runs it through
``parsers.parse_bytes`` with the hints the crawl had (list-page date, HTTP
charset, agency), exactly as the crawler's pipeline does. Nothing is
fetched, no crawl run or document row is added: only reports written by
another ``parser_version`` are rewritten (all of them with ``force``).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import sqlite_utils

from parsers import PARSER_VERSION, ParseError, parse_bytes

from .store import record_error, store_report


def reparse(db: sqlite_utils.Database, force: bool = False) -> dict[str, int]:
    """Re-parse the kept raw documents with the current parser; returns counts by outcome.

    >>> reparse(open_db("data/reports.db"))  # doctest: +SKIP
    {'documents': 5, 'reparsed': 5, 'unchanged': 0, 'missing': 0, 'errors': 0}

    ``reparsed``: reports rewritten; ``unchanged``: already from this parser
    version; ``missing``: no raw file on disk (stored without ``raw_dir`` or
    deleted); ``errors``: the parser could not read the file (recorded once
    in ``errors`` with the reason, the old report if any is kept).
    """
    counts = {"documents": 0, "reparsed": 0, "unchanged": 0, "missing": 0, "errors": 0}
    current = {rid: (version, fetched) for rid, version, fetched in
               db.execute("select id, parser_version, fetched_at from reports")}  # fmt: skip
    documents = db.execute(
        "select id, url, path, fetched_at, published_hint, encoding, agency_hint from documents"
        " order by url, version"
    ).fetchall()
    for doc_id, url, path, fetched_at, published_hint, encoding, agency_hint in documents:
        counts["documents"] += 1
        version, report_fetched_at = current.get(doc_id, (None, None))
        if not force and version == PARSER_VERSION:
            counts["unchanged"] += 1
            continue
        if not path or not Path(path).is_file():
            counts["missing"] += 1
            continue
        data = Path(path).read_bytes()
        try:
            report = parse_bytes(
                data,
                name=Path(urlparse(url).path).name,
                url=url,
                published=published_hint,
                declared_encoding=encoding,
            )
        except ParseError as exc:
            _record_once(db, url, f"reparse: {exc}", doc_id)
            counts["errors"] += 1
            continue
        except Exception as exc:  # a parser bug is recorded like in the crawl; the others go on
            _record_once(db, url, f"reparse: parser failure: {exc.__class__.__name__}: {exc}", doc_id)
            counts["errors"] += 1
            continue
        if not report.get("agency") and agency_hint:
            report["agency"] = agency_hint
        status = store_report(db, doc_id, report, fetched_at=report_fetched_at or fetched_at, force=force)
        counts["reparsed" if status == "new" else "unchanged"] += 1
    return counts


def _record_once(db: sqlite_utils.Database, url: str, reason: str, doc_id: str) -> None:
    if not db.execute("select 1 from errors where document = ? and reason = ?", [doc_id, reason]).fetchone():
        record_error(db, None, url, reason, doc_id)
