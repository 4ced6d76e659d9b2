"""Writing crawls, documents and parsed reports into SQLite.

A document is keyed by its URL and the SHA-256 of its bytes, so storing the
same content twice changes nothing, and a changed document at the same URL
becomes a new row (version n + 1) beside the old one, which is kept and
marked ``superseded_by`` the new one; only the current version's report
has ``is_current = 1``.  Each write of one report (its facts,
sections and checks) happens in one transaction: a failure leaves what was
stored before intact.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

import sqlite_utils

from .keys import SERIES, describe
from .levels import level_of
from .schema import choose_series, migrate
from .search import bigrams
from .tx import transaction

EXTENSIONS = {
    "text/html": ".html",
    "text/plain": ".txt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}


def now() -> str:
    """The current UTC time, ISO formatted to the second: ``"2026-11-25T06:32:00+00:00"``."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating and migrating) the reports database at ``path``: ``open_db("data/reports.db")``.

    The file is in WAL mode with ``synchronous=NORMAL`` (a crash may lose the
    last transactions, never corrupt the file), temporary data in memory and foreign keys
    enforced.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.enable_wal()
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA cache_size = -65536")  # 64 MiB
    db.execute("PRAGMA temp_store = MEMORY")  # savepoints' journals and sorts: no temporary files
    migrate(db)
    return db


def document_id(url: str, sha256: str) -> str:
    """Stable id of one version of a document: ``document_id("http://x/a.html", "ab…")``."""
    return hashlib.sha256(f"{url}\n{sha256}".encode()).hexdigest()[:16]


def start_run(db: sqlite_utils.Database, spider: str, start_url: str | None) -> int:
    """Record the start of a crawl; returns its ``crawl_runs.id``: ``start_run(db, "portal", "http://x/")``."""
    table = db["crawl_runs"]
    table.insert({"spider": spider, "start_url": start_url, "started": now()})
    return table.last_pk


def finish_run(db: sqlite_utils.Database, run_id: int, reason: str, pages: int) -> dict:
    """Close a crawl's row with its finish reason and counts; returns the row.

    ``finish_run(db, run_id, "finished", pages=12)``
    """
    counts = {
        "documents": db.execute("select count(*) from documents where crawl_run = ?", [run_id]).fetchone()[0],
        "errors": db.execute("select count(*) from errors where crawl_run = ?", [run_id]).fetchone()[0],
    }
    db["crawl_runs"].update(run_id, {"finished": now(), "finish_reason": reason, "pages": pages, **counts})
    return db["crawl_runs"].get(run_id)


def count_run(db: sqlite_utils.Database, run_id: int, status: str, facts: int, checks: int) -> None:
    """Add one stored report to its crawl's counts (``status`` is ``new`` or ``unchanged``).

    ``count_run(db, run_id, "new", facts=195, checks=3)``
    """
    column = "reports_new" if status == "new" else "reports_unchanged"
    db.execute(
        f"update crawl_runs set {column} = coalesce({column}, 0) + 1, facts = coalesce(facts, 0) + ?,"
        " checks = coalesce(checks, 0) + ? where id = ?",
        [facts, checks, run_id],
    )


class StoredDocument(NamedTuple):
    """What :func:`store_document` did: ``StoredDocument(id="3f2a…", new=True, version=2)``."""

    id: str  # documents.id
    new: bool  # True when these bytes were not stored before at this URL
    version: int  # documents.version: 1 for the first bytes seen at the URL, n + 1 for a revision


def store_document(
    db: sqlite_utils.Database,
    url: str,
    data: bytes,
    media_type: str,
    raw_dir: str | Path | None = None,
    run_id: int | None = None,
    published_hint: str | None = None,
    encoding: str | None = None,
    agency_hint: str | None = None,
) -> StoredDocument:
    """Keep a fetched file; returns its id, whether it was not stored before, and its version.

    ``store_document(db, "http://x/a.html", b"<html>…", "text/html", "data/raw", run_id=3)`` →
    ``StoredDocument(id="3f2a…", new=True, version=1)``.
    The raw bytes go to ``raw_dir/<sha[:2]>/<sha>.<ext>`` (``documents.path``);
    the hints the portal gave (``published_hint``, HTTP ``encoding``,
    ``agency_hint``) are kept so that ``reparse`` gives what the crawl gave.
    A document whose bytes changed at the same URL becomes version n + 1 and
    the older versions are kept, marked ``superseded_by`` the new one.
    """
    sha = hashlib.sha256(data).hexdigest()
    doc_id = document_id(url, sha)
    row = db.execute("select superseded_by, version from documents where id = ?", [doc_id]).fetchone()
    if row is not None:
        if row[0] is not None:  # the portal went back to an older version: that one is current again
            with transaction(db):
                _make_current(db, url, doc_id)
        return StoredDocument(doc_id, False, row[1])
    path = None
    if raw_dir is not None:
        target = Path(raw_dir) / sha[:2] / (sha + EXTENSIONS.get(media_type, ".bin"))
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():  # written aside and renamed: a killed crawl leaves no half file
            partial = target.with_name(target.name + ".part")
            partial.write_bytes(data)
            os.replace(partial, target)
        path = str(target)
    with transaction(db):
        version = db.execute(
            "select coalesce(max(version), 0) + 1 from documents where url = ?", [url]
        ).fetchone()[0]
        db.execute(
            "insert into documents (id, url, sha256, media_type, bytes, fetched_at, path, crawl_run, version,"
            " superseded_by, published_hint, encoding, agency_hint) values (?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?, ?, ?)",
            [doc_id, url, sha, media_type, len(data), now(), path, run_id, version, published_hint, encoding,
             agency_hint],
        )  # fmt: skip
        if version > 1:
            _make_current(db, url, doc_id)
    return StoredDocument(doc_id, True, version)


def _make_current(db: sqlite_utils.Database, url: str, doc_id: str) -> None:
    """Mark ``doc_id`` the current version at ``url``; the others superseded by it."""
    db.execute("update documents set superseded_by = null where id = ?", [doc_id])
    db.execute("update documents set superseded_by = ? where url = ? and id != ?", [doc_id, url, doc_id])
    db.execute("update reports set is_current = (document = ?) where document in"
               " (select id from documents where url = ?)", [doc_id, url])  # fmt: skip
    groups = db.execute("select distinct agency, report_year from reports where document in"
                        " (select id from documents where url = ?)", [url]).fetchall()  # fmt: skip
    for agency, year in groups:
        choose_series(db, agency, year)


def store_report(
    db: sqlite_utils.Database,
    doc_id: str,
    report: dict,
    fetched_at: str | None = None,
    force: bool = False,
    portal: str | None = None,
) -> str:
    """Upsert one parsed report (the contract's object) for a stored document.

    ``store_report(db, doc_id, parsers.parse_file("report.html"))``. Returns
    ``new`` when written, ``unchanged`` when this document was already stored
    with the same parser version (``force`` rewrites it all the same). The
    report, its facts, sections (and their search index) and checks are
    written in one transaction.
    """
    existing = db.execute(
        "select parser_version, agency, report_year from reports where id = ?", [doc_id]
    ).fetchone()
    if existing and existing[0] == report["parser_version"] and not force:
        return "unchanged"
    checks = report["checks"]
    facts = report["facts"]
    doc = db.execute("select superseded_by from documents where id = ?", [doc_id]).fetchone()
    row = {
        "id": doc_id, "document": doc_id, "url": report["source"].get("url"), "agency": report["agency"],
        "region": report["region"], "report_year": report["report_year"], "format": report["format"],
        "title": report["title"], "published": report["published"], "parser_version": report["parser_version"],
        "fetched_at": fetched_at or now(), "sha256": report["source"].get("sha256"),
        "fact_count": len(facts) + len(report["legacy"]),
        "error_count": sum(1 for c in checks if c["severity"] == "error"),
        "warning_count": sum(1 for c in checks if c["severity"] == "warning"),
        "level": level_of(report["agency"], report["region"]),
        "is_current": 0 if doc is not None and doc[0] is not None else 1,
        "portal": portal,
    }  # fmt: skip
    for key, (column, *_rest) in SERIES.items():
        value = facts.get(key)
        row[column] = value if isinstance(value, int | float) and not isinstance(value, bool) else None
    columns = list(row)
    fact_rows = list(_fact_rows(doc_id, report))
    with transaction(db):
        if existing:  # a report not stored yet has no children (they reference it)
            _delete_children(db, doc_id)
        db.execute(
            f"insert into reports ({', '.join(columns)}) values ({', '.join('?' for _ in columns)})"
            f" on conflict (id) do update set {', '.join(f'{c} = excluded.{c}' for c in columns[1:])}",
            list(row.values()),
        )
        _ensure_keys(db, {r[1] for r in fact_rows})
        db.conn.executemany(
            "insert into facts (report, key, value, mark, raw, table_index, row_index, col_index, label, unit,"
            " column_label) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            fact_rows,
        )  # fmt: skip
        if report["sections"]:
            first = db.execute("select coalesce(max(id), 0) + 1 from sections").fetchone()[0]
            sections = [(first + i, doc_id, s.get("number"), s.get("heading"), s.get("kind"), s.get("text"))
                        for i, s in enumerate(report["sections"])]  # fmt: skip
            db.conn.executemany(
                "insert into sections (id, report, number, heading, kind, text) values (?, ?, ?, ?, ?, ?)",
                sections,
            )
            db.conn.executemany(
                "insert into sections_search (rowid, tokens) values (?, ?)",
                [(s[0], bigrams(s[5])) for s in sections],
            )
        choose_series(db, report["agency"], report["report_year"])
        if existing and (existing[1], existing[2]) != (report["agency"], report["report_year"]):
            choose_series(db, existing[1], existing[2])  # the body or year read before lost this report
        db.conn.executemany(
            "insert into checks (report, code, severity, message, keys) values (?, ?, ?, ?, ?)",
            [(doc_id, c["code"], c["severity"], c["message"], json.dumps(c["keys"], ensure_ascii=False))
             for c in checks],
        )  # fmt: skip
    return "new"


def _delete_children(db: sqlite_utils.Database, doc_id: str) -> None:
    """Remove a report's facts, checks and sections (and their search tokens) before rewriting them."""
    old = db.execute("select id, text from sections where report = ?", [doc_id]).fetchall()
    if old:
        # a contentless FTS5 table forgets a row when told the tokens it indexed
        db.conn.executemany(
            "insert into sections_search (sections_search, rowid, tokens) values ('delete', ?, ?)",
            [(sid, bigrams(text)) for sid, text in old],
        )
    for table in ("facts", "sections", "checks"):
        db.execute(f"delete from {table} where report = ?", [doc_id])


def _ensure_keys(db: sqlite_utils.Database, fact_keys: set[str]) -> set[str]:
    """Add to ``fact_keys`` the keys not known there yet (facts.key references it); returns them.

    ``_ensure_keys(db, {"apply.new.total", "made.up.key"})`` → ``{"made.up.key"}`` the first time.
    The keys known are cached on the connection and the added ones join the
    cache at once: they are written in the caller's transaction, and
    ``storage.tx.transaction`` drops the whole cache if that rolls back.
    """
    known: set[str] | None = getattr(db, "_known_fact_keys", None)
    if known is None:
        known = {k for (k,) in db.execute("select key from fact_keys")}
        db._known_fact_keys = known  # type: ignore[attr-defined]
    missing = fact_keys - known
    if missing:
        db.conn.executemany(
            "insert or ignore into fact_keys (key, table_name, label, description, unit) values (?, ?, ?, ?, ?)",
            [
                tuple(describe(k)[c] for c in ("key", "table_name", "label", "description", "unit"))
                for k in missing
            ],
        )
        known |= missing
    return missing


def _fact_rows(doc_id: str, report: dict) -> Iterator[tuple]:
    provenance = report.get("provenance", {})
    for key, value in report["facts"].items():
        where = provenance.get(key) or {}
        yield (doc_id, key, *_value(value), where.get("raw"), where.get("table"), where.get("row"),
               where.get("col"), None, None, None)  # fmt: skip
    for row in report["legacy"]:
        where = row.get("where") or {}
        yield (doc_id, "legacy", *_value(row["value"]), where.get("raw"), where.get("table"), where.get("row"),
               where.get("col"), row["label"], row["unit"], row["column"])  # fmt: skip


def _value(value: object) -> tuple[object, str | None]:
    """(value, mark): ``"NA"`` is kept as mark ``NA`` with no value."""
    if value == "NA":
        return None, "NA"
    return value, None


def record_error(db: sqlite_utils.Database, run_id: int | None, url: str, reason: str,
                 doc_id: str | None = None) -> None:  # fmt: skip
    """Record a document that could not be parsed; the crawl goes on.

    ``record_error(db, 3, "http://x/b.pdf", "empty file", doc_id)``
    """
    db.execute(
        "insert into errors (crawl_run, url, document, reason, at) values (?, ?, ?, ?, ?)",
        [run_id, url, doc_id, reason, now()],
    )  # joins the caller's transaction, if one is open


def upsert_portals(db: sqlite_utils.Database, portals: Iterable[dict]) -> int:
    """Insert or update rows of the ``portals`` registry; returns how many were given.

    ``upsert_portals(db, [{"name": "商丘市梁园区人民政府", "region": "梁园区", "cms": "trs",
    "list_url": "http://www.liangyuan.gov.cn/xxgk/xxgknb/index.html"}])``. ``id`` defaults to a
    hash of ``list_url``, ``agency`` to ``name`` and ``level`` to :func:`storage.levels.level_of`
    of the agency; keys other than the table's columns are ignored.
    """
    rows = []
    for portal in portals:
        name = portal.get("name") or portal.get("agency")
        agency = portal.get("agency") or name
        list_url = portal.get("list_url") or portal.get("url")
        if not (portal.get("id") or list_url):
            raise ValueError(f"a portal needs an id or a list_url: {portal!r}")
        rows.append({
            "id": str(portal.get("id") or hashlib.sha256(list_url.encode()).hexdigest()[:12]),
            "name": name, "agency": agency, "region": portal.get("region"),
            "level": portal.get("level") or level_of(agency, portal.get("region")),
            "cms": portal.get("cms"), "list_url": list_url, "updated_at": now(),
        })  # fmt: skip
    with transaction(db):
        db["portals"].upsert_all(rows, pk="id")
    return len(rows)
