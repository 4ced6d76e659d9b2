"""The SQLite schema, created and migrated with sqlite-utils.

Tables (every one is described for readers in ``datasette-metadata.json``):

- ``portals``: the registry of disclosure portals (name, region, level, CMS, list page).
- ``crawl_runs``: one row per crawl, with its counts.
- ``documents``: every fetched file (url, sha256, media type, size, where the raw bytes are kept),
  one row per version: a changed file at the same URL is a new row, the old one is kept.
- ``reports``: one parsed annual report per document version, with its level and the
  comparable ``series.*`` figures copied into columns.
- ``facts``: one row per value, with the raw cell text and its table/row/column.
- ``fact_keys``: what each fact key means, its printed label and unit.
- ``sections``, ``checks``: the report's sections and the checks it raised.
- ``sections_search``: FTS5 index of section texts as CJK bigrams (see ``storage/search.py``).
- ``errors``: documents that could not be parsed, and why.

Views, one row per report: ``table_3_requests`` (表三), ``table_4_review_litigation``
(表四), ``table_2_active`` (表二) and ``series`` (the comparable figures across
years and formats, one row per body and year).

Migrations are numbered functions applied in order; the applied ones are
recorded in ``_migrations`` so running them again changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

from . import keys
from .levels import level_of
from .search import bigrams
from .tx import transaction


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


def _m002_versions_portals_search_views(db: sqlite_utils.Database) -> None:
    """Portals, document versions, levels, series columns, fact keys, bigram search, wide views."""
    db["portals"].create(
        {"id": str, "name": str, "agency": str, "region": str, "level": str, "cms": str, "list_url": str,
         "updated_at": str},
        pk="id",
    )  # fmt: skip
    db["portals"].create_index(["level"])
    db["fact_keys"].create(
        {"key": str, "table_name": str, "label": str, "description": str, "unit": str}, pk="key"
    )
    db["fact_keys"].insert_all(keys.catalogue(), pk="key")
    db.execute("insert or ignore into fact_keys (key) select distinct key from facts where key is not null")

    # documents: versions per URL, and the hints the crawler had, so a reparse gives the same result
    db.execute("alter table documents add column version integer")
    db.execute("alter table documents add column superseded_by text references documents(id)")
    for column in ("published_hint", "encoding", "agency_hint"):
        db.execute(f"alter table documents add column {column} text")
    db.execute("""
        update documents set version = (
            select count(*) from documents d2 where d2.url = documents.url
            and (d2.fetched_at < documents.fetched_at or (d2.fetched_at = documents.fetched_at and d2.rowid <= documents.rowid))
        )""")
    db.execute("""
        update documents set superseded_by = (
            select d2.id from documents d2 where d2.url = documents.url and d2.version = documents.version + 1
        )""")

    # reports: level, current version, portal, and the series figures as columns
    db.execute("alter table reports add column level text")
    db.execute("alter table reports add column is_current integer not null default 1")
    db.execute("alter table reports add column portal text references portals(id)")
    for key, (column, *_rest) in keys.SERIES.items():
        db.execute(f"alter table reports add column {column} numeric")
        db.execute(
            f"update reports set {column} = (select value from facts where report = reports.id and key = ?)",
            [key],
        )
    db.execute(
        "update reports set is_current = 0 where document in"
        " (select id from documents where superseded_by is not null)"
    )
    for rid, agency, region in db.execute("select id, agency, region from reports").fetchall():
        db.execute("update reports set level = ? where id = ?", [level_of(agency, region), rid])
    db.execute("alter table reports add column in_series integer not null default 0")
    db.execute(f"""
        update reports set in_series = 1 where id in (
            select id from (
                select id, row_number() over (partition by agency, report_year order by {SERIES_CHOICE}) as n
                from reports where is_current = 1
            ) where n = 1
        )""")

    # facts: rebuilt so that key references fact_keys (Datasette then shows each key's label)
    db.execute("""
        create table facts_new (
            id integer primary key, report text not null references reports(id),
            key text not null references fact_keys(key), value numeric, mark text, raw text,
            table_index integer, row_index integer, col_index integer,
            label text, unit text, column_label text
        )""")
    db.execute("insert into facts_new select id, report, key, value, mark, raw, table_index, row_index,"
               " col_index, label, unit, column_label from facts")  # fmt: skip
    db.execute("drop table facts")
    db.execute("alter table facts_new rename to facts")
    # one index: (report, key, value) answers one report's facts and every pivot without reading the
    # table. No index on key alone: with one transaction per report it would cost a write in ~200
    # places of the index per report (3x slower ingest, BENCHMARKS.md), and the questions asked
    # across reports read the series columns of reports instead.
    db.execute("create index idx_facts_report_key_value on facts (report, key, value)")

    # full-text search over sections, as bigrams (storage/search.py)
    db.execute("create virtual table sections_search using fts5(tokens, content='', tokenize='unicode61')")
    db.conn.executemany(
        "insert into sections_search (rowid, tokens) values (?, ?)",
        ((sid, bigrams(text)) for sid, text in db.execute("select id, text from sections").fetchall()),
    )

    # (no index on is_current or in_series: two values each, an index there only misleads the planner)
    for columns in (["report_year", "level"], ["level"], ["region"], ["format"], ["requests_received"],
                    ["portal"], ["document"]):  # fmt: skip
        db["reports"].create_index(columns)
    db["documents"].create_index(["url", "version"])
    db["documents"].create_index(["crawl_run"])
    db["errors"].create_index(["crawl_run"])
    db["errors"].create_index(["document"])
    db["checks"].create_index(["severity"])
    replace_views(db)


# Which report stands for a body in a year in the ``series`` view, best first: the current version
# of its document (``is_current``), and where the same report was fetched twice (an HTML page and
# its .docx) the one giving most of the figures, then the one fetched last.
SERIES_CHOICE = """(requests_received is not null) + (requests_granted is not null) + (reviews is not null)
    + (lawsuits is not null) + (active_published is not null) desc, fetched_at desc, id"""


# both lookups go through the (agency, report_year) index: a few rows, whatever the table's size
CHOOSE_SERIES_SQL = f"""update reports set in_series = coalesce(id = (
        select id from reports where agency is :agency and report_year is :year and +is_current = 1
        order by {SERIES_CHOICE} limit 1), 0)
    where agency is :agency and report_year is :year"""


def choose_series(db: sqlite_utils.Database, agency: str | None, year: int | None) -> None:
    """Mark the one report of ``agency`` for ``year`` that the ``series`` view shows (``in_series``).

    ``choose_series(db, "梁园区前进街道办事处", 2020)``; ``storage.store`` calls it after each write.
    """
    db.execute(CHOOSE_SERIES_SQL, {"agency": agency, "year": year})


def view_sql() -> dict[str, str]:
    """The wide views' SQL by name: ``{"table_3_requests": "select r.id as report, …", …}``.

    Each column of a wide view is one lookup in the (report, key, value)
    index: ``(select value from facts where report = r.id and key = '…')``.
    This is the ``max(case when key = … then value end) … group by report``
    pivot written so that SQLite can flatten the view: a filter on any report
    column (report, agency, level …) narrows the reports first, a page of 101
    rows costs 101 × columns index lookups, a count reads no facts at all,
    and a filter on one value column computes only that column for every
    report. (The group-by form had to pivot every report for any of these:
    1.8 s on 5,000 reports against 5 ms, see BENCHMARKS.md.) Only reports in
    the 2019 and 2021 templates carry 表二, 表三 and 表四.
    """
    head = "r.id as report, r.agency, r.region, r.level, r.report_year, r.format, r.is_current"

    def pivot(columns: list[tuple[str, str]]) -> str:
        lookups = ",\n".join(
            f"  (select value from facts where report = r.id and key = '{key}') as {name}"
            for key, name in columns
        )
        return f"select {head},\n{lookups}\nfrom reports r\nwhere r.format in ('2019', '2021')"

    series_columns = ", ".join(column for column, *_ in keys.SERIES.values())
    return {
        "table_3_requests": pivot(keys.apply_keys()),
        "table_4_review_litigation": pivot(keys.review_keys()),
        "table_2_active": pivot(keys.active_keys()),
        # one row per body and year (reports.in_series, kept by choose_series)
        "series": f"select r.id as report, r.agency, r.region, r.level, r.report_year, r.format, {series_columns},"
        " r.url from reports r where r.in_series = 1",
    }


def replace_views(db: sqlite_utils.Database) -> None:
    """Drop and create the wide views (run by a migration whenever their SQL changes).

    ``replace_views(db)`` leaves ``db.view_names()`` = table_3_requests, table_4_review_litigation,
    table_2_active, series.
    """
    for name, sql in view_sql().items():
        db.execute(f"drop view if exists {name}")
        db.execute(f"create view {name} as {sql}")


def _m003_portal_counts_monitors(db: sqlite_utils.Database) -> None:
    """Per-portal counts of each crawl, and the monitors' results at its close."""
    db["crawl_portal_counts"].create(
        {
            "id": int, "crawl_run": int, "portal": str, "list_url": str, "pages": int, "documents": int,
            "new_reports": int, "revised_reports": int, "unchanged_reports": int, "errors": int, "status": str,
        },
        pk="id",
        foreign_keys=[("crawl_run", "crawl_runs", "id")],
    )  # fmt: skip
    db["crawl_portal_counts"].create_index(["portal", "crawl_run"])
    db["monitor_results"].create(
        {"id": int, "crawl_run": int, "at": str, "monitor": str, "test": str, "status": str, "message": str},
        pk="id",
        foreign_keys=[("crawl_run", "crawl_runs", "id")],
    )
    db["monitor_results"].create_index(["crawl_run"])


MIGRATIONS: list[tuple[str, Callable[[sqlite_utils.Database], None]]] = [
    ("001_initial", _m001_initial),
    ("002_versions_portals_search_views", _m002_versions_portals_search_views),
    ("003_portal_counts_monitors", _m003_portal_counts_monitors),
]
SCHEMA_VERSION = len(MIGRATIONS)  # the schema a database has once every migration is applied


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply the migrations not yet applied; returns their names.

    >>> db = sqlite_utils.Database(memory=True)
    >>> migrate(db), migrate(db)
    (['001_initial', '002_versions_portals_search_views', '003_portal_counts_monitors'], [])
    """
    db.execute("PRAGMA foreign_keys = ON")
    applied = {row["name"] for row in db["_migrations"].rows} if db["_migrations"].exists() else set()
    done = []
    for name, step in MIGRATIONS:
        if name in applied:
            continue
        with transaction(db):
            step(db)
            db["_migrations"].insert({"name": name}, pk="name")
        done.append(name)
    return done
