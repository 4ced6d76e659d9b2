"""政府信息公开平台 (disclosure platforms run beside the portal CMS): numbered pages in a query parameter.

Seen forms: ``/public/column/<id>?type=4&catId=<cat>&action=list&nav=3&pageIndex=2`` (安徽、江西、
四川、青海 platforms), ``…/zfxxgk_<unit>/…?page=2`` and ``/gongkai/site_<unit>/channel_<id>/…``
(山东).  The pager prints ``共N页`` and links the next pages with the page number in the query;
this module enumerates pages 2…N from one such link, so one failed page does not end the walk.
"""

from __future__ import annotations

import re

from parsel import Selector

from . import anchors, with_page

PAGE_PARAM = re.compile(r"([?&](?:pageIndex|pageNo|pageNum|page|curPage|currentPage|pn)=)(\d+)", re.I)
PAGE_COUNT = re.compile(r"共\s*(\d+)\s*页")


def page_count(sel: Selector) -> int | None:
    """The ``共N页`` a pager prints, if any.

    >>> page_count(Selector("<div class='page'>共 4 页 当前第1页</div>"))
    4
    """
    m = PAGE_COUNT.search(" ".join(sel.css(".page *::text, [class*=page] ::text, body ::text").getall()))
    return int(m[1]) if m else None


def next_pages(sel: Selector, base_url: str, limit: int = 500) -> list[str]:
    """Pages 2…N of a list whose pager links carry the page number in the query string.

    >>> html = "<div class='page'>共3页 <a href='?type=4&catId=7&action=list&pageIndex=2'>下一页</a></div>"
    >>> next_pages(Selector(html), "http://h/public/column/12651?type=4&catId=7&action=list")
    ['http://h/public/column/12651?type=4&catId=7&action=list&pageIndex=2', \
'http://h/public/column/12651?type=4&catId=7&action=list&pageIndex=3']
    """
    total = page_count(sel)
    if not total or total < 2:
        return []
    for a, template in anchors(sel, base_url):
        if PAGE_PARAM.search(a.attrib["href"]):
            return [with_page(PAGE_PARAM, template, p) for p in range(2, min(total, limit) + 1)]
    return []
