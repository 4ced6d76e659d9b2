"""Recognising annual-report links, attachments and pagination on list pages.

These rules read page markup only; they know nothing of tables or SQL.  The
CMS-specific pagers live in :mod:`crawler.cms` (one module per family);
:func:`next_pages` applies them all.
"""

from __future__ import annotations

import re

from parsel import Selector

from parsers.report import iso_date

from .cms import anchors, trs, vsb, xxgk

REPORT_TITLE = re.compile(
    r"(政府|政务)?信息公开.{0,6}(年度报告|年报|工作报告|情况报告|工作情况)|信息公开年报"
)
# what only looks alike: other yearly reports, notices about the report, interpretations, budgets
NOT_A_REPORT = re.compile(
    r"法治政府|法治建设|依法行政|工作要点|要点|通知|解读|决算|预算|征求意见|考核|测评|评估|通报|统计公报|指南|目录|制度|规定|办法|方案"
)
EXTENSIONS = r"docx?|pdf|xlsx?|wps|et"
# an attachment by its URL: ./P0201.docx, /module/download/downfile.jsp?filename=x.pdf&…
ATTACHMENT = re.compile(rf"\.({EXTENSIONS})(?:$|[?&#])", re.I)
# … or by its link text, for download scripts that hide the name (VSB download.jsp?…&wbfileid=…)
ATTACHMENT_TEXT = re.compile(rf"\.({EXTENSIONS})\s*(?:[(（]\s*[\d.]+\s*[KMG]?B?\s*[)）])?\s*$", re.I)
DOWNLOAD_SCRIPT = re.compile(r"download|downfile|attach|fileid", re.I)
# what every attachment link holds somewhere, in its URL or its text: the file's extension
MAY_ATTACH = re.compile(rf"\.(?:{EXTENSIONS})\b", re.I)
NEXT_PAGE = re.compile(r"^\s*(下一页|下页|后一页|next\s*›?|>|›|»)\s*$", re.I)
YEAR = re.compile(r"(?:19|20)\d{2}|[〇零一二三四五六七八九]{4}年")
DATE = re.compile(r"((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})")


def is_report_title(title: str) -> bool:
    """True for the title of a 政府信息公开工作年度报告, false for what only looks alike.

    >>> is_report_title("曲阜市鲁城街道办事处2017年度政府信息公开工作年度报告")
    True
    >>> is_report_title("关于做好2017年政府信息公开工作年度报告编制发布工作的通知")
    False
    """
    t = re.sub(r"\s+", "", title or "")
    # a year names one report; without it the link is the column itself (政府信息公开年报)
    return bool(REPORT_TITLE.search(t) and YEAR.search(t)) and not NOT_A_REPORT.search(t)


def _date_near(a: Selector) -> str | None:
    around = " ".join(a.xpath("./following-sibling::*[1]//text() | ./following-sibling::text()[1]").getall())
    m = DATE.search(around) or DATE.search(" ".join(a.xpath("..//text()").getall()))
    if not m:  # a table row: <tr><td><a …></a></td><td>2022-01-24</td></tr>
        m = DATE.search(" ".join(a.xpath("ancestor::tr[1]//text()").getall()))
    return iso_date(m.groups()) if m else None


def report_links(sel: Selector, base_url: str) -> list[tuple[str, str, str | None]]:
    """(url, title, date printed beside it) of every report link on a list page, each URL once.

    >>> report_links(Selector('<li><a href="./202201/t1.html" title="某县2021年政府信息公开工作年度报告">某县…</a>'
    ...                       '<span>2022-01-24</span></li>'), "http://h/xxgk/gknb/index.html")
    [('http://h/xxgk/gknb/202201/t1.html', '某县2021年政府信息公开工作年度报告', '2022-01-24')]
    """
    out: dict[str, tuple[str, str, str | None]] = {}
    for a, url in anchors(sel, base_url):
        title = " ".join((a.attrib.get("title") or " ".join(a.css("::text").getall())).split())
        if is_report_title(title):
            out.setdefault(url, (url, title, _date_near(a)))
    return list(out.values())


def is_attachment(url: str, text: str = "") -> bool:
    """True when a link leads to a .doc/.docx/.pdf/.xls/.xlsx/.wps file, by its URL or, for download
    scripts, by its text.

    >>> is_attachment("http://h/a/P020220124.pdf"), is_attachment("http://h/download.jsp?wbfileid=9", "报告.docx")
    (True, True)
    """
    return bool(
        ATTACHMENT.search(url) or (ATTACHMENT_TEXT.search(text or "") and DOWNLOAD_SCRIPT.search(url))
    )


def may_hold_attachments(text: str, url: str) -> bool:
    """False when a page cannot link an attachment: neither its text nor its URL names a file extension.

    Both rules of :func:`is_attachment` need one (in the link's URL, or its text), so a page
    without is spared its link walk.

    >>> may_hold_attachments('<a href="x.html">2021年报</a>', "http://h/a.html")
    False
    >>> may_hold_attachments('<a href="/f/P020.PDF">附件</a>', "http://h/a.html")
    True
    """
    return bool(MAY_ATTACH.search(text) or MAY_ATTACH.search(url))


def attachment_links(sel: Selector, base_url: str) -> list[tuple[str, str]]:
    """(url, link text) of every .doc/.docx/.pdf/.xls/.xlsx/.wps attachment on a page, each URL once.

    >>> attachment_links(Selector('<a href="./P0201.docx">报告.docx</a><a href="x.html">页</a>'), "http://h/a/b.html")
    [('http://h/a/P0201.docx', '报告.docx')]
    """
    out: dict[str, tuple[str, str]] = {}
    for a, url in anchors(sel, base_url):
        text = " ".join(" ".join(a.css("::text").getall()).split()) or a.attrib.get("title", "")
        if is_attachment(url, text):
            out.setdefault(url, (url, text))
    return list(out.values())


def next_pages(sel: Selector, base_url: str, limit: int = 500) -> list[str]:
    """URLs of the following list pages: 下一页/下页 links, TRS ``createPageHTML(...)`` scripts (literal or
    variable arguments), VSB count-down pages and platform ``pageIndex=N`` pages; at most ``limit`` of each.

    >>> next_pages(Selector('<a href="list_2.html">下一页</a>'), "http://h/zwgk/list.html")
    ['http://h/zwgk/list_2.html']
    """
    urls = [url for a, url in anchors(sel, base_url) if NEXT_PAGE.match(" ".join(a.css("::text").getall()))]
    urls += trs.next_pages(sel, base_url, limit)
    urls += vsb.next_pages(sel, base_url, limit)
    urls += xxgk.next_pages(sel, base_url, limit)
    return list(dict.fromkeys(urls))
