"""The document item: one fetched file that may hold an annual report."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class DocumentItem:
    """A fetched report page or attachment, with what the portal told us about it.

    ``DocumentItem(url="http://127.0.0.1:8002/xxgk/xxgknb/201801/t20180131_1538207.html",
    body=b"<html>…", title_hint="市政务服务中心管理办公室2017年政府信息公开工作年度报告")``

    An attachment (.docx, .pdf …) leaves the spider with an empty ``body`` and its URL
    in ``file_urls``; ``crawler.attachments.AttachmentsPipeline`` (Scrapy's FilesPipeline)
    downloads it, records the stored file in ``files`` and fills ``body`` from it.
    """

    url: str
    body: bytes
    content_type: str | None = None  # the header as sent; never trusted for the kind
    encoding: str | None = None  # charset the bytes are in (header, or corrected when the header lies)
    title_hint: str | None = None  # link text on the list page
    published_hint: str | None = None  # date printed beside the link
    agency_hint: str | None = None  # from the registry or `-a agency=`
    list_url: str | None = None
    fetched_at: str | None = None
    report: dict | None = field(default=None, repr=False)  # set by ParsePipeline
    error: str | None = None  # set by ParsePipeline when the file cannot be parsed
    portal: str | None = None  # registry id (crawler/portals.yaml) of the portal it came from
    cms: str | None = None  # CMS family of the list page that linked it (crawler.cms.FAMILIES)
    file_urls: list[str] = field(default_factory=list)  # for FilesPipeline: attachment to download
    files: list[dict] = field(default_factory=list, repr=False)  # FilesPipeline's result: url, path, checksum
