"""Rebuild reports, facts, sections and checks from the raw documents kept on disk.

``make reparse`` (``python -m storage reparse --db data/reports.db``) reads
every stored document's raw file (``documents.path``) and gives it to
``storage.ingest.parse_fetched`` with the hints the crawl had (list-page date,
HTTP charset, agency, and the portal with its region from the ``portals``
registry), then fills the report from them with ``storage.ingest.with_hints``:
exactly what the crawler's storage step does. Nothing is fetched, no crawl run
or document row is added: only reports written by another ``parser_version``
are rewritten (all of them with ``force``).
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from parsers import PARSER_VERSION

from .ingest import parse_fetched, with_hints
from .store import record_error, store_report

# every kept document with its crawl's hints; the portal (and its region) from the report stored for it
DOCUMENTS_SQL = """select d.id, d.url, d.path, d.fetched_at, d.published_hint, d.encoding, d.agency_hint,
    r.parser_version, r.fetched_at, r.portal, p.region
    from documents d left join reports r on r.id = d.id left join portals p on p.id = r.portal
    order by d.url, d.version"""


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
    for row in db.execute(DOCUMENTS_SQL).fetchall():
        doc_id, url, path, fetched_at, published_hint, encoding, agency_hint = row[:7]
        version, report_fetched_at, portal, region = row[7:]
        counts["documents"] += 1
        if not force and version == PARSER_VERSION:
            counts["unchanged"] += 1
            continue
        if not path or not Path(path).is_file():
            counts["missing"] += 1
            continue
        doc = {"url": url, "body": Path(path).read_bytes(), "encoding": encoding, "published_hint": published_hint,
               "agency_hint": agency_hint, "portal": portal, "region_hint": region}  # fmt: skip
        report, reason = parse_fetched(doc)
        if report is None:
            _record_once(db, url, f"reparse: {reason}", doc_id)
            counts["errors"] += 1
            continue
        status = store_report(db, doc_id, with_hints(report, doc), fetched_at=report_fetched_at or fetched_at,
                              force=force, portal=portal)  # fmt: skip
        counts["reparsed" if status == "new" else "unchanged"] += 1
    return counts


def _record_once(db: sqlite_utils.Database, url: str, reason: str, doc_id: str) -> None:
    if not db.execute("select 1 from errors where document = ? and reason = ?", [doc_id, reason]).fetchone():
        record_error(db, None, url, reason, doc_id)
