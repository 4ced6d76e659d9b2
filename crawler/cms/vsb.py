"""VSB 博达: list pages ``xxgknb.htm``, then ``xxgknb/4.htm`` … ``xxgknb/1.htm``; articles ``/info/<col>/<id>.htm``.

The pager sits in a ``<td id="fanye…">共49条&nbsp;&nbsp;1/5&nbsp;</td>`` cell followed by
``<a href="xxgknb/4.htm" class="Next">下页</a><a href="xxgknb/1.htm" class="Next">尾页</a>``:
static pages count *down*, so page 2 of 5 is ``4.htm`` and the last is ``1.htm``.
Dynamic lists use ``list.jsp?totalpage=5&PAGENUM=2&urltype=tree.TreeTempUrl&wbtreeid=1308``.
Attachments are ``/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner=…&wbfileid=…``
links whose text names the file (``….docx``).
"""

from __future__ import annotations

import re

from parsel import Selector

from . import anchors, with_page

PAGE_OF = re.compile(r"(\d+)\s*/\s*(\d+)")
STATIC_PAGE = re.compile(r"^(.*/)(\d+)\.htm$")
PAGENUM = re.compile(r"([?&]PAGENUM=)(\d+)", re.I)


def _page_count(sel: Selector) -> int | None:
    """Total pages from the ``fanye`` cell (``共49条 1/5``)."""
    for cell in sel.css("[id^=fanye]"):
        m = PAGE_OF.search(" ".join(cell.css("::text").getall()))
        if m:
            return int(m[2])
    return None


def next_pages(sel: Selector, base_url: str, limit: int = 500) -> list[str]:
    """Every further list page of a VSB list: all static ``N.htm`` pages or ``PAGENUM`` pages at once.

    >>> html = ('<td id="fanye1">共12条&nbsp;1/3&nbsp;</td><a href="zfxxgknb/2.htm" class="Next">下页</a>'
    ...         '<a href="zfxxgknb/1.htm" class="Next">尾页</a>')
    >>> next_pages(Selector(html), "http://h/xxgk/zfxxgknb.htm")
    ['http://h/xxgk/zfxxgknb/2.htm', 'http://h/xxgk/zfxxgknb/1.htm']
    """
    total = _page_count(sel)
    urls: list[str] = []
    for _, href in anchors(sel, base_url, "a.Next[href], a.next[href]"):
        urls.append(href)
        if not total:
            continue
        static = STATIC_PAGE.match(href)
        dynamic = PAGENUM.search(href)
        if dynamic:
            urls += [with_page(PAGENUM, href, p) for p in range(2, min(total, limit) + 1)]
        elif static:
            urls += [f"{static[1]}{k}.htm" for k in range(max(total - limit, 1), total)][::-1]
    return list(dict.fromkeys(urls))
