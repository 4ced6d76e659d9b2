"""Report attachments (.doc .docx .pdf .xls .xlsx .wps) through Scrapy's FilesPipeline.

The spider yields an attachment as a ``DocumentItem`` with an empty ``body`` and the
file's URL in ``file_urls``.  ``AttachmentsPipeline`` downloads it (through the same
downloader middlewares as pages: robots.txt, retries, timeouts, the user agent), keeps
it under ``FILES_STORE`` (default: ``files/`` beside ``REPORTS_DB``, or a temporary
folder when nothing is stored), records it in ``files`` and fills ``body`` from the
stored file, so ``ParsePipeline`` and ``SQLitePipeline`` see it like any page.  An
attachment that cannot be downloaded (404, 500 after retries, timeout, robots.txt)
is counted in ``attachments/failed`` and handed on with ``error`` set, so that it is
recorded in the ``errors`` table while the crawl goes on.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.pipelines.files import FilesPipeline, FSFilesStore
from scrapy.pipelines.media import MediaPipeline


def files_store(settings: Any) -> str:
    """Where attachments are kept: ``FILES_STORE``, else ``files/`` beside ``REPORTS_DB``, else a temp folder.

    >>> files_store({"FILES_STORE": "", "REPORTS_DB": "data/reports.db"})
    'data/files'
    """
    if settings.get("FILES_STORE"):
        return str(settings.get("FILES_STORE"))
    if settings.get("REPORTS_DB"):
        return str(Path(settings.get("REPORTS_DB")).parent / "files")
    return tempfile.mkdtemp(prefix="portal-files-")


class AttachmentsPipeline(FilesPipeline):
    """FilesPipeline that hands the downloaded bytes on in the item's ``body``."""

    LOG_FAILED_RESULTS = False  # FilesPipeline already warns once per failed file; no traceback

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AttachmentsPipeline:
        """Build the pipeline; ``FILES_STORE`` defaults as :func:`files_store` says.

        With ``-s REPORTS_DB=/tmp/r.db`` attachments are kept in ``/tmp/files/full/<sha1>.<ext>``.
        """
        if not crawler.settings.getbool("ATTACHMENTS_ENABLED", True):
            raise NotConfigured("ATTACHMENTS_ENABLED is off: attachments are not downloaded")
        cls._update_stores(crawler.settings)
        pipeline = cls(files_store(crawler.settings), crawler=crawler)
        if not isinstance(pipeline.store, FSFilesStore):
            raise NotConfigured("FILES_STORE must be a local folder: the parser reads attachments from disk")
        return pipeline

    async def process_item(self, item: Any, spider: Any = None) -> Any:
        """A page (no ``file_urls``) goes on untouched; an attachment is downloaded as FilesPipeline does.

        Input: ``DocumentItem(url=u, body=b"", file_urls=[u])`` for ``…/P020180115123456.docx``.
        """
        if not getattr(item, "file_urls", None):
            return item
        return await super().process_item(item)

    def get_media_requests(self, item: Any, info: MediaPipeline.SpiderInfo) -> list[Request]:
        """One request per attachment URL, sent with the page that linked it as Referer (some servers want it).

        Input: ``DocumentItem(url=u, body=b"", file_urls=[u], list_url="http://h/xxgk/gknb/index.html")``.
        """
        requests = super().get_media_requests(item, info)
        referer = getattr(item, "list_url", None)
        for request in requests:
            if referer:
                request.headers.setdefault(b"Referer", referer.encode("utf-8"))
        return requests

    def file_downloaded(self, response: Response, request: Request, info: MediaPipeline.SpiderInfo, *,
                        item: Any = None) -> Any:  # fmt: skip
        """Store the file as FilesPipeline does, remembering the Content-Type the server sent.

        Input: the 200 response for ``…/P020180115123456.docx``; the item's ``content_type`` becomes its header.
        """
        if item is not None and hasattr(item, "content_type"):
            item.content_type = response.headers.get(b"Content-Type", b"").decode("latin-1") or None
        return super().file_downloaded(response, request, info, item=item)

    def item_completed(self, results: list, item: Any, info: MediaPipeline.SpiderInfo) -> Any:
        """Fill ``body`` from the stored file; set ``error`` when its file could not be had.

        Input: ``[(True, {"url": u, "path": "full/3f….docx", "checksum": …})]`` and the item of ``u``.
        """
        item = super().item_completed(results, item, info)
        wanted = list(getattr(item, "file_urls", None) or [])
        if not wanted or getattr(item, "body", b""):
            return item
        files = getattr(item, "files", None) or []
        if not files:
            self.crawler.stats.inc_value("attachments/failed")
            reasons = "; ".join(str(getattr(r, "value", r)) for ok, r in results if not ok)
            # handed on with its reason, so that the crawl records it in `errors` and goes on
            item.error = f"attachment not downloaded: {reasons or 'no file'}"
            return item
        item.body = (Path(self.store.basedir) / files[0]["path"]).read_bytes()
        self.crawler.stats.inc_value("attachments/stored")
        return item
