"""The SQLite schema, created and migrated with sqlite-utils.

Tables (every one is described for readers in ``datasette-metadata.json``):

- ``crawl_runs``: one row per crawl, with its counts.
- ``documents``: every fetched file (url, sha256, media type, size, where the raw bytes are kept).
- ``reports``: one parsed annual report per document version.
- ``facts``: one row per value, with the raw cell text and its table/row/column.
- ``sections``, ``checks``: the report's sections and the checks it raised.
- ``errors``: documents that could not be parsed, and why.

Migrations are numbered functions applied in order; the applied ones are
recorded in ``_migrations`` so running them again changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

SCHEMA_VERSION = 1


def _m001_initial(db: sqlite_utils.Database) -> None:
    db["crawl_runs"].create(
        {
            "id": int, "spider": str, "start_url": str, "started": str, "finished": str,
            "finish_reason": str, "pages": int, "documents": int, "reports_new": int,
            "reports_unchanged": int, "facts": int, "checks": int, "errors": int,
        },
        pk="id",
    )  # fmt: skip
    db["documents"].create(
        {
            "id": str, "url": str, "sha256": str, "media_type": str, "bytes": int,
            "fetched_at": str, "path": str, "crawl_run": int,
        },
        pk="id",
        foreign_keys=[("crawl_run", "crawl_runs", "id")],
    )  # fmt: skip
    db["reports"].create(
        {
            "id": str, "document": str, "url": str, "agency": str, "region": str, "report_year": int,
            "format": str, "title": str, "published": str, "parser_version": str, "fetched_at": str,
            "sha256": str, "fact_count": int, "error_count": int, "warning_count": int,
        },
        pk="id",
        foreign_keys=[("document", "documents", "id")],
    )  # fmt: skip
    # value is NUMERIC so that 12 stays an integer and 20.3 a decimal
    db.execute("""
        create table facts (
            id integer primary key, report text references reports(id), key text, value numeric, mark text,
            raw text, table_index integer, row_index integer, col_index integer,
            label text, unit text, column_label text
        )""")
    db["sections"].create(
        {"id": int, "report": str, "number": int, "heading": str, "kind": str, "text": str},
        pk="id",
        foreign_keys=[("report", "reports", "id")],
    )
    db["checks"].create(
        {"id": int, "report": str, "code": str, "severity": str, "message": str, "keys": str},
        pk="id",
        foreign_keys=[("report", "reports", "id")],
    )
    db["errors"].create(
        {"id": int, "crawl_run": int, "url": str, "document": str, "reason": str, "at": str},
        pk="id",
        foreign_keys=[("crawl_run", "crawl_runs", "id")],
    )
    db["documents"].create_index(["url"])
    db["reports"].create_index(["agency", "report_year"])
    db["reports"].create_index(["url"])
    db["facts"].create_index(["report", "key"])
    db["facts"].create_index(["key"])
    db["sections"].create_index(["report"])
    db["checks"].create_index(["report"])
    db["checks"].create_index(["code"])


MIGRATIONS: list[tuple[str, Callable[[sqlite_utils.Database], None]]] = [
    ("001_initial", _m001_initial),
]


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply the migrations not yet applied; returns their names.

    >>> db = sqlite_utils.Database(memory=True)
    >>> migrate(db), migrate(db)
    (['001_initial'], [])
    """
    db.execute("PRAGMA foreign_keys = ON")
    applied = {row["name"] for row in db["_migrations"].rows} if db["_migrations"].exists() else set()
    done = []
    for name, step in MIGRATIONS:
        if name in applied:
            continue
        with db.conn:
            step(db)
            db["_migrations"].insert({"name": name}, pk="name")
        done.append(name)
    return done
