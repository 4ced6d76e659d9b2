"""The storage worker: one process that parses and stores the crawl's documents.

Parsing a report and writing it to SQLite is Python work that holds the
interpreter's lock; done in the crawl's process it takes turns with Scrapy's
own work and slows the downloads.  ``StorageWorker`` runs
``storage.ingest`` in a single child process instead (one writer, so the
documents are stored in the order they arrive), and the crawl awaits the
outcome as it awaits a download.

The child is forked from the crawl (the parser is imported already; it starts
in milliseconds) and opens its own connection to the database.  It leaves when
the crawl closes it, and also when the crawl's process dies: a crawl killed
with ``kill -9`` leaves no worker behind, and a report being written at that
moment is rolled back whole by SQLite, as in the crawl's own process.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import wait

import sqlite_utils

import storage

_db: sqlite_utils.Database | None = None
_raw_dir: str | None = None
_run_id: int | None = None


class WorkerDied(RuntimeError):
    """The worker process ended while it held a document (killed, or crashed in native code)."""


class StorageWorker:
    """Parse and store documents in a child process: ``await worker.ingest(doc)``.

    ``StorageWorker("data/reports.db", "data/raw", run_id=3)`` — the arguments
    of ``storage.ingest`` that stay the same for a whole crawl.
    """

    def __init__(self, db_path: str, raw_dir: str | None, run_id: int | None):
        self.args = (db_path, raw_dir, run_id)
        self._pool: ProcessPoolExecutor | None = None

    def start(self) -> None:
        """Fork the child and wait until it has opened the database."""
        self._pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_open,
            initargs=self.args,
        )
        self._pool.submit(os.getpid).result()

    async def ingest(self, doc: dict) -> dict:
        """``storage.ingest`` of one fetched document (see there for ``doc``), run in the child.

        Raises ``WorkerDied`` when the child ended before answering; a new one is
        started for the next document.
        """
        if self._pool is None:
            self.start()
        try:
            return await asyncio.wrap_future(self._pool.submit(_ingest, doc))
        except BrokenProcessPool as exc:
            self._pool.shutdown(wait=False)
            self._pool = None
            raise WorkerDied(f"storage worker ended while storing {doc['url']}") from exc

    def close(self) -> None:
        """Let the child finish what it holds, then end it."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None


def _open(db_path: str, raw_dir: str | None, run_id: int | None) -> None:
    """In the child: open the database and leave as soon as the crawl's process is gone."""
    global _db, _raw_dir, _run_id
    _db, _raw_dir, _run_id = storage.open_db(db_path), raw_dir, run_id
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel,), daemon=True).start()


def _exit_with(sentinel: int) -> None:
    wait([sentinel])
    os._exit(0)  # the parent is dead: nobody will read our answers


def _ingest(doc: dict) -> dict:
    return storage.ingest(_db, doc, _raw_dir, _run_id)
