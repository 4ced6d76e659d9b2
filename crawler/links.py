"""Recognising annual-report links, attachments and pagination on list pages.

These rules read page markup only; they know nothing of tables or SQL.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from parsel import Selector

REPORT_TITLE = re.compile(
    r"(政府|政务)?信息公开.{0,6}(年度报告|年报|工作报告|情况报告|工作情况)|信息公开年报"
)
# what only looks alike: other yearly reports, notices about the report, interpretations, budgets
NOT_A_REPORT = re.compile(
    r"法治政府|法治建设|依法行政|工作要点|要点|通知|解读|决算|预算|征求意见|考核|测评|评估|通报|统计公报|指南|目录|制度|规定|办法|方案"
)
ATTACHMENT = re.compile(r"\.(docx?|pdf|xlsx?|wps|et)(?:$|\?)", re.I)
NEXT_PAGE = re.compile(r"^\s*(下一页|下页|后一页|next\s*›?|>|›)\s*$", re.I)
CREATE_PAGE = re.compile(
    r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"']([^\"']+)[\"']\s*,\s*[\"']([^\"']+)[\"']"
)
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


def report_links(sel: Selector, base_url: str) -> list[tuple[str, str, str | None]]:
    """(url, title, date printed beside it) of every report link on a list page."""
    out = []
    for a in sel.css("a[href]"):
        title = a.attrib.get("title") or " ".join(a.css("::text").getall())
        title = " ".join(title.split())
        if not is_report_title(title):
            continue
        href = a.attrib["href"].strip()
        if href.startswith(("javascript:", "#", "mailto:")):
            continue
        around = " ".join(
            a.xpath("./following-sibling::*[1]//text() | ./following-sibling::text()[1]").getall()
        )
        m = DATE.search(around) or DATE.search(" ".join(a.xpath("..//text()").getall()))
        date = f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}" if m else None
        out.append((urljoin(base_url, href), title, date))
    return out


def attachment_links(sel: Selector, base_url: str) -> list[tuple[str, str]]:
    """(url, link text) of every .doc/.docx/.pdf/.xls/.xlsx/.wps attachment on a page."""
    out = []
    for a in sel.css("a[href]"):
        href = a.attrib["href"].strip()
        if ATTACHMENT.search(href):
            text = " ".join(" ".join(a.css("::text").getall()).split())
            out.append((urljoin(base_url, href), text))
    return out


def next_pages(sel: Selector, base_url: str) -> list[str]:
    """URLs of the following list pages: 下一页 links and TRS ``createPageHTML(count, current, "index", "html")``."""
    urls = []
    for a in sel.css("a[href]"):
        text = " ".join(a.css("::text").getall())
        href = a.attrib["href"].strip()
        if NEXT_PAGE.match(text) and not href.startswith(("javascript:", "#")):
            urls.append(urljoin(base_url, href))
    for script in sel.css("script::text").getall():
        for count, _current, name, ext in CREATE_PAGE.findall(script):
            urls.extend(urljoin(base_url, f"{name}_{i}.{ext}") for i in range(1, min(int(count), 500)))
    return list(dict.fromkeys(urls))
