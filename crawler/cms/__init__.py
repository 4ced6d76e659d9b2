"""What the CMS families Chinese government portals run on look like, one small module each.

=========  ==========================================================  =====================
family     what marks it                                               module
=========  ==========================================================  =====================
trs        TRS WCM: ``createPageHTML(...)`` pagers, ``index_N.html``,   :mod:`crawler.cms.trs`
           ``tYYYYMMDD_<id>.html`` articles, ``.TRS_Editor`` bodies
hanweb     大汉 JCMS: ``/col/colN/index.html`` columns whose list is a   :mod:`crawler.cms.hanweb`
           ``<datastore>`` of CDATA records, paged through a POST to
           ``/module/web/jpage/dataproxy.jsp``
vsb        博达 VSB: ``/info/<col>/<id>.htm`` articles, ``下页`` links    :mod:`crawler.cms.vsb`
           counting down (``list/4.htm`` … ``list/1.htm``), ``list.jsp``
xxgk       政府信息公开平台: ``/public/column/<id>?…&pageIndex=N``,       :mod:`crawler.cms.xxgk`
           ``共N页`` pagers, ``/gongkai/site_…`` and ``zfxxgk_…`` platforms
gkmlpt     广东 政府信息公开目录平台: JSON ``/gkmlpt/api/all/<col>``       :mod:`crawler.cms.gkmlpt`
plain      anything else: ``下一页`` links                              :mod:`crawler.links`
=========  ==========================================================  =====================

The spider applies every family's rules to every page (they are cheap and never
fire on another family's markup); :func:`detect` only names the family for the
crawl statistics and the registry.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin

from parsel import Selector
from scrapy.http import Response, TextResponse
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding

FAMILIES = ("trs", "hanweb", "vsb", "xxgk", "gkmlpt", "plain")

_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("gkmlpt", re.compile(r"/gkmlpt/")),
    ("hanweb", re.compile(r"<datastore>|/module/web/jpage/|/col/col\d+/|/art/\d{4}/\d{1,2}/\d{1,2}/art_")),
    ("trs", re.compile(r"createPageHTML|TRS_Editor|/t\d{8}_\d+\.s?html?")),
    ("vsb", re.compile(r"/info/\d+/\d+\.htm|wbtreeid=|vsb_content|class=\"Next\"")),
    ("xxgk", re.compile(r"/public/column/\d+|pageIndex=\d|/gongkai/site_|/zfxxgk_\w+/|nbYear=")),
]

# single-byte Western charsets (as w3lib names them) decode any bytes, so they prove nothing about a page
# in Chinese: servers default to them (Tomcat's iso-8859-1) whatever the page is in
_WESTERN = {"cp1252", "latin-1", "iso8859-1", "ascii"}

# hrefs that lead nowhere a crawler can go
SKIP_HREF = ("javascript:", "#", "mailto:", "tel:")


def detect(url: str, text: str) -> str:
    """The CMS family a page belongs to, from its URL and markup; ``plain`` when none is recognised.

    >>> detect("http://www.laifeng.gov.cn/xxgk/gknb/index.html", '<script>createPageHTML(3, 0, "index", "html")</script>')
    'trs'
    >>> detect("http://x.gov.cn/zwgk/list.html", '<a href="list_2.html">下一页</a>')
    'plain'
    """
    haystack = url + "\n" + text[:200_000]
    for family, marker in _MARKERS:
        if marker.search(haystack):
            return family
    return "plain"


def _decodes(body: bytes, encoding: str) -> bool:
    try:
        body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def fix_encoding(response: Response) -> tuple[Response, str | None]:
    """The response decoded with the charset its bytes are really in, and that charset.

    Many portals send GBK pages behind a ``Content-Type: text/html; charset=utf-8``
    header; Scrapy trusts the header and every Chinese character becomes U+FFFD.
    When the declared charset cannot decode the body, or is a single-byte Western one
    (``iso-8859-1``, ``us-ascii``: they decode any bytes), the ``<meta charset>`` of the
    page is tried, then UTF-8, then GB18030 (a superset of GBK and GB2312).  Charsets
    are named as w3lib resolves them, the way Scrapy decodes (``gbk`` and ``gb2312``
    are ``gb18030``).  Non-text responses come back unchanged with the declared
    charset (``None`` when there is none).  Call it once per response: the repaired
    response keeps the header that lied, so a second call decodes the body again.

    >>> from scrapy.http import HtmlResponse
    >>> r = HtmlResponse("http://h/", body="<p>年度报告</p>".encode("gbk"),
    ...                  headers={"Content-Type": "text/html; charset=utf-8"})
    >>> fixed, charset = fix_encoding(r)
    >>> charset, "年度报告" in fixed.text
    ('gb18030', True)
    """
    declared = http_content_type_encoding(response.headers.get(b"Content-Type", b"").decode("latin-1"))
    if not isinstance(response, TextResponse):
        return response, declared
    body = response.body
    if declared and declared not in _WESTERN and _decodes(body, declared):
        return response, declared
    if not declared and _decodes(body, "utf-8"):
        return response, None
    for encoding in (html_body_declared_encoding(body), "utf-8", "gb18030"):
        if encoding and encoding != declared and _decodes(body, encoding):
            return response.replace(encoding=encoding), encoding
    return response, declared


def anchors(sel: Selector, base_url: str, query: str = "a[href]") -> Iterator[tuple[Selector, str]]:
    """(anchor, absolute URL) of every link ``query`` selects, leaving out empty, ``javascript:``,
    ``#``, ``mailto:`` and ``tel:`` hrefs.

    >>> [url for _, url in anchors(Selector('<a href=" x.html ">x</a><a href="javascript:go(2)">2</a>'),
    ...                            "http://h/a/")]
    ['http://h/a/x.html']
    """
    for a in sel.css(query):
        href = a.attrib["href"].strip()
        if href and not href.startswith(SKIP_HREF):
            yield a, urljoin(base_url, href)


def with_page(pattern: re.Pattern[str], url: str, page: int) -> str:
    """``url`` with the page number ``pattern`` finds (group 1: what precedes it, group 2: the number)
    set to ``page``.

    >>> with_page(re.compile(r"([?&]page=)(\\d+)"), "http://h/api/all/5?page=1&sid=2", 3)
    'http://h/api/all/5?page=3&sid=2'
    """
    return pattern.sub(lambda m: f"{m[1]}{page}", url)
