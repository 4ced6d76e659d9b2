"""Item pipelines: parse each fetched document and store it in SQLite.

``SQLitePipeline`` hands each document to ``storage.ingest`` — parse with
``parsers.parse_bytes`` (the function behind ``python -m parsers``), keep the
raw file, upsert the parsed report — in a worker process, and records the
crawl in ``crawl_runs``.  ``ParsePipeline`` parses without storing, for
crawls with storage off.  A document that cannot be parsed is recorded in
``errors`` and the crawl goes on.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections import Counter
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.spiders import Spider

import storage

from .items import DocumentItem
from .worker import StorageWorker

log = logging.getLogger(__name__)


class ParsePipeline:
    """Parse a DocumentItem's bytes into the contract's report object (``item.report``).

    Only for crawls that do not store (an empty ``REPORTS_DB``, e.g. to export parsed
    items with ``-o items.jsonl``): ``SQLitePipeline`` parses what it stores, in its
    worker process.
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ParsePipeline:
        """Build the pipeline: ``ITEM_PIPELINES = {"crawler.pipelines.ParsePipeline": 300}``.

        NotConfigured when ``REPORTS_DB`` is set: the storage step parses then.
        """
        if crawler.settings.get("REPORTS_DB"):
            raise NotConfigured  # no message: Scrapy would warn of it in every crawl that stores
        return cls()

    async def process_item(self, item: DocumentItem) -> DocumentItem:
        """Parse in a worker thread, so that the crawl keeps downloading meanwhile (a .doc takes LibreOffice
        a second); the GIL-bound part still runs one at a time."""
        if item.error or item.report is not None:  # nothing was downloaded, or parsed already
            return item
        item.report, item.error = await asyncio.to_thread(storage.parse_fetched, _document(item))
        return item


class SQLitePipeline:
    """Parse and store documents into the SQLite file named by the ``REPORTS_DB`` setting.

    Each document is handed to ``storage.ingest`` — in a worker process
    (``crawler/worker.py``) unless ``STORAGE_PROCESS`` is off.  Besides the
    reports it keeps, per run, each portal's counts (pages, documents, new,
    revised and unchanged reports, errors) in ``crawl_portal_counts``: a portal
    that yielded documents in earlier runs and none now is recorded as an error
    of this run ("broke"), one that never did as "no report yet".
    """

    def __init__(self, db_path: str, raw_dir: str, crawler: Crawler, use_worker: bool = True, queue: int = 32,
                 niceness: int = 0):  # fmt: skip
        self.db_path = db_path
        self.raw_dir = raw_dir
        self.crawler = crawler
        self.use_worker = use_worker
        self.niceness = niceness
        self.db = None
        self.worker: StorageWorker | None = None
        self.run_id: int | None = None
        self.counts: dict[str, Counter] = {}
        self.list_urls: dict[str, str] = {}
        self.regions: dict[str, str] = {}
        self._room = asyncio.Semaphore(queue)  # documents the worker may hold before the crawl waits
        self._waiting: set[asyncio.Future] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SQLitePipeline:
        """Read ``REPORTS_DB`` (``-s REPORTS_DB=data/reports.db``), ``RAW_DIR`` and the ``STORAGE_*`` settings;
        NotConfigured when ``REPORTS_DB`` is empty."""
        db_path = crawler.settings.get("REPORTS_DB")
        if not db_path:
            raise NotConfigured("REPORTS_DB is empty: reports are not stored")
        raw_dir = crawler.settings.get("RAW_DIR") or str(Path(db_path).parent / "raw")
        settings = crawler.settings
        pipeline = cls(db_path, raw_dir, crawler, settings.getbool("STORAGE_PROCESS", True),
                       settings.getint("STORAGE_QUEUE", 32), settings.getint("STORAGE_NICENESS", 0))  # fmt: skip
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(pipeline.response_received, signal=signals.response_received)
        return pipeline

    def open_spider(self) -> None:
        """Open the database, start a ``crawl_runs`` row, register the crawl's portals, start the worker."""
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
            if p.get("id") and p.get("region"):
                self.regions[p["id"]] = p["region"]
        stats.set_value("portals/crawled", sorted(self.counts))
        if self.use_worker:
            self.worker = StorageWorker(self.db_path, self.raw_dir, self.run_id, self.niceness)
            self.worker.start()

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

    async def process_item(self, item: DocumentItem) -> DocumentItem:
        """Parse and keep the document, store its report (or its error), count it for its portal.

        With the worker, the item goes on as soon as the worker has the document
        (at most ``STORAGE_QUEUE`` documents wait there; then the crawl waits for
        room): its outcome is counted when the worker answers, and :meth:`flush`
        waits for all of them.  A storage failure then sets ``item.error`` after
        the item has left the pipelines.
        """
        doc = _document(item, region_hint=self.regions.get(item.portal or ""))
        if self.worker is not None:
            await self._room.acquire()
            answer = await self.worker.submit(doc)
            self._waiting.add(answer)
            answer.add_done_callback(functools.partial(self._answered, item))
            return item
        doc = await asyncio.to_thread(storage.parsed, doc)  # parsed off the reactor's thread
        self._count(item, storage.ingest(self.db, doc, self.raw_dir, self.run_id))
        return item

    def _answered(self, item: DocumentItem, answer: asyncio.Future) -> None:
        """The worker's answer for ``item``: count it; a dead worker or a failed write is recorded as an error."""
        self._waiting.discard(answer)
        self._room.release()
        try:
            outcome = answer.result()
        except Exception as exc:  # WorkerDied, or the write failed in the worker: recorded, the crawl goes on
            log.error("could not store %s: %s", item.url, exc)
            try:
                outcome = storage.not_fetched(self.db, self.run_id, item.url, str(exc))
            except Exception as again:  # the database itself fails: the log has it
                log.error("could not record the error of %s: %s", item.url, again)
                outcome = storage.failed(str(exc))
        self._count(item, outcome)

    async def flush(self) -> None:
        """Wait until every document handed to the worker is stored and counted (``await pipeline.flush()``)."""
        while self._waiting:
            await asyncio.wait(list(self._waiting))
            await asyncio.sleep(0)  # the answers' callbacks run

    def _count(self, item: DocumentItem, outcome: dict) -> None:
        stats = self.crawler.stats
        key = _item_key(item, self.crawler.spider)
        counts = self.counts.setdefault(key, Counter())
        if outcome["document"]:
            counts["documents"] += 1
            stats.inc_value(f"portal/{key}/documents")
        if outcome["status"] is None:
            item.error = outcome["error"]
            stats.inc_value("reports/errors")
            counts["errors"] += 1
            return
        stats.inc_value("reports/parsed")
        for field in outcome["fields"]:
            stats.inc_value(f"reports/field/{field}")
        stats.inc_value(f"reports/{outcome['status']}")
        if outcome["status"] == "unchanged":
            counts["unchanged_reports"] += 1
        elif outcome["revised"]:
            counts["revised_reports"] += 1
            stats.inc_value("reports/revised")
        else:
            counts["new_reports"] += 1

    async def close_spider(self) -> None:
        """Wait for the worker's last answers, stop it and record per-portal counts; "broke" portals become
        errors of the run and ``portals/broke`` in the stats (the monitors run after this, on the
        spider_closed signal)."""
        if self.worker is not None:
            self.worker.end_input()  # the last group is stored now, not after its linger
        await self.flush()
        if self.worker is not None:
            self.worker.close()
            self.worker = None
        if self.db is None or self.run_id is None:
            return
        counts = {k: {**c, "list_url": self.list_urls.get(k)} for k, c in self.counts.items()}
        broke = []
        for row in storage.record_portal_counts(self.db, self.run_id, counts):
            if row["status"] == "broke":
                broke.append(row["portal"])
                storage.record_error(self.db, self.run_id, row["list_url"] or row["portal"],
                                     f"portal {row['portal']} yielded no document this run; earlier runs found some")  # fmt: skip
        self.crawler.stats.set_value("portals/broke", broke)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Close the run's row with its finish reason (known only now) and the database."""
        if self.db is None or self.run_id is None:
            return
        pages = self.crawler.stats.get_value("response_received_count", 0)
        storage.finish_run(self.db, self.run_id, reason, pages)
        self.db.close()
        self.db = None


def _document(item: DocumentItem, region_hint: str | None = None) -> dict:
    """The fetched document ``storage.ingest`` takes, from an item (and its portal's region)."""
    return {
        "url": item.url, "body": item.body, "encoding": item.encoding, "published_hint": item.published_hint,
        "agency_hint": item.agency_hint, "region_hint": region_hint, "fetched_at": item.fetched_at,
        "portal": item.portal, "report": item.report, "error": item.error,
    }  # fmt: skip


def _portal_key(portal: dict) -> str:
    """A portal's id in the registry, or its list URL for an ad hoc crawl."""
    return str(portal.get("id") or portal.get("list_url"))


def _item_key(item: DocumentItem, spider: Spider) -> str:
    if item.portal:
        return str(item.portal)
    portals = getattr(spider, "portals", [])
    return _portal_key(portals[0]) if len(portals) == 1 else (item.list_url or item.url)
