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

from scrapy.http import Response, TextResponse

FAMILIES = ("trs", "hanweb", "vsb", "xxgk", "gkmlpt", "plain")

_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("gkmlpt", re.compile(r"/gkmlpt/")),
    ("hanweb", re.compile(r"<datastore>|/module/web/jpage/|/col/col\d+/|/art/\d{4}/\d{1,2}/\d{1,2}/art_")),
    ("trs", re.compile(r"createPageHTML|TRS_Editor|/t\d{8}_\d+\.s?html?")),
    ("vsb", re.compile(r"/info/\d+/\d+\.htm|wbtreeid=|vsb_content|class=\"Next\"")),
    ("xxgk", re.compile(r"/public/column/\d+|pageIndex=\d|/gongkai/site_|/zfxxgk_\w+/|nbYear=")),
]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)


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


def _declared(response: Response) -> str | None:
    content_type = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
    if "charset=" in content_type:
        return content_type.split("charset=")[-1].split(";")[0].strip().strip("\"'") or None
    return None


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
    When the declared charset cannot decode the body, the ``<meta charset>`` of the
    page is tried, then GB18030 (a superset of GBK and GB2312).  Non-text responses
    come back unchanged with the declared charset (``None`` when there is none).

    >>> from scrapy.http import HtmlResponse
    >>> r = HtmlResponse("http://h/", body="<p>年度报告</p>".encode("gbk"),
    ...                  headers={"Content-Type": "text/html; charset=utf-8"})
    >>> fixed, charset = fix_encoding(r)
    >>> charset, "年度报告" in fixed.text
    ('gb18030', True)
    """
    declared = _declared(response)
    if not isinstance(response, TextResponse):
        return response, declared
    body = response.body
    if declared and _decodes(body, declared):
        return response, declared
    if not declared and _decodes(body, "utf-8"):
        return response, None
    candidates = []
    m = _META_CHARSET.search(body[:4096])
    if m:
        candidates.append(m[1].decode("ascii", "replace").lower())
    candidates += ["utf-8", "gb18030"]
    for encoding in candidates:
        if encoding in ("gbk", "gb2312"):
            encoding = "gb18030"
        if encoding != declared and _decodes(body, encoding):
            return response.replace(encoding=encoding), encoding
    return response, declared
