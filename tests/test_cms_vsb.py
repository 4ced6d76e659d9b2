"""VSB rules on the saved VSB list pages (tests/fixtures/portals/vsb)."""

from pathlib import Path

from parsel import Selector

from crawler.cms import detect, vsb
from crawler.links import attachment_links, next_pages, report_links

VSB = Path(__file__).parent / "fixtures" / "portals" / "vsb"
BASE = "http://127.0.0.1:9/"


def _sel(path: str) -> Selector:
    return Selector((VSB / path).read_text(encoding="utf-8"))


def test_first_page_announces_every_count_down_page():
    assert vsb.next_pages(_sel("xxgk/zfxxgknb.htm"), BASE + "xxgk/zfxxgknb.htm") == [
        BASE + "xxgk/zfxxgknb/2.htm", BASE + "xxgk/zfxxgknb/1.htm"]  # fmt: skip
    assert vsb.next_pages(_sel("xxgk/zfxxgknb/1.htm"), BASE + "xxgk/zfxxgknb/1.htm") == []  # last page


def test_dynamic_list_jsp_pages():
    html = ('<td id="fanye5">共40条 1/4</td><a href="?totalpage=4&PAGENUM=2&urltype=tree.TreeTempUrl&wbtreeid=1308" '
            'class="Next">下页</a>')  # fmt: skip
    urls = vsb.next_pages(Selector(html), "http://h/list.jsp?urltype=tree.TreeTempUrl&wbtreeid=1308")
    assert [u.split("PAGENUM=")[1][0] for u in urls] == ["2", "3", "4"]


def test_report_rows_articles_and_download_script_attachment():
    sel = _sel("xxgk/zfxxgknb.htm")
    links = report_links(sel, BASE + "xxgk/zfxxgknb.htm")
    assert [u for u, _, _ in links] == [BASE + "info/1308/19387.htm"] and links[0][2] == "2024-01-15"
    assert detect(links[0][0], "") == "vsb"
    assert BASE + "xxgk/zfxxgknb/2.htm" in next_pages(sel, BASE + "xxgk/zfxxgknb.htm")
    [(url, text)] = attachment_links(_sel("info/1308/16001.htm"), BASE + "info/1308/16001.htm")
    assert url.endswith("download.jsp?urltype=news.DownloadAttachUrl&owner=1308&wbfileid=5521")
    assert text == "中山街道2021年政府信息公开工作年度报告.docx"
