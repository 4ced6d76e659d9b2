"""Disclosure-platform and gkmlpt rules, family detection and charset repair."""

from pathlib import Path

from parsel import Selector
from scrapy.http import HtmlResponse, Response

from crawler.cms import detect, fix_encoding, gkmlpt, xxgk

PORTALS = Path(__file__).parent / "fixtures" / "portals"
LIST = "http://127.0.0.1:9/public/column/12651?type=4&catId=7161351&action=list&nav=3"


def test_platform_pages_enumerated_from_the_pager():
    sel = Selector(
        (PORTALS / "xxgk/public/column/12651@type=4&catId=7161351&action=list&nav=3").read_text("utf-8")
    )
    assert xxgk.page_count(sel) == 2
    assert xxgk.next_pages(sel, LIST) == [LIST + "&pageIndex=2"]
    assert (
        xxgk.next_pages(Selector("<a href='?page=2'>下一页</a>"), "http://h/l") == []
    )  # no page count printed


def test_gkmlpt_answers_and_paging_by_total():
    first = (PORTALS / "gkmlpt/gdhf/gkmlpt/api/all/2972@page=1&sid=755031").read_text("utf-8")
    url = "http://h/gdhf/gkmlpt/api/all/2972?page=1&sid=755031"
    links, following = gkmlpt.parse_api(first, url)
    assert len(links) == 2 and links[0][2] == "2024-01-19"
    assert following == "http://h/gdhf/gkmlpt/api/all/2972?page=2&sid=755031"
    second = (PORTALS / "gkmlpt/gdhf/gkmlpt/api/all/2972@page=2&sid=755031").read_text("utf-8")
    assert gkmlpt.parse_api(second, following, seen=2)[1] is None  # 2 + 1 = total 3
    assert gkmlpt.parse_api("not json", url) == ([], None)
    assert gkmlpt.parse_api('{"articles": []}', url) == ([], None)


def test_detect_each_family():
    assert detect("http://h/x", "<datastore><recordset>") == "hanweb"
    assert detect("http://h/info/12/34.htm", "") == "vsb"
    assert detect("http://h/public/column/1?pageIndex=2", "") == "xxgk"
    assert detect("http://h/gkmlpt/api/all/1", "{}") == "gkmlpt"
    assert detect("http://h/a/list.html", "<a href='list_2.html'>下一页</a>") == "plain"


def test_fix_encoding_cases():
    gbk = '<meta charset="gb2312"><p>政府信息公开工作年度报告</p>'.encode("gbk")
    wrong = HtmlResponse("http://h/", body=gbk, headers={"Content-Type": "text/html; charset=utf-8"})
    fixed, charset = fix_encoding(wrong)
    assert charset == "gb18030" and "年度报告" in fixed.text
    for western in ("iso-8859-1", "us-ascii"):  # a server's default, whatever the page is in
        bare_gbk = "<p>政府信息公开工作年度报告</p>".encode("gbk")
        wrong = HtmlResponse(
            "http://h/", body=bare_gbk, headers={"Content-Type": f"text/html; charset={western}"}
        )
        fixed, charset = fix_encoding(wrong)
        assert charset == "gb18030" and "年度报告" in fixed.text
    english = HtmlResponse(
        "http://h/", body=b"<p>Annual report</p>", headers={"Content-Type": "text/html; charset=iso-8859-1"}
    )
    assert fix_encoding(english)[0].text == "<p>Annual report</p>"
    right = HtmlResponse(
        "http://h/", body="年报".encode(), headers={"Content-Type": "text/html; charset=utf-8"}
    )
    assert fix_encoding(right) == (right, "utf-8")
    bare = HtmlResponse("http://h/", body="年报".encode())
    assert fix_encoding(bare)[1] is None
    blob = Response(
        "http://h/a.docx", body=b"PK\x03\x04", headers={"Content-Type": "application/octet-stream"}
    )
    assert fix_encoding(blob) == (blob, None)
