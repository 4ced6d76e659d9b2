"""The storage worker: one process that parses and stores the crawl's documents.

Parsing a report and writing it to SQLite is Python work that holds the
interpreter's lock; done in the crawl's process it takes turns with Scrapy's
own work and slows the downloads.  ``StorageWorker`` runs
``storage.ingest`` in a single child process instead (one writer, so the
documents are stored in the order they arrive).  The crawl hands a document
over and goes on (``submit``); the outcome arrives later as a future.  The
child parses each document as it comes and stores those that came together
in one commit (``storage.ingest_many``), so a child that falls behind
catches up: a commit per document would cost about as much again.

The child is forked from the crawl (the parser is imported already; it starts
in milliseconds) and opens its own connection to the database.  The two talk
over a socket pair, length-prefixed pickles each way; on the crawl's side the
socket belongs to its asyncio loop, so sending a large attachment never blocks
the downloads and no helper thread competes for the interpreter.  The child
leaves when the crawl closes the socket — also when the crawl's process dies:
a crawl killed with ``kill -9`` leaves no worker behind, and the group being
written at that moment is finished (or, if the child dies too, rolled back
whole by SQLite: those documents are fetched again by the next run).
"""

from __future__ import annotations

import asyncio
import collections
import gc
import multiprocessing
import os
import pickle
import select
import socket
import struct
import time

import storage

_HEADER = struct.Struct("!Q")  # the length of the pickle that follows
# documents stored in one commit: at most GROUP, the first waiting at most LINGER seconds for the others
GROUP = 16
LINGER = 0.05


class WorkerDied(RuntimeError):
    """The worker process ended while it held a document (killed, or crashed in native code)."""


class StorageWorker:
    """Parse and store documents in a child process: ``outcome = await (await worker.submit(doc))``.

    ``StorageWorker("data/reports.db", "data/raw", run_id=3, niceness=0)`` — the arguments
    of ``storage.ingest`` that stay the same for a whole crawl, and how far below the crawl's
    CPU priority the child runs (``os.nice``).
    """

    def __init__(self, db_path: str, raw_dir: str | None, run_id: int | None, niceness: int = 0):
        self.args = (db_path, raw_dir, run_id, niceness)
        self.pid: int | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        self._sock: socket.socket | None = None
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        self._pending: collections.deque[tuple[asyncio.Future, str]] = collections.deque()

    def start(self) -> None:
        """Fork the child and wait until it has opened the database."""
        ours, theirs = socket.socketpair()
        process = multiprocessing.get_context("fork").Process(
            target=_serve, args=(theirs, ours, *self.args), name="storage-worker", daemon=True
        )
        process.start()
        theirs.close()
        ready = _receive(ours)
        if ready is None:
            raise WorkerDied(f"storage worker could not start: {self.args[0]}")
        self._process, self._sock, self.pid = process, ours, ready

    async def submit(self, doc: dict) -> asyncio.Future:
        """Hand a document (see ``storage.ingest``) to the child; returns the future of its outcome.

        The crawl goes on at once: ``answer = await worker.submit(doc)``, later ``outcome = await answer``.
        The future fails with ``WorkerDied`` when the child ends before answering; a new child is
        started for the next document.
        """
        if self._sock is None:
            self.start()
        if self._streams is None:
            self._sock.setblocking(False)
            self._streams = await asyncio.open_connection(sock=self._sock)
            asyncio.ensure_future(self._read_answers(self._streams[0]))
        answer = asyncio.get_running_loop().create_future()
        self._pending.append((answer, doc["url"]))
        data = pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL)
        writer = self._streams[1]
        try:
            writer.write(_HEADER.pack(len(data)))
            writer.write(data)
            await writer.drain()
        except ConnectionError:  # the child is gone: ours fails with the others it held
            self._ended()
        return answer

    async def _read_answers(self, reader: asyncio.StreamReader) -> None:
        try:
            while True:
                (size,) = _HEADER.unpack(await reader.readexactly(_HEADER.size))
                kind, value = pickle.loads(await reader.readexactly(size))
                answer, _url = self._pending.popleft()
                if answer.done():
                    continue
                if kind == "ok":
                    answer.set_result(value)
                else:
                    answer.set_exception(value)
        except (asyncio.IncompleteReadError, ConnectionError):
            self._ended()

    def _ended(self) -> None:
        """The child is gone: every document it held fails, the next one starts a new child."""
        while self._pending:
            answer, url = self._pending.popleft()
            if not answer.done():
                answer.set_exception(WorkerDied(f"storage worker ended while storing {url}"))
        self.close()

    def end_input(self) -> None:
        """Tell the child no document follows: it stores what it holds at once and answers (then leaves)."""
        if self._streams is not None and not self._streams[1].is_closing():
            try:
                self._streams[1].write_eof()
            except OSError:  # the child is gone already
                pass

    def close(self) -> None:
        """Close the socket (the child finishes what it holds and leaves) and wait for the child."""
        if self._sock is not None:
            try:  # at once: the loop that owns the socket may not run again before we wait
                self._sock.shutdown(socket.SHUT_RDWR)
            except OSError:  # already closed by the other end
                pass
            if self._streams is not None:
                self._streams[1].close()
            else:
                self._sock.close()
        if self._process is not None:
            self._process.join(timeout=60)
        self._process = self._sock = self._streams = self.pid = None


def _serve(sock: socket.socket, parents_end: socket.socket, db_path: str, raw_dir: str | None,
           run_id: int | None, niceness: int = 0) -> None:  # fmt: skip
    """In the child: answer each document with what ``storage.ingest`` did, until the socket closes.

    Documents are parsed as they come and stored in groups (``storage.ingest_many``:
    one commit, each document its own savepoint): a group closes at ``GROUP``
    documents, or ``LINGER`` seconds after its first, or when the crawl stops.
    One commit per document would cost about as much again as writing the document.
    """
    parents_end.close()  # so that the parent's death closes the pair for us
    os.nice(niceness)  # STORAGE_NICENESS: how far below the crawl's CPU priority
    gc.freeze()  # the crawl's objects, inherited: never scanned here, so never copied by the collector
    db = storage.open_db(db_path)
    _send(sock, os.getpid())
    open_ = True
    while open_:
        group: list[dict] = []
        deadline = 0.0
        while len(group) < GROUP and (not group or _readable(sock, deadline - time.monotonic())):
            doc = _receive(sock)
            if doc is None:  # the crawl has closed the socket: store what came, then leave
                open_ = False
                break
            group.append(storage.parsed(doc))
            deadline = deadline or time.monotonic() + LINGER
        if not group:
            break
        try:
            answers = storage.ingest_many(db, group, raw_dir, run_id)
        except Exception as exc:  # the group's commit failed: every document of it fails
            answers = [("error", exc)] * len(group)
        try:
            for kind, value in answers:  # handed to the crawl, which records an error for the item
                _send(
                    sock,
                    (kind, value if kind == "ok" else RuntimeError(f"{value.__class__.__name__}: {value}")),
                )
        except OSError:  # the crawl is gone
            break
    db.close()


def _readable(sock: socket.socket, timeout: float) -> bool:
    """True when the socket has data within ``timeout`` seconds (at once when it is 0 or less)."""
    return bool(select.select([sock], [], [], max(timeout, 0))[0])


def _send(sock: socket.socket, value: object) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    sock.sendall(_HEADER.pack(len(data)) + data)


def _receive(sock: socket.socket) -> object | None:
    """The next pickle from a blocking socket; None when the other end has closed it."""
    head = _exactly(sock, _HEADER.size)
    if head is None:
        return None
    body = _exactly(sock, _HEADER.unpack(head)[0])
    return None if body is None else pickle.loads(body)


def _exactly(sock: socket.socket, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
