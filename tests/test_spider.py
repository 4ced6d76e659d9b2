"""The portal spider on saved pages of the demo portal (demo/portal, built from the seed reports)."""

from pathlib import Path

import scrapy
from scrapy.http import HtmlResponse, Response

from crawler.items import DocumentItem
from crawler.spiders.portal import PortalSpider

PORTAL = Path(__file__).resolve().parent.parent / "demo" / "portal"
BASE = "http://127.0.0.1:8002"


def _response(path: str) -> HtmlResponse:
    return HtmlResponse(url=BASE + path, body=(PORTAL / path.lstrip("/")).read_bytes(),
                        headers={"Content-Type": "text/html; charset=utf-8"})  # fmt: skip


def _spider() -> PortalSpider:
    return PortalSpider(start_url=BASE + "/xxgk/xxgknb/index.html")


def test_list_page_yields_reports_and_next_page_not_lookalikes():
    out = list(_spider().parse_list(_response("/xxgk/xxgknb/index.html")))
    urls = [r.url for r in out]
    articles = [r for r in out if r.callback.__name__ == "parse_article"]
    assert len(articles) == 3
    assert all("年度报告" in r.cb_kwargs["hints"]["title_hint"] for r in articles)
    assert not any("法治政府" in r.cb_kwargs["hints"]["title_hint"] for r in articles)
    assert BASE + "/xxgk/xxgknb/index_1.html" in urls
    assert articles[0].cb_kwargs["hints"]["published_hint"] == "2021-01-20"


def test_report_page_is_one_document_item():
    page = "/xxgk/xxgknb/202101/t20210120_2864013.html"
    out = list(_spider().parse_article(_response(page), hints={"title_hint": "t"}))
    assert len(out) == 1 and isinstance(out[0], DocumentItem)
    assert out[0].url == BASE + page and out[0].encoding == "utf-8" and out[0].title_hint == "t"


def test_cover_page_follows_its_attachment_only():
    out = list(_spider().parse_article(_response("/xxgk/xxgknb/201801/t20180115_1525116.html"), hints={}))
    assert len(out) == 1 and isinstance(out[0], scrapy.Request)
    assert out[0].url.endswith("/xxgk/xxgknb/201801/P020180115123456.docx")
    body = (PORTAL / "xxgk/xxgknb/201801/P020180115123456.docx").read_bytes()
    items = list(_spider().parse_document(Response(url=out[0].url, body=body), hints={"title_hint": "x"}))
    assert items[0].body[:2] == b"PK"


def test_spider_needs_a_start_url():
    try:
        PortalSpider()
    except ValueError as exc:
        assert "start_url" in str(exc)
    else:
        raise AssertionError("a spider without start_url must refuse to start")
