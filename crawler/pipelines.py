"""Item pipelines: parse each fetched document, then store it in SQLite.

``ParsePipeline`` calls ``parsers.parse_bytes`` (the function behind
``python -m parsers``); ``SQLitePipeline`` keeps the raw file, upserts the
parsed report and records the crawl in ``crawl_runs``.  A document that
cannot be parsed is recorded in ``errors`` and the crawl goes on.
"""

from __future__ import annotations

import logging
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
        return cls()

    def process_item(self, item: DocumentItem) -> DocumentItem:
        name = Path(urlparse(item.url).path).name
        try:
            item.report = parse_bytes(
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
    """Store documents and reports into the SQLite file named by the ``REPORTS_DB`` setting."""

    def __init__(self, db_path: str, raw_dir: str, crawler: Crawler):
        self.db_path = db_path
        self.raw_dir = raw_dir
        self.crawler = crawler
        self.db = None
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SQLitePipeline:
        db_path = crawler.settings.get("REPORTS_DB")
        if not db_path:
            raise NotConfigured("REPORTS_DB is empty: reports are not stored")
        raw_dir = crawler.settings.get("RAW_DIR") or str(Path(db_path).parent / "raw")
        pipeline = cls(db_path, raw_dir, crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        self.db = storage.open_db(self.db_path)
        spider = self.crawler.spider
        self.run_id = storage.start_run(self.db, spider.name, getattr(spider, "start_url", None))

    def process_item(self, item: DocumentItem) -> DocumentItem:
        media_type = (item.report or {}).get("source", {}).get("media_type") or "application/octet-stream"
        doc_id, _ = storage.store_document(
            self.db, item.url, item.body, media_type, self.raw_dir, self.run_id
        )
        if item.error:
            storage.record_error(self.db, self.run_id, item.url, item.error, doc_id)
            self.crawler.stats.inc_value("reports/errors")
            return item
        report = dict(item.report)
        if not report.get("agency") and item.agency_hint:
            report["agency"] = item.agency_hint
        status = storage.store_report(self.db, doc_id, report, fetched_at=item.fetched_at)
        storage.count_run(self.db, self.run_id, status, len(report["facts"]) + len(report["legacy"]),
                          len(report["checks"]))  # fmt: skip
        self.crawler.stats.inc_value(f"reports/{status}")
        return item

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.db is None or self.run_id is None:
            return
        pages = self.crawler.stats.get_value("response_received_count", 0)
        storage.finish_run(self.db, self.run_id, reason, pages)
        self.db.close()
        self.db = None
