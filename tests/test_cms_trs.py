"""TRS WCM rules on the saved TRS portal (tests/fixtures/portals/trs)."""

from pathlib import Path

from parsel import Selector
from scrapy.http import HtmlResponse

from crawler.cms import detect, fix_encoding, trs
from crawler.links import report_links

TRS = Path(__file__).parent / "fixtures" / "portals" / "trs" / "xxgk" / "gknb"
BASE = "http://127.0.0.1:9/xxgk/gknb/"


def _page(name: str) -> HtmlResponse:
    return HtmlResponse(
        BASE + name, body=(TRS / name).read_bytes(), headers={"Content-Type": "text/html; charset=utf-8"}
    )


def test_every_list_page_announces_all_pages_from_variables():
    for name in ("index.html", "index_1.html", "index_2.html"):
        response, _ = fix_encoding(_page(name))
        assert trs.next_pages(response.selector, response.url) == [
            BASE + "index_1.html",
            BASE + "index_2.html",
        ]


def test_literal_arguments_six_argument_form_and_unresolvable_calls():
    assert trs.page_urls('createPageHTML(4, 0,"index", "shtml",  "page_div",54);', "http://h/c/") == [
        "http://h/c/index_1.shtml", "http://h/c/index_2.shtml", "http://h/c/index_3.shtml"]  # fmt: skip
    assert trs.page_urls("createPageHTML('page_div',2, 1,'xlist','shtml',19);", "http://h/s/xlist.shtml") == [
        "http://h/s/xlist_2.shtml"]  # fmt: skip
    assert trs.page_urls("createPageHTML(1, 0, 'index', 'html');", "http://h/") == []
    assert trs.page_urls("function createPageHTML(a, b, c, d) {}", "http://h/") == []
    assert trs.page_urls('createPageHTML(9999, 0, "index", "html")', "http://h/", limit=3) == [
        "http://h/index_1.html", "http://h/index_2.html"]  # fmt: skip


def test_gbk_list_page_behind_a_utf8_header_is_read_in_gbk():
    raw = _page("index_1.html")
    assert "年度报告" not in raw.text  # Scrapy trusted the header
    fixed, charset = fix_encoding(raw)
    assert charset == "gb18030"
    titles = [t for _, t, _ in report_links(fixed.selector, fixed.url)]
    assert "江南街道办事处2017年政府信息公开工作年度报告" in titles


def test_article_body_and_family():
    response = _page("202201/t20220124_1239406.shtml")
    assert len(trs.body_text(response.selector)) > 3000
    assert trs.body_text(Selector("<div>no editor</div>")) is None
    assert detect(response.url, response.text) == "trs"
