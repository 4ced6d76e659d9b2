"""The portal spider on saved pages of the demo portal (demo/portal, built from the seed reports)."""

import subprocess
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Response

from crawler.items import DocumentItem
from crawler.run import ROOT, crawl_command
from crawler.spiders import portal as portal_module
from crawler.spiders.portal import BadArguments, PortalSpider

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


def test_cover_page_yields_its_attachment_for_the_files_pipeline():
    out = list(_spider().parse_article(_response("/xxgk/xxgknb/201801/t20180115_1525116.html"), hints={}))
    assert len(out) == 1 and isinstance(out[0], DocumentItem)
    url = BASE + "/xxgk/xxgknb/201801/P020180115123456.docx"
    assert out[0].url == url and out[0].file_urls == [url] and out[0].body == b""
    body = (PORTAL / "xxgk/xxgknb/201801/P020180115123456.docx").read_bytes()
    items = list(_spider().parse_article(Response(url=url, body=body), hints={"title_hint": "x"}))
    assert items[0].body[:2] == b"PK" and items[0].encoding is None


def test_list_link_straight_to_a_file_is_an_attachment_item():
    html = '<a href="/f/2021年某镇政府信息公开工作年度报告.pdf">某镇2021年政府信息公开工作年度报告</a>'
    response = HtmlResponse(
        url=BASE + "/l.html", body=html.encode(), headers={"Content-Type": "text/html; charset=utf-8"}
    )
    [item] = list(PortalSpider(start_url=BASE + "/l.html", agency="某镇").parse_list(response))
    assert isinstance(item, DocumentItem) and item.file_urls == [item.url] and item.agency_hint == "某镇"


def test_start_page_that_is_itself_a_report_is_stored():
    html = "<html><head><title>x</title></head><body><h1>凫山街道办事处2020年政府信息公开工作年度报告</h1><p>一、总体情况</p></body></html>"
    url = BASE + "/module/xxgk/xxgkAnnualReport.jsp?area=1&fbtime=2020"
    response = HtmlResponse(url=url, body=html.encode(), headers={"Content-Type": "text/html; charset=utf-8"})
    [item] = list(PortalSpider(start_url=url).parse_list(response, first=True))
    assert item.url == url and item.body == html.encode()
    assert list(PortalSpider(start_url=url).parse_list(response)) == []  # a later page is not


def test_each_response_has_its_charset_repaired_once(monkeypatch):
    """A GBK report behind a charset=utf-8 header, as a start page and as a report page."""
    calls = []
    repair = portal_module.fix_encoding
    monkeypatch.setattr(portal_module, "fix_encoding", lambda r: calls.append(r.url) or repair(r))
    html = (
        "<html><body><h1>凫山街道办事处2020年政府信息公开工作年度报告</h1><p>一、总体情况</p></body></html>"
    )
    url = BASE + "/module/xxgk/xxgkAnnualReport.jsp?area=1&fbtime=2020"
    response = HtmlResponse(
        url=url, body=html.encode("gbk"), headers={"Content-Type": "text/html; charset=utf-8"}
    )
    [item] = list(PortalSpider(start_url=url).parse_list(response, first=True))
    assert item.encoding == "gb18030" and item.body == html.encode("gbk") and calls == [url]
    calls.clear()
    [item] = list(_spider().parse_article(response, hints={}))
    assert item.encoding == "gb18030" and calls == [url]


def test_without_start_url_the_spider_crawls_the_registry():
    spider = PortalSpider()
    assert len(spider.portals) >= 30 and spider.start_url is None
    assert "lintao.gov.cn" in spider.allowed_domains  # www. left off so other hosts of the site pass
    one = PortalSpider(portal="gs-lintao-xintian")
    assert [p["agency"] for p in one.portals] == ["临洮县新添镇人民政府"]
    hanweb_towns = PortalSpider(level="township", cms="hanweb")
    assert {p["cms"] for p in hanweb_towns.portals} == {"hanweb"} and len(hanweb_towns.portals) >= 3


def test_registry_agency_and_portal_travel_with_every_request():
    spider = PortalSpider(portal="gs-lintao-xintian")
    portal = spider.portals[0]
    html = '<li><a href="/art/2023/1/31/art_6924_1618518.html" title="临洮县新添镇2022年政府信息公开工作年度报告">x</a></li>'
    response = HtmlResponse(url=portal["list_url"], body=html.encode(), headers={"Content-Type": "text/html"})
    [request] = list(spider.parse_list(response, portal=portal))
    hints = request.cb_kwargs["hints"]
    assert (hints["agency_hint"], hints["portal"], hints["cms"]) == (
        "临洮县新添镇人民政府",
        "gs-lintao-xintian",
        "hanweb",
    )


def test_filters_that_match_nothing_are_refused():
    with pytest.raises(BadArguments, match="start_url=URL"):
        PortalSpider(province="火星")


@pytest.mark.parametrize("start_url", ["notaurl", "ftp://example.org/list/", "http://"])
def test_a_start_url_that_is_no_web_address_is_refused(start_url):
    with pytest.raises(BadArguments, match="start_url must be the http"):
        PortalSpider(start_url=start_url)


def test_a_missing_or_broken_registry_file_is_refused(tmp_path):
    with pytest.raises(BadArguments, match="nosuch.yaml: No such file"):
        PortalSpider(registry_file=str(tmp_path / "nosuch.yaml"))
    broken = tmp_path / "broken.yaml"
    broken.write_text("- id: x\n  agency: [unclosed\n", encoding="utf-8")
    with pytest.raises(BadArguments, match="broken.yaml"):
        PortalSpider(registry_file=str(broken))


def test_bad_arguments_end_scrapy_crawl_with_one_line(tmp_path):
    """What a user sees: the reason on the last line of the output, no traceback, exit status 1."""
    done = subprocess.run(crawl_command(tmp_path / "r.db", {"start_url": "notaurl"}),
                          cwd=ROOT, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 1
    assert (
        done.stderr.strip().splitlines()[-1]
        == "portal: start_url must be the http(s) address of a list page, not 'notaurl'"
    )
    assert "Traceback" not in done.stderr and not (tmp_path / "r.db").exists()
