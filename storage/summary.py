"""What a crawl did, in words a person reads at the end of ``make demo``."""

from __future__ import annotations

import sqlite_utils


def run_summary(db: sqlite_utils.Database, run_id: int | None = None) -> str:
    """A few lines on one crawl run (the latest by default), the database as a whole, and the run's reports.

    ``print(run_summary(open_db("data/reports.db")))`` prints e.g. ``crawl run 2: finished, 9 pages
    fetched, 0 new documents, 0 reports stored, 5 unchanged, 0 errors``, the totals, and one line per
    report of a document this run downloaded first (``documents.crawl_run``): a crawl of the whole
    registry lists what it found, not every report the database holds.
    """
    if run_id is None:
        row = db.execute("select max(id) from crawl_runs").fetchone()
        run_id = row[0] if row else None
    if run_id is None:
        return "no crawl has run yet"
    run = db["crawl_runs"].get(run_id)
    totals = {t: db[t].count for t in ("reports", "facts", "checks", "errors")}
    by_code = db.execute(
        "select code, severity, count(*) from checks group by code, severity order by count(*) desc"
    ).fetchall()
    lines = [
        f"crawl run {run_id}: {run['finish_reason']}, {run['pages'] or 0} pages fetched, "
        f"{run['documents'] or 0} new documents, {run['reports_new'] or 0} reports stored, "
        f"{run['reports_unchanged'] or 0} unchanged, {run['errors'] or 0} errors",
        f"database: {totals['reports']} reports, {totals['facts']} facts, {totals['checks']} checks raised, "
        f"{totals['errors']} documents that could not be parsed",
    ]
    lines += [f"  {count:4d} × {code} ({severity})" for code, severity, count in by_code]
    reports = db.execute(
        "select r.agency, r.report_year, r.format, r.fact_count from reports r join documents d on d.id = r.document"
        " where d.crawl_run = ? order by r.report_year, r.agency",
        [run_id],
    ).fetchall()
    for agency, year, fmt, facts in reports:
        lines.append(f"  report: {agency} {year} (format {fmt}, {facts} facts)")
    if not reports:
        lines.append(f"  no report from a document new in crawl run {run_id}")
    return "\n".join(lines)
