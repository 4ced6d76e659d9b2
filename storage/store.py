"""Writing crawls, documents and parsed reports into SQLite.

A document is keyed by its URL and the SHA-256 of its bytes, so storing the
same content twice changes nothing, and a changed document at the same URL
becomes a new row beside the old one.  Each write of one report (its facts,
sections and checks) happens in one transaction: a failure leaves what was
stored before intact.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from .schema import migrate

EXTENSIONS = {
    "text/html": ".html",
    "text/plain": ".txt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}


def now() -> str:
    """The current UTC time, ISO formatted to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating and migrating) the reports database at ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.enable_wal()
    migrate(db)
    return db


def document_id(url: str, sha256: str) -> str:
    """Stable id of one version of a document: ``document_id("http://x/a.html", "ab…")``."""
    return hashlib.sha256(f"{url}\n{sha256}".encode()).hexdigest()[:16]


def start_run(db: sqlite_utils.Database, spider: str, start_url: str | None) -> int:
    """Record the start of a crawl; returns its ``crawl_runs.id``."""
    table = db["crawl_runs"]
    table.insert({"spider": spider, "start_url": start_url, "started": now()})
    return table.last_pk


def finish_run(db: sqlite_utils.Database, run_id: int, reason: str, pages: int) -> dict:
    """Close a crawl's row with its finish reason and counts; returns the row."""
    counts = {
        "documents": db.execute("select count(*) from documents where crawl_run = ?", [run_id]).fetchone()[0],
        "errors": db.execute("select count(*) from errors where crawl_run = ?", [run_id]).fetchone()[0],
    }
    db["crawl_runs"].update(run_id, {"finished": now(), "finish_reason": reason, "pages": pages, **counts})
    return db["crawl_runs"].get(run_id)


def count_run(db: sqlite_utils.Database, run_id: int, status: str, facts: int, checks: int) -> None:
    """Add one stored report to its crawl's counts (``status`` is ``new`` or ``unchanged``)."""
    column = "reports_new" if status == "new" else "reports_unchanged"
    db.execute(
        f"update crawl_runs set {column} = coalesce({column}, 0) + 1, facts = coalesce(facts, 0) + ?,"
        " checks = coalesce(checks, 0) + ? where id = ?",
        [facts, checks, run_id],
    )


def store_document(
    db: sqlite_utils.Database,
    url: str,
    data: bytes,
    media_type: str,
    raw_dir: str | Path | None = None,
    run_id: int | None = None,
) -> tuple[str, bool]:
    """Keep a fetched file; returns (document id, True when it was not stored before)."""
    sha = hashlib.sha256(data).hexdigest()
    doc_id = document_id(url, sha)
    if db["documents"].count_where("id = ?", [doc_id]):
        return doc_id, False
    path = None
    if raw_dir is not None:
        target = Path(raw_dir) / sha[:2] / (sha + EXTENSIONS.get(media_type, ".bin"))
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            target.write_bytes(data)
        path = str(target)
    db["documents"].insert({
        "id": doc_id, "url": url, "sha256": sha, "media_type": media_type, "bytes": len(data),
        "fetched_at": now(), "path": path, "crawl_run": run_id,
    })  # fmt: skip
    return doc_id, True


def store_report(db: sqlite_utils.Database, doc_id: str, report: dict, fetched_at: str | None = None) -> str:
    """Upsert one parsed report (the contract's object) for a stored document.

    Returns ``new`` when written, ``unchanged`` when this document was
    already stored with the same parser version.
    """
    existing = db.execute("select parser_version from reports where id = ?", [doc_id]).fetchone()
    if existing and existing[0] == report["parser_version"]:
        return "unchanged"
    checks = report["checks"]
    row = {
        "id": doc_id, "document": doc_id, "url": report["source"].get("url"), "agency": report["agency"],
        "region": report["region"], "report_year": report["report_year"], "format": report["format"],
        "title": report["title"], "published": report["published"], "parser_version": report["parser_version"],
        "fetched_at": fetched_at or now(), "sha256": report["source"].get("sha256"),
        "fact_count": len(report["facts"]) + len(report["legacy"]),
        "error_count": sum(1 for c in checks if c["severity"] == "error"),
        "warning_count": sum(1 for c in checks if c["severity"] == "warning"),
    }  # fmt: skip
    with db.conn:
        for table in ("facts", "sections", "checks"):
            db.execute(f"delete from {table} where report = ?", [doc_id])
        db["reports"].upsert(row, pk="id")
        db["facts"].insert_all(_fact_rows(doc_id, report))
        db["sections"].insert_all({"report": doc_id, **s} for s in report["sections"])
        db["checks"].insert_all(
            {"report": doc_id, "code": c["code"], "severity": c["severity"], "message": c["message"],
             "keys": json.dumps(c["keys"], ensure_ascii=False)}
            for c in checks
        )  # fmt: skip
    return "new"


def _fact_rows(doc_id: str, report: dict):
    provenance = report.get("provenance", {})
    for key, value in report["facts"].items():
        where = provenance.get(key, {})
        yield {
            "report": doc_id, "key": key, **_value(value), "raw": where.get("raw"),
            "table_index": where.get("table"), "row_index": where.get("row"), "col_index": where.get("col"),
            "label": None, "unit": None, "column_label": None,
        }  # fmt: skip
    for row in report["legacy"]:
        where = row.get("where", {})
        yield {
            "report": doc_id, "key": "legacy", **_value(row["value"]), "raw": where.get("raw"),
            "table_index": where.get("table"), "row_index": where.get("row"), "col_index": where.get("col"),
            "label": row["label"], "unit": row["unit"], "column_label": row["column"],
        }  # fmt: skip


def _value(value: object) -> dict:
    if value == "NA":
        return {"value": None, "mark": "NA"}
    return {"value": value, "mark": None}


def record_error(db: sqlite_utils.Database, run_id: int | None, url: str, reason: str,
                 doc_id: str | None = None) -> None:  # fmt: skip
    """Record a document that could not be parsed; the crawl goes on."""
    db["errors"].insert({"crawl_run": run_id, "url": url, "document": doc_id, "reason": reason, "at": now()})
