"""What each crawl found per portal, and telling "no report yet" from "this portal broke".

A portal that yields no document in a run is fine when it never yielded any
(its first report may not be out yet); when earlier runs found documents
there, the run records it as an error: the portal's pages have likely moved
or changed shape.
"""

from __future__ import annotations

import sqlite_utils

from .tx import transaction

COUNTS = ("pages", "documents", "new_reports", "revised_reports", "unchanged_reports", "errors")


def portal_status(db: sqlite_utils.Database, portal: str, documents: int, run_id: int | None = None) -> str:
    """``ok``, ``no report yet`` (never yielded) or ``broke`` (yielded before, nothing now).

    ``portal_status(db, "sd-qufu-lucheng", documents=0)``
    """
    if documents:
        return "ok"
    before = db.execute(
        "select max(documents) from crawl_portal_counts where portal = ? and crawl_run is not ?",
        [portal, run_id],
    ).fetchone()[0]
    return "broke" if before else "no report yet"


def record_portal_counts(db: sqlite_utils.Database, run_id: int, counts: dict[str, dict]) -> list[dict]:
    """Store one row per portal crawled in run ``run_id``; returns the rows, each with its status.

    ``record_portal_counts(db, 4, {"ha-liangyuan": {"list_url": "http://…/index.html", "pages": 3,
    "documents": 2}})``: ``counts`` maps a portal id (or list URL) to its counts (missing ones are 0).
    """
    rows = []
    for portal, c in sorted(counts.items()):
        row = {"crawl_run": run_id, "portal": portal, "list_url": c.get("list_url"),
               **{k: int(c.get(k, 0)) for k in COUNTS}}  # fmt: skip
        row["status"] = portal_status(db, portal, row["documents"], run_id)
        rows.append(row)
    with transaction(db):
        db["crawl_portal_counts"].insert_all(rows)
    return rows


def previous_documents(db: sqlite_utils.Database, start_url: str | None, before_run: int) -> int | None:
    """Documents downloaded by the previous finished crawl of the same start URL (or of the registry).

    ``previous_documents(db, "http://www.liangyuan.gov.cn/xxgk/xxgknb/index.html", before_run=4)`` → ``5``;
    None when no finished crawl of it came before.
    """
    row = db.execute(
        "select (select coalesce(sum(documents), 0) from crawl_portal_counts p where p.crawl_run = c.id)"
        " from crawl_runs c where c.start_url is ? and c.id < ? and c.finished is not null order by c.id desc limit 1",
        [start_url, before_run],
    ).fetchone()
    return row[0] if row else None
