"""The item pipelines into a temporary SQLite file."""

from __future__ import annotations

import asyncio

import pytest
import sqlite_utils
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from crawler.items import DocumentItem
from crawler.pipelines import ParsePipeline, SQLitePipeline
from crawler.spiders.portal import PortalSpider

from .conftest import seed


def _parsed(parse: ParsePipeline, item: DocumentItem) -> DocumentItem:
    """Run the (asynchronous) parse step on one item."""
    return asyncio.run(parse.process_item(item))


def _pipelines(db_path):
    crawler = get_crawler(PortalSpider, {"REPORTS_DB": str(db_path)})
    crawler.spider = PortalSpider(start_url="http://127.0.0.1:9/list.html")
    store = SQLitePipeline.from_crawler(crawler)
    store.open_spider()
    return crawler, ParsePipeline.from_crawler(crawler), store


def test_parsed_report_is_stored_with_facts_sections_and_checks(tmp_path):
    crawler, parse, store = _pipelines(tmp_path / "r.db")
    body = seed("004").read_bytes()
    item = _parsed(
        parse, DocumentItem(url="http://127.0.0.1:9/a.txt", body=body, published_hint="2021-01-20")
    )
    store.process_item(item)
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


def test_same_document_twice_is_stored_once(tmp_path):
    crawler, parse, store = _pipelines(tmp_path / "r.db")
    for _ in range(2):
        store.process_item(
            _parsed(parse, DocumentItem(url="http://127.0.0.1:9/a.txt", body=seed("003").read_bytes()))
        )
    db = store.db
    assert db["reports"].count == 1 and db["documents"].count == 1
    facts = db["facts"].count
    assert facts == db.execute("select fact_count from reports").fetchone()[0]


def test_changed_document_at_same_url_is_a_new_version(tmp_path):
    crawler, parse, store = _pipelines(tmp_path / "r.db")
    body = seed("004").read_bytes()
    store.process_item(_parsed(parse, DocumentItem(url="http://127.0.0.1:9/a.txt", body=body)))
    store.process_item(_parsed(parse, DocumentItem(url="http://127.0.0.1:9/a.txt", body=body + b"\n")))
    assert store.db["reports"].count == 2 and store.db["documents"].count == 2


def test_unparseable_document_is_recorded_and_nothing_is_lost(tmp_path):
    crawler, parse, store = _pipelines(tmp_path / "r.db")
    store.process_item(
        _parsed(parse, DocumentItem(url="http://127.0.0.1:9/a.txt", body=seed("004").read_bytes()))
    )
    bad = _parsed(parse, DocumentItem(url="http://127.0.0.1:9/b.pdf", body=b""))
    assert bad.error == "empty file"
    store.process_item(bad)
    assert store.db["reports"].count == 1
    error = next(store.db["errors"].rows)
    assert error["url"].endswith("b.pdf") and error["reason"] == "empty file"


def test_storage_is_disabled_without_a_database():
    crawler = get_crawler(PortalSpider, {"REPORTS_DB": ""})
    with pytest.raises(NotConfigured):
        SQLitePipeline.from_crawler(crawler)
