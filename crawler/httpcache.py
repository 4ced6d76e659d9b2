"""An HTTP cache storage that a ``kill -9`` cannot leave half-written.

Scrapy's ``FilesystemCacheStorage`` writes a cached response as several files
in turn, and counts an entry as present once its metadata is written: a crawl
killed in between leaves a truncated body that a later run would take for the
page (a conditional request answered 304 reuses it).  This storage writes the
files into a temporary folder and renames it into place, so an entry is
either complete or absent.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from scrapy import Request, Spider
from scrapy.extensions.httpcache import FilesystemCacheStorage
from scrapy.http import Response


class AtomicFilesystemCacheStorage(FilesystemCacheStorage):
    """``HTTPCACHE_STORAGE = "crawler.httpcache.AtomicFilesystemCacheStorage"``."""

    def store_response(self, spider: Spider, request: Request, response: Response) -> None:
        final = Path(self._get_request_path(spider, request))
        final.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=final.parent))
        try:
            # let the parent class write every file of the entry into the staging folder
            real = self._get_request_path
            self._get_request_path = lambda spider, request: str(staging)  # type: ignore[method-assign]
            try:
                super().store_response(spider, request, response)
            finally:
                self._get_request_path = real  # type: ignore[method-assign]
            if final.exists():
                shutil.rmtree(final)  # a kill here only loses the entry: the next run fetches anew
            os.replace(staging, final)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
