"""The ``portal`` spider: one disclosure portal's annual-report column, all its pages.

    scrapy crawl portal -a start_url=http://127.0.0.1:8002/xxgk/xxgknb/index.html \\
        [-a agency=明湖区人民政府] -s REPORTS_DB=data/reports.db

From the list page it follows every link titled like a 政府信息公开工作年度报告
(and no 法治政府建设年度报告, 工作要点, 通知 or 解读), every further list
page, and on each report page the attachments that hold the report.  It
yields one ``DocumentItem`` per document; the pipelines parse and store it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlparse

import scrapy
from scrapy.http import Response

from parsers.extract.html import article_text

from ..items import DocumentItem
from ..links import ATTACHMENT, attachment_links, is_report_title, next_pages, report_links

# an article page with less text than this is a cover for its attachments ("详见附件")
THIN_PAGE = 300


class PortalSpider(scrapy.Spider):
    name = "portal"

    def __init__(self, start_url: str | None = None, agency: str | None = None, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not start_url:
            raise ValueError("give the portal's annual-report list page: -a start_url=URL")
        self.start_url = start_url
        self.agency = agency
        self.allowed_domains = [urlparse(start_url).hostname or ""]

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(self.start_url, callback=self.parse_list)

    def parse_list(self, response: Response):
        """A list page: report links, then the next list pages."""
        if not hasattr(response, "selector"):
            return
        for url, title, date in report_links(response.selector, response.url):
            hints = {"title_hint": title, "published_hint": date, "list_url": response.url}
            if ATTACHMENT.search(url):
                yield scrapy.Request(url, callback=self.parse_document, cb_kwargs={"hints": hints})
            else:
                yield scrapy.Request(url, callback=self.parse_article, cb_kwargs={"hints": hints})
        for url in next_pages(response.selector, response.url):
            yield scrapy.Request(url, callback=self.parse_list)

    def parse_article(self, response: Response, hints: dict):
        """A report page: the page itself, and the attachments that carry the report."""
        if not hasattr(response, "selector"):  # the link led straight to a file
            yield self._item(response, hints)
            return
        thin = len(article_text(response.selector.root)) < THIN_PAGE
        if not thin:
            yield self._item(response, hints)
        for url, text in attachment_links(response.selector, response.url):
            if thin or is_report_title(text):
                yield scrapy.Request(url, callback=self.parse_document, cb_kwargs={"hints": hints})

    def parse_document(self, response: Response, hints: dict):
        """An attachment (.docx, .pdf …) or any other document reached directly."""
        yield self._item(response, hints)

    def _item(self, response: Response, hints: dict) -> DocumentItem:
        content_type = response.headers.get("Content-Type", b"").decode("latin-1") or None
        encoding = None
        if content_type and "charset=" in content_type:
            encoding = content_type.split("charset=")[-1].split(";")[0].strip()
        return DocumentItem(
            url=response.url,
            body=response.body,
            content_type=content_type,
            encoding=encoding,
            agency_hint=self.agency,
            fetched_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
            **hints,
        )
