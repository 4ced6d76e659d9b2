"""Item pipelines: parse each fetched document, then store it in SQLite.

``ParsePipeline`` calls ``parsers.parse_bytes`` (the function behind
``python -m parsers``); ``SQLitePipeline`` keeps the raw file, upserts the
parsed report and records the crawl in ``crawl_runs``.  A document that
cannot be parsed is recorded in ``errors`` and the crawl goes on.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.spiders import Spider

import storage
from parsers import ParseError, parse_bytes

from .items import DocumentItem

log = logging.getLogger(__name__)


class ParsePipeline:
    """Parse a DocumentItem's bytes into the contract's report object (``item.report``)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ParsePipeline:
        """Build the pipeline: ``ITEM_PIPELINES = {"crawler.pipelines.ParsePipeline": 300}``."""
        return cls()

    async def process_item(self, item: DocumentItem) -> DocumentItem:
        """Parse in a worker thread, so that the crawl keeps downloading meanwhile (a .doc takes LibreOffice
        a second); the GIL-bound part still runs one at a time."""
        if item.error:  # nothing was downloaded: the reason is already set
            return item
        name = Path(urlparse(item.url).path).name
        try:
            item.report = await asyncio.to_thread(
                parse_bytes,
                item.body,
                name=name,
                url=item.url,
                published=item.published_hint,
                declared_encoding=item.encoding,
            )
        except ParseError as exc:
            item.error = str(exc)
            log.warning("cannot parse %s: %s", item.url, exc)
        except Exception as exc:  # a parser bug must not stop the crawl; it is recorded
            item.error = f"parser failure: {exc.__class__.__name__}: {exc}"
            log.exception("parser failure on %s", item.url)
        return item


class SQLitePipeline:
    """Store documents and reports into the SQLite file named by the ``REPORTS_DB`` setting.

    Besides the reports it keeps, per run, each portal's counts (pages,
    documents, new, revised and unchanged reports, errors) in
    ``crawl_portal_counts``: a portal that yielded documents in earlier runs
    and none now is recorded as an error of this run ("broke"), one that never
    did as "no report yet".
    """

    def __init__(self, db_path: str, raw_dir: str, crawler: Crawler):
        self.db_path = db_path
        self.raw_dir = raw_dir
        self.crawler = crawler
        self.db = None
        self.run_id: int | None = None
        self.counts: dict[str, Counter] = {}
        self.list_urls: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SQLitePipeline:
        """Read ``REPORTS_DB`` (``-s REPORTS_DB=data/reports.db``) and ``RAW_DIR``; NotConfigured when empty."""
        db_path = crawler.settings.get("REPORTS_DB")
        if not db_path:
            raise NotConfigured("REPORTS_DB is empty: reports are not stored")
        raw_dir = crawler.settings.get("RAW_DIR") or str(Path(db_path).parent / "raw")
        pipeline = cls(db_path, raw_dir, crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(pipeline.response_received, signal=signals.response_received)
        return pipeline

    def open_spider(self) -> None:
        """Open the database, start a ``crawl_runs`` row and register the crawl's portals."""
        self.db = storage.open_db(self.db_path)
        spider = self.crawler.spider
        start_url = getattr(spider, "start_url", None)
        self.run_id = storage.start_run(self.db, spider.name, start_url)
        stats = self.crawler.stats
        stats.set_value("crawl_run/id", self.run_id)
        previous = storage.previous_documents(self.db, start_url, self.run_id)
        if previous is not None:
            stats.set_value("monitor/previous_documents", previous)
        portals = getattr(spider, "portals", [])
        registered = [p for p in portals if p.get("id")]
        if registered:
            storage.upsert_portals(self.db, registered)
        for p in portals:
            key = _portal_key(p)
            self.list_urls[key] = p.get("list_url")
            self.counts.setdefault(key, Counter())
        stats.set_value("portals/crawled", sorted(self.counts))

    def response_received(self, response, request, spider: Spider) -> None:
        """Count the page for its portal (list pages carry the portal, report pages its id in their hints)."""
        kwargs = request.cb_kwargs if request is not None else {}
        portal = kwargs.get("portal")
        if isinstance(portal, dict):
            key = _portal_key(portal)
        else:
            portals = getattr(spider, "portals", [])
            key = (kwargs.get("hints") or {}).get("portal") or (
                _portal_key(portals[0]) if len(portals) == 1 else None
            )
        if key:
            self.counts.setdefault(str(key), Counter())["pages"] += 1

    def process_item(self, item: DocumentItem) -> DocumentItem:
        """Keep the document, then store its report (or its error), counting it for its portal."""
        stats = self.crawler.stats
        key = _item_key(item, self.crawler.spider)
        counts = self.counts.setdefault(key, Counter())
        if not item.body:  # could not be downloaded: no document to keep
            storage.record_error(self.db, self.run_id, item.url, item.error or "empty download")
            stats.inc_value("reports/errors")
            counts["errors"] += 1
            return item
        counts["documents"] += 1
        stats.inc_value(f"portal/{key}/documents")
        media_type = (item.report or {}).get("source", {}).get("media_type") or "application/octet-stream"
        doc_id, new_document = storage.store_document(
            self.db, item.url, item.body, media_type, self.raw_dir, self.run_id,
            published_hint=item.published_hint, encoding=item.encoding, agency_hint=item.agency_hint,
        )  # fmt: skip
        if item.error:
            storage.record_error(self.db, self.run_id, item.url, item.error, doc_id)
            stats.inc_value("reports/errors")
            counts["errors"] += 1
            return item
        report = dict(item.report)
        if not report.get("agency") and item.agency_hint:
            report["agency"] = item.agency_hint
        if not report.get("region") and item.portal:  # the portal's region when the title names none
            portal = next(
                (p for p in getattr(self.crawler.spider, "portals", []) if p.get("id") == item.portal), {}
            )
            report["region"] = portal.get("region")
        stats.inc_value("reports/parsed")
        for field in ("agency", "report_year", "format", "published"):
            if report.get(field):
                stats.inc_value(f"reports/field/{field}")
        status = storage.store_report(self.db, doc_id, report, fetched_at=item.fetched_at, portal=item.portal)
        storage.count_run(self.db, self.run_id, status, len(report["facts"]) + len(report["legacy"]),
                          len(report["checks"]))  # fmt: skip
        stats.inc_value(f"reports/{status}")
        if status == "unchanged":
            counts["unchanged_reports"] += 1
        elif (
            new_document
            and self.db.execute("select version from documents where id = ?", [doc_id]).fetchone()[0] > 1
        ):
            counts["revised_reports"] += 1
            stats.inc_value("reports/revised")
        else:
            counts["new_reports"] += 1
        return item

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Record per-portal counts ("broke" portals become errors) and close the run's row."""
        if self.db is None or self.run_id is None:
            return
        counts = {k: {**c, "list_url": self.list_urls.get(k)} for k, c in self.counts.items()}
        for row in storage.record_portal_counts(self.db, self.run_id, counts):
            if row["status"] == "broke":
                storage.record_error(self.db, self.run_id, row["list_url"] or row["portal"],
                                     f"portal {row['portal']} yielded no document this run; earlier runs found some")  # fmt: skip
        pages = self.crawler.stats.get_value("response_received_count", 0)
        storage.finish_run(self.db, self.run_id, reason, pages)
        self.db.close()
        self.db = None


def _portal_key(portal: dict) -> str:
    """A portal's id in the registry, or its list URL for an ad hoc crawl."""
    return str(portal.get("id") or portal.get("list_url"))


def _item_key(item: DocumentItem, spider: Spider) -> str:
    if item.portal:
        return str(item.portal)
    portals = getattr(spider, "portals", [])
    return _portal_key(portals[0]) if len(portals) == 1 else (item.list_url or item.url)
