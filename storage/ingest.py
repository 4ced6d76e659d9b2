"""One fetched document into the database: parse it (unless that is done) and store it.

This is the unit of work of a crawl's storage step.  ``crawler.pipelines.SQLitePipeline``
runs it in a worker process (``crawler/worker.py``), so that parsing and writing take
the machine's other core instead of holding up the downloads; it is a plain function of
a database and a dict, so it runs the same in the crawl's own process.

A fetched document is a dict (everything in it picklable)::

    {"url": "http://127.0.0.1:8002/xxgk/xxgknb/201801/t20180131_1538207.html",
     "body": b"<html>…", "encoding": "utf-8", "published_hint": "2018-01-31",
     "agency_hint": None, "region_hint": "梁园区", "fetched_at": "2026-11-25T08:00:00+00:00",
     "portal": "ha-liangyuan", "report": None, "error": None}

``report`` is the parsed report when an earlier step parsed it already, ``error`` the
reason it could not be fetched or parsed.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlparse

import sqlite_utils

from parsers import ParseError, parse_bytes

from .store import count_run, record_error, store_document, store_report
from .tx import savepoint, transaction

log = logging.getLogger(__name__)
FIELDS = ("agency", "report_year", "format", "published")


def parse_fetched(doc: dict) -> tuple[dict | None, str | None]:
    """Parse a fetched document's bytes; returns ``(report, None)`` or ``(None, reason)``.

    ``parse_fetched({"url": "http://x/a.txt", "body": b"...", "published_hint": "2021-01-20"})``.
    A parser bug on one document is a reason too (logged with its traceback), never the crawl's end.
    """
    try:
        report = parse_bytes(
            doc["body"],
            name=Path(urlparse(doc["url"]).path).name,
            url=doc["url"],
            published=doc.get("published_hint"),
            declared_encoding=doc.get("encoding"),
        )
    except ParseError as exc:
        log.warning("cannot parse %s: %s", doc["url"], exc)
        return None, str(exc)
    except Exception as exc:  # a parser bug must not stop the crawl; it is recorded
        log.exception("parser failure on %s", doc["url"])
        return None, f"parser failure: {exc.__class__.__name__}: {exc}"
    return report, None


def parsed(doc: dict) -> dict:
    """The fetched document with ``report`` (or ``error``) set: parsed unless that is done or nothing came.

    ``parsed({"url": "http://x/a.txt", "body": b"...", "report": None, "error": None})`` →
    ``{…, "report": {"format": "2021", …}, "error": None}``; a copy when it parses, else ``doc`` itself.
    """
    if not doc.get("body") or doc.get("report") is not None or doc.get("error") is not None:
        return doc
    report, error = parse_fetched(doc)
    return {**doc, "report": report, "error": error}


def with_hints(report: dict, doc: dict) -> dict:
    """The report with the portal's hints filling what the document itself does not say.

    ``with_hints({"agency": None, "region": None, …}, {"agency_hint": "梁园区人民政府", "region_hint": "梁园区"})``
    → ``{"agency": "梁园区人民政府", "region": "梁园区", …}``: the agency the registry (or ``-a agency=``)
    names, the region of the portal when the title names none. A copy; ``report`` is not changed.
    """
    report = dict(report)
    if not report.get("agency") and doc.get("agency_hint"):
        report["agency"] = doc["agency_hint"]
    if not report.get("region") and doc.get("region_hint"):
        report["region"] = doc["region_hint"]
    return report


def ingest(db: sqlite_utils.Database, doc: dict, raw_dir: str | None, run_id: int | None) -> dict:
    """Parse (when not parsed yet) and store one fetched document; returns what happened.

    ``ingest(db, {"url": "http://x/a.txt", "body": b"...", ...}, "data/raw", run_id=3)`` →
    ``{"document": True, "new_document": True, "status": "new", "revised": False, "error": None,
    "facts": 195, "checks": 3, "fields": ["agency", "report_year", "format"]}``.
    ``document`` is False when nothing was downloaded; ``status`` is ``new`` or
    ``unchanged`` for a stored report and None when the document is only recorded
    with its ``error``.
    """
    if not doc.get("body"):  # could not be downloaded: no document to keep
        return not_fetched(db, run_id, doc["url"], doc.get("error") or "empty download")
    doc = parsed(doc)
    outcome = _outcome(doc.get("error"))
    report = doc.get("report")
    media_type = (report or {}).get("source", {}).get("media_type") or "application/octet-stream"
    with transaction(db):  # the document, its report and the run's counts land together: one commit
        stored = store_document(
            db, doc["url"], doc["body"], media_type, raw_dir, run_id, published_hint=doc.get("published_hint"),
            encoding=doc.get("encoding"), agency_hint=doc.get("agency_hint"),
        )  # fmt: skip
        outcome.update(document=True, new_document=stored.new)
        if outcome["error"] is not None:
            record_error(db, run_id, doc["url"], outcome["error"], stored.id)
            return outcome
        report = with_hints(report, doc)
        status = store_report(
            db, stored.id, report, fetched_at=doc.get("fetched_at"), portal=doc.get("portal")
        )
        facts, checks = len(report["facts"]) + len(report["legacy"]), len(report["checks"])
        count_run(db, run_id, status, facts, checks)
        revised = status == "new" and stored.new and stored.version > 1
    outcome.update(status=status, revised=revised, facts=facts, checks=checks,
                   fields=[f for f in FIELDS if report.get(f)])  # fmt: skip
    return outcome


def ingest_many(db: sqlite_utils.Database, docs: list[dict], raw_dir: str | None,
                run_id: int | None) -> list[tuple[str, dict | Exception]]:  # fmt: skip
    """:func:`ingest` of several documents in one commit; returns ``("ok", outcome)`` or ``("error", exc)`` each.

    ``ingest_many(db, [{"url": "http://x/a.txt", "body": b"..."}, …], "data/raw", run_id=3)`` →
    ``[("ok", {"document": True, "status": "new", …}), …]``. Each document is a
    savepoint of the one transaction: one that fails is rolled back alone (its
    exception is its answer) and the others are stored. Committing once for a
    group is what lets a busy storage step catch up with the crawl: the commit,
    with the search index's flush, costs about as much as writing a report.
    """
    answers: list[tuple[str, dict | Exception]] = []
    with transaction(db):
        for doc in docs:
            try:
                with savepoint(db):
                    answers.append(("ok", ingest(db, doc, raw_dir, run_id)))
            except Exception as exc:  # this document's failure; the group goes on
                answers.append(("error", exc))
    return answers


def not_fetched(db: sqlite_utils.Database, run_id: int | None, url: str, reason: str) -> dict:
    """Record a document that never arrived (``reason``: ``"HTTP 404"``…); returns the outcome ``ingest`` gives."""
    record_error(db, run_id, url, reason)
    return failed(reason)


def failed(reason: str) -> dict:
    """What :func:`ingest` answers for a document it did not store: ``failed("HTTP 404")``."""
    return _outcome(reason)


def _outcome(error: str | None) -> dict:
    return {"document": False, "new_document": False, "status": None, "revised": False, "error": error,
            "facts": 0, "checks": 0, "fields": []}  # fmt: skip
