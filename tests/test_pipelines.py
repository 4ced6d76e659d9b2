"""The item pipelines into a temporary SQLite file."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlite_utils
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

import storage
from crawler import worker
from crawler.items import DocumentItem
from crawler.pipelines import ParsePipeline, SQLitePipeline
from crawler.spiders.portal import PortalSpider

from .conftest import seed


@pytest.fixture
def loop():
    """One event loop for a test, as a crawl has (the worker's socket belongs to it)."""
    with asyncio.Runner() as runner:
        yield runner


def _stored(loop: asyncio.Runner, store: SQLitePipeline, item: DocumentItem) -> DocumentItem:
    """Run the (asynchronous) storage step on one item, until the item is stored and counted."""
    item = loop.run(store.process_item(item))
    loop.run(store.flush())
    return item


def _pipelines(db_path, use_worker: bool = True, **settings):
    """The storage pipeline, opened; ``use_worker`` False parses and stores in the test's own process."""
    crawler = get_crawler(
        PortalSpider, {"REPORTS_DB": str(db_path), "STORAGE_PROCESS": use_worker, **settings}
    )
    crawler.spider = PortalSpider(start_url="http://127.0.0.1:9/list.html")
    store = SQLitePipeline.from_crawler(crawler)
    store.open_spider()
    return crawler, store


def test_parsed_report_is_stored_with_facts_sections_and_checks(tmp_path, loop):
    crawler, store = _pipelines(tmp_path / "r.db")
    body = seed("004").read_bytes()
    _stored(loop, store, DocumentItem(url="http://127.0.0.1:9/a.txt", body=body, published_hint="2021-01-20"))
    assert store.worker is not None  # parsed and stored in the worker process
    loop.run(store.close_spider())
    store.spider_closed(crawler.spider, "finished")
    db = sqlite_utils.Database(tmp_path / "r.db")
    report = next(db["reports"].rows)
    assert (report["agency"], report["report_year"], report["format"]) == (
        "梁园区前进街道办事处",
        2020,
        "2019",
    )
    assert report["published"] == "2021-01-20"  # the list page's date: the text prints none
    fact = next(db["facts"].rows_where("report = ? and key = ?", [report["id"], "apply.new.total"]))
    assert fact["value"] == 0 and fact["raw"] == "0" and fact["table_index"] is not None
    assert db["sections"].count == 6
    assert {r["code"] for r in db["checks"].rows} >= {"agency.mismatch", "cell.missing"}
    run = next(db["crawl_runs"].rows)
    assert run["finish_reason"] == "finished" and run["reports_new"] == 1 and run["documents"] == 1
    doc = next(db["documents"].rows)
    assert doc["sha256"] == report["sha256"] and (tmp_path / "raw").exists()


def test_same_document_twice_is_stored_once(tmp_path, loop):
    crawler, store = _pipelines(tmp_path / "r.db", use_worker=False)
    for _ in range(2):
        _stored(loop, store, DocumentItem(url="http://127.0.0.1:9/a.txt", body=seed("003").read_bytes()))
    db = store.db
    assert db["reports"].count == 1 and db["documents"].count == 1
    facts = db["facts"].count
    assert facts == db.execute("select fact_count from reports").fetchone()[0]


def test_changed_document_at_same_url_is_a_new_version(tmp_path, loop):
    crawler, store = _pipelines(tmp_path / "r.db")
    body = seed("004").read_bytes()
    _stored(loop, store, DocumentItem(url="http://127.0.0.1:9/a.txt", body=body))
    revised = _stored(loop, store, DocumentItem(url="http://127.0.0.1:9/a.txt", body=body + b"\n"))
    assert revised.error is None and crawler.stats.get_value("reports/revised") == 1
    assert store.db["reports"].count == 2 and store.db["documents"].count == 2


def test_unparseable_document_is_recorded_and_nothing_is_lost(tmp_path, loop):
    crawler, store = _pipelines(tmp_path / "r.db")
    _stored(loop, store, DocumentItem(url="http://127.0.0.1:9/a.txt", body=seed("004").read_bytes()))
    bad = _stored(loop, store, DocumentItem(url="http://127.0.0.1:9/b.pdf", body=b"%PDF-1.4 cut off here"))
    assert bad.error
    assert store.db["reports"].count == 1
    error = next(store.db["errors"].rows)
    assert error["url"].endswith("b.pdf") and error["reason"] == bad.error and error["document"]
    lost = _stored(loop, store, DocumentItem(url="http://127.0.0.1:9/c.pdf", body=b"", error="HTTP 404"))
    assert lost.error == "HTTP 404" and store.db["errors"].count == 2


def test_a_dead_worker_costs_one_document_and_the_next_worker_goes_on(tmp_path, loop):
    crawler, store = _pipelines(tmp_path / "r.db")
    os.kill(store.worker.pid, signal.SIGKILL)
    time.sleep(0.2)
    lost = _stored(loop, store, DocumentItem(url="http://127.0.0.1:9/a.txt", body=seed("004").read_bytes()))
    assert lost.error.startswith("storage worker ended while storing http://127.0.0.1:9/a.txt")
    _stored(loop, store, DocumentItem(url="http://127.0.0.1:9/b.txt", body=seed("003").read_bytes()))
    loop.run(store.close_spider())
    store.spider_closed(crawler.spider, "finished")
    db = sqlite_utils.Database(tmp_path / "r.db")
    assert [r["url"] for r in db["reports"].rows] == ["http://127.0.0.1:9/b.txt"]
    assert [r["url"] for r in db["errors"].rows] == ["http://127.0.0.1:9/a.txt"]


def test_the_crawl_goes_on_while_the_worker_stores_and_waits_only_for_room(tmp_path, loop, monkeypatch):
    """An item leaves the pipeline once the worker has its document; at most ``STORAGE_QUEUE`` documents
    wait in the worker; documents waiting together are stored as one group (one commit)."""
    groups = tmp_path / "groups.txt"
    ingest_many = storage.ingest_many

    def recorded(db, docs, raw_dir, run_id):
        with groups.open("a") as f:
            f.write(f"{len(docs)}\n")
        return ingest_many(db, docs, raw_dir, run_id)

    monkeypatch.setattr(storage, "ingest_many", recorded)  # before the worker is forked: it runs this
    crawler, store = _pipelines(tmp_path / "r.db", STORAGE_QUEUE=3)
    held, submit = [], store.worker.submit

    async def watched(doc):
        held.append(len(store._waiting))
        return await submit(doc)

    store.worker.submit = watched
    items = [DocumentItem(url=f"http://127.0.0.1:9/{n}.txt", body=seed(s).read_bytes())
             for n, s in enumerate(["003", "004"] * 4)]  # fmt: skip

    async def crawl():
        await store.process_item(items[0])
        assert crawler.stats.get_value("reports/parsed") is None  # handed over, not stored yet
        for item in items[1:]:
            await store.process_item(item)
        await store.close_spider()

    loop.run(crawl())
    assert max(held) == 2  # the fourth document waited for an answer
    assert crawler.stats.get_value("reports/parsed") == 8 and store.db["reports"].count == 8
    sizes = [int(n) for n in groups.read_text().split()]
    assert sum(sizes) == 8 and max(sizes) > 1 and max(sizes) <= worker.GROUP


WORKER_OF_A_KILLED_CRAWL = """
import sys, time
from crawler.worker import StorageWorker
worker = StorageWorker(sys.argv[1], None, None)
worker.start()
print(worker.pid, flush=True)
time.sleep(60)
"""


def test_the_worker_leaves_when_the_crawl_is_killed(tmp_path):
    crawl = subprocess.Popen([sys.executable, "-c", WORKER_OF_A_KILLED_CRAWL, str(tmp_path / "r.db")],
                             stdout=subprocess.PIPE, text=True)  # fmt: skip
    worker_pid = int(crawl.stdout.readline())
    os.kill(crawl.pid, signal.SIGKILL)
    crawl.wait()
    deadline = time.monotonic() + 10
    while Path(f"/proc/{worker_pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert (
        not Path(f"/proc/{worker_pid}").exists()
        or "Z" in Path(f"/proc/{worker_pid}/stat").read_text().split()[2]
    )


def test_parse_pipeline_parses_when_storage_is_off():
    item = DocumentItem(url="http://127.0.0.1:9/a.txt", body=seed("004").read_bytes())
    parse = ParsePipeline.from_crawler(get_crawler(PortalSpider, {"REPORTS_DB": ""}))
    assert asyncio.run(parse.process_item(item)).report["report_year"] == 2020
    with pytest.raises(NotConfigured):  # with storage on, the storage step parses
        ParsePipeline.from_crawler(get_crawler(PortalSpider, {"REPORTS_DB": "x.db"}))


def test_storage_is_disabled_without_a_database():
    crawler = get_crawler(PortalSpider, {"REPORTS_DB": ""})
    with pytest.raises(NotConfigured):
        SQLitePipeline.from_crawler(crawler)


def test_the_worker_runs_below_the_crawls_cpu_priority(tmp_path, loop):
    """``STORAGE_NICENESS`` lowers the worker's CPU priority below the crawl's."""
    crawler, store = _pipelines(tmp_path / "r.db", STORAGE_NICENESS=7)
    nice = int(Path(f"/proc/{store.worker.pid}/stat").read_text().rsplit(")", 1)[1].split()[16])
    assert nice == min(os.nice(0) + 7, 19)
    loop.run(store.close_spider())
