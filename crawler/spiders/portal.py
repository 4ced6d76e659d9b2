"""The ``portal`` spider: disclosure portals' annual-report columns, all their pages, all CMS families.

One portal, ad hoc::

    scrapy crawl portal -a start_url=http://127.0.0.1:8002/xxgk/xxgknb/index.html \\
        [-a agency=明湖区人民政府] -s REPORTS_DB=data/reports.db

The registry (``crawler/portals.yaml``), all of it or filtered (comma-separated values)::

    scrapy crawl portal [-a portal=gs-lintao-xintian] [-a province=浙江] [-a level=township] [-a cms=hanweb]
        [-a registry_file=other.yaml]

From each list page it follows every link titled like a 政府信息公开工作年度报告 (and no
法治政府建设年度报告, 工作要点, 通知, 解读 or 决算), every further list page the page
announces — ``下一页`` links, TRS ``createPageHTML`` scripts, VSB count-down pages,
platform ``pageIndex=N`` pages, Hanweb ``dataproxy.jsp`` record groups, gkmlpt JSON
pages (see :mod:`crawler.cms`) — and on each report page the attachments that hold
the report.  It yields one ``DocumentItem`` per document: a page with its body, an
attachment with its URL in ``file_urls`` for the FilesPipeline
(:mod:`crawler.attachments`); the pipelines parse and store them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from typing import Any
from urllib.parse import urlparse

import scrapy
import yaml
from parsel import Selector
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from parsers.extract.html import article_text
from storage.store import now

from .. import portals as registry
from .. import settings as project_settings
from ..cms import detect, fix_encoding, gkmlpt, hanweb, trs
from ..items import DocumentItem
from ..links import attachment_links, is_attachment, is_report_title, may_hold_attachments, next_pages

# an article page with less text than this is a cover for its attachments ("详见附件")
THIN_PAGE = 300
# … unless the page's own text (outside links) is longer than this: then the parser's article guess was off
COVER_PAGE = 1000


class BadArguments(SystemExit):
    """Spider arguments that cannot work: ``scrapy crawl`` ends with this one line and exit status 1.

    ``BadArguments("start_url must be …")`` prints ``portal: start_url must be …`` (no traceback:
    a mistyped argument is an expected failure).
    """

    def __init__(self, message: str):
        super().__init__(f"portal: {message}")


def _text(response: Response) -> str:
    """The text of a response; the body read as UTF-8 when Scrapy did not take it for text (JSON, XML)."""
    return response.text if isinstance(response, TextResponse) else response.body.decode("utf-8", "replace")


def _site(url: str) -> str:
    """The domain offsite filtering allows for a list URL: its host without ``www.``."""
    host = urlparse(url).hostname or ""
    return host[4:] if host.startswith("www.") else host


class PortalSpider(scrapy.Spider):
    """Crawl one portal (``-a start_url=``) or the portals of the registry (optionally filtered)."""

    name = "portal"
    # ``PORTAL_MAX_LIST_PAGES`` of the crawl's settings (:meth:`from_crawler`); this default serves a
    # spider built without a crawler
    max_list_pages: int = project_settings.PORTAL_MAX_LIST_PAGES

    def __init__(self, start_url: str | None = None, agency: str | None = None, portal: str | None = None,
                 province: str | None = None, level: str | None = None, cms: str | None = None,
                 registry_file: str | None = None, *args: Any, **kwargs: Any):  # fmt: skip
        super().__init__(*args, **kwargs)
        self.start_url = start_url
        self.agency = agency
        if start_url:
            if not registry.is_web_url(start_url):
                raise BadArguments(f"start_url must be the http(s) address of a list page, not {start_url!r}")
            self.portals = [{"id": None, "agency": agency, "list_url": start_url, "cms": None}]
        else:
            try:
                known = registry.load(registry_file)
            except (OSError, yaml.YAMLError, registry.RegistryError) as exc:
                reason = (
                    exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc).splitlines()[0]
                )
                raise BadArguments(f"registry {registry_file or registry.REGISTRY}: {reason}") from None
            chosen = registry.select(known, portal=portal, province=province, level=level, cms=cms)
            if not chosen:
                raise BadArguments(
                    "no portal of the registry matches those filters; give a list page instead: -a start_url=URL"
                )
            self.portals = [p.context() for p in chosen]
        self.allowed_domains = sorted({_site(p["list_url"]) for p in self.portals})

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> PortalSpider:
        """Build the spider and read its settings (``PORTAL_MAX_LIST_PAGES``).

        ``PortalSpider.from_crawler(crawler, start_url="http://127.0.0.1:8002/xxgk/xxgknb/index.html")``
        """
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.max_list_pages = crawler.settings.getint("PORTAL_MAX_LIST_PAGES", cls.max_list_pages)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """One request per portal's list page (gkmlpt list URLs are JSON).

        For ``-a portal=gs-lintao-xintian``: one GET of http://www.lintao.gov.cn/col/col6924/index.html.
        """
        for portal in self.portals:
            yield scrapy.Request(portal["list_url"], callback=self.parse_list, errback=self.failed,
                                 cb_kwargs={"portal": portal, "first": True})  # fmt: skip

    # ---- list pages

    def _portal(self, portal: dict | None) -> dict:
        return portal or self.portals[0]

    def _count(self, key: str) -> None:
        crawler = getattr(self, "crawler", None)
        if crawler is not None and crawler.stats is not None:
            crawler.stats.inc_value(key)

    def parse_list(self, response: Response, portal: dict | None = None, first: bool = False,
                   seen: int = 0) -> Iterator[Any]:  # fmt: skip
        """A list page: report links, then the further list pages (and Hanweb record groups) it announces.

        A start page that is itself a report (a Hanweb ``xxgkAnnualReport.jsp`` page, a
        platform article) is stored as one.  Input: the response for
        ``http://www.laifeng.gov.cn/xxgk/gknb/xzbm/xzwj/index.html``; output: requests and items.
        """
        portal = self._portal(portal)
        if gkmlpt.is_api(response.url):
            yield from self._parse_gkmlpt(response, portal, seen)
            return
        response, encoding = fix_encoding(response)
        if not isinstance(response, TextResponse):
            if first:  # the list URL led straight to a file
                yield self._item(response, encoding, self._hints(portal, response.url, None, None, "plain"))
            return
        family = detect(response.url, response.text)
        self._count(f"portal/list_pages/{family}")
        links, _ = hanweb.find_reports(response.text, response.url, response.selector)
        for url, title, date in links:
            yield from self._follow_report(url, self._hints(portal, response.url, title, date, family))
        for url in next_pages(response.selector, response.url, self.max_list_pages):
            yield scrapy.Request(
                url, callback=self.parse_list, errback=self.failed, cb_kwargs={"portal": portal}
            )
        for jpage in hanweb.jpages(response.text, response.url):
            yield from self._hanweb_groups(jpage, portal, response.url)
        if first and not links and is_report_title(self._page_title(response.selector)):
            yield from self._article(
                response, encoding, self._hints(portal, response.url, None, None, family)
            )

    @staticmethod
    def _page_title(sel: Selector) -> str:
        for query in ("//meta[@name='ArticleTitle']/@content", "//h1//text()", "//title/text()"):
            text = " ".join(sel.xpath(query).getall()).strip()
            if text:
                return text
        return ""

    def _hints(self, portal: dict, list_url: str, title: str | None, date: str | None, family: str) -> dict:
        return {"title_hint": title, "published_hint": date, "list_url": list_url,
                "agency_hint": portal.get("agency") or self.agency, "portal": portal.get("id"),
                "cms": family}  # fmt: skip

    def _follow_report(self, url: str, hints: dict) -> Iterator[Any]:
        if is_attachment(url, hints.get("title_hint") or ""):
            yield self._attachment(url, hints)
        else:
            yield scrapy.Request(
                url, callback=self.parse_article, errback=self.failed, cb_kwargs={"hints": hints}
            )

    # ---- Hanweb record groups and gkmlpt JSON pages

    def _hanweb_groups(self, jpage: hanweb.JPage, portal: dict, list_url: str) -> Iterator[scrapy.Request]:
        for start in jpage.starts()[: self.max_list_pages]:
            yield scrapy.FormRequest(jpage.group_url(start), formdata=jpage.form, callback=self.parse_hanweb,
                                     errback=self.failed,
                                     cb_kwargs={"portal": portal, "jpage": jpage, "start": start,
                                                "list_url": list_url})  # fmt: skip

    def parse_hanweb(self, response: Response, portal: dict, jpage: hanweb.JPage, start: int,
                     list_url: str) -> Iterator[Any]:  # fmt: skip
        """A ``dataproxy.jsp`` answer: report links among its records; the next group when the total is unknown.

        Input: the answer to ``POST /module/web/jpage/dataproxy.jsp?startrecord=31&endrecord=60&perpage=10``.
        """
        response, _ = fix_encoding(response)
        text = _text(response)
        self._count("portal/list_pages/hanweb")
        links, records = hanweb.find_reports(text, response.url)
        for url, title, date in links:
            yield from self._follow_report(url, self._hints(portal, list_url, title, date, "hanweb"))
        if jpage.total is None and records >= jpage.per_page * jpage.group_size:
            following = replace(jpage, loaded=start - 1 + records, total=hanweb.total_records(text))
            yield from self._hanweb_groups(following, portal, list_url)

    def _parse_gkmlpt(self, response: Response, portal: dict, seen: int) -> Iterator[Any]:
        self._count("portal/list_pages/gkmlpt")
        links, following = gkmlpt.parse_api(_text(response), response.url, self.max_list_pages, seen)
        for url, title, date in links:
            if is_report_title(title):
                yield from self._follow_report(url, self._hints(portal, response.url, title, date, "gkmlpt"))
        if following:
            yield scrapy.Request(following, callback=self.parse_list, errback=self.failed,
                                 cb_kwargs={"portal": portal, "seen": seen + len(links)})  # fmt: skip

    # ---- report pages and attachments

    def parse_article(self, response: Response, hints: dict) -> list[Any]:
        """A report page: the page itself, and the attachments that carry the report.

        A page with attachments and next to no text of its own ("详见附件") is a cover:
        only its attachments are documents.  Otherwise the page is one, and so is each
        attachment whose link text reads like a report title.  Input: the response for
        ``…/201801/t20180115_1525116.html`` with ``hints={"title_hint": "齐都镇政府2017年…年度报告"}``.

        A list, not a generator: Scrapy reads a generator callback's source on every
        response to warn of a ``return`` with a value (its cache is keyed on the bound
        method, a new one for each request), 0.3 ms a report page.
        """
        response, encoding = fix_encoding(response)
        return list(self._article(response, encoding, hints))

    def _article(self, response: Response, encoding: str | None, hints: dict) -> Iterator[Any]:
        """:meth:`parse_article` for a response whose charset :func:`fix_encoding` has already repaired."""
        if not isinstance(response, TextResponse):  # the link led straight to a file
            yield self._item(response, encoding, hints)
            return
        attachments = (
            attachment_links(response.selector, response.url)
            if may_hold_attachments(response.text, response.url)
            else []
        )
        thin = bool(attachments) and self.is_cover(response.selector)
        if not thin:
            yield self._item(response, encoding, hints)
        for url, link_text in attachments:
            if thin or is_report_title(link_text):
                yield self._attachment(url, hints)

    @staticmethod
    def is_cover(sel: Selector) -> bool:
        """True for a page that is only a cover for its attachments ("详见附件").

        The TRS body when there is one decides; otherwise both the article the parser
        would read and all text of the page outside links must be short (a metadata
        table can pass for the article on platform pages).

        >>> PortalSpider.is_cover(Selector('<div class="TRS_Editor"><p>详见附件。</p></div>'))
        True
        """
        body = trs.body_text(sel)
        if body is not None:
            return len(body) < THIN_PAGE
        if len(article_text(sel.root)) >= THIN_PAGE:
            return False
        own = sel.xpath("//body//text()[not(ancestor::a or ancestor::script or ancestor::style)]").getall()
        return len("".join("".join(own).split())) < COVER_PAGE

    def _attachment(self, url: str, hints: dict) -> DocumentItem:
        self._count("portal/attachments")
        return DocumentItem(url=url, body=b"", file_urls=[url], fetched_at=now(), **hints)

    def _item(self, response: Response, encoding: str | None, hints: dict) -> DocumentItem:
        """The item of a response already repaired by :func:`fix_encoding` (``encoding``: the charset it gave)."""
        content_type = response.headers.get("Content-Type", b"").decode("latin-1") or None
        return DocumentItem(url=response.url, body=response.body, content_type=content_type, encoding=encoding,
                            fetched_at=now(), **hints)  # fmt: skip

    def failed(self, failure: Failure) -> Iterator[DocumentItem]:
        """Errback: a page that could not be had (404, 500 after retries, timeout, DNS) is logged and counted.

        Input: the Failure of ``GET …/t20170120_1000001.html`` (404); counted as ``portal/failed/404``.
        """
        request = getattr(failure, "request", None)
        reason = failure.value.__class__.__name__
        status = getattr(getattr(failure.value, "response", None), "status", None)
        self._count(f"portal/failed/{status or reason}")
        self.logger.warning("could not fetch %s: %s", getattr(request, "url", "?"), status or failure.value)
        if request is not None:  # recorded in `errors` by the pipelines; the crawl goes on
            hints = request.cb_kwargs.get("hints") or {}
            portal = request.cb_kwargs.get("portal")
            yield DocumentItem(url=request.url, body=b"", error=f"download failed: HTTP {status}" if status
                               else f"download failed: {reason}: {str(failure.value)[:200]}",
                               portal=hints.get("portal") or (portal.get("id") if isinstance(portal, dict) else None),
                               list_url=hints.get("list_url"))  # fmt: skip
